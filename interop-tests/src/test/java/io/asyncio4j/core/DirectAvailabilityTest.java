package io.asyncio4j.core;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.task.Direct;
import io.asyncio4j.testing.AsyncioTestExtension;
import io.asyncio4j.engine.testing.TestLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Direct-style coroutines need Java 21+: on an older runtime every entry point refuses with one clear message.
 * Runs in the default test JVM on every JDK; the direct-style tests themselves (io.asyncio4j.direct) run only on
 * 21+, and this test says so on one line when they cannot run in this build.
 */
@ExtendWith(AsyncioTestExtension.class)
class DirectAvailabilityTest {
    private static final int FEATURE = Runtime.version().feature();

    @Test
    void entryPointsRefuseBeforeJava21ElseWork(TestLoops loops) {
        if (FEATURE >= 21) {
            assertTrue(Direct.isSupported());
            assertEquals(7, (int) loops.run(Asyncio.async(() -> Asyncio.await(CompletableFuture.completedFuture(7)))));
            return;
        }
        String jvm = System.getProperty("direct.jvm", "");
        if (jvm.isEmpty() || jvm.startsWith("${")) {
            System.out.println("direct-style tests (io.asyncio4j.direct) not run: they need a JDK 21+ and this is "
                    + FEATURE + "; pass -Ddirect.jvm=<java 21+ binary>");
        }
        String message = "direct-style coroutines need Java 21+; running on " + FEATURE;
        assertFalse(Direct.isSupported());
        assertEquals(message, assertThrows(UnsupportedOperationException.class, () -> Asyncio.run(() -> 1)).getMessage());
        assertEquals(message, assertThrows(UnsupportedOperationException.class, () -> Asyncio.async(() -> 1)).getMessage());
        assertEquals(message, assertThrows(UnsupportedOperationException.class,
                () -> Asyncio.run(() -> System.out.println("never"))).getMessage());
        assertEquals(message, assertThrows(UnsupportedOperationException.class,
                () -> Asyncio.await(CompletableFuture.completedFuture(1))).getMessage());
        assertEquals(message, assertThrows(UnsupportedOperationException.class,
                () -> Asyncio.runCoroutineThreadsafe(() -> 1, new io.asyncio4j.engine.loop.EventLoop())).getMessage());
        // The loop refuses inside a running loop too, without starting anything.
        loops.run(() -> {
            assertEquals(message, assertThrows(UnsupportedOperationException.class,
                    () -> Asyncio.createTask(() -> 1)).getMessage());
            return CompletableFuture.completedFuture(null);
        });
    }
}
