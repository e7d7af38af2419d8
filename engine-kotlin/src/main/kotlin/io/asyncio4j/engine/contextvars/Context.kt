package io.asyncio4j.engine.contextvars

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.task.Task
import java.util.concurrent.Callable

/**
 * A mapping of [ContextVar]s to values (Python's contextvars.Context).
 *
 * Where the current context lives: while a task's step or one of its continuations runs on the loop
 * thread, the current context is the task's own (captured as a copy of its creator's context when the task
 * was created, so a task sees the context of the code that created it and its changes stay inside it);
 * anywhere else it is the thread's context (a thread-local, empty at first). [run] makes a context current for
 * the duration of a call, which is how `toThread` carries the caller's context into a worker thread.
 *
 * Invariant: [values] is never mutated; `ContextVar.set` replaces it with a modified copy, so [copy] is O(1)
 * and a copy never sees later changes of the original.
 */
public class Context private constructor(@Volatile @get:JvmSynthetic @set:JvmSynthetic internal var values: Map<ContextVar<*>, Any?>) {
    /** An empty context. */
    public constructor() : this(emptyMap())

    /** A new context holding the same values (Context.copy); later changes to either stay apart. */
    public fun copy(): Context = Context(values)

    /** The value [variable] has in this context, or null if it is not set here. */
    public operator fun <T> get(variable: ContextVar<T>): T? {
        @Suppress("UNCHECKED_CAST")
        return values[variable] as T?
    }

    /** True if [variable] is set in this context (Python's `var in ctx`). */
    public fun containsKey(variable: ContextVar<*>): Boolean = values.containsKey(variable)

    /** The number of variables set in this context (Python's `len(ctx)`). */
    public fun size(): Int = values.size

    /** The variables set in this context. */
    public fun keys(): Set<ContextVar<*>> = values.keys

    /** Calls [function] with this context current (Context.run); the previous one is restored afterwards. */
    public fun <T> run(function: Callable<T>): T {
        val task = currentTaskOrNull()
        if (task != null) {
            val previous = task.context
            task.context = this
            try {
                return function.call()
            } finally {
                task.context = previous
            }
        }
        val previous = THREAD_CONTEXT.get()
        THREAD_CONTEXT.set(this)
        try {
            return function.call()
        } finally {
            THREAD_CONTEXT.set(previous)
        }
    }

    override fun toString(): String = "<Context ${values.entries.joinToString(", ") { "${it.key.name}=${it.value}" }}>"

    /** The static functions: [current] and [copyContext] (Java: `Context.current()`, `Context.copyContext()`). */
    public companion object {
        private val THREAD_CONTEXT = ThreadLocal.withInitial { Context() }

        /** The current context: the running task's, or this thread's. */
        @JvmStatic
        public fun current(): Context = currentTaskOrNull()?.context ?: THREAD_CONTEXT.get()

        /** A copy of the current context (contextvars.copy_context). */
        @JvmStatic
        public fun copyContext(): Context = current().copy()

        private fun currentTaskOrNull(): Task<*>? = Events.getRunningLoopOrNull()?.currentTask()

        /** What a task created now on [loop] starts with: its creator's values (the current task's, or the thread's). */
        @JvmSynthetic internal fun valuesForNewTask(loop: EventLoop): Map<ContextVar<*>, Any?> {
            val creator = loop.currentTask()
            @Suppress("UNCHECKED_CAST")
            return if (creator != null) creator.contextValuesForChild() as Map<ContextVar<*>, Any?> else THREAD_CONTEXT.get().values
        }

        @JvmSynthetic internal fun of(values: Map<ContextVar<*>, Any?>): Context = Context(values)
    }
}
