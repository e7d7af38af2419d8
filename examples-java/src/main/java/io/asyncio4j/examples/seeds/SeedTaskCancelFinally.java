package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.Asyncio.unwrap;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.task.Task;

import java.util.concurrent.CompletionStage;

/**
 * seed_task_cancel_finally: cancel() is a request: except and finally run at the await; cancelling() counts (virtual time).
 *
 * <p>In more detail: cancel() is a request (cancelled() False right after, cancelling() == 1); the coroutine's
 * except and finally clauses run; awaiting the task gives CancelledError; cancel() on a done task returns False.
 * Java shape: {@code try/except CancelledError: ...; raise / finally: ...} around the await is a {@code
 * whenComplete} on the awaited stage (it passes the CancelledError on); {@code try: await task / except
 * CancelledError} is a {@code handle} that re-raises anything else. Virtual time.
 *
 * <p>The Python original, {@code seed_task_cancel_finally.py}; this program prints its trace byte for byte
 * ({@code seed_task_cancel_finally.expected}). Run it with {@code -Dexamples=seed_task_cancel_finally}.
 * <pre>
 * import asyncio
 *
 * T0 = 0.0
 *
 *
 * def el():
 *     return f't={asyncio.get_running_loop().time() - T0:.1f}'
 *
 *
 * async def cancel_me():
 *     print('cancel_me(): before sleep', el())
 *     try:
 *         await asyncio.sleep(3600)
 *     except asyncio.CancelledError:
 *         print('cancel_me(): cancel sleep', el())
 *         raise
 *     finally:
 *         print('cancel_me(): after sleep', el())
 *
 *
 * async def main():
 *     global T0
 *     T0 = asyncio.get_running_loop().time()
 *     task = asyncio.create_task(cancel_me())
 *     await asyncio.sleep(0.1)
 *     print('main(): cancel() -&gt;', task.cancel())
 *     print('main(): right after cancel: cancelled() =', task.cancelled(),
 *           'done() =', task.done(), 'cancelling() =', task.cancelling())
 *     try:
 *         await task
 *     except asyncio.CancelledError:
 *         print("main(): cancel_me is cancelled now", el())
 *     print('main(): cancelled() =', task.cancelled(), 'done() =', task.done())
 *     print('main(): cancel() again -&gt;', task.cancel())
 *
 *
 * asyncio.run(main())
 * </pre>
 */
public final class SeedTaskCancelFinally {
    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static CompletionStage<Void> cancelMe() {
        Py.print("cancel_me(): before sleep", el());
        return sleep(3600).whenComplete((r, e) -> {
            if (e != null && unwrap(e) instanceof CancelledError) {
                Py.print("cancel_me(): cancel sleep", el());
            }
            Py.print("cancel_me(): after sleep", el());
        });
    }

    static CompletionStage<Void> main() {
        t0 = getRunningLoop().time();
        Task<Void> task = createTask(SeedTaskCancelFinally::cancelMe);
        return sleep(0.1).thenCompose(x -> {
            Py.print("main(): cancel() ->", task.cancel());
            Py.print("main(): right after cancel: cancelled() =", task.cancelled(),
                    "done() =", task.done(), "cancelling() =", task.cancelling());
            return task.handle((r, e) -> {
                if (e != null) {
                    if (!(unwrap(e) instanceof CancelledError)) {
                        throw Py.raise(e);
                    }
                    Py.print("main(): cancel_me is cancelled now", el());
                }
                Py.print("main(): cancelled() =", task.cancelled(), "done() =", task.done());
                Py.print("main(): cancel() again ->", task.cancel());
                return null;
            });
        });
    }

    public static void main(String[] args) {
        Py.runVirtual(SeedTaskCancelFinally::main);
    }
}
