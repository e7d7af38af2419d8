package io.asyncio4j;

import io.asyncio4j.engine.contextvars.Context;
import io.asyncio4j.engine.exceptions.ExceptionGroup;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.future.Futures;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.Events;
import io.asyncio4j.engine.subprocess.Process;
import io.asyncio4j.engine.subprocess.ProcessOptions;
import io.asyncio4j.engine.subprocess.Subprocesses;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Direct;
import io.asyncio4j.engine.task.FutureCallGraph;
import io.asyncio4j.engine.task.Graph;
import io.asyncio4j.engine.task.AsCompleted;
import io.asyncio4j.engine.task.ReturnWhen;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.TaskConstructor;
import io.asyncio4j.engine.task.TaskFactory;
import io.asyncio4j.engine.task.TaskGroup;
import io.asyncio4j.engine.task.Tasks;
import io.asyncio4j.engine.task.Threading;
import io.asyncio4j.engine.task.Timeout;
import io.asyncio4j.engine.task.WaitResult;
import io.asyncio4j.engine.task.Waiting;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * asyncio's module-level functions for Java: {@code import static io.asyncio4j.Asyncio.*;}.
 *
 * <p>A Java coroutine is a method returning a {@link CompletionStage}; a not-yet-started one is a
 * {@link Coroutine} ({@code () -> work(x)}). Every future handed out here is an asyncio {@link Future}
 * (a {@code CompletableFuture}) whose continuations run on the loop thread one iteration after it completes,
 * as asyncio schedules them.
 *
 * <pre>{@code
 * static CompletionStage<Void> main() {
 *     System.out.println("hello");
 *     return sleep(1).thenRun(() -> System.out.println("world"));
 * }
 * public static void main(String[] args) { run(() -> main()); }
 * }</pre>
 */
public final class Asyncio {
    private Asyncio() {
    }

    // ---------------------------------------------------------------------------------------------
    // Running a program.

    /**
     * Runs {@code coro} on a new event loop in this thread and returns its result (asyncio.run): at the end
     * the remaining tasks are cancelled, the default executor is shut down and the loop is closed.
     *
     * @throws IllegalStateException if an event loop is already running in this thread
     */
    public static <T> T run(Coroutine<T> coro) {
        Objects.requireNonNull(coro, "coro must not be null");
        return run(coro, null);
    }

    /** {@link #run(Coroutine)} with debug mode on or off ({@code null}: from the environment). */
    public static <T> T run(Coroutine<T> coro, Boolean debug) {
        Objects.requireNonNull(coro, "coro must not be null");
        if (Events.getRunningLoopOrNull() != null) {
            throw new IllegalStateException("asyncio.run() cannot be called from a running event loop");
        }
        if (Direct.isDirect(coro)) { // run(async(...)): the loop runs on a virtual thread, see run(DirectCoroutine)
            return Direct.runOnVirtualThread(() -> runOnRunner(coro, debug));
        }
        return runOnRunner(coro, debug);
    }

    private static <T> T runOnRunner(Coroutine<T> coro, Boolean debug) {
        try (Runner runner = new Runner(debug)) {
            return runner.run(coro);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Event loops.

    /** The loop running in this thread; IllegalStateException "no running event loop" otherwise. */
    public static EventLoop getRunningLoop() {
        return Events.getRunningLoop();
    }

    /** The running loop, or the one set with {@link #setEventLoop}. */
    public static EventLoop getEventLoop() {
        return Events.getEventLoop();
    }

    /** Sets the current thread's loop (asyncio.set_event_loop); null clears it. */
    public static void setEventLoop(EventLoop loop) {
        Events.setEventLoop(loop);
    }

    /** A new event loop on the real monotonic clock. */
    public static EventLoop newEventLoop() {
        return Events.newEventLoop();
    }

    /**
     * A new event loop in virtual time: idle waits jump straight to the next timer. Only truly idle ones: while
     * executor/toThread work, a foreign stage, a child process or a registered socket may still deliver, the
     * loop waits for real and its clock follows real time, so a timeout never fires early.
     */
    public static EventLoop newVirtualTimeEventLoop() {
        return Events.newVirtualTimeEventLoop();
    }

    // ---------------------------------------------------------------------------------------------
    // Tasks.

    /** Wraps {@code coro} in a task on the running loop; it starts on a later iteration (asyncio.create_task). */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        Objects.requireNonNull(coro, "coro must not be null");
        return Tasks.createTask(coro, null);
    }

    /** asyncio.create_task(coro, name=name) on the running loop: the task starts on the next iteration (at once with the eager factory); IllegalStateException without a running loop. */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        Objects.requireNonNull(coro, "coro must not be null");
        return Tasks.createTask(coro, name);
    }

    /**
     * Python 3.12's {@code asyncio.eager_task_factory}, for {@code loop.setTaskFactory(Asyncio::eagerTaskFactory)}:
     * a task created while the loop runs starts at once, inside createTask, up to its first real wait.
     */
    public static Task<?> eagerTaskFactory(EventLoop loop, Coroutine<?> coro, String name) {
        Objects.requireNonNull(loop, "loop must not be null");
        Objects.requireNonNull(coro, "coro must not be null");
        return TaskFactory.EAGER.create(loop, coro, name);
    }

    /**
     * Python 3.12's {@code asyncio.create_eager_task_factory(custom_task_constructor)}: a factory whose tasks are
     * made by {@code constructor} (e.g. a Task subclass's constructor reference), always with an eager start.
     */
    public static TaskFactory createEagerTaskFactory(TaskConstructor constructor) {
        Objects.requireNonNull(constructor, "constructor must not be null");
        return TaskFactory.createEager(constructor);
    }

    /** The task running now; null in a plain callback; IllegalStateException outside a running loop. */
    public static Task<?> currentTask() {
        return Tasks.currentTask();
    }

    /** The task running on {@code loop} now, or null (asyncio.current_task(loop)). */
    public static Task<?> currentTask(EventLoop loop) {
        Objects.requireNonNull(loop, "loop must not be null");
        return Tasks.currentTask(loop);
    }

    /** The not-yet-done tasks of the running loop. */
    public static Set<Task<?>> allTasks() {
        return Tasks.allTasks();
    }

    /** The pending tasks of {@code loop} (asyncio.all_tasks(loop)). */
    public static Set<Task<?>> allTasks(EventLoop loop) {
        Objects.requireNonNull(loop, "loop must not be null");
        return Tasks.allTasks(loop);
    }

    // Introspection: asyncio.graph (3.14). Python's keyword arguments are overloads; limit null = no limit.

    /**
     * The async call graph of the current task: null in a plain callback, IllegalStateException outside a running
     * loop. The call stack is the frames of the running step, from the caller of this method (see
     * {@link Graph}: a Java chain keeps no suspended frames).
     */
    public static FutureCallGraph captureCallGraph() {
        return Graph.captureCallGraph(null, 1, null);
    }

    /** The call graph of {@code future} (null: the current task). */
    public static FutureCallGraph captureCallGraph(Future<?> future) {
        return Graph.captureCallGraph(future, 1, null);
    }

    /** {@code depth} skips frames of the current task's stack (1: the caller of this method is the newest). */
    public static FutureCallGraph captureCallGraph(Future<?> future, int depth) {
        return Graph.captureCallGraph(future, depth, null);
    }

    /**
     * {@code limit} trims each call stack as asyncio does: {@code > 0} keeps that many entries at the root end,
     * {@code < 0} that many newest ones, 0 none; null keeps all.
     */
    public static FutureCallGraph captureCallGraph(Future<?> future, int depth, Integer limit) {
        return Graph.captureCallGraph(future, depth, limit);
    }

    /** {@link #captureCallGraph()} as text in asyncio.format_call_graph's layout; "" when there is no graph. */
    public static String formatCallGraph() {
        return Graph.formatCallGraph(null, 1, null);
    }

    /** asyncio.format_call_graph(future): the call graph of {@code future} (null: the current task) as text. */
    public static String formatCallGraph(Future<?> future) {
        return Graph.formatCallGraph(future, 1, null);
    }

    /** asyncio.format_call_graph(future, depth=depth): skips {@code depth - 1} of the caller's own frames. */
    public static String formatCallGraph(Future<?> future, int depth) {
        return Graph.formatCallGraph(future, depth, null);
    }

    /** asyncio.format_call_graph(future, depth, limit): at most {@code limit} frames per entry (null: all). */
    public static String formatCallGraph(Future<?> future, int depth, Integer limit) {
        return Graph.formatCallGraph(future, depth, limit);
    }

    /** Prints {@link #formatCallGraph()} and a line end on System.out (asyncio.print_call_graph). */
    public static void printCallGraph() {
        Graph.printCallGraph(null, System.out, 1, null);
    }

    /** asyncio.print_call_graph(future): prints {@link #formatCallGraph(Future)} to System.out. */
    public static void printCallGraph(Future<?> future) {
        Graph.printCallGraph(future, System.out, 1, null);
    }

    /** asyncio.print_call_graph(future, file=out). */
    public static void printCallGraph(Future<?> future, PrintStream out) {
        Objects.requireNonNull(out, "out must not be null");
        Graph.printCallGraph(future, out, 1, null);
    }

    /** asyncio.print_call_graph(future, file=out, depth=depth, limit=limit). */
    public static void printCallGraph(Future<?> future, PrintStream out, int depth, Integer limit) {
        Objects.requireNonNull(out, "out must not be null");
        Graph.printCallGraph(future, out, depth, limit);
    }

    /** Records that {@code fut} is awaited by {@code waiter} (asyncio.future_add_to_awaited_by). */
    public static void futureAddToAwaitedBy(Future<?> fut, Future<?> waiter) {
        Objects.requireNonNull(fut, "fut must not be null");
        Objects.requireNonNull(waiter, "waiter must not be null");
        Graph.futureAddToAwaitedBy(fut, waiter);
    }

    /** Forgets a {@link #futureAddToAwaitedBy} edge (asyncio.future_discard_from_awaited_by). */
    public static void futureDiscardFromAwaitedBy(Future<?> fut, Future<?> waiter) {
        Objects.requireNonNull(fut, "fut must not be null");
        Objects.requireNonNull(waiter, "waiter must not be null");
        Graph.futureDiscardFromAwaitedBy(fut, waiter);
    }

    /** {@code stage} as an asyncio future: itself if it is one, else a future mirroring it. */
    public static <T> Future<T> ensureFuture(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage must not be null");
        return Tasks.ensureFuture(stage);
    }

    /** A task for {@code coro} on the running (or current) loop (asyncio.ensure_future(coro)). */
    public static <T> Task<T> ensureFuture(Coroutine<T> coro) {
        Objects.requireNonNull(coro, "coro must not be null");
        return Tasks.ensureFuture(coro);
    }

    // ---------------------------------------------------------------------------------------------
    // Sleeping.

    /** A future done after {@code delay} seconds (asyncio.sleep); {@code sleep(0)} yields for one iteration. */
    public static Future<Void> sleep(double delay) {
        return Tasks.sleep(delay, null);
    }

    /** A future done with {@code result} after {@code delay} seconds (asyncio.sleep(delay, result)). */
    public static <T> Future<T> sleep(double delay, T result) {
        Objects.requireNonNull(result, "result must not be null");
        return Tasks.sleep(delay, result);
    }

    /** {@link #sleep(double)} with a java.time.Duration (null: IllegalArgumentException naming it). */
    public static Future<Void> sleep(Duration delay) {
        Objects.requireNonNull(delay, "delay must not be null");
        return Tasks.sleep(delay.toNanos() / 1e9, null);
    }

    // ---------------------------------------------------------------------------------------------
    // Gathering.

    /**
     * One future of all results, in argument order (asyncio.gather). The first failure fails it at once while
     * the others keep running; cancelling it cancels them all.
     */
    @SafeVarargs
    public static <T> Future<List<T>> gather(CompletionStage<? extends T>... awaitables) {
        Objects.requireNonNull(awaitables, "awaitables must not be null");
        return gather(Arrays.asList(awaitables));
    }

    /** gather of coroutines: each is wrapped in a task, in argument order, as asyncio.gather does. */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Coroutine<? extends T>... coros) {
        Objects.requireNonNull(coros, "coros must not be null");
        List<CompletionStage<? extends T>> tasks = new ArrayList<>(coros.length);
        for (Coroutine<? extends T> coro : coros) {
            tasks.add(ensureFuture(coro));
        }
        return gather(tasks);
    }

    /** asyncio.gather over a list: one future of the results in the list's order; the first failure fails it (the others keep running). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> Future<List<T>> gather(List<? extends CompletionStage<? extends T>> awaitables) {
        Objects.requireNonNull(awaitables, "awaitables must not be null");
        return (Future) Tasks.gather((List) awaitables, false);
    }

    /**
     * gather with {@code return_exceptions}: when true, exceptions (and CancelledError for cancelled children)
     * take their place in the result list instead of failing the gather.
     */
    public static Future<List<Object>> gather(boolean returnExceptions, CompletionStage<?>... awaitables) {
        Objects.requireNonNull(awaitables, "awaitables must not be null");
        return gather(returnExceptions, Arrays.asList(awaitables));
    }

    /** asyncio.gather(*awaitables, return_exceptions=...) over a list: with {@code returnExceptions}, failures are results. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Future<List<Object>> gather(boolean returnExceptions, List<? extends CompletionStage<?>> awaitables) {
        Objects.requireNonNull(awaitables, "awaitables must not be null");
        return (Future) Tasks.gather((List) awaitables, returnExceptions);
    }

    /** gather of coroutines with {@code return_exceptions}: each is wrapped in a task, in argument order. */
    @SafeVarargs
    public static <T> Future<List<Object>> gather(boolean returnExceptions, Coroutine<? extends T>... coros) {
        Objects.requireNonNull(coros, "coros must not be null");
        List<CompletionStage<?>> tasks = new ArrayList<>(coros.length);
        for (Coroutine<? extends T> coro : coros) {
            tasks.add(ensureFuture(coro));
        }
        return gather(returnExceptions, tasks);
    }

    // ---------------------------------------------------------------------------------------------
    // Futures.

    /** True for asyncio futures and tasks (asyncio.isfuture). */
    public static boolean isFuture(Object obj) {
        return Futures.isFuture(obj);
    }

    /**
     * True for a coroutine object: a not-yet-started {@link Coroutine} (asyncio.iscoroutine). A Task, a Future or
     * the method that makes coroutines is not one.
     */
    public static boolean isCoroutine(Object obj) {
        return obj instanceof Coroutine;
    }

    /**
     * True for a coroutine function: in Java, a method returning a {@link CompletionStage}
     * (asyncio.iscoroutinefunction).
     */
    public static boolean isCoroutineFunction(java.lang.reflect.Method method) {
        Objects.requireNonNull(method, "method must not be null");
        return CompletionStage.class.isAssignableFrom(method.getReturnType());
    }

    /** An asyncio future of the current loop mirroring a JDK future (asyncio.wrap_future). */
    public static <T> Future<T> wrapFuture(java.util.concurrent.Future<T> future) {
        Objects.requireNonNull(future, "future must not be null");
        return Futures.wrapFuture(future, Events.getEventLoop());
    }

    /** asyncio.wrap_future(future, loop=loop): an asyncio future of {@code loop} completing with {@code future}'s outcome. */
    public static <T> Future<T> wrapFuture(java.util.concurrent.Future<T> future, EventLoop loop) {
        Objects.requireNonNull(future, "future must not be null");
        return Futures.wrapFuture(future, loop);
    }

    /**
     * The exception a Java continuation should look at: stages derived from a failed one carry it inside a
     * {@code CompletionException}; this returns the original (e.g. the {@code CancelledError}).
     */
    public static Throwable unwrap(Throwable failure) {
        Objects.requireNonNull(failure, "failure must not be null");
        return Futures.unwrap(failure);
    }

    // ---------------------------------------------------------------------------------------------
    // Loops: Python's `while ...: await ...` for Java coroutines, without nesting a stage per turn.

    /**
     * {@code while condition(): await body()}: the returned stage completes with null once {@code condition}
     * is false, or with the first failure (a CancelledError included) of a stage {@code body} returned. Memory
     * stays flat however many turns run (recursion through {@code thenCompose} would keep every turn's stage
     * alive). Each turn awaits like {@code await}: a pending future resumes one iteration after it is done.
     */
    public static CompletionStage<Void> loopWhile(BooleanSupplier condition,
                                                  Supplier<? extends CompletionStage<?>> body) {
        Objects.requireNonNull(condition, "condition must not be null");
        Objects.requireNonNull(body, "body must not be null");
        return Tasks.loopWhile(condition, body);
    }

    /** {@code for i in range(times): await body(i)}; see {@link #loopWhile}. */
    public static CompletionStage<Void> repeat(long times, LongFunction<? extends CompletionStage<?>> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Tasks.repeat(times, body);
    }

    // ---------------------------------------------------------------------------------------------
    // Waiting and timeouts: wait, waitFor, shield, asCompleted, timeout, timeoutAt.
    // (Add new methods of this group below this comment block, keeping the groups apart.)
    // ---------------------------------------------------------------------------------------------

    /** asyncio.FIRST_COMPLETED: {@link #wait} returns when any future finishes or is cancelled. */
    public static final ReturnWhen FIRST_COMPLETED = ReturnWhen.FIRST_COMPLETED;
    /** asyncio.FIRST_EXCEPTION: {@link #wait} returns when any future fails (else when all are done). */
    public static final ReturnWhen FIRST_EXCEPTION = ReturnWhen.FIRST_EXCEPTION;
    /** asyncio.ALL_COMPLETED: {@link #wait} returns when all futures are done. */
    public static final ReturnWhen ALL_COMPLETED = ReturnWhen.ALL_COMPLETED;

    /**
     * Waits for the futures/tasks until all are done (asyncio.wait); the result holds the done and pending
     * sets. Never raises TimeoutError and cancels nothing. An empty collection, or a {@link Coroutine} in it,
     * is an IllegalArgumentException (Python's ValueError/TypeError).
     *
     * <p>Java note: inside a class {@code Object.wait} shadows a static import, so call it as
     * {@code Asyncio.wait(...)}.
     */
    public static <T> Future<WaitResult<T>> wait(Collection<? extends CompletionStage<? extends T>> aws) {
        Objects.requireNonNull(aws, "aws must not be null");
        return wait(aws, null, ReturnWhen.ALL_COMPLETED);
    }

    public static <T> Future<WaitResult<T>> wait(Collection<? extends CompletionStage<? extends T>> aws,
                                                 ReturnWhen returnWhen) {
        Objects.requireNonNull(aws, "aws must not be null");
        Objects.requireNonNull(returnWhen, "returnWhen must not be null");
        return wait(aws, null, returnWhen);
    }

    /** {@link #wait} with a timeout in seconds ({@code null}: none); on timeout the pending set is not empty. */
    public static <T> Future<WaitResult<T>> wait(Collection<? extends CompletionStage<? extends T>> aws,
                                                 Double timeout) {
        Objects.requireNonNull(aws, "aws must not be null");
        return wait(aws, timeout, ReturnWhen.ALL_COMPLETED);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> Future<WaitResult<T>> wait(Collection<? extends CompletionStage<? extends T>> aws,
                                                 Double timeout, ReturnWhen returnWhen) {
        Objects.requireNonNull(aws, "aws must not be null");
        Objects.requireNonNull(returnWhen, "returnWhen must not be null");
        return (Future) Waiting.wait((Collection) aws, timeout, returnWhen);
    }

    /**
     * Awaits {@code aw} with a timeout in seconds (asyncio.wait_for, 3.12): at the deadline the current task
     * is cancelled, which cancels {@code aw}; once it has really finished the stage fails with TimeoutError
     * (cause: the CancelledError). {@code null}: no limit. Must run in a task (else it runs in a new one).
     */
    public static <T> CompletionStage<T> waitFor(CompletionStage<T> aw, Double timeout) {
        Objects.requireNonNull(aw, "aw must not be null");
        return Waiting.waitFor(aw, timeout);
    }

    /**
     * wait_for of a coroutine: it runs in the current task under the deadline; with a timeout {@code <= 0}
     * it never starts.
     */
    public static <T> CompletionStage<T> waitFor(Coroutine<T> coro, Double timeout) {
        Objects.requireNonNull(coro, "coro must not be null");
        return Waiting.waitFor(coro, timeout);
    }

    /** {@link #waitFor(CompletionStage, Double)} with a java.time.Duration (null: no limit). */
    public static <T> CompletionStage<T> waitFor(CompletionStage<T> aw, Duration timeout) {
        Objects.requireNonNull(aw, "aw must not be null");
        return Waiting.waitFor(aw, seconds(timeout));
    }

    /** {@link #waitFor(Coroutine, Double)} with a java.time.Duration (null: no limit). */
    public static <T> CompletionStage<T> waitFor(Coroutine<T> coro, Duration timeout) {
        Objects.requireNonNull(coro, "coro must not be null");
        return Waiting.waitFor(coro, seconds(timeout));
    }

    /**
     * Protects {@code aw} from cancellation (asyncio.shield): cancelling the returned future, or the task
     * awaiting it, leaves {@code aw} running; cancelling {@code aw} cancels the returned future.
     */
    public static <T> Future<T> shield(CompletionStage<T> aw) {
        Objects.requireNonNull(aw, "aw must not be null");
        return Waiting.shield(aw);
    }

    /** shield of a coroutine, started as a task. */
    public static <T> Future<T> shield(Coroutine<T> coro) {
        Objects.requireNonNull(coro, "coro must not be null");
        return Waiting.shield(coro);
    }

    /**
     * The awaitables in completion order (asyncio.as_completed): iterate for one future per input, the i-th
     * completing with the i-th outcome; or consume the original tasks in completion order with
     * {@link AsCompleted#forEachCompleted} / {@link AsCompleted#next}. Coroutines become tasks.
     */
    public static <T> AsCompleted<T> asCompleted(Collection<? extends CompletionStage<? extends T>> aws) {
        Objects.requireNonNull(aws, "aws must not be null");
        return Waiting.asCompleted(aws, null);
    }

    /** {@link #asCompleted(Collection)} with a timeout in seconds: what is left then fails with TimeoutError. */
    public static <T> AsCompleted<T> asCompleted(Collection<? extends CompletionStage<? extends T>> aws,
                                                 Double timeout) {
        Objects.requireNonNull(aws, "aws must not be null");
        return Waiting.asCompleted(aws, timeout);
    }

    /** as_completed of coroutines (each wrapped in a task), with an optional timeout in seconds. */
    @SafeVarargs
    public static <T> AsCompleted<T> asCompleted(Double timeout, Coroutine<? extends T>... coros) {
        Objects.requireNonNull(coros, "coros must not be null");
        return Waiting.asCompleted(Arrays.asList(coros), timeout);
    }

    /**
     * A {@link Timeout} scope expiring {@code delay} seconds from now ({@code null}: never), asyncio.timeout.
     * Use it as {@code timeout(1.0).run(cm -> body(cm))}.
     */
    public static Timeout timeout(Double delay) {
        return Waiting.timeout(delay);
    }

    /** {@link #timeout(Double)} with a java.time.Duration (null: never expires). */
    public static Timeout timeout(Duration delay) {
        return Waiting.timeout(seconds(delay));
    }

    /** A {@link Timeout} expiring at {@code when} on the loop's clock ({@code null}: never), asyncio.timeout_at. */
    public static Timeout timeoutAt(Double when) {
        return Waiting.timeoutAt(when);
    }

    /**
     * {@code async with asyncio.timeout(delay): return await body()}: runs {@code body} in the current task;
     * at the deadline it is cancelled and the stage fails with TimeoutError whose cause is the CancelledError.
     */
    public static <T> CompletionStage<T> timeout(Double delay, Coroutine<T> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Waiting.timeout(delay).run(body);
    }

    /** {@link #timeout(Double, Coroutine)} for a body that uses its scope ({@code cm.reschedule(...)}). */
    public static <T> CompletionStage<T> timeout(Double delay, Function<Timeout, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Waiting.timeout(delay).run(body);
    }

    /** {@code async with asyncio.timeout_at(when): await body()} (null: never expires); TimeoutError when it expires. */
    public static <T> CompletionStage<T> timeoutAt(Double when, Coroutine<T> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Waiting.timeoutAt(when).run(body);
    }

    /** {@code async with asyncio.timeout_at(when) as cm: ...}: the body gets the {@link Timeout} to reschedule it. */
    public static <T> CompletionStage<T> timeoutAt(Double when, Function<Timeout, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Waiting.timeoutAt(when).run(body);
    }

    /**
     * {@code async with asyncio.TaskGroup() as tg: ...}: runs {@code body} with a new {@link TaskGroup} in the
     * current task; the stage completes with the body's value once every child is done. A failing child
     * cancels the others and the body; failures surface together as one {@link ExceptionGroup}.
     */
    public static <T> CompletionStage<T> taskGroup(Function<TaskGroup, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Waiting.taskGroup(body);
    }

    // Primitive overloads, so that {@code waitFor(x, 1)} and {@code timeout(2, ...)} compile (an int does not box
    // to Double); the Double forms take {@code null} for "no limit".

    /** asyncio.wait(aws, timeout=timeout) with a primitive timeout in seconds (ALL_COMPLETED). */
    public static <T> Future<WaitResult<T>> wait(Collection<? extends CompletionStage<? extends T>> aws, double timeout) {
        Objects.requireNonNull(aws, "aws must not be null");
        return wait(aws, (Double) timeout, ReturnWhen.ALL_COMPLETED);
    }

    public static <T> Future<WaitResult<T>> wait(Collection<? extends CompletionStage<? extends T>> aws, double timeout,
                                                 ReturnWhen returnWhen) {
        Objects.requireNonNull(aws, "aws must not be null");
        Objects.requireNonNull(returnWhen, "returnWhen must not be null");
        return wait(aws, (Double) timeout, returnWhen);
    }

    /** asyncio.wait_for(aw, timeout) with a primitive timeout in seconds; TimeoutError when it expires (aw is cancelled). */
    public static <T> CompletionStage<T> waitFor(CompletionStage<T> aw, double timeout) {
        Objects.requireNonNull(aw, "aw must not be null");
        return Waiting.waitFor(aw, timeout);
    }

    /** asyncio.wait_for(coro(), timeout) with a primitive timeout in seconds. */
    public static <T> CompletionStage<T> waitFor(Coroutine<T> coro, double timeout) {
        Objects.requireNonNull(coro, "coro must not be null");
        return Waiting.waitFor(coro, timeout);
    }

    /** asyncio.as_completed(aws, timeout=timeout) with a primitive timeout in seconds. */
    public static <T> AsCompleted<T> asCompleted(Collection<? extends CompletionStage<? extends T>> aws, double timeout) {
        Objects.requireNonNull(aws, "aws must not be null");
        return Waiting.asCompleted(aws, timeout);
    }

    /** asyncio.timeout(delay) with a primitive delay in seconds: a {@link Timeout} to enter. */
    public static Timeout timeout(double delay) {
        return Waiting.timeout(delay);
    }

    /** {@code async with asyncio.timeout(delay): await body()} with a primitive delay; TimeoutError when it expires. */
    public static <T> CompletionStage<T> timeout(double delay, Coroutine<T> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Waiting.timeout(delay).run(body);
    }

    /** {@code async with asyncio.timeout(delay) as cm: ...} with a primitive delay: the body gets the {@link Timeout}. */
    public static <T> CompletionStage<T> timeout(double delay, Function<Timeout, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Waiting.timeout(delay).run(body);
    }

    /** asyncio.timeout_at(when) with a primitive deadline on the loop's clock. */
    public static Timeout timeoutAt(double when) {
        return Waiting.timeoutAt(when);
    }

    private static Double seconds(Duration d) {
        return d == null ? null : d.toNanos() / 1e9;
    }

    // ---------------------------------------------------------------------------------------------
    // Threads: toThread, runCoroutineThreadsafe.
    // (Add new methods of this group below this comment block, keeping the groups apart.)
    // ---------------------------------------------------------------------------------------------

    /**
     * Runs blocking {@code function} in the loop's default executor with a copy of the caller's
     * {@link Context} and returns a future completed on the loop thread (asyncio.to_thread).
     */
    public static <T> Future<T> toThread(Callable<T> function) {
        Objects.requireNonNull(function, "function must not be null");
        return Threading.toThread(function);
    }

    /** {@link #toThread(Callable)} for code without a result. */
    public static Future<Void> toThread(Runnable function) {
        Objects.requireNonNull(function, "function must not be null");
        return Threading.toThread(() -> {
            function.run();
            return null;
        });
    }

    /**
     * From any thread, runs {@code coro} in a task on {@code loop} (asyncio.run_coroutine_threadsafe): the JDK
     * future receives the task's outcome; cancelling it cancels the task.
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        Objects.requireNonNull(coro, "coro must not be null");
        Objects.requireNonNull(loop, "loop must not be null");
        return Threading.runCoroutineThreadsafe(coro, loop);
    }

    /** A copy of the current contextvars context: the current task's, or this thread's (copy_context). */
    public static Context copyContext() {
        return Context.copyContext();
    }

    // ---------------------------------------------------------------------------------------------
    // Subprocesses: createSubprocessExec, createSubprocessShell.
    // (Add new methods of this group below this comment block, keeping the groups apart.)
    // ---------------------------------------------------------------------------------------------

    /**
     * Starts {@code program} with {@code args}, no shell (asyncio.create_subprocess_exec); the stage completes
     * with the {@link Process}, or fails with the IOException if it cannot be started. Must run on the loop.
     * <pre>{@code
     * createSubprocessExec(new ProcessOptions().stdout(Stdio.PIPE), "ls", "-l")
     *     .thenCompose(p -> p.communicate())
     *     .thenAccept(out -> System.out.print(new String(out.stdout())));
     * }</pre>
     */
    public static CompletionStage<Process> createSubprocessExec(ProcessOptions options, String program, String... args) {
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(program, "program must not be null");
        Objects.requireNonNull(args, "args must not be null");
        return Subprocesses.createSubprocessExec(options, program, args);
    }

    /** {@link #createSubprocessExec(ProcessOptions, String, String...)} with every stream inherited. */
    public static CompletionStage<Process> createSubprocessExec(String program, String... args) {
        Objects.requireNonNull(program, "program must not be null");
        Objects.requireNonNull(args, "args must not be null");
        return Subprocesses.createSubprocessExec(program, args);
    }

    /** Runs {@code cmd} with {@code /bin/sh -c} (asyncio.create_subprocess_shell). */
    public static CompletionStage<Process> createSubprocessShell(String cmd, ProcessOptions options) {
        Objects.requireNonNull(cmd, "cmd must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return Subprocesses.createSubprocessShell(cmd, options);
    }

    /** asyncio.create_subprocess_shell(cmd) with the default options (streams inherited). */
    public static CompletionStage<Process> createSubprocessShell(String cmd) {
        Objects.requireNonNull(cmd, "cmd must not be null");
        return Subprocesses.createSubprocessShell(cmd);
    }

    // ---------------------------------------------------------------------------------------------
    // Streams: openConnection, startServer, openUnixConnection, startUnixServer.
    // (Add new methods of this group below this comment block, keeping the groups apart.)
    // ---------------------------------------------------------------------------------------------

    /**
     * Connects to {@code host:port} and returns the (reader, writer) pair (asyncio.open_connection); the
     * reader's buffer limit is 64 KiB.
     */
    public static CompletionStage<io.asyncio4j.engine.streams.StreamPair> openConnection(String host, int port) {
        Objects.requireNonNull(host, "host must not be null");
        return io.asyncio4j.engine.streams.Streams.openConnection(host, port);
    }

    /** {@link #openConnection(String, int)} with the reader's buffer {@code limit}. */
    public static CompletionStage<io.asyncio4j.engine.streams.StreamPair> openConnection(String host, int port, int limit) {
        Objects.requireNonNull(host, "host must not be null");
        return io.asyncio4j.engine.streams.Streams.openConnection(host, port, limit);
    }

    /** {@link #openConnection(String, int, int)} with {@code options} (TLS, local address, an existing socket: asyncio's keyword arguments). */
    public static CompletionStage<io.asyncio4j.engine.streams.StreamPair> openConnection(
            String host, int port, int limit, io.asyncio4j.engine.net.ConnectionOptions options) {
        Objects.requireNonNull(host, "host must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return io.asyncio4j.engine.streams.Streams.openConnection(host, port, limit, options);
    }

    /**
     * Listens on {@code host:port} (null host: all interfaces; port 0: ephemeral) and runs
     * {@code clientConnected(reader, writer)} as a new task for each connection (asyncio.start_server).
     */
    public static CompletionStage<io.asyncio4j.engine.net.Server> startServer(
            io.asyncio4j.engine.streams.ClientConnectedCallback clientConnected, String host, int port) {
        Objects.requireNonNull(clientConnected, "clientConnected must not be null");
        return io.asyncio4j.engine.streams.Streams.startServer(clientConnected, host, port);
    }

    /** {@link #startServer(io.asyncio4j.engine.streams.ClientConnectedCallback, String, int)} with the readers' buffer {@code limit}. */
    public static CompletionStage<io.asyncio4j.engine.net.Server> startServer(
            io.asyncio4j.engine.streams.ClientConnectedCallback clientConnected, String host, int port, int limit) {
        Objects.requireNonNull(clientConnected, "clientConnected must not be null");
        return io.asyncio4j.engine.streams.Streams.startServer(clientConnected, host, port, limit);
    }

    /** {@link #startServer(io.asyncio4j.engine.streams.ClientConnectedCallback, String, int, int)} with {@code options} (TLS, backlog, reuse, an existing socket: asyncio's keyword arguments). */
    public static CompletionStage<io.asyncio4j.engine.net.Server> startServer(
            io.asyncio4j.engine.streams.ClientConnectedCallback clientConnected, String host, int port, int limit,
            io.asyncio4j.engine.net.ServerOptions options) {
        Objects.requireNonNull(clientConnected, "clientConnected must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return io.asyncio4j.engine.streams.Streams.startServer(clientConnected, host, port, limit, options);
    }

    /** openConnection over the Unix domain socket at {@code path} (asyncio.open_unix_connection). */
    public static CompletionStage<io.asyncio4j.engine.streams.StreamPair> openUnixConnection(java.nio.file.Path path) {
        Objects.requireNonNull(path, "path must not be null");
        return io.asyncio4j.engine.streams.Streams.openUnixConnection(path);
    }

    /** startServer on a Unix domain socket at {@code path} (asyncio.start_unix_server). */
    public static CompletionStage<io.asyncio4j.engine.net.Server> startUnixServer(
            io.asyncio4j.engine.streams.ClientConnectedCallback clientConnected, java.nio.file.Path path) {
        Objects.requireNonNull(clientConnected, "clientConnected must not be null");
        Objects.requireNonNull(path, "path must not be null");
        return io.asyncio4j.engine.streams.Streams.startUnixServer(clientConnected, path);
    }

    // ---------------------------------------------------------------------------------------------
    // BEGIN issue 13 (asyncio 3.12-3.13 surface): run(loop_factory), ensure_future(loop=), per-call eager_start.
    // Fully qualified names so the section stands alone.

    /**
     * {@link #run(Coroutine, Boolean)} on a loop from {@code loopFactory} (asyncio.run's {@code loop_factory}, 3.12):
     * the loop is not made the thread's current loop, as asyncio.Runner does with a factory. A null factory:
     * a new loop as usual.
     *
     * @throws IllegalStateException if an event loop is already running in this thread
     */
    public static <T> T run(Coroutine<T> coro, Boolean debug, Supplier<EventLoop> loopFactory) {
        Objects.requireNonNull(coro, "coro must not be null");
        Objects.requireNonNull(loopFactory, "loopFactory must not be null");
        if (Events.getRunningLoopOrNull() != null) {
            throw new IllegalStateException("asyncio.run() cannot be called from a running event loop");
        }
        try (Runner runner = new Runner(debug, loopFactory)) {
            return runner.run(coro);
        }
    }

    /**
     * asyncio.ensure_future(stage, loop=loop): {@code stage} itself if it is an asyncio future of {@code loop}
     * (IllegalArgumentException "The future belongs to a different loop than the one specified as the loop
     * argument" for another loop's), else a future of {@code loop} mirroring it.
     */
    public static <T> Future<T> ensureFuture(CompletionStage<T> stage, EventLoop loop) {
        Objects.requireNonNull(stage, "stage must not be null");
        return Tasks.ensureFuture(stage, loop);
    }

    /** asyncio.ensure_future(coro, loop=loop): a task for {@code coro} on {@code loop}. */
    public static <T> Task<T> ensureFuture(Coroutine<T> coro, EventLoop loop) {
        Objects.requireNonNull(coro, "coro must not be null");
        return Tasks.ensureFuture(coro, loop);
    }

    /**
     * create_task with a per-call {@code eager_start} (3.12's {@code Task(coro, eager_start=True)}, passed
     * through by create_task in 3.14): with {@code true}, while the loop runs the task starts at once, inside
     * this call, up to its first real wait (a coroutine that never waits is done on return); with {@code false}
     * it is scheduled as usual. Either way the loop's task factory is not consulted: the call decides.
     */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name, boolean eagerStart) {
        Objects.requireNonNull(coro, "coro must not be null");
        EventLoop loop = Events.getRunningLoop();
        return new Task<>(loop, coro, name, eagerStart);
    }

    /** {@link #openUnixConnection(java.nio.file.Path)} with the reader's buffer {@code limit} (asyncio's {@code limit=}). */
    public static CompletionStage<io.asyncio4j.engine.streams.StreamPair> openUnixConnection(
            java.nio.file.Path path, int limit) {
        Objects.requireNonNull(path, "path must not be null");
        return io.asyncio4j.engine.streams.Streams.openUnixConnection(path, limit);
    }

    /** {@link #startUnixServer} with each reader's buffer {@code limit} (asyncio's {@code limit=}). */
    public static CompletionStage<io.asyncio4j.engine.net.Server> startUnixServer(
            io.asyncio4j.engine.streams.ClientConnectedCallback clientConnected, java.nio.file.Path path, int limit) {
        Objects.requireNonNull(clientConnected, "clientConnected must not be null");
        Objects.requireNonNull(path, "path must not be null");
        return io.asyncio4j.engine.streams.Streams.startUnixServer(clientConnected, path, limit);
    }

    /** {@link #startUnixServer} with {@code limit} and create_unix_server's keywords ({@code ServerOptions}). */
    public static CompletionStage<io.asyncio4j.engine.net.Server> startUnixServer(
            io.asyncio4j.engine.streams.ClientConnectedCallback clientConnected, java.nio.file.Path path, int limit,
            io.asyncio4j.engine.net.ServerOptions options) {
        Objects.requireNonNull(clientConnected, "clientConnected must not be null");
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return io.asyncio4j.engine.streams.Streams.startUnixServer(clientConnected, path, limit, options);
    }

    /**
     * asyncio.create_task(coro, name=name, context=context): the task runs in {@code context} itself
     * ({@code task.getContext()} is it), so the ContextVar values it sets are visible in {@code context} after.
     */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        Objects.requireNonNull(coro, "coro must not be null");
        Objects.requireNonNull(context, "context must not be null");
        return Tasks.createTask(coro, name, context);
    }

    /**
     * {@link #openUnixConnection(java.nio.file.Path, int)} with create_unix_connection's keywords
     * ({@code ConnectionOptions}: ssl with serverHostname, TLS timeouts, or a connected {@code sock} with a null path).
     */
    public static CompletionStage<io.asyncio4j.engine.streams.StreamPair> openUnixConnection(
            java.nio.file.Path path, int limit, io.asyncio4j.engine.net.ConnectionOptions options) {
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return io.asyncio4j.engine.streams.Streams.openUnixConnection(path, limit, options);
    }

    // END issue 13

    // ---------------------------------------------------------------------------------------------
    // Direct style (Java 21+): coroutines that are plain sequential methods, suspended at each await.
    // On an older JDK every method of this group throws UnsupportedOperationException
    // "direct-style coroutines need Java 21+; running on 17". How it works: docs/ARCHITECTURE.md,
    // "How the baton passes".
    // (Add new methods of this group below this comment block, keeping the groups apart.)
    // ---------------------------------------------------------------------------------------------

    /**
     * Python's {@code await aw}, inside a direct-style coroutine: returns {@code stage}'s value, or throws its
     * exception as it is (the original exception, not a CompletionException/ExecutionException around it);
     * {@link io.asyncio4j.engine.exceptions.CancelledError} if it was cancelled or the task is cancelled while it
     * waits (catch it to clean up; a task may suppress it). A completed stage returns at once, in the same step;
     * otherwise the coroutine resumes one loop iteration after the stage completes, as asyncio resumes a task.
     *
     * @throws IllegalStateException outside a direct-style coroutine (a loop callback, chain-style code, another
     *   thread): the message says what to use there instead
     * @throws UnsupportedOperationException before Java 21
     */
    public static <T> T await(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage must not be null");
        return Direct.await(stage);
    }

    /**
     * Python's {@code await coro()}: starts {@code coro} in the current task, right here, and awaits its outcome. A
     * direct-style coroutine ({@code await(async(() -> ...))}) runs inline on this thread; a chain-style one
     * ({@code await(() -> work())}) runs its chain in this task as usual. No new task, no new thread.
     */
    public static <T> T await(Coroutine<T> coro) {
        Objects.requireNonNull(coro, "coro must not be null");
        requireDirect();
        return await(Objects.requireNonNull(coro.start(), "coroutine returned null instead of a CompletionStage"));
    }

    /**
     * A direct-style body as a not-yet-started {@link Coroutine} (what Python gets by calling an {@code async def}),
     * for any entry point that takes one: {@code tg.createTask(async(() -> work(1)))},
     * {@code loop.runUntilComplete(async(...))}, {@code ensureFuture(async(...))}. Started in a task it runs on a
     * virtual thread of its own; started from direct-style code of the same task (a nested coroutine:
     * {@code await(waitFor(async(...), 1))}) it runs inline on the caller's thread, as awaiting a coroutine does.
     */
    public static <T> Coroutine<T> async(DirectCoroutine<T> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Direct.coroutine(body);
    }

    /** {@link #async(DirectCoroutine)} for a body without a result (the coroutine's result is null). */
    public static Coroutine<Void> async(DirectVoidCoroutine body) {
        Objects.requireNonNull(body, "body must not be null");
        return Direct.coroutine(() -> {
            body.call();
            return null;
        });
    }

    /**
     * asyncio.run of a direct-style coroutine: {@code int n = run(() -> { ...; return n; })}. The event loop itself
     * runs on a virtual thread (this thread waits for it), which makes the hand-offs between loop and coroutines
     * cheap; results, exceptions, Ctrl-C (KeyboardInterrupt) and the end-of-run clean-up are those of
     * {@link #run(Coroutine)}.
     *
     * <p>A lambda that returns {@code null} or a CompletionStage, always throws, or returns a generic call that
     * Java can infer as a CompletionStage ({@code () -> await(loop.createFuture())}) fits {@link Coroutine} too and
     * is taken as chain-style (the more specific overload; its await then fails saying so): write
     * {@code run(async(() -> { ...; return null; }))} for such a direct body ({@code async} has no chain-style
     * overload). An overloaded method reference ({@code run(Main::main)} where {@code main} also has
     * a {@code String[]} form) is ambiguous: write {@code run(() -> main())}.
     */
    public static <T> T run(DirectCoroutine<T> main) {
        Objects.requireNonNull(main, "main must not be null");
        return run(main, null);
    }

    /** {@link #run(DirectCoroutine)} with debug mode on or off ({@code null}: from the environment). */
    public static <T> T run(DirectCoroutine<T> main, Boolean debug) {
        Objects.requireNonNull(main, "main must not be null");
        return run(async(main), debug);
    }

    /** {@link #run(DirectCoroutine)} for a body without a result. */
    public static void run(DirectVoidCoroutine main) {
        Objects.requireNonNull(main, "main must not be null");
        run(main, null);
    }

    /** {@link #run(DirectVoidCoroutine)} with debug mode on or off ({@code null}: from the environment). */
    public static void run(DirectVoidCoroutine main, Boolean debug) {
        Objects.requireNonNull(main, "main must not be null");
        run(async(main), debug);
    }

    /** asyncio.create_task of a direct-style body: it starts on a later iteration, on a virtual thread of its own. */
    public static <T> Task<T> createTask(DirectCoroutine<T> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Tasks.createTask(async(body), null);
    }

    /** {@link #createTask(DirectCoroutine)} with a task name. */
    public static <T> Task<T> createTask(DirectCoroutine<T> body, String name) {
        Objects.requireNonNull(body, "body must not be null");
        return Tasks.createTask(async(body), name);
    }

    /** {@link #createTask(DirectCoroutine)} for a body without a result. */
    public static Task<Void> createTask(DirectVoidCoroutine body) {
        Objects.requireNonNull(body, "body must not be null");
        return Tasks.createTask(async(body), null);
    }

    /** {@link #createTask(DirectVoidCoroutine)} with a task name. */
    public static Task<Void> createTask(DirectVoidCoroutine body, String name) {
        Objects.requireNonNull(body, "body must not be null");
        return Tasks.createTask(async(body), name);
    }

    /** gather of direct-style bodies: each becomes a task, in argument order, as asyncio.gather does. */
    @SafeVarargs
    public static <T> Future<List<T>> gather(DirectCoroutine<? extends T>... bodies) {
        Objects.requireNonNull(bodies, "bodies must not be null");
        List<CompletionStage<? extends T>> tasks = new ArrayList<>(bodies.length);
        for (DirectCoroutine<? extends T> body : bodies) {
            tasks.add(ensureFuture(async(body)));
        }
        return gather(tasks);
    }

    /** gather of direct-style bodies with {@code return_exceptions}: each becomes a task, in argument order. */
    public static Future<List<Object>> gather(boolean returnExceptions, DirectCoroutine<?>... bodies) {
        Objects.requireNonNull(bodies, "bodies must not be null");
        List<CompletionStage<?>> tasks = new ArrayList<>(bodies.length);
        for (DirectCoroutine<?> body : bodies) {
            tasks.add(ensureFuture(async(body)));
        }
        return gather(returnExceptions, tasks);
    }

    /** wait_for of a direct-style body: it runs inline in the current task under the deadline. */
    public static <T> CompletionStage<T> waitFor(DirectCoroutine<T> body, double timeout) {
        Objects.requireNonNull(body, "body must not be null");
        return Waiting.waitFor(async(body), timeout);
    }

    /** {@link #waitFor(DirectCoroutine, double)}; {@code null}: no limit. */
    public static <T> CompletionStage<T> waitFor(DirectCoroutine<T> body, Double timeout) {
        Objects.requireNonNull(body, "body must not be null");
        return Waiting.waitFor(async(body), timeout);
    }

    /** {@link #waitFor(DirectCoroutine, double)} with a Duration; {@code null}: no limit. */
    public static <T> CompletionStage<T> waitFor(DirectCoroutine<T> body, Duration timeout) {
        Objects.requireNonNull(body, "body must not be null");
        return Waiting.waitFor(async(body), seconds(timeout));
    }

    /** {@code async with asyncio.timeout(delay): return body()} for a direct-style body (inline in this task). */
    public static <T> CompletionStage<T> timeout(double delay, DirectCoroutine<T> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Waiting.timeout(delay).run(async(body));
    }

    /** {@link #timeout(double, DirectCoroutine)}; {@code null}: no deadline. */
    public static <T> CompletionStage<T> timeout(Double delay, DirectCoroutine<T> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Waiting.timeout(delay).run(async(body));
    }

    /** shield of a direct-style body, started as a task. */
    public static <T> Future<T> shield(DirectCoroutine<T> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Waiting.shield(async(body));
    }

    /** run_coroutine_threadsafe of a direct-style body: from any thread, runs it in a task on {@code loop}. */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(DirectCoroutine<T> body, EventLoop loop) {
        Objects.requireNonNull(body, "body must not be null");
        Objects.requireNonNull(loop, "loop must not be null");
        return Threading.runCoroutineThreadsafe(async(body), loop);
    }

    /**
     * {@code async with asyncio.TaskGroup() as tg: ...; return x} in a direct-style coroutine:
     * {@code int n = asyncWith(new TaskGroup(), tg -> { tg.createTask(async(() -> work())); return 1; })}. The body
     * runs in the current task; this returns once every child is done, with the body's value, or throws what the
     * group raises (an {@link ExceptionGroup} of the failures).
     */
    public static <T> T asyncWith(TaskGroup group, DirectFunction<? super TaskGroup, ? extends T> body) {
        Objects.requireNonNull(group, "group must not be null");
        Objects.requireNonNull(body, "body must not be null");
        requireDirect();
        return await(group.<T>run(tg -> Direct.<T>coroutine(() -> body.apply(tg)).start()));
    }

    /** {@link #asyncWith(TaskGroup, DirectFunction)} for a block without a result. */
    public static void asyncWith(TaskGroup group, DirectConsumer<? super TaskGroup> body) {
        Objects.requireNonNull(group, "group must not be null");
        Objects.requireNonNull(body, "body must not be null");
        asyncWith(group, tg -> {
            body.accept(tg);
            return null;
        });
    }

    /**
     * {@code async with asyncio.timeout(delay) as cm: ...} in a direct-style coroutine:
     * {@code asyncWith(timeout(1.0), cm -> { await(work()); })}. At the deadline the body is cancelled and this
     * throws TimeoutError (cause: the CancelledError); {@code cm.reschedule(...)} moves the deadline.
     */
    public static <T> T asyncWith(Timeout scope, DirectFunction<? super Timeout, ? extends T> body) {
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(body, "body must not be null");
        requireDirect();
        return await(scope.<T>run(cm -> Direct.<T>coroutine(() -> body.apply(cm)).start()));
    }

    /** {@link #asyncWith(Timeout, DirectFunction)} for a block without a result. */
    public static void asyncWith(Timeout scope, DirectConsumer<? super Timeout> body) {
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(body, "body must not be null");
        asyncWith(scope, cm -> {
            body.accept(cm);
            return null;
        });
    }

    /** Throws await's "outside a direct-style coroutine" error unless called from one (before entering a scope). */
    private static void requireDirect() {
        Direct.await(DONE); // a completed stage: returns at once inside a direct coroutine, throws outside
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    // ---------------------------------------------------------------------------------------------
    // Chain-style helpers: try/except, try/finally with an await, gather of a coroutine list, line loops.
    // (Add new methods of this group below this comment block, keeping the groups apart.)
    // ---------------------------------------------------------------------------------------------

    /**
     * {@code try: return await stage} / {@code except type as e: return handler(e)}: a stage with
     * {@code stage}'s result, or, if it fails with an exception of {@code type} (looked at through
     * {@link #unwrap}), with what {@code handler} returns for it. Any other failure passes through unchanged.
     *
     * <p>As Python's {@code except Exception} does not catch {@code CancelledError} (a BaseException), a
     * cancellation passes through even when {@code type} is a supertype of it ({@code RuntimeException},
     * {@code Exception}, {@code Throwable}, {@code IllegalStateException}): it is caught only when asked for by
     * name, {@code type} being {@code CancelledError} or {@code CancellationException}. {@code KeyboardInterrupt}
     * likewise is caught only by name. (The JDK's {@code exceptionally} catches everything, cancellation
     * included.)
     * <pre>{@code
     * exceptOf(fetch(url), IOException.class, e -> "offline")
     * }</pre>
     */
    public static <T, E extends Throwable> CompletionStage<T> exceptOf(
            CompletionStage<T> stage, Class<E> type, Function<? super E, ? extends T> handler) {
        Objects.requireNonNull(stage, "stage must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        return stage.exceptionally(failure -> {
            Throwable cause = unwrap(failure);
            if (!catches(type, cause)) {
                throw rethrow(failure);
            }
            return handler.apply(type.cast(cause));
        });
    }

    /**
     * {@link #exceptOf} for a handler that awaits: {@code except type as e: return await handler(e)}. The
     * handler's stage is awaited in the current task; its outcome is the result.
     */
    public static <T, E extends Throwable> CompletionStage<T> exceptOfAwait(
            CompletionStage<T> stage, Class<E> type, Function<? super E, ? extends CompletionStage<T>> handler) {
        Objects.requireNonNull(stage, "stage must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        return stage.exceptionallyCompose(failure -> {
            Throwable cause = unwrap(failure);
            if (!catches(type, cause)) {
                throw rethrow(failure);
            }
            return handler.apply(type.cast(cause));
        });
    }

    /** Whether {@code except type} catches {@code cause}, with Python's BaseException rule (see exceptOf). */
    private static boolean catches(Class<?> type, Throwable cause) {
        if (!type.isInstance(cause)) {
            return false;
        }
        if (cause instanceof java.util.concurrent.CancellationException) {
            return java.util.concurrent.CancellationException.class.isAssignableFrom(type);
        }
        if (cause instanceof io.asyncio4j.engine.exceptions.KeyboardInterrupt) {
            return io.asyncio4j.engine.exceptions.KeyboardInterrupt.class.isAssignableFrom(type);
        }
        return true;
    }

    /** Hands {@code failure} on unchanged from inside a JDK continuation. */
    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof java.util.concurrent.CompletionException ce) {
            return ce;
        }
        return new java.util.concurrent.CompletionException(failure);
    }

    /**
     * {@code try: return await stage} / {@code finally: await cleanup()}: waits for {@code stage}, then runs
     * {@code cleanup} and awaits the stage it returns (whatever {@code stage}'s outcome, cancellation
     * included), then completes with {@code stage}'s outcome. If the cleanup fails (throws, or its stage
     * fails), that failure replaces the outcome, as an exception raised in a Python {@code finally} does; the
     * original failure, if any, is attached to it as a suppressed exception (Python's {@code __context__}).
     * <pre>{@code
     * finallyAwait(handle(reader, writer), () -> { writer.close(); return writer.waitClosed(); })
     * }</pre>
     */
    public static <T> CompletionStage<T> finallyAwait(
            CompletionStage<T> stage, Supplier<? extends CompletionStage<?>> cleanup) {
        Objects.requireNonNull(stage, "stage must not be null");
        Objects.requireNonNull(cleanup, "cleanup must not be null");
        return stage.handle((value, failure) -> new Object[]{value, failure}).thenCompose(outcome -> {
            @SuppressWarnings("unchecked")
            T value = (T) outcome[0];
            Throwable failure = (Throwable) outcome[1];
            CompletionStage<?> after;
            try {
                after = Objects.requireNonNull(cleanup.get(), "cleanup returned null instead of a CompletionStage");
            } catch (Throwable e) {
                return CompletableFuture.failedFuture(withContext(e, failure));
            }
            return after.handle((ignored, cleanupFailure) -> {
                if (cleanupFailure != null) {
                    throw rethrow(withContext(unwrap(cleanupFailure), failure));
                }
                if (failure != null) {
                    throw rethrow(failure);
                }
                return value;
            });
        });
    }

    /** {@code replacing} with {@code original} (if any) attached as suppressed, as Python sets __context__. */
    private static Throwable withContext(Throwable replacing, Throwable original) {
        if (original != null) {
            Throwable o = unwrap(original);
            if (o != replacing) {
                replacing.addSuppressed(o);
            }
        }
        return replacing;
    }

    /**
     * {@code await asyncio.gather(*coros)} for a collection of coroutines (the Java form of
     * {@code gather(*[work(i) for i in items])}): each is wrapped in a task, in iteration order. A
     * {@code List<Coroutine<T>>} picks this overload; a list of futures or tasks picks
     * {@link #gather(List)}.
     */
    public static <T> Future<List<T>> gather(Collection<? extends Coroutine<? extends T>> coros) {
        Objects.requireNonNull(coros, "coros must not be null");
        List<CompletionStage<? extends T>> tasks = new ArrayList<>(coros.size());
        for (Coroutine<? extends T> coro : coros) {
            tasks.add(ensureFuture(coro));
        }
        return gather(tasks);
    }

    /** {@link #gather(Collection)} with {@code return_exceptions}. */
    public static Future<List<Object>> gather(boolean returnExceptions, Collection<? extends Coroutine<?>> coros) {
        Objects.requireNonNull(coros, "coros must not be null");
        List<CompletionStage<?>> tasks = new ArrayList<>(coros.size());
        for (Coroutine<?> coro : coros) {
            tasks.add(ensureFuture(coro));
        }
        return gather(returnExceptions, tasks);
    }

    /**
     * {@code async for line in reader: await body(line)}: reads {@code reader} line by line (each line ends
     * with {@code \n}, the last one may not) until EOF, awaiting the stage {@code body} returns for each line
     * before reading the next. Completes with null at EOF, or with the first failure (of a read, e.g. a
     * LimitOverrunError, or of a body). Memory stays flat however many lines come.
     * <pre>{@code
     * forEachLine(reader, line -> { writer.write(line); return writer.drain(); })
     * }</pre>
     */
    public static CompletionStage<Void> forEachLine(
            io.asyncio4j.engine.streams.StreamReader reader,
            Function<? super byte[], ? extends CompletionStage<?>> body) {
        Objects.requireNonNull(reader, "reader must not be null");
        Objects.requireNonNull(body, "body must not be null");
        boolean[] eof = {false};
        return loopWhile(() -> !eof[0], () -> reader.readline().thenCompose(line -> {
            if (line.length == 0) {
                eof[0] = true;
                return CompletableFuture.completedFuture(null);
            }
            CompletionStage<?> next = body.apply(line);
            return next == null ? CompletableFuture.completedFuture(null) : next;
        }));
    }

    /**
     * Every line of {@code reader} up to EOF ({@code [line async for line in reader]}), each with its
     * {@code \n}; fails with the first read failure.
     */
    public static CompletionStage<List<byte[]>> readlines(io.asyncio4j.engine.streams.StreamReader reader) {
        Objects.requireNonNull(reader, "reader must not be null");
        List<byte[]> lines = new ArrayList<>();
        return forEachLine(reader, line -> {
            lines.add(line);
            return null;
        }).thenApply(x -> lines);
    }
}
