package io.asyncio4j.bench;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;

import java.util.ArrayList;
import java.util.List;

import static io.asyncio4j.Asyncio.async;
import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.getRunningLoop;
import io.asyncio4j.Asyncio;
import io.asyncio4j.DirectCoroutine;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.bench.Workloads.check;

/**
 * Direct-style workloads (Java 21+: `Bench asyncio4j-direct <workload> ...` on a JDK 21+), the same programs as
 * the chain-style rows written as plain sequential Java with {@code await}: direct_switch (switch), direct_spawn_gather
 * (spawn_gather), direct_idle_tasks (idle_tasks: bytes per suspended direct task, its virtual thread included).
 * Each runs in {@code Asyncio.run} of a direct body, so the loop itself runs on a virtual thread, and times itself
 * from inside (loop creation and shutdown excluded).
 */
final class DirectWorkloads implements Workloads {
    /** The loop runs on a virtual thread of Asyncio.run, not on the caller's. */
    @Override
    public boolean loopOnCallingThread() {
        return false;
    }

    @Override
    public Result run(String workload, int n, boolean serverShaped) {
        DirectCoroutine<Result> body = switch (workload) {
            case "direct_switch" -> () -> switchLoop(n);
            case "direct_spawn_gather" -> () -> spawnGather(n);
            case "direct_idle_tasks" -> () -> idleTasks(n);
            default -> throw new IllegalArgumentException("workload not implemented: " + workload);
        };
        // Server-shaped: the same body inside JavaWorkloads.withIo (a listening and an idle connected socket).
        return Asyncio.run(() -> serverShaped ? await(JavaWorkloads.withIo(() -> async(body).start())) : body.call());
    }

    // for _ in range(n): await asyncio.sleep(0)
    private static Result switchLoop(int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) await(sleep(0));
        return Result.opsPerSecond(n, System.nanoTime() - t0);
    }

    // async def work(i): await asyncio.sleep(0); return i
    // await asyncio.gather(*[asyncio.create_task(work(i)) for i in range(n)])
    private static Result spawnGather(int n) {
        long t0 = System.nanoTime();
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int v = i;
            tasks.add(createTask(() -> {
                await(sleep(0));
                return v;
            }));
        }
        List<Integer> results = await(gather(tasks));
        long t1 = System.nanoTime();
        check(results.size() == n && results.get(n - 1) == n - 1, "gather results");
        return Result.opsPerSecond(n, t1 - t0);
    }

    // async def idle(): await loop.create_future()   (n of them, measured while suspended, then cancelled)
    private static Result idleTasks(int n) {
        EventLoop loop = getRunningLoop();
        long before = Workloads.usedHeapAfterGc();
        List<Task<Object>> tasks = new ArrayList<>(n);
        // async(...): `() -> await(loop.createFuture())` alone would fit the chain-style Coroutine overload (the
        // generic createFuture() infers to a CompletionStage), see Asyncio.run(DirectCoroutine)
        for (int i = 0; i < n; i++) tasks.add(createTask(async(() -> await(loop.createFuture()))));
        await(sleep(0));
        await(sleep(0));
        long after = Workloads.usedHeapAfterGc();
        double bytesPerTask = (after - before) / (double) n;
        long t0 = System.nanoTime();
        for (Task<Object> t : tasks) t.cancel();
        Task<Object> last = tasks.get(n - 1);
        while (!last.done()) await(sleep(0));
        long t1 = System.nanoTime();
        for (Task<Object> t : tasks) check(t.cancelled(), "idle task cancelled");
        return new Result(bytesPerTask, "bytes/task").with("cancels_per_s", n / ((t1 - t0) / 1e9));
    }
}
