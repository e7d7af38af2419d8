package io.asyncio4j.testing;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Direct;
import io.asyncio4j.engine.testing.Ordering;
import io.asyncio4j.engine.testing.TestLoops;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

import java.lang.reflect.Method;
import java.util.List;

/**
 * The JUnit 5 extension behind {@link AsyncioTest} (also usable as {@code @ExtendWith(AsyncioTestExtension.class)}
 * on a class of plain {@code @Test} methods). Per test it makes a {@link TestLoops} (the leak checks Kotlin's
 * {@code runAsyncioTest} uses too) and an {@link Ordering}, and resolves these parameters:
 * <ul>
 *   <li>{@link EventLoop}: the test's loop, virtual time unless {@code @AsyncioTest(realTime = true)};</li>
 *   <li>{@link TestLoops}: that loop ({@code loop()}), {@code run(coro)}, more loops, {@code takeLoopErrors()};</li>
 *   <li>{@link Ordering}: {@code expect(n)} / {@code finish(n)} for schedule tests.</li>
 * </ul>
 * With {@code @AsyncioTest(direct = true)} it also intercepts the test method and runs it as a direct-style
 * coroutine in a task on that loop (Java 21+; aborted, not failed, on an older JDK).
 * After the test it runs {@link TestLoops#verify(Ordering)} and fails a test that passed otherwise with what was
 * found (one {@code AssertionError}, each problem also attached as suppressed). When the test itself failed it
 * only cleans up.
 */
public final class AsyncioTestExtension
        implements ParameterResolver, BeforeEachCallback, AfterEachCallback, InvocationInterceptor {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(AsyncioTestExtension.class);

    /** Made by JUnit ({@code @ExtendWith}). */
    public AsyncioTestExtension() {
    }

    /** JUnit: makes the test's loop before each test. */
    @Override
    public void beforeEach(ExtensionContext context) {
        boolean realTime = AnnotationSupport.findAnnotation(context.getElement(), AsyncioTest.class)
                .map(AsyncioTest::realTime).orElse(false);
        context.getStore(NS).put(TestLoops.class, new TestLoops(realTime));
        context.getStore(NS).put(Ordering.class, new Ordering());
    }

    /**
     * JUnit: runs the test method; with {@code @AsyncioTest(direct = true)}, as a direct-style coroutine in a task
     * on the test's loop until it ends, rethrowing what the body threw as it is. Before Java 21 it aborts the test
     * (TestAbortedException) with the engine's "direct-style coroutines need Java 21+" message.
     */
    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        boolean direct = AnnotationSupport.findAnnotation(extensionContext.getElement(), AsyncioTest.class)
                .map(AsyncioTest::direct).orElse(false);
        if (!direct) {
            invocation.proceed();
            return;
        }
        if (!Direct.isSupported()) {
            String why;
            try {
                Direct.coroutine(() -> null);
                why = "direct-style coroutines are not supported on this JVM";
            } catch (UnsupportedOperationException e) {
                why = e.getMessage();
            }
            invocation.skip();
            throw new TestAbortedException("@AsyncioTest(direct = true): " + why);
        }
        loops(extensionContext).run(Direct.coroutine(() -> {
            try {
                invocation.proceed();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw AsyncioTestExtension.<RuntimeException>sneaky(t); // a bare Throwable: still as it is
            }
            return null;
        }));
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** JUnit: true for the parameter types this extension supplies. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == Ordering.class || type == EventLoop.class || type == TestLoops.class;
    }

    /** JUnit: supplies the parameter (the test's loop, or its helpers). */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        if (type == Ordering.class) {
            return ordering(extension);
        }
        if (type == TestLoops.class) {
            return loops(extension);
        }
        if (type == EventLoop.class) {
            return loops(extension).loop();
        }
        throw new ParameterResolutionException("AsyncioTestExtension cannot resolve " + type);
    }

    /** The {@link Ordering} of the running test (for helpers that are not test parameters). */
    public static Ordering ordering(ExtensionContext extension) {
        return required(extension, Ordering.class);
    }

    /** The {@link TestLoops} of the running test (for helpers that are not test parameters). */
    public static TestLoops loops(ExtensionContext extension) {
        return required(extension, TestLoops.class);
    }

    private static <T> T required(ExtensionContext extension, Class<T> type) {
        T value = extension.getStore(NS).get(type, type);
        if (value == null) {
            throw new ParameterResolutionException(type.getSimpleName() + " is only available in a test method "
                    + "run by AsyncioTestExtension (not in @BeforeAll or a constructor)");
        }
        return value;
    }

    /** JUnit: closes the test's loop after each test and fails on errors it reported. */
    @Override
    public void afterEach(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NS);
        TestLoops loops = store.remove(TestLoops.class, TestLoops.class);
        Ordering ordering = store.remove(Ordering.class, Ordering.class);
        if (loops == null) {
            return;
        }
        if (context.getExecutionException().isPresent()) {
            loops.verify(ordering); // clean up only: the test's own failure is what it reports
            return;
        }
        List<AssertionError> problems = loops.verify(ordering);
        if (problems.isEmpty()) {
            return;
        }
        if (problems.size() == 1) {
            throw problems.get(0);
        }
        StringBuilder message = new StringBuilder("asyncio test teardown found " + problems.size() + " problems:");
        for (AssertionError p : problems) {
            message.append("\n- ").append(p.getMessage());
        }
        AssertionError all = new AssertionError(message.toString());
        problems.forEach(all::addSuppressed);
        throw all;
    }
}
