package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Task;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/** Port of seed_shield.py (virtual time): shield protects the inner task; the ignore-cancellation idiom. */
public final class SeedShield {
    static double t0;

    static String el() {
        return String.format(Locale.ROOT, "t=%.1f", getRunningLoop().time() - t0);
    }

    static String py(boolean b) {
        return b ? "True" : "False";
    }

    static CompletionStage<Integer> taskFunc(int number) {
        return sleep(0.3).thenApply(x -> {
            System.out.println("task_func succeeded: " + number + " " + el());
            return number * 10;
        });
    }

    static CompletionStage<Void> cancelTask(Future<?> task) {
        return sleep(0.1).thenRun(() -> {
            boolean wasCancelled = task.cancel();
            System.out.println("cancelled: " + py(wasCancelled) + " " + el());
        });
    }

    static CompletionStage<Integer> ignoringCaller(Task<Integer> job) {
        return shield(job).handle((res, e) -> {
            if (e == null) {
                return res;
            }
            if (unwrap(e) instanceof CancelledError) {
                System.out.println("ignoring_caller: caught CancelledError, res = None " + el());
                return null;
            }
            throw new AssertionError(e);
        });
    }

    static CompletionStage<Void> main() {
        t0 = getRunningLoop().time();
        Task<Integer> task = createTask(() -> taskFunc(1));
        Future<Integer> shielded = shield(task);
        createTask(() -> cancelTask(shielded));
        return shielded.handle((result, e) -> {
            if (e == null) {
                System.out.println(">got: " + result);
            } else if (unwrap(e) instanceof CancelledError) {
                System.out.println("shielded was cancelled " + el());
            } else {
                throw new AssertionError(e);
            }
            return null;
        }).thenCompose(x -> sleep(0.3)).thenCompose(x -> {
            System.out.println("shielded: done=" + py(shielded.done()) + " cancelled=" + py(shielded.cancelled()));
            System.out.println("task: done=" + py(task.done()) + " cancelled=" + py(task.cancelled())
                    + " result=" + task.result());
            System.out.println("-- ignore-cancellation idiom");
            t0 = getRunningLoop().time();
            Task<Integer> job = createTask(() -> taskFunc(2));
            Task<Integer> caller = createTask(() -> ignoringCaller(job));
            return sleep(0.1).thenCompose(y -> {
                caller.cancel();
                return caller;
            }).thenCompose(res -> {
                System.out.println("caller returned " + (res == null ? "None" : res) + "; caller.cancelled()="
                        + py(caller.cancelled()) + " " + el());
                return job;
            }).thenCompose(r -> {
                System.out.println("job result " + r + " " + el());
                Future<String> doneFut = getRunningLoop().createFuture();
                doneFut.setResult("already");
                return shield(doneFut);
            }).thenAccept(v -> System.out.println("shield(done future) -> " + v));
        });
    }

    public static void main(String[] args) {
        try (Runner runner = new Runner(null, () -> newVirtualTimeEventLoop())) {
            runner.run(() -> main());
        }
    }
}
