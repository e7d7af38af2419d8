package io.asyncio4j.engine.loop

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.task.Coroutine
import io.asyncio4j.engine.task.Task
import io.asyncio4j.engine.task.TaskFactory
import java.lang.ref.WeakReference
import java.time.Duration
import java.util.ArrayDeque
import java.util.WeakHashMap
import java.util.concurrent.Callable
import java.util.concurrent.CompletionStage
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executor
import java.util.concurrent.ExecutorService
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.ThreadFactory
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * The event loop (asyncio's AbstractEventLoop + BaseEventLoop): a FIFO ready queue, a timer heap, and a
 * [Poller] it blocks in when idle. It runs on the thread that calls [runForever]/[runUntilComplete].
 *
 * Threading: every method except [callSoonThreadsafe], [stop], [time], [isRunning], [isClosed] and [getDebug]
 * belongs to the loop's thread while the loop runs; calling one from another thread fails at once with
 * asyncio's "Non-thread-safe operation invoked on an event loop other than the current one" (asyncio only
 * checks in debug mode; on the JVM an unsynchronised queue would lose callbacks, so we always check).
 * Before the loop runs, any single thread may set it up.
 */
public class EventLoop @JvmOverloads constructor(
    private val clock: Clock = Clock.monotonic(),
) {
    @Volatile @get:JvmSynthetic internal var poller: Poller = ParkingPoller()
        private set

    /**
     * Replaces the parking poller by [replacement] (the networking layer's selector, on first use). Loop thread
     * only, never while the loop waits in the old poller, so no wakeup meant for the new one is lost.
     */
    @JvmSynthetic internal fun installPoller(replacement: Poller) {
        checkThread("installPoller")
        val old = poller
        replacement.attach(owner)
        poller = replacement
        old.attach(null)
        old.close()
    }

    /** Appends an existing [handle] to the ready queue (asyncio's _add_callback: I/O events during poll). */
    @JvmSynthetic internal fun addReady(handle: Handle) {
        ready.addLast(handle)
    }

    // --- State. Invariant: `ready` and `timers` are touched only by the thread that owns the loop
    // (the running thread, or the set-up thread before it runs); other threads go through `incoming`.
    // Entries are Handles, or Futures that are their own scheduled step ([Future.runScheduled]: a future's
    // done-callbacks, one object fewer per completion than a Handle wrapping them). Both run in FIFO order.
    private val ready = ArrayDeque<Any>()
    private val incoming = ConcurrentLinkedQueue<Handle>()
    private val timers = TimerQueue()
    private var timerSequence = 0L

    /** The thread running the loop, or null while it is not running. Set under [startLock]. */
    @Volatile private var owner: Thread? = null
    private val startLock = Any()

    /**
     * The thread that may use the loop directly while it is not running: the one that last ran it, or that
     * created it if it never ran. JDK mutators called from any other thread hop through callSoonThreadsafe
     * even while the loop is not running (see [isHomeThread]).
     */
    @Volatile private var homeThread: Thread = Thread.currentThread()
    @Volatile private var stopping = false
    @Volatile private var closed = false

    /** Ready entries run since the loop last polled its poller (see [Poller.BUSY_POLL_INTERVAL]); loop thread only. */
    private var callbacksSincePoll = 0

    /** True while the loop thread may block in the poller: a producer must then wake it. */
    @Volatile private var waiting = false

    /** The task whose step (or chain continuation) is running now; loop thread only. */
    @JvmField @field:JvmSynthetic internal var currentTask: Task<*>? = null

    // Pending tasks of this loop, as an intrusive doubly linked list (no allocation per task).
    @get:JvmSynthetic @set:JvmSynthetic internal var firstTask: Task<*>? = null

    /** Direct-style coroutine bodies that have not ended (task/DirectRun.kt), an intrusive list; loop thread only. */
    @get:JvmSynthetic @set:JvmSynthetic internal var directRuns: io.asyncio4j.engine.task.DirectRun<*>? = null

    /**
     * The "awaited by" edges user code declared with futureAddToAwaitedBy (task/Graph.kt), made on first use:
     * a weak map future -> waiters, so a future nobody discards does not stay alive. Loop thread only.
     */
    @get:JvmSynthetic @set:JvmSynthetic internal var declaredAwaitedBy: WeakHashMap<Future<*>, ArrayList<WeakReference<Future<*>>>>? = null

    @Volatile private var exceptionHandler: ExceptionHandler? = null
    @Volatile private var debug: Boolean = Events.debugFromEnvironment()
    @Volatile private var slowCallbackDuration: Double = 0.1
    private var taskFactory: TaskFactory? = null

    /** This loop as a kotlinx-coroutines dispatcher (for Kotlin tasks), made on first use. */
    /**
     * The "exception was never retrieved" watches of this loop's futures that are neither retrieved nor reported
     * yet (added when an exception is stored, removed when it is retrieved or the Cleaner reports it). Only failed
     * futures are in it, so it costs nothing on the success path; the testing kit reads it at teardown to name
     * failures nobody looked at without waiting for the garbage collector. Any thread (the Cleaner's too).
     */
    @get:JvmSynthetic internal val unretrievedExceptions: MutableSet<io.asyncio4j.engine.future.UnretrievedException> =
        java.util.concurrent.ConcurrentHashMap.newKeySet()

    /** Channels registered with this loop's selector that are still open (transports, servers, add_reader). */
    @JvmSynthetic internal fun openChannels(): List<java.nio.channels.SelectableChannel> {
        val selector = (poller as? io.asyncio4j.engine.selector.SelectorPoller)?.selector ?: return emptyList()
        if (!selector.isOpen) return emptyList()
        return selector.keys().map { it.channel() }.filter { it.isOpen }
    }

    @get:JvmSynthetic internal val dispatcher: LoopDispatcher by lazy { LoopDispatcher(this) }

    @Volatile private var defaultExecutor: Executor? = null
    private var executorShutdownCalled = false

    // ------------------------------------------------------------------------------------------------
    // Running and stopping the loop.

    /** Runs until [stop] is called. The current batch of ready callbacks finishes first, as in asyncio. */
    public fun runForever() {
        val thread = Thread.currentThread()
        // Checked and claimed in one step: two threads calling runForever at once must not both run the loop
        // (only the start takes the lock; the loop's own path never does).
        synchronized(startLock) {
            checkClosed()
            checkNotRunning()
            owner = thread
        }
        homeThread = thread
        poller.attach(thread)
        Events.setRunningLoop(this)
        val management = io.asyncio4j.engine.management.LoopManagement.started(this, thread)
        try {
            while (true) {
                runOnce()
                if (stopping) break
            }
        } finally {
            io.asyncio4j.engine.management.LoopManagement.stopped(management)
            stopping = false
            Events.setRunningLoop(null)
            poller.attach(null)
            owner = null
        }
    }

    /**
     * Runs until [future] is done and returns its result, or throws its exception (CancelledError if it was
     * cancelled). A CompletionStage that is not an asyncio future is wrapped first.
     */
    public fun <T> runUntilComplete(future: CompletionStage<T>): T {
        checkClosed()
        checkNotRunning()
        val f = Futures.ensureFuture(future, this)
        val stopper = java.util.function.Consumer<Future<T>> { fut ->
            // asyncio's _run_until_complete_cb
            if (!fut.cancelled()) fut.markExceptionRetrieved()
            stop()
        }
        f.addDoneCallback(stopper)
        try {
            runForever()
        } finally {
            f.removeDoneCallback(stopper)
        }
        if (!f.done()) throw IllegalStateException("Event loop stopped before Future completed.")
        return f.result()
    }

    /** Wraps [coro] in a task and runs until it is done (asyncio's run_until_complete(coro)). */
    public fun <T> runUntilComplete(coro: Coroutine<T>): T {
        checkClosed()
        checkNotRunning()
        val task = createTask(coro)
        task.logDestroyPending = false
        return runUntilComplete(task as CompletionStage<T>)
    }

    /** Asks the loop to stop after the current batch of callbacks. Safe from any thread. */
    public fun stop() {
        stopping = true
        if (!inLoopThread()) wakeUp()
    }

    /** True while [runForever]/[runUntilComplete] runs (asyncio's `is_running()`); safe from any thread. */
    public fun isRunning(): Boolean = owner != null

    /** True once [close] was called (asyncio's `is_closed()`); safe from any thread. */
    public fun isClosed(): Boolean = closed

    /**
     * Closes the loop: pending callbacks are dropped, the default executor is shut down without waiting.
     * A task still pending is reported to the exception handler ("Task was destroyed but it is pending!"),
     * as asyncio does when such a task is garbage collected. Idempotent.
     */
    public fun close() {
        if (isRunning()) throw IllegalStateException("Cannot close a running event loop")
        if (closed) return
        var t = firstTask
        while (t != null) {
            val next = t.nextTask
            if (!t.done() && t.logDestroyPending) {
                callExceptionHandler(linkedMapOf("message" to "Task was destroyed but it is pending!", "task" to t))
            }
            t = next
        }
        closed = true
        // Bodies of direct-style coroutines suspended for ever end now (their finally blocks run), as Python
        // closes a collected coroutine: no virtual thread stays parked after the loop is gone.
        if (directRuns != null) io.asyncio4j.engine.task.DirectRun.abandonAll(this)
        // Like asyncio's unix loop: a closed loop's signal handlers are removed (the JVM's are restored).
        io.asyncio4j.engine.signals.SignalHandlers.removeAll(this)
        ready.clear()
        incoming.clear()
        timers.clear()
        firstTask = null
        val executor = defaultExecutor
        defaultExecutor = null
        if (executor is ExecutorService) executor.shutdown()
        poller.close()
    }

    /**
     * One iteration (asyncio's _run_once):
     *  1. wait in the poller: 0 if a callback is ready or the loop is stopping (while busy, only once every
     *     [Poller.BUSY_POLL_INTERVAL] callbacks), else until the next timer, else until woken (a virtual clock
     *     jumps to the next timer instead of waiting);
     *  2. move every timer due by now to the ready queue (in deadline order, ties in scheduling order);
     *  3. run exactly the callbacks that were ready at that point; callbacks they schedule wait for the next
     *     iteration. A cancelled handle is skipped.
     */
    @JvmSynthetic internal fun runOnce() {
        // The first drain only decides whether to block. With callbacks ready (or stopping) the loop does not
        // block whatever arrived, and the drain after the poll moves everything `incoming` holds by then, in
        // the same FIFO order behind the same ready entries as two drains would: skip it (hot: one callback
        // per iteration, e.g. a task that only does sleep(0)).
        if (ready.isEmpty() && !stopping) drainIncoming()
        if (ready.isNotEmpty() || stopping) {
            // Busy: the non-blocking poll only every Poller.BUSY_POLL_INTERVAL callbacks (and when stopping, as
            // asyncio's last iteration does); see the constant for the latency bound this keeps. Timers and
            // `incoming` are still looked at every iteration, so callback and timer order is asyncio's.
            if (stopping || callbacksSincePoll >= Poller.BUSY_POLL_INTERVAL) {
                poller.poll(0)
                callbacksSincePoll = 0
            }
        } else {
            // Idle: every path below polls (or blocks in the poller), except when `incoming` just got work.
            callbacksSincePoll = 0
            val first = timers.firstDeadline()
            // A timer at +infinity (sleep(math.inf)) never comes due: wait as if there were none, so a virtual
            // clock does not jump to infinity and wake it.
            val timeoutNanos = if (first == null || first == Double.POSITIVE_INFINITY) {
                Poller.FOREVER
            } else {
                secondsToNanos(first - clock.time())
            }
            if (timeoutNanos == 0L) {
                poller.poll(0)
            } else if (timeoutNanos != Poller.FOREVER && clock.isVirtual()) {
                poller.poll(0) // let I/O and other threads in first
                // Read before draining: outside work posts its result, then counts itself finished, so a zero
                // read here means every result it posted is in `incoming` by the drain below.
                val busy = externalWork.get() > 0 || poller.hasPendingIo()
                drainIncoming()
                if (ready.isEmpty()) {
                    if (!busy) clock.advanceIdle(first!! - clock.time()) else waitInRealTime(first!!, timeoutNanos)
                }
            } else {
                waiting = true
                if (incoming.isEmpty() && !stopping) poller.poll(timeoutNanos)
                waiting = false
            }
        }
        drainIncoming()
        // Without timers there is nothing to compare the clock with: skip reading it (System.nanoTime is a
        // noticeable part of an iteration that runs one callback, e.g. a task that only does sleep(0)).
        if (!timers.isEmpty()) {
            val end = clock.time() + CLOCK_RESOLUTION
            while (true) {
                val due = timers.pollDue(end) ?: break
                ready.addLast(due)
            }
        }
        var n = ready.size
        callbacksSincePoll += n
        if (debug) {
            while (n-- > 0) runTimed(ready.pollFirst())
        } else {
            while (n-- > 0) runReady(ready.pollFirst())
        }
        if (createdStages.isNotEmpty()) checkDroppedStages()
    }

    // ------------------------------------------------------------------------------------------------
    // Dropped work: chain stages nobody consumes (see Stage.checkDropped and future/DroppedStage.kt).

    /** The chain stages made on the loop thread during this iteration. Loop thread only. */
    private val createdStages = ArrayList<Stage<*>>()

    /**
     * Notes [stage], made now, for the end-of-iteration check (only on the running loop's thread: a stage made
     * elsewhere is a JDK-side chain). Returns true if its creation frames should be recorded (debug mode).
     */
    @JvmSynthetic internal fun noteStage(stage: Stage<*>): Boolean {
        if (owner !== Thread.currentThread()) return false
        createdStages.add(stage)
        return debug
    }

    /** End of an iteration: each stage made during it that nobody chains on is watched as possibly dropped work. */
    private fun checkDroppedStages() {
        val list = createdStages
        var i = 0
        while (i < list.size) { // checkDropped may make (already observed) stages: re-read the size
            list[i].checkDropped()
            i++
        }
        list.clear()
    }

    /**
     * Virtual time that cannot lie: the loop is idle but something outside it may still deliver (an executor
     * job, a foreign stage, a child process, a registered socket), so the next timer is not due yet. Waits in
     * the poller for real, as a real clock would (woken by that delivery), and moves the virtual clock by the
     * real time that passed, never past [deadline]: a 10 s timeout around a thread that works 50 ms does not
     * fire, and one around a thread that works 10 s does, after 10 s.
     */
    private fun waitInRealTime(deadline: Double, timeoutNanos: Long) {
        val t0 = System.nanoTime()
        waiting = true
        if (incoming.isEmpty() && !stopping) poller.poll(timeoutNanos)
        waiting = false
        val elapsed = (System.nanoTime() - t0) / 1e9
        clock.advanceIdle(minOf(elapsed, deadline - clock.time()))
    }

    // ------------------------------------------------------------------------------------------------
    // Work outside the loop (what a virtual clock must not jump over).

    /**
     * Work running outside the loop whose outcome comes back through callSoonThreadsafe: executor jobs and
     * other foreign stages being awaited ([Futures.wrapStage]), child processes and their output pipes.
     * Invariant: each piece posts its outcome to the loop *before* it counts itself finished
     * ([externalWorkFinished]), so the loop never sees zero while a posted result is not yet in `incoming`.
     */
    private val externalWork = AtomicInteger()

    /** One more piece of outside work in flight (any thread). */
    @JvmSynthetic internal fun externalWorkStarted() {
        externalWork.incrementAndGet()
    }

    /** A piece of outside work ended, after posting its outcome (any thread); wakes an idle loop to look again. */
    @JvmSynthetic internal fun externalWorkFinished() {
        externalWork.decrementAndGet()
        wakeUp()
    }

    /** Runs one ready entry: a Handle, or a Future's own scheduled step; an exception goes to the handler. */
    private fun runReady(entry: Any) {
        if (entry is Handle) {
            entry.run()
            return
        }
        val future = entry as Future<*>
        try {
            future.runScheduled()
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            callExceptionHandler(
                linkedMapOf("message" to "Exception in callback $future", "exception" to e, "future" to future),
            )
        }
    }

    private fun runTimed(handle: Any) {
        val t0 = System.nanoTime()
        runReady(handle)
        val seconds = (System.nanoTime() - t0) / 1e9
        if (seconds >= slowCallbackDuration) {
            LOGGER.log(System.Logger.Level.WARNING, "Executing $handle took ${"%.3f".format(seconds)} seconds")
        }
    }

    private fun drainIncoming() {
        while (true) {
            val h = incoming.poll() ?: return
            ready.addLast(h)
        }
    }

    private fun wakeUp() {
        if (waiting) poller.wakeup()
    }

    // ------------------------------------------------------------------------------------------------
    // Methods scheduling callbacks. All these return Handles.

    /** Schedules [callback] for the next iteration, after those already scheduled (FIFO). */
    public fun callSoon(callback: Runnable): Handle {
        checkThread("callSoon")
        checkClosed()
        return callSoonInternal(callback, null)
    }

    /**
     * [callSoon] with `context=`: [callback] runs with [context] current (Context.run), so the ContextVar values
     * it reads and sets are the context's (asyncio's call_soon(..., context=ctx)).
     */
    public fun callSoon(callback: Runnable, context: io.asyncio4j.engine.contextvars.Context): Handle =
        callSoon(inContext(callback, context))

    /** [callSoonThreadsafe] with `context=` (see [callSoon]). */
    public fun callSoonThreadsafe(callback: Runnable, context: io.asyncio4j.engine.contextvars.Context): Handle =
        callSoonThreadsafe(inContext(callback, context))

    /** [callLater] with `context=` (see [callSoon]). */
    public fun callLater(delay: Double, callback: Runnable, context: io.asyncio4j.engine.contextvars.Context): TimerHandle =
        callLater(delay, inContext(callback, context))

    /** [callAt] with `context=` (see [callSoon]). */
    public fun callAt(`when`: Double, callback: Runnable, context: io.asyncio4j.engine.contextvars.Context): TimerHandle =
        callAt(`when`, inContext(callback, context))

    private fun inContext(callback: Runnable, context: io.asyncio4j.engine.contextvars.Context): Runnable {
        requireCallback(callback)
        requireNotNull(context) { "context must not be null" }
        return ContextCallback(callback, context)
    }

    /** Like [callSoon], safe from any thread; wakes the loop if it is idle. */
    public fun callSoonThreadsafe(callback: Runnable): Handle {
        checkClosed()
        val handle = Handle(requireCallback(callback), this, null)
        if (owner === Thread.currentThread()) {
            ready.addLast(handle) // same FIFO as callSoon from the loop's own thread
        } else {
            // Another thread, or the loop is not running: `incoming` is drained at the next iteration.
            incoming.add(handle)
            wakeUp()
        }
        return handle
    }

    /** callSoonThreadsafe for a callback that runs on behalf of [task] (Kotlin dispatches). */
    @JvmSynthetic internal fun callSoonThreadsafeInternal(callback: Runnable, task: Task<*>?): Handle {
        checkClosed()
        val handle = Handle(callback, this, task)
        if (owner === Thread.currentThread()) {
            ready.addLast(handle)
        } else {
            incoming.add(handle)
            wakeUp()
        }
        return handle
    }

    /**
     * The default executor of the `*Async` CompletionStage methods of a chain on this loop (`thenApplyAsync(fn)`
     * without an executor): the function runs as a callback on the loop thread, one iteration later, with the
     * task that was current when the stage before it completed (a JDK pool thread could not touch the loop).
     */
    @get:JvmSynthetic internal val stageExecutor: Executor = Executor { command ->
        callSoonThreadsafeInternal(command, if (owner === Thread.currentThread()) currentTask else null)
    }

    /** Schedules [callback] to run [delay] seconds from now (0 or negative: next iteration's timers). */
    public fun callLater(delay: Double, callback: Runnable): TimerHandle {
        require(!delay.isNaN()) { "delay must not be NaN" }
        checkThread("callLater") // name the method the caller used, not callAt
        return callAt(time() + delay, callback)
    }

    /** [callLater] with a java.time.Duration [delay]; the same rules and errors. */
    public fun callLater(delay: Duration, callback: Runnable): TimerHandle =
        callLater(delay.toNanos() / 1e9, callback)

    /** Schedules [callback] at absolute time [when] on this loop's [time] scale. */
    public fun callAt(`when`: Double, callback: Runnable): TimerHandle {
        require(!`when`.isNaN()) { "when must not be NaN" }
        checkThread("callAt")
        checkClosed()
        return callAtInternal(`when`, callback, null)
    }

    @JvmSynthetic internal fun callSoonInternal(callback: Runnable, task: Task<*>?): Handle {
        val handle = Handle(requireCallback(callback), this, task)
        // Before the loop runs, callSoonThreadsafe queues in `incoming`: move those first, so the set-up
        // thread's callSoon and callSoonThreadsafe calls keep one FIFO, as in asyncio.
        if (owner == null) drainIncoming()
        ready.addLast(handle)
        return handle
    }

    /** Schedules a handle made by an internal hot path (see [Handle.invoke]); loop thread only. */
    @JvmSynthetic internal fun callSoonHandle(handle: Handle) {
        ready.addLast(handle)
    }

    /** Schedules [future]'s own step ([Future.runScheduled]) for the next iteration, FIFO; loop thread only. */
    @JvmSynthetic internal fun callSoonFuture(future: Future<*>) {
        ready.addLast(future)
    }

    @JvmSynthetic internal fun callAtInternal(`when`: Double, callback: Runnable, task: Task<*>?): TimerHandle {
        val timer = TimerHandle(`when`, requireCallback(callback), this, task, timerSequence++)
        timers.add(timer)
        return timer
    }

    /** Timers in the heap, cancelled ones not yet dropped included (tests check that they do not pile up). */
    @JvmSynthetic internal fun timerCount(): Int = timers.size

    @JvmSynthetic internal fun timerHandleCancelled(timer: TimerHandle) {
        if (inLoopThread() || owner == null) timers.onCancelled()
    }

    /** The loop's clock, in seconds (asyncio's loop.time()). */
    public fun time(): Double = clock.time()

    /** The clock the loop reads [time] from (monotonic, or a virtual clock). */
    public fun getClock(): Clock = clock

    // ------------------------------------------------------------------------------------------------
    // Futures and tasks.

    /** A new pending Future attached to this loop. */
    public fun <T> createFuture(): Future<T> = Future(this)

    /** Wraps [coro] in a Task whose first step runs on the next iteration (asyncio's loop.create_task). */
    public fun <T> createTask(coro: Coroutine<T>): Task<T> = createTask(coro, null)

    /**
     * [createTask] with `context=` (asyncio 3.11+): the task runs in [context] itself (`task.getContext()` is
     * it), not in a copy of the creator's. With a task factory set, the factory is called with [context]
     * current, so its task starts from a copy of [context]'s values (the factory API has no context argument).
     */
    public fun <T> createTask(coro: Coroutine<T>, name: String?, context: io.asyncio4j.engine.contextvars.Context): Task<T> {
        requireNotNull(context) { "context must not be null" }
        if (taskFactory != null) return context.run(java.util.concurrent.Callable { createTask(coro, name) })
        checkThread("createTask")
        checkClosed()
        val task = Task(this, coro, name, false)
        task.context = context // before its first step, which is only scheduled
        return task
    }

    /** Creates a task running [coro] named [name] (null: "Task-N"), through the task factory if one is set (asyncio's `loop.create_task(coro, name=name)`); loop thread only. */
    public fun <T> createTask(coro: Coroutine<T>, name: String?): Task<T> {
        checkClosed()
        checkThread("createTask")
        val factory = taskFactory
        @Suppress("UNCHECKED_CAST")
        val task = if (factory == null) Task(this, coro, name) else factory.create(this, coro, name) as Task<T>
        if (name != null && factory != null) task.setName(name)
        return task
    }

    /** Sets the factory used by [createTask] (null restores the default); see [TaskFactory.EAGER]. */
    public fun setTaskFactory(factory: TaskFactory?) {
        taskFactory = factory
    }

    /** The task factory set with [setTaskFactory], or null for the default (asyncio's `get_task_factory()`). */
    public fun getTaskFactory(): TaskFactory? = taskFactory

    /** The pending tasks of this loop (asyncio.all_tasks(loop)). */
    public fun allTasks(): Set<Task<*>> {
        val result = LinkedHashSet<Task<*>>()
        var t = firstTask
        while (t != null) {
            if (!t.done()) result.add(t)
            t = t.nextTask
        }
        return result
    }

    /** Pending tasks, oldest first (the task dump's order; the list itself is newest first). */
    @JvmSynthetic internal fun pendingTasksInCreationOrder(): List<Task<*>> {
        val result = ArrayList<Task<*>>()
        var t = firstTask
        while (t != null) {
            if (!t.done()) result.add(t)
            t = t.nextTask
        }
        result.reverse()
        return result
    }

    /** The task running now, or null when a plain callback runs (asyncio.current_task(loop)). */
    public fun currentTask(): Task<*>? = currentTask

    @JvmSynthetic internal fun registerTask(task: Task<*>) {
        val head = firstTask
        task.nextTask = head
        head?.previousTask = task
        firstTask = task
    }

    @JvmSynthetic internal fun unregisterTask(task: Task<*>) {
        val prev = task.previousTask
        val next = task.nextTask
        if (prev == null) {
            if (firstTask === task) firstTask = next
        } else {
            prev.nextTask = next
        }
        next?.previousTask = prev
        task.previousTask = null
        task.nextTask = null
    }

    // ------------------------------------------------------------------------------------------------
    // Executors.

    /**
     * Runs [function] in [executor] (null: the loop's default executor, created on first use) and returns a
     * Future completed on the loop thread with its result. Cancelling the Future does not interrupt a
     * function that already started, as in asyncio.
     */
    public fun <T> runInExecutor(executor: Executor?, function: Callable<T>): Future<T> {
        checkClosed()
        checkThread("runInExecutor")
        requireNotNull(function) { "function must not be null" }
        val target = executor ?: getOrCreateDefaultExecutor()
        return Futures.submitTo(target, function, this)
    }

    /**
     * Sets the executor that [runInExecutor] uses when given null. As in asyncio, the loop then treats it as
     * its own: [shutdownDefaultExecutor] and [close] shut it down if it is an ExecutorService.
     */
    public fun setDefaultExecutor(executor: Executor?) {
        defaultExecutor = executor
    }

    /**
     * Shuts the default executor down and returns a Future that completes (on the loop) when its threads have
     * finished; further [runInExecutor] calls with null fail with "Executor shutdown has been called"
     * (asyncio's shutdown_default_executor). Waits without limit.
     */
    public fun shutdownDefaultExecutor(): Future<Void?> = shutdownDefaultExecutor(null)

    /**
     * [shutdownDefaultExecutor] waiting at most [timeout] seconds (null: no limit) for the executor's threads;
     * after that a warning is logged and the future completes anyway, leaving the threads to finish alone.
     */
    public fun shutdownDefaultExecutor(timeout: Double?): Future<Void?> {
        require(timeout == null || (!timeout.isNaN() && timeout >= 0)) { "timeout must be >= 0: $timeout" }
        executorShutdownCalled = true
        val executor = defaultExecutor
        val done = createFuture<Void?>()
        if (executor !is ExecutorService) {
            done.setResult(null)
            return done
        }
        val joiner = Thread({
            executor.shutdown()
            var finished = false
            try {
                finished = if (timeout == null) {
                    executor.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS)
                } else {
                    executor.awaitTermination((timeout * 1e9).toLong(), TimeUnit.NANOSECONDS)
                }
            } catch (_: InterruptedException) {
            }
            if (!finished) {
                LOGGER.log(
                    System.Logger.Level.WARNING,
                    "The executor did not finishing joining its threads within $timeout seconds.",
                )
            }
            try {
                callSoonThreadsafe { if (!done.done()) done.setResult(null) }
            } catch (_: IllegalStateException) {
                // the loop was closed meanwhile
            }
        }, "asyncio4j-executor-shutdown")
        joiner.isDaemon = true
        joiner.start()
        return done
    }

    private fun getOrCreateDefaultExecutor(): Executor {
        // asyncio checks the flag first: after shutdownDefaultExecutor() even a user-set executor is refused.
        if (executorShutdownCalled) throw IllegalStateException("Executor shutdown has been called")
        defaultExecutor?.let { return it }
        val workers = minOf(32, Runtime.getRuntime().availableProcessors() + 4)
        val counter = AtomicInteger()
        val threads = ThreadFactory { r ->
            Thread(r, "asyncio_${counter.getAndIncrement()}").apply { isDaemon = true }
        }
        // Threads are created on demand up to `workers` and retire after 60 s idle, like ThreadPoolExecutor.
        val pool = ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, LinkedBlockingQueue(), threads)
        pool.allowCoreThreadTimeOut(true)
        defaultExecutor = pool
        return pool
    }

    // ------------------------------------------------------------------------------------------------
    // Network I/O: createConnection, createServer, createDatagramEndpoint, sock*, add/removeReader/Writer,
    // getaddrinfo. The selector code itself lives in io.asyncio4j.engine.selector / .net.
    // (Add members of this group below this comment block, keeping the groups apart.)
    // ------------------------------------------------------------------------------------------------

    /**
     * The loop's selector multiplexer, installed in place of the parking poller the first time networking is
     * used (a loop without sockets opens no selector).
     */
    @JvmSynthetic internal fun selectorPoller(): io.asyncio4j.engine.selector.SelectorPoller {
        (poller as? io.asyncio4j.engine.selector.SelectorPoller)?.let { return it }
        checkClosed()
        val selector = io.asyncio4j.engine.selector.SelectorPoller(this)
        installPoller(selector)
        return selector
    }

    /**
     * Calls [callback] on the loop whenever [channel] is readable (acceptable, for a server socket) until
     * [removeReader]; replaces an earlier reader of the channel. The channel must be non-blocking.
     */
    public fun addReader(channel: java.nio.channels.SelectableChannel, callback: Runnable): Handle {
        checkThread("addReader")
        checkClosed()
        return selectorPoller().addReader(channel, requireCallback(callback))
    }

    /** Stops watching [channel] for reading; false if it was not watched. */
    public fun removeReader(channel: java.nio.channels.SelectableChannel): Boolean {
        checkThread("removeReader")
        if (closed) return false
        return selectorPoller().removeReader(channel)
    }

    /** Calls [callback] whenever [channel] is writable (connected, for a pending connect) until [removeWriter]. */
    public fun addWriter(channel: java.nio.channels.SelectableChannel, callback: Runnable): Handle {
        checkThread("addWriter")
        checkClosed()
        return selectorPoller().addWriter(channel, requireCallback(callback))
    }

    /** Stops watching [channel] for writability (asyncio's `remove_writer`): true if it was watched. */
    public fun removeWriter(channel: java.nio.channels.SelectableChannel): Boolean {
        checkThread("removeWriter")
        if (closed) return false
        return selectorPoller().removeWriter(channel)
    }

    /**
     * Connects to [host]:[port] (each resolved address in turn) and returns the transport with the protocol
     * made by [protocolFactory], once the protocol's connectionMade has run (asyncio's create_connection).
     */
    public fun <P : io.asyncio4j.engine.net.BaseProtocol> createConnection(
        protocolFactory: java.util.function.Supplier<P>,
        host: String?,
        port: Int,
        options: io.asyncio4j.engine.net.ConnectionOptions,
    ): CompletionStage<io.asyncio4j.engine.net.Connection<P>> {
        checkThread("createConnection")
        return io.asyncio4j.engine.net.NetEvents.createConnection(this, protocolFactory, host, port, options)
    }

    /** Opens a TCP connection to host:port and connects a protocol from [protocolFactory] (asyncio's `loop.create_connection`): the stage completes with the (transport, protocol) [io.asyncio4j.engine.net.Connection]; fails with the connect error (ConnectException, UnknownHostException, SSLHandshakeException...). */
    public fun <P : io.asyncio4j.engine.net.BaseProtocol> createConnection(
        protocolFactory: java.util.function.Supplier<P>,
        host: String,
        port: Int,
    ): CompletionStage<io.asyncio4j.engine.net.Connection<P>> =
        createConnection(protocolFactory, host, port, io.asyncio4j.engine.net.ConnectionOptions())

    /**
     * Listens on [host]:[port] (null host: every interface; port 0: an ephemeral port) and serves each
     * connection with a new protocol from [protocolFactory] (asyncio's create_server).
     */
    public fun createServer(
        protocolFactory: java.util.function.Supplier<out io.asyncio4j.engine.net.BaseProtocol>,
        host: String?,
        port: Int,
        options: io.asyncio4j.engine.net.ServerOptions,
    ): CompletionStage<io.asyncio4j.engine.net.Server> {
        checkThread("createServer")
        return io.asyncio4j.engine.net.NetEvents.createServer(this, protocolFactory, host, port, options)
    }

    /** Listens on host:port and makes a protocol from [protocolFactory] for each connection (asyncio's `loop.create_server`): the stage completes with the [io.asyncio4j.engine.net.Server]; fails with the bind error. */
    public fun createServer(
        protocolFactory: java.util.function.Supplier<out io.asyncio4j.engine.net.BaseProtocol>,
        host: String?,
        port: Int,
    ): CompletionStage<io.asyncio4j.engine.net.Server> =
        createServer(protocolFactory, host, port, io.asyncio4j.engine.net.ServerOptions())

    /** Wraps an accepted connection in a transport and protocol (asyncio's connect_accepted_socket). */
    public fun <P : io.asyncio4j.engine.net.BaseProtocol> connectAcceptedSocket(
        protocolFactory: java.util.function.Supplier<P>,
        sock: java.nio.channels.SocketChannel,
    ): CompletionStage<io.asyncio4j.engine.net.Connection<P>> {
        checkThread("connectAcceptedSocket")
        checkClosed()
        return try {
            sock.configureBlocking(false)
            io.asyncio4j.engine.net.NetEvents.createConnectionTransport(this, sock, protocolFactory, null)
        } catch (e: java.io.IOException) {
            io.asyncio4j.engine.net.NetEvents.failed(this, e)
        }
    }

    /**
     * [connectAcceptedSocket] with connect_accepted_socket's keywords: `options.ssl(ctx)` runs TLS on the server
     * side, with its handshake/shutdown timeouts; the protocol's connectionMade follows the handshake.
     */
    public fun <P : io.asyncio4j.engine.net.BaseProtocol> connectAcceptedSocket(
        protocolFactory: java.util.function.Supplier<P>,
        sock: java.nio.channels.SocketChannel,
        options: io.asyncio4j.engine.net.ServerOptions,
    ): CompletionStage<io.asyncio4j.engine.net.Connection<P>> {
        checkThread("connectAcceptedSocket")
        return io.asyncio4j.engine.net.UnixConnect.connectAcceptedSocket(this, protocolFactory, sock, options)
    }

    /**
     * [createUnixConnection] with create_unix_connection's keywords from [options]: `ssl` (then
     * `serverHostname` is required: "you have to pass server_hostname when using ssl"), TLS timeouts, and
     * `sock` (a connected UNIX SocketChannel, with a null [path]).
     */
    public fun <P : io.asyncio4j.engine.net.BaseProtocol> createUnixConnection(
        protocolFactory: java.util.function.Supplier<P>,
        path: java.nio.file.Path?,
        options: io.asyncio4j.engine.net.ConnectionOptions,
    ): CompletionStage<io.asyncio4j.engine.net.Connection<P>> {
        checkThread("createUnixConnection")
        return io.asyncio4j.engine.net.UnixConnect.createUnixConnection(this, protocolFactory, path, options)
    }

    /** Connects to the Unix domain socket at [path] (asyncio's create_unix_connection). */
    public fun <P : io.asyncio4j.engine.net.BaseProtocol> createUnixConnection(
        protocolFactory: java.util.function.Supplier<P>,
        path: java.nio.file.Path,
    ): CompletionStage<io.asyncio4j.engine.net.Connection<P>> {
        checkThread("createUnixConnection")
        checkClosed()
        val channel = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)
        channel.configureBlocking(false)
        return io.asyncio4j.engine.net.NetEvents.sockConnect(this, channel, java.net.UnixDomainSocketAddress.of(path))
            .handle { _, e ->
                if (e != null) {
                    channel.close()
                    throw Futures.unwrap(e)
                }
                channel
            }
            .thenCompose { io.asyncio4j.engine.net.NetEvents.createConnectionTransport(this, it, protocolFactory, null) }
    }

    /**
     * Listens on a Unix domain socket at [path] (asyncio's create_unix_server). A socket file already at [path]
     * (left by a closed server) is removed first, as asyncio does; any other file makes it fail "already in use".
     * [path] null: serve on `options.sock`, a bound UNIX ServerSocketChannel (asyncio's sock=). With
     * `options.cleanupSocket` (the default, 3.13) closing the server removes its socket file.
     */
    public fun createUnixServer(
        protocolFactory: java.util.function.Supplier<out io.asyncio4j.engine.net.BaseProtocol>,
        path: java.nio.file.Path?,
        options: io.asyncio4j.engine.net.ServerOptions,
    ): CompletionStage<io.asyncio4j.engine.net.Server> {
        checkThread("createUnixServer")
        return io.asyncio4j.engine.net.NetEvents.createUnixServer(this, protocolFactory, path, options)
    }

    /** [createServer] on a Unix domain socket at the given path (asyncio's `loop.create_unix_server`). */
    public fun createUnixServer(
        protocolFactory: java.util.function.Supplier<out io.asyncio4j.engine.net.BaseProtocol>,
        path: java.nio.file.Path,
    ): CompletionStage<io.asyncio4j.engine.net.Server> =
        createUnixServer(protocolFactory, path, io.asyncio4j.engine.net.ServerOptions())

    /**
     * Upgrades the open plain [transport] (whose protocol is [protocol]) to TLS with [sslContext] and completes
     * with the new TLS transport once the handshake is done; [protocol] then talks through it and its
     * connectionMade is not called again (asyncio's start_tls). Client side ([serverSide] false): the server's
     * certificate must match [serverHostname] (null or "": no hostname verification). Timeouts in seconds
     * (null: 60 s handshake, 30 s shutdown). On failure the transport is closed.
     */
    @JvmOverloads
    public fun startTls(
        transport: io.asyncio4j.engine.net.Transport,
        protocol: io.asyncio4j.engine.net.BaseProtocol,
        sslContext: javax.net.ssl.SSLContext,
        serverSide: Boolean = false,
        serverHostname: String? = null,
        sslHandshakeTimeout: Double? = null,
        sslShutdownTimeout: Double? = null,
    ): CompletionStage<io.asyncio4j.engine.net.Transport> {
        checkThread("startTls")
        checkClosed()
        return io.asyncio4j.engine.net.StartTls.startTls(this, transport, protocol, sslContext, serverSide,
            serverHostname, sslHandshakeTimeout, sslShutdownTimeout)
    }

    /** The addresses of [host] with [port], resolved in the default executor (asyncio's getaddrinfo). */
    public fun getaddrinfo(host: String, port: Int): Future<List<java.net.InetSocketAddress>> {
        checkThread("getaddrinfo")
        return io.asyncio4j.engine.net.NetEvents.getaddrinfo(this, host, port)
    }

    /**
     * [getaddrinfo] keeping only addresses of [family] (INET or INET6; null: all), asyncio's family=; none of
     * it: IOException "[Errno -9] Address family for hostname not supported" (socket.gaierror's).
     */
    public fun getaddrinfo(host: String, port: Int, family: java.net.StandardProtocolFamily?): Future<List<java.net.InetSocketAddress>> {
        checkThread("getaddrinfo")
        return io.asyncio4j.engine.net.AddressInfo.getaddrinfo(this, host, port, family)
    }

    /**
     * [getnameinfo] with socket.NI_* [flags]: NI_NUMERICHOST (1) the address as text, NI_NOFQDN (4) the first
     * label only, NI_NAMEREQD (8) IOException "[Errno -2] Name or service not known" when the address has no
     * name; the port is always numeric (NI_NUMERICSERV, 2: the JDK has no services table); NI_DGRAM (16) accepted.
     */
    public fun getnameinfo(address: java.net.InetSocketAddress, flags: Int): Future<List<String>> {
        checkThread("getnameinfo")
        return io.asyncio4j.engine.net.AddressInfo.getnameinfo(this, address, flags)
    }

    /** [host, port] names of [address], looked up in the default executor (asyncio's getnameinfo). */
    public fun getnameinfo(address: java.net.InetSocketAddress): Future<List<String>> {
        checkThread("getnameinfo")
        return io.asyncio4j.engine.net.NetEvents.getnameinfo(this, address)
    }

    /** Connects the non-blocking [sock] to [address] (asyncio's sock_connect). */
    public fun sockConnect(sock: java.nio.channels.SocketChannel, address: java.net.SocketAddress): Future<Void?> {
        checkThread("sockConnect")
        return io.asyncio4j.engine.net.NetEvents.sockConnect(this, sock, address)
    }

    /** The next connection of the non-blocking server [sock], itself non-blocking (asyncio's sock_accept). */
    public fun sockAccept(sock: java.nio.channels.ServerSocketChannel): Future<java.nio.channels.SocketChannel> {
        checkThread("sockAccept")
        return io.asyncio4j.engine.net.NetEvents.sockAccept(this, sock)
    }

    /** Up to [nbytes] bytes from [sock]; empty at EOF (asyncio's sock_recv). */
    public fun sockRecv(sock: java.nio.channels.SocketChannel, nbytes: Int): Future<ByteArray> {
        checkThread("sockRecv")
        return io.asyncio4j.engine.net.NetEvents.sockRecv(this, sock, nbytes)
    }

    /** Reads into [buf] from its position; the count read, 0 at EOF (asyncio's sock_recv_into). */
    public fun sockRecvInto(sock: java.nio.channels.SocketChannel, buf: java.nio.ByteBuffer): Future<Int> {
        checkThread("sockRecvInto")
        return io.asyncio4j.engine.net.NetEvents.sockRecvInto(this, sock, buf)
    }

    /** Sends all of [data] (asyncio's sock_sendall). */
    public fun sockSendall(sock: java.nio.channels.SocketChannel, data: ByteArray): Future<Void?> {
        checkThread("sockSendall")
        return io.asyncio4j.engine.net.NetEvents.sockSendall(this, sock, data)
    }

    /**
     * A UDP endpoint (asyncio's create_datagram_endpoint): bound to [localAddr] (null: ephemeral) and, when
     * [remoteAddr] is given, connected to it so `sendto(data)` needs no address.
     */
    public fun <P : io.asyncio4j.engine.net.DatagramProtocol> createDatagramEndpoint(
        protocolFactory: java.util.function.Supplier<P>,
        localAddr: java.net.InetSocketAddress?,
        remoteAddr: java.net.InetSocketAddress?,
    ): CompletionStage<io.asyncio4j.engine.net.DatagramEndpoint<P>> =
        createDatagramEndpoint(protocolFactory, localAddr, remoteAddr, false, false)

    /** [createDatagramEndpoint] with SO_REUSEADDR and SO_BROADCAST (asyncio's reuse_port/allow_broadcast). */
    public fun <P : io.asyncio4j.engine.net.DatagramProtocol> createDatagramEndpoint(
        protocolFactory: java.util.function.Supplier<P>,
        localAddr: java.net.InetSocketAddress?,
        remoteAddr: java.net.InetSocketAddress?,
        reuseAddress: Boolean,
        allowBroadcast: Boolean,
    ): CompletionStage<io.asyncio4j.engine.net.DatagramEndpoint<P>> {
        checkThread("createDatagramEndpoint")
        return io.asyncio4j.engine.net.NetEvents.createDatagramEndpoint(
            this, protocolFactory, localAddr, remoteAddr, reuseAddress, allowBroadcast)
    }

    /**
     * [createDatagramEndpoint] with its keywords in [options]: family (no addresses + a family: an unbound
     * endpoint; no addresses, no family: IllegalArgumentException "unexpected address family"), reuse and
     * broadcast, or an existing `sock` (then nothing else may be given, asyncio's rule and wording).
     */
    public fun <P : io.asyncio4j.engine.net.DatagramProtocol> createDatagramEndpoint(
        protocolFactory: java.util.function.Supplier<P>,
        localAddr: java.net.InetSocketAddress?,
        remoteAddr: java.net.InetSocketAddress?,
        options: io.asyncio4j.engine.net.DatagramOptions,
    ): CompletionStage<io.asyncio4j.engine.net.DatagramEndpoint<P>> {
        checkThread("createDatagramEndpoint")
        return io.asyncio4j.engine.net.NetEvents.createDatagramEndpoint(this, protocolFactory, localAddr, remoteAddr, options)
    }

    /** Receives one datagram of up to [bufsize] bytes: [data, sender address] (asyncio's sock_recvfrom). */
    public fun sockRecvfrom(sock: java.nio.channels.DatagramChannel, bufsize: Int): Future<Map.Entry<ByteArray, java.net.SocketAddress>> {
        checkThread("sockRecvfrom")
        return io.asyncio4j.engine.net.NetEvents.sockRecvfrom(this, sock, bufsize)
    }

    /**
     * Receives one datagram into [buf] from its position, at most [nbytes] bytes (0: to its limit; more than
     * it has left: IllegalArgumentException "nbytes is greater than the length of the buffer"): (bytes
     * received, sender address); a longer datagram is cut off (asyncio's sock_recvfrom_into).
     */
    @JvmOverloads
    public fun sockRecvfromInto(
        sock: java.nio.channels.DatagramChannel,
        buf: java.nio.ByteBuffer,
        nbytes: Int = 0,
    ): Future<Map.Entry<Int, java.net.SocketAddress>> {
        checkThread("sockRecvfromInto")
        return io.asyncio4j.engine.net.SockRecvfromInto.sockRecvfromInto(this, sock, buf, nbytes)
    }

    /** Sends [data] to [address] on the non-blocking [sock]; the bytes sent (asyncio's sock_sendto). */
    public fun sockSendto(sock: java.nio.channels.DatagramChannel, data: ByteArray, address: java.net.SocketAddress): Future<Int> {
        checkThread("sockSendto")
        return io.asyncio4j.engine.net.NetEvents.sockSendto(this, sock, data, address)
    }

    /**
     * Sends [count] bytes (null: to the end) of [file] from [offset] over [transport]: zero-copy
     * (FileChannel.transferTo) on a socket transport; on a TLS transport, when [fallback], by reading chunks in
     * the default executor and writing them (IllegalStateException "fallback is disabled ..." otherwise); any
     * other transport: IllegalStateException "sendfile is not supported for transport". Completes with the bytes
     * sent and leaves the file's position after them (asyncio's loop.sendfile).
     */
    @JvmOverloads
    public fun sendfile(
        transport: io.asyncio4j.engine.net.Transport,
        file: java.nio.channels.FileChannel,
        offset: Long = 0,
        count: Long? = null,
        fallback: Boolean = true,
    ): CompletionStage<Long> {
        checkThread("sendfile")
        return io.asyncio4j.engine.net.Sendfile.sendfile(this, transport, file, offset, count, fallback)
    }

    /** Sends part of [file] through the non-blocking [sock] with FileChannel.transferTo (asyncio's sock_sendfile). */
    @JvmOverloads
    public fun sockSendfile(
        sock: java.nio.channels.SocketChannel,
        file: java.nio.channels.FileChannel,
        offset: Long = 0,
        count: Long? = null,
    ): Future<Long> {
        checkThread("sockSendfile")
        return io.asyncio4j.engine.net.Sendfile.sockSendfile(this, sock, file, offset, count)
    }

    // ------------------------------------------------------------------------------------------------
    // Subprocesses and signals: subprocessExec, subprocessShell, addSignalHandler, removeSignalHandler.
    // (Add members of this group below this comment block, keeping the groups apart.)
    // ------------------------------------------------------------------------------------------------

    /**
     * Starts [program] with [args] (no shell) and connects it to a protocol from [protocolFactory]
     * (asyncio's loop.subprocess_exec). Streams as [options] say; this overload pipes all three, asyncio's
     * default here. Completes with (transport, protocol) once the pipes are connected and connectionMade is
     * scheduled; the callback order is base_subprocess's (see [io.asyncio4j.engine.net.SubprocessProtocol]).
     * A program that cannot be started fails the stage with the IOException (asyncio: FileNotFoundError).
     */
    public fun <P : io.asyncio4j.engine.net.SubprocessProtocol> subprocessExec(
        protocolFactory: java.util.function.Supplier<P>,
        options: io.asyncio4j.engine.subprocess.ProcessOptions,
        program: String,
        vararg args: String,
    ): CompletionStage<io.asyncio4j.engine.net.TransportPair<io.asyncio4j.engine.net.SubprocessTransport, P>> {
        requireNotNull(program) { "program must not be null" }
        return io.asyncio4j.engine.subprocess.SubprocessEvents.exec(this, protocolFactory, options,
            listOf(program, *args), program)
    }

    /** [subprocessExec] with stdin, stdout and stderr all PIPE (asyncio's defaults for loop.subprocess_exec). */
    public fun <P : io.asyncio4j.engine.net.SubprocessProtocol> subprocessExec(
        protocolFactory: java.util.function.Supplier<P>,
        program: String,
        vararg args: String,
    ): CompletionStage<io.asyncio4j.engine.net.TransportPair<io.asyncio4j.engine.net.SubprocessTransport, P>> =
        subprocessExec(protocolFactory, allPipes(), program, *args)

    /** Runs [cmd] with `/bin/sh -c` (asyncio's loop.subprocess_shell); otherwise as [subprocessExec]. */
    public fun <P : io.asyncio4j.engine.net.SubprocessProtocol> subprocessShell(
        protocolFactory: java.util.function.Supplier<P>,
        cmd: String,
        options: io.asyncio4j.engine.subprocess.ProcessOptions,
    ): CompletionStage<io.asyncio4j.engine.net.TransportPair<io.asyncio4j.engine.net.SubprocessTransport, P>> {
        requireNotNull(cmd) { "cmd must not be null" }
        return io.asyncio4j.engine.subprocess.SubprocessEvents.exec(this, protocolFactory, options,
            listOf("/bin/sh", "-c", cmd), "'$cmd'")
    }

    /** [subprocessShell] with stdin, stdout and stderr all PIPE (asyncio's defaults). */
    public fun <P : io.asyncio4j.engine.net.SubprocessProtocol> subprocessShell(
        protocolFactory: java.util.function.Supplier<P>,
        cmd: String,
    ): CompletionStage<io.asyncio4j.engine.net.TransportPair<io.asyncio4j.engine.net.SubprocessTransport, P>> =
        subprocessShell(protocolFactory, cmd, allPipes())

    private fun allPipes() = io.asyncio4j.engine.subprocess.ProcessOptions()
        .stdin(io.asyncio4j.engine.subprocess.Stdio.PIPE)
        .stdout(io.asyncio4j.engine.subprocess.Stdio.PIPE)
        .stderr(io.asyncio4j.engine.subprocess.Stdio.PIPE)

    /**
     * Reads [pipe] into a protocol from [protocolFactory] (asyncio's connect_read_pipe): connectionMade,
     * dataReceived*, then eofReceived and connectionLost(null) at EOF; pauseReading/resumeReading work as on
     * a socket. [pipe] is any blocking InputStream (a Process's stdout, a FIFO's FileInputStream), read by a
     * thread of its own; extra info "pipe" is it. Completes with (transport, protocol) after connectionMade.
     */
    public fun <P : io.asyncio4j.engine.net.Protocol> connectReadPipe(
        protocolFactory: java.util.function.Supplier<P>,
        pipe: java.io.InputStream,
    ): CompletionStage<io.asyncio4j.engine.net.TransportPair<io.asyncio4j.engine.net.ReadTransport, P>> =
        io.asyncio4j.engine.subprocess.SubprocessEvents.connectReadPipe(this, protocolFactory, pipe, pipe)

    /**
     * [connectReadPipe] on a channel: a `java.nio.channels.Pipe.SourceChannel` (switched to blocking mode; it
     * must not be registered with a selector) or a FIFO's channel. A FileChannel on a regular file:
     * IllegalArgumentException "Pipe transport is for pipes/sockets only." (asyncio's ValueError).
     */
    public fun <P : io.asyncio4j.engine.net.Protocol> connectReadPipe(
        protocolFactory: java.util.function.Supplier<P>,
        pipe: java.nio.channels.ReadableByteChannel,
    ): CompletionStage<io.asyncio4j.engine.net.TransportPair<io.asyncio4j.engine.net.ReadTransport, P>> =
        io.asyncio4j.engine.subprocess.SubprocessEvents.connectReadPipe(this, protocolFactory, pipe)

    /**
     * Writes to [pipe] through a transport with flow control (asyncio's connect_write_pipe): write never
     * blocks (a thread of its own does the blocking writes); the protocol's pauseWriting/resumeWriting follow
     * getWriteBufferSize across the high/low marks; writeEof/close flush and then call connectionLost(null);
     * abort drops the buffer. A [io.asyncio4j.engine.net.Protocol]'s connectionMade runs first.
     */
    public fun <P : io.asyncio4j.engine.net.BaseProtocol> connectWritePipe(
        protocolFactory: java.util.function.Supplier<P>,
        pipe: java.io.OutputStream,
    ): CompletionStage<io.asyncio4j.engine.net.TransportPair<io.asyncio4j.engine.net.WriteTransport, P>> =
        io.asyncio4j.engine.subprocess.SubprocessEvents.connectWritePipe(this, protocolFactory, pipe, pipe)

    /** [connectWritePipe] on a channel (`java.nio.channels.Pipe.SinkChannel`, a FIFO's channel). */
    public fun <P : io.asyncio4j.engine.net.BaseProtocol> connectWritePipe(
        protocolFactory: java.util.function.Supplier<P>,
        pipe: java.nio.channels.WritableByteChannel,
    ): CompletionStage<io.asyncio4j.engine.net.TransportPair<io.asyncio4j.engine.net.WriteTransport, P>> =
        io.asyncio4j.engine.subprocess.SubprocessEvents.connectWritePipe(this, protocolFactory, pipe)

    /**
     * Runs [callback] on this loop's thread whenever the process receives signal [sig] ("TERM" or "SIGTERM";
     * asyncio's add_signal_handler). Signals are process-wide: a later handler for the same signal, from any
     * loop, replaces this one. IllegalArgumentException for an unknown name; IllegalStateException
     * "sig SIGQUIT cannot be caught: ..." for a signal the JVM keeps (QUIT, KILL, STOP; INT/TERM/HUP under -Xrs).
     * The callback runs like a callSoon callback: its exceptions go to the exception handler.
     */
    public fun addSignalHandler(sig: String, callback: Runnable) {
        requireNotNull(callback) { "callback must not be null" }
        val name = io.asyncio4j.engine.signals.Signals.canonicalName(sig)
        checkClosed()
        if (name == "KILL" || name == "STOP") throw IllegalStateException("sig SIG$name cannot be caught")
        io.asyncio4j.engine.signals.SignalHandlers.add(this, name, callback)
    }

    /**
     * Removes this loop's handler for [sig] and restores the JVM's previous one (for INT/TERM/HUP: the JVM's
     * shutdown); false if this loop had none (asyncio's remove_signal_handler).
     */
    public fun removeSignalHandler(sig: String): Boolean {
        val name = io.asyncio4j.engine.signals.Signals.canonicalName(sig)
        return io.asyncio4j.engine.signals.SignalHandlers.remove(this, name)
    }

    // ------------------------------------------------------------------------------------------------
    // Error handling.

    /** Sets the handler of errors the loop cannot deliver (asyncio's `set_exception_handler`); null restores the default, which logs them. */
    public fun setExceptionHandler(handler: ExceptionHandler?) {
        exceptionHandler = handler
    }

    /** The handler set with [setExceptionHandler], or null (asyncio's `get_exception_handler()`). */
    public fun getExceptionHandler(): ExceptionHandler? = exceptionHandler

    /**
     * Logs [context] through System.Logger "asyncio" at ERROR: the "message" (or a default), the other keys,
     * and the "exception" with its stack trace. What every unhandled error reaches when no handler is set.
     */
    public fun defaultExceptionHandler(context: Map<String, Any?>) {
        val message = context["message"]?.toString() ?: "Unhandled exception in event loop"
        val text = StringBuilder(message)
        for ((key, value) in context) {
            if (key == "message" || key == "exception") continue
            text.append('\n').append(key).append(": ").append(value)
        }
        val exception = context["exception"] as? Throwable
        if (exception != null) LOGGER.log(System.Logger.Level.ERROR, text.toString(), exception)
        else LOGGER.log(System.Logger.Level.ERROR, text.toString())
    }

    /**
     * Passes [context] to the exception handler, or to [defaultExceptionHandler] if none is set. Never throws:
     * a failing handler is itself reported to the default handler ("Unhandled error in exception handler").
     */
    public fun callExceptionHandler(context: Map<String, Any?>) {
        val handler = exceptionHandler
        if (handler == null) {
            try {
                defaultExceptionHandler(context)
            } catch (e: Throwable) {
                if (e is VirtualMachineError) throw e
                // asyncio: logger.error('Exception in default exception handler', exc_info=True)
                LOGGER.log(System.Logger.Level.ERROR, "Exception in default exception handler", e)
            }
            return
        }
        try {
            handler.handle(this, context)
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            try {
                defaultExceptionHandler(
                    linkedMapOf(
                        "message" to "Unhandled error in exception handler",
                        "exception" to e,
                        "context" to context,
                    ),
                )
            } catch (e2: Throwable) {
                if (e2 is VirtualMachineError) throw e2
                LOGGER.log(
                    System.Logger.Level.ERROR,
                    "Exception in default exception handler while handling an unexpected error in custom " +
                        "exception handler",
                    e2,
                )
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Debug mode.

    /** True in debug mode (asyncio's `get_debug()`): slow callbacks are logged, failed server-side set-ups reported. */
    public fun getDebug(): Boolean = debug

    /** Debug mode logs callbacks slower than [getSlowCallbackDuration] seconds. */
    public fun setDebug(enabled: Boolean) {
        debug = enabled
    }

    /** How long a callback may run before debug mode logs it as slow, in seconds (asyncio's `slow_callback_duration`). */
    public fun getSlowCallbackDuration(): Double = slowCallbackDuration

    /** Sets [getSlowCallbackDuration] (asyncio's `slow_callback_duration = seconds`). */
    public fun setSlowCallbackDuration(seconds: Double) {
        require(seconds >= 0 && !seconds.isNaN()) { "slowCallbackDuration must be >= 0: $seconds" }
        slowCallbackDuration = seconds
    }

    // ------------------------------------------------------------------------------------------------
    // Checks.

    /** True on the thread running this loop, or on any thread while the loop is not running. */
    public fun inLoopThread(): Boolean {
        val o = owner
        return o == null || o === Thread.currentThread()
    }

    /**
     * True on the thread running the loop; while it is not running, only on its home thread (the one that last
     * ran it, or created it). Unlike [inLoopThread], a foreign thread is never "in" a stopped loop: code that
     * may be called from any thread (the JDK mutators of Future) uses this to decide whether it must hop, so it
     * cannot touch the loop's queues while another thread is about to run it.
     */
    @JvmSynthetic internal fun isHomeThread(): Boolean {
        val t = Thread.currentThread()
        val o = owner
        return if (o != null) o === t else homeThread === t
    }

    /**
     * Direct-style coroutines (task/DirectRun.kt): the thread that holds the baton becomes the loop's owner for
     * the time it runs user code, so every loop-thread check sees it as the loop thread. Called only by the
     * thread that owns the loop now, around a hand-off, while the loop runs.
     */
    @JvmSynthetic internal fun handOwner(thread: Thread) {
        owner = thread
    }

    @JvmSynthetic internal fun checkThread(operation: String) {
        val o = owner
        if (o != null && o !== Thread.currentThread()) {
            throw IllegalStateException(
                "Non-thread-safe operation invoked on an event loop other than the current one: $operation() " +
                    "called from thread '${threadName(Thread.currentThread())}' while the loop runs in thread " +
                    "'${threadName(o)}'; use callSoonThreadsafe or runCoroutineThreadsafe",
            )
        }
    }

    /** A thread's name for messages; an unnamed (virtual) thread by its toString, "VirtualThread[#42]/...". */
    private fun threadName(t: Thread): String = t.name.ifEmpty { t.toString() }

    @JvmSynthetic internal fun checkClosed() {
        if (closed) throw IllegalStateException("Event loop is closed")
    }

    private fun checkNotRunning() {
        if (isRunning()) throw IllegalStateException("This event loop is already running")
        if (Events.getRunningLoopOrNull() != null) {
            throw IllegalStateException("Cannot run the event loop while another loop is running")
        }
    }

    private fun requireCallback(callback: Runnable?): Runnable =
        callback ?: throw NullPointerException("callback must not be null")

    override fun toString(): String =
        "<EventLoop running=${isRunning()} closed=$closed debug=$debug clock=$clock>"

    private companion object {
        const val CLOCK_RESOLUTION = 1e-9
        val LOGGER: System.Logger = System.getLogger("asyncio")

        fun secondsToNanos(seconds: Double): Long = when {
            seconds <= 0 -> 0L
            seconds >= 9.2e9 -> Poller.FOREVER - 1
            else -> maxOf(1L, kotlin.math.ceil(seconds * 1e9).toLong())
        }
    }
}

/** Receives what the loop could not handle itself (asyncio's exception handler): `handler(loop, context)`. */
public fun interface ExceptionHandler {
    /** Handles one error [context] (keys "message", "exception", "future", "task", "handle"... as in asyncio) of [loop]. */
    public fun handle(loop: EventLoop, context: Map<String, Any?>)
}
