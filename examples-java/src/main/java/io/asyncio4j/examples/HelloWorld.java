package io.asyncio4j.examples;

import static io.asyncio4j.Asyncio.*;

import java.util.concurrent.CompletionStage;

/**
 * asyncio's hello world:
 * <pre>
 * async def main():
 *     print('hello')
 *     await asyncio.sleep(1)
 *     print('world')
 *
 * asyncio.run(main())
 * </pre>
 */
public final class HelloWorld {
    static CompletionStage<Void> main() {
        System.out.println("hello");
        return sleep(1).thenRun(() -> System.out.println("world"));
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
