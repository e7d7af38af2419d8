package io.asyncio4j.sync;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Coroutine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs a coroutine on a fresh virtual-time loop and fails on anything reported to the exception handler. */
final class SyncTestSupport {
    private SyncTestSupport() {
    }

    static <T> T runVirtual(Coroutine<T> main) {
        EventLoop loop = Asyncio.newVirtualTimeEventLoop();
        List<Map<String, ?>> errors = new ArrayList<>();
        loop.setExceptionHandler((l, context) -> errors.add(context));
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
            assertEquals(List.of(), errors, "unhandled errors");
        }
    }

    /** {@code await asyncio.sleep(0)} n times. */
    static CompletionStage<Void> yieldTimes(int n) {
        CompletionStage<Void> s = CompletableFuture.completedFuture(null);
        for (int i = 0; i < n; i++) {
            s = s.thenCompose(x -> Asyncio.sleep(0));
        }
        return s;
    }
}
