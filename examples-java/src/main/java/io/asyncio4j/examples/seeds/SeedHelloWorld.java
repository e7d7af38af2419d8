package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.loop.EventLoop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * seed_hello_world: asyncio.run and run_until_complete return the coroutine's value (virtual time).
 *
 * <p>In more detail: asyncio.run and run_until_complete return the coroutine's value; code after an awaited
 * sleep resumes after the delay; is_running/is_closed around close(). Java shape: {@code async def} functions are
 * methods returning a CompletionStage ({@code hello_world} returns an already completed one, as a coroutine that
 * never awaits); loops run in virtual time.
 *
 * <p>The Python original, {@code seed_hello_world.py}; this program prints its trace byte for byte
 * ({@code seed_hello_world.expected}). Run it with {@code -Dexamples=seed_hello_world}.
 * <pre>
 * import asyncio
 *
 *
 * async def main():
 *     loop = asyncio.get_running_loop()
 *     t0 = loop.time()
 *     print('hello', f't={loop.time() - t0:.1f}')
 *     await asyncio.sleep(0.1)
 *     print('world', f't={loop.time() - t0:.1f}')
 *
 *
 * async def hello_world():
 *     print("Hello World!")
 *     return 'hello world'
 *
 *
 * asyncio.run(main())
 *
 * res = asyncio.run(hello_world())
 * print('asyncio.run returned:', res)
 *
 * loop = asyncio.new_event_loop()
 * asyncio.set_event_loop(loop)
 * print('is_running before:', loop.is_running())
 * res = loop.run_until_complete(hello_world())
 * print('run_until_complete returned:', res)
 * print('is_closed before close:', loop.is_closed())
 * loop.close()
 * print('is_closed after close:', loop.is_closed())
 * asyncio.set_event_loop(None)
 * </pre>
 */
public final class SeedHelloWorld {
    static CompletionStage<Void> main() {
        EventLoop loop = getRunningLoop();
        double t0 = loop.time();
        Py.print("hello", Py.t(loop.time() - t0));
        return sleep(0.1).thenRun(() -> Py.print("world", Py.t(loop.time() - t0)));
    }

    static CompletionStage<String> helloWorld() {
        System.out.println("Hello World!");
        return CompletableFuture.completedFuture("hello world");
    }

    public static void main(String[] args) {
        Py.runVirtual(SeedHelloWorld::main);

        String res = Py.runVirtual(SeedHelloWorld::helloWorld);
        Py.print("asyncio.run returned:", res);

        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        Py.print("is_running before:", loop.isRunning());
        res = loop.runUntilComplete(SeedHelloWorld::helloWorld);
        Py.print("run_until_complete returned:", res);
        Py.print("is_closed before close:", loop.isClosed());
        loop.close();
        Py.print("is_closed after close:", loop.isClosed());
        setEventLoop(null);
    }
}
