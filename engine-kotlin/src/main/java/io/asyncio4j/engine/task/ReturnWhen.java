package io.asyncio4j.engine.task;

/**
 * When {@code Waiting.wait} returns: asyncio.FIRST_COMPLETED / FIRST_EXCEPTION / ALL_COMPLETED. A Java enum
 * (written in Java: a Kotlin enum would add {@code getEntries()}, a kotlin.* type, to its Java signature).
 * {@link #valueOf(String)} takes asyncio's spelling; {@link #of(String)} gives asyncio's ValueError wording.
 */
public enum ReturnWhen {
    /** As soon as any future finishes or is cancelled. */
    FIRST_COMPLETED,
    /** As soon as any future finishes with an exception; ALL_COMPLETED if none does. Cancellation does not count. */
    FIRST_EXCEPTION,
    /** When all futures are done (the default). */
    ALL_COMPLETED;

    /**
     * The constant named {@code name} (asyncio's spelling); IllegalArgumentException with asyncio.wait's
     * ValueError wording, {@code Invalid return_when value: X}, for any other value.
     *
     * @param name FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED
     * @return the constant
     */
    public static ReturnWhen of(String name) {
        if (name == null) {
            throw new NullPointerException("returnWhen must not be null");
        }
        for (ReturnWhen r : values()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("Invalid return_when value: " + name);
    }
}
