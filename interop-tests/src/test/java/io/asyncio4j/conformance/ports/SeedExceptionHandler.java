package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.ExceptionHandler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Port of seed_exception_handler: set/get exception handler; call_exception_handler passes (loop, context); an
 * exception escaping a callback reaches the handler with "exception" and "handle" keys and the loop continues;
 * a failing handler does not propagate.
 * Java shape: Python's ValueError/RuntimeError are IllegalArgumentException/IllegalStateException; the loop's
 * default handler logs through System.Logger "asyncio", which on the JDK is the java.util.logging logger
 * "asyncio": the port turns it off where Python disables logging.getLogger('asyncio') (and restores it at the
 * end, since ports share one JVM). Virtual time.
 */
public final class SeedExceptionHandler {
    static final List<EventLoop> SEEN_LOOPS = new ArrayList<>();

    static final ExceptionHandler HANDLE_EXCEPTION = (loop, context) -> {
        SEEN_LOOPS.add(loop);
        Object exc = context.get("exception");
        if (exc != null) {
            Throwable e = (Throwable) exc;
            System.out.println("Error: exception=" + Py.typeName(e) + ": " + Py.str(e)
                    + " has_handle=" + Py.str(context.containsKey("handle")));
        } else {
            Py.print("Error:", context.get("message"), "extra=" + Py.str(context.get("extra")));
        }
    };

    static void badCallback() {
        throw new IllegalArgumentException("boom in callback");
    }

    static void goodCallback() {
        Py.print("good_callback ran after the failing one");
    }

    static CompletionStage<Void> myTask() {
        return sleep(0.1).thenRun(() -> Py.print("task1"));
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        Py.print("default handler is None:", loop.getExceptionHandler() == null);
        loop.setExceptionHandler(HANDLE_EXCEPTION);
        Py.print("handler installed:", loop.getExceptionHandler() == HANDLE_EXCEPTION);
        loop.runUntilComplete(SeedExceptionHandler::myTask);
        Py.print("no handler call for a normal task:", SEEN_LOOPS.size() == 0);

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", "custom problem");
        context.put("extra", 42);
        loop.callExceptionHandler(context);
        Py.print("handler got this loop:", SEEN_LOOPS.get(SEEN_LOOPS.size() - 1) == loop);

        loop.runUntilComplete(() -> {
            loop.callSoon(SeedExceptionHandler::badCallback);
            loop.callSoon(SeedExceptionHandler::goodCallback);
            return sleep(0.1).thenRun(() -> Py.print("loop survived the failing callback"));
        });

        ExceptionHandler brokenHandler = (l, ctx) -> {
            Py.print("broken_handler called, raising");
            throw new IllegalStateException("handler failure");
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
