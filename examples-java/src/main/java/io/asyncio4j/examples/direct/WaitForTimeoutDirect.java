package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.exceptions.TimeoutError;

/**
 * The direct-style twin of {@link io.asyncio4j.examples.WaitForTimeout} (Java 21+): asyncio.wait_for and
 * {@code async with asyncio.timeout()} around a direct body, with {@code try/except TimeoutError}.
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
 *     try:
 *         async with asyncio.timeout(0.5):
 *             await eternity()
 *     except TimeoutError:
 *         print('timeout again!')
 * </pre>
 */
public final class WaitForTimeoutDirect {
    static void eternity() {
        await(sleep(3600));
        System.out.println("yay!");
    }

    static void main() {
        try {
            await(waitFor(async(() -> eternity()), 1.0));
        } catch (TimeoutError e) {
            System.out.println("timeout!");
        }
        try {
            asyncWith(timeout(0.5), cm -> {
                eternity();
            });
        } catch (TimeoutError e) {
            System.out.println("timeout again!");
        }
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
