package io.asyncio4j.engine.testkit

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.net.Server
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.testing.TestLoops
import java.net.InetSocketAddress
import org.junit.jupiter.api.AfterEach

/**
 * Base of the tests that need a real-time loop (real sockets, real threads): [run] runs a suspend block as a
 * task on [loop] until it is done. A watchdog timer cancels the task after [watchdogSeconds], so a hang fails
 * instead of spinning; any error that reached the loop's exception handler and was not taken out of
 * [loopErrors] by the test fails it. The loop is the published kit's ([TestLoops], real time): after each test
 * its teardown closes the loop and fails on a task left pending, a transport or socket left open, an exception
 * never retrieved or a leaked thread.
 */
abstract class RealLoopTest(private val watchdogSeconds: Double = 20.0) {
    private val kit = TestLoops(realTime = true)
    protected val loop: EventLoop = kit.loop()

    /** Errors that reached the loop's exception handler: each test fails if there is one it did not expect. */
    protected val loopErrors: ArrayList<Map<String, Any?>> = ArrayList()

    @AfterEach
    fun closeLoop() {
        if (loop.isClosed()) return
        kit.verifyOrThrow()
    }

    // Returns Unit on purpose: `fun x() = run { ... }` must be a void method, or JUnit skips it silently
    // (TestMethodsReturnVoidTest checks every test).
    protected fun run(block: suspend () -> Unit) {
        loop.setExceptionHandler { _, context -> loopErrors.add(context) }
        val task = loop.createTask(null, block)
        val watchdog = loop.callLater(watchdogSeconds) { task.cancel("watchdog: test took more than $watchdogSeconds s") }
        try {
            loop.runUntilComplete(task)
        } finally {
            watchdog.cancel()
            if (loopErrors.isNotEmpty()) throw AssertionError("unhandled errors on the loop: $loopErrors")
        }
    }

    /** Waits (polling every millisecond, at most about 10 s) until [condition] holds; fails naming [what]. */
    protected suspend fun until(what: String, condition: () -> Boolean) {
        var n = 0
        while (!condition()) {
            sleep(0.001)
            if (++n > 10_000) throw AssertionError("condition not reached: $what")
        }
    }

    /** The port a server listening on an IP address got (servers bind port 0). */
    protected fun port(server: Server): Int = (server.sockets()[0].localAddress as InetSocketAddress).port

    /** What [block] threw, or null if it returned (any Throwable, CancelledError included). */
    protected suspend fun failure(block: suspend () -> Any?): Throwable? =
        try {
            block()
            null
        } catch (e: Throwable) {
            e
        }
}
