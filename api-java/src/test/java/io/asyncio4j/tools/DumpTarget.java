package io.asyncio4j.tools;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.task.Task;

import java.util.concurrent.CompletionStage;

/**
 * The child JVM TaskDumpTest reads: the main task (Task-1) awaiting a gather of two named sleepers, one of
 * which awaits a third task. Prints READY once they are all suspended, then sleeps (real time) until killed.
 */
public final class DumpTarget {
    private DumpTarget() {
    }

    public static void main(String[] args) {
        Asyncio.run(DumpTarget::conductor); // the main task: Task-1

    }

    static CompletionStage<Object> conductor() {
        Task<Void> deep = Asyncio.createTask(() -> Asyncio.sleep(3600), "deep-sleeper");
        Task<Void> a = Asyncio.createTask(() -> deep, "sleeper-a");
        Task<Void> b = Asyncio.createTask(() -> Asyncio.sleep(3600), "sleeper-b");
        Asyncio.getRunningLoop().callLater(0.05, () -> {
            System.out.println("READY");
            System.out.flush();
        });
        return Asyncio.gather(a, b).thenApply(x -> x);
    }
}
