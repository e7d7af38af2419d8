package io.asyncio4j.tools;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** TaskDump's layouts on hand-made tasks: several roots, a task awaited twice, and a cycle. */
class TaskDumpLayoutTest {
    private static TaskDump.Task task(String id, String name, List<String> byIds, List<String> byNames) {
        return new TaskDump.Task(7, id, name, "C." + name, byIds, byNames);
    }

    @Test
    void taskAwaitedByTwoHasTwoRowsAndSitsUnderBoth() {
        List<TaskDump.Task> tasks = List.of(
                task("0x1", "a", List.of(), List.of()),
                task("0x2", "b", List.of(), List.of()),
                task("0x3", "shared", List.of("0x1", "0x2"), List.of("a", "b")));
        String[] table = TaskDump.table(tasks).split("\n");
        assertEquals(6, table.length); // header, rule, a, b, shared twice (one row per awaiter, as 3.14)
        assertEquals("7          0x3                  shared               C.shared"
                + " ".repeat(43) + " ".repeat(51) + "a               0x1", table[4]);
        assertEquals(String.join("\n",
                "└── (T) a",
                "    └── (T) shared",
                "        └──  C.shared",
                "└── (T) b",
                "    └── (T) shared",
                "        └──  C.shared") + "\n", TaskDump.tree(tasks));
        assertEquals(List.of(), TaskDump.cycles(tasks));
    }

    @Test
    void aCycleIsFound() {
        List<TaskDump.Task> tasks = List.of(
                task("0x1", "a", List.of("0x2"), List.of("b")),
                task("0x2", "b", List.of("0x1"), List.of("a")));
        assertEquals(List.of(List.of("0x2", "0x1", "0x2")), TaskDump.cycles(tasks));
    }
}
