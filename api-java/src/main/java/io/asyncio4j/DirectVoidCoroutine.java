package io.asyncio4j;

/**
 * The body of a direct-style coroutine (Java 21+) that returns nothing: {@code createTask(() -> { await(sleep(1));
 * System.out.println("done"); })}. The coroutine's result is {@code null} (a {@code Coroutine<Void>}). See
 * {@link DirectCoroutine}.
 */
@FunctionalInterface
public interface DirectVoidCoroutine {
    /** Runs the body to its end, suspending at each await. */
    void call() throws Exception;
}
