package io.asyncio4j.examples;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.exceptions.InvalidStateError;
import io.asyncio4j.engine.exceptions.TimeoutError;
import io.asyncio4j.engine.loop.Clock;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Runner;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Python-style output for programs ported from asyncio: values printed the way Python's {@code print} and
 * f-strings show them, so a port's output can be compared with the Python program's line by line.
 * <ul>
 *   <li>{@link #str(Object)}: {@code str(x)}: {@code True}/{@code False}, {@code None}, lists as {@code [a, b, c]},
 *       dicts as {@code {k: v}}, floats as Python's {@code repr}, an exception as its message;
 *   <li>{@link #f1(double)} and {@link #t(double)}: {@code f"{x:.1f}"} (Python's rounding) and {@code f"t={x:.1f}"};
 *   <li>{@link #print(Object...)}: {@code print(a, b, c)};
 *   <li>{@link #typeName(Throwable)} and {@link #describe(Throwable)}: {@code type(e).__name__} and
 *       {@code f"{type(e).__name__}: {e}"}, with the JDK exceptions the API uses for Python's built-in ones
 *       ({@code IllegalArgumentException} is ValueError, {@code IllegalStateException} RuntimeError, ...);
 *   <li>{@link #runVirtual(Coroutine)}: {@code asyncio.run} on a virtual-time loop, and {@link #raise(Throwable)}:
 *       a bare {@code raise} inside an {@code except} written as a continuation.
 * </ul>
 * The seed programs ({@code io.asyncio4j.examples.seeds}) use it; any program may.
 */
public final class Py {
    private Py() {
    }

    /** Python's {@code str(x)} for the values the traces show. */
    public static String str(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Collection<?> c) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            for (Object o : c) {
                j.add(str(o));
            }
            return j.toString();
        }
        if (value instanceof Object[] array) {
            return str(java.util.Arrays.asList(array));
        }
        if (value instanceof Map<?, ?> m) {
            StringJoiner j = new StringJoiner(", ", "{", "}");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                j.add(str(e.getKey()) + ": " + str(e.getValue()));
            }
            return j.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            return pyFloat(((Number) value).doubleValue());
        }
        if (value instanceof Throwable t) {
            // str(exc) in Python is the message only (empty when there is none).
            String message = Asyncio.unwrap(t).getMessage();
            return message == null ? "" : message;
        }
        return value.toString();
    }

    public static String str(boolean value) {
        return value ? "True" : "False";
    }

    /** Python's {@code f"{x:.1f}"} (round half to even on the binary value, like Python). */
    public static String f1(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return pyFloat(x);
        }
        // The exact binary value rounded half-even, as Python formats (String.format rounds half-up on the
        // shortest decimal form instead: 0.25 would give 0.3 where Python prints 0.2).
        java.math.BigDecimal rounded = new java.math.BigDecimal(x).setScale(1, java.math.RoundingMode.HALF_EVEN);
        String text = rounded.toPlainString();
        boolean negative = x < 0 || (x == 0 && 1 / x < 0);
        return negative && rounded.signum() == 0 ? "-" + text : text;
    }

    /** {@code f"t={x:.1f}"}. */
    public static String t(double elapsed) {
        return "t=" + f1(elapsed);
    }

    /** {@code print(*parts)}: the parts' str() joined by spaces. */
    public static void print(Object... parts) {
        StringJoiner j = new StringJoiner(" ");
        for (Object p : parts) {
            j.add(p instanceof String s ? s : str(p));
        }
        System.out.println(j);
    }

    /**
     * The Python type name a trace shows for a Java exception: asyncio's own types keep their names;
     * RuntimeError/ValueError/TypeError/... map from the JDK types the API documentation names
     * ({@code IllegalStateException} is RuntimeError, {@code IllegalArgumentException} ValueError, ...);
     * a port's own exception class named like Python's (KeyError, ZeroDivisionError) shows its simple name.
     */
    public static String typeName(Throwable failure) {
        Throwable e = Asyncio.unwrap(failure);
        if (e instanceof CancelledError) {
            return "CancelledError";
        }
        if (e instanceof InvalidStateError) {
            return "InvalidStateError";
        }
        if (e instanceof TimeoutError || e instanceof java.util.concurrent.TimeoutException) {
            return "TimeoutError";
        }
        if (e instanceof java.util.concurrent.CancellationException) {
            return "CancelledError";
        }
        if (e instanceof IllegalStateException) {
            return "RuntimeError";
        }
        if (e instanceof IllegalArgumentException) {
            return "ValueError";
        }
        if (e instanceof NullPointerException || e instanceof ClassCastException) {
            return "TypeError";
        }
        if (e instanceof ArithmeticException) {
            return "ZeroDivisionError";
        }
        if (e instanceof IndexOutOfBoundsException) {
            return "IndexError";
        }
        if (e instanceof java.util.NoSuchElementException) {
            return "KeyError";
        }
        if (e instanceof UnsupportedOperationException) {
            return "NotImplementedError";
        }
        if (e instanceof java.io.EOFException) {
            return "EOFError";
        }
        if (e instanceof java.net.ConnectException) {
            return "ConnectionRefusedError";
        }
        if (e instanceof java.io.IOException) {
            return "OSError";
        }
        if (e.getClass() == RuntimeException.class || e.getClass() == Exception.class) {
            return "Exception";
        }
        return e.getClass().getSimpleName();
    }

    /** {@code f"{type(e).__name__}: {e}"}, or the type name alone when the message is empty. */
    public static String describe(Throwable failure) {
        Throwable e = Asyncio.unwrap(failure);
        String message = e.getMessage();
        return message == null || message.isEmpty() ? typeName(e) : typeName(e) + ": " + message;
    }

    /**
     * asyncio.run(coro) on a virtual-time loop: the same program as {@code Asyncio.run}, but idle waits jump to
     * the next timer, so {@code t=0.1}-style traces are exact. For ports that neither block the loop thread nor
     * use other threads.
     */
    public static <T> T runVirtual(Coroutine<T> coro) {
        try (Runner runner = new Runner(null, () -> new EventLoop(Clock.virtual()))) {
            return runner.run(coro);
        }
    }

    /**
     * Re-raises {@code failure} from inside a continuation ({@code raise} in an except clause that does not
     * handle it): an unchecked exception as is, anything else wrapped in a CompletionException.
     * Usage: {@code throw Py.raise(e);}
     */
    public static RuntimeException raise(Throwable failure) {
        Throwable e = Asyncio.unwrap(failure);
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new java.util.concurrent.CompletionException(e);
    }

    /** Python's {@code repr(float)} for the values a trace shows (shortest round-trip form). */
    private static String pyFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return Double.toString(d);
    }
}
