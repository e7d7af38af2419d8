package io.asyncio4j;

/**
 * A direct-style body that takes an argument and returns nothing: the block of {@code asyncWith(new TaskGroup(),
 * tg -> { ... })}. See {@link DirectFunction}.
 *
 * @param <A> the argument (the scope: a TaskGroup, a Timeout)
 */
@FunctionalInterface
public interface DirectConsumer<A> {
    /** Runs the body with {@code argument}, suspending at each await. */
    void accept(A argument) throws Exception;
}
