package io.asyncio4j.mistakes;

import io.asyncio4j.engine.sync.Barrier;
import io.asyncio4j.engine.sync.Event;
import io.asyncio4j.engine.sync.Lock;
import io.asyncio4j.engine.sync.Queue;
import io.asyncio4j.engine.sync.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static io.asyncio4j.Asyncio.run;
import static io.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The coroutine methods of loop-bound primitives called with no running loop fail at once with asyncio's
 * "no running event loop" and a hint, and change nothing (asyncio only makes a coroutine object that never
 * runs; a Java coroutine would start at once, so it must refuse rather than complete silently).
 */
class LoopBoundOutsideALoopTest {
    private static void assertNoRunningLoop(String what, Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call, what);
        assertTrue(e.getMessage().startsWith("no running event loop: " + what + " is a coroutine"), e.getMessage());
    }

    @Test
    void queuePutOutsideALoopFailsAndPutsNothing() {
        Queue<Integer> q = new Queue<>(1);
        assertNoRunningLoop("Queue.put()", () -> q.put(1));
        assertTrue(q.empty(), "nothing was put");
        q.putNowait(1); // the nowait forms need no loop, as in asyncio
        assertNoRunningLoop("Queue.get()", q::get);
        assertEquals(1, q.qsize(), "nothing was taken");
        assertNoRunningLoop("Queue.join()", q::join);
    }

    @Test
    void theOtherPrimitives() {
        Lock lock = new Lock();
        assertNoRunningLoop("Lock.acquire()", lock::acquire);
        assertFalse(lock.locked());
        Semaphore sem = new Semaphore(1);
        assertNoRunningLoop("Semaphore.acquire()", sem::acquire);
        assertFalse(sem.locked());
        Event ev = new Event();
        ev.set();
        assertNoRunningLoop("Event.await()", ev::await);
        assertNoRunningLoop("Barrier.await()", new Barrier(1)::await);
    }

    @Test
    void theSameQueueWorksOnceALoopRuns() {
        Queue<Integer> q = new Queue<>(1);
        Integer got = run(() -> q.put(5).thenCompose(x -> q.get()));
        assertEquals(5, got);
        assertEquals(1, (int) run(() -> sleep(0, 1)));
    }
}
