package io.asyncio4j.engine.streams

/** The `(reader, writer)` pair `openConnection`/`openUnixConnection` give. */
public class StreamPair(private val reader: StreamReader, private val writer: StreamWriter) {
    /** The connection's reader (the first item of asyncio's `(reader, writer)` pair). */
    public fun reader(): StreamReader = reader

    /** The connection's writer (the second item of asyncio's `(reader, writer)` pair). */
    public fun writer(): StreamWriter = writer

    /** Kotlin destructuring: `val (reader, writer) = openConnection(...)` (hidden from Java). */
    @JvmSynthetic public operator fun component1(): StreamReader = reader

    /** Kotlin destructuring: `val (reader, writer) = openConnection(...)` (hidden from Java). */
    @JvmSynthetic public operator fun component2(): StreamWriter = writer

    override fun toString(): String = "($reader, $writer)"
}
