package io.asyncio4j.engine.streams

/** The `(reader, writer)` pair `openConnection`/`openUnixConnection` give. */
public class StreamPair(private val reader: StreamReader, private val writer: StreamWriter) {
    public fun reader(): StreamReader = reader

    public fun writer(): StreamWriter = writer

    public operator fun component1(): StreamReader = reader

    public operator fun component2(): StreamWriter = writer

    override fun toString(): String = "($reader, $writer)"
}
