package io.asyncio4j.engine.testkit

import io.asyncio4j.engine.loop.Clock
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.task.createTask
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import java.util.Collections
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference

/**
 * Base class of the engine's ordering tests, in the style of kotlinx-coroutines' `TestBase`: every step of the
 * schedule calls [expect] with its position, so the numbers in a test *are* the schedule.
 *
 * ```
 * class SleepTest : TestBase() {
 *     @Test fun sleepZeroYieldsOnce() = runTest {
 *         expect(1)
 *         loop.callSoon { expect(2) }
 *         sleep(0.0)
 *         finish(3)
 *     }
 * }
 * ```
 *  - [expect]`(n)`: this step must be number n (1-based). A wrong number throws AssertionError *and* is
 *    remembered, so it fails the test even when the loop swallowed it (thrown inside a callback).
 *  - [finish]`(n)`: the last step; teardown fails a test that took steps but never called finish.
 *  - [expectUnreached]: a place the schedule must never reach.
 *  - [runTest]`{ }`: runs the block as a Kotlin task on a fresh virtual-time loop ([loop] inside the block),
 *    then closes the loop. [newLoop]/[newRealTimeLoop] give more loops, which the test must close itself.
 *  - Every loop made here records what reaches its exception handler. Teardown fails on any recorded context
 *    the test did not take with [takeLoopErrors] (a task left pending at close is reported as
 *    "Task was destroyed but it is pending!"), on a kit loop left unclosed or running, and on non-daemon threads
 *    started by the test that are still alive after a 5 s grace period.
 */
public abstract class TestBase {
    private val actionIndex = AtomicInteger()
    private val finished = AtomicBoolean()
    private val error = AtomicReference<Throwable?>()
    private val loops = Collections.synchronizedList(ArrayList<EventLoop>())
    private val loopErrors = Collections.synchronizedList(ArrayList<Map<String, Any?>>())
    private var threadsBefore: Set<Thread> = emptySet()
    private var currentLoop: EventLoop? = null

    /** The loop of the running [runTest]. */
    protected val loop: EventLoop
        get() = currentLoop ?: error("loop is only available inside runTest { }")

    /** Asserts that this is step [index] of the schedule and advances the counter. */
    public fun expect(index: Int) {
        val wasIndex = actionIndex.incrementAndGet()
        if (index != wasIndex) throw record(AssertionError("Expecting action index $index but it is actually $wasIndex"))
    }

    /** The last step: [expect], once per test. */
    public fun finish(index: Int) {
        expect(index)
        if (finished.getAndSet(true)) throw record(AssertionError("Should call 'finish(...)' at most once"))
    }

    /** Fails: the schedule must never get here. */
    public fun expectUnreached(): Nothing =
        throw record(AssertionError("Should not be reached, current action index is ${actionIndex.get()}"))

    /**
     * Runs [block] as a Kotlin task on a new virtual-time loop until it is done, then closes the loop. Returns
     * Unit on purpose: `fun x() = runTest { ... }` must be a void method, or JUnit skips it silently
     * (TestMethodsReturnVoidTest checks every test).
     */
    public fun runTest(block: suspend () -> Unit) {
        val l = newLoop()
        currentLoop = l
        try {
            l.runUntilComplete(l.createTask(name = "runTest", block = block))
        } finally {
            currentLoop = null
            if (!l.isRunning()) l.close()
        }
    }

    /** A virtual-time loop with a recording exception handler; the test must close it. */
    public fun newLoop(): EventLoop = track(EventLoop(Clock.virtual()))

    /** A loop on the real monotonic clock (thread wake-up tests); the test must close it. */
    public fun newRealTimeLoop(): EventLoop = track(EventLoop(Clock.monotonic()))

    /** The exception-handler contexts recorded so far, forgotten once taken (they no longer fail the test). */
    public fun takeLoopErrors(): List<Map<String, Any?>> = synchronized(loopErrors) {
        ArrayList(loopErrors).also { loopErrors.clear() }
    }

    private fun track(loop: EventLoop): EventLoop {
        loop.setExceptionHandler { _, context -> loopErrors.add(LinkedHashMap(context)) }
        loops.add(loop)
        return loop
    }

    private fun record(e: AssertionError): AssertionError {
        error.compareAndSet(null, e)
        return e
    }

    @BeforeEach
    public fun testBaseSetUp() {
        threadsBefore = HashSet(Thread.getAllStackTraces().keys)
    }

    @AfterEach
    public fun testBaseTearDown() {
        val problems = ArrayList<Throwable>()
        for (l in synchronized(loops) { ArrayList(loops) }) {
            if (l.isRunning()) {
                problems.add(AssertionError("event loop still running at the end of the test: $l"))
                l.stop()
            } else if (!l.isClosed()) {
                problems.add(AssertionError("event loop left unclosed by the test: $l"))
                l.close()
            }
        }
        val left = takeLoopErrors()
        if (left.isNotEmpty()) {
            val e = AssertionError(
                "${left.size} unexpected error(s) reached a loop's exception handler (take expected ones with " +
                    "takeLoopErrors()): " + left.joinToString { "${it["message"]}${it["exception"]?.let { x -> " [$x]" } ?: ""}" },
            )
            left.forEach { c -> (c["exception"] as? Throwable)?.let { e.addSuppressed(it) } }
            problems.add(e)
        }
        error.get()?.let { problems.add(it) }
        if (error.get() == null && actionIndex.get() != 0 && !finished.get()) {
            problems.add(AssertionError("Expecting that 'finish(${actionIndex.get() + 1})' was invoked, but it was not"))
        }
        Events.getRunningLoopOrNull()?.let { problems.add(AssertionError("a loop is still registered as running: $it")) }
        val leaked = leakedThreads(threadsBefore)
        if (leaked.isNotEmpty()) problems.add(AssertionError("non-daemon thread(s) started by the test still alive: $leaked"))
        when (problems.size) {
            0 -> return
            1 -> throw problems[0]
            else -> throw AssertionError("teardown found ${problems.size} problems: ${problems.map { it.message }}")
                .also { all -> problems.forEach { all.addSuppressed(it) } }
        }
    }

    private fun leakedThreads(before: Set<Thread>): List<Thread> {
        val deadline = System.nanoTime() + 5_000_000_000L
        return Thread.getAllStackTraces().keys.filter { t ->
            if (t in before || t.isDaemon || !t.isAlive || t === Thread.currentThread()) return@filter false
            val left = (deadline - System.nanoTime()) / 1_000_000
            if (left > 0) t.join(left)
            t.isAlive
        }
    }
}
