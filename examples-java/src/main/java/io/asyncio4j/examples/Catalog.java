package io.asyncio4j.examples;

import static io.asyncio4j.examples.Catalog.Time.REAL;
import static io.asyncio4j.examples.Catalog.Time.VIRTUAL;

import io.asyncio4j.examples.direct.*;
import io.asyncio4j.examples.seeds.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The catalog of example programs: it lists them, and runs them by name, by group, or all.
 *
 * <p>Arguments (the examples profile passes {@code -Dexamples=...}): {@code list} prints every program with its
 * group, clock and description; {@code all} (the default) runs every program; otherwise names and group names
 * separated by commas ({@code hello_world,say_after}, {@code seeds}, {@code seed_shield,examples}). Groups:
 * <ul>
 *   <li>{@code examples}: programs from the asyncio documentation (hello world, queues, streams, TaskGroup, ...);
 *   <li>{@code seeds}: one program per CPython conformance scenario ({@code ../shared/conformance/scenarios}),
 *       named after it; each prints the scenario's trace byte for byte, which is what the conformance suite
 *       checks (it runs these very programs);
 *   <li>{@code direct}: the same programs in direct style (Java 21+): {@code seed_shield_direct} for each seed,
 *       and direct twins of four examples ({@code echo_server_direct}: streams with try/finally,
 *       {@code queue_workers_direct}: a worker loop, {@code task_group_direct}: a TaskGroup,
 *       {@code wait_for_timeout_direct}: timeouts). Each direct seed prints its scenario's trace too (the
 *       conformance suite's second execution, on a JDK 21+, checks them).
 * </ul>
 * On a Java runtime older than a program needs (the direct programs need 21), the catalog names the programs it
 * skips on one line and does not fail: run {@code JAVA_HOME=/path/to/jdk21+ mvn ...} to include them.
 *
 * <p>While running, each program gets one progress line, {@code [12/49] seed_shield ... ok 0.0 s}, followed by
 * what it printed (indented). Programs on a virtual-time loop finish at once however long they sleep; programs
 * that need real time (threads, sockets, blocking calls, or a demonstration of elapsed time) are marked
 * {@code (real time)}. A program that throws, or runs longer than {@value #TIMEOUT_SECONDS} s, is reported as
 * {@code FAILED} with its exception; the others still run, and at the end the catalog names the failures and
 * exits with status 1. Each program runs in a thread of its own (so thread-local event loops start empty) and is
 * also a plain main class that runs on its own. Task names ({@code Task-1}, ...) count on across the programs of
 * one catalog run, as they would across several {@code asyncio.run} calls in one Python process.
 */
public final class Catalog {
    private Catalog() {
    }

    /** The group of the documentation's example programs. */
    public static final String EXAMPLES = "examples";
    /** The group of the conformance scenarios' programs (one per {@code ../shared/conformance/scenarios/NAME.py}). */
    public static final String SEEDS = "seeds";
    /** The group of the direct-style programs (Java 21+): {@code NAME_direct} for each seed, and four twins. */
    public static final String DIRECT = "direct";
    /** The suffix of a direct-style program's name: {@code seed_shield_direct} is seed_shield in direct style. */
    public static final String DIRECT_SUFFIX = "_direct";

    /** A program that runs longer than this fails (the longest takes about 5 s in real time). */
    public static final int TIMEOUT_SECONDS = 60;

    /** Which clock a program's event loops run on. */
    public enum Time {
        /** A virtual-time loop: sleeps jump ahead, the program finishes at once. */
        VIRTUAL,
        /** Real time: threads, sockets, blocking calls, or elapsed time is the point of the program. */
        REAL
    }

    /** A program's entry point: its {@code main(String[])}. */
    @FunctionalInterface
    public interface Program {
        /** Runs the program as {@code main(args)} would. */
        void main(String[] args) throws Exception;
    }

    /**
     * One catalog entry.
     *
     * @param name        the name to run it by ({@code seed_shield})
     * @param group       its group ({@link #EXAMPLES}, {@link #SEEDS})
     * @param time        the clock its loops run on
     * @param description one line saying what it shows
     * @param minJava     the Java feature version it needs (17; 21 for direct style)
     * @param program     its main method
     */
    public record Example(String name, String group, Time time, String description, int minJava, Program program) {
        /** Whether this Java runtime can run it. */
        public boolean runsHere() {
            return Runtime.version().feature() >= minJava;
        }
    }

    private static final Map<String, Example> EXAMPLES_BY_NAME = new LinkedHashMap<>();

    static {
        add("hello_world", EXAMPLES, REAL, "asyncio.run(main()): hello, sleep 1 s, world", HelloWorld::main);
        add("say_after", EXAMPLES, REAL, "two tasks run concurrently: 2 s in all, not 3", SayAfter::main);
        add("gather_factorial", EXAMPLES, REAL, "asyncio.gather interleaves three factorials", GatherFactorial::main);
        add("cancel_task", EXAMPLES, REAL,
                "Task.cancel(): CancelledError at the await, except/finally run", CancelTask::main);
        add("virtual_time", EXAMPLES, VIRTUAL, "a day of sleeps in virtual time, at once", VirtualTime::main);
        add("wait_for_timeout", EXAMPLES, REAL,
                "asyncio.wait_for: too slow, cancelled, TimeoutError", WaitForTimeout::main);
        add("task_group", EXAMPLES, REAL,
                "asyncio.TaskGroup: all or nothing, failures in an ExceptionGroup", TaskGroupExample::main);
        add("echo_server", EXAMPLES, REAL, "start_server/open_connection: a TCP echo on 127.0.0.1", EchoServer::main);
        add("queue_workers", EXAMPLES, VIRTUAL,
                "asyncio.Queue: three workers, join(), then cancel", QueueWorkers::main);
        add("subprocess", EXAMPLES, REAL,
                "create_subprocess_shell + communicate, two commands at once", SubprocessExample::main);

        add("seed_as_completed", SEEDS, VIRTUAL,
                "as_completed: results in completion order, TimeoutError after the timeout", SeedAsCompleted::main);
        add("seed_await_vs_create_task", SEEDS, VIRTUAL,
                "awaiting one by one takes 0.2 s; tasks created first run concurrently in 0.1 s",
                SeedAwaitVsCreateTask::main);
        add("seed_call_soon_later_at", SEEDS, VIRTUAL,
                "call_soon first, then call_at/call_later in deadline order; a cancelled timer never fires",
                SeedCallSoonLaterAt::main);
        add("seed_call_soon_threadsafe_handle_cancel", SEEDS, REAL,
                "call_soon_threadsafe into a loop in another thread; a Handle cancelled before its turn",
                SeedCallSoonThreadsafeHandleCancel::main);
        add("seed_chain_coroutines", SEEDS, VIRTUAL,
                "awaiting a coroutine runs it in the caller's task; values and exceptions travel up",
                SeedChainCoroutines::main);
        add("seed_cooperative_cpu", SEEDS, REAL,
                "busy loops block the loop thread; sleep(0) lets the others run", SeedCooperativeCpu::main);
        add("seed_coroutine_object", SEEDS, VIRTUAL,
                "calling an async function runs nothing; three ways to start a coroutine", SeedCoroutineObject::main);
        add("seed_coroutine_send_manual", SEEDS, VIRTUAL,
                "driving coroutines step by step; sleep(0) yields exactly once", SeedCoroutineSendManual::main);
        add("seed_create_task_await_each", SEEDS, VIRTUAL,
                "tasks created up front and awaited one by one run concurrently; bare awaits do not",
                SeedCreateTaskAwaitEach::main);
        add("seed_create_task_say_after", SEEDS, VIRTUAL,
                "tasks start only when the creator yields; the total is the longest delay; task names",
                SeedCreateTaskSayAfter::main);
        add("seed_current_all_tasks", SEEDS, VIRTUAL,
                "current_task and all_tasks; Task-1 is the main task; set_name", SeedCurrentAllTasks::main);
        add("seed_display_date", SEEDS, VIRTUAL,
                "a loop.time() deadline loop prints five ticks, 0.1 s apart", SeedDisplayDate::main);
        add("seed_done_callbacks_multi", SEEDS, VIRTUAL,
                "done callbacks run in completion order", SeedDoneCallbacksMulti::main);
        add("seed_echo_server_client", SEEDS, REAL,
                "a stream echo server and client on 127.0.0.1 (read to EOF, drain, wait_closed)",
                SeedEchoServerClient::main);
        add("seed_exception_handler", SEEDS, VIRTUAL,
                "set/get/call_exception_handler; a failing callback reaches the handler, the loop goes on",
                SeedExceptionHandler::main);
        add("seed_future_callback", SEEDS, VIRTUAL,
                "done callbacks get the future, in registration order, one iteration after set_result",
                SeedFutureCallback::main);
        add("seed_future_gather_set_result", SEEDS, VIRTUAL,
                "futures completed by ensure_future'd coroutines; gather keeps argument order",
                SeedFutureGatherSetResult::main);
        add("seed_future_run_forever_stop", SEEDS, VIRTUAL,
                "stop() from a done callback ends run_forever after the current batch", SeedFutureRunForeverStop::main);
        add("seed_future_run_until_complete", SEEDS, VIRTUAL,
                "run_until_complete on a plain Future; its exception is re-raised", SeedFutureRunUntilComplete::main);
        add("seed_gather_factorial", SEEDS, VIRTUAL,
                "gather interleaves three factorials tick by tick; results in argument order",
                SeedGatherFactorial::main);
        add("seed_gather_results_order", SEEDS, VIRTUAL,
                "gather's results follow argument order, not completion order", SeedGatherResultsOrder::main);
        add("seed_gather_return_exceptions", SEEDS, VIRTUAL,
                "gather: the first exception propagates; return_exceptions=True collects them in order",
                SeedGatherReturnExceptions::main);
        add("seed_hello_world", SEEDS, VIRTUAL,
                "asyncio.run and run_until_complete return the coroutine's value", SeedHelloWorld::main);
        add("seed_http_protocol_block", SEEDS, REAL,
                "a mini HTTP server on a Protocol: a slow path answered from a task, others at once",
                SeedHttpProtocolBlock::main);
        add("seed_run_coroutine_threadsafe", SEEDS, REAL,
                "run_coroutine_threadsafe into a loop in a background thread: results, exceptions, timeouts",
                SeedRunCoroutineThreadsafe::main);
        add("seed_run_coroutine_threadsafe_cancel", SEEDS, REAL,
                "cancelling the concurrent future of run_coroutine_threadsafe cancels the task",
                SeedRunCoroutineThreadsafeCancel::main);
        add("seed_run_in_executor", SEEDS, REAL,
                "run_in_executor on the default pool and on a given pool, beside a ticking coroutine",
                SeedRunInExecutor::main);
        add("seed_shield", SEEDS, VIRTUAL,
                "shield() protects the inner task; the ignore-cancellation idiom", SeedShield::main);
        add("seed_sleep_result", SEEDS, VIRTUAL,
                "sleep(delay, result) returns result; sleep(0) alternates two tasks strictly", SeedSleepResult::main);
        add("seed_task_cancel_finally", SEEDS, VIRTUAL,
                "cancel() is a request: except and finally run at the await; cancelling() counts",
                SeedTaskCancelFinally::main);
        add("seed_task_state_result", SEEDS, VIRTUAL,
                "a task's states; result()/exception() before completion raise InvalidStateError",
                SeedTaskStateResult::main);
        add("seed_to_thread", SEEDS, REAL,
                "to_thread runs blocking code in a worker thread; context variables follow it", SeedToThread::main);
        add("seed_wait", SEEDS, VIRTUAL,
                "wait() with FIRST_COMPLETED, a timeout, ALL_COMPLETED and FIRST_EXCEPTION", SeedWait::main);
        add("seed_wait_for_timeout", SEEDS, VIRTUAL,
                "wait_for: the timeout cancels the inner task; an outer cancel", SeedWaitForTimeout::main);
        add("seed_wait_tasks_results", SEEDS, VIRTUAL,
                "wait() for tasks, then their results in the caller's order", SeedWaitTasksResults::main);
        add("seed_wait_two_coroutines", SEEDS, VIRTUAL,
                "wait() refuses bare coroutines and waits for tasks", SeedWaitTwoCoroutines::main);
        add("seed_washing_cooking", SEEDS, REAL,
                "chores one after another (blocking) versus as coroutines with asyncio.wait", SeedWashingCooking::main);
        add("seed_wrap_future", SEEDS, REAL,
                "wrap_future: a thread pool's future awaited on the loop", SeedWrapFuture::main);

        add("echo_server_direct", DIRECT, REAL,
                "echo_server in direct style: streams with try/finally", 21, EchoServerDirect::main);
        add("queue_workers_direct", DIRECT, VIRTUAL,
                "queue_workers in direct style: a while (true) worker loop", 21, QueueWorkersDirect::main);
        add("task_group_direct", DIRECT, REAL,
                "task_group in direct style: asyncWith(new TaskGroup(), tg -> ...)", 21, TaskGroupDirect::main);
        add("wait_for_timeout_direct", DIRECT, REAL,
                "wait_for_timeout in direct style: wait_for and timeout, try/except", 21, WaitForTimeoutDirect::main);
        addDirect("seed_as_completed", SeedAsCompletedDirect::main);
        addDirect("seed_await_vs_create_task", SeedAwaitVsCreateTaskDirect::main);
        addDirect("seed_call_soon_later_at", SeedCallSoonLaterAtDirect::main);
        addDirect("seed_call_soon_threadsafe_handle_cancel", SeedCallSoonThreadsafeHandleCancel::main);
        addDirect("seed_chain_coroutines", SeedChainCoroutinesDirect::main);
        addDirect("seed_cooperative_cpu", SeedCooperativeCpuDirect::main);
        addDirect("seed_coroutine_object", SeedCoroutineObjectDirect::main);
        addDirect("seed_coroutine_send_manual", SeedCoroutineSendManualDirect::main);
        addDirect("seed_create_task_await_each", SeedCreateTaskAwaitEachDirect::main);
        addDirect("seed_create_task_say_after", SeedCreateTaskSayAfterDirect::main);
        addDirect("seed_current_all_tasks", SeedCurrentAllTasksDirect::main);
        addDirect("seed_display_date", SeedDisplayDateDirect::main);
        addDirect("seed_done_callbacks_multi", SeedDoneCallbacksMultiDirect::main);
        addDirect("seed_echo_server_client", SeedEchoServerClientDirect::main);
        addDirect("seed_exception_handler", SeedExceptionHandlerDirect::main);
        addDirect("seed_future_callback", SeedFutureCallbackDirect::main);
        addDirect("seed_future_gather_set_result", SeedFutureGatherSetResultDirect::main);
        addDirect("seed_future_run_forever_stop", SeedFutureRunForeverStopDirect::main);
        addDirect("seed_future_run_until_complete", SeedFutureRunUntilCompleteDirect::main);
        addDirect("seed_gather_factorial", SeedGatherFactorialDirect::main);
        addDirect("seed_gather_results_order", SeedGatherResultsOrderDirect::main);
        addDirect("seed_gather_return_exceptions", SeedGatherReturnExceptionsDirect::main);
        addDirect("seed_hello_world", SeedHelloWorldDirect::main);
        addDirect("seed_http_protocol_block", SeedHttpProtocolBlockDirect::main);
        addDirect("seed_run_coroutine_threadsafe", SeedRunCoroutineThreadsafeDirect::main);
        addDirect("seed_run_coroutine_threadsafe_cancel", SeedRunCoroutineThreadsafeCancelDirect::main);
        addDirect("seed_run_in_executor", SeedRunInExecutorDirect::main);
        addDirect("seed_shield", SeedShieldDirect::main);
        addDirect("seed_sleep_result", SeedSleepResultDirect::main);
        addDirect("seed_task_cancel_finally", SeedTaskCancelFinallyDirect::main);
        addDirect("seed_task_state_result", SeedTaskStateResultDirect::main);
        addDirect("seed_to_thread", SeedToThreadDirect::main);
        addDirect("seed_wait", SeedWaitDirect::main);
        addDirect("seed_wait_for_timeout", SeedWaitForTimeoutDirect::main);
        addDirect("seed_wait_tasks_results", SeedWaitTasksResultsDirect::main);
        addDirect("seed_wait_two_coroutines", SeedWaitTwoCoroutinesDirect::main);
        addDirect("seed_washing_cooking", SeedWashingCookingDirect::main);
        addDirect("seed_wrap_future", SeedWrapFutureDirect::main);
    }

    private static void add(String name, String group, Time time, String description, Program program) {
        add(name, group, time, description, 17, program);
    }

    private static void add(String name, String group, Time time, String description, int minJava, Program program) {
        if (EXAMPLES_BY_NAME.put(name, new Example(name, group, time, description, minJava, program)) != null) {
            throw new IllegalStateException("two catalog entries named " + name);
        }
    }

    /**
     * {@code seed_NAME_direct}: the seed program {@code seed}'s scenario in direct style (Java 21+), with the seed's
     * clock and description. (seed_call_soon_threadsafe_handle_cancel has no coroutine: its program is the same in
     * both styles.)
     */
    private static void addDirect(String seed, Program program) {
        Example chain = EXAMPLES_BY_NAME.get(seed);
        if (chain == null) {
            throw new IllegalStateException("no seed program named " + seed);
        }
        add(seed + DIRECT_SUFFIX, DIRECT, chain.time(), "direct style: " + chain.description(), 21, program);
    }

    /** Every program, in catalog order. */
    public static List<Example> examples() {
        return List.copyOf(EXAMPLES_BY_NAME.values());
    }

    /** The program named {@code name}, if there is one. */
    public static Optional<Example> find(String name) {
        return Optional.ofNullable(EXAMPLES_BY_NAME.get(name));
    }

    /** The group names, in catalog order. */
    public static Set<String> groups() {
        Set<String> groups = new LinkedHashSet<>();
        EXAMPLES_BY_NAME.values().forEach(e -> groups.add(e.group()));
        return Collections.unmodifiableSet(groups);
    }

    /**
     * The programs a selection names: {@code all}, or names and group names separated by commas, each program
     * once, in the order named (a group in catalog order).
     *
     * @throws IllegalArgumentException naming the first unknown name
     */
    public static List<Example> select(String selection) {
        Set<Example> chosen = new LinkedHashSet<>();
        for (String token : selection.trim().split("\\s*,\\s*")) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.equals("all")) {
                chosen.addAll(EXAMPLES_BY_NAME.values());
            } else if (EXAMPLES_BY_NAME.containsKey(token)) {
                chosen.add(EXAMPLES_BY_NAME.get(token));
            } else if (groups().contains(token)) {
                EXAMPLES_BY_NAME.values().stream().filter(e -> e.group().equals(token)).forEach(chosen::add);
            } else {
                throw new IllegalArgumentException("no example or group named '" + token + "' (groups: "
                        + String.join(", ", groups()) + "; -Dexamples=list lists the examples)");
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no examples selected: '" + selection + "'");
        }
        return new ArrayList<>(chosen);
    }

    /** Prints every program: name, group, clock and description, one line each. */
    public static void list(PrintStream out) {
        int width = EXAMPLES_BY_NAME.keySet().stream().mapToInt(String::length).max().orElse(10);
        String group = null;
        for (Example e : EXAMPLES_BY_NAME.values()) {
            if (!e.group().equals(group)) {
                group = e.group();
                out.printf("%s:%n", group);
            }
            out.printf("  %-" + width + "s  %-9s  %s%s%n", e.name(), e.time() == REAL ? "real time" : "", e.description(),
                    e.minJava() > 17 ? " [Java " + e.minJava() + "+]" : "");
        }
        out.printf("(%d programs; run some with -Dexamples=NAME,NAME or -Dexamples=GROUP)%n", EXAMPLES_BY_NAME.size());
    }

    /**
     * Runs the programs one after another, printing a progress line per program and what it printed, then a
     * summary. Returns the names of the programs that failed (empty when all passed).
     */
    public static List<String> run(List<Example> selected, PrintStream out) {
        List<String> failed = new ArrayList<>();
        List<Example> examples = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Example e : selected) {
            if (e.runsHere()) {
                examples.add(e);
            } else {
                skipped.add(e.name());
            }
        }
        if (!skipped.isEmpty()) {
            List<String> directGroup = EXAMPLES_BY_NAME.values().stream().filter(e -> e.group().equals(DIRECT))
                    .map(Example::name).collect(Collectors.toList());
            String which = skipped.equals(directGroup) ? "the programs of group " + DIRECT : String.join(", ", skipped);
            out.printf("Skipping %d program(s) that need Java 21+ (direct style; this is Java %d): %s%n",
                    skipped.size(), Runtime.version().feature(), which);
        }
        long start = System.nanoTime();
        int i = 0;
        for (Example e : examples) {
            i++;
            out.printf("[%d/%d] %s%s ... ", i, examples.size(), e.name(), e.time() == REAL ? " (real time)" : "");
            out.flush();
            long t0 = System.nanoTime();
            Outcome outcome = runCaptured(e);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (outcome.failure() == null) {
                out.printf(Locale.ROOT, "ok %.1f s%n", seconds);
            } else {
                failed.add(e.name());
                out.printf(Locale.ROOT, "FAILED %.1f s: %s%n", seconds, outcome.failure());
            }
            indent(outcome.output(), out);
            if (outcome.failure() != null) {
                StringWriter trace = new StringWriter();
                outcome.failure().printStackTrace(new PrintWriter(trace));
                indent(trace.toString(), out);
            }
        }
        double total = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%nRan %d program(s) in %.1f s: %d ok, %d failed%s%s%n", examples.size(), total,
                examples.size() - failed.size(), failed.size(), failed.isEmpty() ? "" : " (" + String.join(", ", failed) + ")",
                skipped.isEmpty() ? "" : "; " + skipped.size() + " skipped (need Java 21+)");
        return failed;
    }

    private record Outcome(String output, Throwable failure) {
    }

    /** Runs one program in a thread of its own with System.out and System.err captured. */
    private static Outcome runCaptured(Example e) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        Throwable[] thrown = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                e.program().main(new String[0]);
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }, e.name());
        System.setOut(capture);
        System.setErr(capture);
        try {
            thread.start();
            thread.join(TIMEOUT_SECONDS * 1000L);
            if (thread.isAlive()) {
                thread.interrupt();
                thrown[0] = new IllegalStateException(e.name() + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            thrown[0] = interrupted;
        } finally {
            capture.flush();
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Outcome(buffer.toString(StandardCharsets.UTF_8), thrown[0]);
    }

    private static void indent(String text, PrintStream out) {
        if (text.isEmpty()) {
            return;
        }
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.println("    " + line);
            }
        }
    }

    /**
     * {@code Catalog list}, {@code Catalog all} (also with no argument), or names and groups separated by commas.
     * Exits with status 1 when a program failed, 2 when the selection names no program.
     */
    public static void main(String[] args) {
        String which = args.length == 0 || args[0].isBlank() ? "all" : args[0].trim();
        if (which.equals("list")) {
            list(System.out);
            return;
        }
        List<Example> chosen;
        try {
            chosen = select(which);
        } catch (IllegalArgumentException e) {
            System.err.println("Catalog: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!run(chosen, System.out).isEmpty()) {
            System.exit(1);
        }
    }
}
