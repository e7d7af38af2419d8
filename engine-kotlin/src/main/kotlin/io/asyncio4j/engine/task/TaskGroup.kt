package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.ExceptionGroup
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletionStage
import java.util.function.Consumer
import java.util.function.Function

/**
 * asyncio.TaskGroup (taskgroups.py, 3.13's exit logic): structured concurrency for the tasks made with
 * [createTask] inside the group's body.
 *
 * Python writes `async with TaskGroup() as tg: tg.create_task(...)`; Java scopes the body as a call,
 * `taskGroup(tg -> { tg.createTask(...); return ...; })`, Kotlin `taskGroup { tg -> ... }`. The returned stage
 * completes after the body AND every child are done.
 *
 * Specification:
 *  - the body runs in the current task (the parent), which must exist;
 *  - when a child fails (an exception other than CancelledError), every other child is cancelled and so is the
 *    parent (to interrupt the body); that cancellation of the parent is taken back (`uncancel`) at exit and
 *    does not propagate;
 *  - when the body fails, the children are cancelled; its exception joins the children's;
 *  - when the parent is cancelled from outside (during the body or while the group waits for its children),
 *    the children are cancelled, and CancelledError propagates once they are done, unless there are errors;
 *  - errors surface together as one [ExceptionGroup] ("unhandled errors in a TaskGroup"), children's errors
 *    first in the order they happened, then the body's; nested groups nest their groups;
 *  - createTask fails once the group is shutting down (a child failed, or cancelled) or finished.
 *
 * Invariant: [tasks] holds exactly the children not yet done (their done-callback removes them).
 */
public class TaskGroup {
    private var entered = false
    private var exiting = false
    private var aborting = false
    private var loop: EventLoop? = null
    private var parentTask: Task<*>? = null
    private var parentCancelRequested = false
    private val tasks = LinkedHashSet<Task<*>>()
    private val errors = ArrayList<Throwable>()
    private var onCompletedFut: Future<Boolean>? = null

    private val onTaskDone = ChildDone(this)

    /** The parent task, once entered: a pending child is awaited by it (3.14's graph edge, task/Graph.kt). */
    @JvmSynthetic internal fun parent(): Task<*>? = parentTask

    /** A child's done-callback; Graph.kt finds the group of a child through it (no per-child bookkeeping). */
    internal class ChildDone(val group: TaskGroup) : Consumer<Future<*>> {
        override fun accept(t: Future<*>) = group.taskDone(t as Task<*>)
    }

    /** Runs [body] in this group in the current task; see the class comment. */
    public fun <T> run(body: Function<TaskGroup, out CompletionStage<T>>): CompletionStage<T> {
        requireNotNull(body) { "body must not be null" }
        enter()
        val loop = this.loop!!
        val stage: CompletionStage<T> = try {
            body.apply(this) ?: throw NullPointerException("task group body returned null instead of a CompletionStage")
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            return exit(Futures.unwrap(e)).thenApply { null }
        }
        return Futures.awaitable(stage, loop).handle { value, failure -> Outcome(value, failure?.let { Futures.unwrap(it) }) }
            .thenCompose { outcome -> exit(outcome.failure).thenApply { if (outcome.failure == null) outcome.value else null } }
    }

    /**
     * Creates a child task running [coro] (TaskGroup.create_task). Java calls it `createTask`; in Kotlin
     * `tg.createTask { ... }` takes a suspend block (KotlinWaiting.kt), so this form is `createTaskOf` there.
     */
    @JvmName("createTask")
    public fun <T> createTaskOf(coro: Coroutine<T>): Task<T> = createTaskOf(coro, null)

    /** Creates a child task running [coro] named [name] (TaskGroup.create_task(coro, name=name)); IllegalStateException if the group was not entered, is shutting down or has finished. */
    @JvmName("createTask")
    public fun <T> createTaskOf(coro: Coroutine<T>, name: String?): Task<T> = createChild(coro, name, null)

    /** [createTaskOf] with `context=` (TaskGroup.create_task(..., context=ctx)): see EventLoop.createTask. */
    @JvmName("createTask")
    public fun <T> createTaskOf(coro: Coroutine<T>, name: String?, context: io.asyncio4j.engine.contextvars.Context): Task<T> {
        requireNotNull(context) { "context must not be null" }
        return createChild(coro, name, context)
    }

    private fun <T> createChild(coro: Coroutine<T>, name: String?, context: io.asyncio4j.engine.contextvars.Context?): Task<T> {
        requireNotNull(coro) { "coro must not be null" }
        if (!entered) throw IllegalStateException("TaskGroup $this has not been entered")
        if (exiting && tasks.isEmpty()) throw IllegalStateException("TaskGroup $this is finished")
        if (aborting) throw IllegalStateException("TaskGroup $this is shutting down")
        val task = if (context == null) loop!!.createTask(coro, name) else loop!!.createTask(coro, name, context)
        tasks.add(task)
        @Suppress("UNCHECKED_CAST")
        (task as Task<Any?>).addDoneCallback(onTaskDone as Consumer<in Future<Any?>>)
        if (aborting && !task.done()) task.cancel()
        return task
    }

    /** `__aenter__`. */
    @JvmSynthetic internal fun enter() {
        if (entered) throw IllegalStateException("TaskGroup $this has already been entered")
        val loop = Events.getRunningLoop()
        this.loop = loop
        parentTask = loop.currentTask() ?: throw IllegalStateException("TaskGroup $this cannot determine the parent task")
        entered = true
    }

    /**
     * `__aexit__` with the body's exception (null if it returned): a stage that completes (with null) when all
     * children are done and nothing is to be raised, or fails with what the group raises.
     */
    @JvmSynthetic internal fun exit(failure: Throwable?): CompletionStage<Void?> {
        exiting = true
        val state = ExitState(if (failure is CancellationException) failure else null)
        if (failure != null && !aborting) abort()
        val result = Stage<Void?>(loop!!)
        awaitChildren(failure, state, result)
        return result
    }

    private class ExitState(var propagateCancellation: CancellationException?) {
        var pendingCancellation: CancellationException? = null
    }

    private class Outcome<T>(val value: T?, val failure: Throwable?)

    /** The `while self._tasks: await self._on_completed_fut` loop, then the verdict. */
    private fun awaitChildren(failure: Throwable?, state: ExitState, result: Stage<Void?>) {
        if (tasks.isNotEmpty()) {
            val fut = onCompletedFut ?: Future<Boolean>(loop!!).also { onCompletedFut = it }
            Futures.awaitable(fut, loop!!).whenComplete { _, e ->
                val cause = e?.let { Futures.unwrap(it) }
                if (cause is CancellationException) {
                    state.pendingCancellation = cause
                    if (!aborting) {
                        state.propagateCancellation = cause
                        abort()
                    }
                }
                onCompletedFut = null
                awaitChildren(failure, state, result)
            }
            return
        }
        val parent = parentTask!!
        if (parentCancelRequested) {
            if (parent.uncancel() == 0) {
                state.propagateCancellation = null
            } else if (state.propagateCancellation == null) {
                state.propagateCancellation = state.pendingCancellation
            }
        }
        val cancel = state.propagateCancellation
        if (cancel != null && errors.isEmpty()) {
            result.completeExceptionally(cancel)
            return
        }
        if (failure != null && failure !is CancellationException) errors.add(failure)
        if (errors.isNotEmpty()) {
            if (parent.cancelling() > 0) {
                parent.uncancel()
                parent.cancel()
            }
            result.completeExceptionally(ExceptionGroup("unhandled errors in a TaskGroup", ArrayList(errors)))
            errors.clear()
            return
        }
        result.complete(null)
    }

    private fun abort() {
        aborting = true
        for (t in ArrayList(tasks)) if (!t.done()) t.cancel()
    }

    private fun taskDone(task: Task<*>) {
        tasks.remove(task)
        val fut = onCompletedFut
        if (fut != null && tasks.isEmpty() && !fut.done()) fut.setResult(true)
        if (task.cancelled()) return
        val exc = task.exception() ?: return
        errors.add(exc)
        val parent = parentTask!!
        if (parent.done()) {
            loop!!.callExceptionHandler(
                linkedMapOf(
                    "message" to "Task $task has errored out but its parent task $parent is already completed",
                    "exception" to exc,
                    "task" to task,
                ),
            )
            return
        }
        if (!aborting && !parentCancelRequested) {
            abort()
            parentCancelRequested = true
            parent.cancel()
        }
    }

    override fun toString(): String {
        val info = StringBuilder("<TaskGroup")
        if (tasks.isNotEmpty()) info.append(" tasks=").append(tasks.size)
        if (errors.isNotEmpty()) info.append(" errors=").append(errors.size)
        if (aborting) info.append(" cancelling") else if (entered) info.append(" entered")
        return info.append('>').toString()
    }
}
