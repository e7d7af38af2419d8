package io.asyncio4j.examples;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.exceptions.TimeoutError;
import java.util.concurrent.CompletionStage;

/**
 * asyncio.wait_for from the docs: an operation that takes too long is cancelled and the caller gets TimeoutError.
 * <pre>
 * async def eternity():
 *     await asyncio.sleep(3600)
 *     print('yay!')
 *
 * async def main():
 *     try:
 *         await asyncio.wait_for(eternity(), timeout=1.0)
 *     except TimeoutError:
 *         print('timeout!')
 * </pre>
 */
public final class WaitForTimeout {
    static CompletionStage<Void> eternity() {
        return sleep(3600).thenRun(() -> System.out.println("yay!"));
    }

    static CompletionStage<Void> main() {
        return waitFor(() -> eternity(), 1.0)
                .exceptionally(e -> {
                    if (!(unwrap(e) instanceof TimeoutError)) {
                        throw new IllegalStateException("unexpected", e);
                    }
                    System.out.println("timeout!");
                    return null;
                });
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
