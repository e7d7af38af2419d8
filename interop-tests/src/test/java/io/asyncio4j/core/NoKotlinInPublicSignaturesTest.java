package io.asyncio4j.core;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.exceptions.BrokenBarrierError;
import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.exceptions.IncompleteReadError;
import io.asyncio4j.engine.exceptions.InvalidStateError;
import io.asyncio4j.engine.exceptions.LimitOverrunError;
import io.asyncio4j.engine.exceptions.QueueEmpty;
import io.asyncio4j.engine.exceptions.QueueFull;
import io.asyncio4j.engine.exceptions.QueueShutDown;
import io.asyncio4j.engine.exceptions.SendfileNotAvailableError;
import io.asyncio4j.engine.exceptions.TimeoutError;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.future.Futures;
import io.asyncio4j.engine.loop.Clock;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.Events;
import io.asyncio4j.engine.loop.ExceptionHandler;
import io.asyncio4j.engine.loop.Handle;
import io.asyncio4j.engine.loop.TimerHandle;
import io.asyncio4j.engine.loop.VirtualClock;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.FrameCallGraphEntry;
import io.asyncio4j.engine.task.FutureCallGraph;
import io.asyncio4j.engine.task.Graph;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.TaskFactory;
import io.asyncio4j.engine.task.Tasks;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No public or protected signature a Java user meets mentions a {@code kotlin.*} or {@code kotlinx.*} type
 * (API.md; OkHttp leaks Function0 once, we check by reflection).
 *
 * <p>Checked: every class of api-java, the engine classes Java users touch (listed below), and every
 * io.asyncio4j class reachable from their public signatures (a return type, a parameter, a supertype...).
 * Looked at: superclass, interfaces, type-parameter bounds, public/protected fields, constructors and methods
 * (parameters, return type, generic arguments, declared exceptions).
 *
 * <p>Not checked, on purpose:
 * <ul>
 *   <li>Kotlin-only files ({@code KotlinTasksKt}, {@code AwaitKt}, ...: every {@code *Kt} facade class):
 *       their top-level/extension functions exist for Kotlin callers, take suspend lambdas by design and
 *       are never reached from a Java-facing signature (the closure below would flag it if they were).</li>
 *   <li>The empty marker interfaces {@code kotlin.jvm.internal.markers.*} (KMappedMarker, KMutableIterable...)
 *       that the Kotlin compiler adds to every class implementing a collection interface ({@code AsCompleted}
 *       is an {@code Iterable}): they declare no member, and no Java signature can take or return them.</li>
 *   <li>Synthetic/bridge members (Kotlin's {@code $default} overload helpers with DefaultConstructorMarker, and
 *       the Kotlin {@code internal} members, which are public in bytecode but marked @JvmSynthetic by
 *       {@code engine-kotlin/hide-internals.py}): javac does not let Java code call them. Every other member is
 *       checked, {@code $} names included ({@code ApiDumpTest} lists them all).</li>
 * </ul>
 */
class NoKotlinInPublicSignaturesTest {

    /** The engine's Java-facing classes (issue 2's list); others are found through their signatures. */
    static final List<Class<?>> ENGINE_ROOTS = List.of(
            EventLoop.class, Future.class, Task.class, Handle.class, TimerHandle.class, Runner.class, Clock.class,
            VirtualClock.class, Events.class, Futures.class, Tasks.class, Coroutine.class, TaskFactory.class,
            ExceptionHandler.class,
            CancelledError.class, InvalidStateError.class, TimeoutError.class, SendfileNotAvailableError.class,
            IncompleteReadError.class, LimitOverrunError.class, BrokenBarrierError.class, QueueEmpty.class,
            QueueFull.class, QueueShutDown.class, Graph.class, FutureCallGraph.class, FrameCallGraphEntry.class,
            io.asyncio4j.engine.testing.TestLoops.class, io.asyncio4j.engine.testing.Ordering.class,
            io.asyncio4j.engine.management.EventLoopMXBean.class, io.asyncio4j.engine.management.TaskInfo.class);

    @Test
    void noPublicSignatureMentionsKotlin() throws Exception {
        Deque<Class<?>> todo = new ArrayDeque<>(apiJavaClasses());
        assertTrue(todo.contains(Asyncio.class), "api-java scan found the facade: " + todo);
        todo.addAll(ENGINE_ROOTS);
        Set<Class<?>> checked = new LinkedHashSet<>();
        List<String> leaks = new ArrayList<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!checked.add(c)) {
                continue;
            }
            for (Type t : signatureTypes(c, leaks)) {
                scan(t, c.getName(), leaks, todo);
            }
        }
        assertTrue(checked.size() > ENGINE_ROOTS.size(), "closure walked: " + checked);
        assertEquals(List.of(), leaks, "public signatures mentioning kotlin.*/kotlinx.* types");
    }

    @Test
    void theCheckFindsALeak() {
        // The check is not vacuous: a class whose public method takes a kotlin.jvm.functions.Function0 is caught.
        List<String> leaks = new ArrayList<>();
        Deque<Class<?>> more = new ArrayDeque<>();
        for (Type t : signatureTypes(Leaky.class, leaks)) {
            scan(t, Leaky.class.getName(), leaks, more);
        }
        assertEquals(3, leaks.size(), leaks.toString()); // Function0, its Unit argument, the wildcard bound
    }

    @SuppressWarnings("unused")
    public static class Leaky {
        public void take(kotlin.jvm.functions.Function0<kotlin.Unit> f) {
        }

        public List<? extends kotlin.Unit> give() {
            return List.of();
        }

        void packagePrivateIsFine(kotlin.Unit u) {
        }
    }

    /** Every type a public/protected signature of {@code c} mentions, each tagged by where it occurs. */
    static List<Type> signatureTypes(Class<?> c, List<String> leaks) {
        List<Type> types = new ArrayList<>();
        if (!Modifier.isPublic(c.getModifiers())) {
            return types;
        }
        if (c.getGenericSuperclass() != null) {
            types.add(c.getGenericSuperclass());
        }
        types.addAll(List.of(c.getGenericInterfaces()));
        for (TypeVariable<?> v : c.getTypeParameters()) {
            types.addAll(List.of(v.getBounds()));
        }
        for (Field f : c.getDeclaredFields()) {
            if (visible(f)) {
                types.add(f.getGenericType());
            }
        }
        List<Executable> executables = new ArrayList<>(List.of(c.getDeclaredConstructors()));
        executables.addAll(List.of(c.getDeclaredMethods()));
        for (Executable e : executables) {
            if (!visible(e) || (e instanceof Method m && m.isBridge())) {
                continue;
            }
            types.addAll(List.of(e.getGenericParameterTypes()));
            types.addAll(List.of(e.getGenericExceptionTypes()));
            for (TypeVariable<?> v : e.getTypeParameters()) {
                types.addAll(List.of(v.getBounds()));
            }
            if (e instanceof Method m) {
                types.add(m.getGenericReturnType());
            }
        }
        for (Class<?> nested : c.getDeclaredClasses()) {
            types.add(nested);
        }
        return types;
    }

    private static boolean visible(Member m) {
        int mod = m.getModifiers();
        boolean synthetic = m instanceof Executable e ? e.isSynthetic() : ((Field) m).isSynthetic();
        return (Modifier.isPublic(mod) || Modifier.isProtected(mod)) && !synthetic;
    }

    /** Reports kotlin types inside {@code t}; queues io.asyncio4j classes it meets for checking. */
    static void scan(Type t, String where, List<String> leaks, Deque<Class<?>> more) {
        if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            String n = c.getName();
            if (n.startsWith("kotlin.jvm.internal.markers.") && c.isInterface()
                    && c.getDeclaredMethods().length == 0) {
                // an empty marker interface: see the class comment
            } else if (n.startsWith("kotlin.") || n.startsWith("kotlinx.")) {
                leaks.add(where + " mentions " + n);
            } else if (n.startsWith("io.asyncio4j.") && !n.endsWith("Kt")) {
                more.add(c);
            }
        } else if (t instanceof ParameterizedType p) {
            scan(p.getRawType(), where, leaks, more);
            for (Type a : p.getActualTypeArguments()) {
                scan(a, where, leaks, more);
            }
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                scan(b, where, leaks, more);
            }
            for (Type b : w.getLowerBounds()) {
                scan(b, where, leaks, more);
            }
        } else if (t instanceof GenericArrayType g) {
            scan(g.getGenericComponentType(), where, leaks, more);
        }
        // TypeVariables: their bounds are scanned where they are declared.
    }

    /** All classes of the api-java artifact (a directory in the reactor, or a jar). */
    static List<Class<?>> apiJavaClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Asyncio.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".class"))
                        .forEach(p -> names.add(root.relativize(p).toString()));
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String n : names) {
            if (n.endsWith("module-info.class") || n.endsWith("package-info.class")) {
                continue;
            }
            String className = n.substring(0, n.length() - ".class".length()).replace('/', '.').replace('\\', '.');
            classes.add(Class.forName(className, false, Asyncio.class.getClassLoader()));
        }
        return classes;
    }
}
