"""Writes docs/ASYNCIO-NAMES.md: every public name of asyncio 3.13 (module names, loop methods and their
keywords, the public methods of asyncio's classes) -> its Java form, or why it has none.

    PYENV_VERSION=3.13.0 python3 docs/tools/asyncio_names.py > docs/ASYNCIO-NAMES.md

Names come from introspecting CPython 3.13 (asyncio.__all__, AbstractEventLoop, the classes' public methods);
the Java forms are the tables below, written by hand from the API. A name or keyword missing from them is
printed as UNMAPPED, so a new asyncio name cannot slip through unexplained.
"""
import asyncio
import inspect
import sys

TODO = "not yet (issue 13)"
NOGEN = "Java has no coroutine objects/functions: a coroutine is any method returning a CompletionStage (`Coroutine<T>` is the not-yet-started call)"
POLICY = "deprecated in 3.14; Java keeps one loop per thread: `Asyncio.getEventLoop()/setEventLoop()/newEventLoop()`"
WATCHER = "deprecated in 3.12, removed in 3.14; the JDK reaps every child itself (its process reaper thread)"
INTERNAL = "asyncio's task-bookkeeping hook for custom loops; the engine registers tasks itself"

A = "`Asyncio.%s`"
MODULE = {
    "ALL_COMPLETED": "`ReturnWhen.ALL_COMPLETED`", "FIRST_COMPLETED": "`ReturnWhen.FIRST_COMPLETED`",
    "FIRST_EXCEPTION": "`ReturnWhen.FIRST_EXCEPTION`",
    "AbstractChildWatcher": WATCHER, "FastChildWatcher": WATCHER, "MultiLoopChildWatcher": WATCHER,
    "PidfdChildWatcher": WATCHER, "SafeChildWatcher": WATCHER, "ThreadedChildWatcher": WATCHER,
    "get_child_watcher": WATCHER, "set_child_watcher": WATCHER,
    "AbstractEventLoop": "`EventLoop` (one loop class: the interface and the implementation are one)",
    "BaseEventLoop": "`EventLoop`", "EventLoop": "`EventLoop`", "SelectorEventLoop": "`EventLoop` (its NIO Selector is made on first network use)",
    "AbstractEventLoopPolicy": POLICY, "DefaultEventLoopPolicy": POLICY, "get_event_loop_policy": POLICY,
    "set_event_loop_policy": POLICY,
    "AbstractServer": "`Server`", "Server": "`io.asyncio4j.engine.net.Server`",
    "Barrier": "`io.asyncio4j.engine.sync.Barrier`", "BoundedSemaphore": "`...sync.BoundedSemaphore`",
    "Condition": "`...sync.Condition`", "Event": "`...sync.Event`", "Lock": "`...sync.Lock`",
    "Semaphore": "`...sync.Semaphore`", "Queue": "`...sync.Queue`", "LifoQueue": "`...sync.LifoQueue`",
    "PriorityQueue": "`...sync.PriorityQueue`",
    "BrokenBarrierError": "`...exceptions.BrokenBarrierError`", "CancelledError": "`...exceptions.CancelledError` (a `CancellationException`)",
    "IncompleteReadError": "`...exceptions.IncompleteReadError` (an `EOFException`)", "InvalidStateError": "`...exceptions.InvalidStateError`",
    "LimitOverrunError": "`...exceptions.LimitOverrunError`", "QueueEmpty": "`...exceptions.QueueEmpty`",
    "QueueFull": "`...exceptions.QueueFull`", "QueueShutDown": "`...exceptions.QueueShutDown`",
    "SendfileNotAvailableError": "`...exceptions.SendfileNotAvailableError`", "TimeoutError": "`...exceptions.TimeoutError`",
    "BaseProtocol": "`...net.BaseProtocol`", "Protocol": "`...net.Protocol`", "BufferedProtocol": "`...net.BufferedProtocol`",
    "DatagramProtocol": "`...net.DatagramProtocol`", "SubprocessProtocol": "`...net.SubprocessProtocol`",
    "BaseTransport": "`...net.BaseTransport`", "ReadTransport": "`...net.ReadTransport`",
    "WriteTransport": "`...net.WriteTransport`", "Transport": "`...net.Transport`",
    "DatagramTransport": "`...net.DatagramTransport`", "SubprocessTransport": "`...net.SubprocessTransport`",
    "Future": "`...future.Future` (a `CompletableFuture`)", "Task": "`...task.Task`", "Handle": "`...loop.Handle`",
    "TimerHandle": "`...loop.TimerHandle`", "Runner": "`...task.Runner` (`AutoCloseable`)", "TaskGroup": "`...task.TaskGroup`; scoped form `Asyncio.taskGroup(tg -> ...)`",
    "Timeout": "`...task.Timeout`", "StreamReader": "`...streams.StreamReader`", "StreamWriter": "`...streams.StreamWriter`",
    "StreamReaderProtocol": "`...streams.StreamReaderProtocol`",
    "_enter_task": INTERNAL, "_leave_task": INTERNAL, "_register_task": INTERNAL, "_unregister_task": INTERNAL,
    "_get_running_loop": "`Events.getRunningLoopOrNull()`", "_set_running_loop": INTERNAL,
    "all_tasks": A % "allTasks(loop?)", "as_completed": A % "asCompleted(...)", "create_eager_task_factory": A % "createEagerTaskFactory(constructor)",
    "create_subprocess_exec": A % "createSubprocessExec([options,] program, args...)", "create_subprocess_shell": A % "createSubprocessShell(cmd[, options])",
    "create_task": A % "createTask(coro[, name[, eagerStart]])", "current_task": A % "currentTask(loop?)",
    "eager_task_factory": A % "eagerTaskFactory", "ensure_future": A % "ensureFuture(stage|coro[, loop])",
    "gather": A % "gather(...)", "get_event_loop": A % "getEventLoop()", "get_running_loop": A % "getRunningLoop()",
    "iscoroutine": A % "isCoroutine(obj)", "iscoroutinefunction": A % "isCoroutineFunction(obj)", "isfuture": A % "isFuture(obj)",
    "new_event_loop": A % "newEventLoop()", "open_connection": A % "openConnection(host, port[, limit[, options]])",
    "open_unix_connection": A % "openUnixConnection(path[, limit[, options]])", "run": A % "run(coro[, debug[, loopFactory]])",
    "run_coroutine_threadsafe": A % "runCoroutineThreadsafe(coro, loop)", "set_event_loop": A % "setEventLoop(loop)",
    "shield": A % "shield(aw)", "sleep": A % "sleep(delay[, result])", "start_server": A % "startServer(cb, host, port[, limit[, options]])",
    "start_unix_server": A % "startUnixServer(cb, path[, limit[, options]])", "timeout": A % "timeout(delay, body)", "timeout_at": A % "timeoutAt(when, body)",
    "to_thread": A % "toThread(fn)", "wait": A % "wait(aws[, timeout][, returnWhen])", "wait_for": A % "waitFor(aw, timeout)",
    "wrap_future": A % "wrapFuture(future[, loop])",
}

CONTEXT = "an overload taking a `Context` last"
CONTEXT_FACTORY = TODO + ": the `TaskFactory` API has no context argument (`loop.createTask(coro, name, context)` runs the factory inside the context)"
# Keyword arguments of module functions: python keyword -> Java form ("" = positional/obvious).
MODULE_KW = {
    "all_tasks": {"loop": "`allTasks(loop)`"}, "current_task": {"loop": "`currentTask(loop)`"},
    "as_completed": {"fs": "", "timeout": "`asCompleted(aws, timeout)`"},
    "create_subprocess_exec": {"program": "", "args": "varargs", "stdin": "`ProcessOptions.stdin(Stdio)`",
        "stdout": "`ProcessOptions.stdout(Stdio)`", "stderr": "`ProcessOptions.stderr(Stdio)`", "limit": "`ProcessOptions.limit(n)`",
        "kwds": "Popen's keywords: `cwd`, `env` (`ProcessOptions.cwd/env`); the rest (pass_fds, preexec_fn, start_new_session, user, group, umask, ...) have no JDK ProcessBuilder equivalent"},
    "create_task": {"coro": "", "name": "`createTask(coro, name)`", "context": "`createTask(coro, name, context)`"},
    "create_subprocess_shell": {"cmd": "", "stdin": "`ProcessOptions.stdin(Stdio)`", "stdout": "`ProcessOptions.stdout(Stdio)`",
        "stderr": "`ProcessOptions.stderr(Stdio)`", "limit": "`ProcessOptions.limit(n)`",
        "kwds": "Popen's keywords: `cwd`, `env` (`ProcessOptions.cwd/env`); no JDK equivalent for the others"},
    "ensure_future": {"coro_or_future": "", "loop": "`ensureFuture(x, loop)`"},
    "gather": {"coros_or_futures": "varargs / List", "return_exceptions": "`gather(true, ...)` (Kotlin `gatherReturnExceptions`)"},
    "iscoroutine": {"obj": ""}, "iscoroutinefunction": {"func": ""}, "isfuture": {"obj": ""},
    "open_connection": {"host": "", "port": "", "limit": "`openConnection(host, port, limit)`",
        "kwds": "create_connection's keywords through `ConnectionOptions` (see loop.create_connection)"},
    "open_unix_connection": {"path": "", "limit": "`openUnixConnection(path, limit)`", "kwds": "create_unix_connection's keywords: `openUnixConnection(path, limit, ConnectionOptions)`"},
    "run": {"main": "", "debug": "`run(coro, debug)`", "loop_factory": "`run(coro, debug, loopFactory)`"},
    "run_coroutine_threadsafe": {"coro": "", "loop": ""},
    "shield": {"arg": ""}, "sleep": {"delay": "", "result": "`sleep(delay, result)`"},
    "start_server": {"client_connected_cb": "", "host": "", "port": "", "limit": "`startServer(cb, host, port, limit)`",
        "kwds": "create_server's keywords through `ServerOptions` (see loop.create_server)"},
    "start_unix_server": {"client_connected_cb": "", "path": "", "limit": "`startUnixServer(cb, path, limit)`",
        "kwds": "create_unix_server's keywords through `ServerOptions`: `startUnixServer(cb, path, limit, options)`"},
    "timeout": {"delay": ""}, "timeout_at": {"when": ""}, "to_thread": {"func": "", "args": "captured by the lambda", "kwargs": "captured by the lambda"},
    "wait": {"fs": "", "timeout": "`wait(aws, timeout)`", "return_when": "`wait(aws, returnWhen)`"},
    "wait_for": {"fut": "", "timeout": ""}, "wrap_future": {"future": "", "loop": "`wrapFuture(future, loop)`"},
    "create_eager_task_factory": {"custom_task_constructor": ""},
    "eager_task_factory": {"loop": "", "coro": "", "name": "", "context": CONTEXT_FACTORY},
    "new_event_loop": {}, "get_event_loop": {}, "get_running_loop": {}, "set_event_loop": {"loop": ""},
}

NET_KW_CONN = {"protocol_factory": "`Supplier<P>`", "host": "", "port": "", "ssl": "`ConnectionOptions.ssl(ctx)`",
    "local_addr": "`ConnectionOptions.localAddr`", "server_hostname": "`ConnectionOptions.serverHostname`",
    "sock": "`ConnectionOptions.sock`", "ssl_handshake_timeout": "`ConnectionOptions.sslHandshakeTimeout`",
    "ssl_shutdown_timeout": "`ConnectionOptions.sslShutdownTimeout`", "family": "`ConnectionOptions.family(INET/INET6)`",
    "proto": "none: a SocketChannel is always TCP (asyncio's 0 picks it too)", "flags": "none: the JDK resolver has no getaddrinfo flags (AI_*)",
    "happy_eyeballs_delay": "`ConnectionOptions.happyEyeballsDelay`", "interleave": "`ConnectionOptions.interleave`",
    "all_errors": "`ConnectionOptions.allErrors` (an `ExceptionGroup`)"}
NET_KW_SERVER = {"protocol_factory": "", "host": "", "port": "", "sock": "`ServerOptions.sock`", "backlog": "`ServerOptions.backlog`",
    "ssl": "`ServerOptions.ssl`", "reuse_address": "`ServerOptions.reuseAddress`", "reuse_port": "`ServerOptions.reusePort`",
    "ssl_handshake_timeout": "`ServerOptions.sslHandshakeTimeout`", "ssl_shutdown_timeout": "`ServerOptions.sslShutdownTimeout`",
    "start_serving": "`ServerOptions.startServing(false)` (the JDK listens at bind)",
    "family": "`ServerOptions.family(StandardProtocolFamily.INET/INET6)`",
    "flags": "none: getaddrinfo flags (AI_PASSIVE, ...) have no JDK resolver equivalent; a null host binds every interface",
    "keep_alive": "`ServerOptions.keepAlive` (SO_KEEPALIVE on each accepted socket)"}
SUBPROC_KW = {"protocol_factory": "`Supplier<P extends SubprocessProtocol>`", "program": "", "cmd": "", "args": "varargs",
    "stdin": "`ProcessOptions.stdin(Stdio)` (default PIPE here)", "stdout": "`ProcessOptions.stdout(Stdio)`",
    "stderr": "`ProcessOptions.stderr(Stdio)` (`STDOUT` merges)", "universal_newlines": "bytes only, as asyncio requires (False)",
    "shell": "the method chooses (exec: False, shell: True), as asyncio requires", "bufsize": "unbuffered, as asyncio requires (0)",
    "encoding": "bytes only, as asyncio requires (None)", "errors": "bytes only, as asyncio requires (None)", "text": "bytes only, as asyncio requires",
    "kwargs": "Popen's keywords: `cwd`, `env` through `ProcessOptions`; no JDK equivalent for the others"}

def same(*kws):
    return {k: "" for k in kws}

# loop method -> (Java form, {keyword: Java form})
LOOP = {
    "add_reader": ("`addReader(channel, callback)`", {"fd": "a `SelectableChannel`", "callback": "", "args": "captured by the lambda"}),
    "add_writer": ("`addWriter(channel, callback)`", {"fd": "a `SelectableChannel`", "callback": "", "args": "captured by the lambda"}),
    "remove_reader": ("`removeReader(channel)`", {"fd": "a `SelectableChannel`"}),
    "remove_writer": ("`removeWriter(channel)`", {"fd": "a `SelectableChannel`"}),
    "add_signal_handler": ("`addSignalHandler(sig, callback)`", {"sig": "a name: \"TERM\"/\"SIGTERM\"", "callback": "", "args": "captured by the lambda"}),
    "remove_signal_handler": ("`removeSignalHandler(sig)`", {"sig": ""}),
    "call_at": ("`callAt(when, callback)`", {"when": "", "callback": "", "args": "captured by the lambda", "context": CONTEXT}),
    "call_later": ("`callLater(delay, callback)` (+ `Duration`)", {"delay": "", "callback": "", "args": "captured by the lambda", "context": CONTEXT}),
    "call_soon": ("`callSoon(callback)`", {"callback": "", "args": "captured by the lambda", "context": CONTEXT}),
    "call_soon_threadsafe": ("`callSoonThreadsafe(callback)`", {"callback": "", "args": "captured by the lambda", "context": CONTEXT}),
    "call_exception_handler": ("`callExceptionHandler(context)`", {"context": "a `Map<String, Object>`"}),
    "close": ("`close()`", {}), "stop": ("`stop()`", {}), "time": ("`time()`", {}), "is_closed": ("`isClosed()`", {}),
    "is_running": ("`isRunning()`", {}), "run_forever": ("`runForever()`", {}),
    "run_until_complete": ("`runUntilComplete(stage|coro)`", {"future": ""}),
    "connect_accepted_socket": ("`connectAcceptedSocket(factory, sock[, ServerOptions])`", {"protocol_factory": "", "sock": "",
        "ssl": "`ServerOptions.ssl` (server side)", "ssl_handshake_timeout": "`ServerOptions.sslHandshakeTimeout`", "ssl_shutdown_timeout": "`ServerOptions.sslShutdownTimeout`"}),
    "connect_read_pipe": ("`connectReadPipe(factory, pipe)`", {"protocol_factory": "`Supplier<P extends Protocol>`", "pipe": "an `InputStream` or a `ReadableByteChannel` (`Pipe.SourceChannel`): the JDK has no fds; a child's pipes are streams"}),
    "connect_write_pipe": ("`connectWritePipe(factory, pipe)`", {"protocol_factory": "", "pipe": "an `OutputStream` or a `WritableByteChannel` (`Pipe.SinkChannel`)"}),
    "create_connection": ("`createConnection(factory, host, port[, ConnectionOptions])`", NET_KW_CONN),
    "create_datagram_endpoint": ("`createDatagramEndpoint(factory, localAddr, remoteAddr[, DatagramOptions])`",
        {"protocol_factory": "", "local_addr": "", "remote_addr": "", "reuse_port": "`DatagramOptions.reuseAddress` (SO_REUSEADDR)",
         "allow_broadcast": "`DatagramOptions.allowBroadcast`", "family": "`DatagramOptions.family`",
         "proto": "none: a DatagramChannel is always UDP", "flags": "none: the JDK resolver has no getaddrinfo flags (AI_*)",
         "sock": "`DatagramOptions.sock`"}),
    "create_future": ("`createFuture()`", {}),
    "create_server": ("`createServer(factory, host, port[, ServerOptions])`", NET_KW_SERVER),
    "create_task": ("`createTask(coro[, name[, context]])`", {"coro": "", "name": "", "context": CONTEXT}),
    "create_unix_connection": ("`createUnixConnection(factory, path[, ConnectionOptions])`", {"protocol_factory": "", "path": "null with `ConnectionOptions.sock`",
        "ssl": "`ConnectionOptions.ssl`", "sock": "`ConnectionOptions.sock` (a connected UNIX `SocketChannel`)",
        "server_hostname": "`ConnectionOptions.serverHostname` (required with ssl, as asyncio)",
        "ssl_handshake_timeout": "`ConnectionOptions.sslHandshakeTimeout`", "ssl_shutdown_timeout": "`ConnectionOptions.sslShutdownTimeout`"}),
    "create_unix_server": ("`createUnixServer(factory, path[, ServerOptions])`", {"protocol_factory": "", "path": "null with `ServerOptions.sock`", "sock": "`ServerOptions.sock` (a bound UNIX `ServerSocketChannel`)",
        "backlog": "`ServerOptions.backlog`", "ssl": "`ServerOptions.ssl`", "ssl_handshake_timeout": "`ServerOptions`", "ssl_shutdown_timeout": "`ServerOptions`",
        "start_serving": "`ServerOptions.startServing`", "cleanup_socket": "`ServerOptions.cleanupSocket` (default true)"}),
    "default_exception_handler": ("`defaultExceptionHandler(context)`", {"context": ""}),
    "get_debug": ("`getDebug()`", {}), "set_debug": ("`setDebug(enabled)`", {"enabled": ""}),
    "get_exception_handler": ("`getExceptionHandler()`", {}), "set_exception_handler": ("`setExceptionHandler(handler)`", {"handler": ""}),
    "get_task_factory": ("`getTaskFactory()`", {}), "set_task_factory": ("`setTaskFactory(factory)`", {"factory": ""}),
    "getaddrinfo": ("`getaddrinfo(host, port[, family])` (a list of `InetSocketAddress`)", {"host": "", "port": "",
        "family": "`getaddrinfo(host, port, StandardProtocolFamily.INET/INET6)`",
        "type": "none: the JDK resolves addresses, not (family, type, proto) tuples; the channel type decides",
        "proto": "none (see type)", "flags": "none: the JDK resolver has no getaddrinfo flags (AI_*)"}),
    "getnameinfo": ("`getnameinfo(address[, flags])`", {"sockaddr": "", "flags": "`getnameinfo(address, flags)`: NI_NUMERICHOST, NI_NOFQDN, NI_NAMEREQD; the port is always numeric"}),
    "run_in_executor": ("`runInExecutor(executor, callable)`", {"executor": "", "func": "", "args": "captured by the lambda"}),
    "sendfile": ("`sendfile(transport, file[, offset, count, fallback])`", same("transport", "file", "offset", "count", "fallback")),
    "set_default_executor": ("`setDefaultExecutor(executor)`", {"executor": ""}),
    "shutdown_asyncgens": ("none: Java has no async generators; `loopWhile`/`repeat` loops and stream readers hold no generator to finalize", {}),
    "shutdown_default_executor": ("`shutdownDefaultExecutor([timeout])`", {"timeout": ""}),
    "sock_accept": ("`sockAccept(sock)`", {"sock": "a non-blocking `ServerSocketChannel`"}),
    "sock_connect": ("`sockConnect(sock, address)`", same("sock", "address")),
    "sock_recv": ("`sockRecv(sock, nbytes)`", same("sock", "n", "nbytes")),
    "sock_recv_into": ("`sockRecvInto(sock, buf)`", {"sock": "", "buf": "a `ByteBuffer`"}),
    "sock_recvfrom": ("`sockRecvfrom(sock, bufsize)`", {"sock": "a `DatagramChannel`", "bufsize": ""}),
    "sock_recvfrom_into": ("`sockRecvfromInto(sock, buf[, nbytes])`", {"sock": "a `DatagramChannel`", "buf": "a `ByteBuffer`", "nbytes": ""}),
    "sock_sendall": ("`sockSendall(sock, data)`", same("sock", "data")),
    "sock_sendfile": ("`sockSendfile(sock, file[, offset, count])`", {"sock": "", "file": "", "offset": "", "count": "", "fallback": "none needed: FileChannel.transferTo works for every file and socket channel, so there is no fallback to choose"}),
    "sock_sendto": ("`sockSendto(sock, data, address)`", same("sock", "data", "address")),
    "start_tls": ("`startTls(transport, protocol, sslContext[, serverSide, serverHostname, ...])`", same("transport", "protocol", "sslcontext", "server_side", "server_hostname", "ssl_handshake_timeout", "ssl_shutdown_timeout")),
    "subprocess_exec": ("`subprocessExec(factory[, ProcessOptions], program, args...)`", SUBPROC_KW),
    "subprocess_shell": ("`subprocessShell(factory, cmd[, ProcessOptions])`", SUBPROC_KW),
}

# Classes: public methods -> Java (default: the camelCase name; None = not there, with the reason).
CLASSES = {
    "Future": {"__await__": "`thenApply`/`thenCompose`... (Kotlin `await()`)", "get_loop": "", "add_done_callback": "`addDoneCallback(fn[, context])`",
        "set_exception": "`setException(Throwable)` and `setException(Class)`"},
    "Task": {"get_context": "`getContext()`", "get_coro": "", "get_stack": "`getStack()`", "print_stack": "`printStack()`", "set_result": "refused, as asyncio", "set_exception": "refused, as asyncio"},
    "Handle": {"get_context": "`getContext()`: the context given with `context=`; null for a plain callback (asyncio copies the current context; we capture none)"},
    "TimerHandle": {"when": "`when()` (a Kotlin keyword: `` `when`() `` there)", "get_context": "`getContext()` (see Handle)"},
    "Runner": {"__enter__": "try-with-resources", "__exit__": "`close()`", "run": "`run(coro[, context])`"},
    "TaskGroup": {"__aenter__": "`Asyncio.taskGroup(tg -> ...)` / `tg.run(body)`", "__aexit__": "end of the body's stage", "create_task": "`createTask(coro[, name[, context]])`"},
    "Timeout": {"__aenter__": "`Asyncio.timeout(d, body)` / `t.run(body)`", "__aexit__": "end of the body's stage", "when": "`when()`"},
    "Barrier": {"__aenter__": "`barrier.run(index -> ...)` (Kotlin `withBarrier { }`)", "__aexit__": "end of the body's stage (asyncio's does nothing)", "wait": "`await()` (`Object.wait` is final)", "n_waiting": "`nWaiting()`"},
    "Event": {"wait": "`await()` (`Object.wait` is final)"},
    "Condition": {"wait": "`await()`", "notify_all": "`notifyAllWaiters()` (`Object.notifyAll` is final)", "__aenter__": "`withLock(body)`", "__aexit__": "end of the body's stage"},
    "Lock": {"__aenter__": "`withLock(body)`", "__aexit__": "end of the body's stage"},
    "Semaphore": {"__aenter__": "`withPermit(body)`", "__aexit__": "end of the body's stage"},
    "BoundedSemaphore": {"__aenter__": "`withPermit(body)`", "__aexit__": "end of the body's stage"},
    "Queue": {}, "StreamReader": {"__aiter__": "`nextLine()` loop", "__anext__": "`nextLine()`"},
    "StreamWriter": {"get_extra_info": "", "wait_closed": ""},
    "Server": {"__aenter__": "try-with-resources (`AutoCloseable`)", "__aexit__": "`close()`; then `waitClosed()` for asyncio's wait", "get_loop": ""},
    "SubprocessTransport": {}, "SubprocessProtocol": {}, "BaseTransport": {}, "Transport": {},
    "ReadTransport": {}, "WriteTransport": {}, "DatagramTransport": {},
    "BaseProtocol": {"connection_made": "`connectionMade(transport)` on `Protocol`, `BufferedProtocol`, `DatagramProtocol`, `SubprocessProtocol` (typed by transport)"},
    "Protocol": {},
    "BufferedProtocol": {}, "DatagramProtocol": {},
}
JAVA_SOURCES = None

def camel(name):
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)

def java_has(name):
    global JAVA_SOURCES
    if JAVA_SOURCES is None:
        import pathlib
        root = pathlib.Path(__file__).resolve().parents[2]
        JAVA_SOURCES = "\n".join(p.read_text() for p in (root / "engine-kotlin/src/main/kotlin").rglob("*.kt"))
    return ("fun %s(" % name) in JAVA_SOURCES or ('@JvmName("%s")' % name) in JAVA_SOURCES or ("fun <T> %s(" % name) in JAVA_SOURCES

def params(fn):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return []
    return [p.name for p in sig.parameters.values() if p.name != "self"]

def kw_text(kws, table, owner):
    out = []
    for k in kws:
        if k not in table:
            out.append("`%s`: UNMAPPED" % k)
            print("UNMAPPED keyword %s.%s" % (owner, k), file=sys.stderr)
        elif table[k]:
            out.append("`%s`: %s" % (k, table[k]))
    return "; ".join(out)

def row(*cells):
    print("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")

def main():
    print("# asyncio 3.13 names in asyncio4j\n")
    print("Every public name of asyncio 3.13 (introspected from CPython 3.13.0), its Java form, and each keyword argument's.")
    print("Generated by `PYENV_VERSION=3.13.0 python3 docs/tools/asyncio_names.py > docs/ASYNCIO-NAMES.md`. Rules: "
          "snake_case -> camelCase (`../shared/API.md`); module functions are static methods of `io.asyncio4j.Asyncio`; "
          "`...` stands for `io.asyncio4j.engine`. Kotlin uses the same members, plus suspend forms of the coroutine "
          "methods (`sleep`, `gather`, `queue.get()`, `barrier.wait()`, ...) and `await()` on any stage. A keyword "
          "not listed is positional or obvious; \"%s\" marks what is still to do.\n" % TODO)
    print("## Module names (`asyncio.__all__`)\n")
    row("asyncio", "Java", "keywords")
    row("---", "---", "---")
    for name in sorted(asyncio.__all__):
        java = MODULE.get(name)
        if java is None:
            java = "UNMAPPED"
            print("UNMAPPED name %s" % name, file=sys.stderr)
        obj = getattr(asyncio, name)
        kws = ""
        if inspect.isfunction(obj) and name in MODULE_KW:
            kws = kw_text(params(obj), MODULE_KW[name], name)
        elif inspect.isfunction(obj) and not name.startswith("_") and "deprecated" not in java and "task-bookkeeping" not in java:
            kws = kw_text(params(obj), {}, name)
        row("`%s`" % name, java, kws)
    print("\n## Event loop methods (`AbstractEventLoop`, on `EventLoop`)\n")
    row("loop.", "Java", "keywords")
    row("---", "---", "---")
    base = asyncio.base_events.BaseEventLoop
    for name in sorted(m for m in dir(asyncio.AbstractEventLoop) if not m.startswith("_")):
        java, kwt = LOOP.get(name, ("UNMAPPED", {}))
        if java == "UNMAPPED":
            print("UNMAPPED loop method %s" % name, file=sys.stderr)
        fn = getattr(asyncio.unix_events._UnixSelectorEventLoop, name, getattr(base, name, None))
        row("`%s`" % name, java, kw_text(params(fn), kwt, "loop." + name))
    print("\n## Methods of asyncio's classes\n")
    row("class", "method", "Java")
    row("---", "---", "---")
    for cls_name, overrides in CLASSES.items():
        cls = getattr(asyncio, cls_name)
        # The class's own public methods, plus the special ones (async with, await, async for) it supports.
        methods = sorted(set(m for m, v in vars(cls).items() if callable(v) and not m.startswith("_"))
                         | set(m for m in overrides if hasattr(cls, m)))
        for m in methods:
            if m in overrides:
                java = overrides[m] or "`%s()`" % camel(m)
            elif java_has(camel(m)):
                java = "`%s`" % camel(m)
            else:
                java = "UNMAPPED"
                print("UNMAPPED method %s.%s" % (cls_name, m), file=sys.stderr)
            row("`%s`" % cls_name, "`%s`" % m, java)

main()
