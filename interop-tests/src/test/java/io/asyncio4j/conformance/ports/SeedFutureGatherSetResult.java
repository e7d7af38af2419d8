package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.ensureFuture;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Port of seed_future_gather_set_result: futures completed by ensure_future'd coroutines; gather over plain
 * futures returns the results in argument order. Java shape: virtual time; {@code isinstance(x, asyncio.Task)}
 * is {@code instanceof Task} on the returned object.
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
