package io.asyncio4j.direct

import io.asyncio4j.Asyncio
import io.asyncio4j.DirectCoroutine
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.runAsyncio
import io.asyncio4j.engine.task.sleep
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** Kotlin suspend tasks and direct-style tasks on one loop await each other's futures. */
class DirectKotlinInteropTest {
    @Test
    fun kotlinAndDirectTasksAwaitEachOther() {
        val r = runAsyncio {
            val kotlinTask = createTask { sleep(0.01); 10 }
            val direct = Asyncio.createTask(DirectCoroutine { Asyncio.await(kotlinTask) * 2 })
            val viaSleep = Asyncio.createTask(DirectCoroutine { Asyncio.await(Asyncio.sleep(0.01, 5)) + 1 })
            direct.await() + viaSleep.await()
        }
        assertEquals(26, r)
    }
}
