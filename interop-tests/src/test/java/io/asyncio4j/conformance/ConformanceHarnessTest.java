package io.asyncio4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.exceptions.InvalidStateError;
import io.asyncio4j.engine.exceptions.TimeoutError;
import io.asyncio4j.examples.Py;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

/**
 * The conformance harness's own pieces, in the default build (ConformanceTest itself needs the CPython
 * scenarios and runs only under -Pconformance). Expected strings are what CPython 3.11 prints.
 */
class ConformanceHarnessTest {
    @Test
    void f1RoundsLikePythonFormat() {
        // python3 -c "print(f'{0.25:.1f}', f'{0.35:.1f}', f'{0.05:.1f}', f'{0.15:.1f}', f'{1.25:.1f}', ...)"
        double[] xs = {0.25, 0.35, 0.05, 0.15, 1.25, 2.675, 0.0, 0.1 + 0.2, -0.04, 0.30000000000000004};
        String[] python = {"0.2", "0.3", "0.1", "0.1", "1.2", "2.7", "0.0", "0.3", "-0.0", "0.3"};
        for (int i = 0; i < xs.length; i++) {
            assertEquals(python[i], Py.f1(xs[i]), "f'{" + xs[i] + ":.1f}'");
        }
        assertEquals("t=0.1", Py.t(0.1000001));
    }

    @Test
    void strFormatsValuesLikePythonStr() {
        assertEquals("True", Py.str(true));
        assertEquals("False", Py.str(Boolean.FALSE));
        assertEquals("None", Py.str(null));
        assertEquals("[a, 1, None, True]", Py.str(Arrays.asList("a", 1, null, true)));
        assertEquals("[]", Py.str(List.of()));
        assertEquals("1.0", Py.str(1.0));
        assertEquals("0.30000000000000004", Py.str(0.1 + 0.2));
        assertEquals("boom", Py.str(new IllegalArgumentException("boom")));
    }

    @Test
    void typeNameMapsJavaExceptionsToTheirPythonNames() {
        assertEquals("ValueError", Py.typeName(new IllegalArgumentException()));
        assertEquals("RuntimeError", Py.typeName(new IllegalStateException()));
        assertEquals("CancelledError", Py.typeName(new CancelledError()));
        assertEquals("TimeoutError", Py.typeName(new TimeoutError()));
        assertEquals("InvalidStateError", Py.typeName(new InvalidStateError("Result is not set.")));
        assertEquals("ValueError", Py.typeName(new CompletionException(new IllegalArgumentException())));
        assertEquals("ValueError: bad input", Py.describe(new IllegalArgumentException("bad input")));
        assertEquals("CancelledError", Py.describe(new CancelledError()));
    }

    @Test
    void diffShowsExpectedThenActualAndInvisibleDifferences() {
        String diff = ConformanceTest.TraceDiff.diff("a\nb t=0.1\nc\n", "a\nb t=0.2\nc \n");
        assertEquals("  a\n- b t=0.1\n- c\n+ b t=0.2\n+ c <trailing space>\n", diff);
        assertEquals("  a\n+ b<no newline at end>\n", ConformanceTest.TraceDiff.diff("a\n", "a\nb"));
    }

    @Test
    void onlyTimeStampsDifferIsTrueForStampsAloneAndFalseForAnyOtherChange() {
        String expected = "start\nslow_add(2, 3) = 5 t=0.2\nticker t=0.1\n";
        assertEquals(true, ConformanceTest.TraceDiff.onlyTimeStampsDiffer(expected,
                "start\nslow_add(2, 3) = 5 t=0.3\nticker t=0.1\n"));
        assertEquals(false, ConformanceTest.TraceDiff.onlyTimeStampsDiffer(expected, expected), "identical traces");
        assertEquals(false, ConformanceTest.TraceDiff.onlyTimeStampsDiffer(expected,
                "start\nticker t=0.1\nslow_add(2, 3) = 5 t=0.2\n"), "events in another order");
        assertEquals(false, ConformanceTest.TraceDiff.onlyTimeStampsDiffer(expected,
                "start\nslow_add(2, 3) = 6 t=0.2\nticker t=0.1\n"), "another value");
        assertEquals(false, ConformanceTest.TraceDiff.onlyTimeStampsDiffer(expected,
                "start\nslow_add(2, 3) = 5 t=0.2\n"), "a missing event");
    }

    @Test
    void stylesComeFromThePropertyOrFromTheJvmAndTheDirectJvmSetting() {
        String savedStyles = System.getProperty("asyncio4j.conformance.styles");
        String savedJvm = System.getProperty("asyncio4j.conformance.direct.jvm");
        try {
            System.setProperty("asyncio4j.conformance.styles", "direct");
            assertEquals(false, ConformanceTest.checks("chain"));
            assertEquals(true, ConformanceTest.checks("direct"));
            System.clearProperty("asyncio4j.conformance.styles");
            System.setProperty("asyncio4j.conformance.direct.jvm", "/some/jdk25/bin/java");
            assertEquals(true, ConformanceTest.checks("chain"));
            assertEquals(false, ConformanceTest.checks("direct"), "the direct execution runs them");
            System.setProperty("asyncio4j.conformance.direct.jvm", "${direct.jvm}"); // unset in the pom
            assertEquals("", ConformanceTest.directJvm());
            assertEquals(Runtime.version().feature() >= 21, ConformanceTest.checks("direct"));
        } finally {
            restore("asyncio4j.conformance.styles", savedStyles);
            restore("asyncio4j.conformance.direct.jvm", savedJvm);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
