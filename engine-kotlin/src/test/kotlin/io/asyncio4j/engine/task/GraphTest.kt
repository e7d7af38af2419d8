package io.asyncio4j.engine.task

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.testkit.TestBase
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.ByteArrayOutputStream
import java.io.PrintStream

/**
 * asyncio.graph (3.14, test_graph.py's cases where they apply), in virtual time. Task names are given
 * explicitly; ids are identity hash codes, so text comparisons replace them.
 */
class GraphTest : TestBase() {

    /** test_graph's walk(): name, call-stack method names, awaited-by sorted by name. */
    private fun walk(g: FutureCallGraph): List<Any> = listOf(
        (g.future as? Task<*>)?.let { "T<${it.getName()}>" } ?: "F",
        g.awaitedBy.map { walk(it) }.sortedBy { it[0] as String },
    )

    private fun noIds(text: String) = text.replace(Regex("id=0x[0-9a-f]+"), "id=0x?")

    private fun methods(g: FutureCallGraph) = g.callStack.map { it.frame.methodName }

    @Test
    fun aTaskAwaitingATask() = runTest {
        var graph: FutureCallGraph? = null
        var text = ""
        val inner = createTask("inner") {
            sleep(0.0)
            graph = Graph.captureCallGraph()
            text = Graph.formatCallGraph(null, 1, 0)
        }
        val outer = createTask("outer") { inner.await() }
        outer.await()
        assertEquals(listOf("T<inner>", listOf(listOf("T<outer>", listOf(listOf("T<runTest>", emptyList<Any>()))))), walk(graph!!))
        assertEquals(
            """
            * Task(name='inner', id=0x?)
              + Awaited by:
                * Task(name='outer', id=0x?)
                  + Awaited by:
                    * Task(name='runTest', id=0x?)
            """.trimIndent(),
            noIds(text),
        )
        // The current task's call stack is the running step: the suspend block, down to where the loop resumed it.
        assertTrue(graph!!.callStack.isNotEmpty())
        assertTrue(graph!!.callStack.all { it.frame.className.startsWith(GraphTest::class.java.name) }, "${graph!!.callStack}")
        // Once done, nobody awaits it any more.
        assertEquals(listOf("T<inner>", emptyList<Any>()), walk(Graph.captureCallGraph(inner)!!))
    }

    @Test
    fun formatShowsTheCallStackInGraphPyLayout() = runTest {
        val (text, line) = level1()
        val lines = noIds(text).lines()
        assertEquals("* Task(name='runTest', id=0x?)", lines[0])
        assertEquals("  + Call stack:", lines[1])
        assertEquals(
            "  |   File 'GraphTest.kt', line $line, in io.asyncio4j.engine.task.GraphTest.level3()",
            lines[2],
        )
        assertTrue(lines[3].endsWith("in io.asyncio4j.engine.task.GraphTest.level2()"), lines[3])
        assertTrue(lines.drop(2).all { it.startsWith("  |   File 'GraphTest.kt', line ") }, text)
    }

    // Not private: a private member called from a suspend lambda goes through a synthetic access$ frame.
    fun level1(): Pair<String, Int> = level2()
    fun level2(): Pair<String, Int> = level3()
    fun level3(): Pair<String, Int> = Pair(Graph.formatCallGraph(), Throwable().stackTrace[0].lineNumber)

    @Test
    fun depthAndLimitCutTheCurrentTasksStack() = runTest {
        val full = stackAt(1, null)
        assertEquals(listOf("viaHelper", "stackAt"), methods(full).take(2))
        assertEquals(listOf("stackAt"), methods(stackAt(2, null)).take(1))
        assertEquals(methods(full).drop(1), methods(stackAt(2, null)))
        // limit < 0 keeps the newest entries, limit > 0 the oldest ones (graph.py's slicing), 0 none.
        assertEquals(listOf("viaHelper"), methods(stackAt(1, -1)))
        assertEquals(methods(full).takeLast(1), methods(stackAt(1, 1)))
        assertEquals(methods(full).takeLast(2), methods(stackAt(1, 2)))
        assertEquals(emptyList<String>(), methods(stackAt(1, 0)))
        assertEquals(methods(full), methods(stackAt(1, 1000)))
        val e = assertThrows(IllegalArgumentException::class.java) { Graph.captureCallGraph(null, 0, null) }
        assertEquals("depth must be >= 1: 0", e.message)
    }

    fun stackAt(depth: Int, limit: Int?): FutureCallGraph = viaHelper(depth, limit)
    fun viaHelper(depth: Int, limit: Int?): FutureCallGraph = Graph.captureCallGraph(null, depth, limit)!!

    @Test
    fun gatherChildrenAreAwaitedByTheTaskThatGathers() = runTest {
        var deep: FutureCallGraph? = null
        val c1 = loop.createTask("c1") {
            sleep(0.0)
            deep = Graph.captureCallGraph()
        }
        val c2 = loop.createTask("c2") { sleep(0.0) }
        val outer = Tasks.gather(listOf(c1, c2), false)
        val gathering = loop.createTask("check") {
            // the outer future is awaited by runTest (below), each pending child by the caller of gather.
            assertEquals(listOf("F", listOf(listOf("T<runTest>", emptyList<Any>()))), walk(Graph.captureCallGraph(outer)!!))
        }
        outer.await()
        gathering.await()
        // test_stack_gather: ['T<anon>', [...], [['T<main>', ...]]]
        assertEquals(listOf("T<c1>", listOf(listOf("T<runTest>", emptyList<Any>()))), walk(deep!!))
    }

    @Test
    fun taskGroupChildrenAreAwaitedByTheParent() = runTest {
        // test_stack_tgroup
        var c5: FutureCallGraph? = null
        taskGroup { tg ->
            val task = tg.createTask("c2_root") {
                sleep(0.0)
                c5 = Graph.captureCallGraph()
            }
            tg.createTask("sub_main_1") { task.await() }
            tg.createTask("sub_main_2") { task.await() }
        }
        val root = listOf("T<runTest>", emptyList<Any>())
        assertEquals(
            listOf(
                "T<c2_root>",
                listOf(root, listOf("T<sub_main_1>", listOf(root)), listOf("T<sub_main_2>", listOf(root))),
            ),
            walk(c5!!),
        )
    }

    @Test
    fun aFutureAwaitedByTwoTasksOfAGroup() = runTest {
        // test_stack_future
        val fut = Future<Unit>(loop)
        var graph: FutureCallGraph? = null
        var text = ""
        taskGroup { g ->
            g.createTask("task A") { fut.await() }
            g.createTask("task B") { fut.await() }
            repeat(5) { sleep(0.0) }
            graph = Graph.captureCallGraph(fut)
            text = Graph.formatCallGraph(fut)
            fut.setResult(Unit)
        }
        val root = listOf("T<runTest>", emptyList<Any>())
        assertEquals(listOf("F", listOf(listOf("T<task A>", listOf(root)), listOf("T<task B>", listOf(root)))), walk(graph!!))
        assertTrue(graph!!.callStack.isEmpty())
        assertTrue(text.startsWith("* Future(id=0x"), text)
    }

    @Test
    fun shieldedTaskIsAwaitedByTheTaskThatShields() = runTest {
        // test_stack_shield
        var graph: FutureCallGraph? = null
        val c1 = loop.createTask("c1") {
            sleep(0.0)
            graph = Graph.captureCallGraph()
        }
        shield(c1)
        assertEquals(listOf("T<c1>", listOf(listOf("T<runTest>", emptyList<Any>()))), walk(graph!!))
    }

    @Test
    fun timeoutScopeDoesNotChangeTheGraph() = runTest {
        // test_stack_timeout
        var graph: FutureCallGraph? = null
        val c1 = loop.createTask("c1") {
            timeout(1.0) {
                sleep(0.0)
                graph = Graph.captureCallGraph()
            }
        }
        shield(c1)
        assertEquals(listOf("T<c1>", listOf(listOf("T<runTest>", emptyList<Any>()))), walk(graph!!))
    }

    @Test
    fun waitedTasksAreAwaitedByTheTaskThatWaits() = runTest {
        // test_stack_wait
        var graph: FutureCallGraph? = null
        val t1 = loop.createTask("t1") {
            sleep(0.0)
            graph = Graph.captureCallGraph()
        }
        val t2 = loop.createTask("t2") { repeat(3) { sleep(0.0) } }
        while (wait(listOf(t1, t2)).pending().isNotEmpty()) Unit
        assertEquals(listOf("T<t1>", listOf(listOf("T<runTest>", emptyList<Any>()))), walk(graph!!))
        // The wait is over: the edge is gone with its callback.
        val late = loop.createTask("late") { sleep(5.0) }
        wait(listOf(late), 1.0)
        assertEquals(listOf("T<late>", emptyList<Any>()), walk(Graph.captureCallGraph(late)!!))
        late.cancel()
        runCatching { late.await() }
    }

    @Test
    fun anotherPendingTaskShowsItsCreationFramesInDebugMode() = runTest {
        val plain = loop.createTask("plain") { sleep(1.0) }
        assertTrue(Graph.captureCallGraph(plain)!!.callStack.isEmpty())
        loop.setDebug(true)
        val debug = loop.createTask("debug") { sleep(1.0) }
        loop.setDebug(false)
        val graph = Graph.captureCallGraph(debug)!!
        assertThrows(UnsupportedOperationException::class.java) { (graph.callStack as MutableList<FrameCallGraphEntry>).clear() }
        val frames = graph.callStack.map { it.frame }
        assertEquals(debug.getStack().reversed(), frames) // newest first
        assertEquals(frames.takeLast(2), Graph.captureCallGraph(debug, 1, 2)!!.callStack.map { it.frame })
        assertEquals(frames.take(1), Graph.captureCallGraph(debug, 1, -1)!!.callStack.map { it.frame })
        plain.cancel()
        debug.cancel()
        runCatching { plain.await() }
        runCatching { debug.await() }
    }

    @Test
    fun declaredAwaitedByEdges() = runTest {
        val fut = Future<Unit>(loop)
        val waiter = Future<Unit>(loop)
        Graph.futureAddToAwaitedBy(fut, waiter)
        Graph.futureAddToAwaitedBy(fut, waiter) // a set: once
        Graph.futureAddToAwaitedBy(fut, currentTask()!!)
        assertEquals(listOf("F", listOf(listOf("F", emptyList<Any>()), listOf("T<runTest>", emptyList<Any>()))), walk(Graph.captureCallGraph(fut)!!))
        Graph.futureDiscardFromAwaitedBy(fut, waiter)
        Graph.futureDiscardFromAwaitedBy(fut, waiter) // absent: no error
        assertEquals(listOf("F", listOf(listOf("T<runTest>", emptyList<Any>()))), walk(Graph.captureCallGraph(fut)!!))
        // A declared cycle is cut instead of recursing forever.
        Graph.futureAddToAwaitedBy(waiter, fut)
        Graph.futureAddToAwaitedBy(fut, waiter)
        val g = Graph.captureCallGraph(fut)!!
        assertEquals(listOf("F", listOf(listOf("F", emptyList<Any>()), listOf("T<runTest>", emptyList<Any>()))), walk(g))
        Graph.futureDiscardFromAwaitedBy(fut, waiter)
        Graph.futureDiscardFromAwaitedBy(fut, currentTask()!!)
        assertEquals(listOf("F", emptyList<Any>()), walk(Graph.captureCallGraph(fut)!!))
    }

    @Test
    fun noCurrentTaskOrNoRunningLoop() {
        val e = assertThrows(IllegalStateException::class.java) { Graph.captureCallGraph() }
        assertEquals(
            "capture_call_graph() is called outside of a running event loop and no *future* to introspect was provided",
            e.message,
        )
        val l = newLoop()
        val fut = Future<Int>(l)
        // With a future, outside a running loop: its graph.
        assertEquals(listOf("F", emptyList<Any>()), walk(Graph.captureCallGraph(fut)!!))
        // In a plain callback there is no current task: null, "" and an empty line (graph.py).
        var inCallback: FutureCallGraph? = FutureCallGraph(fut, emptyList(), emptyList())
        var text: String? = null
        val out = ByteArrayOutputStream()
        l.callSoon {
            inCallback = Graph.captureCallGraph()
            text = Graph.formatCallGraph()
            Graph.printCallGraph(null, PrintStream(out, true))
            fut.setResult(1)
        }
        l.runUntilComplete(fut)
        l.close()
        assertNull(inCallback)
        assertEquals("", text)
        assertEquals(System.lineSeparator(), out.toString())
    }
}
