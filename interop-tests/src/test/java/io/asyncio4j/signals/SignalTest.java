package io.asyncio4j.signals;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.exceptions.KeyboardInterrupt;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletionStage;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Signals sent to this very JVM with `kill`. Each signal is sent only after our handler is installed (else the
 * default action would end the test JVM, which also fails the build).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SignalTest {
    private static final long PID = ProcessHandle.current().pid();

    private static CompletionStage<Integer> killSelf(String sig) {
        return createSubprocessExec("kill", "-s", sig, Long.toString(PID)).thenCompose(p -> p.await());
    }

    @Test
    void handlerRunsOnTheLoopThreadAndCanBeRemoved() {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            loop.runUntilComplete(() -> {
                Thread loopThread = Thread.currentThread();
                Future<Thread> got = loop.createFuture();
                loop.addSignalHandler("SIGUSR1", () -> got.setResult(Thread.currentThread()));
                return killSelf("USR1").thenCompose(code -> {
                    assertEquals(0, code);
                    return got;
                }).thenApply(thread -> {
                    assertSame(loopThread, thread, "the handler runs on the loop thread");
                    assertTrue(loop.removeSignalHandler("USR1"));
                    assertFalse(loop.removeSignalHandler("USR1"));
                    return null;
                });
            });
        } finally {
            loop.close();
        }
    }

    /** INT, TERM, HUP, USR1 and USR2 can all be handled; each arrives on the loop thread, in its own handler. */
    @Test
    void everyCatchableSignalOfTheIssueIsDelivered() {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            java.util.List<String> got = loop.runUntilComplete(() -> {
                Thread loopThread = Thread.currentThread();
                java.util.List<String> seen = new java.util.ArrayList<>();
                CompletionStage<Void> chain = sleep(0);
                for (String sig : java.util.List.of("INT", "TERM", "HUP", "USR1", "USR2")) {
                    chain = chain.thenCompose(x -> {
                        Future<String> arrived = loop.createFuture();
                        loop.addSignalHandler(sig, () -> {
                            assertSame(loopThread, Thread.currentThread());
                            if (!arrived.done()) arrived.setResult(sig);
                        });
                        return killSelf(sig).thenCompose(code -> arrived).thenAccept(name -> {
                            seen.add(name);
                            assertTrue(loop.removeSignalHandler(sig));
                        });
                    });
                }
                return chain.thenApply(x -> seen);
            });
            assertEquals(java.util.List.of("INT", "TERM", "HUP", "USR1", "USR2"), got);
        } finally {
            loop.close();
        }
    }

    @Test
    void closingTheLoopRemovesItsHandlers() {
        EventLoop loop = Asyncio.newEventLoop();
        loop.addSignalHandler("USR2", () -> { });
        loop.close();
        assertFalse(loop.removeSignalHandler("USR2"), "close() removed it");
    }

    @Test
    void signalsTheJvmKeepsAreRefused() {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            IllegalStateException quit = assertThrows(IllegalStateException.class, () -> loop.addSignalHandler("QUIT", () -> { }));
            assertTrue(quit.getMessage().startsWith("sig SIGQUIT cannot be caught"), quit.getMessage());
            assertThrows(IllegalStateException.class, () -> loop.addSignalHandler("KILL", () -> { }));
            assertThrows(IllegalStateException.class, () -> loop.addSignalHandler("STOP", () -> { }));
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler("NOPE", () -> { }));
            assertEquals("invalid signal name: NOPE", bad.getMessage());
        } finally {
            loop.close();
        }
    }

    /** asyncio.Runner: Ctrl-C cancels the main task, which ends cancelled: run() throws KeyboardInterrupt. */
    @Test
    void ctrlCCancelsTheMainTaskAndRunThrowsKeyboardInterrupt() {
        boolean[] cancelledInside = {false};
        assertThrows(KeyboardInterrupt.class, () -> Asyncio.run(() -> killSelf("INT")
                .thenCompose(x -> sleep(60))
                .whenComplete((v, e) -> cancelledInside[0] = unwrap(e) instanceof CancelledError)));
        assertTrue(cancelledInside[0]);
        // The JVM's default handler is back, so a second runner takes SIGINT over again.
        assertThrows(KeyboardInterrupt.class, () -> Asyncio.run(() -> killSelf("INT").thenCompose(x -> sleep(60))));
    }

    /** A main task that catches the cancellation and returns normally: run() returns its value. */
    @Test
    void mainTaskThatSuppressesTheCancellationReturnsNormally() {
        String r = Asyncio.run(() -> killSelf("INT")
                .thenCompose(x -> sleep(60, "slept"))
                .exceptionally(e -> unwrap(e) instanceof CancelledError ? "interrupted" : "other"));
        assertEquals("interrupted", r);
    }
}
