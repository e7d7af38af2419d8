package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.WaitResult;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/** Port of seed_wait_two_coroutines.py (virtual time): wait() refuses coroutines, waits for tasks. */
public final class SeedWaitTwoCoroutines {
    static CompletionStage<Void> fun1() {
        return sleep(0.1).thenRun(() -> System.out.println("coroutine 1"));
    }

    static CompletionStage<Void> fun2() {
        return sleep(0.1).thenRun(() -> System.out.println("coroutine 2"));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        System.out.println("get_event_loop() is the set loop: " + (getEventLoop() == loop ? "True" : "False"));

        List<Coroutine<Void>> coros = List.of(() -> fun1(), () -> fun2());
        try {
            loop.runUntilComplete(() -> Asyncio.wait((Collection) coros));
        } catch (IllegalArgumentException e) { // Python's TypeError
            System.out.println("caught TypeError");
        }

        double t0 = loop.time();
        List<Task<Void>> tasks = List.of(loop.createTask(() -> fun1()), loop.createTask(() -> fun2()));
        WaitResult<Void> r = loop.runUntilComplete(() -> Asyncio.wait(tasks));
        System.out.println(String.format(Locale.ROOT, "done=%d pending=%d t=%.1f",
                r.done().size(), r.pending().size(), loop.time() - t0));
        System.out.println("all tasks in done: " + (r.done().containsAll(tasks) ? "True" : "False"));
        loop.close();
        setEventLoop(null);
    }
}
