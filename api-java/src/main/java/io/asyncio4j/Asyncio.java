package io.asyncio4j;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.future.Futures;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.Events;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.Tasks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
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
        return run(coro, null);
    }

    /** {@link #run(Coroutine)} with debug mode on or off ({@code null}: from the environment). */
    public static <T> T run(Coroutine<T> coro, Boolean debug) {
        if (Events.getRunningLoopOrNull() != null) {
            throw new IllegalStateException("asyncio.run() cannot be called from a running event loop");
        }
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

    public static void setEventLoop(EventLoop loop) {
        Events.setEventLoop(loop);
    }

    /** A new event loop on the real monotonic clock. */
    public static EventLoop newEventLoop() {
        return Events.newEventLoop();
    }

    /** A new event loop in virtual time: idle waits jump straight to the next timer. */
    public static EventLoop newVirtualTimeEventLoop() {
        return Events.newVirtualTimeEventLoop();
    }

    // ---------------------------------------------------------------------------------------------
    // Tasks.

    /** Wraps {@code coro} in a task on the running loop; it starts on a later iteration (asyncio.create_task). */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        return Tasks.createTask(coro, null);
    }

    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return Tasks.createTask(coro, name);
    }

    /** The task running now; null in a plain callback; IllegalStateException outside a running loop. */
    public static Task<?> currentTask() {
        return Tasks.currentTask();
    }

    public static Task<?> currentTask(EventLoop loop) {
        return Tasks.currentTask(loop);
    }

    /** The not-yet-done tasks of the running loop. */
    public static Set<Task<?>> allTasks() {
        return Tasks.allTasks();
    }

    public static Set<Task<?>> allTasks(EventLoop loop) {
        return Tasks.allTasks(loop);
    }

    /** {@code stage} as an asyncio future: itself if it is one, else a future mirroring it. */
    public static <T> Future<T> ensureFuture(CompletionStage<T> stage) {
        return Tasks.ensureFuture(stage);
    }

    /** A task for {@code coro} on the running (or current) loop (asyncio.ensure_future(coro)). */
    public static <T> Task<T> ensureFuture(Coroutine<T> coro) {
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
        return Tasks.sleep(delay, result);
    }

    public static Future<Void> sleep(Duration delay) {
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
        return gather(Arrays.asList(awaitables));
    }

    /** gather of coroutines: each is wrapped in a task, in argument order, as asyncio.gather does. */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Coroutine<? extends T>... coros) {
        List<CompletionStage<? extends T>> tasks = new ArrayList<>(coros.length);
        for (Coroutine<? extends T> coro : coros) {
            tasks.add(ensureFuture(coro));
        }
        return gather(tasks);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> Future<List<T>> gather(List<? extends CompletionStage<? extends T>> awaitables) {
        return (Future) Tasks.gather((List) awaitables, false);
    }

    /**
     * gather with {@code return_exceptions}: when true, exceptions (and CancelledError for cancelled children)
     * take their place in the result list instead of failing the gather.
     */
    public static Future<List<Object>> gather(boolean returnExceptions, CompletionStage<?>... awaitables) {
        return gather(returnExceptions, Arrays.asList(awaitables));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Future<List<Object>> gather(boolean returnExceptions, List<? extends CompletionStage<?>> awaitables) {
        return (Future) Tasks.gather((List) awaitables, returnExceptions);
    }

    /** gather of coroutines with {@code return_exceptions}: each is wrapped in a task, in argument order. */
    @SafeVarargs
    public static <T> Future<List<Object>> gather(boolean returnExceptions, Coroutine<? extends T>... coros) {
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
        return CompletionStage.class.isAssignableFrom(method.getReturnType());
    }

    /** An asyncio future of the current loop mirroring a JDK future (asyncio.wrap_future). */
    public static <T> Future<T> wrapFuture(java.util.concurrent.Future<T> future) {
        return Futures.wrapFuture(future, Events.getEventLoop());
    }

    public static <T> Future<T> wrapFuture(java.util.concurrent.Future<T> future, EventLoop loop) {
        return Futures.wrapFuture(future, loop);
    }

    /**
     * The exception a Java continuation should look at: stages derived from a failed one carry it inside a
     * {@code CompletionException}; this returns the original (e.g. the {@code CancelledError}).
     */
    public static Throwable unwrap(Throwable failure) {
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
        return Tasks.loopWhile(condition, body);
    }

    /** {@code for i in range(times): await body(i)}; see {@link #loopWhile}. */
    public static CompletionStage<Void> repeat(long times, LongFunction<? extends CompletionStage<?>> body) {
        return Tasks.repeat(times, body);
    }

    // ---------------------------------------------------------------------------------------------
    // Waiting and timeouts: wait, waitFor, shield, asCompleted, timeout, timeoutAt.
    // (Add new methods of this group below this comment block, keeping the groups apart.)
    // ---------------------------------------------------------------------------------------------

    // ---------------------------------------------------------------------------------------------
    // Threads: toThread, runCoroutineThreadsafe.
    // (Add new methods of this group below this comment block, keeping the groups apart.)
    // ---------------------------------------------------------------------------------------------

    // ---------------------------------------------------------------------------------------------
    // Subprocesses: createSubprocessExec, createSubprocessShell.
    // (Add new methods of this group below this comment block, keeping the groups apart.)
    // ---------------------------------------------------------------------------------------------

    // ---------------------------------------------------------------------------------------------
    // Streams: openConnection, startServer, openUnixConnection, startUnixServer.
    // (Add new methods of this group below this comment block, keeping the groups apart.)
    // ---------------------------------------------------------------------------------------------
}
