package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.util.List;

/**
 * seed_future_gather_set_result in direct style: futures completed by direct tasks; gather keeps argument order.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedFutureGatherSetResult};
 * this program prints its trace ({@code seed_future_gather_set_result.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_future_gather_set_result_direct} (Java 21+).
 */
public final class SeedFutureGatherSetResultDirect {
    static void slowOperation(Future<String> future, int num, double delay) {
        await(sleep(delay));
        System.out.println("slow_operation " + num + " sets its future");
        future.setResult("Future" + num + " is done!");
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        double t0 = loop.time();
        Future<String> future1 = loop.createFuture();
        Object task1 = ensureFuture(async(() -> slowOperation(future1, 1, 0.2)));
        Future<String> future2 = loop.createFuture();
        Object task2 = ensureFuture(async(() -> slowOperation(future2, 2, 0.1)));
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
