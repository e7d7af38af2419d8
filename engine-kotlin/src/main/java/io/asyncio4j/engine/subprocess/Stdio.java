package io.asyncio4j.engine.subprocess;

/**
 * Where a child's standard stream goes (asyncio.subprocess.PIPE / STDOUT / DEVNULL, or None = inherit). A Java
 * enum (written in Java: a Kotlin enum would add {@code getEntries()}, a kotlin.* type, to its Java signature).
 */
public enum Stdio {
    /** A pipe to this program: {@code Process.stdin()} / {@code stdout()} / {@code stderr()}. */
    PIPE,
    /** stderr only: merged into stdout (asyncio.subprocess.STDOUT). */
    STDOUT,
    /** /dev/null (asyncio.subprocess.DEVNULL). */
    DEVNULL,
    /** The parent's own stream (asyncio's None, the default). */
    INHERIT
}
