package io.asyncio4j.mistakes;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.exceptions.KeyboardInterrupt;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * asyncio.Runner's second Ctrl-C (3.11+): the first cancels the main task; a second one while its cleanup runs
 * raises KeyboardInterrupt out of run(), and the runner's close() still cancels and finishes the tasks left, so
 * the cleanup's own finally blocks run before the JVM exits. Run in a child JVM (which signals itself), so a
 * regression that lets the JVM's default handler kill the process fails this test instead of the test JVM.
 */
class SecondCtrlCTest {
    @Test
    void aSecondCtrlCRaisesKeyboardInterruptAndFinallyBlocksStillRun() throws Exception {
        Assumptions.assumeFalse(sigintIgnored(),
                "this test JVM ignores SIGINT since its start (run in the background?): Ctrl-C cannot be tested");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TwoCtrlC.class.getName())
                .redirectErrorStream(true).start();
        boolean ended = child.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ended, "the child JVM hung: " + out);
        assertEquals("cleanup started\ninner finally ran\nKeyboardInterrupt\n", out);
        assertEquals(0, child.exitValue());
    }

    /** True when this process ignores SIGINT since its start (SigIgn bit 2 in /proc/self/status). */
    private static boolean sigintIgnored() throws java.io.IOException {
        String line = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow();
        return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 2L) != 0;
    }

    /** The child: a main task whose cleanup (itself awaiting) is interrupted by the second Ctrl-C. */
    static final class TwoCtrlC {
        private static CompletionStage<Integer> ctrlC() {
            return createSubprocessExec("kill", "-s", "INT", Long.toString(ProcessHandle.current().pid()))
                    .thenCompose(p -> p.await());
        }

        public static void main(String[] args) {
            try {
                Asyncio.run(() -> finallyAwait(ctrlC().thenCompose(x -> sleep(60)), () -> {
                    System.out.println("cleanup started");
                    return finallyAwait(ctrlC().thenCompose(x -> sleep(60)), () -> {
                        System.out.println("inner finally ran");
                        return sleep(0);
                    });
                }));
                System.out.println("returned (unexpected)");
            } catch (KeyboardInterrupt e) {
                System.out.println("KeyboardInterrupt");
            }
            System.out.flush();
        }
    }
}
