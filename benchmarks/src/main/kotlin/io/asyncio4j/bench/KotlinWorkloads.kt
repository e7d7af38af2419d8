package io.asyncio4j.bench

import io.asyncio4j.bench.Workloads.check
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.loop.TimerHandle
import io.asyncio4j.engine.net.Protocol
import io.asyncio4j.engine.streams.await
import java.net.InetSocketAddress
import io.asyncio4j.engine.sync.Lock
import io.asyncio4j.engine.sync.Queue
import io.asyncio4j.engine.sync.get
import io.asyncio4j.engine.sync.put
import io.asyncio4j.engine.sync.withLock
import io.asyncio4j.engine.task.Task
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.gather
import io.asyncio4j.engine.task.runAsyncio
import io.asyncio4j.engine.task.sleep

/**
 * The workloads written as a Kotlin user writes asyncio code on the engine: suspend functions, `await()`,
 * `createTask { }`, inside `runAsyncio { }` (asyncio.run). Same shapes and checks as [JavaWorkloads].
 */
class KotlinWorkloads : Workloads {
    override fun run(workload: String, n: Int, io: Boolean): Result {
        val body: suspend () -> Result = when (workload) {
            "spawn_gather" -> { { spawnGather(n) } }
            "switch" -> { { switchLoop(n) } }
            "future_pingpong" -> { { futurePingpong(n) } }
            "call_soon" -> { { callSoon(n) } }
            "timers" -> { { timers(n) } }
            "idle_tasks" -> { { idleTasks(n) } }
            "queue" -> { { queue(n) } }
            "lock_contention" -> { { lockContention(n) } }
            else -> throw IllegalArgumentException("workload not implemented: $workload")
        }
        return runAsyncio { if (io) withIo(body) else body() }
    }

    private class Idle : Protocol

    /** [body] on a server-shaped loop: a listening socket and a connected idle socket (see JavaWorkloads.withIo). */
    private suspend fun withIo(body: suspend () -> Result): Result {
        val loop = Events.getRunningLoop()
        val server = loop.createServer({ Idle() }, "127.0.0.1", 0).await()
        val port = (server.sockets()[0].localAddress as InetSocketAddress).port
        val conn = loop.createConnection({ Idle() }, "127.0.0.1", port).await()
        sleep(0.01)
        try {
            return body()
        } finally {
            conn.transport().close()
            server.close()
            server.waitClosed().await()
        }
    }

    private suspend fun spawnGather(n: Int): Result {
        val t0 = System.nanoTime()
        val tasks = Array<Future<out Int>>(n) { i -> createTask { sleep(0.0); i } }
        val results = gather(*tasks)
        val t1 = System.nanoTime()
        check(results.size == n && results[n - 1] == n - 1, "gather results")
        return Result.opsPerSecond(n.toLong(), t1 - t0)
    }

    private suspend fun switchLoop(n: Int): Result {
        val t0 = System.nanoTime()
        repeat(n) { sleep(0.0) }
        return Result.opsPerSecond(n.toLong(), System.nanoTime() - t0)
    }

    private suspend fun futurePingpong(n: Int): Result {
        val loop = Events.getRunningLoop()
        var toA: Future<Int>? = null
        var toB: Future<Int> = loop.createFuture()
        var sum = 0L
        val t0 = System.nanoTime()
        val a = createTask {
            for (i in 0 until n) {
                val fa = loop.createFuture<Int>()
                toA = fa
                toB.setResult(i)
                fa.await()
            }
        }
        val b = createTask {
            for (i in 0 until n) {
                val v = toB.await()
                sum += v
                toB = loop.createFuture()
                toA!!.setResult(v)
            }
        }
        gather(a, b)
        val t1 = System.nanoTime()
        check(sum == n.toLong() * (n - 1) / 2, "pingpong sum")
        return Result.opsPerSecond(n.toLong(), t1 - t0)
    }

    private suspend fun callSoon(n: Int): Result {
        val loop = Events.getRunningLoop()
        val done = loop.createFuture<Unit>()
        val t0 = System.nanoTime()
        loop.callSoon(object : Runnable {
            var count = 0
            override fun run() {
                if (++count == n) done.setResult(Unit) else loop.callSoon(this)
            }
        })
        done.await()
        return Result.opsPerSecond(n.toLong(), System.nanoTime() - t0)
    }

    private suspend fun timers(n: Int): Result {
        val loop = Events.getRunningLoop()
        val delays = Workloads.timerDelays(n)
        val done = loop.createFuture<Unit>()
        val expected = n - n / 2
        var fired = 0
        var last = Double.NEGATIVE_INFINITY
        val t0 = System.nanoTime()
        val handles = arrayOfNulls<TimerHandle>(n)
        for (i in 0 until n) {
            handles[i] = loop.callLater(delays[i]) {
                val `when` = handles[i]!!.`when`()
                check(`when` >= last, "timers fire in deadline order")
                last = `when`
                if (++fired == expected) done.setResult(Unit)
            }
        }
        for (i in 1 until n step 2) handles[i]!!.cancel()
        done.await()
        val t1 = System.nanoTime()
        check(fired == expected, "timers fired")
        return Result.opsPerSecond(n.toLong(), t1 - t0)
    }

    private suspend fun idleTasks(n: Int): Result {
        val loop = Events.getRunningLoop()
        val before = Workloads.usedHeapAfterGc()
        val tasks = ArrayList<Task<Unit>>(n)
        repeat(n) { tasks.add(createTask { loop.createFuture<Unit>().await() }) }
        sleep(0.0)
        sleep(0.0)
        val after = Workloads.usedHeapAfterGc()
        val bytesPerTask = (after - before) / n.toDouble()
        val t0 = System.nanoTime()
        for (t in tasks) t.cancel()
        val last = tasks[n - 1]
        while (!last.done()) sleep(0.0)
        val t1 = System.nanoTime()
        for (t in tasks) check(t.cancelled(), "idle task cancelled")
        return Result(bytesPerTask, "bytes/task").with("cancels_per_s", n / ((t1 - t0) / 1e9))
    }

    private suspend fun queueRun(n: Int, size: Int): Double {
        val q = Queue<Int>(size)
        var sum = 0L
        val t0 = System.nanoTime()
        val producer = createTask { for (i in 0 until n) q.put(i) }
        val consumer = createTask { repeat(n) { sum += q.get() } }
        gather(producer, consumer)
        val rate = n / ((System.nanoTime() - t0) / 1e9)
        check(sum == n.toLong() * (n - 1) / 2, "queue sum")
        return rate
    }

    private suspend fun queue(n: Int): Result {
        val r128 = queueRun(n, 128)
        val r1 = queueRun(n, 1)
        return Result(2 / (1 / r128 + 1 / r1), "ops/s").with("queue128_items_per_s", r128).with("queue1_items_per_s", r1)
    }

    private suspend fun lockContention(n: Int): Result {
        val workers = 100
        val perWorker = n / workers
        val lock = Lock()
        var inside = false
        var count = 0
        val t0 = System.nanoTime()
        val tasks = Array<Future<out Unit>>(workers) {
            createTask {
                repeat(perWorker) {
                    lock.withLock {
                        check(!inside, "mutual exclusion")
                        inside = true
                        sleep(0.0)
                        inside = false
                        count++
                    }
                }
            }
        }
        gather(*tasks)
        val t1 = System.nanoTime()
        check(count == workers * perWorker, "acquisitions")
        return Result.opsPerSecond((workers * perWorker).toLong(), t1 - t0)
    }
}
