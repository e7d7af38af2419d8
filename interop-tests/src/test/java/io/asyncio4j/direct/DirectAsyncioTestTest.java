package io.asyncio4j.direct;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Direct;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.TaskGroup;
import io.asyncio4j.engine.testing.Ordering;
import io.asyncio4j.testing.AsyncioTest;
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

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** {@code @AsyncioTest(direct = true)}: the test method itself is a direct-style coroutine (runs on Java 21+ only). */
class DirectAsyncioTestTest {

    @AsyncioTest(direct = true)
    void bodyAwaitsInVirtualTime(EventLoop loop, Ordering o) {
        assertSame(loop, getRunningLoop());
        assertNotNull(currentTask(), "the body runs in a task");
        o.expect(1);
        long start = System.nanoTime();
        String s = await(sleep(10, "slept"));
        assertEquals("slept", s);
        assertEquals(10.0, loop.time());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "virtual time: no real 10 s wait");
        o.finish(2);
    }

    @AsyncioTest(direct = true)
    void bodyMakesTasksAndTaskGroups() {
        Task<Integer> t = createTask(() -> await(sleep(1, 41)) + 1);
        int sum = asyncWith(new TaskGroup(), tg -> {
            Task<Integer> a = tg.createTask(async(() -> await(sleep(2, 20))));
            Task<Integer> b = tg.createTask(async(() -> await(sleep(3, 22))));
            return 0;
        });
        assertEquals(0, sum);
        assertEquals(42, await(t));
        assertEquals(3.0, getRunningLoop().time());
    }

    @AsyncioTest
    void defaultStaysOffTheLoop() {
        assertThrows(RuntimeException.class, () -> getRunningLoop()); // no running loop: the body is plain
    }

    /** True only while the launcher below runs {@link FailingExamples}. */
    private static volatile boolean launchedOnPurpose;

    static boolean launchedOnPurpose() {
        return launchedOnPurpose;
    }

    /** Each method fails on purpose; enabled only inside the launcher run below (Surefire may select it too). */
    @EnabledIf("io.asyncio4j.direct.DirectAsyncioTestTest#launchedOnPurpose")
    static class FailingExamples {
        @AsyncioTest(direct = true)
        void failsAnAssertionAfterAwait() {
            await(sleep(5));
            assertEquals(1, 2, "after the sleep");
        }

        @AsyncioTest(direct = true)
        void throwsAfterAwait() throws Exception {
            await(sleep(1));
            throw new java.io.IOException("body boom");
        }

        @AsyncioTest(direct = true)
        void leavesATaskPending() {
            createTask(() -> await(sleep(1e9)), "direct-leaky-worker");
            await(sleep(1));
        }

        @AsyncioTest(direct = true)
        void passes() {
            assertEquals(1.5, await(sleep(1.5, getRunningLoop())).time());
        }
    }

    @Test
    void failuresAndLeaksOfADirectBodyFailTheTest() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FailingExamples.class)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launchedOnPurpose = true;
        try {
            launcher.execute(request, listener);
        } finally {
            launchedOnPurpose = false;
        }
        TestExecutionSummary summary = listener.getSummary();
        assertEquals(4, summary.getTestsStartedCount());
        if (!Direct.isSupported()) { // a JDK before 21 (e.g. -Dtest=... selecting this class on 17): all aborted
            assertEquals(4, summary.getTestsAbortedCount());
            assertEquals(0, summary.getTotalFailureCount());
            return;
        }
        assertEquals(1, summary.getTestsSucceededCount());
        Map<String, Throwable> failures = new TreeMap<>();
        for (TestExecutionSummary.Failure f : summary.getFailures()) {
            failures.put(f.getTestIdentifier().getDisplayName(), f.getException());
        }
        assertEquals(3, failures.size(), failures.toString());
        Throwable assertion = failures.get("failsAnAssertionAfterAwait()");
        assertEquals(org.opentest4j.AssertionFailedError.class, assertion.getClass(), String.valueOf(assertion));
        assertEquals("after the sleep ==> expected: <1> but was: <2>", assertion.getMessage());
        Throwable thrown = failures.get("throwsAfterAwait()");
        assertEquals(java.io.IOException.class, thrown.getClass(), String.valueOf(thrown));
        assertEquals("body boom", thrown.getMessage());
        String pending = failures.get("leavesATaskPending()").getMessage();
        assertTrue(pending.startsWith("1 task(s) left pending at the end of the test:")
                && pending.contains("name='direct-leaky-worker'"), pending);
    }
}
