package io.asyncio4j;

/**
 * A direct-style body that takes an argument and returns a value: the body of
 * {@link Asyncio#asyncWith(io.asyncio4j.engine.task.TaskGroup, DirectFunction)} ({@code async with TaskGroup() as
 * tg:}) and of the timeout form ({@code async with timeout(d) as cm:}).
 *
 * @param <A> the argument (the scope: a TaskGroup, a Timeout)
 * @param <T> the result
 */
@FunctionalInterface
public interface DirectFunction<A, T> {
    /** Runs the body with {@code argument}, suspending at each await. */
    T apply(A argument) throws Exception;
}
