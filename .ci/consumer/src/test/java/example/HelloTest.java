package example;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.testing.Ordering;
import io.asyncio4j.engine.testing.TestLoops;
import io.asyncio4j.testing.AsyncioTest;

import java.net.JarURLConnection;
import java.util.List;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's "Testing your code", plus checks that the jars are the published ones. */
class HelloTest {
    @AsyncioTest
    void saysHelloThenWorldInVirtualTime(TestLoops loops, EventLoop loop, Ordering o) {
        o.expect(1);
        assertEquals(List.of("hello", "world"), loops.run(Hello::main));
        assertEquals(2.0, loop.time());
        o.finish(2);
    }

    @AsyncioTest
    void jarsCarryTheirModuleNames() throws Exception {
        assertEquals("io.asyncio4j", moduleName(Asyncio.class));
        assertEquals("io.asyncio4j.engine", moduleName(EventLoop.class));
    }

    private static String moduleName(Class<?> c) throws Exception {
        var url = c.getResource(c.getSimpleName() + ".class");
        assertTrue(url.getProtocol().equals("jar"), "from a jar, not classes/: " + url);
        try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
            assertTrue(jar.getName().contains("consumer-local"), "from the check's own repository: " + jar.getName());
            return jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
        }
    }
}
