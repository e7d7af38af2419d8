package io.asyncio4j.engine.task

import io.asyncio4j.engine.loop.EventLoop

/** Makes the tasks of `EventLoop.createTask` (asyncio's task factory, set with loop.set_task_factory). */
public fun interface TaskFactory {
    public fun create(loop: EventLoop, coro: Coroutine<*>, name: String?): Task<*>

    public companion object {
        /**
         * Python 3.12's eager_task_factory: a task created while the loop runs starts at once, inside
         * createTask, up to its first real wait; a coroutine that never waits completes without being scheduled.
         */
        @JvmField
        public val EAGER: TaskFactory = TaskFactory { loop, coro, name ->
            @Suppress("UNCHECKED_CAST")
            Task(loop, coro as Coroutine<Any?>, name, true)
        }
    }
}
