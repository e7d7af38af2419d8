"""connections_idle: memory each open, idle connection costs a streams echo server after one echo.

Usage: connections_idle.py [--quick] [--connections N] [--impl NAME ...]
Started by benchmarks/run.sh after run_all.py (the build is done there); standard library only.

For each server (the asyncio4j streams echo server of the echo workloads, CPython asyncio's and uvloop's
echo_server.py streams): start it, measure, open N client sockets (this process, plain blocking sockets), send one
line on each and read its echo, leave them all open, measure again; the difference divided by N is the cost of one
connection. Two measures:
  - heap_bytes_per_conn: JVM only, live heap after a full GC (jcmd GC.class_histogram's total), the issue's measure;
  - rss_bytes_per_conn: every server, growth of the process's resident set (VmRSS), which also counts the kernel-
    facing native side (and, for the JVM, heap pages first touched).
Writes benchmarks/results/connections_idle.json and .md.
"""
import json
import os
import resource
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)                       # benchmarks/
RESULTS = os.path.join(ROOT, "results")
CP = os.path.join(ROOT, "target", "classes") + ":" + os.path.join(ROOT, "target", "lib", "*")
JAVA = ["java", "-cp", CP]    # as run_all.py starts the JVM servers: no GC or heap flags (benchmarks/README.md)
CPYTHON = os.environ.get("BENCH_CPYTHON", "python3")
SYSTEM_PYTHON = "/usr/bin/python3"                 # Debian's, the one python3-uvloop is built for

SERVERS = {
    "asyncio4j-java": JAVA + ["io.asyncio4j.bench.EchoServers", "asyncio4j-java", "streams"],
    "cpython": [CPYTHON, os.path.join(HERE, "echo_server.py"), "streams"],
    "uvloop": [SYSTEM_PYTHON, os.path.join(HERE, "echo_server.py"), "--uvloop", "streams"],
}
LINE = b"x" * 63 + b"\n"


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def jvm_live_heap(pid):
    """Live heap bytes after a full GC: the class histogram collects first, its last line is the total."""
    out = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True, timeout=120).stdout
    total = [l for l in out.splitlines() if l.startswith("Total")]
    if not total:
        raise RuntimeError("jcmd GC.class_histogram gave no total: " + out[-300:])
    return int(total[-1].split()[2])


def measure(impl, cmd, n):
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    socks = []
    try:
        line = proc.stdout.readline()
        if not line.startswith("PORT"):
            raise RuntimeError(f"server did not start: {line!r}")
        port = int(line.split()[1])
        # One echo first, so that the classes and buffers every connection shares are already there.
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.sendall(LINE)
            s.recv(1024)
        time.sleep(0.5)
        jvm = impl.startswith("asyncio4j")
        heap0 = jvm_live_heap(proc.pid) if jvm else None
        rss0 = rss_bytes(proc.pid)
        for _ in range(n):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(LINE)
            got = b""
            while len(got) < len(LINE):
                chunk = s.recv(1024)
                if not chunk:
                    raise RuntimeError("server closed a connection")
                got += chunk
            socks.append(s)
        time.sleep(0.5)
        heap1 = jvm_live_heap(proc.pid) if jvm else None
        rss1 = rss_bytes(proc.pid)
        result = {"connections": n, "rss_bytes_per_conn": round((rss1 - rss0) / n)}
        if jvm:
            result["heap_bytes_per_conn"] = round((heap1 - heap0) / n)
        return result
    finally:
        for s in socks:
            s.close()
        proc.kill()
        proc.wait()


def have_uvloop():
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uvloop"], capture_output=True).returncode == 0


def main():
    args = sys.argv[1:]
    n = 1000 if "--quick" in args else 5000
    if "--connections" in args:
        n = int(args[args.index("--connections") + 1])
    impls = [a for i, a in enumerate(args) if i > 0 and args[i - 1] == "--impl"] or list(SERVERS)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 2 * n + 100), hard))
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft < n + 100:
        log(f"connections_idle: fd limit {soft} too low for {n} connections; skipped")
        return
    results, notes = {}, {}
    for impl in impls:
        if impl == "uvloop" and not have_uvloop():
            notes[impl] = "n/a: python3-uvloop not installed"
            continue
        try:
            results[impl] = measure(impl, SERVERS[impl], n)
            log(f"connections_idle {impl:16} {results[impl]}")
        except Exception as e:  # one server failing must not lose the others' numbers
            notes[impl] = f"failed: {e}"
            log(f"connections_idle {impl:16} {notes[impl]}")
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "connections_idle.json"), "w") as f:
        json.dump({"connections": n, "results": results, "notes": notes}, f, indent=1)
    rows = ["# connections_idle", "",
            f"{n} open streams connections, each after one 64-byte echo; bytes per connection (lower is better).", "",
            "| server | live heap / conn | RSS / conn |", "|---|---:|---:|"]
    for impl in impls:
        r = results.get(impl)
        if r is None:
            rows.append(f"| {impl} | {notes.get(impl, 'n/a')} | |")
        else:
            heap = r.get("heap_bytes_per_conn")
            rows.append(f"| {impl} | {heap if heap is not None else '-'} | {r['rss_bytes_per_conn']} |")
    with open(os.path.join(RESULTS, "connections_idle.md"), "w") as f:
        f.write("\n".join(rows) + "\n")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
