package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;

/**
 * seed_shield in direct style: shield() protects the inner task; the ignore-cancellation idiom.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedShield};
 * this program prints its trace ({@code seed_shield.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_shield_direct} (Java 21+).
 */
public final class SeedShieldDirect {
    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static int taskFunc(int number) {
        await(sleep(0.3));
        Py.print("task_func succeeded: " + number, el());
        return number * 10;
    }

    static void cancelTask(Future<?> task) {
        await(sleep(0.1));
        boolean wasCancelled = task.cancel();
        Py.print("cancelled: " + Py.str(wasCancelled), el());
    }

    static Integer ignoringCaller(Task<Integer> job) {
        Integer res;
        try {
            res = await(shield(job));
        } catch (CancelledError e) {
            Py.print("ignoring_caller: caught CancelledError, res = None", el());
            res = null;
        }
        return res;
    }

    static void main() {
        t0 = getRunningLoop().time();
        Task<Integer> task = createTask(() -> taskFunc(1));
        Future<Integer> shielded = shield(task);
        createTask(() -> cancelTask(shielded));
        try {
            int result = await(shielded);
            Py.print(">got: " + result);
        } catch (CancelledError e) {
            Py.print("shielded was cancelled", el());
        }

        await(sleep(0.3));
        Py.print("shielded: done=" + Py.str(shielded.done()) + " cancelled=" + Py.str(shielded.cancelled()));
        Py.print("task: done=" + Py.str(task.done()) + " cancelled=" + Py.str(task.cancelled())
                + " result=" + task.result());

        Py.print("-- ignore-cancellation idiom");
        t0 = getRunningLoop().time();
        Task<Integer> job = createTask(() -> taskFunc(2));
        Task<Integer> caller = createTask(() -> ignoringCaller(job));
        await(sleep(0.1));
        caller.cancel();
        Integer res = await(caller);
        Py.print("caller returned " + Py.str(res) + "; caller.cancelled()=" + Py.str(caller.cancelled()), el());
        Py.print("job result " + await(job), el());

        Future<String> doneFut = getRunningLoop().createFuture();
        doneFut.setResult("already");
        Py.print("shield(done future) ->", await(shield(doneFut)));
    }

    public static void main(String[] args) {
        Py.runVirtual(async(() -> main()));
    }
}
