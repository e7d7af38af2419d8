// Kotlin: awaiting the CompletionStages that the stream and network APIs return.
package io.asyncio4j.engine.streams

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.await
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * Suspends until this stage completes, from a Kotlin task on the loop (Python's `await`). An asyncio future
 * goes through [Future.await]; a stage derived from one (what `StreamReader.readline()` returns) resumes
 * inline when it completes, on the loop thread, so `reader.readline().await()` takes exactly the iterations
 * `await reader.readline()` takes in asyncio. A completed stage returns at once.
 */
public suspend fun <T> CompletionStage<T>.await(): T {
    if (this is Future<T>) return this.await()
    val cf = this as? CompletableFuture<T> ?: toCompletableFuture()
    if (cf.isDone) {
        try {
            return cf.join()
        } catch (e: Throwable) {
            throw Futures.unwrap(e)
        }
    }
    return suspendCoroutineUninterceptedOrReturn { continuation ->
        cf.whenComplete { value, error ->
            if (error != null) continuation.resumeWithException(Futures.unwrap(error)) else continuation.resume(value)
        }
        COROUTINE_SUSPENDED
    }
}
