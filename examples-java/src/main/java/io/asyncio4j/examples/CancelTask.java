package io.asyncio4j.examples;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.task.Task;
import java.util.concurrent.CompletionStage;

/**
 * Task.cancel() from the asyncio docs: cancellation is a request delivered at the task's current await; the
 * task's except/finally run, and awaiting it raises CancelledError.
 * <pre>
 * async def cancel_me():
 *     print('cancel_me(): before sleep')
 *     try:
 *         await asyncio.sleep(3600)
 *     except asyncio.CancelledError:
 *         print('cancel_me(): cancel sleep')
 *         raise
 *     finally:
 *         print('cancel_me(): after sleep')
 *
 * async def main():
 *     task = asyncio.create_task(cancel_me())
 *     await asyncio.sleep(1)
 *     task.cancel()
 *     try:
 *         await task
 *     except asyncio.CancelledError:
 *         print("main(): cancel_me is cancelled now")
 * </pre>
 */
public final class CancelTask {
    static CompletionStage<Void> cancelMe() {
        System.out.println("cancel_me(): before sleep");
        return sleep(3600)
                .whenComplete((r, e) -> {
                    if (unwrap(e) instanceof CancelledError) {   // except CancelledError: ... raise
                        System.out.println("cancel_me(): cancel sleep");
                    }
                })
                .whenComplete((r, e) -> System.out.println("cancel_me(): after sleep"));   // finally
    }

    static CompletionStage<Void> main() {
        Task<Void> task = createTask(() -> cancelMe());
        return sleep(1)
                .thenCompose(x -> {
                    task.cancel();
                    return task;
                })
                .exceptionally(e -> {
                    if (!(unwrap(e) instanceof CancelledError)) {
                        throw new IllegalStateException("unexpected", e);
                    }
                    System.out.println("main(): cancel_me is cancelled now");
                    return null;
                });
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
