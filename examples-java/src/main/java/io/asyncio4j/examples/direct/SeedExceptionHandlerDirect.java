package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;
import static io.asyncio4j.examples.seeds.SeedExceptionHandler.HANDLE_EXCEPTION;
import static io.asyncio4j.examples.seeds.SeedExceptionHandler.SEEN_LOOPS;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.ExceptionHandler;
import io.asyncio4j.examples.Py;
import io.asyncio4j.examples.seeds.SeedExceptionHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * seed_exception_handler in direct style: the loop's exception handler sees a failing callback scheduled by a
 * direct task, and the task goes on. The default handler logs through the JDK logger "asyncio", turned off where
 * Python disables {@code logging.getLogger('asyncio')}.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedExceptionHandler};
 * this program prints its trace ({@code seed_exception_handler.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_exception_handler_direct} (Java 21+).
 */
public final class SeedExceptionHandlerDirect {
    // SEEN_LOOPS, HANDLE_EXCEPTION and the two callbacks are style-neutral: shared with the chain program.

    static void myTask() {
        await(sleep(0.1));
        Py.print("task1");
    }

    static void withBadCallback(EventLoop loop) {
        loop.callSoon(SeedExceptionHandler::badCallback);
        loop.callSoon(SeedExceptionHandler::goodCallback);
        await(sleep(0.1));
        Py.print("loop survived the failing callback");
    }

    public static void main(String[] args) {
        SEEN_LOOPS.clear(); // main may run more than once in one JVM, and this list is shared with the chain program
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        Py.print("default handler is None:", loop.getExceptionHandler() == null);
        loop.setExceptionHandler(HANDLE_EXCEPTION);
        Py.print("handler installed:", loop.getExceptionHandler() == HANDLE_EXCEPTION);
        loop.runUntilComplete(async(() -> myTask()));
        Py.print("no handler call for a normal task:", SEEN_LOOPS.size() == 0);

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", "custom problem");
        context.put("extra", 42);
        loop.callExceptionHandler(context);
        Py.print("handler got this loop:", SEEN_LOOPS.get(SEEN_LOOPS.size() - 1) == loop);

        loop.runUntilComplete(async(() -> withBadCallback(loop)));

        ExceptionHandler brokenHandler = (l, ctx) -> {
            Py.print("broken_handler called, raising");
            throw new IllegalStateException("handler failure"); // Python's RuntimeError
        };
        loop.setExceptionHandler(brokenHandler);
        Logger asyncioLogger = Logger.getLogger("asyncio");
        Level savedLevel = asyncioLogger.getLevel();
        asyncioLogger.setLevel(Level.OFF); // keep stderr quiet
        try {
            loop.callExceptionHandler(Map.of("message", "second problem"));
            Py.print("call_exception_handler returned normally");
        } finally {
            asyncioLogger.setLevel(savedLevel);
        }
        loop.setExceptionHandler(null);
        Py.print("handler reset to None:", loop.getExceptionHandler() == null);
        loop.close();
        setEventLoop(null);
    }
}
