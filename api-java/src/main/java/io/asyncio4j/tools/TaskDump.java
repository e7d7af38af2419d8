package io.asyncio4j.tools;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The live task dump of a running JVM, in the layout of Python 3.14's {@code python -m asyncio ps PID} (a table)
 * and {@code python -m asyncio pstree PID} (a tree of who awaits whom):
 *
 * <pre>
 * java -cp asyncio4j.jar:asyncio4j-engine.jar:... io.asyncio4j.tools.TaskDump ps 12345
 * java -cp ... io.asyncio4j.tools.TaskDump pstree 12345
 * </pre>
 *
 * It attaches to the process with the Attach API ({@code com.sun.tools.attach}: a JDK, not a JRE, and the same
 * user as the target), starts the target's local JMX agent and reads every loop's
 * {@code io.asyncio4j:type=EventLoop,name=...} MBean ({@code io.asyncio4j.engine.management.EventLoopMXBean},
 * registered while a loop runs). A Java or Kotlin chain keeps no suspended frames, so the "coroutine stack"
 * column is what the task runs (its coroutine's class) and the "awaiter chain" column is empty; the awaited-by
 * edges are asyncio.graph's (task waits, gather, shield, wait, TaskGroup, declared edges).
 * Exit status: 0; 1 when the process cannot be read or (pstree) the await graph has a cycle; 2 on bad usage.
 */
public final class TaskDump {
    private TaskDump() {
    }

    /** One task as read from an MBean: the loop thread's id and the task's fields. */
    record Task(long threadId, String id, String name, String coroutine, List<String> awaitedByIds,
                List<String> awaitedByNames) {
    }

    /** {@code ps PID} or {@code pstree PID}; see the class comment. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command without exiting: prints to {@code out}/{@code err}, returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !(args[0].equals("ps") || args[0].equals("pstree"))) {
            err.println("usage: TaskDump ps|pstree PID");
            err.println("  ps      a table of every pending task of every running loop, with its awaiters");
            err.println("  pstree  the tasks as a tree, each under the tasks awaiting it");
            return 2;
        }
        long pid;
        try {
            pid = Long.parseLong(args[1]);
        } catch (NumberFormatException e) {
            err.println("PID must be a process id: " + args[1]);
            return 2;
        }
        List<Task> tasks;
        try {
            tasks = read(pid);
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            out.println("Error retrieving tasks: " + root);
            return 1;
        }
        if (args[0].equals("ps")) {
            out.print(table(tasks));
            return 0;
        }
        List<List<String>> cycles = cycles(tasks);
        if (!cycles.isEmpty()) {
            Map<String, String> names = names(tasks);
            err.println("ERROR: await-graph contains cycles - cannot print a tree!");
            err.println();
            for (List<String> c : cycles) {
                err.println("cycle: " + String.join(" → ", c.stream().map(id -> names.getOrDefault(id, id)).toList()));
            }
            return 1;
        }
        out.print(tree(tasks));
        return 0;
    }

    /** Every pending task of every running loop of process {@code pid}, loop by loop (by name), oldest first. */
    static List<Task> read(long pid) throws Exception {
        String url;
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            url = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        List<Task> tasks = new ArrayList<>();
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            Set<ObjectName> loops = new TreeSet<>(server.queryNames(new ObjectName("io.asyncio4j:type=EventLoop,*"), null));
            for (ObjectName loop : loops) {
                long tid;
                CompositeData[] rows;
                try {
                    tid = (Long) server.getAttribute(loop, "ThreadId");
                    rows = (CompositeData[]) server.getAttribute(loop, "Tasks");
                } catch (javax.management.InstanceNotFoundException stoppedMeanwhile) {
                    continue;
                }
                for (CompositeData row : rows) {
                    tasks.add(new Task(tid, (String) row.get("id"), (String) row.get("name"),
                            (String) row.get("coroutine"), Arrays.asList((String[]) row.get("awaitedByIds")),
                            Arrays.asList((String[]) row.get("awaitedByNames"))));
                }
            }
        }
        return tasks;
    }

    /** 3.14's ps table: one row per task and awaiter (a task nobody awaits has one row, awaiter id 0x0). */
    static String table(List<Task> tasks) {
        StringBuilder sb = new StringBuilder();
        row(sb, "tid", "task id", "task name", "coroutine stack", "awaiter chain", "awaiter name", "awaiter id");
        sb.append("-".repeat(180)).append('\n');
        for (Task t : tasks) {
            String tid = Long.toString(t.threadId());
            if (t.awaitedByIds().isEmpty()) {
                row(sb, tid, t.id(), t.name(), t.coroutine(), "", "", "0x0");
                continue;
            }
            for (int i = 0; i < t.awaitedByIds().size(); i++) {
                row(sb, tid, t.id(), t.name(), t.coroutine(), "", t.awaitedByNames().get(i), t.awaitedByIds().get(i));
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String... c) {
        sb.append(String.format("%-10s %-20s %-20s %-50s %-50s %-15s %-15s", (Object[]) c).stripTrailing()).append('\n');
    }

    private static Map<String, String> names(List<Task> tasks) {
        Map<String, String> names = new HashMap<>();
        for (Task t : tasks) {
            names.put(t.id(), t.name());
        }
        return names;
    }

    /**
     * 3.14's pstree: each root (a task nobody awaits) with the tasks it awaits beneath it, {@code (T) name} per
     * task; a task that awaits no other task shows what it runs beneath it, as 3.14 shows a leaf's frames.
     */
    static String tree(List<Task> tasks) {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        Set<String> awaiting = new HashSet<>();
        for (Task t : tasks) {
            labels.put("T" + t.id(), "(T) " + t.name());
        }
        for (Task t : tasks) {
            for (int i = 0; i < t.awaitedByIds().size(); i++) {
                String parent = "T" + t.awaitedByIds().get(i);
                labels.putIfAbsent(parent, "(T) " + t.awaitedByNames().get(i)); // an awaiter that is not a task
                awaiting.add(parent);
                List<String> kids = children.computeIfAbsent(parent, k -> new ArrayList<>());
                if (!kids.contains("T" + t.id())) {
                    kids.add("T" + t.id());
                }
            }
        }
        int cor = 0;
        for (Task t : tasks) {
            String node = "T" + t.id();
            if (!awaiting.contains(node)) {
                String c = "C" + (++cor);
                labels.put(c, " " + t.coroutine());
                children.computeIfAbsent(node, k -> new ArrayList<>()).add(c);
            }
        }
        Set<String> all = new HashSet<>();
        children.values().forEach(all::addAll);
        StringBuilder sb = new StringBuilder();
        for (String node : labels.keySet()) {
            if (!all.contains(node)) {
                render(node, "", true, labels, children, sb);
            }
        }
        return sb.toString();
    }

    private static void render(String node, String prefix, boolean last, Map<String, String> labels,
                               Map<String, List<String>> children, StringBuilder sb) {
        sb.append(prefix).append(last ? "└── " : "├── ").append(labels.get(node)).append('\n');
        String next = prefix + (last ? "    " : "│   ");
        List<String> kids = children.getOrDefault(node, Collections.emptyList());
        for (int i = 0; i < kids.size(); i++) {
            render(kids.get(i), next, i == kids.size() - 1, labels, children, sb);
        }
    }

    /** The cycles of the awaiter-to-task graph (3.14's depth-first search for back edges), as id lists. */
    static List<List<String>> cycles(List<Task> tasks) {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        for (Task t : tasks) {
            for (String parent : t.awaitedByIds()) {
                graph.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(t.id());
            }
        }
        Map<String, Integer> color = new HashMap<>();
        List<String> path = new ArrayList<>();
        List<List<String>> cycles = new ArrayList<>();
        for (String v : new ArrayList<>(graph.keySet())) {
            if (color.getOrDefault(v, 0) == 0) {
                dfs(v, graph, color, path, cycles);
            }
        }
        return cycles;
    }

    private static void dfs(String v, Map<String, Set<String>> graph, Map<String, Integer> color, List<String> path,
                            List<List<String>> cycles) {
        color.put(v, 1);
        path.add(v);
        for (String w : graph.getOrDefault(v, Collections.emptySet())) {
            int c = color.getOrDefault(w, 0);
            if (c == 0) {
                dfs(w, graph, color, path, cycles);
            } else if (c == 1) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(w), path.size()));
                cycle.add(w);
                cycles.add(cycle);
            }
        }
        color.put(v, 2);
        path.remove(path.size() - 1);
    }
}
