package io.asyncio4j.core;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.FrameCallGraphEntry;
import io.asyncio4j.engine.task.FutureCallGraph;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.testing.AsyncioTestExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import static io.asyncio4j.Asyncio.captureCallGraph;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.currentTask;
import static io.asyncio4j.Asyncio.formatCallGraph;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** asyncio.graph (3.14) through the Java facade: Java chains, gather, TaskGroup, print, declared edges. */
@ExtendWith(AsyncioTestExtension.class)
class CallGraphTest {

    /** test_graph's walk(): "T<name>" or "F", then the awaiting graphs sorted by name. */
    private static String walk(FutureCallGraph g) {
        String head = g.future() instanceof Task<?> t ? "T<" + t.getName() + ">" : "F";
        List<String> parents = new ArrayList<>();
        for (FutureCallGraph p : g.awaitedBy()) parents.add(walk(p));
        parents.sort(Comparator.naturalOrder());
        return parents.isEmpty() ? head : head + parents;
    }

    private static String noIds(String text) {
        return text.replaceAll("id=0x[0-9a-f]+", "id=0x?");
    }

    private static final AtomicReference<FutureCallGraph> captured = new AtomicReference<>();

    private static String helper() {
        captured.set(captureCallGraph());
        return formatCallGraph(null, 1, 0);
    }

    @Test
    void aJavaTaskAwaitingATaskShowsTheRunningStepsFrames(EventLoop loop) {
        String text = loop.runUntilComplete(loop.createTask(() -> {
            Task<String> worker = createTask(() -> sleep(0).thenApply(x -> helper()), "worker");
            return worker.thenApply(s -> s);
        }, "main"));
        FutureCallGraph g = captured.get();
        assertEquals("T<worker>[T<main>]", walk(g));
        List<String> methods = new ArrayList<>();
        for (FrameCallGraphEntry e : g.callStack()) methods.add(e.frame().getMethodName());
        assertEquals("helper", methods.get(0), methods.toString());
        assertTrue(methods.get(1).startsWith("lambda$"), methods.toString()); // the continuation; then the loop's frames
        assertEquals(2, methods.size(), methods.toString());
        assertEquals("* Task(name='worker', id=0x?)\n  + Awaited by:\n    * Task(name='main', id=0x?)", noIds(text));
    }

    @Test
    void gatherAndTaskGroupChildrenAreAwaitedByTheirTask(EventLoop loop) {
        List<String> seen = new ArrayList<>();
        loop.runUntilComplete(loop.createTask(() -> {
            Future<List<Integer>> g = gather(
                () -> sleep(0).thenApply(x -> { seen.add(walk(captureCallGraph())); return 1; }),
                () -> sleep(0, 2));
            return g.thenCompose(r -> Asyncio.taskGroup(tg -> {
                Task<Integer> root = tg.createTask(
                    () -> sleep(0).thenApply(x -> { seen.add(walk(captureCallGraph())); return 3; }), "root");
                tg.createTask(() -> root.thenApply(v -> v), "sub");
                return sleep(0);
            }));
        }, "main"));
        assertEquals(2, seen.size(), seen.toString());
        assertTrue(seen.get(0).matches("T<Task-\\d+>\\[T<main>]"), seen.get(0));
        assertEquals("T<root>[T<main>, T<sub>[T<main>]]", seen.get(1));
    }

    @Test
    void printDeclaredEdgesAndNoGraph(EventLoop loop) {
        Future<Integer> fut = new Future<>(loop);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        loop.runUntilComplete(loop.createTask(() -> {
            Asyncio.futureAddToAwaitedBy(fut, currentTask());
            Asyncio.printCallGraph(fut, new PrintStream(out, true, StandardCharsets.UTF_8));
            Asyncio.futureDiscardFromAwaitedBy(fut, currentTask());
            assertEquals("F", walk(captureCallGraph(fut)));
            return sleep(0);
        }, "main"));
        assertEquals("* Future(id=0x?)\n  + Awaited by:\n    * Task(name='main', id=0x?)" + System.lineSeparator(),
            noIds(out.toString(StandardCharsets.UTF_8)));
        IllegalStateException e = assertThrows(IllegalStateException.class, Asyncio::captureCallGraph);
        assertTrue(e.getMessage().startsWith("capture_call_graph() is called outside of a running event loop"));
        assertEquals("F", walk(captureCallGraph(fut))); // a future outside a running loop: its graph
    }
}
