package io.asyncio4j.engine.testing

import io.asyncio4j.engine.loop.Clock
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.task.Coroutine
import java.util.Collections

/**
 * The loops of one test and the leak checks of its teardown: the machinery under the JUnit extension
 * (`io.asyncio4j.testing.AsyncioTest`) and Kotlin's [runAsyncioTest]. Make one per test, when the test starts
 * (it notes the live threads then), and call [verify] when it ends.
 *
 *  - [loop] is the test's loop: virtual time unless made with `realTime = true`. [verify] closes it.
 *  - [newLoop] / [newRealTimeLoop] make more loops; **the test must close them** ([close] closes one with the
 *    checks below); [verify] reports one left open, and closes it.
 *  - Every loop made here records what reaches its exception handler; [verify] reports every recorded context
 *    the test did not take with [takeLoopErrors]. A test that installs its own handler takes over that loop's
 *    errors.
 *
 * What [verify] (and [close]) report, each naming what leaked:
 *  - a task left pending (its name, coroutine and what it awaits);
 *  - an exception stored in a future or task that nobody retrieved (asyncio's "exception was never retrieved",
 *    found at once, without waiting for the garbage collector);
 *  - a transport, server or socket still open on the loop's selector;
 *  - a loop still running, or left unclosed; a loop still registered as running in the test thread;
 *  - a failed or unfinished [Ordering];
 *  - a non-daemon thread started during the test and still alive after a 5 s grace period.
 *
 * Not thread-safe except [takeLoopErrors]/[loopErrors]: use it from the test thread.
 */
public class TestLoops @JvmOverloads public constructor(private val realTime: Boolean = false) {
    private val threadsBefore: Set<Thread> = HashSet(Thread.getAllStackTraces().keys)
    private val loops = ArrayList<EventLoop>()
    private val errors: MutableList<Map<String, Any?>> = Collections.synchronizedList(ArrayList())
    private val problems = ArrayList<AssertionError>()
    private var main: EventLoop? = null

    /** The test's loop (made on first use; virtual time unless `realTime`); [verify] closes it. */
    public fun loop(): EventLoop = main ?: track(EventLoop(if (realTime) Clock.monotonic() else Clock.virtual())).also { main = it }

    /** Runs [coro] in a task on [loop] until it is done (loop.runUntilComplete) and returns its result. */
    public fun <T> run(coro: Coroutine<T>): T = loop().runUntilComplete(coro)

    /** Another virtual-time loop; the test must close it. */
    public fun newLoop(): EventLoop = track(EventLoop(Clock.virtual()))

    /** A loop on the real monotonic clock (thread wake-up tests); the test must close it. */
    public fun newRealTimeLoop(): EventLoop = track(EventLoop(Clock.monotonic()))

    /** The exception-handler contexts recorded so far, forgotten once taken (they no longer fail the test). */
    public fun takeLoopErrors(): List<Map<String, Any?>> = synchronized(errors) { ArrayList(errors).also { errors.clear() } }

    /** The recorded contexts, without taking them. */
    public fun loopErrors(): List<Map<String, Any?>> = synchronized(errors) { ArrayList(errors) }

    /**
     * Closes [loop] (one made here) after checking it for pending tasks, unretrieved exceptions and open
     * transports; what it finds is reported by [verify]. No-op on a closed loop. Throws IllegalStateException
     * on a running one, as [EventLoop.close] does.
     */
    public fun close(loop: EventLoop) {
        if (loop.isClosed()) return
        check(!loop.isRunning()) { "Cannot close a running event loop" }
        checkLeaks(loop)
        loop.close()
    }

    /**
     * The teardown: closes every loop made here, runs every check and returns what failed (empty: nothing
     * leaked). [ordering], when given, must be complete. Call once, from the thread that ran the test.
     */
    @JvmOverloads
    public fun verify(ordering: Ordering? = null): List<AssertionError> {
        for (l in loops) {
            when {
                l.isRunning() -> {
                    problems.add(AssertionError("event loop still running at the end of the test: $l"))
                    l.stop()
                }
                l === main -> close(l)
                !l.isClosed() -> {
                    problems.add(AssertionError("event loop left unclosed by the test: $l"))
                    close(l)
                }
            }
        }
        val left = takeLoopErrors()
        if (left.isNotEmpty()) {
            val e = AssertionError(
                "${left.size} unexpected error(s) reached a loop's exception handler (take expected ones with " +
                    "takeLoopErrors()): " + describe(left),
            )
            left.forEach { c -> (c["exception"] as? Throwable)?.let { e.addSuppressed(it) } }
            problems.add(e)
        }
        ordering?.verifyComplete()?.let { problems.add(it) }
        Events.getRunningLoopOrNull()?.let {
            problems.add(AssertionError("a loop is still registered as running in the test thread: $it"))
        }
        val leaked = leakedThreads(threadsBefore, THREAD_GRACE_MILLIS)
        if (leaked.isNotEmpty()) {
            problems.add(AssertionError("non-daemon thread(s) started by the test still alive: " + leaked.joinToString { "'${it.name}'" }))
        }
        return ArrayList(problems).also { problems.clear() }
    }

    /** [verify], throwing the problem (or one AssertionError carrying them all as suppressed) if there is any. */
    @JvmOverloads
    public fun verifyOrThrow(ordering: Ordering? = null) {
        throwAll(verify(ordering))
    }

    private fun checkLeaks(loop: EventLoop) {
        val pending = loop.allTasks().toList()
        if (pending.isNotEmpty()) {
            // Reported here by name; the loop's own "Task was destroyed but it is pending!" would say it again.
            pending.forEach { it.logDestroyPending = false }
            problems.add(AssertionError("${pending.size} task(s) left pending at the end of the test: " + pending.joinToString("\n  ", "\n  ")))
        }
        // A transport closed by the test closes its channel some iterations later (connection_lost), and a peer's
        // close arrives as I/O: give the loop up to 20 short runs (5 ms of its clock each) before calling an
        // open channel leaked. Skipped when nothing is open; pending tasks were reported above already.
        var rounds = 0
        while (loop.openChannels().isNotEmpty() && rounds++ < 20) {
            loop.callLater(0.005) { loop.stop() }
            loop.runForever()
        }
        if (rounds > 0) {
            val open = loop.openChannels()
            if (open.isNotEmpty()) {
                problems.add(AssertionError("${open.size} transport(s)/socket(s) left open on the loop: " + open.joinToString("\n  ", "\n  ") { describeChannel(it) }))
                open.forEach { runCatching { it.close() } }
            }
        }
        val unretrieved = loop.unretrievedExceptions.toList()
        if (unretrieved.isNotEmpty()) {
            val e = AssertionError("${unretrieved.size} exception(s) never retrieved: " + unretrieved.joinToString("\n  ", "\n  "))
            unretrieved.forEach { it.retrieved = true; e.addSuppressed(it.exception()) }
            problems.add(e)
        }
    }

    private fun track(loop: EventLoop): EventLoop {
        loop.setExceptionHandler { _, context -> errors.add(LinkedHashMap(context)) }
        loops.add(loop)
        return loop
    }

    private companion object {
        const val THREAD_GRACE_MILLIS = 5_000L

        fun describe(contexts: List<Map<String, Any?>>): String = contexts.joinToString("") { c ->
            "\n  ${c["message"]}" + (c["exception"]?.let { " [$it]" } ?: "") + (c["task"]?.let { " $it" } ?: "")
        }

        /** "server socket /127.0.0.1:40123", "socket /127.0.0.1:5 -> /127.0.0.1:6": the JDK's toString varies. */
        fun describeChannel(c: java.nio.channels.SelectableChannel): String {
            val local = runCatching { (c as? java.nio.channels.NetworkChannel)?.localAddress }.getOrNull()
            return when (c) {
                is java.nio.channels.ServerSocketChannel -> "server socket $local"
                is java.nio.channels.SocketChannel -> "socket $local -> ${runCatching { c.remoteAddress }.getOrNull()}"
                is java.nio.channels.DatagramChannel -> "datagram socket $local"
                else -> c.toString()
            }
        }

        fun leakedThreads(before: Set<Thread>, graceMillis: Long): List<Thread> {
            val deadline = System.nanoTime() + graceMillis * 1_000_000
            return Thread.getAllStackTraces().keys.filter { t ->
                if (t in before || t.isDaemon || !t.isAlive || t === Thread.currentThread()) return@filter false
                val left = (deadline - System.nanoTime()) / 1_000_000
                if (left > 0) t.join(left)
                t.isAlive
            }
        }
    }
}

/** Throws nothing for no problem, the problem itself for one, else one AssertionError with all as suppressed. */
@JvmSynthetic internal fun throwAll(problems: List<AssertionError>) {
    when (problems.size) {
        0 -> return
        1 -> throw problems[0]
        else -> throw AssertionError("asyncio test teardown found ${problems.size} problems:\n" + problems.joinToString("\n") { "- ${it.message}" })
            .also { all -> problems.forEach { all.addSuppressed(it) } }
    }
}
