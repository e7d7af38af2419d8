// asyncio's exceptions (Lib/asyncio/exceptions.py), unchecked as Java users expect.
// Python's RuntimeError/ValueError/TypeError map to IllegalStateException/IllegalArgumentException/
// NullPointerException elsewhere; only asyncio's own exception types live here.
package io.asyncio4j.engine.exceptions

import java.util.concurrent.CancellationException

/**
 * The operation was cancelled (asyncio.CancelledError). It is a JDK [CancellationException], so
 * `CompletableFuture.isCancelled()`, `join()` and kotlinx-coroutines all recognise it as cancellation.
 * The message is the one given to `cancel(msg)`, or null.
 */
public open class CancelledError @JvmOverloads constructor(message: String? = null) : CancellationException(message) {
    override fun toString(): String = if (message == null) "CancelledError" else "CancelledError: $message"
}

/** The deadline of `waitFor`/`timeout` passed (asyncio.TimeoutError, the builtin TimeoutError since 3.11). */
public open class TimeoutError @JvmOverloads constructor(message: String? = null, cause: Throwable? = null) :
    RuntimeException(message, cause)

/** A Future or Task was used in a state that does not allow it: result() of a pending future, setResult() twice. */
public open class InvalidStateError(message: String) : IllegalStateException(message)

/** Executing `sendfile` natively is not possible; the caller may fall back to a copy. */
public open class SendfileNotAvailableError(message: String) : RuntimeException(message)

/** `readexactly`/`readuntil` hit EOF first: [partial] is what was read, [expected] the count wanted (or null). */
public open class IncompleteReadError(private val partial: ByteArray, private val expected: Long?) :
    java.io.EOFException("${partial.size} bytes read on a total of ${expected?.toString() ?: "undefined"} expected bytes") {
    /** The bytes read before EOF (asyncio's `partial`), as a copy. */
    public fun partial(): ByteArray = partial.copyOf()
    /** The number of bytes wanted, or null when reading until a separator. */
    public fun expected(): Long? = expected
}

/** The stream's buffer limit was reached while looking for a separator; [consumed] bytes may be consumed. */
public open class LimitOverrunError(message: String, private val consumed: Int) : RuntimeException(message) {
    /** How many bytes may be consumed to get past the limit (asyncio's `consumed`). */
    public fun consumed(): Int = consumed
}

/** The wait for a barrier was aborted or reset. */
public open class BrokenBarrierError(message: String = "Barrier aborted") : RuntimeException(message)

/** `getNowait()` on an empty queue. */
public open class QueueEmpty : RuntimeException("Queue is empty")

/** `putNowait()` on a full queue. */
public open class QueueFull : RuntimeException("Queue is full")

/** put/get on a queue that was shut down (3.13). */
public open class QueueShutDown : RuntimeException("Queue is shut down")
