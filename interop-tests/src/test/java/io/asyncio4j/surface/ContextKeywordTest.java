package io.asyncio4j.surface;

import io.asyncio4j.engine.contextvars.Context;
import io.asyncio4j.engine.contextvars.ContextVar;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Task;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * `context=` as asyncio 3.11+ has it, checked against this CPython 3.13 trace:
 * child sees in-ctx / ctx after changed-in-child True main dflt / cb sees changed-in-child.
 */
class ContextKeywordTest {
    static final ContextVar<String> V = new ContextVar<>("v", "dflt");

    @Test
    void createTaskAndCallbacksRunInTheGivenContext() {
        EventLoop loop = newVirtualTimeEventLoop();
        List<String> log = new ArrayList<>();
        try {
            loop.runUntilComplete(() -> {
                Context ctx = copyContext();
                ctx.run(() -> V.set("in-ctx"));
                Task<Void> t = createTask(() -> {
                    log.add("child sees " + V.get());
                    V.set("changed-in-child");
                    return CompletableFuture.completedFuture(null);
                }, null, ctx);
                assertSame(ctx, t.getContext());
                return t.thenCompose(x -> {
                    log.add("ctx after " + ctx.get(V) + ", main " + V.get());
                    assertSame(ctx, getRunningLoop().callSoon(() -> log.add("cb sees " + V.get()), ctx).getContext());
                    assertNull(getRunningLoop().callSoon(() -> { }).getContext(), "plain callbacks capture no context");
                    assertSame(ctx, getRunningLoop().callLater(0.5, () -> log.add("timer sees " + V.get()), ctx).getContext());
                    getRunningLoop().callSoon(() -> log.add("plain cb sees " + V.get()));
                    Future<Integer> f = getRunningLoop().createFuture();
                    f.addDoneCallback(done -> log.add("done cb sees " + V.get()), ctx);
                    f.setResult(1);
                    return sleep(1);
                });
            });
            assertEquals(List.of("child sees in-ctx", "ctx after changed-in-child, main dflt",
                    "cb sees changed-in-child", "plain cb sees dflt", "done cb sees changed-in-child",
                    "timer sees changed-in-child"), log);
        } finally {
            loop.close();
        }
    }

    @Test
    void taskGroupAndRunnerTakeAContext() {
        Context ctx = copyContext();
        ctx.run(() -> V.set("runner-ctx"));
        try (Runner runner = new Runner(null, io.asyncio4j.Asyncio::newVirtualTimeEventLoop)) {
            String seen = runner.run(() -> {
                String main = V.get();
                Context child = copyContext();
                child.run(() -> V.set("group-child"));
                return taskGroup(tg -> tg.createTask(() -> CompletableFuture.completedFuture(V.get()), "c", child))
                        .thenApply(x -> main + "/" + child.get(V));
            }, ctx);
            assertEquals("runner-ctx/group-child", seen);
        }
        EventLoop loop = newVirtualTimeEventLoop();
        try {
            assertThrows(NullPointerException.class, () -> loop.callSoon(() -> {}, null));
        } finally {
            loop.close();
        }
    }
}
