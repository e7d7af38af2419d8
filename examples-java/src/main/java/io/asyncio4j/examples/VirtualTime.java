package io.asyncio4j.examples;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.loop.EventLoop;
import java.util.concurrent.CompletionStage;

/**
 * Virtual time, a tool CPython does not have: a day of sleeps finishes at once, in the same order and with the
 * same loop.time() values real time would give. Tests and simulations use it.
 */
public final class VirtualTime {
    static CompletionStage<String> worker(String name, double hours) {
        return sleep(hours * 3600).thenApply(x -> {
            System.out.printf("%s done at t=%.0fh%n", name, getRunningLoop().time() / 3600);
            return name;
        });
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        long wallStart = System.nanoTime();
        try {
            Object result = loop.runUntilComplete(() ->
                    gather(() -> worker("backup", 6), () -> worker("report", 2), () -> worker("cleanup", 24)));
            System.out.println("gather returned " + result);
        } finally {
            loop.close();
        }
        System.out.printf("virtual time passed: %.0f hours; wall time: %d ms%n",
                loop.time() / 3600, (System.nanoTime() - wallStart) / 1_000_000);
    }
}
