package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.examples.Py;
import io.asyncio4j.examples.seeds.SeedCoroutineSendManual;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * seed_coroutine_send_manual in direct style: one {@code send(None)} is one step of the task that drives the
 * coroutine, and a loop that is not running is stepped by hand ({@code loop.stop(); loop.runForever();} runs
 * exactly one iteration). A direct method called from another runs inline (no extra step); {@code sleep(0)}
 * yields exactly once.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedCoroutineSendManual};
 * this program prints its trace ({@code seed_coroutine_send_manual.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_coroutine_send_manual_direct} (Java 21+).
 */
public final class SeedCoroutineSendManualDirect {
    static int asynchronous() {
        return 1;
    }

    static int awaitFunction() {
        int result = asynchronous();
        return result + 1;
    }

    static String yieldsOnce() {
        await(sleep(0));
        return "after one yield";
    }

    // run(), the step-by-step driver, is style-neutral: shared with the chain program.

    public static void main(String[] args) {
        Map<String, Coroutine<?>> functions = new LinkedHashMap<>();
        functions.put("asynchronous", async(SeedCoroutineSendManualDirect::asynchronous));
        functions.put("await_function", async(SeedCoroutineSendManualDirect::awaitFunction));
        functions.put("yields_once", async(SeedCoroutineSendManualDirect::yieldsOnce));
        for (Map.Entry<String, Coroutine<?>> fn : functions.entrySet()) {
            Object[] valueAndSends = SeedCoroutineSendManual.run(fn.getValue());
            System.out.println(fn.getKey() + ": value=" + Py.str(valueAndSends[0]) + " sends=" + valueAndSends[1]);
        }
    }
}
