package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.exceptions.TimeoutError;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;

/**
 * seed_wait_for_timeout in direct style: wait_for's timeout cancels the inner task; an outer cancel.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedWaitForTimeout};
 * this program prints its trace ({@code seed_wait_for_timeout.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_wait_for_timeout_direct} (Java 21+).
 */
public final class SeedWaitForTimeoutDirect {
    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static void eternity() {
        await(sleep(3600));
        System.out.println("yay!");
    }

    static void main() {
        t0 = getRunningLoop().time();
        try {
            await(waitFor(async(() -> eternity()), 0.1));
        } catch (TimeoutError e) {
            Py.print("timeout!", "caught " + Py.typeName(e), el());
            Py.print("is builtin TimeoutError:", e instanceof TimeoutError);
        }

        Task<Void> inner = createTask(() -> eternity());
        try {
            await(waitFor(inner, 0.1));
        } catch (TimeoutError e) {
            Py.print("inner task cancelled after timeout:", inner.cancelled(), el());
        }

        String r = await(waitFor(sleep(0.1, "in time"), 0.3));
        Py.print("wait_for returned:", r, el());

        r = await(waitFor(sleep(0.1, "no limit"), (Double) null));
        Py.print("wait_for(timeout=None) returned:", r, el());

        Task<Void> inner2 = createTask(() -> eternity());
        Task<Void> outer = createTask(async(() -> await(waitFor(inner2, 10))));
        await(sleep(0.1));
        outer.cancel();
        try {
            await(outer);
        } catch (CancelledError e) {
            Py.print("outer cancelled; inner cancelled too:", inner2.cancelled(), el());
        }
    }

    public static void main(String[] args) {
        Py.runVirtual(async(() -> main()));
    }
}
