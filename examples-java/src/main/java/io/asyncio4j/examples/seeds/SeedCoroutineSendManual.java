package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * seed_coroutine_send_manual: driving coroutines step by step; sleep(0) yields exactly once (virtual time).
 *
 * <p>In more detail: driving coroutines by hand with {@code send(None)}; the value arrives with StopIteration;
 * a nested await that never suspends costs no extra send; {@code sleep(0)} yields exactly once.  <p>Java shape: a
 * Java coroutine has no {@code send()}: its chain is resumed by the loop. The honest equivalent of one {@code
 * send(None)} is one step of the task that drives it, and a loop that is not running can be stepped by hand: {@code
 * loop.stop(); loop.runForever();} runs exactly one iteration (asyncio's documented behaviour of stop() before
 * run_forever()). The coroutine is wrapped in a task on its own loop, with nothing else scheduled, and we count the
 * iterations until the task is done; each iteration is one resumption of the coroutine (the first starts it, as the
 * first send does). The value is the task's result, as Python takes it from StopIteration.value. The scenario's
 * function names label the lines.
 *
 * <p>The Python original, {@code seed_coroutine_send_manual.py}; this program prints its trace byte for byte
 * ({@code seed_coroutine_send_manual.expected}). Run it with {@code -Dexamples=seed_coroutine_send_manual}.
 * <pre>
 * import asyncio
 *
 *
 * async def asynchronous():
 *     return 1
 *
 *
 * async def await_function():
 *     result = await asynchronous()
 *     return result + 1
 *
 *
 * async def yields_once():
 *     await asyncio.sleep(0)
 *     return 'after one yield'
 *
 *
 * def run(async_function):
 *     coro = async_function()
 *     sends = 0
 *     while True:
 *         try:
 *             sends += 1
 *             coro.send(None)
 *         except StopIteration as r:
 *             return r.value, sends
 *
 *
 * for fn in (asynchronous, await_function, yields_once):
 *     value, sends = run(fn)
 *     print(f'{fn.__name__}: value={value} sends={sends}')
 * </pre>
 */
public final class SeedCoroutineSendManual {
    static CompletionStage<Integer> asynchronous() {
        return CompletableFuture.completedFuture(1);
    }

    static CompletionStage<Integer> awaitFunction() {
        return asynchronous().thenApply(result -> result + 1);
    }

    static CompletionStage<String> yieldsOnce() {
        return sleep(0).thenApply(x -> "after one yield");
    }

    /** Drives {@code asyncFunction} step by step; returns (value, sends) (shared with SeedCoroutineSendManualDirect). */
    public static Object[] run(Coroutine<?> asyncFunction) {
        EventLoop loop = newVirtualTimeEventLoop();
        try {
            Task<?> task = loop.createTask(asyncFunction);
            int sends = 0;
            while (true) {
                sends += 1;
                loop.stop();
                loop.runForever(); // one iteration: one send(None)
                if (task.done()) {
                    return new Object[] {task.result(), sends};
                }
            }
        } finally {
            loop.close();
        }
    }

    public static void main(String[] args) {
        Map<String, Coroutine<?>> functions = new LinkedHashMap<>();
        Coroutine<Integer> asynchronous = SeedCoroutineSendManual::asynchronous;
        Coroutine<Integer> awaitFunction = SeedCoroutineSendManual::awaitFunction;
        Coroutine<String> yieldsOnce = SeedCoroutineSendManual::yieldsOnce;
        functions.put("asynchronous", asynchronous);
        functions.put("await_function", awaitFunction);
        functions.put("yields_once", yieldsOnce);
        for (Map.Entry<String, Coroutine<?>> fn : functions.entrySet()) {
            Object[] valueAndSends = run(fn.getValue());
            System.out.println(fn.getKey() + ": value=" + Py.str(valueAndSends[0]) + " sends=" + valueAndSends[1]);
        }
    }
}
