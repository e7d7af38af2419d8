package io.asyncio4j.engine.subprocess

/**
 * Python's ProcessLookupError, as asyncio raises it: signalling a child whose transport has finished (the child
 * exited, was reaped and `connectionLost` ran), through `SubprocessTransport.sendSignal/terminate/kill` or
 * `Process.sendSignal/terminate/kill`. An IllegalStateException: the call is wrong in the transport's state.
 */
public open class ProcessLookupError(message: String) : IllegalStateException(message)
