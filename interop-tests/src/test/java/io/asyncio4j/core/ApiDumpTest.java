package io.asyncio4j.core;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java-visible surface of each jar, as a committed text file (the way kotlinx-coroutines keeps its {@code .api}
 * files): {@code engine-kotlin/api/engine-kotlin.api} and {@code api-java/api/api-java.api}, made from the bytecode
 * by reflection. It lists what a Java user's IDE offers: every public class (all its enclosing classes public),
 * its supertypes, and every public or protected field, constructor and method that javac lets Java code call
 * (synthetic and bridge members are invisible to javac; {@code $} names are listed, since Java can call them).
 *
 * <p>The test fails when the surface changes without the dump being updated, and says how to update it:
 * {@code mvn -o -q -pl interop-tests -am verify -Dtest=ApiDumpTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dasyncio4j.api.update=true}, then review the diff ({@code git diff '*.api'}) and commit it.
 */
public class ApiDumpTest {
    static final String UPDATE = "asyncio4j.api.update";

    @Test
    void engineSurfaceMatchesItsDump() throws Exception {
        check(EventLoop.class, "engine-kotlin/api/engine-kotlin.api");
    }

    @Test
    void apiJavaSurfaceMatchesItsDump() throws Exception {
        check(Asyncio.class, "api-java/api/api-java.api");
    }

    /**
     * The Kotlin artefacts issue 12 removed stay removed: no writable public field, no static that exists only on a
     * {@code Companion}, no {@code componentN} or {@code $}-named member a Java user could call.
     */
    @Test
    void noKotlinArtefactsInTheJavaSurface() throws Exception {
        List<String> problems = new ArrayList<>();
        List<Class<?>> classes = new ArrayList<>(classesOf(EventLoop.class));
        classes.addAll(classesOf(Asyncio.class));
        for (Class<?> c : classes) {
            if (!javaVisible(c)) {
                continue;
            }
            for (Field f : c.getDeclaredFields()) {
                if (callable(f, f.isSynthetic()) && !Modifier.isFinal(f.getModifiers())) {
                    problems.add("writable public field " + f);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (!callable(m, m.isSynthetic() || m.isBridge())) {
                    continue;
                }
                if (m.getName().contains("$") || m.getName().matches("component\\d+")) {
                    problems.add("Kotlin-generated member " + m);
                }
                Class<?> outer = c.getDeclaringClass();
                if (c.getSimpleName().equals("Companion") && outer != null && javaVisible(outer)) {
                    try {
                        Method s = outer.getDeclaredMethod(m.getName(), m.getParameterTypes());
                        if (!Modifier.isStatic(s.getModifiers())) {
                            problems.add("not static on " + outer.getName() + ": " + m);
                        }
                    } catch (NoSuchMethodException e) {
                        problems.add("Companion-only static (add @JvmStatic): " + m);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theDumpSeesWhatJavaSees() {
        String dump = dump(List.of(Sample.class));
        assertTrue(dump.contains("public static java.lang.String " + Sample.class.getName() + ".shown$name()"), dump);
        assertTrue(dump.contains("public " + Sample.class.getName() + "()"), dump);
        assertTrue(!dump.contains("hidden"), dump);
    }

    @SuppressWarnings("unused")
    public static class Sample {
        public static String shown$name() {
            return "";
        }

        static void hidden() {
        }

        private int hiddenField;
    }

    private static void check(Class<?> anyClassOfTheJar, String dumpPath) throws Exception {
        String actual = dump(classesOf(anyClassOfTheJar));
        Path file = projectRoot().resolve(dumpPath);
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, "The Java-visible surface of " + dumpPath + " changed. If intended, "
                + "regenerate the dump: mvn -o -q -pl interop-tests -am verify -Dtest=ApiDumpTest "
                + "-Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE + "=true ; then review `git diff '*.api'`"
                + " and commit it.");
    }

    /** The reactor root: the working directory of the interop-tests module's tests is the module itself. */
    static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("engine-kotlin")) ? here : here.getParent();
    }

    /** The text of the dump: one block per Java-visible class, sorted, members sorted. */
    static String dump(List<Class<?>> classes) {
        StringBuilder sb = new StringBuilder();
        List<Class<?>> visible = classes.stream().filter(ApiDumpTest::javaVisible)
                .sorted(Comparator.comparing(Class::getName)).collect(Collectors.toList());
        for (Class<?> c : visible) {
            sb.append(header(c)).append(" {\n");
            List<String> members = new ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                if (callable(f, f.isSynthetic())) {
                    members.add(f.toGenericString());
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (callable(k, k.isSynthetic())) {
                    members.add(k.toGenericString());
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (callable(m, m.isSynthetic() || m.isBridge())) {
                    members.add(m.toGenericString());
                }
            }
            members.sort(null);
            for (String m : members) {
                sb.append("  ").append(m).append('\n');
            }
            sb.append("}\n\n");
        }
        return sb.toString();
    }

    private static String header(Class<?> c) {
        StringBuilder sb = new StringBuilder(Modifier.toString(c.getModifiers() & ~Modifier.INTERFACE & ~Modifier.ABSTRACT
                & ~Modifier.STATIC));
        if (c.isInterface() && !c.isAnnotation()) {
            sb.append(" interface ");
        } else if (c.isAnnotation()) {
            sb.append(" @interface ");
        } else if (c.isEnum()) {
            sb.append(" enum ");
        } else {
            sb.append(Modifier.isAbstract(c.getModifiers()) ? " abstract class " : " class ");
        }
        sb.append(c.getName());
        Type sup = c.getGenericSuperclass();
        if (sup != null && sup != Object.class && !c.isEnum()) {
            sb.append(" extends ").append(sup.getTypeName());
        }
        Type[] interfaces = c.getGenericInterfaces();
        if (interfaces.length > 0) {
            sb.append(c.isInterface() ? " extends " : " implements ");
            sb.append(Stream.of(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        return sb.toString().trim();
    }

    /** A class Java code can name: public, not synthetic or anonymous, every enclosing class public too. */
    static boolean javaVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isSynthetic() || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static boolean callable(Member m, boolean synthetic) {
        int mod = m.getModifiers();
        return (Modifier.isPublic(mod) || Modifier.isProtected(mod)) && !synthetic;
    }

    /** Every class of the jar (or reactor output directory) that holds {@code anyClass}. */
    static List<Class<?>> classesOf(Class<?> anyClass) throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".class")).forEach(p -> names.add(root.relativize(p).toString()));
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
            classes.add(Class.forName(className, false, anyClass.getClassLoader()));
        }
        return classes;
    }
}
