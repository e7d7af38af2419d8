package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.examples.Py;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.WaitResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * seed_wait: wait() with FIRST_COMPLETED, a timeout, ALL_COMPLETED and FIRST_EXCEPTION (virtual time).
 *
 * <p>The Python original, {@code seed_wait.py}; this program prints its trace byte for byte
 * ({@code seed_wait.expected}). Run it with {@code -Dexamples=seed_wait}.
 * <pre>
 * import asyncio
 *
 * T0 = 0.0
 *
 *
 * def el():
 *     return f't={asyncio.get_event_loop().time() - T0:.1f}'
 *
 *
 * async def coroutine_example(name):
 *     print('running name:', name, el())
 *     await asyncio.sleep(0.1)
 *     print('done name:', name, el())
 *
 *
 * async def sleeper(name, delay, fail=False):
 *     await asyncio.sleep(delay)
 *     if fail:
 *         raise ValueError(f'{name} failed')
 *     return name
 *
 *
 * def names(tasks):
 *     return '[' + ', '.join(sorted(t.get_name() for t in tasks)) + ']'
 *
 *
 * async def variants():
 *     global T0
 *     loop = asyncio.get_running_loop()
 *
 *     print('-- FIRST_COMPLETED')
 *     T0 = loop.time()
 *     ts = [asyncio.create_task(sleeper(n, d), name=n) for n, d in [('s1', 0.1), ('s2', 0.2), ('s3', 0.4)]]
 *     done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
 *     print('done', names(done), 'pending', names(pending), el())
 *     print('pending still running (not cancelled):', all(not t.cancelled() and not t.done() for t in pending))
 *
 *     print('-- timeout=0.2 on the rest')
 *     done, pending = await asyncio.wait(pending, timeout=0.2)
 *     print('done', names(done), 'pending', names(pending), el())
 *
 *     print('-- ALL_COMPLETED on the rest')
 *     done, pending = await asyncio.wait(pending, return_when=asyncio.ALL_COMPLETED)
 *     print('done', names(done), 'pending', names(pending), el())
 *
 *     print('-- FIRST_EXCEPTION')
 *     T0 = loop.time()
 *     ts = [asyncio.create_task(sleeper('ok', 0.1), name='ok'),
 *           asyncio.create_task(sleeper('bad', 0.2, fail=True), name='bad'),
 *           asyncio.create_task(sleeper('slow', 0.4), name='slow')]
 *     done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
 *     print('done', names(done), 'pending', names(pending), el())
 *     exc = ts[1].exception()
 *     print(f'bad.exception(): {type(exc).__name__}: {exc}')
 *     for t in pending:
 *         t.cancel()
 *     await asyncio.wait(pending)
 *     print('slow cancelled by us:', ts[2].cancelled())
 *
 *
 * loop = asyncio.new_event_loop()
 * asyncio.set_event_loop(loop)
 * T0 = loop.time()
 * tasks = [loop.create_task(coroutine_example('Zarten_' + str(i))) for i in range(3)]
 * wait_coro = asyncio.wait(tasks)
 * done, pending = loop.run_until_complete(wait_coro)
 * print(f'done={len(done)} pending={len(pending)}')
 * loop.run_until_complete(variants())
 * loop.close()
 * asyncio.set_event_loop(None)
 * </pre>
 */
public final class SeedWait {
    static double t0;

    static String el() {
        return Py.t(getEventLoop().time() - t0);
    }

    static CompletionStage<Void> coroutineExample(String name) {
        System.out.println("running name: " + name + " " + el());
        return sleep(0.1).thenRun(() -> System.out.println("done name: " + name + " " + el()));
    }

    static CompletionStage<String> sleeper(String name, double delay, boolean fail) {
        return sleep(delay).thenApply(x -> {
            if (fail) {
                throw new IllegalArgumentException(name + " failed"); // Python's ValueError
            }
            return name;
        });
    }

    static String names(Collection<? extends Future<?>> tasks) {
        return tasks.stream().map(t -> ((Task<?>) t).getName()).sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static Task<String> named(String name, double delay, boolean fail) {
        return createTask(() -> sleeper(name, delay, fail), name);
    }

    static CompletionStage<Void> variants() {
        EventLoop loop = getRunningLoop();
        System.out.println("-- FIRST_COMPLETED");
        t0 = loop.time();
        List<Task<String>> ts = List.of(named("s1", 0.1, false), named("s2", 0.2, false), named("s3", 0.4, false));
        return Asyncio.wait(ts, FIRST_COMPLETED).thenCompose(r -> {
            System.out.println("done " + names(r.done()) + " pending " + names(r.pending()) + " " + el());
            boolean running = r.pending().stream().allMatch(t -> !t.cancelled() && !t.done());
            System.out.println("pending still running (not cancelled): " + (running ? "True" : "False"));
            System.out.println("-- timeout=0.2 on the rest");
            return Asyncio.wait(r.pending(), 0.2);
        }).thenCompose(r -> {
            System.out.println("done " + names(r.done()) + " pending " + names(r.pending()) + " " + el());
            System.out.println("-- ALL_COMPLETED on the rest");
            return Asyncio.wait(r.pending(), ALL_COMPLETED);
        }).thenCompose(r -> {
            System.out.println("done " + names(r.done()) + " pending " + names(r.pending()) + " " + el());
            System.out.println("-- FIRST_EXCEPTION");
            t0 = loop.time();
            List<Task<String>> ts2 = List.of(named("ok", 0.1, false), named("bad", 0.2, true),
                    named("slow", 0.4, false));
            return Asyncio.wait(ts2, FIRST_EXCEPTION).thenCompose(r2 -> {
                System.out.println("done " + names(r2.done()) + " pending " + names(r2.pending()) + " " + el());
                Throwable exc = ts2.get(1).exception();
                System.out.println("bad.exception(): ValueError: " + exc.getMessage());
                for (Future<String> t : r2.pending()) {
                    t.cancel();
                }
                return Asyncio.wait(r2.pending());
            }).thenRun(() -> System.out.println("slow cancelled by us: "
                    + (ts2.get(2).cancelled() ? "True" : "False")));
        });
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        t0 = loop.time();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "Zarten_" + i;
            tasks.add(loop.createTask(() -> coroutineExample(name)));
        }
        WaitResult<Void> r = loop.runUntilComplete(() -> Asyncio.wait(tasks));
        System.out.println("done=" + r.done().size() + " pending=" + r.pending().size());
        loop.runUntilComplete(() -> variants());
        loop.close();
        setEventLoop(null);
    }
}
