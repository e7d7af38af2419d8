package io.asyncio4j.engine.testing

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Test

/** Ordering's own rules: wrong steps are remembered, finish once, unreached places fail. */
class OrderingTest {
    @Test
    fun wrongStepMissingFinishAndUnreached() {
        val o = Ordering()
        assertNull(o.verifyComplete(), "no steps taken: nothing to verify")
        o.expect(1)
        assertEquals("Expecting that 'finish(2)' was invoked, but it was not", o.verifyComplete()!!.message)
        o.finish(2)
        assertNull(o.verifyComplete())
        assertThrows(AssertionError::class.java) { o.finish(3) }

        val wrong = Ordering()
        val e = assertThrows(AssertionError::class.java) { wrong.expect(2) }
        assertEquals("Expecting action index 2 but it is actually 1", e.message)
        wrong.finish(2)
        assertSame(e, wrong.verifyComplete(), "a wrong step is remembered even after finish")

        val unreached = Ordering()
        assertThrows(AssertionError::class.java) { unreached.expectUnreached() }
        assertNotNull(unreached.verifyComplete())
        assertEquals("Should not be reached, current action index is 0", unreached.firstError()!!.message)
    }
}
