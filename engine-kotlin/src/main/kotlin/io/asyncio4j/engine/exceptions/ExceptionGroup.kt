package io.asyncio4j.engine.exceptions

/**
 * Several exceptions raised together (Python's ExceptionGroup / BaseExceptionGroup): what a [TaskGroup]
 * raises when children (or its body) failed. [exceptions] keeps them in the order they happened; they are
 * also attached as suppressed exceptions so a stack trace shows every one of them. A group may contain
 * other groups (nested task groups nest their errors).
 *
 * [io.asyncio4j.engine.task.TaskGroup]: io.asyncio4j.engine.task.TaskGroup
 */
public open class ExceptionGroup(message: String, exceptions: List<Throwable>) : RuntimeException(message) {
    private val exceptions: List<Throwable> = java.util.List.copyOf(exceptions)

    init {
        require(this.exceptions.isNotEmpty()) { "exceptions must be a non-empty sequence" }
        for (e in this.exceptions) if (e !== this) addSuppressed(e)
    }

    /** The exceptions of this group, in order (ExceptionGroup.exceptions). */
    public fun exceptions(): List<Throwable> = exceptions

    /** The group's own message without the count (ExceptionGroup.message). */
    public fun message(): String = super.message!!

    /**
     * The exceptions of this group and of nested groups that are instances of [type], depth first; leaves only
     * (a convenience for Java, where `except*` does not exist).
     */
    public fun <E : Throwable> leaves(type: Class<E>): List<E> {
        val out = ArrayList<E>()
        fun walk(group: ExceptionGroup) {
            for (e in group.exceptions) {
                if (e is ExceptionGroup) walk(e) else if (type.isInstance(e)) out.add(type.cast(e))
            }
        }
        walk(this)
        return out
    }

    override val message: String
        get() = "${super.message} (${exceptions.size} sub-exception${if (exceptions.size == 1) "" else "s"})"

    override fun toString(): String = "ExceptionGroup: $message"
}
