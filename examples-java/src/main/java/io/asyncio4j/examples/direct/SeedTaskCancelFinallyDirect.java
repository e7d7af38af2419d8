package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;

/**
 * seed_task_cancel_finally in direct style: cancel() is a request; except and finally run at the await.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedTaskCancelFinally};
 * this program prints its trace ({@code seed_task_cancel_finally.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_task_cancel_finally_direct} (Java 21+).
 */
public final class SeedTaskCancelFinallyDirect {
    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static void cancelMe() {
        Py.print("cancel_me(): before sleep", el());
        try {
            await(sleep(3600));
        } catch (CancelledError e) {
            Py.print("cancel_me(): cancel sleep", el());
            throw e;
        } finally {
            Py.print("cancel_me(): after sleep", el());
        }
    }

    static void main() {
        t0 = getRunningLoop().time();
        Task<Void> task = createTask(() -> cancelMe());
        await(sleep(0.1));
        Py.print("main(): cancel() ->", task.cancel());
        Py.print("main(): right after cancel: cancelled() =", task.cancelled(),
                "done() =", task.done(), "cancelling() =", task.cancelling());
        try {
            await(task);
        } catch (CancelledError e) {
            Py.print("main(): cancel_me is cancelled now", el());
        }
        Py.print("main(): cancelled() =", task.cancelled(), "done() =", task.done());
        Py.print("main(): cancel() again ->", task.cancel());
    }

    public static void main(String[] args) {
        Py.runVirtual(async(() -> main()));
    }
}
