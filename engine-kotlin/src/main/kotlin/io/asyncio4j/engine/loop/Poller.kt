package io.asyncio4j.engine.loop

import java.util.concurrent.locks.LockSupport

/**
 * What the loop blocks in when it has nothing ready (asyncio's selector). The default parks the loop
 * thread; the networking layer substitutes a NIO Selector so that one wait covers timers, I/O and wakeups.
 *
 * Contract: [poll] returns after at most [timeoutNanos] (0 = just check, [FOREVER] = until woken), or as soon
 * as [wakeup] is called from any thread; a wakeup that happens before [poll] starts is not lost.
 */
internal interface Poller {
    fun poll(timeoutNanos: Long)
    fun wakeup()

    /** The loop is about to run on [thread] (null: it stopped running). */
    fun attach(thread: Thread?) {}
    fun close() {}

    /** True while a registered channel could still fire (a virtual clock then waits in real time). */
    fun hasPendingIo(): Boolean = false

    companion object {
        const val FOREVER: Long = Long.MAX_VALUE

        /**
         * While callbacks keep the loop busy, it polls (non-blocking) only at the start of the first iteration
         * after at least this many callbacks ran since its last poll (Tokio's `event_interval`, 61), instead of
         * at every iteration as asyncio does: a selectNow is a system call, many times the cost of an iteration
         * that runs one sleep(0) step. An idle loop always blocks in [poll]. The bound this keeps, in callbacks
         * (not time): from the moment a channel becomes ready to its handler running, the loop runs at most
         * `BUSY_POLL_INTERVAL - 1` callbacks before the poll that sees it, plus the rest of the iteration batch
         * that crossed the count, plus the entries already ready ahead of the handler at that poll (asyncio's
         * own batch rule) — with one busy sleep(0) task, at most BUSY_POLL_INTERVAL + 1. Nothing starves: ready
         * handlers join the same FIFO behind the callbacks ready before them, and each iteration runs its whole
         * batch. EventLoopIoIntervalTest checks the bound by counting callbacks.
         */
        const val BUSY_POLL_INTERVAL: Int = 61
    }
}

/**
 * Parks the loop thread; wakeup() unparks it. LockSupport's permit makes a wakeup that comes between the
 * loop's last look at its queues and the park stick, so none is lost.
 */
internal class ParkingPoller : Poller {
    @Volatile private var owner: Thread? = null

    override fun attach(thread: Thread?) {
        owner = thread
    }

    override fun poll(timeoutNanos: Long) {
        if (timeoutNanos <= 0) return
        if (timeoutNanos == Poller.FOREVER) LockSupport.park(this) else LockSupport.parkNanos(this, timeoutNanos)
    }

    override fun wakeup() {
        owner?.let { LockSupport.unpark(it) }
    }
}
