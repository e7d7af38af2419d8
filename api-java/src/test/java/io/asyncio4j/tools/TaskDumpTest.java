package io.asyncio4j.tools;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TaskDump against a real child JVM (DumpTarget): the ps table and the pstree tree, in 3.14's layout. */
class TaskDumpTest {

    @Test
    void psAndPstreeOfAChildJvm() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-cp", classpath, DumpTarget.class.getName())
                .redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine(); // bounded: the child prints READY within a second, or dies
            assertEquals("READY", first);
            String pid = Long.toString(child.pid());

            // The MBean is registered off the loop thread: retry (bounded) until the loop shows up.
            String ps = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && !ps.contains("deep-sleeper")) {
                ps = runDump("ps", pid, 0);
            }
            String[] table = ps.split("\n");
            assertTrue(table[0].startsWith("tid        task id              task name            coroutine stack"), ps);
            assertTrue(table[0].endsWith("awaiter chain                                      awaiter name    awaiter id"), ps);
            assertEquals("-".repeat(180), table[1]);
            assertEquals(6, table.length, ps); // header, rule, 4 tasks, each awaited by one or no task
            String mainId = cell(row(table, "Task-1"), 1);
            assertEquals("0x0", cell(row(table, "Task-1"), 6), ps);
            assertEquals(mainId, cell(row(table, "sleeper-a"), 6), ps);
            assertEquals("Task-1", cell(row(table, "sleeper-b"), 5), ps);
            assertEquals("sleeper-a", cell(row(table, "deep-sleeper"), 5), ps);
            assertTrue(cell(row(table, "Task-1"), 3).startsWith("io.asyncio4j.tools.DumpTarget"), ps);

            String tree = runDump("pstree", pid, 0);
            List<String> expected = List.of(
                    "└── (T) Task-1",
                    "    ├── (T) sleeper-a",
                    "    │   └── (T) deep-sleeper",
                    "    │       └──  io.asyncio4j.tools.DumpTarget.lambda",
                    "    └── (T) sleeper-b",
                    "        └──  io.asyncio4j.tools.DumpTarget.lambda");
            assertEquals(String.join("\n", expected) + "\n", tree);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void registrationIsOnByDefaultAndOffWithTheProperty() throws Exception {
        assertEquals("MBEANS=1", childOutput());
        assertEquals("MBEANS=0", childOutput("-Dasyncio4j.jmx=false"));
    }

    private static String childOutput(String... jvmOptions) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classpath, MBeanCountTarget.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child did not finish");
            return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void badUsageAndUnknownProcess() {
        assertEquals(2, TaskDump.run(new String[] {"top", "1"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
        assertEquals(2, TaskDump.run(new String[] {"ps", "x"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, TaskDump.run(new String[] {"ps", "999999999"}, new PrintStream(out), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Error retrieving tasks: "), out.toString(StandardCharsets.UTF_8));
    }

    private static String runDump(String command, String pid, int expectedStatus) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TaskDump.run(new String[] {command, pid}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(expectedStatus, status, out + "\n" + err);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String row(String[] table, String name) {
        for (String line : table) {
            if (line.length() > 31 && line.substring(31, Math.min(line.length(), 52)).trim().equals(name)) {
                return line;
            }
        }
        throw new AssertionError("no row for " + name + " in\n" + String.join("\n", table));
    }

    /** Column {@code i} of a table row (fixed widths 10, 20, 20, 50, 50, 15, 15, one space apart). */
    private static String cell(String line, int i) {
        int[] widths = {10, 20, 20, 50, 50, 15, 15};
        int start = 0;
        for (int k = 0; k < i; k++) {
            start += widths[k] + 1;
        }
        int end = Math.min(line.length(), start + widths[i]);
        return start >= line.length() ? "" : line.substring(start, end).trim();
    }
}
