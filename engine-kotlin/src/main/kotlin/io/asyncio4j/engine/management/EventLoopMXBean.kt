package io.asyncio4j.engine.management

/**
 * What a running [io.asyncio4j.engine.loop.EventLoop] shows over JMX (the data of 3.14's `python -m asyncio ps`
 * and `pstree`): registered on the platform MBean server as `io.asyncio4j:type=EventLoop,name=<loop>` while the
 * loop runs, unregistered when it stops. `io.asyncio4j.tools.TaskDump ps|pstree PID` reads it from outside the
 * JVM; jconsole and any JMX client can too. `-Dasyncio4j.jmx=false` turns registration off.
 *
 * Reads are thread-safe: [getTasks] takes its snapshot on the loop thread (callSoonThreadsafe, waiting at most
 * one second); a loop that does not answer in time (blocked in a callback) is read from the JMX thread instead,
 * best effort, and [isLastSnapshotConsistent] then says false.
 */
public interface EventLoopMXBean {
    /** The loop's name in the ObjectName: `<thread name>#<loop number>`. */
    public fun getName(): String

    /** The id of the thread running the loop (3.14's "tid"). */
    public fun getThreadId(): Long

    /** The loop's clock now ([io.asyncio4j.engine.loop.EventLoop.time]). */
    public fun getTime(): Double

    /** The loop's pending tasks in creation order, each with what it awaits and who awaits it. */
    public fun getTasks(): List<TaskInfo>

    /** False when the last [getTasks] was read off the loop thread because the loop did not answer in time. */
    public fun isLastSnapshotConsistent(): Boolean
}
