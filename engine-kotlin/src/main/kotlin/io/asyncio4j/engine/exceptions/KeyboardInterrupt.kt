package io.asyncio4j.engine.exceptions

/**
 * Python's KeyboardInterrupt: `Asyncio.run`/`Runner.run` throw it when Ctrl-C (SIGINT) cancelled the main task
 * and the task ended cancelled, as asyncio.Runner does. Unchecked; it is not a CancelledError.
 */
public open class KeyboardInterrupt @JvmOverloads constructor(message: String? = null) : RuntimeException(message) {
    override fun toString(): String = if (message == null) "KeyboardInterrupt" else "KeyboardInterrupt: $message"
}
