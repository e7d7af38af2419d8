package io.asyncio4j.direct;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.testing.AsyncioTestExtension;
import io.asyncio4j.engine.testing.Ordering;
import io.asyncio4j.engine.testing.TestLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.List;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** await, results, exceptions and the step order of direct-style tasks (runs on Java 21+ only). */
@ExtendWith(AsyncioTestExtension.class)
class DirectBasicsTest {

    @Test
    void runReturnsTheBodysValue() {
        int n = run(() -> {
            await(sleep(0.01));
            String s = await(sleep(0, "abc"));
            return s.length();
        });
        assertEquals(3, n);
    }

    @Test
    void awaitRethrowsTheOriginalException(TestLoops loops) {
        IOException boom = new IOException("boom");
        Object caught = loops.run(async(() -> {
            Future<Integer> f = new Future<>(getRunningLoop());
            getRunningLoop().callSoon(() -> f.setException(boom));
            try {
                await(f);
                return "not thrown";
            } catch (Exception e) { // await declares no checked exception: catch Exception and test its type
                return e instanceof IOException ? e : "wrong type";
            }
        }));
        assertSame(boom, caught);
    }

    @Test
    void ordersLikeAsyncioStepAndWakeup(Ordering o, EventLoop loop, TestLoops loops) {
        loops.run(async(() -> {
            o.expect(1);
            Task<Void> t = createTask(() -> {
                o.expect(2); // first step on a later iteration, before the callback scheduled after it
                await(sleep(0));
                o.expect(5);
            });
            loop.callSoon(() -> o.expect(3));
            await(sleep(0));
            o.expect(4);
            await(t);
            o.expect(6);
        }));
        o.finish(7);
    }

    @Test
    void gatherOfDirectBodies(TestLoops loops) {
        List<Integer> r = loops.run(async(() -> await(gather(() -> {
            await(sleep(2));
            return 1;
        }, () -> {
            await(sleep(1));
            return 2;
        }))));
        assertEquals(List.of(1, 2), r);
    }

    @Test
    void gatherReturnExceptionsOfDirectBodies(TestLoops loops) {
        List<Object> r = loops.run(async(() -> await(gather(true, () -> {
            await(sleep(1));
            return 1;
        }, () -> {
            await(sleep(2));
            throw new IllegalStateException("second");
        }))));
        assertEquals(1, r.get(0));
        assertEquals("second", ((IllegalStateException) r.get(1)).getMessage());
        // Chain-style lambdas still pick the Coroutine overloads.
        List<Object> chain = loops.run(() -> gather(true, () -> sleep(1, "a"), () -> sleep(1, "b")));
        assertEquals(List.of("a", "b"), chain);
    }

    @Test
    void cancelRaisesAtThePendingAwait(Ordering o, TestLoops loops) {
        loops.run(async(() -> {
            Task<String> t = createTask(() -> {
                try {
                    await(sleep(10));
                    return "slept";
                } catch (CancelledError e) {
                    o.expect(2);
                    throw e;
                } finally {
                    o.expect(3);
                }
            });
            await(sleep(0));
            o.expect(1);
            t.cancel("stop");
            CancelledError e = assertThrows(CancelledError.class, () -> await(t));
            o.expect(4);
            assertTrue(t.cancelled());
            return null;
        }));
        o.finish(5);
    }

    @Test
    void awaitingACoroutineRunsItInlineInTheCurrentTask(TestLoops loops) {
        int r = loops.run(async(() -> {
            Thread mine = Thread.currentThread();
            Task<?> task = currentTask();
            int inline = await(async(() -> {
                await(sleep(1));
                return Thread.currentThread() == mine && currentTask() == task ? 1 : 0;
            }));
            int chain = await(() -> sleep(1, 10)); // a chain-style coroutine, awaited in this task
            return inline + chain;
        }));
        assertEquals(11, r);
    }

    // The README's direct-style program (delays scaled down), as written there.
    private static final List<String> OUT = new java.util.concurrent.CopyOnWriteArrayList<>();

    static void sayAfter(double delay, String what) {
        await(sleep(delay));
        OUT.add(what);
    }

    static void main() {
        var t1 = createTask(() -> sayAfter(0.01, "hello"));
        var t2 = createTask(() -> sayAfter(0.02, "world"));
        await(t1);
        await(t2);
    }

    @Test
    void theReadmeProgramRuns() {
        OUT.clear();
        run(() -> main());
        assertEquals(List.of("hello", "world"), OUT);
    }
}
