package io.asyncio4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** One measured run: the workload's headline value in its unit, plus secondary figures (cancels/s, MB/s...). */
public final class Result {
    public final double value;
    public final String unit;
    public final Map<String, Double> extra = new LinkedHashMap<>();

    public Result(double value, String unit) {
        this.value = value;
        this.unit = unit;
    }

    public static Result opsPerSecond(long ops, long nanos) {
        return new Result(ops / (nanos / 1e9), "ops/s");
    }

    public Result with(String key, double v) {
        extra.put(key, v);
        return this;
    }
}
