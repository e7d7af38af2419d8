package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.examples.Py;

/**
 * seed_hello_world in direct style: asyncio.run and run_until_complete return the coroutine's value.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedHelloWorld};
 * this program prints its trace ({@code seed_hello_world.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_hello_world_direct} (Java 21+).
 */
public final class SeedHelloWorldDirect {
    static void main() {
        EventLoop loop = getRunningLoop();
        double t0 = loop.time();
        Py.print("hello", Py.t(loop.time() - t0));
        await(sleep(0.1));
        Py.print("world", Py.t(loop.time() - t0));
    }

    static String helloWorld() {
        System.out.println("Hello World!");
        return "hello world";
    }

    public static void main(String[] args) {
        Py.runVirtual(async(() -> main()));

        String res = Py.runVirtual(async(SeedHelloWorldDirect::helloWorld));
        Py.print("asyncio.run returned:", res);

        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        Py.print("is_running before:", loop.isRunning());
        res = loop.runUntilComplete(async(SeedHelloWorldDirect::helloWorld));
        Py.print("run_until_complete returned:", res);
        Py.print("is_closed before close:", loop.isClosed());
        loop.close();
        Py.print("is_closed after close:", loop.isClosed());
        setEventLoop(null);
    }
}
