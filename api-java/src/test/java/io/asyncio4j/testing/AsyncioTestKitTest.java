package io.asyncio4j.testing;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.net.Protocol;
import io.asyncio4j.engine.net.Server;
import io.asyncio4j.engine.testing.Ordering;
import io.asyncio4j.engine.task.Direct;
import io.asyncio4j.engine.testing.TestLoops;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The published kit as users write it, and (through the JUnit launcher) the failures it reports on purpose. */
class AsyncioTestKitTest {

    @AsyncioTest
    void virtualTimeByDefaultAndOrdering(Ordering o, EventLoop loop, TestLoops loops) {
        assertTrue(loop == loops.loop());
        double t = loops.run(() -> {
            o.expect(1);
            loop.callSoon(() -> o.expect(2));
            return Asyncio.sleep(3600).thenApply(x -> {
                o.expect(3);
                return loop.time();
            });
        });
        assertEquals(3600.0, t);
        o.finish(4);
    }

    @AsyncioTest(realTime = true)
    void realTimeOptOut(TestLoops loops) {
        long start = System.nanoTime();
        loops.run(() -> Asyncio.sleep(0.01));
        assertTrue(System.nanoTime() - start >= 10_000_000L);
    }

    @AsyncioTest
    void expectedLoopErrorsAreTaken(EventLoop loop, TestLoops loops) {
        loop.callExceptionHandler(Map.of("message", "expected"));
        assertEquals("expected", loops.takeLoopErrors().get(0).get("message"));
    }

    /** True only while the launcher below runs {@link LeakyExamples}. */
    private static volatile boolean launchedOnPurpose;

    static boolean launchedOnPurpose() {
        return launchedOnPurpose;
    }

    /** Each method leaks one thing; enabled only inside the launcher run below (Surefire may select it too). */
    @EnabledIf("io.asyncio4j.testing.AsyncioTestKitTest#launchedOnPurpose")
    static class LeakyExamples {
        @AsyncioTest
        void leavesATaskPending(EventLoop loop) {
            loop.createTask(() -> new CompletableFuture<Void>(), "leaky-worker");
        }

        @AsyncioTest
        void dropsAFailedFuture(EventLoop loop) {
            loop.<String>createFuture().setException(new IllegalStateException("nobody looked"));
        }

        @AsyncioTest(realTime = true)
        void leavesAServerOpen(TestLoops loops) {
            Server server = loops.run(() -> loops.loop().createServer(() -> new Protocol() { }, "127.0.0.1", 0));
            assertTrue(server.isServing());
        }

        @AsyncioTest
        void forgetsFinish(Ordering o) {
            o.expect(1);
        }

        @AsyncioTest
        void leaksNothing(TestLoops loops) {
            assertEquals("ok", loops.run(() -> Asyncio.sleep(1, "ok")));
        }
    }

    /** A direct-style body; enabled only inside the launcher run below. */
    @EnabledIf("io.asyncio4j.testing.AsyncioTestKitTest#launchedOnPurpose")
    static class DirectExample {
        @AsyncioTest(direct = true)
        void awaitsInTheBody(EventLoop loop) {
            assertEquals("done", Asyncio.await(Asyncio.sleep(10, "done")));
            assertEquals(10.0, loop.time());
        }
    }

    /** On Java 21+ the direct body runs and passes; before 21 the test is aborted (skipped) naming the JDK. */
    @Test
    void directBodyRunsOrIsAbortedBeforeJava21() {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launchedOnPurpose = true;
        try {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(DirectExample.class)).build(), listener);
        } finally {
            launchedOnPurpose = false;
        }
        TestExecutionSummary summary = listener.getSummary();
        assertEquals(1, summary.getTestsStartedCount());
        assertEquals(0, summary.getTotalFailureCount(), String.valueOf(summary.getFailures()));
        if (Direct.isSupported()) {
            assertEquals(1, summary.getTestsSucceededCount());
        } else {
            assertEquals(1, summary.getTestsAbortedCount());
        }
    }

    @Test
    void abortMessageNamesTheJdk() {
        Assumptions.assumeFalse(Direct.isSupported(), "only before Java 21");
        TestAbortedException[] seen = new TestAbortedException[1];
        SummaryGeneratingListener listener = new SummaryGeneratingListener() {
            @Override
            public void executionFinished(org.junit.platform.launcher.TestIdentifier id,
                                          org.junit.platform.engine.TestExecutionResult result) {
                super.executionFinished(id, result);
                result.getThrowable().filter(TestAbortedException.class::isInstance)
                        .ifPresent(t -> seen[0] = (TestAbortedException) t);
            }
        };
        launchedOnPurpose = true;
        try {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(DirectExample.class)).build(), listener);
        } finally {
            launchedOnPurpose = false;
        }
        assertEquals("@AsyncioTest(direct = true): direct-style coroutines need Java 21+; running on "
                + Runtime.version().feature(), seen[0].getMessage());
    }

    @Test
    void leaksFailTheTestNamingWhatLeaked() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(LeakyExamples.class)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launchedOnPurpose = true;
        try {
            launcher.execute(request, listener);
        } finally {
            launchedOnPurpose = false;
        }
        TestExecutionSummary summary = listener.getSummary();
        assertEquals(5, summary.getTestsStartedCount());
        assertEquals(1, summary.getTestsSucceededCount());
        Map<String, String> failures = new TreeMap<>();
        for (TestExecutionSummary.Failure f : summary.getFailures()) {
            failures.put(f.getTestIdentifier().getDisplayName(), f.getException().getMessage());
        }
        assertEquals(4, failures.size(), failures.toString());
        String pending = failures.get("leavesATaskPending(EventLoop)");
        assertTrue(pending.startsWith("1 task(s) left pending at the end of the test:")
                && pending.contains("name='leaky-worker'"), pending);
        String unretrieved = failures.get("dropsAFailedFuture(EventLoop)");
        assertTrue(unretrieved.startsWith("1 exception(s) never retrieved:")
                && unretrieved.contains("Future exception was never retrieved")
                && unretrieved.contains("nobody looked"), unretrieved);
        String server = failures.get("leavesAServerOpen(TestLoops)");
        assertTrue(server.startsWith("1 transport(s)/socket(s) left open on the loop:")
                && server.contains("server socket /127.0.0.1:"), server);
        assertEquals("Expecting that 'finish(2)' was invoked, but it was not", failures.get("forgetsFinish(Ordering)"));
    }
}
