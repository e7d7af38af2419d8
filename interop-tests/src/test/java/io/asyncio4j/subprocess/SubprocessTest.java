package io.asyncio4j.subprocess;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.subprocess.Process;
import io.asyncio4j.engine.subprocess.ProcessOptions;
import io.asyncio4j.engine.subprocess.ProcessOutput;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.asyncio4j.Asyncio.*;
import static io.asyncio4j.engine.subprocess.Stdio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Real child processes (sh, cat, printf, sleep), on a real-time loop, each test bounded in time. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessTest {
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

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void execReadsStdoutAndWaitsForTheExitStatus() {
        runReal(() -> createSubprocessExec(new ProcessOptions().stdout(PIPE), "printf", "hello\\nworld\\n")
                .thenCompose(p -> p.stdout().readline().thenCompose(line -> {
                    assertEquals("hello\n", text(line));
                    return p.stdout().read();
                }).thenCompose(rest -> {
                    assertEquals("world\n", text(rest));
                    return p.await();
                }).thenApply(code -> {
                    assertEquals(0, code);
                    assertEquals(0, p.returncode());
                    assertTrue(p.stdout().atEof());
                    assertNull(p.stdin());
                    return null;
                })));
    }

    @Test
    void shellExitStatusAndMergedStderr() {
        runReal(() -> createSubprocessShell("printf out; printf err >&2; exit 3",
                new ProcessOptions().stdout(PIPE).stderr(STDOUT))
                .thenCompose(p -> p.communicate().thenApply(out -> {
                    assertEquals("outerr", text(out.stdout()));
                    assertNull(out.stderr());
                    assertEquals(3, p.returncode());
                    return null;
                })));
    }

    /** A megabyte through `cat` in both directions at once: no deadlock between feeding stdin and reading. */
    @Test
    void communicateLargeInputAndOutputsWithoutDeadlock() {
        byte[] input = new byte[1 << 20];
        new Random(42).nextBytes(input);
        runReal(() -> createSubprocessShell("cat; cat /dev/null >&2; head -c 300000 /dev/zero >&2",
                new ProcessOptions().stdin(PIPE).stdout(PIPE).stderr(PIPE))
                .thenCompose(p -> p.communicate(input).thenApply(out -> {
                    assertArrayEquals(input, out.stdout());
                    assertEquals(300000, out.stderr().length);
                    assertEquals(0, p.returncode());
                    return null;
                })));
    }

    @Test
    void devnullAndInheritedStreams() {
        runReal(() -> createSubprocessExec(new ProcessOptions().stdin(DEVNULL).stdout(PIPE).stderr(DEVNULL), "cat")
                .thenCompose(p -> p.communicate().thenApply(out -> {
                    assertEquals(0, out.stdout().length);
                    assertEquals(0, p.returncode());
                    return null;
                })).thenCompose(x -> createSubprocessExec("sh", "-c", "exit 0"))
                .thenCompose(Process::await)
                .thenApply(code -> {
                    assertEquals(0, code);
                    return null;
                }));
    }

    @Test
    void writerDrainAndWriteEof() {
        runReal(() -> createSubprocessExec(new ProcessOptions().stdin(PIPE).stdout(PIPE), "cat")
                .thenCompose(p -> {
                    p.stdin().write("line one\n".getBytes(StandardCharsets.UTF_8));
                    return p.stdin().drain().thenCompose(x -> p.stdout().readline()).thenCompose(line -> {
                        assertEquals("line one\n", text(line));
                        p.stdin().writeEof();
                        assertTrue(p.stdin().isClosing());
                        return p.stdin().waitClosed();
                    }).thenCompose(x -> p.stdout().read()).thenCompose(rest -> {
                        assertEquals(0, rest.length);
                        return p.await();
                    });
                }).thenApply(code -> {
                    assertEquals(0, code);
                    return null;
                }));
    }

    @Test
    void terminateKillAndSendSignalGiveNegativeReturnCodes() {
        runReal(() -> {
            List<Integer> codes = new ArrayList<>();
            return runAndSignal("TERM", codes)
                    .thenCompose(x -> runAndSignal("KILL", codes))
                    // USR1, not INT: a child inherits an ignored SIGINT (a test JVM started in the background).
                    .thenCompose(x -> runAndSignal("USR1", codes))
                    .thenApply(x -> {
                        assertEquals(List.of(-15, -9, -10), codes);
                        return null;
                    });
        });
    }

    private static java.util.concurrent.CompletionStage<Void> runAndSignal(String sig, List<Integer> codes) {
        return createSubprocessExec("sleep", "30").thenCompose(p -> {
            assertNull(p.returncode());
            switch (sig) {
                case "TERM" -> p.terminate();
                case "KILL" -> p.kill();
                default -> p.sendSignal("SIG" + sig);
            }
            return p.await().thenAccept(code -> {
                codes.add(code);
                // after await(): the transport is finished, so asyncio raises ProcessLookupError
                assertThrows(io.asyncio4j.engine.subprocess.ProcessLookupError.class, p::kill);
            });
        });
    }

    /** Cancelling communicate() leaves the child running; kill + await then reap it: no zombie, no pipe thread. */
    @Test
    void cancellingCommunicateLeavesNoZombie() throws Exception {
        long[] pid = {0};
        runReal(() -> createSubprocessShell("exec sleep 30", new ProcessOptions().stdin(PIPE).stdout(PIPE).stderr(PIPE))
                .thenCompose(p -> {
                    pid[0] = p.pid();
                    Task<ProcessOutput> t = createTask(() -> p.communicate("ignored".getBytes()));
                    return sleep(0.2).thenCompose(x -> {
                        assertFalse(t.done());
                        t.cancel();
                        return t.handle((v, e) -> unwrap(e));
                    }).thenCompose(e -> {
                        assertInstanceOf(CancelledError.class, e);
                        assertNull(p.returncode(), "cancelling communicate does not kill the child");
                        p.kill();
                        return p.await();
                    }).thenApply(code -> {
                        assertEquals(-9, code);
                        return null;
                    });
                }));
        Path stat = Path.of("/proc/" + pid[0] + "/stat");
        for (int i = 0; i < 100 && Files.exists(stat); i++) Thread.sleep(20);
        if (Files.exists(stat)) {
            String s = Files.readString(stat);
            fail("child " + pid[0] + " still present after await: " + s);
        }
        assertFalse(ProcessHandle.of(pid[0]).map(ProcessHandle::isAlive).orElse(false));
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("asyncio4j-pipe-" + pid[0] + "-")) {
                t.join(5000);
                assertFalse(t.isAlive(), "pipe thread still running: " + t.getName());
            }
        }
    }

    @Test
    void missingProgramFailsTheStage() {
        runReal(() -> createSubprocessExec("/nonexistent/program-xyz").handle((p, e) -> {
            assertInstanceOf(IOException.class, unwrap(e));
            return null;
        }));
    }

    @Test
    void badSignalNameIsRejected() {
        runReal(() -> createSubprocessExec("sleep", "30").thenCompose(p -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.sendSignal("NOPE"));
            assertEquals("invalid signal name: NOPE", e.getMessage());
            p.kill();
            return p.await();
        }));
    }

    @Test
    void pausedReaderResumesAndDeliversEverything() {
        // 1 MiB through a 1 KiB limit: the pump pauses and resumes many times.
        runReal(() -> createSubprocessShell("head -c 1048576 /dev/zero", new ProcessOptions().stdout(PIPE).limit(1024))
                .thenCompose(p -> sleep(0.2).thenCompose(x -> p.stdout().read()).thenCompose(all -> {
                    assertEquals(1 << 20, all.length);
                    assertTrue(Arrays.equals(new byte[1 << 20], all));
                    return p.await();
                })));
    }
}
