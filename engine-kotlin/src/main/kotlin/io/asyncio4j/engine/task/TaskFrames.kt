package io.asyncio4j.engine.task

/**
 * Debug mode: a suppressed exception on a task's failure or CancelledError that carries the user's frames, where
 * the task was created or where its chain last awaited (see Task.attachTaskFrames), so a stack trace shows the
 * program's own lines next to the loop's. Its frames are recorded ones (engine, JDK and Kotlin runtime frames
 * left out), not where this object was made.
 */
public class TaskFrames internal constructor(
    task: Task<*>,
    message: String,
    frames: Array<StackTraceElement>,
) : RuntimeException(message, null, false, true) {
    // Weak: an exception outlives its task (a Cleaner's never-retrieved report holds it), and must not keep the
    // task (and so its coroutine) alive through this.
    private val task = java.lang.ref.WeakReference<Task<*>>(task)

    /** True if these frames are [task]'s. */
    @JvmSynthetic
    internal fun isOf(task: Task<*>): Boolean = this.task.get() === task

    init {
        val user = frames.filter { !isInternal(it.className) }
        stackTrace = (if (user.isEmpty()) frames.toList() else user).toTypedArray()
    }

    private companion object {
        private val INTERNAL = listOf(
            "io.asyncio4j.engine.", "java.util.concurrent.", "kotlin.", "kotlinx.", "jdk.internal.", "java.lang.reflect.",
            "java.lang.Thread",
        )

        fun isInternal(className: String): Boolean = INTERNAL.any { className.startsWith(it) }
    }
}
