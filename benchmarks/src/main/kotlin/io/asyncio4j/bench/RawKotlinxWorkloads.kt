package io.asyncio4j.bench

import io.asyncio4j.bench.Workloads.check
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.coroutineContext

/**
 * The ceiling for our engine: the same workloads on plain kotlinx-coroutines, in `runBlocking`'s own
 * single-threaded event loop (no asyncio semantics: no one-iteration-later rule, no task bookkeeping).
 * `sleep(0)` is `yield()`, a future is a CompletableDeferred, callSoon is the loop dispatcher's `dispatch`,
 * callLater is a callback on the loop's own delayed-task queue (millisecond resolution, see [timers]).
 */
class RawKotlinxWorkloads : Workloads {
    override fun run(workload: String, n: Int, io: Boolean): Result {
        // runBlocking's loop has no selector: there is no server-shaped variant to measure.
        if (io) throw IllegalArgumentException("workload not implemented: runBlocking's event loop has no I/O")
        return run(workload, n)
    }

    private fun run(workload: String, n: Int): Result = when (workload) {
        "spawn_gather" -> runBlocking { spawnGather(n) }
        "switch" -> runBlocking { switchLoop(n) }
        "future_pingpong" -> runBlocking { futurePingpong(n) }
        "call_soon" -> runBlocking { callSoon(n) }
        "timers" -> runBlocking { timers(n) }
        "idle_tasks" -> runBlocking { idleTasks(n) }
        "queue" -> runBlocking { queue(n) }
        "lock_contention" -> runBlocking { lockContention(n) }
        else -> throw IllegalArgumentException("workload not implemented: $workload")
    }

    private suspend fun spawnGather(n: Int): Result = kotlinx.coroutines.coroutineScope {
        val t0 = System.nanoTime()
        val jobs = List(n) { i -> async { yield(); i } }
        val results = jobs.awaitAll()
        val t1 = System.nanoTime()
        check(results.size == n && results[n - 1] == n - 1, "gather results")
        Result.opsPerSecond(n.toLong(), t1 - t0)
    }

    private suspend fun switchLoop(n: Int): Result {
        val t0 = System.nanoTime()
        repeat(n) { yield() }
        return Result.opsPerSecond(n.toLong(), System.nanoTime() - t0)
    }

    private suspend fun futurePingpong(n: Int): Result = kotlinx.coroutines.coroutineScope {
        var toA: CompletableDeferred<Int>? = null
        var toB = CompletableDeferred<Int>()
        var sum = 0L
        val t0 = System.nanoTime()
        val a = launch {
            for (i in 0 until n) {
                val fa = CompletableDeferred<Int>()
                toA = fa
                toB.complete(i)
                fa.await()
            }
        }
        val b = launch {
            for (i in 0 until n) {
                val v = toB.await()
                sum += v
                toB = CompletableDeferred()
                toA!!.complete(v)
            }
        }
        a.join()
        b.join()
        val t1 = System.nanoTime()
        check(sum == n.toLong() * (n - 1) / 2, "pingpong sum")
        Result.opsPerSecond(n.toLong(), t1 - t0)
    }

    private suspend fun callSoon(n: Int): Result {
        val context = coroutineContext
        val dispatcher = context[ContinuationInterceptor] as CoroutineDispatcher
        val done = CompletableDeferred<Unit>()
        val t0 = System.nanoTime()
        dispatcher.dispatch(context, object : Runnable {
            var count = 0
            override fun run() {
                if (++count == n) done.complete(Unit) else dispatcher.dispatch(context, this)
            }
        })
        done.await()
        return Result.opsPerSecond(n.toLong(), System.nanoTime() - t0)
    }

    // The same work as call_later: a Runnable on the loop's own delayed-task queue, cancelled through its
    // DisposableHandle, run by the loop thread when due. runBlocking's loop (kotlinx's EventLoopImplBase) keeps
    // that queue, but its public invokeOnTimeout hands timers to kotlinx's DefaultExecutor thread; the loop's own
    // entry point is the protected scheduleInvokeOnTimeout, reached here through a MethodHandle (looked up once,
    // outside the timing). kotlinx's resolution is the millisecond: every delay of this workload (< 1 ms) becomes 1 ms.
    // Only the count is checked: the queue's deadlines are not visible from here.
    private suspend fun timers(n: Int): Result {
        val loop = coroutineContext[ContinuationInterceptor]!!
        val schedule = scheduleInvokeOnTimeout(loop)
        val delays = Workloads.timerDelays(n)
        val done = CompletableDeferred<Unit>()
        val expected = n - n / 2
        var fired = 0
        val fire = Runnable { if (++fired == expected) done.complete(Unit) }
        val t0 = System.nanoTime()
        val handles = arrayOfNulls<DisposableHandle>(n)
        for (i in 0 until n) {
            val millis = kotlin.math.ceil(delays[i] * 1000).toLong()
            handles[i] = schedule.invoke(loop, millis, fire) as DisposableHandle // MethodHandle: no boxing
        }
        for (i in 1 until n step 2) handles[i]!!.dispose()
        done.await()
        val t1 = System.nanoTime()
        check(fired == expected, "timers fired")
        return Result.opsPerSecond(n.toLong(), t1 - t0)
    }

    private fun scheduleInvokeOnTimeout(loop: Any): java.lang.invoke.MethodHandle {
        var type: Class<*>? = loop.javaClass
        while (type != null && type.name != "kotlinx.coroutines.EventLoopImplBase") type = type.superclass
        checkNotNull(type) { "runBlocking's loop is not an EventLoopImplBase: ${loop.javaClass}" }
        val method = type.getDeclaredMethod("scheduleInvokeOnTimeout", Long::class.javaPrimitiveType, Runnable::class.java)
        method.isAccessible = true
        return java.lang.invoke.MethodHandles.lookup().unreflect(method)
    }

    private suspend fun idleTasks(n: Int): Result = kotlinx.coroutines.coroutineScope {
        val before = Workloads.usedHeapAfterGc()
        val jobs = ArrayList<Job>(n)
        repeat(n) { jobs.add(launch { CompletableDeferred<Unit>().await() }) }
        yield()
        yield()
        val after = Workloads.usedHeapAfterGc()
        val bytesPerTask = (after - before) / n.toDouble()
        val t0 = System.nanoTime()
        for (j in jobs) j.cancel()
        val last = jobs[n - 1]
        while (!last.isCompleted) yield()
        val t1 = System.nanoTime()
        for (j in jobs) check(j.isCancelled, "idle task cancelled")
        Result(bytesPerTask, "bytes/task").with("cancels_per_s", n / ((t1 - t0) / 1e9))
    }

    // asyncio.Queue(maxsize) is a Channel(capacity) here.
    private suspend fun queue(n: Int): Result = kotlinx.coroutines.coroutineScope {
        val rates = HashMap<Int, Double>()
        for (size in intArrayOf(128, 1)) {
            val channel = Channel<Int>(size)
            var total = 0L
            val t0 = System.nanoTime()
            val producer = launch { for (i in 0 until n) channel.send(i) }
            val consumer = launch { var s = 0L; repeat(n) { s += channel.receive() }; total = s }
            producer.join()
            consumer.join()
            rates[size] = n / ((System.nanoTime() - t0) / 1e9)
            check(total == n.toLong() * (n - 1) / 2, "queue sum")
        }
        val both = 2 / (1 / rates[128]!! + 1 / rates[1]!!)
        Result(both, "ops/s").with("queue128_items_per_s", rates[128]!!).with("queue1_items_per_s", rates[1]!!)
    }

    // asyncio.Lock is a Mutex here; `async with lock: await sleep(0)` is `withLock { yield() }`.
    private suspend fun lockContention(n: Int): Result = kotlinx.coroutines.coroutineScope {
        val workers = 100
        val perWorker = n / workers
        val mutex = Mutex()
        var inside = false
        var count = 0
        val t0 = System.nanoTime()
        val jobs = List(workers) {
            launch {
                repeat(perWorker) {
                    mutex.withLock {
                        check(!inside, "mutual exclusion")
                        inside = true
                        yield()
                        inside = false
                        count++
                    }
                }
            }
        }
        jobs.forEach { it.join() }
        val t1 = System.nanoTime()
        check(count == workers * perWorker, "acquisitions")
        Result.opsPerSecond((workers * perWorker).toLong(), t1 - t0)
    }
}
