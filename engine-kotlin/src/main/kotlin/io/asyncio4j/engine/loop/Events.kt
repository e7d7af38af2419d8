package io.asyncio4j.engine.loop

/**
 * Which loop belongs to which thread (asyncio's events.py: the running loop and the policy's current loop).
 * A thread has at most one running loop; separately, `setEventLoop` names the loop `getEventLoop` returns
 * when none is running.
 */
public object Events {
    private val running = ThreadLocal<EventLoop?>()
    private val current = ThreadLocal<EventLoop?>()

    /** The loop running in this thread; IllegalStateException "no running event loop" if there is none. */
    @JvmStatic
    public fun getRunningLoop(): EventLoop =
        running.get() ?: throw IllegalStateException("no running event loop")

    /** The loop running in this thread, or null. */
    @JvmStatic
    public fun getRunningLoopOrNull(): EventLoop? = running.get()

    /**
     * The running loop if there is one, else the loop set for this thread with [setEventLoop].
     * Unlike Python 3.11 it never creates a loop implicitly (Python 3.14 made the same change).
     */
    @JvmStatic
    public fun getEventLoop(): EventLoop =
        running.get() ?: current.get() ?: throw IllegalStateException(
            "There is no current event loop in thread '${Thread.currentThread().name}': " +
                "use Asyncio.run(...), or newEventLoop() and setEventLoop(loop)",
        )

    /** Makes [loop] the current loop of this thread (null clears it). */
    @JvmStatic
    public fun setEventLoop(loop: EventLoop?) {
        current.set(loop)
    }

    /** A new loop on the real monotonic clock. */
    @JvmStatic
    public fun newEventLoop(): EventLoop = EventLoop(Clock.monotonic())

    /** A new loop in virtual time (see [VirtualClock]). */
    @JvmStatic
    public fun newVirtualTimeEventLoop(): EventLoop = EventLoop(Clock.virtual())

    @JvmSynthetic internal fun setRunningLoop(loop: EventLoop?) {
        running.set(loop)
    }

    /**
     * Debug mode from the environment, as asyncio reads PYTHONASYNCIODEBUG: the environment variable
     * PYTHONASYNCIODEBUG or ASYNCIO4J_DEBUG non-empty, or the system property asyncio4j.debug=true.
     */
    @JvmSynthetic internal fun debugFromEnvironment(): Boolean =
        !System.getenv("PYTHONASYNCIODEBUG").isNullOrEmpty() ||
            !System.getenv("ASYNCIO4J_DEBUG").isNullOrEmpty() ||
            System.getProperty("asyncio4j.debug") == "true"
}
