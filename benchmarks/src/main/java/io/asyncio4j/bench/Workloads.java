package io.asyncio4j.bench;

/** One implementation of the workloads. Each call runs the workload once, on a fresh loop, and times it. */
public interface Workloads {
    /**
     * Runs {@code workload} once with {@code n} operations. With {@code io}, the loop is server-shaped first (a
     * listening socket and a connected idle socket registered with its selector, as in any server; the
     * {@code <name>_io} rows), set up before the timing starts and closed after it.
     *
     * @throws IllegalArgumentException for a workload (or an io variant) this implementation does not have
     */
    Result run(String workload, int n, boolean io) throws Exception;

    /** Whether the loop runs on the thread calling {@link #run} (its CPU time is then the loop's; Bench reports it). */
    default boolean loopOnCallingThread() {
        return true;
    }

    /** The fixed checks every implementation makes (wrong results must fail the run, never be timed). */
    static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException("benchmark check failed: " + what);
    }

    /** Heap in use after full collections (for idle_tasks' bytes per task). */
    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /**
     * The random delays of the timers workload: the same sequence in every JVM implementation, all within the
     * run's first millisecond (as in bench_asyncio.py), so the figure is the loop's cost per timer and never a
     * wait for the clock: scheduling the timers takes longer than that on every implementation.
     */
    static double[] timerDelays(int n) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        double[] delays = new double[n];
        for (int i = 0; i < n; i++) delays[i] = random.nextDouble() * 0.001;
        return delays;
    }
}
