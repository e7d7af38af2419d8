package io.asyncio4j.core;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A null argument to a public entry point fails with the project's own wording naming the argument
 * ({@code returnWhen must not be null}), never with Kotlin's generic "Parameter specified as non-null is null:
 * method io.asyncio4j.engine.task.Waiting.wait, parameter returnWhen" or a JDK NPE from deep inside.
 *
 * <p>Systematic: every public static method of the facade ({@link Asyncio}) is called once per reference
 * parameter with that argument null (the others null too; primitives zero), on a running loop's thread. A call
 * may succeed (a nullable parameter) or fail for another reason (no running loop, a bad value); a
 * NullPointerException must read {@code <parameter> must not be null}. Methods that would run or block a loop
 * of their own are left out (listed in {@link #SKIPPED}).
 */
class NullArgumentsTest {
    static final Pattern OWN_WORDING = Pattern.compile("[a-zA-Z][a-zA-Z0-9]* must not be null");

    /** Entry points not called here: they start a loop of their own or change the thread's loop. */
    static final Set<String> SKIPPED = Set.of("run", "setEventLoop", "runCoroutineThreadsafe", "newEventLoop",
            "newVirtualTimeEventLoop", "printCallGraph");

    @Test
    void nullArgumentsOfTheFacadeAreNamedInTheProjectsWording() {
        List<String> bad = new ArrayList<>();
        int[] calls = {0};
        EventLoop loop = Asyncio.newVirtualTimeEventLoop();
        loop.setExceptionHandler((l, c) -> { });
        try {
            loop.runUntilComplete(() -> {
                for (Method m : Asyncio.class.getDeclaredMethods()) {
                    if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())
                            || SKIPPED.contains(m.getName())) {
                        continue;
                    }
                    Class<?>[] types = m.getParameterTypes();
                    for (int i = 0; i < types.length; i++) {
                        if (types[i].isPrimitive()) {
                            continue;
                        }
                        calls[0]++;
                        String problem = callWithNull(m, i);
                        if (problem != null) {
                            bad.add(m.getName() + "(" + List.of(types).stream().map(Class::getSimpleName).toList()
                                    + ") arg " + i + ": " + problem);
                        }
                    }
                }
                return CompletableFuture.completedFuture(null);
            });
        } finally {
            loop.close();
        }
        assertTrue(calls[0] > 100, "calls made: " + calls[0]);
        assertEquals(List.of(), bad, "null arguments not named in the project's wording");
    }

    /** Null for argument {@code index}: null if the outcome is fine, else what was wrong. */
    private static String callWithNull(Method m, int index) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = types[i].isPrimitive() ? zero(types[i]) : null;
        }
        try {
            Object result = m.invoke(null, args);
            if (result instanceof CompletableFuture<?> f && f.isCompletedExceptionally()) {
                try {
                    f.join();
                } catch (RuntimeException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    return check(cause);
                }
            }
            return null;
        } catch (InvocationTargetException e) {
            return check(e.getCause());
        } catch (IllegalAccessException e) {
            return e.toString();
        }
    }

    private static String check(Throwable e) {
        if (!(e instanceof NullPointerException)) {
            return null; // refused for another reason: fine
        }
        String message = String.valueOf(e.getMessage());
        return OWN_WORDING.matcher(message).matches() ? null : "NullPointerException: " + message;
    }

    private static Object zero(Class<?> t) {
        if (t == boolean.class) {
            return false;
        }
        if (t == int.class) {
            return 0;
        }
        if (t == long.class) {
            return 0L;
        }
        if (t == double.class) {
            return 0.0;
        }
        if (t == float.class) {
            return 0f;
        }
        if (t == short.class) {
            return (short) 0;
        }
        if (t == byte.class) {
            return (byte) 0;
        }
        return (char) 0;
    }
}
