package io.asyncio4j.porting

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.exceptions.TimeoutError
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.loop.Clock
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.streams.openConnection
import io.asyncio4j.engine.streams.startServer
import io.asyncio4j.engine.sync.Queue
import io.asyncio4j.engine.sync.get
import io.asyncio4j.engine.sync.join
import io.asyncio4j.engine.task.coroutine
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.gather
import io.asyncio4j.engine.task.runAsyncio
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.task.taskGroup
import io.asyncio4j.engine.task.toThread
import io.asyncio4j.engine.task.waitFor
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.net.InetSocketAddress
import java.util.Locale
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * The Kotlin snippets of docs/PORTING.md, compiled and run: each prints what the Python program it mirrors prints
 * (the lines of the seed scenario's `.expected` it covers).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PortingKotlinTest {
    private var t0 = 0.0

    private fun el(): String = "t=" + String.format(Locale.ROOT, "%.1f", Events.getRunningLoop().time() - t0)

    /** Runs [block] on a virtual-time loop and returns what it printed. */
    private fun printed(block: suspend () -> Unit): String {
        val saved = System.out
        val buffer = ByteArrayOutputStream()
        System.setOut(PrintStream(buffer, true, Charsets.UTF_8))
        val loop = EventLoop(Clock.virtual())
        try {
            loop.runUntilComplete(coroutine { t0 = Events.getRunningLoop().time(); block() })
        } finally {
            loop.close()
            System.setOut(saved)
        }
        return buffer.toString(Charsets.UTF_8)
    }

    // async def and return values (seed_shield)
    suspend fun taskFunc(number: Int): Int {
        sleep(0.3)
        println("task_func succeeded: $number ${el()}")
        return number * 10
    }

    @Test
    fun asyncDefReturnsItsValue() {
        assertEquals("task_func succeeded: 1 t=0.3\nresult 10\n", printed { println("result " + taskFunc(1)) })
    }

    // loops with awaits and gather (seed_gather_factorial)
    suspend fun factorial(name: String, number: Int): Int {
        var f = 1
        for (i in 2..number) {
            println("Task $name: Compute factorial($i)... ${el()}")
            sleep(0.1)
            f *= i
        }
        println("Task $name: factorial($number) = $f ${el()}")
        return f
    }

    @Test
    fun gatherInterleavesTheLoopsAsInPython() {
        val out = printed {
            val results = gather({ factorial("A", 2) }, { factorial("B", 3) }, { factorial("C", 4) })
            println("results: $results")
        }
        // seed_gather_factorial.expected, first part
        assertEquals("""
            Task A: Compute factorial(2)... t=0.0
            Task B: Compute factorial(2)... t=0.0
            Task C: Compute factorial(2)... t=0.0
            Task A: factorial(2) = 2 t=0.1
            Task B: Compute factorial(3)... t=0.1
            Task C: Compute factorial(3)... t=0.1
            Task B: factorial(3) = 6 t=0.2
            Task C: Compute factorial(4)... t=0.2
            Task C: factorial(4) = 24 t=0.3
            results: [2, 6, 24]
            """.trimIndent() + "\n", out)
    }

    suspend fun worker(name: String, queue: Queue<Double>) {
        while (true) {
            val sleepFor = queue.get()
            sleep(sleepFor)
            queue.taskDone()
            println("$name has slept for ${"%.2f".format(Locale.ROOT, sleepFor)} seconds")
        }
    }

    @Test
    fun aWorkerLoopOverAQueue() {
        val out = printed {
            val queue = Queue<Double>()
            listOf(0.3, 0.1).forEach { queue.putNowait(it) }
            val w = createTask { worker("worker-0", queue) }
            queue.join()
            w.cancel()
        }
        assertEquals("worker-0 has slept for 0.30 seconds\nworker-0 has slept for 0.10 seconds\n", out)
    }

    // try/except/finally and cancellation (seed_task_cancel_finally)
    suspend fun cancelMe() {
        println("cancel_me(): before sleep ${el()}")
        try {
            sleep(3600.0)
        } catch (e: CancelledError) {
            println("cancel_me(): cancel sleep ${el()}")
            throw e
        } finally {
            println("cancel_me(): after sleep ${el()}")
        }
    }

    @Test
    fun cancellationRunsExceptAndFinally() {
        val out = printed {
            val task = createTask { cancelMe() }
            sleep(0.1)
            println("main(): cancel() -> ${task.cancel()}")
            try {
                task.await()
            } catch (e: CancelledError) {
                println("main(): cancel_me is cancelled now ${el()}")
            }
        }
        assertEquals("cancel_me(): before sleep t=0.0\nmain(): cancel() -> true\ncancel_me(): cancel sleep t=0.1\n"
            + "cancel_me(): after sleep t=0.1\nmain(): cancel_me is cancelled now t=0.1\n", out)
    }

    // timeouts (seed_wait_for_timeout)
    suspend fun eternity() {
        sleep(3600.0)
        println("yay!")
    }

    @Test
    fun waitForTimesOut() {
        val out = printed {
            try {
                waitFor(0.1) { eternity() }
            } catch (e: TimeoutError) {
                println("timeout! caught TimeoutError ${el()}")
            }
        }
        assertEquals("timeout! caught TimeoutError t=0.1\n", out)
    }

    // async with asyncio.TaskGroup() (task_group)
    suspend fun fetch(what: String, seconds: Double): String {
        sleep(seconds)
        return what.uppercase()
    }

    @Test
    fun taskGroupWaitsForItsTasks() {
        val out = printed {
            val (t1, t2) = taskGroup { tg ->
                listOf(tg.createTask { fetch("a", 1.0) }, tg.createTask { fetch("b", 2.0) })
            }
            println("results: ${t1.result()} ${t2.result()} ${el()}")
        }
        assertEquals("results: A B t=2.0\n", out)
    }

    // streams (seed_echo_server_client), executors (seed_run_in_executor, seed_to_thread): real sockets, threads
    suspend fun tcpEchoClient(message: String, port: Int) {
        val (reader, writer) = openConnection("127.0.0.1", port)
        println("client: Send to server: $message")
        writer.write(message.toByteArray())
        writer.drain().await()
        val data = reader.read(1024).await()
        println("client: Received from server: ${String(data)}")
        val rest = reader.read(1024).await()
        println("client: then EOF: ${if (rest.isEmpty()) "True" else "False"}")
        writer.close()
        writer.waitClosed().await()
    }

    @Test
    fun streamsAndExecutors() {
        val saved = System.out
        val buffer = ByteArrayOutputStream()
        System.setOut(PrintStream(buffer, true, Charsets.UTF_8))
        try {
            runAsyncio {
                val server = startServer("127.0.0.1", 0) { reader, writer ->
                    writer.write(reader.read(1024).await())
                    writer.drain().await()
                    writer.close()
                }
                val port = (server.sockets()[0].getLocalAddress() as InetSocketAddress).port
                tcpEchoClient("hello", port)
                server.close()
                server.waitClosed().await()
                val result = Events.getRunningLoop().runInExecutor(null) { ByteArray(100) }.await()
                val pair = toThread { listOf(30, Thread.currentThread().name) }
                println("default thread pool ${result.size} bytes; to_thread -> ${pair[0]}")
            }
        } finally {
            System.setOut(saved)
        }
        assertEquals("client: Send to server: hello\nclient: Received from server: hello\nclient: then EOF: True\n"
            + "default thread pool 100 bytes; to_thread -> 30\n", buffer.toString(Charsets.UTF_8))
    }
}
