package io.asyncio4j.testkit;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The testkit's own checks fail when they should (each teardown rule is exercised without the extension). */
class TestkitSelfTest {

    @Test
    void orderingDetectsWrongStepMissingFinishAndUnreached() {
        Ordering o = new Ordering();
        assertNull(o.verifyComplete(), "no steps taken: nothing to verify");
        o.expect(1);
        AssertionError missing = o.verifyComplete();
        assertNotNull(missing);
        assertEquals("Expecting that 'finish(2)' was invoked, but it was not", missing.getMessage());
        o.finish(2);
        assertNull(o.verifyComplete());
        assertThrows(AssertionError.class, () -> o.finish(3));

        Ordering wrong = new Ordering();
        AssertionError e = assertThrows(AssertionError.class, () -> wrong.expect(2));
        assertEquals("Expecting action index 2 but it is actually 1", e.getMessage());
        wrong.finish(2);
        assertEquals(e, wrong.verifyComplete(), "a wrong step is remembered even after finish");

        Ordering unreached = new Ordering();
        assertThrows(AssertionError.class, unreached::expectUnreached);
        assertNotNull(unreached.verifyComplete());
    }

    @Test
    void wrongStepInsideACallbackIsRememberedAndReachesTheHandler() {
        Ordering o = new Ordering();
        TestLoops loops = new TestLoops();
        EventLoop loop = loops.loop();
        loop.callSoon(() -> o.expect(5)); // wrong: it is step 1
        loop.callSoon(loop::stop);
        loop.runForever(); // the loop swallows the AssertionError into its exception handler
        assertNotNull(o.verifyComplete());
        List<AssertionError> problems = loops.closeAll();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).getMessage().contains("Exception in callback"), problems.get(0).getMessage());
    }

    @Test
    void unclosedLoopAndUntakenErrorsAndPendingTasksAreReported() {
        TestLoops loops = new TestLoops();
        EventLoop extra = loops.newLoop();
        EventLoop main = loops.loop();
        main.callExceptionHandler(Map.of("message", "boom"));
        List<AssertionError> problems = loops.closeAll();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).getMessage().startsWith("event loop left unclosed"), problems.get(0).getMessage());
        assertTrue(problems.get(1).getMessage().contains("boom"));
        assertTrue(extra.isClosed() && main.isClosed());

        TestLoops taken = new TestLoops();
        taken.loop().callExceptionHandler(Map.of("message", "expected"));
        assertEquals("expected", taken.takeLoopErrors().get(0).get("message"));
        assertEquals(List.of(), taken.closeAll());

        TestLoops pending = new TestLoops();
        Task<Object> t = pending.loop().createTask(() -> new CompletableFuture<>());
        List<AssertionError> p = pending.closeAll();
        assertEquals(1, p.size());
        assertTrue(p.get(0).getMessage().contains("Task was destroyed but it is pending!"), p.get(0).getMessage());
        assertTrue(!t.done());
    }

    @Test
    void leakedNonDaemonThreadIsFoundAndDaemonIgnored() throws InterruptedException {
        HashSet<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        CountDownLatch release = new CountDownLatch(1);
        Thread daemon = new Thread(() -> await(release), "kit-daemon");
        daemon.setDaemon(true);
        daemon.start();
        Thread finishing = new Thread(() -> { }, "kit-finishing");
        finishing.start();
        assertEquals(List.of(), AsyncioTestExtension.leakedThreads(before));
        Thread leaking = new Thread(() -> await(release), "kit-leaking");
        leaking.start();
        // The grace period (5 s) passes once, then the thread is reported.
        assertEquals(List.of(leaking), AsyncioTestExtension.leakedThreads(before));
        release.countDown();
        leaking.join();
        daemon.join();
    }

    @ExtendWith(AsyncioTestExtension.class)
    @Test
    void extensionInjectsOneLoopAndRunsAChain(Ordering o, EventLoop loop, TestLoops loops) {
        assertTrue(loop == loops.loop());
        assertEquals(3600.0, loops.run(() -> {
            o.expect(1);
            return io.asyncio4j.Asyncio.sleep(3600).thenApply(x -> {
                o.expect(2);
                return loop.time();
            });
        }));
        o.finish(3);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
