package io.asyncio4j.engine.contextvars

/**
 * A context variable (Python's contextvars.ContextVar): its value depends on the current [Context], so each
 * task has its own view. A task starts with a copy of its creator's values; `set` inside the task changes
 * only the task's context.
 *
 * Variables compare by identity, as in Python; create them once (typically as static final fields).
 */
public class ContextVar<T> private constructor(
    /** The variable's name (asyncio's `var.name`; Java: `name()`). */
    @get:JvmName("name") public val name: String,
    private val default: T?,
    private val hasDefault: Boolean,
) {
    /** A variable without a default: [get] fails with LookupError (NoSuchElementException) until it is set. */
    public constructor(name: String) : this(name, null, false)

    /** A variable whose [get] returns [default] while it is not set. */
    public constructor(name: String, default: T?) : this(name, default, true)

    /**
     * The value in the current context, else the variable's default; NoSuchElementException (Python's
     * LookupError) if there is neither.
     */
    public fun get(): T {
        val values = Context.current().values
        @Suppress("UNCHECKED_CAST")
        if (values.containsKey(this)) return values[this] as T
        @Suppress("UNCHECKED_CAST")
        if (hasDefault) return default as T
        throw NoSuchElementException("context variable has no value: $name")
    }

    /** The value in the current context, else [fallback] (ContextVar.get(default)). */
    public fun get(fallback: T?): T? {
        val values = Context.current().values
        @Suppress("UNCHECKED_CAST")
        return if (values.containsKey(this)) values[this] as T else fallback
    }

    /** Sets the value in the current context; the token lets [reset] restore the previous state. */
    public fun set(value: T): Token<T> {
        val context = Context.current()
        val old = context.values
        val token = Token(this, context, old.containsKey(this), old[this])
        context.values = HashMap(old).also { it[this] = value }
        return token
    }

    /** Restores the value this variable had before the [set] that made [token] (ContextVar.reset). */
    public fun reset(token: Token<T>) {
        require(token.variable === this) { "token was created by a different ContextVar: ${token.variable.name}" }
        check(!token.used) { "token has already been used once" }
        val context = Context.current()
        require(token.context === context) { "token was created in a different Context" }
        token.used = true
        val copy = HashMap(context.values)
        if (token.hadValue) copy[this] = token.oldValue else copy.remove(this)
        context.values = copy
    }

    override fun toString(): String = "<ContextVar name='$name'${if (hasDefault) " default=$default" else ""}>"

    /** What [set] returns: the variable's previous state, for [reset] (contextvars.Token). */
    public class Token<T> internal constructor(
        @get:JvmSynthetic internal val variable: ContextVar<T>,
        @get:JvmSynthetic internal val context: Context,
        @get:JvmSynthetic internal val hadValue: Boolean,
        @get:JvmSynthetic internal val oldValue: Any?,
    ) {
        @get:JvmSynthetic @set:JvmSynthetic internal var used = false

        /** The variable this token was made by (Python's `Token.var`). */
        public fun getVar(): ContextVar<T> = variable

        override fun toString(): String = "<Token var=$variable used=$used>"
    }
}
