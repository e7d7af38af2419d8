package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

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
 * seed_exception_handler: set/get/call_exception_handler; a failing callback reaches the handler, the loop goes on (virtual time).
 *
 * <p>In more detail: set/get exception handler; call_exception_handler passes (loop, context); an exception
 * escaping a callback reaches the handler with "exception" and "handle" keys and the loop continues; a failing
 * handler does not propagate. Java shape: Python's ValueError/RuntimeError are
 * IllegalArgumentException/IllegalStateException; the loop's default handler logs through System.Logger "asyncio",
 * which on the JDK is the java.util.logging logger "asyncio": the port turns it off where Python disables
 * logging.getLogger('asyncio') (and restores it at the end, since ports share one JVM). Virtual time.
 *
 * <p>The Python original, {@code seed_exception_handler.py}; this program prints its trace byte for byte
 * ({@code seed_exception_handler.expected}). Run it with {@code -Dexamples=seed_exception_handler}.
 * <pre>
 * import asyncio
 * import logging
 *
 * seen_loops = []
 *
 *
 * def handle_exception(loop, context):
 *     seen_loops.append(loop)
 *     exc = context.get('exception')
 *     if exc is not None:
 *         print(f'Error: exception={type(exc).__name__}: {exc} has_handle={"handle" in context}')
 *     else:
 *         print('Error:', context['message'], f'extra={context.get("extra")}')
 *
 *
 * def bad_callback():
 *     raise ValueError('boom in callback')
 *
 *
 * def good_callback():
 *     print('good_callback ran after the failing one')
 *
 *
 * async def my_task():
 *     await asyncio.sleep(0.1)
 *     print('task1')
 *
 *
 * loop = asyncio.new_event_loop()
 * asyncio.set_event_loop(loop)
 * print('default handler is None:', loop.get_exception_handler() is None)
 * loop.set_exception_handler(handle_exception)
 * print('handler installed:', loop.get_exception_handler() is handle_exception)
 * loop.run_until_complete(my_task())
 * print('no handler call for a normal task:', len(seen_loops) == 0)
 *
 * loop.call_exception_handler({'message': 'custom problem', 'extra': 42})
 * print('handler got this loop:', seen_loops[-1] is loop)
 *
 *
 * async def with_bad_callback():
 *     loop.call_soon(bad_callback)
 *     loop.call_soon(good_callback)
 *     await asyncio.sleep(0.1)
 *     print('loop survived the failing callback')
 *
 *
 * loop.run_until_complete(with_bad_callback())
 *
 *
 * def broken_handler(loop, context):
 *     print('broken_handler called, raising')
 *     raise RuntimeError('handler failure')
 *
 *
 * loop.set_exception_handler(broken_handler)
 * logging.getLogger('asyncio').disabled = True  # keep stderr quiet
 * loop.call_exception_handler({'message': 'second problem'})
 * print('call_exception_handler returned normally')
 * loop.set_exception_handler(None)
 * print('handler reset to None:', loop.get_exception_handler() is None)
 * loop.close()
 * asyncio.set_event_loop(None)
 * </pre>
 */
public final class SeedExceptionHandler {
    /** The loops HANDLE_EXCEPTION was called with (shared with SeedExceptionHandlerDirect). */
    public static final List<EventLoop> SEEN_LOOPS = new ArrayList<>();

    /** The custom exception handler (shared with SeedExceptionHandlerDirect). */
    public static final ExceptionHandler HANDLE_EXCEPTION = (loop, context) -> {
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

    /** A callback that raises (shared with SeedExceptionHandlerDirect). */
    public static void badCallback() {
        throw new IllegalArgumentException("boom in callback");
    }

    /** A callback that runs after the failing one (shared with SeedExceptionHandlerDirect). */
    public static void goodCallback() {
        Py.print("good_callback ran after the failing one");
    }

    static CompletionStage<Void> myTask() {
        return sleep(0.1).thenRun(() -> Py.print("task1"));
    }

    public static void main(String[] args) {
        SEEN_LOOPS.clear(); // main may run more than once in one JVM, and the direct twin shares this list
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
