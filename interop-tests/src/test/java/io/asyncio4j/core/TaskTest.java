package io.asyncio4j.core;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.TaskFactory;
import io.asyncio4j.testing.AsyncioTestExtension;
import io.asyncio4j.engine.testing.Ordering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.Asyncio.unwrap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** asyncio.Task (test_tasks.py): naming, stepping, cancellation exactly as CPython, current/all tasks, eager start. */
@ExtendWith(AsyncioTestExtension.class)
class TaskTest {

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    @Test
    void defaultNamesCountUpAndSetNameRenames(EventLoop loop) {
        Task<Integer> a = loop.createTask(() -> done(1));
        Task<Integer> b = loop.createTask(() -> done(2));
        Task<Integer> named = loop.createTask(() -> done(3), "worker");
        assertTrue(a.getName().matches("Task-\\d+"), a.getName());
        int n = Integer.parseInt(a.getName().substring(5));
        assertEquals("Task-" + (n + 1), b.getName());
        assertEquals("worker", named.getName());
        a.setName("renamed");
        assertEquals("renamed", a.getName());
        a.setName(42);
        assertEquals("42", a.getName());
        assertTrue(b.toString().startsWith("<Task pending name='Task-" + (n + 1) + "' coro="), b.toString());
        loop.runUntilComplete(Asyncio.gather(a, b, named));
        assertTrue(b.toString().startsWith("<Task finished result=2 name="), b.toString());
    }

    @Test
    void setResultAndSetExceptionAreRefused(EventLoop loop) {
        Task<Integer> t = loop.createTask(() -> done(1));
        assertEquals("Task does not support set_result operation",
                assertThrows(IllegalStateException.class, () -> t.setResult(2)).getMessage());
        assertEquals("Task does not support set_exception operation",
                assertThrows(IllegalStateException.class, () -> t.setException(new RuntimeException())).getMessage());
        // The JDK's deferred completions are refused where they are asked for, not later in a JDK thread that
        // would swallow the refusal.
        assertTrue(assertThrows(IllegalStateException.class, () -> t.orTimeout(1, TimeUnit.MILLISECONDS))
                .getMessage().contains("use waitFor(task, timeout)"));
        assertThrows(IllegalStateException.class, () -> t.completeOnTimeout(3, 1, TimeUnit.MILLISECONDS));
        assertThrows(IllegalStateException.class, () -> t.completeAsync(() -> 4));
        assertThrows(IllegalStateException.class, () -> t.completeAsync(() -> 4, Runnable::run));
        assertEquals(1, loop.runUntilComplete(t));
    }

    @Test
    void firstStepRunsOnTheNextIteration(Ordering o, EventLoop loop) {
        loop.callSoon(() -> {
            o.expect(1);
            loop.callSoon(() -> o.expect(3));
            Task<Integer> t = loop.createTask(() -> {
                o.expect(4);
                return done(1);
            });
            loop.callSoon(() -> o.expect(5));
            assertFalse(t.done());
            o.expect(2);
            t.addDoneCallback(x -> {
                loop.stop();
                o.expect(6);
            });
        });
        loop.runForever();
        o.finish(7);
    }

    @Test
    void cancelBeforeTheFirstStepNeverStartsTheCoroutine(Ordering o, EventLoop loop) {
        Task<Integer> t = loop.createTask(() -> {
            o.expectUnreached();
            return done(1);
        });
        o.expect(1);
        assertTrue(t.cancel("early"));
        assertEquals(1, t.cancelling());
        assertFalse(t.done(), "cancellation is delivered on the next iteration");
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("early", e.getMessage());
        assertTrue(t.cancelled());
        // CPython 3.11 hands the task's own CancelledError out once (run_until_complete took it); result()
        // then raises a bare one: "ruc CancelledError('early')", "result CancelledError()".
        assertEquals(null, assertThrows(CancelledError.class, t::result).getMessage());
        assertFalse(t.cancel(), "cancel() of a done task returns false");
        o.finish(2);
    }

    @Test
    void cancelWhileAwaitingDeliversCancelledErrorNextIterationAndRunsCleanup(Ordering o, EventLoop loop) {
        Future<String> waited = loop.createFuture();
        Task<String> t = loop.createTask(() -> {
            o.expect(1);
            return waited.thenApply(x -> {
                o.expectUnreached();
                return x;
            }).<String>handle((x, e) -> {
                o.expect(4); // except CancelledError: ... raise
                assertInstanceOf(CancelledError.class, unwrap(e));
                assertEquals("bye", unwrap(e).getMessage());
                throw (CancelledError) unwrap(e);
            }).whenComplete((x, e) -> o.expect(5)); // finally: cleanup
        });
        loop.callSoon(() -> loop.callSoon(() -> {
            o.expect(2);
            assertTrue(t.cancel("bye"));
            assertTrue(waited.cancelled(), "the awaited future is cancelled at once");
            assertFalse(t.done());
            o.expect(3);
        }));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("bye", e.getMessage());
        assertTrue(t.cancelled());
        o.finish(6);
    }

    @Test
    void taskCatchingCancelledErrorKeepsRunningAndAwaiting(Ordering o, EventLoop loop) {
        Task<String> t = loop.createTask(() -> {
            o.expect(1);
            return sleep(10).thenApply(x -> "slept")
                    .exceptionallyCompose(e -> {
                        o.expect(3);
                        assertInstanceOf(CancelledError.class, unwrap(e));
                        return sleep(5, "recovered"); // awaits again after swallowing the cancellation
                    })
                    .thenApply(x -> {
                        o.expect(4);
                        return x;
                    });
        });
        double t0 = loop.time();
        loop.callSoon(() -> loop.callSoon(() -> {
            o.expect(2);
            t.cancel();
        }));
        assertEquals("recovered", loop.runUntilComplete(t));
        assertFalse(t.cancelled());
        assertEquals(1, t.cancelling(), "cancelling() is not reset by catching (3.11)");
        assertEquals(t0 + 5, loop.time(), "the 10 s sleep was cut short, the 5 s one ran");
        o.finish(5);
    }

    @Test
    void cancellingAndUncancelCountRequests(EventLoop loop) {
        Future<String> f = loop.createFuture();
        Task<String> t = loop.createTask(() -> f.exceptionally(e -> "swallowed"));
        loop.runUntilComplete(sleep0(loop)); // t now awaits f
        assertEquals(0, t.cancelling());
        assertTrue(t.cancel());
        assertTrue(t.cancel());
        assertEquals(2, t.cancelling());
        assertEquals(1, t.uncancel());
        assertEquals(0, t.uncancel());
        assertEquals(0, t.uncancel(), "never below zero");
        assertEquals("swallowed", loop.runUntilComplete(t));
        assertFalse(t.cancel());
    }

    @Test
    void cancellingATaskCancelsTheTaskItAwaits(Ordering o, EventLoop loop) {
        AtomicReference<Task<Void>> innerRef = new AtomicReference<>();
        Task<Void> outer = loop.createTask(() -> {
            Task<Void> inner = createTask(() -> sleep(10));
            innerRef.set(inner);
            return inner;
        });
        loop.runUntilComplete(() -> sleep(0).thenCompose(x -> sleep(0)));
        Task<Void> inner = innerRef.get();
        o.expect(1);
        outer.cancel("down");
        // as in CPython: the inner task is asked to cancel at once, is cancelled one iteration later, and the
        // outer task one iteration after that
        assertEquals(1, inner.cancelling());
        runOneIteration(loop);
        assertTrue(inner.cancelled());
        assertFalse(outer.done());
        runOneIteration(loop);
        assertTrue(outer.cancelled());
        assertEquals("down", assertThrows(CancelledError.class, outer::result).getMessage());
        assertEquals(Set.of(), loop.allTasks());
        o.finish(2);
    }

    @Test
    void currentTaskInsideStepsAndContinuations(Ordering o, EventLoop loop) {
        AtomicReference<Task<?>> self = new AtomicReference<>();
        Task<String> t = loop.createTask(() -> {
            o.expect(1);
            self.set(Asyncio.currentTask());
            loop.callSoon(() -> {
                o.expect(2);
                assertNull(Asyncio.currentTask(), "a plain callback runs with no current task");
            });
            return sleep(1).thenApply(x -> {
                o.expect(3);
                assertSame(self.get(), Asyncio.currentTask());
                return "ok";
            }).thenCompose(x -> {
                Future<String> f = loop.createFuture();
                loop.callSoon(() -> f.setResult(x));
                return f;
            }).thenApply(x -> {
                o.expect(4);
                assertSame(self.get(), Asyncio.currentTask(loop));
                return x;
            });
        });
        loop.runUntilComplete(t);
        assertSame(t, self.get());
        assertNull(loop.currentTask());
        o.finish(5);
    }

    @Test
    void allTasksListsThePendingOnes(EventLoop loop) {
        Task<Void> quick = loop.createTask(() -> sleep(1));
        Task<Void> slow = loop.createTask(() -> sleep(5));
        assertEquals(Set.of(quick, slow), loop.allTasks());
        loop.runUntilComplete(quick);
        assertEquals(Set.of(slow), Asyncio.allTasks(loop));
        AtomicReference<Task<?>> self = new AtomicReference<>();
        Task<Set<Task<?>>> inside = loop.createTask(() -> {
            self.set(Asyncio.currentTask());
            return CompletableFuture.completedFuture(Asyncio.allTasks());
        });
        Set<Task<?>> seenInside = loop.runUntilComplete(inside);
        assertEquals(Set.of(self.get(), slow), seenInside, "the running task itself and the slow one");
        // Its result contains the task itself: toString must not recurse forever (CPython's reprlib guards it).
        String s = inside.toString();
        assertTrue(s.startsWith("<Task finished result=["), s);
        loop.runUntilComplete(slow);
        assertEquals(Set.of(), loop.allTasks());
    }

    /** A Task subclass, for createEagerTaskFactory (asyncio's custom_task_constructor). */
    static final class TracedTask<T> extends Task<T> {
        static final List<String> MADE = new ArrayList<>();

        TracedTask(EventLoop loop, Coroutine<T> coro, String name, boolean eagerStart) {
            super(loop, coro, name, eagerStart);
            MADE.add(getName() + " eager=" + eagerStart);
        }
    }

    /** asyncio.create_eager_task_factory(custom_task_constructor): the constructor's class, started eagerly. */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void createEagerTaskFactoryUsesTheConstructorAndStartsEagerly(Ordering o, EventLoop loop) {
        TracedTask.MADE.clear();
        loop.setTaskFactory(Asyncio.createEagerTaskFactory(
                (l, coro, name, eager) -> new TracedTask(l, coro, name, eager)));
        loop.runUntilComplete(() -> {
            o.expect(1);
            Task<Integer> t = createTask(() -> {
                o.expect(2);
                return done(5);
            }, "traced");
            o.expect(3);
            assertTrue(t instanceof TracedTask, t.getClass().getName());
            assertTrue(t.done(), "started inside createTask");
            assertEquals(5, t.result());
            return sleep(0);
        });
        // runUntilComplete's own task comes from the factory too (asyncio's ensure_future -> loop.create_task).
        assertEquals(2, TracedTask.MADE.size(), TracedTask.MADE.toString());
        assertEquals("traced eager=true", TracedTask.MADE.get(1));
        assertTrue(TracedTask.MADE.get(0).endsWith(" eager=true"), TracedTask.MADE.get(0));
        assertThrows(NullPointerException.class, () -> Asyncio.createEagerTaskFactory(null));
        loop.setTaskFactory(null);
        o.finish(4);
    }

    @Test
    void eagerTaskFactoryStartsInsideCreateTask(Ordering o, EventLoop loop) {
        assertNull(loop.getTaskFactory());
        loop.setTaskFactory(TaskFactory.EAGER);
        assertSame(TaskFactory.EAGER, loop.getTaskFactory());
        loop.runUntilComplete(() -> {
            o.expect(1);
            Task<Integer> sync = createTask(() -> {
                o.expect(2);
                return done(7);
            });
            o.expect(3);
            assertTrue(sync.done(), "a coroutine that never waits completes inside createTask");
            assertEquals(7, sync.result());
            Task<Integer> waits = createTask(() -> {
                o.expect(4);
                return sleep(1, 8).thenApply(x -> {
                    o.expect(6);
                    return x;
                });
            }, "eager-named");
            o.expect(5);
            assertFalse(waits.done());
            assertEquals("eager-named", waits.getName());
            return waits;
        });
        loop.setTaskFactory(null);
        Task<Integer> lazy = loop.createTask(() -> done(1));
        assertFalse(lazy.done());
        loop.runUntilComplete(lazy);
        o.finish(7);
    }

    @Test
    void sleepZeroYieldsExactlyOneIteration(Ordering o, EventLoop loop) {
        Task<Void> a = loop.createTask(() -> {
            o.expect(1);
            return sleep(0).thenCompose(x -> {
                o.expect(3);
                return sleep(0);
            }).thenRun(() -> o.expect(5));
        });
        Task<Void> b = loop.createTask(() -> {
            o.expect(2);
            return sleep(0).thenCompose(x -> {
                o.expect(4);
                return sleep(0);
            }).thenRun(() -> o.expect(6));
        });
        loop.runUntilComplete(Asyncio.gather(a, b));
        o.finish(7);
    }

    @Test
    void aFailingCoroutineFailsTheTask(EventLoop loop) {
        Task<Integer> throwsAtStart = loop.createTask(() -> {
            throw new IllegalArgumentException("at start");
        });
        Task<Integer> failsLater = loop.createTask(() -> sleep(1).thenApply(x -> {
            throw new IllegalStateException("later");
        }));
        List<Object> r = loop.runUntilComplete(Asyncio.gather(true, throwsAtStart, failsLater));
        assertInstanceOf(IllegalArgumentException.class, r.get(0));
        assertEquals("later", ((Throwable) r.get(1)).getMessage(), "the task holds the user's exception, unwrapped");
        assertInstanceOf(IllegalStateException.class, failsLater.exception());
    }

    @Test
    void pendingTaskAtCloseIsReported(io.asyncio4j.engine.testing.TestLoops loops) {
        EventLoop loop = loops.newLoop();
        Task<Void> t = loop.createTask(() -> new CompletableFuture<>());
        loop.runUntilComplete(sleep0(loop));
        loop.close();
        var errors = loops.takeLoopErrors();
        assertEquals(1, errors.size());
        assertEquals("Task was destroyed but it is pending!", errors.get(0).get("message"));
        assertSame(t, errors.get(0).get("task"));
    }

    /** Exactly one loop iteration: stop() before runForever() runs one batch (asyncio's documented rule). */
    static void runOneIteration(EventLoop loop) {
        loop.stop();
        loop.runForever();
    }

    private static CompletionStage<Void> sleep0(EventLoop loop) {
        Future<Void> f = loop.createFuture();
        loop.callSoon(() -> f.setResult(null));
        return f;
    }

    @Test
    void gatherResultsInArgumentOrder(Ordering o, EventLoop loop) {
        List<Object> r = loop.runUntilComplete(() -> {
            o.expect(1);
            return Asyncio.gather(sleep(3, "a"), sleep(1, "b"), sleep(2, "c"));
        });
        assertEquals(List.of("a", "b", "c"), r);
        List<Integer> empty = loop.runUntilComplete(() -> Asyncio.<Integer>gather(new ArrayList<CompletionStage<Integer>>()));
        assertEquals(List.of(), empty);
        o.finish(2);
    }

    @Test
    void gatherFirstExceptionPropagatesWhileOthersKeepRunning(Ordering o, EventLoop loop) {
        AtomicReference<Task<String>> slowRef = new AtomicReference<>();
        loop.runUntilComplete(() -> {
            Task<String> slow = createTask(() -> sleep(2).thenApply(x -> {
                o.expect(2);
                return "slow";
            }));
            slowRef.set(slow);
            Task<String> fail = createTask(() -> sleep(1).thenApply(x -> {
                throw new IllegalStateException("first");
            }));
            return Asyncio.gather(fail, slow).handle((r, e) -> {
                o.expect(1);
                assertEquals("first", unwrap(e).getMessage());
                assertFalse(slow.done());
                return slow; // await slow afterwards
            }).thenCompose(s -> s);
        });
        assertEquals("slow", slowRef.get().result());
        o.finish(3);
    }

    @Test
    void gatherReturnExceptions(EventLoop loop) {
        Future<Void> cancelled = loop.createFuture();
        cancelled.cancel("gone");
        List<Object> r = loop.runUntilComplete(() -> Asyncio.gather(true,
                sleep(1, "a"),
                sleep(2).thenApply(x -> { throw new IllegalArgumentException("bad"); }),
                cancelled));
        assertEquals("a", r.get(0));
        assertInstanceOf(IllegalArgumentException.class, unwrap((Throwable) r.get(1)));
        assertInstanceOf(CancelledError.class, r.get(2));
        assertEquals("gone", ((CancelledError) r.get(2)).getMessage());
    }

    @Test
    void cancellingGatherCancelsTheChildren(Ordering o, EventLoop loop) {
        List<Task<Void>> children = new ArrayList<>();
        Future<List<Void>> g = loop.runUntilComplete(() -> {
            for (int i = 0; i < 2; i++) {
                children.add(createTask(() -> sleep(10)));
            }
            return CompletableFuture.completedFuture(Asyncio.gather(children));
        });
        loop.runUntilComplete(sleep0(loop)); // children now sleep
        o.expect(1);
        assertTrue(g.cancel("all of you"));
        assertFalse(g.done(), "gather is cancelled through its children");
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(g));
        assertEquals("all of you", e.getMessage());
        for (Task<Void> c : children) {
            assertTrue(c.cancelled());
        }
        assertTrue(g.cancelled() || g.exception() instanceof CancelledError);
        o.finish(2);
    }

    @Test
    void cancellingATaskAwaitingGatherCancelsEveryChild(Ordering o, EventLoop loop) {
        Task<List<Void>> outer = loop.createTask(() -> Asyncio.gather(
                createTask(() -> sleep(10).whenComplete((x, e) -> o.expect(2))),   // finally: child cleanup 1
                createTask(() -> sleep(10).whenComplete((x, e) -> o.expect(3)))));  // finally: child cleanup 2
        loop.runUntilComplete(() -> sleep(0).thenCompose(x -> sleep(0)));
        o.expect(1);
        assertTrue(outer.cancel("stop all"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
        assertEquals("stop all", e.getMessage());
        assertTrue(outer.cancelled());
        assertEquals(Set.of(), loop.allTasks());
        o.finish(4);
    }

    @Test
    void cancellingATaskAwaitingAForeignStageCancelsIt(Ordering o, EventLoop loop) {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        CompletableFuture<String> composed = new CompletableFuture<>();
        Task<String> direct = loop.createTask(() -> foreign);
        Task<String> viaCompose = loop.createTask(() -> sleep(1).thenCompose(x -> composed));
        loop.runUntilComplete(() -> sleep(2));
        o.expect(1);
        direct.cancel();
        viaCompose.cancel("compose");
        assertEquals("compose", assertThrows(CancelledError.class, () -> loop.runUntilComplete(viaCompose)).getMessage());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(direct));
        assertTrue(foreign.isCancelled(), "the JDK future the task waited on is cancelled too");
        assertTrue(composed.isCancelled());
        o.finish(2);
    }

    @Test
    void aCancelledChildFailsTheGatherWithCancelledError(Ordering o, EventLoop loop) {
        AtomicReference<Task<Void>> other = new AtomicReference<>();
        loop.runUntilComplete(() -> {
            Task<Void> child = createTask(() -> sleep(1));
            other.set(createTask(() -> sleep(5).thenRun(() -> o.expect(2))));
            loop.callSoon(() -> child.cancel("child"));
            return Asyncio.gather(child, other.get()).handle((r, e) -> {
                o.expect(1);
                assertInstanceOf(CancelledError.class, unwrap(e));
                assertEquals("child", unwrap(e).getMessage());
                return null;
            });
        });
        assertFalse(other.get().done(), "the other child keeps running");
        loop.runUntilComplete(other.get());
        o.finish(3);
    }

    @Test
    void eagerTaskFactoryFollowsPython312(Ordering o, EventLoop loop) {
        // CPython 3.12 with eager_task_factory: the new task is current during its eager step; a coroutine that
        // never waits is done (and not in all_tasks) when create_task returns, but its done-callbacks still run
        // on the next iteration; a synchronous failure stays in the task; a nested eager task runs inside its
        // parent's eager step.
        loop.setTaskFactory(Asyncio::eagerTaskFactory); // loop.set_task_factory(asyncio.eager_task_factory)
        loop.runUntilComplete(() -> {
            Task<?> me = Asyncio.currentTask();
            AtomicReference<Task<?>> inside = new AtomicReference<>();
            Task<Integer> sync = createTask(() -> {
                o.expect(1);
                inside.set(Asyncio.currentTask());
                return done(1);
            });
            o.expect(2);
            assertSame(sync, inside.get(), "the eager task is the current task during its first step");
            assertSame(me, Asyncio.currentTask(), "and the creator is current again afterwards");
            assertTrue(sync.done());
            assertEquals(1, sync.result());
            assertFalse(Asyncio.allTasks().contains(sync));
            sync.addDoneCallback(f -> o.expect(9)); // still one iteration later, never inline
            o.expect(3);
            Task<Integer> fails = createTask(() -> {
                o.expect(4);
                throw new IllegalArgumentException("eager boom");
            });
            assertTrue(fails.done(), "the failure is the task's, not createTask's");
            assertEquals("eager boom", fails.exception().getMessage());
            Task<String> outer = createTask(() -> {
                o.expect(5);
                Task<String> inner = createTask(() -> {
                    o.expect(6);
                    return sleep(0).thenApply(x -> {
                        o.expect(10);
                        return "i";
                    });
                });
                o.expect(7);
                assertFalse(inner.done());
                return inner.thenApply(r -> {
                    o.expect(12);
                    return "o" + r;
                });
            }, "outer-task");
            o.expect(8);
            assertFalse(outer.done());
            assertEquals("outer-task", outer.getName());
            assertTrue(Asyncio.allTasks().contains(outer));
            return sleep(0).thenCompose(x -> {
                o.expect(11);
                return outer;
            }).thenAccept(r -> {
                assertEquals("oi", r);
                o.expect(13);
            });
        });
        loop.setTaskFactory(null);
        o.finish(14);
    }

    @Test
    void customTaskFactoryIsUsedAndNamesTheTask(Ordering o, EventLoop loop) {
        List<String> made = new ArrayList<>();
        TaskFactory factory = (l, coro, name) -> {
            made.add(String.valueOf(name));
            return new Task<>(l, coro, "from-factory");
        };
        loop.setTaskFactory(factory);
        assertSame(factory, loop.getTaskFactory());
        Task<Integer> unnamed = loop.createTask(() -> done(1));
        Task<Integer> named = loop.createTask(() -> done(2), "asked-for");
        assertEquals(List.of("null", "asked-for"), made);
        assertEquals("from-factory", unnamed.getName());
        assertEquals("asked-for", named.getName(), "createTask sets the requested name on the factory's task");
        loop.setTaskFactory(null);
        assertEquals(List.of(1, 2), loop.runUntilComplete(Asyncio.gather(unnamed, named)));
    }

    @Test
    void cancellingDuringSleepZeroDeliversAtTheIterationTheYieldScheduled(Ordering o, EventLoop loop) {
        // CPython: a task cancelled while its bare yield (sleep(0)) is pending gets CancelledError at the step
        // the yield already scheduled: ['a start', 'x1', 'main 1', 'c cancels', 'd', 'a cancelled', 'main 2'].
        loop.runUntilComplete(() -> {
            AtomicReference<Task<Void>> a = new AtomicReference<>();
            a.set(createTask(() -> {
                o.expect(1);
                loop.callSoon(() -> {
                    o.expect(4);
                    assertTrue(a.get().cancel());
                });
                loop.callSoon(() -> o.expect(5));
                return sleep(0).whenComplete((x, e) -> {
                    assertInstanceOf(CancelledError.class, unwrap(e));
                    o.expect(6);
                });
            }));
            loop.callSoon(() -> o.expect(2));
            return sleep(0).thenCompose(x -> {
                o.expect(3);
                return sleep(0);
            }).thenCompose(x -> {
                o.expect(7);
                assertTrue(a.get().cancelled());
                return sleep(0);
            }).thenRun(() -> o.expect(8));
        });
        o.finish(9);
    }

    @Test
    void negativeSleepIsSleepZero(Ordering o, EventLoop loop) {
        loop.runUntilComplete(() -> {
            o.expect(1);
            loop.callSoon(() -> o.expect(2));
            return sleep(-5, "r").thenApply(r -> {
                o.expect(3);
                assertEquals("r", r);
                assertEquals(0.0, loop.time());
                return r;
            });
        });
        assertEquals("delay must not be NaN", assertThrows(IllegalArgumentException.class,
                () -> loop.runUntilComplete(() -> sleep(Double.NaN))).getMessage());
        o.finish(4);
    }

    @Test
    void jdkMutatorsOfATaskRefuseAtOnceFromAnyThread(EventLoop loop) throws InterruptedException {
        Task<Integer> t = loop.createTask(() -> sleep(1, 1));
        assertEquals("Task does not support set_result operation",
                assertThrows(IllegalStateException.class, () -> t.complete(2)).getMessage());
        assertEquals("Task does not support set_exception operation",
                assertThrows(IllegalStateException.class, () -> t.completeExceptionally(new RuntimeException())).getMessage());
        AtomicReference<Throwable> fromThread = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                t.complete(3);
            } catch (Throwable e) {
                fromThread.set(e);
            }
        });
        other.start();
        other.join(10_000);
        assertInstanceOf(IllegalStateException.class, fromThread.get(),
                "refused on the calling thread, not reported later by the loop");
        assertEquals(1, loop.runUntilComplete(t));
    }

    @Test
    void cancelBooleanOfATaskFromAnotherThreadCancelsItOnTheLoop(Ordering o, EventLoop loop) throws InterruptedException {
        Task<String> t = loop.createTask(() -> sleep(10).thenApply(x -> "slept").exceptionally(e -> {
            o.expect(1);
            assertInstanceOf(CancelledError.class, unwrap(e));
            assertEquals("Task-", Asyncio.currentTask().getName().substring(0, 5), "cleanup runs in the task");
            throw (CancelledError) unwrap(e);
        }));
        loop.runUntilComplete(sleep0(loop));
        AtomicReference<Boolean> returned = new AtomicReference<>();
        Thread other = new Thread(() -> returned.set(t.cancel(true)));
        other.start();
        other.join(10_000);
        assertTrue(returned.get());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.cancelled());
        assertEquals(1, t.cancelling());
        assertEquals(0.0, loop.time(), "the 10 s sleep was cancelled, not waited for");
        o.finish(2);
    }

    @Test
    void getStackAndPrintStackFollowAsyncio(EventLoop loop) {
        // Not in debug mode: a pending Java chain has no frames to show.
        Task<Void> plain = loop.createTask(() -> sleep(1));
        assertEquals(List.of(), plain.getStack());
        assertEquals("No stack for " + plain + "\n", printed(plain, -1));

        loop.setDebug(true);
        Task<Void> pending = loop.createTask(() -> sleep(1));
        loop.setDebug(false);
        List<StackTraceElement> created = pending.getStack();
        assertTrue(created.stream().anyMatch(f -> f.getMethodName().equals("getStackAndPrintStackFollowAsyncio")),
                created.toString());
        StackTraceElement newest = created.get(created.size() - 1);
        assertEquals(Task.class.getName(), newest.getClassName(), "oldest first: the Task constructor comes last");
        assertEquals(created.subList(created.size() - 2, created.size()), pending.getStack(2),
                "a limit keeps the newest frames of a pending task");
        String out = printed(pending, -1);
        assertTrue(out.startsWith("Stack for " + pending + " (most recent call last):\n  at "), out);
        assertEquals(created.size() + 1, out.split("\n").length);

        Task<Void> failed = loop.createTask(() -> sleep(0).thenRun(() -> {
            throw new IllegalStateException("boom");
        }));
        loop.runUntilComplete(Asyncio.gather(true, plain, pending, failed));
        List<StackTraceElement> tb = failed.getStack();
        assertTrue(tb.get(tb.size() - 1).getMethodName().startsWith("lambda$"), "the raising frame comes last: " + tb);
        assertEquals(tb.subList(0, 3), failed.getStack(3), "a limit keeps the outermost frames of a traceback");
        String trace = printed(failed, 3);
        String[] lines = trace.split("\n");
        assertEquals("Traceback for " + failed + " (most recent call last):", lines[0]);
        assertEquals(5, lines.length, trace);
        assertEquals("java.lang.IllegalStateException: boom", lines[4]);

        assertEquals(List.of(), plain.getStack(), "a task that finished has no stack");
        assertEquals("No stack for " + plain + "\n", printed(plain, -1));
        assertThrows(IllegalArgumentException.class, () -> plain.getStack(-1));
    }

    private static String printed(Task<?> t, int limit) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        if (limit < 0) {
            t.printStack(out);
        } else {
            t.printStack(limit, out);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void cancellingGatherWithReturnExceptionsStillRaisesCancelledError(Ordering o, EventLoop loop) {
        // Python issue 32684: even with return_exceptions=True, and even when a child swallows the
        // cancellation and returns a value, a cancelled gather raises CancelledError.
        for (boolean returnExceptions : new boolean[] {true, false}) {
            AtomicReference<Task<String>> swallower = new AtomicReference<>();
            Future<List<Object>> g = loop.runUntilComplete(() -> {
                swallower.set(createTask(() -> sleep(10).thenApply(x -> "slept").exceptionally(e -> "swallowed")));
                return CompletableFuture.completedFuture(Asyncio.gather(returnExceptions, swallower.get(),
                        createTask(() -> sleep(1, "b"))));
            });
            loop.runUntilComplete(sleep0(loop));
            assertTrue(g.cancel("m"));
            assertEquals("m", assertThrows(CancelledError.class, () -> loop.runUntilComplete(g)).getMessage());
            assertFalse(g.cancelled(), "as in CPython the gather finishes with CancelledError as its exception");
            assertEquals("swallowed", swallower.get().result());
        }
        Future<Integer> doneChild = loop.createFuture();
        doneChild.setResult(1);
        Future<List<Integer>> g = Asyncio.gather(List.of(doneChild));
        loop.runUntilComplete(sleep0(loop));
        assertTrue(g.done());
        assertFalse(g.cancel(), "nothing left to cancel");
        o.finish(1);
    }
}
