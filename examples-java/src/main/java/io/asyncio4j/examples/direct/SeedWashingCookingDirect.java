package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * seed_washing_cooking in direct style: the blocking chores in real time (Thread.sleep), then the same chores as
 * direct tasks on a virtual-time loop (its clock stands for time.monotonic()).
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedWashingCooking};
 * this program prints its trace ({@code seed_washing_cooking.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_washing_cooking_direct} (Java 21+).
 */
public final class SeedWashingCookingDirect {
    private static final DoubleSupplier MONOTONIC = () -> System.nanoTime() / 1e9;
    static DoubleSupplier clock = MONOTONIC;
    static double t0;

    static String el() {
        return Py.t(clock.getAsDouble() - t0);
    }

    /** When the blocking steps so far would have ended with exact sleeps (seconds on the monotonic clock). */
    static double due;

    /**
     * time.sleep(seconds), but to the step's scheduled end (the previous one's plus {@code seconds}) rather than
     * for {@code seconds} from now, so late wake-ups on a loaded machine do not add up.
     */
    static void blockingSleep(double seconds) {
        due += seconds;
        try {
            long left;
            while ((left = (long) Math.ceil((due - MONOTONIC.getAsDouble()) * 1000)) > 0) {
                Thread.sleep(left);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void doWashingSync() {
        System.out.println(el() + " : start washing clothes");
        blockingSleep(0.2);
        System.out.println(el() + " : clothes washed");
    }

    static void steameRiceSync() {
        System.out.println(el() + " : start steaming rice");
        blockingSleep(0.3);
        System.out.println(el() + " : rice steamed");
    }

    static void doClearingSync() {
        System.out.println(el() + " : start sweeping");
        blockingSleep(0.1);
        System.out.println(el() + " : floor swept");
    }

    static void doWashing() {
        System.out.println(el() + " : start washing clothes");
        await(sleep(0.2));
        System.out.println(el() + " : clothes washed");
    }

    static void doClearing() {
        System.out.println(el() + " : start sweeping");
        await(sleep(0.3));
        System.out.println(el() + " : floor swept");
    }

    static void steameRice() {
        System.out.println(el() + " : start steaming rice");
        await(sleep(0.1));
        System.out.println(el() + " : rice steamed");
    }

    public static void main(String[] args) {
        clock = MONOTONIC; // main may run twice in one JVM: start from the real clock again
        System.out.println("-- one after another (blocking)");
        t0 = clock.getAsDouble();
        due = t0;
        doWashingSync();
        steameRiceSync();
        doClearingSync();
        System.out.println("total: " + el());

        System.out.println("-- coroutines with asyncio.wait");
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        clock = loop::time;
        t0 = clock.getAsDouble();
        List<Task<Void>> tasks = List.of(
                loop.createTask(async(() -> doWashing())),
                loop.createTask(async(() -> steameRice())),
                loop.createTask(async(() -> doClearing())));
        loop.runUntilComplete(() -> Asyncio.wait(tasks));
        loop.close();
        setEventLoop(null);
        System.out.println("total: " + el());
    }
}
