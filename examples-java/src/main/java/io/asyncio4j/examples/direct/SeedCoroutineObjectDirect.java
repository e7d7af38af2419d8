package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;
import static io.asyncio4j.examples.seeds.SeedCoroutineObject.typeName;

import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.lang.reflect.Method;

/**
 * seed_coroutine_object in direct style: calling a coroutine function runs nothing. Here the coroutine function
 * is a method returning {@code async(body)}, the not-yet-started {@link Coroutine} (what calling an
 * {@code async def} gives in Python); {@code await say_hello()} is {@code await(sayHello().start())}, which runs
 * the body inline in the caller's task, as awaiting a coroutine does.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedCoroutineObject};
 * this program prints its trace ({@code seed_coroutine_object.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_coroutine_object_direct} (Java 21+).
 */
public final class SeedCoroutineObjectDirect {
    static Coroutine<String> sayHello() {
        return async(() -> {
            System.out.println("hello world");
            return "said hello";
        });
    }

    static int plain() {
        return 1;
    }

    /** iscoroutinefunction for direct style: a method that returns a not-yet-started coroutine. */
    static boolean isDirectCoroutineFunction(Method method) {
        return Coroutine.class.isAssignableFrom(method.getReturnType());
    }

    static void main() {
        String r = await(sayHello().start());
        Py.print("await ->", r);
        Task<String> t = createTask(sayHello());
        Py.print("create_task: body not run yet");
        Py.print("iscoroutine(task):", isCoroutine(t));
        Py.print("isfuture(task):", isFuture(t));
        r = await(t);
        Py.print("task ->", r);
    }

    // typeName() is style-neutral: shared with the chain program.

    public static void main(String[] args) throws NoSuchMethodException {
        Method sayHelloFunction = SeedCoroutineObjectDirect.class.getDeclaredMethod("sayHello");
        Method plainFunction = SeedCoroutineObjectDirect.class.getDeclaredMethod("plain");
        Coroutine<String> coro = sayHello();
        Py.print("created coroutine object, type:", typeName(coro));
        Py.print("iscoroutine(coro):", isCoroutine(coro));
        Py.print("iscoroutine(function):", isCoroutine(sayHelloFunction));
        Py.print("iscoroutinefunction(say_hello):", isDirectCoroutineFunction(sayHelloFunction));
        Py.print("iscoroutinefunction(plain):", isDirectCoroutineFunction(plainFunction));
        Py.print("body has not run yet");
        Py.print("asyncio.run ->", Py.runVirtual(coro));
        Py.runVirtual(async(() -> main()));
    }
}
