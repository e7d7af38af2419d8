package io.asyncio4j.examples;

import static io.asyncio4j.Asyncio.*;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The gather example of the asyncio docs: three factorials computed concurrently, interleaving step by step.
 * <pre>
 * async def factorial(name, number):
 *     f = 1
 *     for i in range(2, number + 1):
 *         print(f"Task {name}: Compute factorial({number}), currently i={i}...")
 *         await asyncio.sleep(1)
 *         f *= i
 *     print(f"Task {name}: factorial({number}) = {f}")
 *     return f
 *
 * async def main():
 *     L = await asyncio.gather(factorial("A", 2), factorial("B", 3), factorial("C", 4))
 *     print(L)
 * </pre>
 * The Python loop becomes a recursive coroutine: each turn awaits the sleep, then continues with the next i.
 */
public final class GatherFactorial {
    static CompletionStage<Long> factorial(String name, int number) {
        return step(name, number, 2, 1L);
    }

    private static CompletionStage<Long> step(String name, int number, int i, long f) {
        if (i > number) {
            System.out.printf("Task %s: factorial(%d) = %d%n", name, number, f);
            return CompletableFuture.completedFuture(f);
        }
        System.out.printf("Task %s: Compute factorial(%d), currently i=%d...%n", name, number, i);
        return sleep(1).thenCompose(x -> step(name, number, i + 1, f * i));
    }

    static CompletionStage<Void> main() {
        return gather(() -> factorial("A", 2), () -> factorial("B", 3), () -> factorial("C", 4))
                .thenAccept((List<Long> results) -> System.out.println(results));
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
