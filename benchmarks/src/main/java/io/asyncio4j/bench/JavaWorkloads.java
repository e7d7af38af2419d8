package io.asyncio4j.bench;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.TimerHandle;
import io.asyncio4j.engine.net.Protocol;
import io.asyncio4j.engine.sync.Lock;
import io.asyncio4j.engine.sync.Queue;
import io.asyncio4j.engine.task.Task;

import io.asyncio4j.Asyncio;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.loopWhile;
import static io.asyncio4j.Asyncio.repeat;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.bench.Workloads.check;

/**
 * The workloads written as a Java user writes asyncio code: coroutines are methods returning CompletionStage,
 * module functions come from {@code io.asyncio4j.Asyncio}. Each runs in {@code Asyncio.run} and times itself
 * from inside its main coroutine (loop creation and shutdown excluded, as in the Python programs).
 */
final class JavaWorkloads implements Workloads {
    @Override
    public Result run(String workload, int n, boolean serverShaped) {
        Supplier<CompletionStage<Result>> body = switch (workload) {
            case "spawn_gather" -> () -> spawnGather(n);
            case "switch" -> () -> switchLoop(n);
            case "future_pingpong" -> () -> futurePingpong(n);
            case "call_soon" -> () -> callSoon(n);
            case "timers" -> () -> timers(n);
            case "idle_tasks" -> () -> idleTasks(n);
            case "queue" -> () -> queue(n);
            case "lock_contention" -> () -> lockContention(n);
            default -> throw new IllegalArgumentException("workload not implemented: " + workload);
        };
        return Asyncio.run(() -> serverShaped ? withIo(body) : body.get());
    }

    /** A protocol that does nothing: the idle connection of a server-shaped loop. */
    private static final class Idle implements Protocol {
    }

    /**
     * Runs {@code body} with a listening socket and a connected idle socket registered (benchmarks/README.md,
     * "server-shaped"), as bench_asyncio.py's with_io: create_server, create_connection, 10 ms for the accept.
     */
    static <T> CompletionStage<T> withIo(Supplier<CompletionStage<T>> body) {
        EventLoop loop = getRunningLoop();
        return loop.createServer(Idle::new, "127.0.0.1", 0).thenCompose(server -> {
            int port;
            try {
                port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return loop.createConnection(Idle::new, "127.0.0.1", port)
                    .thenCompose(conn -> sleep(0.01).thenCompose(x -> body.get())
                            .thenCompose(result -> {
                                conn.transport().close();
                                server.close();
                                return server.waitClosed().thenApply(y -> result);
                            }));
        });
    }

    // async def work(i): await asyncio.sleep(0); return i
    private static CompletionStage<Integer> work(int i) {
        return sleep(0).thenApply(x -> i);
    }

    private static CompletionStage<Result> spawnGather(int n) {
        long t0 = System.nanoTime();
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int v = i;
            tasks.add(createTask(() -> work(v)));
        }
        return gather(tasks).thenApply(results -> {
            long t1 = System.nanoTime();
            check(results.size() == n && results.get(n - 1) == n - 1, "gather results");
            return Result.opsPerSecond(n, t1 - t0);
        });
    }

    // for _ in range(n): await asyncio.sleep(0)
    private static CompletionStage<Result> switchLoop(int n) {
        long t0 = System.nanoTime();
        return repeat(n, i -> sleep(0)).thenApply(x -> Result.opsPerSecond(n, System.nanoTime() - t0));
    }

    /** The futures the two players hand control through; each publishes its next one before signalling. */
    private static final class Box {
        Future<Integer> toA;
        Future<Integer> toB;
        long sum;
    }

    private static CompletionStage<Result> futurePingpong(int n) {
        EventLoop loop = getRunningLoop();
        Box box = new Box();
        box.toB = loop.createFuture();
        long t0 = System.nanoTime();
        // a: for i in range(n): box.toA = fa = create_future(); box.toB.set_result(i); await fa
        Task<Void> a = createTask(() -> repeat(n, i -> {
            Future<Integer> fa = loop.createFuture();
            box.toA = fa;
            box.toB.setResult((int) i);
            return fa;
        }));
        // b: for i in range(n): if i: box.toB = create_future(); box.toA.set_result(v)
        //                        v = await box.toB
        //    box.toA.set_result(v)
        Task<Void> b = createTask(() -> repeat(n, i -> {
            if (i > 0) {
                int v = box.toB.result();
                box.sum += v;
                box.toB = loop.createFuture();
                box.toA.setResult(v);
            }
            return box.toB;
        }).thenRun(() -> {
            box.sum += box.toB.result();
            box.toA.setResult(box.toB.result());
        }));
        return gather(a, b).thenApply(x -> {
            long t1 = System.nanoTime();
            check(box.sum == (long) n * (n - 1) / 2, "pingpong sum");
            return Result.opsPerSecond(n, t1 - t0);
        });
    }

    private static CompletionStage<Result> callSoon(int n) {
        EventLoop loop = getRunningLoop();
        Future<Void> done = loop.createFuture();
        long t0 = System.nanoTime();
        loop.callSoon(new Runnable() {
            int count;

            @Override
            public void run() {
                if (++count == n) done.setResult(null); else loop.callSoon(this);
            }
        });
        return done.thenApply(x -> Result.opsPerSecond(n, System.nanoTime() - t0));
    }

    /** A timer's callback: checks that timers fire in deadline order and only if not cancelled. */
    private static final class Timer implements Runnable {
        final TimerState state;
        TimerHandle handle;

        Timer(TimerState state) {
            this.state = state;
        }

        @Override
        public void run() {
            double when = handle.when();
            check(when >= state.last, "timers fire in deadline order");
            state.last = when;
            if (++state.fired == state.expected) state.done.setResult(null);
        }
    }

    private static final class TimerState {
        double last = Double.NEGATIVE_INFINITY;
        int fired;
        int expected;
        Future<Void> done;
    }

    private static CompletionStage<Result> timers(int n) {
        EventLoop loop = getRunningLoop();
        double[] delays = Workloads.timerDelays(n);
        TimerState state = new TimerState();
        state.done = loop.createFuture();
        state.expected = n - n / 2;
        long t0 = System.nanoTime();
        Timer[] timers = new Timer[n];
        for (int i = 0; i < n; i++) {
            Timer t = new Timer(state);
            t.handle = loop.callLater(delays[i], t);
            timers[i] = t;
        }
        for (int i = 1; i < n; i += 2) timers[i].handle.cancel();
        return state.done.thenApply(x -> {
            long t1 = System.nanoTime();
            check(state.fired == state.expected, "timers fired");
            return Result.opsPerSecond(n, t1 - t0);
        });
    }

    private static CompletionStage<Result> idleTasks(int n) {
        EventLoop loop = getRunningLoop();
        long before = Workloads.usedHeapAfterGc();
        List<Task<Object>> tasks = new ArrayList<>(n);
        // async def idle(): await loop.create_future()
        for (int i = 0; i < n; i++) tasks.add(createTask(() -> loop.createFuture()));
        return sleep(0).thenCompose(x -> sleep(0)).thenCompose(x -> {
            long after = Workloads.usedHeapAfterGc();
            double bytesPerTask = (after - before) / (double) n;
            long t0 = System.nanoTime();
            for (Task<Object> t : tasks) t.cancel();
            Task<Object> last = tasks.get(n - 1);
            return loopWhile(() -> !last.done(), () -> sleep(0)).thenApply(y -> {
                long t1 = System.nanoTime();
                for (Task<Object> t : tasks) check(t.cancelled(), "idle task cancelled");
                return new Result(bytesPerTask, "bytes/task").with("cancels_per_s", n / ((t1 - t0) / 1e9));
            });
        });
    }

    // producer: for i in range(n): await q.put(i)    consumer: for _ in range(n): total += await q.get()
    private static CompletionStage<Double> queueRun(int n, int size) {
        Queue<Integer> q = new Queue<>(size);
        long[] sum = {0};
        long t0 = System.nanoTime();
        Task<Void> producer = createTask(() -> repeat(n, i -> q.put((int) i)));
        Task<Void> consumer = createTask(() -> repeat(n, i -> q.get().thenAccept(v -> sum[0] += v)));
        return gather(producer, consumer).thenApply(x -> {
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            check(sum[0] == (long) n * (n - 1) / 2, "queue sum");
            return rate;
        });
    }

    private static CompletionStage<Result> queue(int n) {
        return queueRun(n, 128).thenCompose(r128 -> queueRun(n, 1).thenApply(r1 ->
                new Result(2 / (1 / r128 + 1 / r1), "ops/s")
                        .with("queue128_items_per_s", r128).with("queue1_items_per_s", r1)));
    }

    /** 100 workers: for _ in range(n / 100): async with lock: await asyncio.sleep(0). */
    private static CompletionStage<Result> lockContention(int n) {
        int workers = 100;
        int perWorker = n / workers;
        Lock lock = new Lock();
        int[] state = new int[2]; // inside, count
        long t0 = System.nanoTime();
        List<Task<Void>> tasks = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            tasks.add(createTask(() -> repeat(perWorker, i -> lock.withLock(() -> {
                check(state[0] == 0, "mutual exclusion");
                state[0] = 1;
                return sleep(0).thenRun(() -> {
                    state[0] = 0;
                    state[1]++;
                });
            }))));
        }
        return gather(tasks).thenApply(x -> {
            long t1 = System.nanoTime();
            check(state[1] == workers * perWorker, "acquisitions");
            return Result.opsPerSecond((long) workers * perWorker, t1 - t0);
        });
    }
}
