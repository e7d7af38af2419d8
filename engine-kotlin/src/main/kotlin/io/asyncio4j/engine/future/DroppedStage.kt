package io.asyncio4j.engine.future

import io.asyncio4j.engine.loop.EventLoop
import java.lang.ref.Cleaner

/**
 * Dropped work (asyncio's "exception was never retrieved" and debug mode's "coroutine ... was never awaited"
 * for the stages of Java chains): the report for one [Stage] that nobody was chaining on at the end of the loop
 * iteration that made it ([Stage.checkDropped]). It runs as a Cleaner action when that stage is garbage collected
 * and, unless the stage was observed since ([retrieved]: a continuation, join/get), tells the loop's exception
 * handler: "Stage exception was never retrieved" if it failed, or (debug mode, where the creation frames were
 * recorded) "a stage created at ... was never awaited". Like [UnretrievedException], it holds no reference to
 * the stage, and posts the report to the loop thread.
 */
internal class DroppedStage(
    private val loop: EventLoop,
    private val createdAt: Throwable?,
) : Runnable, java.util.function.BiConsumer<Any?, Throwable?> {
    /** Set when the stage's outcome reached user code after it was found dropped. */
    @Volatile var retrieved = false

    /** The stage's failure, once it failed (null: pending, or a result). */
    @Volatile private var failure: Throwable? = null

    /** The stage's outcome arrived ([accept] is the stage's one watching dependent, or called at once when done). */
    override fun accept(value: Any?, error: Throwable?) {
        if (error != null) failure = Futures.unwrap(error)
    }

    override fun run() {
        if (retrieved || loop.isClosed()) return
        val f = failure
        val context = linkedMapOf<String, Any?>()
        if (f != null) {
            context["message"] = "Stage exception was never retrieved"
            context["exception"] = f
        } else if (createdAt != null) {
            context["message"] = "a stage created at ${firstUserFrame(createdAt)} was never awaited"
        } else {
            return
        }
        if (createdAt != null) context["source_traceback"] = createdAt.stackTrace.joinToString("\n  at ", "\n  at ")
        try {
            loop.callSoonThreadsafe { loop.callExceptionHandler(context) }
        } catch (_: IllegalStateException) {
            // the loop closed meanwhile: nobody to report to
        }
    }

    companion object {
        private val CLEANER: Cleaner = Cleaner.create()

        /** Watches [stage] (found dropped) until it is collected; [createdAt]: its creation frames (debug mode). */
        fun watch(stage: Stage<*>, loop: EventLoop, createdAt: Throwable?): DroppedStage {
            val report = DroppedStage(loop, createdAt)
            CLEANER.register(stage, report)
            return report
        }

        /** The first frame of the user's code (not the engine's, the JDK's or the Kotlin runtime's). */
        fun firstUserFrame(createdAt: Throwable): String {
            val frames = createdAt.stackTrace
            val user = frames.firstOrNull { f ->
                val c = f.className
                !c.startsWith("io.asyncio4j.engine.") && !c.startsWith("io.asyncio4j.Asyncio") &&
                    !c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("kotlin")
            }
            return (user ?: frames.firstOrNull())?.toString() ?: "<unknown>"
        }
    }
}
