package io.asyncio4j;

import java.util.concurrent.Callable;

/**
 * The body of a direct-style coroutine (Java 21+): a plain sequential method that returns a value, suspended at
 * each {@link Asyncio#await}, as an {@code async def} is at each {@code await}:
 *
 * <pre>{@code
 * int n = run(() -> {
 *     String page = await(fetch(url));   // page = await fetch(url)
 *     await(sleep(0.1));                 // await asyncio.sleep(0.1)
 *     return page.length();
 * });
 * }</pre>
 *
 * {@link Asyncio#async(DirectCoroutine)} turns it into a {@link io.asyncio4j.engine.task.Coroutine}, which every
 * entry point takes; {@code run}, {@code createTask}, {@code gather}, {@code waitFor}, {@code timeout},
 * {@code shield} and {@code runCoroutineThreadsafe} also take it directly. A body that returns nothing is a
 * {@link DirectVoidCoroutine}. Checked exceptions may leave {@link #call()}: they fail the task as they are.
 *
 * @param <T> the coroutine's result
 */
@FunctionalInterface
public interface DirectCoroutine<T> extends Callable<T> {
    /** Runs the body to its end, suspending at each await; returns the coroutine's result. */
    @Override
    T call() throws Exception;
}
