package io.asyncio4j.engine.testing

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.task.createTask

/**
 * What the block of [runAsyncioTest] runs in: the test's [loop], its [Ordering] steps and its [loops].
 */
public class AsyncioTestScope internal constructor(
    /** The test's loops and leak checks (more loops, [TestLoops.takeLoopErrors]). */
    public val loops: TestLoops,
    /** The schedule's step counter; [expect]/[finish] are shorthands for it. */
    public val ordering: Ordering,
) {
    /** The loop the test runs on (virtual time unless `realTime = true`). */
    public val loop: EventLoop get() = loops.loop()

    /** [Ordering.expect]. */
    public fun expect(index: Int): Unit = ordering.expect(index)

    /** [Ordering.finish]. */
    public fun finish(index: Int): Unit = ordering.finish(index)

    /** [Ordering.expectUnreached]. */
    public fun expectUnreached(): Nothing = ordering.expectUnreached()

    /** [TestLoops.takeLoopErrors]: errors the test expected, so they do not fail it. */
    public fun takeLoopErrors(): List<Map<String, Any?>> = loops.takeLoopErrors()
}

/**
 * Runs [block] as an asyncio task on a fresh loop, virtual time unless [realTime], until it is done; then fails
 * (AssertionError naming what leaked) on a task left pending, an exception never retrieved, a transport left
 * open, an unexpected loop error, an unfinished [Ordering] or a leaked thread ([TestLoops.verify]). Needs no
 * test framework; returns Unit, so `@Test fun x() = runAsyncioTest { ... }` is a void JUnit method.
 *
 * ```kotlin
 * @Test fun sleepsInVirtualTime() = runAsyncioTest {
 *     expect(1)
 *     sleep(3600.0)
 *     assertEquals(3600.0, loop.time())
 *     finish(2)
 * }
 * ```
 * A failure of the block is thrown, with the teardown's findings attached as suppressed exceptions.
 */
public fun runAsyncioTest(realTime: Boolean = false, block: suspend AsyncioTestScope.() -> Unit) {
    val loops = TestLoops(realTime)
    val scope = AsyncioTestScope(loops, Ordering())
    val failure: Throwable? = try {
        val loop = loops.loop()
        loop.runUntilComplete(loop.createTask(name = "runAsyncioTest") { scope.block() })
        null
    } catch (t: Throwable) {
        t
    }
    val problems = loops.verify(scope.ordering)
    if (failure != null) {
        problems.forEach { failure.addSuppressed(it) }
        throw failure
    }
    throwAll(problems)
}
