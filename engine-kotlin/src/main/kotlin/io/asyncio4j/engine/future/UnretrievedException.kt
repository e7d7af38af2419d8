package io.asyncio4j.engine.future

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.task.Task
import java.lang.ref.Cleaner

/**
 * Reports "Future/Task exception was never retrieved" when a future holding an exception nobody looked at is
 * garbage collected (asyncio does it in Future.__del__). The Cleaner action must not reference the future, so
 * it keeps only the loop, the exception and a [CollectedFuture] made when the exception was set. The report is
 * posted to the loop thread with callSoonThreadsafe, so the exception handler still runs on the loop.
 */
internal class UnretrievedException private constructor(
    private val loop: EventLoop,
    private val exception: Throwable,
    private val collected: CollectedFuture,
) : Runnable {
    @Volatile @get:JvmSynthetic @set:JvmSynthetic var retrieved = false
        set(value) {
            field = value
            if (value) loop.unretrievedExceptions.remove(this)
        }

    /** The report's message (asyncio's wording), also used by the testing kit for one still alive at teardown. */
    @get:JvmSynthetic val message: String
        get() = if (collected.isTask()) "Task exception was never retrieved" else "Future exception was never retrieved"

    /** The future's description taken when the exception was set, and the exception: what the kit names. */
    override fun toString(): String = "$message: ${collected.repr()} [$exception]"

    /** The exception nobody retrieved. */
    @JvmSynthetic fun exception(): Throwable = exception

    override fun run() {
        loop.unretrievedExceptions.remove(this)
        if (retrieved || loop.isClosed()) return
        val context = linkedMapOf<String, Any?>(
            "message" to message,
            "exception" to exception,
            "future" to collected, // asyncio's key for tasks too (Future.__del__); its toString() is the repr
        )
        try {
            loop.callSoonThreadsafe { loop.callExceptionHandler(context) }
        } catch (_: IllegalStateException) {
            // the loop closed meanwhile: nobody to report to
        }
    }

    companion object {
        private val CLEANER: Cleaner = Cleaner.create()

        @JvmSynthetic fun watch(future: Future<*>, loop: EventLoop, exception: Throwable): UnretrievedException {
            val name = if (future is Task<*>) future.getName() else null
            val report = UnretrievedException(loop, exception, CollectedFuture(future.toString(), name, exception, future is Task<*>))
            CLEANER.register(future, report)
            loop.unretrievedExceptions.add(report)
            return report
        }
    }
}
