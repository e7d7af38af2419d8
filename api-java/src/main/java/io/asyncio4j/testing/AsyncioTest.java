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
 * and its failure is the test's failure. On Java 21+ the body may be direct-style:
 * {@code loops.run(Asyncio.async(() -> { Asyncio.await(Asyncio.sleep(1)); ... }))}.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(AsyncioTestExtension.class)
public @interface AsyncioTest {
    /** Run the test's loop on the real monotonic clock instead of virtual time (threads, sockets, timeouts). */
    boolean realTime() default false;
}
