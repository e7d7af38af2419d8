package io.asyncio4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A tiny expect(n)/finish(n) counter (kotlinx-coroutines TestBase style): each step asserts its position, so the
 * numbers in a test are the schedule. Local stand-in until the shared testkit extension lands on main.
 */
final class Order {
    private int step;

    void expect(int n) {
        assertEquals(n, ++step, "step out of order");
    }

    void finish(int n) {
        expect(n);
    }

    int steps() {
        return step;
    }
}
