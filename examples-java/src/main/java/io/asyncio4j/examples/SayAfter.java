package io.asyncio4j.examples;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.task.Task;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletionStage;

/**
 * The say_after example of the asyncio docs: two tasks run concurrently, so the program takes 2 seconds, not 3.
 * <pre>
 * async def say_after(delay, what):
 *     await asyncio.sleep(delay)
 *     print(what)
 *
 * async def main():
 *     task1 = asyncio.create_task(say_after(1, 'hello'))
 *     task2 = asyncio.create_task(say_after(2, 'world'))
 *     print(f"started at {time.strftime('%X')}")
 *     await task1
 *     await task2
 *     print(f"finished at {time.strftime('%X')}")
 * </pre>
 */
public final class SayAfter {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    static CompletionStage<Void> sayAfter(double delay, String what) {
        return sleep(delay).thenRun(() -> System.out.println(what));
    }

    static CompletionStage<Void> main() {
        Task<Void> task1 = createTask(() -> sayAfter(1, "hello"));
        Task<Void> task2 = createTask(() -> sayAfter(2, "world"));
        System.out.println("started at " + LocalTime.now().format(CLOCK));
        return task1
                .thenCompose(x -> task2)
                .thenRun(() -> System.out.println("finished at " + LocalTime.now().format(CLOCK)));
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
