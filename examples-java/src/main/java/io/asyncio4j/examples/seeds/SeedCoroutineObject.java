package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.isCoroutine;
import static io.asyncio4j.Asyncio.isCoroutineFunction;
import static io.asyncio4j.Asyncio.isFuture;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * seed_coroutine_object: calling an async function runs nothing; three ways to start a coroutine (virtual time).
 *
 * <p>In more detail: calling an async function runs nothing; iscoroutine/iscoroutinefunction/ isfuture; three
 * ways to start a coroutine (run, await, create_task). Java shape: the coroutine object {@code say_hello()} is the
 * not-yet-started {@link Coroutine} {@code () -> sayHello()}; the "function" is the method {@code sayHello} (a
 * {@link Method}); a coroutine function is a method returning a CompletionStage. The type name is the asyncio4j
 * interface the object implements ({@code Coroutine} -> "coroutine"). Loops run in virtual time.
 *
 * <p>The Python original, {@code seed_coroutine_object.py}; this program prints its trace byte for byte
 * ({@code seed_coroutine_object.expected}). Run it with {@code -Dexamples=seed_coroutine_object}.
 * <pre>
 * import asyncio
 *
 *
 * async def say_hello():
 *     print("hello world")
 *     return 'said hello'
 *
 *
 * def plain():
 *     return 1
 *
 *
 * async def main():
 *     r = await say_hello()
 *     print('await -&gt;', r)
 *     t = asyncio.create_task(say_hello())
 *     print('create_task: body not run yet')
 *     print('iscoroutine(task):', asyncio.iscoroutine(t))
 *     print('isfuture(task):', asyncio.isfuture(t))
 *     r = await t
 *     print('task -&gt;', r)
 *
 *
 * coro = say_hello()
 * print('created coroutine object, type:', type(coro).__name__)
 * print('iscoroutine(coro):', asyncio.iscoroutine(coro))
 * print('iscoroutine(function):', asyncio.iscoroutine(say_hello))
 * print('iscoroutinefunction(say_hello):', asyncio.iscoroutinefunction(say_hello))
 * print('iscoroutinefunction(plain):', asyncio.iscoroutinefunction(plain))
 * print('body has not run yet')
 * print('asyncio.run -&gt;', asyncio.run(coro))
 * asyncio.run(main())
 * </pre>
 */
public final class SeedCoroutineObject {
    static CompletionStage<String> sayHello() {
        System.out.println("hello world");
        return CompletableFuture.completedFuture("said hello");
    }

    static int plain() {
        return 1;
    }

    static CompletionStage<Void> main() {
        return sayHello().thenCompose(r -> {
            Py.print("await ->", r);
            Task<String> t = createTask(() -> sayHello());
            Py.print("create_task: body not run yet");
            Py.print("iscoroutine(task):", isCoroutine(t));
            Py.print("isfuture(task):", isFuture(t));
            return t.thenAccept(r2 -> Py.print("task ->", r2));
        });
    }

    /**
     * type(obj).__name__ for a coroutine object: the asyncio4j interface it implements, as Python names it
     * (shared with SeedCoroutineObjectDirect).
     */
    public static String typeName(Object obj) {
        for (Class<?> i : obj.getClass().getInterfaces()) {
            if (i.getPackageName().startsWith("io.asyncio4j")) {
                return i.getSimpleName().toLowerCase(Locale.ROOT);
            }
        }
        return obj.getClass().getSimpleName();
    }

    public static void main(String[] args) throws NoSuchMethodException {
        Method sayHelloFunction = SeedCoroutineObject.class.getDeclaredMethod("sayHello");
        Method plainFunction = SeedCoroutineObject.class.getDeclaredMethod("plain");
        Coroutine<String> coro = () -> sayHello();
        Py.print("created coroutine object, type:", typeName(coro));
        Py.print("iscoroutine(coro):", isCoroutine(coro));
        Py.print("iscoroutine(function):", isCoroutine(sayHelloFunction));
        Py.print("iscoroutinefunction(say_hello):", isCoroutineFunction(sayHelloFunction));
        Py.print("iscoroutinefunction(plain):", isCoroutineFunction(plainFunction));
        Py.print("body has not run yet");
        Py.print("asyncio.run ->", Py.runVirtual(coro));
        Py.runVirtual(SeedCoroutineObject::main);
    }
}
