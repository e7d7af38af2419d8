package io.asyncio4j.engine.sync

/** asyncio.LifoQueue: a [Queue] that returns the most recently added item first. */
public class LifoQueue<T> @JvmOverloads constructor(maxsize: Int = 0) : Queue<T>(maxsize, LifoStorage())

internal class LifoStorage<T> : QueueStorage<T> {
    private val stack = ArrayList<T>()
    override fun put(item: T) {
        stack.add(item)
    }
    override fun get(): T = stack.removeAt(stack.size - 1)
    override fun size(): Int = stack.size
    override fun snapshot(): List<T> = stack.toList()
    override fun clear() = stack.clear()
}
