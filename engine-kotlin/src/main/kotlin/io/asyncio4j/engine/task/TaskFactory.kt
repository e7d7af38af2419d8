package io.asyncio4j.engine.task

import io.asyncio4j.engine.loop.EventLoop

/** Makes the tasks of `EventLoop.createTask` (asyncio's task factory, set with loop.set_task_factory). */
public fun interface TaskFactory {
    /** Makes the task for [coro] on [loop], named [name] (null: the default "Task-N"). */
    public fun create(loop: EventLoop, coro: Coroutine<*>, name: String?): Task<*>

    /** The eager factories: [EAGER] and [createEager] (Java: `TaskFactory.EAGER`, `TaskFactory.createEager(...)`). */
    public companion object {
        /**
         * Python 3.12's eager_task_factory: a task created while the loop runs starts at once, inside
         * createTask, up to its first real wait; a coroutine that never waits completes without being scheduled.
         */
        @JvmField
        public val EAGER: TaskFactory = createEager { loop, coro, name, eagerStart ->
            @Suppress("UNCHECKED_CAST")
            Task(loop, coro as Coroutine<Any?>, name, eagerStart)
        }

        /**
         * Python 3.12's create_eager_task_factory(custom_task_constructor): a factory that makes its tasks with
         * [constructor] (a Task subclass, say), always asking for an eager start.
         */
        @JvmStatic
        public fun createEager(constructor: TaskConstructor): TaskFactory =
            TaskFactory { loop, coro, name -> constructor.create(loop, coro, name, true) }
    }
}

/**
 * What [TaskFactory.createEager] builds tasks with (asyncio's custom_task_constructor): typically a Task
 * subclass's constructor, `(loop, coro, name, eagerStart) -> new MyTask<>(loop, coro, name, eagerStart)`.
 */
public fun interface TaskConstructor {
    /** Makes a task for [coro] on [loop] named [name], starting it eagerly if [eagerStart]. */
    public fun create(loop: EventLoop, coro: Coroutine<*>, name: String?, eagerStart: Boolean): Task<*>
}
