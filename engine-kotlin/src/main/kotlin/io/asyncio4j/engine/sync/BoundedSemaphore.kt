package io.asyncio4j.engine.sync

/**
 * asyncio.BoundedSemaphore: a [Semaphore] whose release() fails with IllegalArgumentException (asyncio's
 * ValueError) "BoundedSemaphore released too many times" if it would raise the counter above its initial value.
 */
public class BoundedSemaphore @JvmOverloads constructor(value: Int = 1) : Semaphore(value) {
    private val bound = value

    override fun release() {
        checkThread("BoundedSemaphore.release")
        if (value() >= bound) throw IllegalArgumentException("BoundedSemaphore released too many times")
        super.release()
    }
}
