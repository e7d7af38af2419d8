package io.asyncio4j.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lists and runs the example programs: {@code Catalog all}, {@code Catalog list}, or names separated by commas
 * ({@code Catalog hello_world,say_after}). Each example is also a plain main class that runs on its own.
 */
public final class Catalog {
    private record Example(String description, Consumer<String[]> main) {
    }

    private static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();

    static {
        add("hello_world", "asyncio.run(main()): hello, sleep 1 s, world", HelloWorld::main);
        add("say_after", "two tasks run concurrently: 2 s in all, not 3", SayAfter::main);
        add("gather_factorial", "asyncio.gather interleaves three factorials", GatherFactorial::main);
        add("cancel_task", "Task.cancel(): CancelledError at the await, except/finally run", CancelTask::main);
        add("virtual_time", "a day of sleeps in virtual time, at once", VirtualTime::main);
        add("wait_for_timeout", "asyncio.wait_for: too slow, cancelled, TimeoutError", WaitForTimeout::main);
        add("task_group", "asyncio.TaskGroup: all or nothing, failures in an ExceptionGroup", TaskGroupExample::main);
        add("echo_server", "start_server/open_connection: a TCP echo on 127.0.0.1", EchoServer::main);
        add("queue_workers", "asyncio.Queue: three workers, join(), then cancel (virtual time)", QueueWorkers::main);
        add("subprocess", "create_subprocess_shell + communicate, two commands at once", SubprocessExample::main);
    }

    private static void add(String name, String description, Consumer<String[]> main) {
        EXAMPLES.put(name, new Example(description, main));
    }

    public static void main(String[] args) {
        String which = args.length == 0 || args[0].isBlank() ? "all" : args[0].trim();
        if (which.equals("list")) {
            EXAMPLES.forEach((name, ex) -> System.out.printf("%-20s %s%n", name, ex.description()));
            return;
        }
        List<String> names = which.equals("all")
                ? new ArrayList<>(EXAMPLES.keySet())
                : Arrays.asList(which.split("\\s*,\\s*"));
        for (String name : names) {
            if (!EXAMPLES.containsKey(name)) {
                throw new IllegalArgumentException("no example named '" + name + "'; known: " + EXAMPLES.keySet());
            }
        }
        int n = 0;
        for (String name : names) {
            Example ex = EXAMPLES.get(name);
            System.out.printf("%n=== %s: %s%n", name, ex.description());
            long t0 = System.nanoTime();
            ex.main().accept(new String[0]);
            System.out.printf("=== %s finished in %.2f s%n", name, (System.nanoTime() - t0) / 1e9);
            n++;
        }
        System.out.printf("%nRan %d example(s).%n", n);
    }
}
