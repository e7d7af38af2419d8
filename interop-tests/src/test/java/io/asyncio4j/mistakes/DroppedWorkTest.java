package io.asyncio4j.mistakes;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.sync.Queue;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.TaskFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Dropped work is reported: a chain stage nobody consumed whose failure nobody saw is reported through the
 * exception handler once collected ("Stage exception was never retrieved"); in debug mode a stage made and
 * never awaited is reported with where it was made; debug-mode task failures carry the user's frames.
 * GC is forced in a bounded retry loop, so the tests are deterministic in outcome and bounded in time.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DroppedWorkTest {
    private static CompletionStage<Void> failingStep(String message) {
        return sleep(0.1).thenApply(x -> {
            throw new IllegalArgumentException(message);
        });
    }

    /**
     * Runs {@code main} on {@code loop}, then collects garbage until {@code until} holds (at most 50 rounds), or
     * for 15 rounds when {@code until} is null (a test expecting no report).
     */
    private static List<Map<String, Object>> runAndCollect(EventLoop loop, Supplier<CompletionStage<?>> main,
                                                           java.util.function.Predicate<List<Map<String, Object>>> until) {
        return runAndCollect(loop, false, main, until);
    }

    private static List<Map<String, Object>> runAndCollect(EventLoop loop, boolean debug, Supplier<CompletionStage<?>> main,
                                                           java.util.function.Predicate<List<Map<String, Object>>> until) {
        List<Map<String, Object>> errors = Collections.synchronizedList(new ArrayList<>());
        if (!debug) {
            loop.setDebug(false); // whatever PYTHONASYNCIODEBUG says: these tests choose
        }
        loop.setExceptionHandler((l, context) -> errors.add(new java.util.LinkedHashMap<>(context)));
        try {
            loop.runUntilComplete(loop.createTask(main::get));
            // A test that expects no report (until == null) ends after fewer collections: nothing stops it earlier.
            int rounds = until == null ? 15 : 50;
            for (int i = 0; i < rounds && (until == null || !until.test(errors)); i++) {
                System.gc();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                loop.runUntilComplete(loop.createTask(() -> sleep(0))); // takes the reports posted meanwhile
            }
            return new ArrayList<>(errors);
        } finally {
            loop.close();
        }
    }

    private static boolean hasMessage(List<Map<String, Object>> errors, String prefix) {
        return errors.stream().anyMatch(c -> String.valueOf(c.get("message")).startsWith(prefix));
    }

    @Test
    void aDroppedFailingStageIsReportedWhenCollected() {
        // thenRun where thenCompose was meant: the step's stage is dropped, and its failure with it.
        List<Map<String, Object>> errors = runAndCollect(newVirtualTimeEventLoop(),
                () -> sleep(0.1).thenRun(() -> failingStep("lost")).thenCompose(x -> sleep(1)),
                e -> hasMessage(e, "Stage exception was never retrieved"));
        Map<String, Object> report = errors.stream()
                .filter(c -> "Stage exception was never retrieved".equals(c.get("message"))).findFirst().orElseThrow(
                        () -> new AssertionError("no report: " + errors));
        assertEquals("lost", ((Throwable) report.get("exception")).getMessage());
        assertInstanceOf(IllegalArgumentException.class, report.get("exception"));
    }

    @Test
    void thenApplyWhereThenComposeWasMeantIsReportedToo() {
        List<Map<String, Object>> errors = runAndCollect(newVirtualTimeEventLoop(),
                () -> sleep(0.1).thenApply(x -> failingStep("lost as a value")).thenCompose(x -> sleep(1)),
                e -> hasMessage(e, "Stage exception was never retrieved"));
        assertTrue(errors.stream().anyMatch(c -> c.get("exception") instanceof IllegalArgumentException iae
                && iae.getMessage().equals("lost as a value")), errors.toString());
    }

    /** A program that consumes every stage it makes, in the ways a chain does (none may be reported). */
    private static CompletionStage<?> consumingEverything(List<Object> kept) {
        Queue<Integer> q = new Queue<>();
        Queue<Integer> shut = new Queue<>();
        shut.shutdown();
        CompletionStage<Void> later = failingStep("seen later"); // held, consumed on a later iteration
        kept.add(later);
        return sleep(0.5).thenCompose(x -> later.handle((v, e) -> unwrap(e).getMessage()))
                .thenCompose(m -> exceptOf(failingStep("caught"), IllegalArgumentException.class, e -> null))
                .thenCompose(v -> q.put(1)) // done at once: the JDK relays it without a dependent
                .thenCompose(v -> exceptOf(shut.get(), RuntimeException.class, e -> -1)) // failed at once, relayed
                .thenCompose(v -> repeat(3, i -> q.put((int) i)))
                .thenCompose(v -> gather(List.of(sleep(0.1), sleep(0.2))))
                .thenCompose(v -> q.get().thenApply(x -> x + 1).toCompletableFuture());
    }

    @Test
    void consumedOrSuccessfulStagesAreNotReported() {
        List<Object> kept = new ArrayList<>();
        List<Map<String, Object>> errors = runAndCollect(newVirtualTimeEventLoop(), () -> {
            sleep(0.1).thenApply(x -> 1); // dropped, but it succeeds: nothing to say outside debug mode
            return consumingEverything(kept);
        }, null);
        kept.clear();
        assertEquals(List.of(), errors);
    }

    @Test
    void inDebugModeToo() {
        List<Object> kept = new ArrayList<>();
        EventLoop loop = newVirtualTimeEventLoop();
        loop.setDebug(true);
        List<Map<String, Object>> errors = runAndCollect(loop, true, () -> consumingEverything(kept), null);
        kept.clear();
        assertEquals(List.of(), errors);
    }

    @Test
    void debugModeReportsAStageNeverAwaitedWithWhereItWasMade() {
        EventLoop loop = newVirtualTimeEventLoop();
        loop.setDebug(true);
        List<Map<String, Object>> errors = runAndCollect(loop, true, () -> {
            Queue<Integer> q = new Queue<>();
            q.put(1); // Python: "coroutine 'Queue.put' was never awaited"
            return sleep(0.1);
        }, e -> hasMessage(e, "a stage created at"));
        Map<String, Object> report = errors.stream()
                .filter(c -> String.valueOf(c.get("message")).startsWith("a stage created at")).findFirst()
                .orElseThrow(() -> new AssertionError("no report: " + errors));
        assertTrue(String.valueOf(report.get("message")).contains(DroppedWorkTest.class.getName()), report.toString());
        assertTrue(String.valueOf(report.get("message")).endsWith("was never awaited"), report.toString());
    }

    @Test
    void debugModeTaskFailuresAndCancellationsCarryTheUsersFrames() {
        EventLoop loop = newVirtualTimeEventLoop();
        loop.setDebug(true);
        try {
            Throwable[] got = new Throwable[2];
            loop.runUntilComplete(loop.createTask(() -> {
                Task<Void> failing = createTask(() -> failingStep("boom"));
                Task<Void> sleeper = createTask(() -> sleep(10));
                return sleep(1).thenCompose(x -> {
                    sleeper.cancel();
                    return failing.handle((v, e) -> got[0] = unwrap(e));
                }).thenCompose(x -> sleeper.handle((v, e) -> got[1] = unwrap(e))); // the CancelledError it ended with
            }));
            for (Throwable t : got) {
                List<String> messages = Arrays.stream(t.getSuppressed()).filter(s -> s instanceof TaskFrames)
                        .map(Throwable::getMessage).toList();
                assertEquals(2, messages.size(), t + ": " + messages);
                assertTrue(messages.get(0).endsWith("was created at"), messages.toString());
                assertTrue(messages.get(1).endsWith("last awaited at"), messages.toString());
                for (Throwable s : t.getSuppressed()) {
                    assertTrue(Arrays.stream(s.getStackTrace())
                            .anyMatch(f -> f.getClassName().startsWith(DroppedWorkTest.class.getName())),
                            "the user's frames: " + Arrays.toString(s.getStackTrace()));
                }
            }
        } finally {
            loop.close();
        }
    }

    @Test
    void outsideDebugModeExceptionsCarryNothingExtra() {
        try (Runner runner = new Runner(false)) {
            Throwable e = runner.run(() -> failingStep("plain").handle((v, x) -> unwrap(x)));
            assertEquals(0, e.getSuppressed().length);
        }
    }

    /** The frames do not keep the task alive: its never-retrieved exception is still reported in debug mode. */
    @Test
    void debugModeStillReportsATaskExceptionNeverRetrieved() {
        EventLoop loop = newVirtualTimeEventLoop();
        loop.setDebug(true);
        List<Map<String, Object>> errors = runAndCollect(loop, true, () -> {
            createTask(() -> failingStep("unretrieved"));
            return sleep(1);
        }, e -> hasMessage(e, "Task exception was never retrieved"));
        assertTrue(hasMessage(errors, "Task exception was never retrieved"), errors.toString());
    }
}
