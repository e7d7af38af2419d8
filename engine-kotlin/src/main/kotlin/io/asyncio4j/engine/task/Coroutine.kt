package io.asyncio4j.engine.task

import java.util.concurrent.CompletionStage

/**
 * A coroutine that has not started yet: what Python gets by calling an `async def` function.
 * Calling [start] runs it up to its first wait and returns the stage that completes with its value.
 *
 * In Java a coroutine is a method returning a CompletionStage; `() -> work(x)` is the not-yet-started call,
 * so `createTask(() -> work(x))` behaves like `asyncio.create_task(work(x))`: work starts on a later iteration.
 */
public fun interface Coroutine<T> {
    /** Starts the coroutine: runs it up to its first wait and returns the stage of its outcome. */
    public fun start(): CompletionStage<T>
}
