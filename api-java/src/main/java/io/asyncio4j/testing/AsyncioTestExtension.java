package io.asyncio4j.testing;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.testing.Ordering;
import io.asyncio4j.engine.testing.TestLoops;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

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
 * After the test it runs {@link TestLoops#verify(Ordering)} and fails a test that passed otherwise with what was
 * found (one {@code AssertionError}, each problem also attached as suppressed). When the test itself failed it
 * only cleans up.
 */
public final class AsyncioTestExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {
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
