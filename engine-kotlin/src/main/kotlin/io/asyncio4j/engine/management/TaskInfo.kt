package io.asyncio4j.engine.management

/**
 * One pending task in an [EventLoopMXBean] snapshot (a CompositeData over JMX).
 *
 * @property name the task's name (`Task-3`, or the name it was given)
 * @property id its identity hash code in hex (`0x1b6d3586`), as asyncio.graph prints ids
 * @property state `pending`; `running` for the task whose step holds the loop thread, which only a snapshot read off
 *   the loop thread (a blocked loop) can see
 * @property coroutine what the task runs (the coroutine's class, or `suspend block <class>` for Kotlin)
 * @property awaits the futures its chain is suspended on now (empty while ready or running)
 * @property awaitedByIds the ids of the tasks and futures awaiting it (asyncio.graph's "awaited by")
 * @property awaitedByNames their names, index by index (a task's name; `Future` for a plain future)
 */
public class TaskInfo(
    private val name: String,
    private val id: String,
    private val state: String,
    private val coroutine: String,
    private val awaits: List<String>,
    private val awaitedByIds: List<String>,
    private val awaitedByNames: List<String>,
) {
    /** The task's name. */
    public fun getName(): String = name

    /** Its identity hash code in hex. */
    public fun getId(): String = id

    /** `running` or `pending`. */
    public fun getState(): String = state

    /** What the task runs. */
    public fun getCoroutine(): String = coroutine

    /** The futures its chain is suspended on now. */
    public fun getAwaits(): List<String> = awaits

    /** The ids of its awaiters. */
    public fun getAwaitedByIds(): List<String> = awaitedByIds

    /** The names of its awaiters, index by index with [getAwaitedByIds]. */
    public fun getAwaitedByNames(): List<String> = awaitedByNames

    override fun toString(): String =
        "TaskInfo(name=$name, id=$id, state=$state, coroutine=$coroutine, awaits=$awaits, awaitedBy=$awaitedByNames)"
}
