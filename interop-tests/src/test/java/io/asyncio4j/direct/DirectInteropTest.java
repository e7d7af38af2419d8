package io.asyncio4j.direct;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.contextvars.ContextVar;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.testing.AsyncioTestExtension;
import io.asyncio4j.engine.testing.Ordering;
import io.asyncio4j.engine.testing.TestLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Direct-style tasks beside chain-style tasks, threads, the eager factory and contextvars. */
@ExtendWith(AsyncioTestExtension.class)
class DirectInteropTest {

    static CompletionStage<Integer> chainTwice(CompletionStage<Integer> x) {
        return sleep(1).thenCompose(v -> x).thenApply(v -> v * 2);
    }

    @Test
    void chainAndDirectTasksAwaitEachOther(TestLoops loops) {
        int r = loops.run(async(() -> {
            Task<Integer> direct = createTask(() -> await(sleep(1, 5)) + 1);
            Task<Integer> chain = createTask(() -> chainTwice(direct)); // a chain-style task awaits the direct one
            Task<Integer> back = createTask(() -> await(chain) + 100);  // and a direct one the chain task
            return await(back) + await(sleep(0).thenApply(v -> 1000)); // a derived stage is awaitable too
        }));
        assertEquals(1112, r);
    }

    @Test
    void aForeignCompletionStageResumesTheBodyOnTheLoop(EventLoop loop) throws Exception {
        EventLoop real = io.asyncio4j.engine.loop.Events.newEventLoop();
        try {
            String r = real.runUntilComplete(async(() -> {
                Thread mine = Thread.currentThread();
                CompletableFuture<String> cf = new CompletableFuture<>();
                Thread other = new Thread(() -> cf.complete("from another thread"));
                other.start();
                String v = await(cf);
                other.join(TimeUnit.SECONDS.toMillis(5));
                assertSame(mine, Thread.currentThread());
                String t = await(toThread(() -> "to_thread"));
                return v + "/" + t + "/" + await(CompletableFuture.supplyAsync(() -> "pool").thenApply(s -> s + "!"));
            }));
            assertEquals("from another thread/to_thread/pool!", r);
        } finally {
            real.runUntilComplete(real.shutdownDefaultExecutor());
            real.close();
        }
    }

    @Test
    void eagerTaskFactoryRunsTheBodyInsideCreateTask(Ordering o, EventLoop loop, TestLoops loops) {
        loop.setTaskFactory(Asyncio::eagerTaskFactory);
        loops.run(async(() -> {
            o.expect(1);
            Task<String> t = createTask(() -> {
                o.expect(2); // at once, inside createTask
                await(sleep(0));
                o.expect(4);
                return "eager";
            });
            o.expect(3);
            Task<Integer> done = createTask(() -> 5); // finishes inside createTask, without a suspension
            assertTrue(done.done());
            assertEquals(5, (int) done.result());
            assertEquals("eager", await(t));
            o.expect(5);
        }));
        o.finish(6);
    }

    @Test
    void runCoroutineThreadsafeRunsADirectBodyOnTheLoop() throws Exception {
        EventLoop real = io.asyncio4j.engine.loop.Events.newEventLoop();
        Thread driver = new Thread(real::runForever, "driver");
        driver.start();
        try {
            CompletableFuture<String> f = runCoroutineThreadsafe(() -> {
                await(sleep(0.01));
                return currentTask().getName().startsWith("Task-") ? "ran in a task" : "no task";
            }, real);
            assertEquals("ran in a task", f.get(5, TimeUnit.SECONDS));
        } finally {
            real.callSoonThreadsafe(real::stop);
            driver.join(TimeUnit.SECONDS.toMillis(5));
            real.close();
        }
    }

    @Test
    void theTaskIsCurrentAndItsContextIsTheCurrentContext(TestLoops loops) {
        ContextVar<String> var = new ContextVar<>("who", "nobody");
        loops.run(async(() -> {
            var.set("parent");
            Task<String> child = createTask(() -> {
                String seen = var.get();
                var.set("child");
                await(sleep(1));
                return seen + "/" + var.get() + "/" + (currentTask() == getRunningLoop().currentTask());
            });
            assertEquals("parent/child/true", await(child));
            assertEquals("parent", var.get()); // the child's change stays in its copy
        }));
    }

    @Test
    void loopBoundApisWorkFromTheBody(Ordering o, EventLoop loop, TestLoops loops) {
        loops.run(async(() -> {
            assertSame(loop, getRunningLoop());
            Future<String> f = new Future<>(loop);
            loop.callSoon(() -> {
                o.expect(1);
                f.setResult("set by a callback");
            });
            assertEquals("set by a callback", await(f));
            Future<Integer> g = loop.createFuture();
            g.complete(3); // the JDK mutator acts at once: this thread holds the loop now
            assertTrue(g.done());
            Future<Integer> pending = loop.createFuture();
            IllegalStateException e = assertThrows(IllegalStateException.class, pending::join);
            assertTrue(e.getMessage().contains("would block the loop forever"), e.getMessage());
            o.expect(2);
        }));
        o.finish(3);
    }
}
