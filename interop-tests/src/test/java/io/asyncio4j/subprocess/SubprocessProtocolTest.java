package io.asyncio4j.subprocess;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.net.ReadTransport;
import io.asyncio4j.engine.net.SubprocessProtocol;
import io.asyncio4j.engine.net.SubprocessTransport;
import io.asyncio4j.engine.net.TransportPair;
import io.asyncio4j.engine.net.WriteTransport;
import io.asyncio4j.engine.subprocess.ProcessLookupError;
import io.asyncio4j.engine.subprocess.ProcessOptions;
import io.asyncio4j.engine.task.Coroutine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import static io.asyncio4j.Asyncio.*;
import static io.asyncio4j.engine.subprocess.Stdio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * loop.subprocessExec/subprocessShell with a SubprocessProtocol, on real children (sh, cat, sleep, head). The
 * traces are checked against base_subprocess's grammar (CPython 3.13 interleaves the pipes and the exit
 * differently from run to run, so the tests check the order rules, not one interleaving).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessProtocolTest {
    /** Records every callback as a line, Python-style; [done] completes on connectionLost. */
    static class Recorder implements SubprocessProtocol {
        final List<String> log = new ArrayList<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Future<Void> done = getRunningLoop().createFuture();
        SubprocessTransport transport;
        int pauses, resumes;

        @Override public void connectionMade(SubprocessTransport t) { transport = t; log.add("connection_made"); }
        @Override public void pipeDataReceived(int fd, byte[] data) {
            log.add("pipe_data_received " + fd);
            (fd == 1 ? out : err).writeBytes(data);
        }
        @Override public void pipeConnectionLost(int fd, Throwable exc) { log.add("pipe_connection_lost " + fd + " " + exc); }
        @Override public void processExited() { log.add("process_exited rc=" + transport.getReturncode()); }
        @Override public void connectionLost(Throwable exc) { log.add("connection_lost " + exc); done.setResult(null); }
        @Override public void pauseWriting() { pauses++; }
        @Override public void resumeWriting() { resumes++; }
    }

    private static <T> T runReal(Coroutine<T> main) {
        EventLoop loop = Asyncio.newEventLoop();
        List<Map<String, ?>> errors = new ArrayList<>();
        loop.setExceptionHandler((l, context) -> errors.add(context));
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
            assertEquals(List.of(), errors, "unhandled errors");
        }
    }

    /** base_subprocess's order: connection_made first; each fd's data before its lost; connection_lost last. */
    private static void assertGrammar(List<String> log, int... fds) {
        assertEquals("connection_made", log.get(0), log.toString());
        assertEquals("connection_lost null", log.get(log.size() - 1), log.toString());
        assertEquals(1, log.stream().filter(l -> l.startsWith("process_exited")).count(), log.toString());
        for (int fd : fds) {
            int lost = log.indexOf("pipe_connection_lost " + fd + " null");
            assertTrue(lost > 0, "pipe_connection_lost " + fd + " missing: " + log);
            assertEquals(lost, log.lastIndexOf("pipe_connection_lost " + fd + " null"), log.toString());
            assertTrue(log.lastIndexOf("pipe_data_received " + fd) < lost, log.toString());
        }
        assertEquals(fds.length, log.stream().filter(l -> l.startsWith("pipe_connection_lost")).count(), log.toString());
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shellWithThreePipesFollowsBaseSubprocessOrder() {
        runReal(() -> {
            Recorder p = new Recorder();
            return getRunningLoop().subprocessShell(() -> p, "echo out; echo err 1>&2; exit 4").thenCompose(tp -> {
                assertSame(p, tp.protocol());
                SubprocessTransport t = tp.transport();
                // connectionMade ran before the call returned (calls queued meanwhile may follow it at once; the
                // child may even have exited already, as with CPython).
                assertEquals("connection_made", p.log.get(0), p.log.toString());
                assertTrue(t.getPid() > 0);
                assertInstanceOf(WriteTransport.class, t.getPipeTransport(0));
                assertInstanceOf(ReadTransport.class, t.getPipeTransport(1));
                assertInstanceOf(ReadTransport.class, t.getPipeTransport(2));
                assertNull(t.getPipeTransport(3));
                assertInstanceOf(java.lang.Process.class, t.getExtraInfo("subprocess"));
                return p.done.thenApply(x -> {
                    assertGrammar(p.log, 0, 1, 2);
                    assertTrue(p.log.contains("process_exited rc=4"), p.log.toString());
                    assertEquals("out\n", text(p.out));
                    assertEquals("err\n", text(p.err));
                    assertEquals(4, t.getReturncode());
                    assertFalse(t.isClosing(), "only close() makes it closing, as in asyncio");
                    t.close();
                    assertTrue(t.isClosing());
                    return null;
                });
            });
        });
    }

    @Test
    void catEchoesWhatTheStdinPipeTransportWrites() {
        runReal(() -> {
            Recorder p = new Recorder();
            return getRunningLoop().subprocessExec(() -> p, "cat").thenCompose(tp -> {
                WriteTransport stdin = (WriteTransport) tp.transport().getPipeTransport(0);
                stdin.write("hello ".getBytes());
                stdin.writelines(List.of("pipe".getBytes()));
                stdin.close();
                return p.done;
            }).thenApply(x -> {
                assertGrammar(p.log, 0, 1, 2);
                assertTrue(p.log.contains("process_exited rc=0"), p.log.toString());
                assertEquals("hello pipe", text(p.out));
                assertEquals("", text(p.err));
                return null;
            });
        });
    }

    @Test
    void noPipesGiveConnectionMadeProcessExitedConnectionLost() {
        runReal(() -> {
            Recorder p = new Recorder();
            ProcessOptions inherit = new ProcessOptions().stdin(INHERIT).stdout(DEVNULL).stderr(INHERIT);
            return getRunningLoop().subprocessShell(() -> p, "exit 3", inherit).thenCompose(tp -> {
                assertNull(tp.transport().getPipeTransport(0));
                assertNull(tp.transport().getPipeTransport(1));
                return p.done;
            }).thenApply(x -> {
                assertEquals(List.of("connection_made", "process_exited rc=3", "connection_lost null"), p.log);
                return null;
            });
        });
    }

    @Test
    void mergedStderrIsOnePipe() {
        runReal(() -> {
            Recorder p = new Recorder();
            ProcessOptions opts = new ProcessOptions().stdin(DEVNULL).stdout(PIPE).stderr(STDOUT);
            return getRunningLoop().subprocessShell(() -> p, "printf x; printf y >&2; exit 2", opts)
                    .thenCompose(tp -> p.done)
                    .thenApply(x -> {
                        assertGrammar(p.log, 1);
                        assertEquals("xy", text(p.out));
                        assertTrue(p.log.contains("process_exited rc=2"), p.log.toString());
                        return null;
                    });
        });
    }

    @Test
    void killThenSignalsRaiseProcessLookupErrorOnceFinished() {
        runReal(() -> {
            Recorder p = new Recorder();
            return getRunningLoop().subprocessExec(() -> p, "sleep", "30").thenCompose(tp -> {
                SubprocessTransport t = tp.transport();
                IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> t.sendSignal(99));
                assertEquals("invalid signal number: 99", bad.getMessage());
                t.kill();
                return p.done.thenApply(x -> {
                    assertGrammar(p.log, 0, 1, 2);
                    assertTrue(p.log.contains("process_exited rc=-9"), p.log.toString());
                    assertEquals(-9, t.getReturncode());
                    assertThrows(ProcessLookupError.class, () -> t.sendSignal(15));
                    assertThrows(ProcessLookupError.class, t::terminate);
                    t.close();
                    return null;
                });
            });
        });
    }

    @Test
    void sendSignalByNumberGivesMinusTheSignal() {
        runReal(() -> {
            Recorder p = new Recorder();
            return getRunningLoop().subprocessExec(() -> p, new ProcessOptions(), "sleep", "30").thenCompose(tp -> {
                tp.transport().sendSignal(15);
                return p.done.thenApply(x -> {
                    assertEquals(List.of("connection_made", "process_exited rc=-15", "connection_lost null"), p.log);
                    return null;
                });
            });
        });
    }

    @Test
    void closeClosesThePipesAndKillsTheChild() {
        runReal(() -> {
            Recorder p = new Recorder();
            return getRunningLoop().subprocessExec(() -> p, "sleep", "30").thenCompose(tp -> {
                tp.transport().close();
                assertTrue(tp.transport().isClosing());
                assertTrue(tp.transport().getPipeTransport(1).isClosing());
                return p.done;
            }).thenApply(x -> {
                assertGrammar(p.log, 0, 1, 2);
                assertTrue(p.log.contains("process_exited rc=-9"), p.log.toString());
                return null;
            });
        });
    }

    @Test
    void stdinFlowControlPausesAndResumesTheProtocol() {
        runReal(() -> {
            Recorder p = new Recorder();
            return getRunningLoop().subprocessShell(() -> p, "cat > /dev/null").thenCompose(tp -> {
                WriteTransport stdin = (WriteTransport) tp.transport().getPipeTransport(0);
                assertArrayEquals(new int[] {16 * 1024, 64 * 1024}, stdin.getWriteBufferLimits());
                stdin.write(new byte[1 << 20]);
                assertEquals(1, p.pauses, "over the high-water mark: pause_writing");
                assertEquals(1 << 20, stdin.getWriteBufferSize());
                stdin.close();
                stdin.write(new byte[10]); // after close: dropped, as asyncio drops it
                return p.done;
            }).thenApply(x -> {
                assertEquals(1, p.resumes, "drained to the low-water mark: resume_writing");
                assertGrammar(p.log, 0, 1, 2);
                return null;
            });
        });
    }

    @Test
    void pausedStdoutPipeDeliversNothingUntilResumed() {
        runReal(() -> {
            Recorder p = new Recorder() {
                @Override public void connectionMade(SubprocessTransport t) {
                    super.connectionMade(t);
                    ((ReadTransport) t.getPipeTransport(1)).pauseReading(); // before any data
                }
            };
            ProcessOptions opts = new ProcessOptions().stdin(DEVNULL).stdout(PIPE).stderr(DEVNULL);
            return getRunningLoop().subprocessShell(() -> p, "head -c 1048576 /dev/zero", opts).thenCompose(tp -> {
                ReadTransport out = (ReadTransport) tp.transport().getPipeTransport(1);
                assertFalse(out.isReading());
                return sleep(0.2).thenCompose(x -> {
                    assertEquals(0, p.out.size(), "no pipe_data_received while paused");
                    out.resumeReading();
                    assertTrue(out.isReading());
                    return p.done;
                });
            }).thenApply(x -> {
                assertEquals(1 << 20, p.out.size());
                assertGrammar(p.log, 1);
                return null;
            });
        });
    }

    @Test
    void missingProgramFailsAndNullArgumentsAreNamed() {
        runReal(() -> {
            EventLoop loop = getRunningLoop();
            NullPointerException npe = assertThrows(NullPointerException.class,
                    () -> loop.subprocessShell(Recorder::new, null));
            assertTrue(String.valueOf(npe.getMessage()).contains("cmd"), npe.getMessage());
            CompletionStage<TransportPair<SubprocessTransport, Recorder>> missing =
                    loop.subprocessExec(Recorder::new, "/nonexistent/program-xyz");
            return missing.handle((tp, e) -> {
                assertInstanceOf(IOException.class, unwrap(e));
                return null;
            });
        });
    }
}
