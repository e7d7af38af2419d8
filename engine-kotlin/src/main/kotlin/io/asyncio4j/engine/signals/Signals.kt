package io.asyncio4j.engine.signals

/** Signal names and their Linux numbers, for subprocesses and signal handlers. */
internal object Signals {
    private val numbers = mapOf(
        "HUP" to 1, "INT" to 2, "QUIT" to 3, "ILL" to 4, "TRAP" to 5, "ABRT" to 6, "BUS" to 7, "FPE" to 8,
        "KILL" to 9, "USR1" to 10, "SEGV" to 11, "USR2" to 12, "PIPE" to 13, "ALRM" to 14, "TERM" to 15,
        "CHLD" to 17, "CONT" to 18, "STOP" to 19, "TSTP" to 20, "TTIN" to 21, "TTOU" to 22, "WINCH" to 28,
    )

    /** "SIGTERM" or "TERM" -> "TERM"; IllegalArgumentException for an unknown name. */
    @JvmSynthetic fun canonicalName(sig: String): String {
        requireNotNull(sig) { "sig must not be null" }
        val name = sig.uppercase().removePrefix("SIG")
        require(name in numbers) { "invalid signal name: $sig" }
        return name
    }

    @JvmSynthetic fun number(name: String): Int = numbers.getValue(name)

    /** 15 -> "TERM"; IllegalArgumentException for a number without a name here. */
    @JvmSynthetic fun nameOf(number: Int): String =
        numbers.entries.firstOrNull { it.value == number }?.key ?: throw IllegalArgumentException("invalid signal number: $number")
}
