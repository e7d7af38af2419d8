package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.ensureFuture;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * seed_future_gather_set_result: futures completed by ensure_future'd coroutines; gather keeps argument order (virtual time).
 *
 * <p>In more detail: futures completed by ensure_future'd coroutines; gather over plain futures returns the
 * results in argument order. Java shape: virtual time; {@code isinstance(x, asyncio.Task)} is {@code instanceof
 * Task} on the returned object.
 *
 * <p>The Python original, {@code seed_future_gather_set_result.py}; this program prints its trace byte for byte
 * ({@code seed_future_gather_set_result.expected}). Run it with {@code -Dexamples=seed_future_gather_set_result}.
 * <pre>
 * import asyncio
 *
 *
 * async def slow_operation(future, num, delay):
 *     await asyncio.sleep(delay)
 *     print(f'slow_operation {num} sets its future')
 *     future.set_result('Future' + str(num) + ' is done!')
 *
 *
 * def main():
 *     loop = asyncio.new_event_loop()
 *     asyncio.set_event_loop(loop)
 *     t0 = loop.time()
 *     future1 = loop.create_future()
 *     task1 = asyncio.ensure_future(slow_operation(future1, 1, 0.2))
 *     future2 = loop.create_future()
 *     task2 = asyncio.ensure_future(slow_operation(future2, 2, 0.1))
 *     print('ensure_future returned tasks:', isinstance(task1, asyncio.Task), isinstance(task2, asyncio.Task))
 *     print('future1 done before run:', future1.done())
 *     results = loop.run_until_complete(asyncio.gather(future1, future2))
 *     print('gather results: [' + ', '.join(results) + ']')
 *     print(future1.result())
 *     print(future2.result())
 *     print(f't={loop.time() - t0:.1f}')
 *     loop.close()
 *     asyncio.set_event_loop(None)
 *
 *
 * if __name__ == "__main__":
 *     main()
 * </pre>
 */
public final class SeedFutureGatherSetResult {
    static CompletionStage<Void> slowOperation(Future<String> future, int num, double delay) {
        return sleep(delay).thenRun(() -> {
            System.out.println("slow_operation " + num + " sets its future");
            future.setResult("Future" + num + " is done!");
        });
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        double t0 = loop.time();
        Future<String> future1 = loop.createFuture();
        Object task1 = ensureFuture(() -> slowOperation(future1, 1, 0.2));
        Future<String> future2 = loop.createFuture();
        Object task2 = ensureFuture(() -> slowOperation(future2, 2, 0.1));
        Py.print("ensure_future returned tasks:", task1 instanceof Task, task2 instanceof Task);
        Py.print("future1 done before run:", future1.done());
        List<String> results = loop.runUntilComplete(gather(future1, future2));
        System.out.println("gather results: [" + String.join(", ", results) + "]");
        System.out.println(future1.result());
        System.out.println(future2.result());
        System.out.println(Py.t(loop.time() - t0));
        loop.close();
        setEventLoop(null);
    }
}
