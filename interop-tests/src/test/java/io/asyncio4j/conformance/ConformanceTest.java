package io.asyncio4j.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.Clock;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Catalog;
import io.asyncio4j.examples.Py;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The CPython conformance suite: for every scenario {@code NAME.py} in the scenarios directory (system property
 * {@code asyncio4j.conformance.dir}, default {@code ../shared/conformance/scenarios}), the example program
 * named {@code NAME} in the examples catalog ({@link Catalog}, group {@code seeds}, classes in
 * {@code io.asyncio4j.examples.seeds}) must print exactly {@code NAME.expected}, byte for byte. The suite runs
 * those very programs: there is no second copy of the ports here. Run with
 * {@code mvn -o verify -Pconformance -pl interop-tests -am}.
 *
 * <p>Rules (other helpers rely on them):
 * <ul>
 *   <li>A port is a catalog program ({@code Catalog.Example}) whose main prints the trace to System.out.
 *   <li>A scenario without a port has a line {@code NAME=<missing feature> (issue N: ...)} in
 *       {@code src/test/resources/conformance-todo.properties}; it shows up as a skipped (aborted) test whose
 *       reason names the feature. A scenario with neither a port nor a TODO line, or with both, fails; so does
 *       a TODO line for a scenario that does not exist, and a {@code seeds} program without a scenario.
 *   <li>Ports run in-process, one after another, each in a fresh thread (so thread-local event loops start
 *       empty), with System.out (and System.err) captured and restored afterwards. Each starts as a fresh Python
 *       process would: the task name counter is reset, so the first task is {@code Task-1} again.
 *   <li>Before the first scenario a short warm-up exercises the loop's code paths, and before each real-time
 *       program ({@code Catalog.Time.REAL}) {@link WarmUp} loads what threads and pools use, so class loading
 *       does not shift a real-time trace like {@code t=0.1}.
 *   <li>A port whose trace differs from CPython's only in its {@code t=N.N} stamps (a real-time port on a
 *       stalled machine) runs once more; if that run matches, its report line says it passed on a second run.
 *       Any other difference (an event, its order, its text) fails at once.
 * </ul>
 * The run writes {@code target/conformance-report.txt}: one sorted line per scenario ({@code PASS name},
 * {@code FAIL name}, {@code TODO name: feature}) and a {@code N passed, N failed, N skipped} line.
 *
 * <p>Direct style (Java 21+): each scenario's catalog program {@code NAME_direct} (group {@code direct}) must print
 * the same trace; its lines ({@code PASS direct:NAME}, {@code FAIL direct:NAME}, {@code TODO direct:NAME: reason})
 * follow, then {@code direct style: N passed, N failed, N skipped}. Which styles a run checks: system property
 * {@code asyncio4j.conformance.styles} ({@code chain}, {@code direct}, {@code chain,direct}); by default chain,
 * plus direct when this JVM is 21+ and no {@code asyncio4j.conformance.direct.jvm} is set (a JDK 21+ given that
 * way runs the direct style in a second surefire execution, {@code conformance-direct}, whose lines replace
 * everything after the chain summary). When neither applies, the report says on one line that the direct-style
 * programs did not run, and the run passes.
 */
class ConformanceTest {
    static final String TODO_RESOURCE = "/conformance-todo.properties";
    static final long PORT_TIMEOUT_MILLIS = 20_000; // scenarios take < 1.5 s in CPython

    /** name -> report line; TreeMap keeps the report sorted. */
    private static final Map<String, String> REPORT = new TreeMap<>();
    /** direct:name -> report line, for the direct-style programs. */
    private static final Map<String, String> DIRECT_REPORT = new TreeMap<>();

    static final String REPORT_FILE = "conformance-report.txt";
    static final String DIRECT_PREFIX = "direct:";
    static final String DIRECT_SUMMARY = "direct style: ";

    /** The JVM given for the direct-style execution (-Ddirect.jvm), or empty. */
    static String directJvm() {
        String jvm = System.getProperty("asyncio4j.conformance.direct.jvm", "");
        return jvm.isBlank() || jvm.startsWith("${") ? "" : jvm.trim();
    }

    static final boolean JAVA_21 = Runtime.version().feature() >= 21;

    /** Whether this run checks the chain-style programs and the direct-style ones (see the class comment). */
    static boolean checks(String style) {
        String styles = System.getProperty("asyncio4j.conformance.styles", "");
        if (!styles.isBlank()) {
            return List.of(styles.trim().split("\\s*,\\s*")).contains(style);
        }
        return style.equals("chain") || (style.equals("direct") && JAVA_21 && directJvm().isEmpty());
    }

    @BeforeAll
    static void warmUp() throws Exception {
        Throwable failure = runIsolated(ConformanceTest::warmUpPrograms, new PrintStream(new ByteArrayOutputStream(), true));
        if (failure != null) {
            throw new AssertionError("the conformance warm-up (basic loop, task, sleep and gather paths) failed", failure);
        }
    }

    @AfterAll
    static void writeReport() throws IOException {
        if (REPORT.isEmpty() && DIRECT_REPORT.isEmpty()) {
            return;
        }
        Path file = Paths.get("target").resolve(REPORT_FILE);
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder();
        if (checks("chain")) {
            section(sb, REPORT, "");
        } else if (Files.exists(file)) {
            // The direct-style execution after the chain one: keep the chain part, replace what follows it.
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(DIRECT_PREFIX, 5) || line.startsWith(DIRECT_SUMMARY)) {
                    break;
                }
                sb.append(line).append('\n');
            }
        }
        if (checks("direct")) {
            section(sb, DIRECT_REPORT, DIRECT_SUMMARY);
        } else if (!directJvm().isEmpty()) {
            sb.append(DIRECT_SUMMARY).append("pending: runs in a JVM of its own (").append(directJvm()).append(")\n");
        } else {
            sb.append(DIRECT_SUMMARY).append("not run: no Java 21+ runtime (this JVM is ")
                    .append(Runtime.version().feature()).append(" and -Ddirect.jvm is not set)\n");
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static void section(StringBuilder sb, Map<String, String> lines, String summaryPrefix) {
        long passed = lines.values().stream().filter(l -> l.startsWith("PASS ")).count();
        long failed = lines.values().stream().filter(l -> l.startsWith("FAIL ")).count();
        long skipped = lines.values().stream().filter(l -> l.startsWith("TODO ")).count();
        for (String line : lines.values()) {
            sb.append(line).append('\n');
        }
        sb.append(summaryPrefix).append(passed).append(" passed, ").append(failed).append(" failed, ")
                .append(skipped).append(" skipped\n");
    }

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        Path dir = scenariosDir();
        Properties todo = loadTodo();
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".py"))
                    .map(n -> n.substring(0, n.length() - 3))
                    .sorted()
                    .collect(Collectors.toList());
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("conformance directory has no scenarios: " + dir.toAbsolutePath());
        }
        List<DynamicTest> tests = new ArrayList<>();
        if (checks("chain")) {
            for (String name : names) {
                tests.add(DynamicTest.dynamicTest(name, () -> runScenario(dir, name, todo)));
            }
        }
        if (checks("direct")) {
            if (!JAVA_21) {
                throw new IllegalStateException("asyncio4j.conformance.styles asks for direct style, which needs Java 21+;"
                        + " this JVM is " + Runtime.version().feature());
            }
            for (String name : names) {
                tests.add(DynamicTest.dynamicTest(DIRECT_PREFIX + name, () -> runDirectScenario(dir, name)));
            }
        }
        TreeSet<String> stale = new TreeSet<>(todo.stringPropertyNames());
        stale.removeAll(names);
        if (!stale.isEmpty()) {
            tests.add(DynamicTest.dynamicTest("conformance-todo.properties names existing scenarios",
                    () -> fail("conformance-todo.properties lists scenarios that do not exist: " + stale)));
        }
        TreeSet<String> orphans = Catalog.examples().stream().filter(e -> e.group().equals(Catalog.SEEDS))
                .map(Catalog.Example::name).collect(Collectors.toCollection(TreeSet::new));
        orphans.removeAll(names);
        if (!orphans.isEmpty()) {
            tests.add(DynamicTest.dynamicTest("every seeds program has a scenario",
                    () -> fail("catalog programs in group seeds without a scenario in " + dir + ": " + orphans)));
        }
        return tests.stream();
    }

    private static void runScenario(Path dir, String name, Properties todo) throws Exception {
        Catalog.Example port = Catalog.find(name).orElse(null);
        String missing = todo.getProperty(name);
        if (port != null && missing != null) {
            REPORT.put(name, "FAIL " + name);
            fail("scenario " + name + " has both a port (catalog program " + name + ") and a TODO line (" + missing
                    + "): remove the line from conformance-todo.properties");
        }
        if (port == null && missing == null) {
            REPORT.put(name, "FAIL " + name);
            fail("scenario " + name + " has neither a catalog program of that name (examples-java, group seeds)"
                    + " nor a line in conformance-todo.properties naming the missing feature");
        }
        if (port == null) {
            REPORT.put(name, "TODO " + name + ": " + missing.trim());
            Assumptions.abort("TODO " + name + ": " + missing.trim());
        }
        REPORT.put(name, "FAIL " + name); // until proven otherwise
        REPORT.put(name, "PASS " + name + checkTrace(dir, name, port));
    }

    /** The direct-style program of {@code name} ({@code NAME_direct}) must print the same trace. */
    private static void runDirectScenario(Path dir, String name) throws Exception {
        String key = DIRECT_PREFIX + name;
        Catalog.Example port = Catalog.find(name + Catalog.DIRECT_SUFFIX).orElse(null);
        if (port == null) {
            String reason = "no direct-style program " + name + Catalog.DIRECT_SUFFIX + " in the catalog";
            DIRECT_REPORT.put(key, "TODO " + key + ": " + reason);
            Assumptions.abort("TODO " + key + ": " + reason);
        }
        DIRECT_REPORT.put(key, "FAIL " + key); // until proven otherwise
        DIRECT_REPORT.put(key, "PASS " + key + checkTrace(dir, name, port));
    }

    /**
     * Runs {@code port} and fails unless it prints {@code name.expected}; returns the report line's suffix (empty,
     * or the note that it passed on a second run).
     */
    private static String checkTrace(Path dir, String name, Catalog.Example port) throws Exception {
        byte[] expected = Files.readAllBytes(dir.resolve(name + ".expected"));
        byte[] actual = runPort(port.name(), port);
        String retried = "";
        if (!Arrays.equals(expected, actual) && TraceDiff.onlyTimeStampsDiffer(utf8(expected), utf8(actual))) {
            // A real-time port (threads, sockets) whose events and order were right but whose t= stamps were
            // pushed over a rounding edge by a stalled machine gets one more run; the report says so.
            String firstDiff = TraceDiff.diff(utf8(expected), utf8(actual));
            System.err.println("conformance: " + port.name() + ": only t= stamps differed, running it once more:\n" + firstDiff);
            actual = runPort(port.name(), port);
            retried = " (passed on a second run: the first run's t= stamps differed)";
        }
        if (!Arrays.equals(expected, actual)) {
            fail(port.name() + ": the trace differs from " + name + ".expected (- expected, + actual):\n"
                    + TraceDiff.diff(utf8(expected), utf8(actual)));
        }
        return retried;
    }

    /** Runs one port as a fresh process would start it and returns what it printed; fails if it threw. */
    private static byte[] runPort(String name, Catalog.Example port) throws Exception {
        if (port.time() == Catalog.Time.REAL) {
            // Load and link what real-time programs use (pools, a loop in another thread) right before the
            // program takes its start time, so class loading does not show as elapsed time in its t= stamps.
            Throwable warmUp = runIsolated(port.minJava() >= 21 ? WarmUp::runDirect : WarmUp::run,
                    new PrintStream(new ByteArrayOutputStream(), true));
            if (warmUp != null) {
                throw new AssertionError("the real-time warm-up failed", warmUp);
            }
        }
        resetProcessState();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Throwable failure = runIsolated(() -> port.program().main(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8));
        byte[] actual = out.toByteArray();
        if (failure != null) {
            throw new AssertionError(name + ": the port threw " + failure + "\n"
                    + "output so far:\n" + utf8(actual), failure);
        }
        return actual;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static Path scenariosDir() {
        String configured = System.getProperty("asyncio4j.conformance.dir");
        Path dir = Paths.get(configured == null || configured.isBlank() ? "../shared/conformance/scenarios" : configured);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("conformance scenarios directory not found: " + dir.toAbsolutePath()
                    + " (set -Dasyncio4j.conformance.dir)");
        }
        return dir;
    }

    private static Properties loadTodo() throws IOException {
        Properties todo = new Properties();
        try (InputStream in = ConformanceTest.class.getResourceAsStream(TODO_RESOURCE)) {
            if (in != null) {
                todo.load(in);
            }
        }
        return todo;
    }

    // ---------------------------------------------------------------------------------------------
    // Running a port.

    interface Body {
        void run() throws Throwable;
    }

    /**
     * Runs {@code body} in a new thread with System.out and System.err replaced, and returns what it threw
     * (null if nothing). What the port wrote to System.err is passed on to the real System.err.
     */
    private static Throwable runIsolated(Body body, PrintStream out) throws InterruptedException {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Throwable[] thrown = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }, "conformance-port");
        System.setOut(out);
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            thread.start();
            thread.join(PORT_TIMEOUT_MILLIS);
            if (thread.isAlive()) {
                thread.interrupt();
                return new AssertionError("port did not finish within " + PORT_TIMEOUT_MILLIS + " ms");
            }
        } finally {
            out.flush();
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        if (err.size() > 0) {
            savedErr.print(err.toString(StandardCharsets.UTF_8));
        }
        return thrown[0];
    }

    /**
     * What a fresh Python process starts with: the task name counter at 0 (asyncio's
     * {@code tasks._task_name_counter}), so each port's first task is named {@code Task-1}.
     */
    private static void resetProcessState() throws ReflectiveOperationException {
        Field counter = Task.class.getDeclaredField("COUNTER");
        counter.setAccessible(true);
        ((AtomicLong) counter.get(null)).set(0);
    }

    /** Runs the loop code paths the ports use once, on a real and a virtual clock, and discards the output. */
    private static void warmUpPrograms() throws InterruptedException {
        WarmUp.run();
        if (checks("direct")) {
            WarmUp.runDirect();
        }
        for (int round = 0; round < 3; round++) {
            Asyncio.run(ConformanceTest::warmUpMain);
            try (Runner runner = new Runner(null, () -> new EventLoop(Clock.virtual()))) {
                runner.run(ConformanceTest::warmUpMain);
            }
            EventLoop loop = Asyncio.newEventLoop();
            try {
                loop.callSoon(() -> System.out.println("t=" + Py.t(0.1) + " " + 1 + Py.str(List.of(true))));
                loop.callLater(0.001, () -> Py.print("x", Boolean.TRUE, null, 1.5));
                loop.runUntilComplete(loop.<Void>createFuture().completeOnTimeout(null, 1, TimeUnit.MILLISECONDS));
            } finally {
                loop.close();
            }
            warmUpLoopInAnotherThread();
        }
    }

    /** A loop running run_forever in a thread, fed with callSoonThreadsafe from this one, stopped the same way. */
    private static void warmUpLoopInAnotherThread() throws InterruptedException {
        EventLoop loop = Asyncio.newEventLoop();
        Thread thread = new Thread(loop::runForever, "conformance-warm-up-loop");
        thread.setDaemon(true);
        thread.start();
        CountDownLatch ran = new CountDownLatch(1);
        loop.callSoonThreadsafe(() -> System.out.println("task " + 1 + " ran " + Py.t(loop.time())));
        loop.callSoonThreadsafe(ran::countDown).cancelled();
        ran.await(5, TimeUnit.SECONDS);
        loop.callSoonThreadsafe(loop::stop);
        thread.join(5_000);
        if (!thread.isAlive()) {
            loop.close();
        }
    }

    private static CompletionStage<List<Object>> warmUpMain() {
        Task<String> a = Asyncio.createTask(() -> Asyncio.sleep(0.001, "a").thenApply(s -> s + "!"));
        Task<Object> b = Asyncio.createTask(() -> Asyncio.sleep(0).thenCompose(x -> {
            throw new IllegalArgumentException("warm-up");
        }));
        b.cancel();
        return Asyncio.gather(true, a, b, CompletableFuture.completedFuture(1))
                .whenComplete((r, e) -> System.out.println(r + " " + Asyncio.getRunningLoop().time()));
    }

    // ---------------------------------------------------------------------------------------------
    // Showing a difference.

    /** A line diff (longest common subsequence) that also makes invisible differences visible. */
    static final class TraceDiff {
        private TraceDiff() {
        }

        static String diff(String expected, String actual) {
            List<String> a = lines(expected);
            List<String> b = lines(actual);
            int[][] lcs = new int[a.size() + 1][b.size() + 1];
            for (int i = a.size() - 1; i >= 0; i--) {
                for (int j = b.size() - 1; j >= 0; j--) {
                    lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            StringBuilder sb = new StringBuilder();
            int i = 0;
            int j = 0;
            while (i < a.size() || j < b.size()) {
                if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                    sb.append("  ").append(show(a.get(i++))).append('\n');
                    j++;
                } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                    sb.append("- ").append(show(a.get(i++))).append('\n');
                } else {
                    sb.append("+ ").append(show(b.get(j++))).append('\n');
                }
            }
            return sb.toString();
        }

        /**
         * True when the traces have the same lines except for the values of their {@code t=N.N} stamps: the
         * events and their order agree, only real time measured differently.
         */
        static boolean onlyTimeStampsDiffer(String expected, String actual) {
            return !expected.equals(actual)
                    && TIME_STAMP.matcher(expected).replaceAll("t=?").equals(TIME_STAMP.matcher(actual).replaceAll("t=?"));
        }

        private static final Pattern TIME_STAMP = Pattern.compile("t=-?\\d+\\.\\d");

        /** Lines with their terminators, so a missing final newline or a \r shows up. */
        private static List<String> lines(String text) {
            List<String> out = new ArrayList<>();
            int start = 0;
            for (int k = 0; k < text.length(); k++) {
                if (text.charAt(k) == '\n') {
                    out.add(text.substring(start, k + 1));
                    start = k + 1;
                }
            }
            if (start < text.length()) {
                out.add(text.substring(start));
            }
            return out;
        }

        private static String show(String line) {
            String body = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line + "<no newline at end>";
            StringBuilder sb = new StringBuilder();
            for (char c : body.toCharArray()) {
                if (c == '\r') {
                    sb.append("\\r");
                } else if (c == '\t') {
                    sb.append("\\t");
                } else if (c < 0x20 || c > 0x7e) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            if (!body.isEmpty() && body.charAt(body.length() - 1) == ' ') {
                sb.append("<trailing space>");
            }
            return sb.toString();
        }
    }
}
