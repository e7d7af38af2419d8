package io.asyncio4j.core;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.testing.AsyncioTestExtension;
import io.asyncio4j.engine.testing.Ordering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Virtual time must not change what a program does, only how long it takes. */
@ExtendWith(AsyncioTestExtension.class)
class VirtualTimeEdgeTest {

    @Test
    void sleepForeverNeverEndsInVirtualTime(Ordering o, EventLoop loop) throws InterruptedException {
        // asyncio.sleep(math.inf) never wakes up; a virtual clock must not jump to infinity to wake it.
        Future<String> fromThread = loop.createFuture();
        Thread producer = new Thread(() -> {
            try {
                Thread.sleep(50); // the loop is idle with only the infinite timer left meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            fromThread.complete("woken by a thread");
        });
        String r = loop.runUntilComplete(() -> {
            o.expect(1);
            Task<Void> forever = createTask(() -> sleep(Double.POSITIVE_INFINITY).thenRun(o::expectUnreached));
            producer.start();
            return fromThread.thenApply(x -> {
                o.expect(2);
                forever.cancel();
                return x;
            });
        });
        producer.join();
        assertEquals("woken by a thread", r);
        assertEquals(0.0, loop.time(), "the clock did not move: no finite timer was waiting");
        assertTrue(Double.isFinite(loop.time()));
        o.finish(3);
    }
}
