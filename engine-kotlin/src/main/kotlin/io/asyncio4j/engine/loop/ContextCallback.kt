package io.asyncio4j.engine.loop

import io.asyncio4j.engine.contextvars.Context
import java.util.concurrent.Callable

/**
 * A callback scheduled with `context=` (callSoon/callLater/callAt/callSoonThreadsafe overloads): it runs inside
 * `context.run`, and [Handle.getContext] finds the context here, so plain handles carry no extra field.
 */
internal class ContextCallback(private val callback: Runnable, val context: Context) : Runnable {
    override fun run() {
        context.run(Callable { callback.run() })
    }

    override fun toString(): String = callback.toString()
}
