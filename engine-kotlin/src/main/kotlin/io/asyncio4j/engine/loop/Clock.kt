package io.asyncio4j.engine.loop

/**
 * The loop's time source, in seconds (asyncio's `loop.time()`). Injectable so tests and examples can run
 * in virtual time.
 */
public interface Clock {
    /** Current time in seconds; only differences are meaningful. */
    public fun time(): Double

    /**
     * Called by the loop when it would otherwise wait [seconds] for the next timer with nothing ready, or, for
     * a virtual clock, after it waited [seconds] for real because outside work was in flight.
     * A real clock returns false (the loop then blocks for real); a virtual clock advances by [seconds]
     * and returns true, so the loop continues at once.
     */
    public fun advanceIdle(seconds: Double): Boolean = false

    /** True for a virtual clock: the loop then jumps over idle waits instead of blocking. */
    public fun isVirtual(): Boolean = false

    public companion object {
        /** The real monotonic clock (System.nanoTime), as asyncio uses time.monotonic(). */
        @JvmStatic public fun monotonic(): Clock = MonotonicClock

        /** A new virtual clock starting at [start] seconds. */
        @JvmStatic @JvmOverloads public fun virtual(start: Double = 0.0): VirtualClock = VirtualClock(start)
    }
}

internal object MonotonicClock : Clock {
    override fun time(): Double = System.nanoTime() / 1e9
    override fun toString(): String = "MonotonicClock"
}

/**
 * Virtual time: `time()` moves only when the loop is idle and waiting for a timer, and then jumps straight
 * to that timer's deadline. Sleeps of hours finish at once, with exactly the ordering real time gives.
 * The loop jumps only when it is truly idle: while outside work may still deliver (executor and toThread jobs,
 * foreign stages being awaited, child processes, registered sockets) it waits for real and advances this clock
 * by the real time that passed ([advanceIdle] with that amount), so a timeout cannot fire early. Calls from
 * other threads (callSoonThreadsafe) and I/O wake the loop for real.
 */
public class VirtualClock internal constructor(start: Double) : Clock {
    @Volatile private var now: Double = start

    override fun time(): Double = now

    override fun advanceIdle(seconds: Double): Boolean {
        if (seconds > 0) now += seconds
        return true
    }

    override fun isVirtual(): Boolean = true

    /** Moves time forward by hand, for tests that step a loop themselves. */
    public fun advance(seconds: Double) {
        require(seconds >= 0 && !seconds.isNaN()) { "seconds must be >= 0: $seconds" }
        now += seconds
    }

    override fun toString(): String = "VirtualClock(t=$now)"
}
