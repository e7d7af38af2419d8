package io.asyncio4j.engine.task

import io.asyncio4j.engine.future.DoneCallback
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import java.io.PrintStream
import java.lang.ref.WeakReference
import java.util.Collections
import java.util.WeakHashMap

/**
 * One frame of a [FutureCallGraph]'s call stack (asyncio's FrameCallGraphEntry). Python holds a frame object;
 * a Java chain keeps no suspended frames, so this is a [StackTraceElement] (see [Graph] for which frames exist).
 */
public class FrameCallGraphEntry(
    /** The frame (Java: `frame()`, an attribute-style accessor as everywhere in the API). */
    @get:JvmName("frame") public val frame: StackTraceElement,
) {
    override fun equals(other: Any?): Boolean = other is FrameCallGraphEntry && other.frame == frame
    override fun hashCode(): Int = frame.hashCode()
    override fun toString(): String = "FrameCallGraphEntry(frame=$frame)"
}

/**
 * The async call graph of [future] (asyncio's FutureCallGraph): its [callStack], newest frame first, and the
 * graphs of the futures/tasks awaiting it ([awaitedBy]), recursively. Both lists are unmodifiable.
 */
public class FutureCallGraph(
    /** The future or task this graph is about (Java: `future()`). */
    @get:JvmName("future") public val future: Future<*>,
    /** Its frames, newest first (Java: `callStack()`). */
    @get:JvmName("callStack") public val callStack: List<FrameCallGraphEntry>,
    /** The graphs of the futures/tasks awaiting it (Java: `awaitedBy()`). */
    @get:JvmName("awaitedBy") public val awaitedBy: List<FutureCallGraph>,
) {
    override fun toString(): String = "FutureCallGraph(future=$future, callStack=$callStack, awaitedBy=$awaitedBy)"
}

/**
 * asyncio.graph (Python 3.14): capture_call_graph, format_call_graph, print_call_graph,
 * future_add_to_awaited_by, future_discard_from_awaited_by.
 *
 * "Awaited by" edges. 3.14 keeps a set on every future, filled as tasks await. Here they are computed on demand
 * from the state the loop already has, so awaiting costs nothing extra; a future F is awaited by:
 *  - every pending task of F's loop whose chain is suspended on F now ([Task.isWaitingOn]: a Task awaits F in
 *    3.14's __step);
 *  - the task that called gather, while F is one of its pending children (3.14: future_add_to_awaited_by(child,
 *    cur_task)); the gather's outer future itself is awaited by whoever awaits it;
 *  - the task that called shield, while F is the shielded inner future (3.14 does the same);
 *  - the task that called wait, while F is one of its futures and the wait is not over (3.14 does the same,
 *    but keeps the edge for the futures still pending after the wait returned);
 *  - the parent task of a TaskGroup, while F is one of its pending children (3.14 does the same);
 *  - the waiters user code declared with [futureAddToAwaitedBy] (a weak map on the loop, made on first use).
 * Order: tasks in the loop's task order, then gather/shield/group callers in callback order, then declared
 * waiters; each waiter once (3.14 has a set, unordered). A waiter already on the path from the root is left out,
 * so a declared cycle cannot recurse forever (3.14 would raise RecursionError).
 *
 * Call stacks. A Python task's suspended coroutine chain (cr_await) has no Java counterpart: a Java chain is a
 * list of continuations, not frames. What exists is used:
 *  - the current task introspected from inside it: the frames of the running step, from the caller of
 *    captureCallGraph (with [depth] = 1) down to the loop machinery that called the step (futures, the loop,
 *    the task's first step, java.util.concurrent, kotlin.coroutines frames are where it stops);
 *  - any other pending task: its creation frames, recorded only in debug mode ([Task.getStack]); none otherwise;
 *  - a plain future, a done task: none.
 * [limit] trims each call stack as 3.14 does: a positive limit keeps the `limit` entries at the root end (the
 * oldest frames), a negative one the `-limit` newest, 0 captures no stack at all (only the awaited-by edges).
 */
public object Graph {
    /**
     * The call graph of [future], or of the current task when [future] is null (asyncio.capture_call_graph).
     * Returns null when no future is given and no task is running (a plain callback). Throws
     * IllegalStateException when no future is given outside a running loop. [depth] skips that many frames of
     * the current task's stack (1: the caller of this function is the newest); only used for the current task.
     */
    @JvmStatic
    @JvmOverloads
    public fun captureCallGraph(future: Future<*>? = null, depth: Int = 1, limit: Int? = null): FutureCallGraph? {
        require(depth >= 1) { "depth must be >= 1: $depth" }
        val loop = Events.getRunningLoopOrNull()
        val target: Future<*>
        if (future != null) {
            if (loop == null || future !== loop.currentTask) return buildGraph(future, limit, HashSet())
            target = future
        } else {
            if (loop == null) {
                throw IllegalStateException(
                    "capture_call_graph() is called outside of a running event loop and no *future* to " +
                        "introspect was provided",
                )
            }
            target = loop.currentTask ?: return null
        }
        val stack = if (limit == 0) emptyList() else runningFrames(depth)
        val path = HashSet<Future<*>>().also { it.add(target) }
        return FutureCallGraph(target, trim(stack, limit), awaitedByGraphs(target, limit, path))
    }

    /**
     * The graph as text, in asyncio.format_call_graph's layout: `* Task(name='Task-2', id=0x...)` or
     * `* Future(id=0x...)`, then `  + Call stack:` with one `  |   File 'X.java', line N, in pkg.Class.method()`
     * per frame, then `  + Awaited by:` and each awaiting graph indented by four more spaces. The id is the
     * identity hash code (Python's id()). "" when [captureCallGraph] gives null.
     */
    @JvmStatic
    @JvmOverloads
    public fun formatCallGraph(future: Future<*>? = null, depth: Int = 1, limit: Int? = null): String {
        val graph = captureCallGraph(future, depth, limit) ?: return ""
        val lines = ArrayList<String>()
        render(graph, lines, 0)
        return lines.joinToString("\n")
    }

    /** [formatCallGraph] and a line end on [out] (asyncio.print_call_graph; an empty line when there is no graph). */
    @JvmStatic
    @JvmOverloads
    public fun printCallGraph(future: Future<*>? = null, out: PrintStream = System.out, depth: Int = 1, limit: Int? = null) {
        requireNotNull(out) { "out must not be null" }
        out.println(formatCallGraph(future, depth, limit))
    }

    /** Records that [fut] is awaited by [waiter] (asyncio.future_add_to_awaited_by). Loop thread only. */
    @JvmStatic
    public fun futureAddToAwaitedBy(fut: Future<*>, waiter: Future<*>) {
        requireNotNull(fut) { "fut must not be null" }
        requireNotNull(waiter) { "waiter must not be null" }
        val loop = fut.getLoop()
        loop.checkThread("future_add_to_awaited_by")
        val map = loop.declaredAwaitedBy ?: WeakHashMap<Future<*>, ArrayList<WeakReference<Future<*>>>>().also {
            loop.declaredAwaitedBy = it
        }
        val waiters = map.getOrPut(fut) { ArrayList(2) }
        waiters.removeIf { it.get() == null }
        if (waiters.none { it.get() === waiter }) waiters.add(WeakReference(waiter))
    }

    /** Forgets a [futureAddToAwaitedBy] edge (asyncio.future_discard_from_awaited_by); no error if absent. */
    @JvmStatic
    public fun futureDiscardFromAwaitedBy(fut: Future<*>, waiter: Future<*>) {
        requireNotNull(fut) { "fut must not be null" }
        requireNotNull(waiter) { "waiter must not be null" }
        val loop = fut.getLoop()
        loop.checkThread("future_discard_from_awaited_by")
        val map = loop.declaredAwaitedBy ?: return
        val waiters = map[fut] ?: return
        waiters.removeIf { it.get() == null || it.get() === waiter }
        if (waiters.isEmpty()) map.remove(fut) // as 3.14 drops the empty set
    }

    // ------------------------------------------------------------------------------------------------

    private fun buildGraph(future: Future<*>, limit: Int?, path: MutableSet<Future<*>>): FutureCallGraph {
        future.getLoop().checkThread("capture_call_graph")
        path.add(future)
        val stack = if (limit == 0) emptyList() else storedFrames(future)
        val graph = FutureCallGraph(future, trim(stack, limit), awaitedByGraphs(future, limit, path))
        path.remove(future)
        return graph
    }

    private fun awaitedByGraphs(future: Future<*>, limit: Int?, path: MutableSet<Future<*>>): List<FutureCallGraph> {
        val waiters = awaitedBy(future)
        if (waiters.isEmpty()) return emptyList()
        val result = ArrayList<FutureCallGraph>(waiters.size)
        for (w in waiters) if (w !in path) result.add(buildGraph(w, limit, path))
        return Collections.unmodifiableList(result)
    }

    /** The futures awaiting [future] now, computed from the loop's state (see the class comment). */
    @JvmSynthetic internal fun awaitedBy(future: Future<*>): List<Future<*>> {
        val loop: EventLoop = future.getLoop()
        val result = LinkedHashSet<Future<*>>()
        var t = loop.firstTask
        val tasks = ArrayList<Task<*>>()
        while (t != null) {
            tasks.add(t)
            t = t.nextTask
        }
        // The list is newest first (registerTask pushes at the head): creation order reads better.
        for (i in tasks.indices.reversed()) {
            val task = tasks[i]
            if (!task.done() && task.isWaitingOn(future)) result.add(task)
        }
        // Gather, shield, wait and TaskGroup are found through the done-callback each registered on the child; it
        // leaves the list when the child is done, which is when 3.14 discards the edge.
        for (cb in future.callbacksSnapshot()) {
            val caller: Future<*>? = when (cb) {
                is GatherState -> cb.caller
                is DoneCallback<*> -> when (val c = cb.callback) {
                    is ShieldInnerDone<*> -> c.caller
                    is Wait<*> -> c.caller
                    is TaskGroup.ChildDone -> c.group.parent()
                    else -> null
                }
                else -> null
            }
            if (caller != null && caller !== future) result.add(caller)
        }
        loop.declaredAwaitedBy?.get(future)?.forEach { ref -> ref.get()?.let { result.add(it) } }
        return ArrayList(result)
    }

    private fun storedFrames(future: Future<*>): List<StackTraceElement> {
        if (future !is Task<*> || future.done()) return emptyList()
        return future.creationFrames()?.toList() ?: emptyList()
    }

    /** The current thread's frames from the [depth]th caller of the graph functions down to the loop machinery. */
    private fun runningFrames(depth: Int): List<StackTraceElement> {
        val all = Throwable().stackTrace
        var i = 0
        while (i < all.size && isGraphEntry(all[i].className)) i++
        i += depth - 1
        val frames = ArrayList<StackTraceElement>()
        while (i < all.size && !isLoopMachinery(all[i].className)) frames.add(all[i++])
        return frames
    }

    private val GRAPH_CLASS: String = Graph::class.java.name

    private fun isGraphEntry(className: String): Boolean =
        className == GRAPH_CLASS || className.startsWith("$GRAPH_CLASS$") || className == "io.asyncio4j.Asyncio"

    private val TASK_CLASS: String = Task::class.java.name

    private fun isLoopMachinery(className: String): Boolean =
        className.startsWith("io.asyncio4j.engine.future.") ||
            className.startsWith("io.asyncio4j.engine.loop.") ||
            className == TASK_CLASS || className.startsWith("$TASK_CLASS$") ||
            className.startsWith("java.util.concurrent.") ||
            className.startsWith("kotlin.coroutines.")

    /** 3.14's cut: `limit > 0` keeps the oldest `limit` entries, `limit < 0` the newest `-limit` (list is newest first). */
    private fun trim(stack: List<StackTraceElement>, limit: Int?): List<FrameCallGraphEntry> {
        val kept = when {
            limit == null -> stack
            limit > 0 -> stack.takeLast(limit)
            limit < 0 -> stack.take(-limit)
            else -> emptyList()
        }
        return Collections.unmodifiableList(kept.map { FrameCallGraphEntry(it) })
    }

    private fun render(graph: FutureCallGraph, lines: MutableList<String>, level: Int) {
        val indent = "    ".repeat(level)
        val f = graph.future
        val id = "0x" + Integer.toHexString(System.identityHashCode(f))
        lines.add(indent + if (f is Task<*>) "* Task(name=${pyRepr(f.getName())}, id=$id)" else "* Future(id=$id)")
        if (graph.callStack.isNotEmpty()) {
            lines.add("$indent  + Call stack:")
            for (entry in graph.callStack) {
                val e = entry.frame
                lines.add(
                    "$indent  |   File ${pyRepr(e.fileName ?: "<unknown>")}, line ${e.lineNumber}, in " +
                        "${e.className}.${e.methodName}()",
                )
            }
        }
        if (graph.awaitedBy.isNotEmpty()) {
            lines.add("$indent  + Awaited by:")
            for (parent in graph.awaitedBy) render(parent, lines, level + 1)
        }
    }

    /** Python's repr() of a str: single quotes unless the text has a ' and no ", then double quotes. */
    private fun pyRepr(s: String): String {
        val quote = if (s.contains('\'') && !s.contains('"')) '"' else '\''
        val sb = StringBuilder().append(quote)
        for (c in s) {
            when {
                c == quote || c == '\\' -> sb.append('\\').append(c)
                c == '\n' -> sb.append("\\n")
                c == '\r' -> sb.append("\\r")
                c == '\t' -> sb.append("\\t")
                c < ' ' -> sb.append(String.format("\\x%02x", c.code))
                else -> sb.append(c)
            }
        }
        return sb.append(quote).toString()
    }
}
