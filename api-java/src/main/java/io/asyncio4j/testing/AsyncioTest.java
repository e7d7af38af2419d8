package io.asyncio4j.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A JUnit 5 test on a fresh asyncio loop ({@link AsyncioTestExtension}): virtual time unless
 * {@code realTime = true}, and a teardown that fails the test on whatever it leaked, naming it (a task left pending,
 * an exception never retrieved, a transport left open, an unexpected loop error, an unfinished {@code Ordering},
 * a leaked thread).
 *
 * <pre>{@code
 * @AsyncioTest
 * void sleepsInVirtualTime(TestLoops loops, Ordering o) {
 *     double t = loops.run(() -> {
 *         o.expect(1);
 *         return Asyncio.sleep(3600).thenApply(x -> Asyncio.getRunningLoop().time());
 *     });
 *     assertEquals(3600.0, t);
 *     o.finish(2);
 * }
 * }</pre>
 *
 * JUnit Jupiter runs only {@code void} test methods (it skips any other with a discovery warning), so a test
 * whose body is a {@code CompletionStage} hands it to {@code loops.run(() -> ...)}: the loop runs it to the end
 * and its failure is the test's failure. On Java 21+ the whole method body may be direct-style instead:
 *
 * <pre>{@code
 * @AsyncioTest(direct = true)
 * void sleepsDirectly(EventLoop loop) {
 *     Asyncio.await(Asyncio.sleep(3600));
 *     assertEquals(3600.0, loop.time());
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(AsyncioTestExtension.class)
public @interface AsyncioTest {
    /** Run the test's loop on the real monotonic clock instead of virtual time (threads, sockets, timeouts). */
    boolean realTime() default false;

    /**
     * Run the test method itself as a direct-style coroutine (Java 21+): the extension runs the body in a task on
     * the test's loop until it ends ({@code loops.run(Asyncio.async(body))}), so the body may call
     * {@code Asyncio.await(...)}, {@code createTask}, {@code asyncWith(new TaskGroup(), ...)} directly. What the
     * body throws (an assertion failure included) fails the test as it is; the teardown checks run as usual. On a
     * JDK before 21 such a test is reported aborted (skipped), not failed, with the message
     * "direct-style coroutines need Java 21+; running on 17", so a Java 17 build of the same tests stays green.
     * Off by default: a plain method body runs on the test thread, outside any loop.
     */
    boolean direct() default false;
}
