package io.asyncio4j.examples.seeds;

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

/**
 * seed_wait_two_coroutines: wait() refuses bare coroutines and waits for tasks (virtual time).
 *
 * <p>The Python original, {@code seed_wait_two_coroutines.py}; this program prints its trace byte for byte
 * ({@code seed_wait_two_coroutines.expected}). Run it with {@code -Dexamples=seed_wait_two_coroutines}.
 * <pre>
 * import asyncio
 *
 *
 * async def fun1():
 *     await asyncio.sleep(0.1)
 *     print('coroutine 1')
 *
 *
 * async def fun2():
 *     await asyncio.sleep(0.1)
 *     print('coroutine 2')
 *
 *
 * loop = asyncio.new_event_loop()
 * asyncio.set_event_loop(loop)
 * print('get_event_loop() is the set loop:', asyncio.get_event_loop() is loop)
 *
 * coros = [fun1(), fun2()]
 * try:
 *     loop.run_until_complete(asyncio.wait(coros))
 * except TypeError as e:
 *     print('caught', type(e).__name__)
 * for c in coros:
 *     c.close()
 *
 * t0 = loop.time()
 * tasks = [loop.create_task(fun1()), loop.create_task(fun2())]
 * done, pending = loop.run_until_complete(asyncio.wait(tasks))
 * print(f'done={len(done)} pending={len(pending)} t={loop.time() - t0:.1f}')
 * print('all tasks in done:', all(t in done for t in tasks))
 * loop.close()
 * asyncio.set_event_loop(None)
 * </pre>
 */
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
