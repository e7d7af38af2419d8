package io.asyncio4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The catalog's selection, listing and run report (the programs themselves are checked by the conformance suite). */
class CatalogTest {
    private static List<String> names(List<Catalog.Example> examples) {
        return examples.stream().map(Catalog.Example::name).collect(Collectors.toList());
    }

    @Test
    void selectsByNameByGroupAndAllEachProgramOnce() {
        assertEquals(List.of("seed_shield", "hello_world"), names(Catalog.select("seed_shield, hello_world")));
        List<Catalog.Example> seeds = Catalog.select("seeds");
        assertEquals(38, seeds.size());
        assertTrue(seeds.stream().allMatch(e -> e.name().startsWith("seed_") && e.group().equals(Catalog.SEEDS)));
        assertEquals(Catalog.examples().size(), Catalog.select("all").size());
        assertEquals(Catalog.examples().size(), Catalog.select("seed_wait,all,seeds").size(), "no program twice");
        assertEquals("seed_wait", Catalog.select("seed_wait,all").get(0).name(), "in the order named");
    }

    @Test
    void anUnknownNameIsRefusedWithTheGroupsAndHowToList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalog.select("seed_shield,nope"));
        assertEquals("no example or group named 'nope' (groups: " + String.join(", ", Catalog.groups())
                + "; -Dexamples=list lists the examples)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Catalog.select(" , "));
    }

    @Test
    void listShowsEveryProgramWithItsClockAndDescription() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Catalog.list(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String listing = buffer.toString(StandardCharsets.UTF_8);
        for (Catalog.Example e : Catalog.examples()) {
            assertTrue(listing.contains(e.name()) && listing.contains(e.description()), e.name());
        }
        assertTrue(listing.lines().anyMatch(l -> l.contains("seed_to_thread") && l.contains("real time")));
        assertTrue(listing.lines().anyMatch(l -> l.contains("seed_shield ") && !l.contains("real time")));
    }

    @Test
    void runShowsProgressAndOutputNamesTheFailureAndGoesOn() {
        List<Catalog.Example> programs = List.of(
                new Catalog.Example("fine", "test", Catalog.Time.VIRTUAL, "prints", 17, args -> System.out.println("hi")),
                new Catalog.Example("broken", "test", Catalog.Time.REAL, "throws", 17, args -> {
                    System.out.println("before");
                    throw new IllegalStateException("boom");
                }),
                new Catalog.Example("after", "test", Catalog.Time.VIRTUAL, "still runs", 17, args -> System.out.println("ran")));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<String> failed = Catalog.run(programs, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertEquals(List.of("broken"), failed);
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        assertTrue(lines.get(0).matches("\\[1/3] fine \\.\\.\\. ok \\d+\\.\\d s"), lines.get(0));
        assertEquals("    hi", lines.get(1));
        assertTrue(lines.get(2).matches("\\[2/3] broken \\(real time\\) \\.\\.\\. FAILED \\d+\\.\\d s: "
                + "java.lang.IllegalStateException: boom"), lines.get(2));
        assertEquals("    before", lines.get(3));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\[3/3] after \\.\\.\\. ok .*")));
        assertTrue(lines.get(lines.size() - 1).matches("Ran 3 program\\(s\\) in \\d+\\.\\d s: 2 ok, 1 failed \\(broken\\)"),
                lines.get(lines.size() - 1));
    }

    @Test
    void aProgramThatNeedsANewerJavaIsSkippedOnOneLineAndDoesNotFail() {
        List<Catalog.Example> programs = List.of(
                new Catalog.Example("future", "test", Catalog.Time.VIRTUAL, "needs Java 99", 99, args -> {
                    throw new AssertionError("must not run");
                }),
                new Catalog.Example("here", "test", Catalog.Time.VIRTUAL, "runs", 17, args -> System.out.println("ran")));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<String> failed = Catalog.run(programs, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertEquals(List.of(), failed);
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        assertEquals("Skipping 1 program(s) that need Java 21+ (direct style; this is Java "
                + Runtime.version().feature() + "): future", lines.get(0));
        assertTrue(lines.get(1).matches("\\[1/1] here \\.\\.\\. ok .*"), lines.get(1));
        assertTrue(lines.get(lines.size() - 1).endsWith("1 ok, 0 failed; 1 skipped (need Java 21+)"));
    }

    @Test
    void everySeedHasADirectTwinThatNeedsJava21() {
        for (Catalog.Example seed : Catalog.select("seeds")) {
            Catalog.Example direct = Catalog.find(seed.name() + Catalog.DIRECT_SUFFIX).orElseThrow();
            assertEquals(Catalog.DIRECT, direct.group());
            assertEquals(21, direct.minJava());
            assertEquals(seed.time(), direct.time());
        }
        for (String twin : List.of("echo_server", "queue_workers", "task_group", "wait_for_timeout")) {
            assertEquals(21, Catalog.find(twin + Catalog.DIRECT_SUFFIX).orElseThrow().minJava(), twin);
        }
    }
}
