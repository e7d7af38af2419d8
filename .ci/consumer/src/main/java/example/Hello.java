package example;

import static io.asyncio4j.Asyncio.*;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The README's say_after, as a user's program. */
public final class Hello {
    private Hello() {
    }

    static CompletionStage<String> sayAfter(double delay, String what) {
        return sleep(delay).thenApply(x -> what);
    }

    public static CompletionStage<List<String>> main() {
        return gather(() -> sayAfter(1, "hello"), () -> sayAfter(2, "world"));
    }

    public static void main(String[] args) {
        List<String> words = run(() -> main()); // a lambda: run(Hello::main) is ambiguous beside run(DirectCoroutine)
        System.out.println(words);
    }
}
