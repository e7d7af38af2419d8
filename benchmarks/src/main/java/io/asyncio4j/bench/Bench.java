package io.asyncio4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one workload of one JVM implementation: {@code Bench <implementation> <workload>[_io] <n> <runs>}
 * ({@code _io}: the same workload on a server-shaped loop, see {@link Workloads#run}).
 * {@link #WARM_UPS} untimed warm-up runs (the JIT's and the collector's turn: after a single one, C2 was still
 * compiling and the young generation still resizing, so the first timed run of every JVM implementation came out
 * up to 2-8x slower than the next), then {@code runs} timed runs, each on a fresh loop; prints one JSON line {"values": [...], "unit": ..., "extra": {key: [...]}} for run_all.py.
 */
public final class Bench {
    private Bench() {
    }

    /** Untimed runs before the timed ones, for every JVM implementation alike. */
    static final int WARM_UPS = 3;

    public static Workloads implementation(String name) {
        return switch (name) {
            case "asyncio4j-java" -> new JavaWorkloads();
            case "asyncio4j-kotlin" -> new KotlinWorkloads();
            case "kotlinx-raw" -> new RawKotlinxWorkloads();
            case "asyncio4j-direct" -> new DirectWorkloads(); // Java 21+
            default -> throw new IllegalArgumentException("unknown implementation: " + name);
        };
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: Bench <implementation> <workload>[:<n>][,<workload>[:<n>]...] <n> <runs>");
            System.exit(2);
        }
        Workloads impl = implementation(args[0]);
        int runs = Integer.parseInt(args[3]);
        // Several workloads in one JVM (run.sh --quick, to save JVM start-ups): one JSON line each, in order.
        boolean failed = false;
        for (String spec : args[1].split(",")) {
            String[] parts = spec.split(":");
            String workload = parts[0];
            int n = Integer.parseInt(parts.length > 1 ? parts[1] : args[2]);
            try {
                System.out.println(measure(impl, workload, n, runs));
            } catch (Exception e) {
                failed = true;
                System.out.println("{\"workload\": \"" + workload + "\", \"error\": \""
                        + String.valueOf(e).replace('"', '\'') + "\"}");
                e.printStackTrace();
            }
        }
        if (failed) System.exit(1);
    }

    private static String measure(Workloads impl, String workload, int n, int runs) throws Exception {
        boolean io = workload.endsWith("_io");
        String base = io ? workload.substring(0, workload.length() - 3) : workload;
        for (int i = 0; i < WARM_UPS; i++) {
            impl.run(base, n, io);
        }
        List<Result> results = new ArrayList<>();
        // No System.gc() between runs: after a full collection G1 (the default collector) shrinks the heap to a
        // few MB, and the next run would pay for regrowing it with young collections that copy every live task,
        // which no server that stays up sees (benchmarks/README.md, "JVM").
        // Beside each timed figure, the loop thread's own CPU time per operation (set-up included): a diagnostic
        // that other processes on a shared machine disturb much less than wall time (GC threads not counted).
        // And the whole process' CPU time per operation (GC and JIT threads included: what the run cost the machine).
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < runs; i++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long process0 = os.getProcessCpuTime();
            Result r = impl.run(base, n, io);
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long process = os.getProcessCpuTime() - process0;
            if (r.unit.equals("ops/s")) {
                if (impl.loopOnCallingThread()) r.with("loop_thread_cpu_ops_per_s", n / (cpu / 1e9));
                r.with("process_cpu_ops_per_s", n / (process / 1e9));
            }
            results.add(r);
        }
        StringBuilder json = new StringBuilder("{\"workload\": \"" + workload + "\", \"values\": [");
        for (int i = 0; i < results.size(); i++) {
            json.append(i == 0 ? "" : ", ").append(fmt(results.get(i).value));
        }
        json.append("], \"unit\": \"").append(results.get(0).unit).append("\", \"extra\": {");
        boolean first = true;
        for (Map.Entry<String, Double> e : results.get(0).extra.entrySet()) {
            json.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": [");
            first = false;
            for (int i = 0; i < results.size(); i++) {
                json.append(i == 0 ? "" : ", ").append(fmt(results.get(i).extra.get(e.getKey())));
            }
            json.append(']');
        }
        return json.append("}}").toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
