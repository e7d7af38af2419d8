package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.WaitResult;
import io.asyncio4j.examples.Py;
import java.util.Collection;
import java.util.List;

/**
 * seed_wait_two_coroutines in direct style: wait() refuses not-yet-started coroutines and waits for tasks.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedWaitTwoCoroutines};
 * this program prints its trace ({@code seed_wait_two_coroutines.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_wait_two_coroutines_direct} (Java 21+).
 */
public final class SeedWaitTwoCoroutinesDirect {
    static void fun1() {
        await(sleep(0.1));
        System.out.println("coroutine 1");
    }

    static void fun2() {
        await(sleep(0.1));
        System.out.println("coroutine 2");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        Py.print("get_event_loop() is the set loop:", getEventLoop() == loop);

        List<Coroutine<Void>> coros = List.of(async(() -> fun1()), async(() -> fun2()));
        try {
            loop.runUntilComplete(() -> Asyncio.wait((Collection) coros));
        } catch (IllegalArgumentException e) { // Python's TypeError
            System.out.println("caught TypeError");
        }

        double t0 = loop.time();
        List<Task<Void>> tasks = List.of(loop.createTask(async(() -> fun1())), loop.createTask(async(() -> fun2())));
        WaitResult<Void> r = loop.runUntilComplete(() -> Asyncio.wait(tasks));
        System.out.println("done=" + r.done().size() + " pending=" + r.pending().size() + " " + Py.t(loop.time() - t0));
        Py.print("all tasks in done:", r.done().containsAll(tasks));
        loop.close();
        setEventLoop(null);
    }
}
