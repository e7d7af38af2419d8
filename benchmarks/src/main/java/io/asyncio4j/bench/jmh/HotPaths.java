package io.asyncio4j.bench.jmh;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.TimerHandle;
import io.asyncio4j.engine.task.Coroutine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * JMH microbenchmarks of the loop's hot paths, for profiling (not part of run.sh's table):
 * <pre>
 *   java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' org.openjdk.jmh.Main HotPaths -prof gc
 * </pre>
 * Each invocation does {@value #OPS} operations on one long-lived loop; scores are ns per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPaths {
    static final int OPS = 1000;

    EventLoop loop;
    SplittableRandom random;
    TimerHandle[] timers;

    @Setup(Level.Trial)
    public void setUp() {
        loop = Asyncio.newEventLoop();
        random = new SplittableRandom(1);
        timers = new TimerHandle[OPS];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    /** callSoon: a chain of callbacks, each scheduling the next (handle + ready-queue slot + run). */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public Object callSoon() {
        Future<Void> done = loop.createFuture();
        loop.callSoon(new Runnable() {
            int count;

            @Override
            public void run() {
                if (++count == OPS) done.setResult(null); else loop.callSoon(this);
            }
        });
        return loop.runUntilComplete(done);
    }

    /** Future completion: create a future, register a done-callback, set the result, run the callback. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public Object futureCompletion() {
        Future<Integer> done = loop.createFuture();
        int[] sum = new int[1];
        loop.callSoon(() -> {
            for (int i = 0; i < OPS; i++) {
                Future<Integer> f = loop.createFuture();
                f.addDoneCallback(x -> {
                    if (++sum[0] == OPS) done.setResult(sum[0]);
                });
                f.setResult(i);
            }
        });
        return loop.runUntilComplete(done);
    }

    /** Task step: one task resuming after sleep(0), OPS times (future + awaiter + wake-up + step). */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public Object taskStep() {
        return loop.runUntilComplete((Coroutine<Void>) () -> Asyncio.repeat(OPS, i -> Asyncio.sleep(0)));
    }

    /** Task creation and completion: OPS tasks of a coroutine that returns at once, then gather. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public Object taskSpawn() {
        return loop.runUntilComplete((Coroutine<Object>) () -> {
            @SuppressWarnings("unchecked")
            CompletionStage<Integer>[] tasks = new CompletionStage[OPS];
            for (int i = 0; i < OPS; i++) {
                int v = i;
                tasks[i] = Asyncio.createTask(() -> java.util.concurrent.CompletableFuture.completedFuture(v));
            }
            return Asyncio.gather(tasks).thenApply(l -> l.size());
        });
    }

    /** Timer insert then cancel (heap insert, lazy deletion, compaction), on the idle loop. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public Object timerInsertCancel() {
        Runnable noop = () -> { };
        for (int i = 0; i < OPS; i++) timers[i] = loop.callLater(random.nextDouble() * 0.1, noop);
        for (int i = 0; i < OPS; i++) timers[i].cancel();
        return timers;
    }
}
