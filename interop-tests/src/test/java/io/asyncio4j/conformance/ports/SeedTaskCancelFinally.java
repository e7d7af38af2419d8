package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.Asyncio.unwrap;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.task.Task;

import java.util.concurrent.CompletionStage;

/**
 * Port of seed_task_cancel_finally: cancel() is a request (cancelled() False right after, cancelling() == 1);
 * the coroutine's except and finally clauses run; awaiting the task gives CancelledError; cancel() on a done task
 * returns False.
 * Java shape: {@code try/except CancelledError: ...; raise / finally: ...} around the await is a
 * {@code whenComplete} on the awaited stage (it passes the CancelledError on); {@code try: await task / except
 * CancelledError} is a {@code handle} that re-raises anything else. Virtual time.
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
