// asyncio.locks and asyncio.queues for Kotlin: suspend forms of the coroutine methods, to call from a Kotlin
// task on the primitive's loop. They behave exactly like the Java stages (same fairness, same cancellation).
package io.asyncio4j.engine.sync

import java.util.function.BooleanSupplier

/** Acquires the lock (`await lock.acquire()`). */
public suspend fun Lock.acquire(): Boolean = acquireAsync().awaitStage()

/** `async with lock:` — runs [block] holding the lock, releasing it however the block ends. */
public suspend inline fun <T> Lock.withLock(block: () -> T): T {
    acquire()
    try {
        return block()
    } finally {
        release()
    }
}

/** Waits until the event is set (`await event.wait()`). */
public suspend fun Event.wait(): Boolean = waitAsync().awaitStage()

/** Acquires the condition's lock. */
public suspend fun Condition.acquire(): Boolean = acquireAsync().awaitStage()

/** `async with condition:`. */
public suspend inline fun <T> Condition.withLock(block: () -> T): T {
    acquire()
    try {
        return block()
    } finally {
        release()
    }
}

/** Waits until notified, holding the lock again on return (`await condition.wait()`). */
public suspend fun Condition.wait(): Boolean = waitAsync().awaitStage()

/** Waits until [predicate] is true (`await condition.wait_for(predicate)`). */
public suspend fun Condition.waitFor(predicate: () -> Boolean): Boolean =
    waitForAsync(BooleanSupplier { predicate() }).awaitStage()

/** Wakes every waiter (`condition.notify_all()`). */
public fun Condition.notifyAll(): Unit = notifyAllWaiters()

/** Acquires a unit (`await semaphore.acquire()`). */
public suspend fun Semaphore.acquire(): Boolean = acquireAsync().awaitStage()

/** `async with semaphore:`. */
public suspend inline fun <T> Semaphore.withPermit(block: () -> T): T {
    acquire()
    try {
        return block()
    } finally {
        release()
    }
}

/** Waits for the barrier and returns this task's index (`await barrier.wait()`). */
public suspend fun Barrier.wait(): Int = waitAsync().awaitStage()

/** `async with barrier as index: block(index)`: waits for the barrier, then runs [block] with this task's index. */
public suspend inline fun <T> Barrier.withBarrier(block: (index: Int) -> T): T = block(wait())

/** `await barrier.reset()`. */
public suspend fun Barrier.reset() {
    resetAsync().awaitStage()
}

/** `await barrier.abort()`. */
public suspend fun Barrier.abort() {
    abortAsync().awaitStage()
}

/** Puts [item], waiting while the queue is full (`await queue.put(item)`). */
public suspend fun <T> Queue<T>.put(item: T) {
    putAsync(item).awaitStage()
}

/** Removes and returns an item, waiting while the queue is empty (`await queue.get()`). */
public suspend fun <T> Queue<T>.get(): T = getAsync().awaitStage()

/** Waits until every item has been marked done (`await queue.join()`). */
public suspend fun Queue<*>.join() {
    joinAsync().awaitStage()
}
