"""Runs every workload on every implementation and writes benchmarks/results/latest.{md,json,png}, the
latest-details.json and the README's generated summary. Method: benchmarks/README.md (this file enforces it).

Started by benchmarks/run.sh (which builds first); standard library only.
  run.sh            full run
  run.sh --quick    smoke run (or BENCH_QUICK=1): small N, one JVM per implementation, short echo runs
  run.sh --tuned    adds the "tuned" JVM column (or BENCH_TUNED=1): asyncio4j-java with TUNED_JVM_FLAGS
Each cell is the median of RUNS runs. JVM implementations get Bench.WARM_UPS untimed runs in the same process
first; echo servers get one untimed load run per message size.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)                       # benchmarks/
REPO = os.path.dirname(ROOT)
RESULTS = os.path.join(ROOT, "results")        # a quick run writes to target/quick-results and leaves README alone
CP = os.path.join(ROOT, "target", "classes") + ":" + os.path.join(ROOT, "target", "lib", "*")
BIN = os.path.join(ROOT, "target", "bin")

QUICK = "--quick" in sys.argv or os.environ.get("BENCH_QUICK") == "1"
TUNED = "--tuned" in sys.argv or os.environ.get("BENCH_TUNED") == "1"
if QUICK:
    RESULTS = os.path.join(ROOT, "target", "quick-results")

# --- The JVM as a user starts it: the headline figures use no GC or heap flag at all. ----------------------
JVM_FLAGS = []
# The optional second column (--tuned), printed beside it in every table that shows it.
TUNED_JVM_FLAGS = ["-Xms1g", "-Xmx3g", "-XX:+UseParallelGC"]


def java(flags=JVM_FLAGS):
    return ["java"] + flags + ["-cp", CP]


# --- Interpreters. CPython columns for both builds on the machine, GC left on (as users run them). ----------
PYENV_PYTHON = os.environ.get("BENCH_CPYTHON", "python3")   # the python3 first on PATH (pyenv's 3.11.7 here)
SYSTEM_PYTHON = "/usr/bin/python3"                          # Debian's build, the one python3-uvloop is built for
# uvloop's allocator churn at 64 KiB (see README): glibc malloc with a fixed mmap threshold and no trimming.
MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=4194304:glibc.malloc.trim_threshold=268435456"

# --- Workloads. A new row is one name here (and the workload in the drivers: Bench's implementations and
# bench_asyncio.py); an implementation that lacks it answers "workload not implemented" and its cell says n/a.
LOOP_BOUND = ["spawn_gather", "switch", "future_pingpong", "call_soon", "timers", "queue", "lock_contention"]
SERVER_SHAPED = [w + "_io" for w in LOOP_BOUND]   # the same on a loop with a listening + an idle socket
OTHER_LOOP = ["idle_tasks"]
# Hooks for rows other branches add (e.g. direct_switch, direct_spawn_gather, connections_idle): append here.
EXTRA_LOOP = []
LOOP_WORKLOADS = LOOP_BOUND + SERVER_SHAPED + OTHER_LOOP + EXTRA_LOOP
ECHO_WORKLOADS = ["echo_streams", "echo_protocol"]

JVM_IMPLS = ["asyncio4j-java", "asyncio4j-kotlin", "kotlinx-raw"]
PY_IMPLS = ["cpython", "cpython-debian", "uvloop"]
TUNED_IMPL = "asyncio4j-java-tuned"
ECHO_ONLY = ["uvloop-malloc", "netty", "c-floor"]

RUNS = 3
# Operations per run: the same N on every side (the JVM runs at CPython's N), N chosen so that the figure no
# longer moves with it: the "N check" table of latest.md measures asyncio4j at 5N and CPython at N/2.
N = {"spawn_gather": 200_000, "switch": 500_000, "future_pingpong": 300_000, "call_soon": 1_000_000,
     "timers": 300_000, "queue": 300_000, "lock_contention": 200_000, "idle_tasks": 100_000}
N_CHECK = True
ECHO_SECONDS, ECHO_WARMUP, ECHO_RUNS, ECHO_CLIENTS = 1.5, 1.0, RUNS, 100
# Messages pipelined per client round trip, per message size: enough that the generator is not the bottleneck
# (its CPU time is reported beside the server's).
ECHO_SIZES = {1024: 16, 65536: 1}
CLIENT_CPU, SERVER_CPU = "0", "1"    # taskset cores: load generator and server never share one
if QUICK:
    N = {w: max(2_000, n // 20) for w, n in N.items()}
    N_CHECK = False
    ECHO_SECONDS, ECHO_WARMUP, ECHO_RUNS = 0.5, 0.3, 1


def n_of(workload):
    base = workload[:-3] if workload.endswith("_io") else workload
    return N.get(base, 200_000 // (20 if QUICK else 1))


notes = {}          # (workload, impl) -> why there is no number
details = {}        # workload -> impl -> {"value", "unit", "runs", "extra", "n"}
n_check = {}        # workload -> {"java_n", "java_5n", "cpython_half", "cpython_n"}


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def have(cmd):
    try:
        return subprocess.run(cmd, capture_output=True).returncode == 0
    except OSError:
        return False


def run_json(cmd, timeout, env=None):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if proc.returncode != 0 or not lines:
        err = proc.stderr.strip().splitlines()
        why = [l for l in err if "not implemented" in l or "check failed" in l or "Exception" in l]
        tail = (why or err or ["no output"])[0 if why else -1].strip()
        raise RuntimeError(f"exit {proc.returncode}: {tail[:200]}")
    return json.loads(lines[-1])


def record(workload, impl, values, unit, extra=None, n=None):
    details.setdefault(workload, {})[impl] = {
        "value": statistics.median(values), "unit": unit, "runs": values, "n": n,
        "extra": {k: statistics.median(v) if isinstance(v, list) else v for k, v in (extra or {}).items()},
    }


def note_failure(workload, impl, error):
    if "not implemented" in error:
        why = error.split("not implemented", 1)[1].lstrip(": ")
        notes[(workload, impl)] = "n/a" + (f" ({why[:80]})" if why and not why.startswith(workload) else "")
    else:
        notes[(workload, impl)] = f"failed ({error})"
    log(f"{workload:20} {impl:22} {notes[(workload, impl)]}")


def jvm_runs(impl_arg, workloads, flags, timeout, scale=1):
    """Runs `workloads` of a JVM implementation in one process; workload -> parsed JSON (or {"error": ...})."""
    spec = ",".join(f"{w}:{n_of(w) * scale}" for w in workloads)
    cmd = java(flags) + ["io.asyncio4j.bench.Bench", impl_arg, spec, "0", str(RUNS)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {w: {"error": f"timed out after {timeout}s"} for w in workloads}
    found = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            out = json.loads(line)
            found[out["workload"]] = out
    for w in workloads:
        if w not in found:
            tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            found[w] = {"error": f"exit {proc.returncode}: {tail[:200]}"}
    return found


def python_cmd(impl):
    if impl == "cpython":
        return [PYENV_PYTHON, os.path.join(HERE, "bench_asyncio.py")]
    if impl == "cpython-debian":
        return [SYSTEM_PYTHON, os.path.join(HERE, "bench_asyncio.py")]
    return [SYSTEM_PYTHON, os.path.join(HERE, "bench_asyncio.py"), "--uvloop"]


def loop_benchmarks(available):
    jvm = [(i, i, JVM_FLAGS) for i in JVM_IMPLS] + ([(TUNED_IMPL, "asyncio4j-java", TUNED_JVM_FLAGS)] if TUNED else [])
    batched = {}
    if QUICK:  # one JVM per implementation for all workloads: JVM start-ups dominate a quick run
        for name, impl_arg, flags in jvm:
            batched[name] = jvm_runs(impl_arg, LOOP_WORKLOADS, flags, 600)
    for workload in LOOP_WORKLOADS:
        for name, impl_arg, flags in jvm:
            t0 = time.time()
            out = batched[name][workload] if QUICK else jvm_runs(impl_arg, [workload], flags, 300)[workload]
            if "error" in out:
                note_failure(workload, name, out["error"])
                continue
            record(workload, name, out["values"], out["unit"], out.get("extra"), n_of(workload))
            log(f"{workload:20} {name:22} n={n_of(workload):<8} {statistics.median(out['values']):14.1f} "
                f"{out['unit']:10} ({time.time() - t0:.1f}s)")
        for impl in PY_IMPLS:
            if not available[impl]:
                notes[(workload, impl)] = available[impl + ":why"]
                continue
            t0 = time.time()
            try:
                out = run_json(python_cmd(impl) + [workload, str(n_of(workload)), str(RUNS)], timeout=600)
            except Exception as e:  # noqa: BLE001 - any failure becomes a visible note, never a number
                note_failure(workload, impl, str(e))
                continue
            record(workload, impl, out["values"], out["unit"], out.get("extra"), n_of(workload))
            log(f"{workload:20} {impl:22} n={n_of(workload):<8} {statistics.median(out['values']):14.1f} "
                f"{out['unit']:10} ({time.time() - t0:.1f}s)")


def n_checks(available):
    """The figure must not move with N: asyncio4j-java at 5N, CPython at N/2, beside the table's N."""
    for w in SERVER_SHAPED:
        # One JVM per workload, as in the main table: several workloads in one JVM share (and pollute) the JIT's
        # type profiles, which moved call_soon_io by 10x in a trial.
        five = jvm_runs("asyncio4j-java", [w], JVM_FLAGS, 300, scale=5)
        row = {"java_n": details.get(w, {}).get("asyncio4j-java", {}).get("value"),
               "java_5n": statistics.median(five[w]["values"]) if "values" in five[w] else None,
               "cpython_n": details.get(w, {}).get("cpython", {}).get("value"), "cpython_half": None}
        if available["cpython"]:
            try:
                out = run_json(python_cmd("cpython") + [w, str(max(1, n_of(w) // 2)), str(RUNS)], timeout=600)
                row["cpython_half"] = statistics.median(out["values"])
            except Exception as e:  # noqa: BLE001
                log(f"n check {w} cpython: {e}")
        n_check[w] = row
        log(f"n check {w:20} java N {row['java_n']} 5N {row['java_5n']}; cpython N/2 {row['cpython_half']} "
            f"N {row['cpython_n']}")


# --- Echo. Server and load generator pinned to different cores; the server's CPU from /proc/PID/stat. -------
ECHO_SERVERS = {
    # name -> (implementation column, which echo rows it serves, command, extra environment)
    "cpython-streams": ("cpython", ["echo_streams"], [PYENV_PYTHON, os.path.join(HERE, "echo_server.py"), "streams"], {}),
    "cpython-protocol": ("cpython", ["echo_protocol"], [PYENV_PYTHON, os.path.join(HERE, "echo_server.py"), "protocol"], {}),
    "cpython-debian-streams": ("cpython-debian", ["echo_streams"],
                               [SYSTEM_PYTHON, os.path.join(HERE, "echo_server.py"), "streams"], {}),
    "cpython-debian-protocol": ("cpython-debian", ["echo_protocol"],
                                [SYSTEM_PYTHON, os.path.join(HERE, "echo_server.py"), "protocol"], {}),
    "uvloop-streams": ("uvloop", ["echo_streams"],
                       [SYSTEM_PYTHON, os.path.join(HERE, "echo_server.py"), "--uvloop", "streams"], {}),
    "uvloop-protocol": ("uvloop", ["echo_protocol"],
                        [SYSTEM_PYTHON, os.path.join(HERE, "echo_server.py"), "--uvloop", "protocol"], {}),
    "uvloop-malloc-streams": ("uvloop-malloc", ["echo_streams"],
                              [SYSTEM_PYTHON, os.path.join(HERE, "echo_server.py"), "--uvloop", "streams"],
                              {"GLIBC_TUNABLES": MALLOC_TUNABLES}),
    "uvloop-malloc-protocol": ("uvloop-malloc", ["echo_protocol"],
                               [SYSTEM_PYTHON, os.path.join(HERE, "echo_server.py"), "--uvloop", "protocol"],
                               {"GLIBC_TUNABLES": MALLOC_TUNABLES}),
    "netty": ("netty", ["echo_streams", "echo_protocol"], java() + ["io.asyncio4j.bench.NettyEcho"], {}),
    "c-floor": ("c-floor", ["echo_streams", "echo_protocol"], [os.path.join(BIN, "echo_epoll")], {}),
    "asyncio4j-java-streams": ("asyncio4j-java", ["echo_streams"],
                               java() + ["io.asyncio4j.bench.EchoServers", "asyncio4j-java", "streams"], {}),
    "asyncio4j-java-protocol": ("asyncio4j-java", ["echo_protocol"],
                                java() + ["io.asyncio4j.bench.EchoServers", "asyncio4j-java", "protocol"], {}),
    "asyncio4j-kotlin-streams": ("asyncio4j-kotlin", ["echo_streams"],
                                 java() + ["io.asyncio4j.bench.EchoServers", "asyncio4j-kotlin", "streams"], {}),
    "asyncio4j-kotlin-protocol": ("asyncio4j-kotlin", ["echo_protocol"],
                                  java() + ["io.asyncio4j.bench.EchoServers", "asyncio4j-kotlin", "protocol"], {}),
}


def start_server(cmd, env):
    # stderr goes to a file: a server logging every reset connection into an unread pipe would block on it.
    log_file = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(["taskset", "-c", SERVER_CPU] + cmd, stdout=subprocess.PIPE, stderr=log_file, text=True,
                            env=dict(os.environ, **env))
    line = proc.stdout.readline()
    if not line.startswith("PORT "):
        proc.kill()
        proc.wait()
        log_file.seek(0)
        err = log_file.read().strip().splitlines()
        why = [l for l in err if "ClassNotFound" in l or "not implemented" in l or "Exception" in l]
        raise RuntimeError(((why or err or [line.strip() or "no PORT line"])[0 if why else -1]).strip()[:200])
    return proc, int(line.split()[1])


CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """utime + stime of the process (all its threads), from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def load(port, size, depth, seconds, pid):
    cpu0, t0 = cpu_seconds(pid), time.time()
    out = run_json(["taskset", "-c", CLIENT_CPU, os.path.join(BIN, "loadgen"), str(port), str(ECHO_CLIENTS),
                    str(size), str(seconds), str(depth)], 60)
    cpu, wall = cpu_seconds(pid) - cpu0, time.time() - t0
    requests = out["requests"]
    if not requests:
        raise RuntimeError(f"no request completed in {seconds} s ({size} B messages)")
    out["server_cpu_pct"] = 100 * cpu / wall
    out["client_cpu_pct"] = 100 * out["client_cpu_s"] / wall
    out["server_us_per_req"] = 1e6 * cpu / requests
    out["server_ms_per_mb"] = 1e3 * cpu / (requests * size / 1e6)
    return out


def echo_benchmarks(available):
    for name, (impl, rows, cmd, env) in ECHO_SERVERS.items():
        base = "uvloop" if impl == "uvloop-malloc" else impl
        if base in available and not available[base]:
            for row in rows:
                notes[(row, impl)] = available[base + ":why"]
            continue
        try:
            proc, port = start_server(cmd, env)
        except Exception as e:  # noqa: BLE001
            for row in rows:
                notes[(row, impl)] = f"failed ({e})"
            log(f"echo {name:26} {notes[(rows[0], impl)]}")
            continue
        try:
            extra = {}
            for size, depth in ECHO_SIZES.items():
                tag = "1k" if size == 1024 else "64k"
                load(port, size, depth, ECHO_WARMUP, proc.pid)  # warm-up, untimed
                runs = [load(port, size, depth, ECHO_SECONDS, proc.pid) for _ in range(ECHO_RUNS)]
                for key in ("req_per_s", "mb_per_s", "p99_ms", "server_cpu_pct", "client_cpu_pct",
                            "server_us_per_req", "server_ms_per_mb"):
                    extra[f"{key}_{tag}"] = [r[key] for r in runs]
            for row in rows:
                record(row, impl, extra["req_per_s_1k"], "req/s", extra)
            e = details[rows[0]][impl]["extra"]
            log(f"echo {name:26} 1k {e['req_per_s_1k']:10.0f} req/s {e['server_us_per_req_1k']:6.2f} us/req "
                f"(server {e['server_cpu_pct_1k']:.0f}% client {e['client_cpu_pct_1k']:.0f}%)  "
                f"64k {e['mb_per_s_64k']:8.1f} MB/s {e['server_ms_per_mb_64k']:6.3f} ms/MB "
                f"(server {e['server_cpu_pct_64k']:.0f}% client {e['client_cpu_pct_64k']:.0f}%)")
        except Exception as e:  # noqa: BLE001
            for row in rows:
                notes[(row, impl)] = f"failed ({e})"
            log(f"echo {name:26} failed: {e}")
        finally:
            proc.kill()
            proc.wait()


# --- Rows that other scripts measure (other branches' benchmarks). Each hook: the script to run after the main
# table (skipped if it does not exist), the file it writes in results/, and how its rows join `details`. ------
def read_direct(path):
    """benchmarks/direct.sh: JSON lines of Bench asyncio4j-direct (JDK 21+), rows direct_switch/..._spawn_gather/_idle_tasks."""
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("{"):
                out = json.loads(line)
                if "values" in out:
                    record(out["workload"], "asyncio4j-direct", out["values"], out["unit"], out.get("extra"))
                    rows.append(out["workload"])
    return rows


def read_connections_idle(path):
    """benchmarks/python/connections_idle.py: bytes per open idle connection (RSS on every side, JVM live heap)."""
    with open(path) as f:
        data = json.load(f)
    for impl, r in data.get("results", {}).items():
        extra = {"heap_bytes_per_conn": r["heap_bytes_per_conn"]} if "heap_bytes_per_conn" in r else {}
        record("connections_idle", impl, [r["rss_bytes_per_conn"]], "bytes/conn", extra)
    return ["connections_idle"] if data.get("results") else []


HOOKS = [
    # (command, output file in RESULTS, reader)
    (["bash", os.path.join(ROOT, "direct.sh")] + (["--quick"] if QUICK else []), "latest-direct.json", read_direct),
    ([sys.executable, os.path.join(HERE, "connections_idle.py")] + (["--quick"] if QUICK else []),
     "connections_idle.json", read_connections_idle),
]
hook_rows = []


def snapshot_results():
    """results/ as it is (a quick run puts it back after each hook: hooks write there whatever the mode)."""
    folder = os.path.join(ROOT, "results")
    kept = {}
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), "rb") as f:
            kept[name] = f.read()
    return kept


def restore_results(kept):
    folder = os.path.join(ROOT, "results")
    for name in os.listdir(folder):
        if name not in kept:
            os.remove(os.path.join(folder, name))
    for name, data in kept.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


def run_hooks():
    for cmd, out, reader in HOOKS:
        script = next(c for c in cmd if c.endswith((".sh", ".py")))
        if not os.path.exists(script):
            continue
        t0 = time.time()
        path = os.path.join(ROOT, "results", out)
        kept = snapshot_results() if QUICK else None
        proc = subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL)
        ok = proc.returncode == 0 and os.path.exists(path)
        rows = reader(path) if ok else []
        if kept is not None:
            restore_results(kept)
        if not ok:
            log(f"{os.path.basename(script)}: exit {proc.returncode}, no {out}")
            continue
        hook_rows.extend(r for r in rows if r not in hook_rows)
        log(f"{os.path.basename(script)}: rows {rows} ({time.time() - t0:.0f} s)")


# --- Output. ---------------------------------------------------------------------------------------------
def fmt_rate(v):
    for div, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if v >= div:
            return f"{v / div:.2f}{suffix}"
    return f"{v:.0f}"


def cell(workload, impl):
    d = details.get(workload, {}).get(impl)
    if d is None:
        return notes.get((workload, impl), "—")
    ex = d["extra"]
    if d["unit"] == "bytes/task":
        cancels = ex.get("cancels_per_s")
        return f"{d['value']:.0f} B/task" + (f"; {fmt_rate(cancels)} cancels/s" if cancels else "")
    if d["unit"] == "bytes/conn":
        heap = ex.get("heap_bytes_per_conn")
        return f"{d['value']:.0f} B RSS/conn" + (f", {heap:.0f} B heap" if heap else "")
    if d["unit"] == "req/s":
        return (f"1K: {fmt_rate(ex['req_per_s_1k'])} req/s, {ex['server_us_per_req_1k']:.2f} µs CPU/req, "
                f"p99 {ex['p99_ms_1k']:.1f} ms; 64K: {ex['mb_per_s_64k']:.0f} MB/s, "
                f"{ex['server_ms_per_mb_64k']:.2f} ms CPU/MB, p99 {ex['p99_ms_64k']:.1f} ms")
    return f"{fmt_rate(d['value'])}/s"


def ratio(workload, a, b):
    da, db = details.get(workload, {}).get(a), details.get(workload, {}).get(b)
    if not da or not db or not db["value"]:
        return None
    if da["unit"] == "req/s":
        # Server CPU per request / per MB: the figure that ranks servers when the generator is not the limit.
        b1, b64 = db["extra"]["server_us_per_req_1k"], db["extra"]["server_ms_per_mb_64k"]
        a1, a64 = da["extra"]["server_us_per_req_1k"], da["extra"]["server_ms_per_mb_64k"]
        return (b1 / a1, b64 / a64) if a1 and a64 and b1 and b64 else None
    return da["value"] / db["value"]


def fmt_ratio(r):
    if r is None:
        return "—"
    if isinstance(r, tuple):
        return f"{r[0]:.2f}× / {r[1]:.2f}×"
    return f"{r:.3g}×"


RATIO_COLUMNS = [("cpython", "Java / CPython 3.11.7"), ("cpython-debian", "Java / Debian CPython"),
                 ("uvloop", "Java / uvloop"), ("kotlinx-raw", "Java / raw kotlinx"), ("c-floor", "Java / C floor"),
                 ("asyncio4j-kotlin", "Java / Kotlin API")]


def environment():
    def out(cmd):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True)
            return (p.stdout.strip() or p.stderr.strip()).splitlines()[0]
        except (OSError, IndexError):
            return "n/a"
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    jdk = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[1]
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "jdk": jdk.strip(),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "load_average_at_start": os.getloadavg()[0],
        "cpython": f"{out([PYENV_PYTHON, '--version'])} ({out([PYENV_PYTHON, '-c', 'import sys; print(sys.executable)'])})",
        "cpython-debian": f"{out([SYSTEM_PYTHON, '--version'])} ({SYSTEM_PYTHON})",
        "uvloop": out([SYSTEM_PYTHON, "-c", "import sys, uvloop; print('uvloop', uvloop.__version__, 'on Python', "
                                            "sys.version.split()[0])"]),
        "commit": out(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]),
        "mode": "quick" if QUICK else "full",
    }


def meta(env, elapsed):
    return {
        "jvm_flags": JVM_FLAGS,
        "tuned_jvm_flags": TUNED_JVM_FLAGS if TUNED else None,
        "interpreters": {k: env[k] for k in ("cpython", "cpython-debian", "uvloop")},
        "jdk": env["jdk"],
        "n": {side: {w: n_of(w) for w in LOOP_WORKLOADS} for side in ("jvm", "python")},
        "runs": RUNS, "warm_ups_jvm": 3,
        "echo": {"clients": ECHO_CLIENTS, "seconds": ECHO_SECONDS, "pipelined": {str(k): v for k, v in ECHO_SIZES.items()},
                 "taskset": {"client": CLIENT_CPU, "server": SERVER_CPU}, "uvloop_malloc": MALLOC_TUNABLES},
        "date": env["date"], "commit": env["commit"], "mode": env["mode"], "took_s": round(elapsed),
        "cpu": env["cpu"], "load_average_at_start": env["load_average_at_start"],
    }


def impl_columns():
    cols = JVM_IMPLS + ([TUNED_IMPL] if TUNED else []) + PY_IMPLS + ECHO_ONLY
    if any("asyncio4j-direct" in details.get(w, {}) for w in hook_rows):
        cols.insert(1, "asyncio4j-direct")
    return cols


def counterpart(row):
    """The chain-style row a direct-style row is the same program as (direct_switch -> switch)."""
    return row[len("direct_"):] if row.startswith("direct_") else None


def summary_table():
    """The README's summary: default-flags asyncio4j (Java facade) against each column, server-shaped rows first."""
    lines = ["| workload | asyncio4j (Java) | / CPython 3.11.7 | / Debian CPython | / uvloop | / raw kotlinx |",
             "| --- | --- | --- | --- | --- | --- |"]
    for w in SERVER_SHAPED + LOOP_BOUND + EXTRA_LOOP:
        d = details.get(w, {}).get("asyncio4j-java")
        if d is None:
            continue
        lines.append(f"| {w} | {fmt_rate(d['value'])}/s | " + " | ".join(
            fmt_ratio(ratio(w, "asyncio4j-java", b)) for b in ("cpython", "cpython-debian", "uvloop", "kotlinx-raw"))
            + " |")
    for w in hook_rows:
        d = details.get(w, {}).get("asyncio4j-direct")
        base = counterpart(w)
        if d is None or base is None or d["unit"] != "ops/s":
            continue
        def vs(b):
            o = details.get(base, {}).get(b)
            return fmt_ratio(d["value"] / o["value"]) if o and o["value"] else "—"
        lines.append(f"| {w} (direct style, JDK 21+; vs {base}) | {fmt_rate(d['value'])}/s | {vs('cpython')} | "
                     f"{vs('cpython-debian')} | {vs('uvloop')} | {vs('kotlinx-raw')} |")
    d = details.get("idle_tasks", {})
    if "asyncio4j-java" in d:
        others = ", ".join(f"{i} {d[i]['value']:.0f}" for i in ("cpython", "uvloop", "kotlinx-raw") if i in d)
        lines.append(f"| idle_tasks | {d['asyncio4j-java']['value']:.0f} bytes/task | ({others}) | | | |")
    for w in ECHO_WORKLOADS:
        d = details.get(w, {}).get("asyncio4j-java")
        if d is None:
            continue
        ex = d["extra"]
        r = {b: ratio(w, "asyncio4j-java", b) for b in ("cpython", "cpython-debian", "uvloop", "c-floor")}
        lines.append(f"| {w} (server CPU per 1 KiB req / per 64 KiB MB) | {ex['server_us_per_req_1k']:.2f} µs, "
                     f"{ex['server_ms_per_mb_64k']:.2f} ms | {fmt_ratio(r['cpython'])} | {fmt_ratio(r['cpython-debian'])} "
                     f"| {fmt_ratio(r['uvloop'])} | C floor {fmt_ratio(r['c-floor'])} |")
    return lines


def write_outputs(env, elapsed):
    os.makedirs(RESULTS, exist_ok=True)
    rows = LOOP_WORKLOADS + ECHO_WORKLOADS + [w for w in hook_rows if w not in LOOP_WORKLOADS]
    m = meta(env, elapsed)
    latest = {w: {i: {"value": round(d["value"], 3), "unit": d["unit"]} for i, d in details.get(w, {}).items()}
              for w in rows}
    latest["meta"] = m
    with open(os.path.join(RESULTS, "latest.json"), "w") as f:
        json.dump(latest, f, indent=2)
        f.write("\n")
    with open(os.path.join(RESULTS, "latest-details.json"), "w") as f:
        json.dump({"meta": m, "environment": env, "results": details, "n_check": n_check,
                   "notes": {f"{w}/{i}": n for (w, i), n in notes.items()}}, f, indent=2)
        f.write("\n")
    impls = impl_columns()
    header = (f"{env['date']} · {env['jdk']} · {env['cpu']} (load average {env['load_average_at_start']:.1f} at "
              f"start) · CPython: {env['cpython']}; {env['cpython-debian']} · {env['uvloop']} · commit "
              f"{env['commit']} · {env['mode']} run, took {elapsed / 60:.1f} min")
    flags = ("JVM flags of every asyncio4j/kotlinx/Netty column: none (the JVM as a user starts it)"
             + (f"; the **tuned** column `{TUNED_IMPL}` adds `{' '.join(TUNED_JVM_FLAGS)}`." if TUNED else "."))
    lines = [f"# asyncio4j benchmarks ({env['mode']} run)", "", header, "", flags, "",
             "Cells: median of the runs (higher is better, except bytes/task). Ratios compare asyncio4j through "
             "the Java facade (default flags) with the column named, measured in the same run. `_io` rows: the "
             "same workload on a server-shaped loop (a listening socket and an idle connection registered). Echo "
             "ratios are the other server's CPU time per request (1 KiB, pipelined) / per MB (64 KiB) divided by "
             "asyncio4j's: above 1× asyncio4j spends less CPU. Method: [../README.md](../README.md).",
             "", "| workload | " + " | ".join(impls) + " | " + " | ".join(t for _, t in RATIO_COLUMNS) + " |",
             "|---" * (1 + len(impls) + len(RATIO_COLUMNS)) + "|"]
    for w in rows:
        cells = [cell(w, i) for i in impls] + [fmt_ratio(ratio(w, "asyncio4j-java", b)) for b, _ in RATIO_COLUMNS]
        lines.append(f"| {w} | " + " | ".join(cells) + " |")
    lines += ["", "Operations per timed run, the same on every side: "
              + ", ".join(f"{w}={n_of(w):,}" for w in LOOP_BOUND + OTHER_LOOP + EXTRA_LOOP) + " (`_io` rows alike).", ""]
    if n_check:
        lines += ["## N check", "", "The figure does not depend on N: asyncio4j-java at N and 5N, CPython 3.11.7 at "
                  "N/2 and N (server-shaped rows).", "",
                  "| workload | Java at N | Java at 5N | 5N / N | CPython at N/2 | CPython at N | N / (N/2) |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for w, r in n_check.items():
            def q(a, b):
                return f"{a / b:.2f}" if a and b else "—"
            lines.append(f"| {w} | {fmt_rate(r['java_n'] or 0)} | {fmt_rate(r['java_5n'] or 0)} | "
                         f"{q(r['java_5n'], r['java_n'])} | {fmt_rate(r['cpython_half'] or 0)} | "
                         f"{fmt_rate(r['cpython_n'] or 0)} | {q(r['cpython_n'], r['cpython_half'])} |")
        lines.append("")
    lines += ["## Echo details", "",
              f"{ECHO_CLIENTS} clients, {ECHO_SECONDS:g} s per run, load generator benchmarks/c/loadgen.c pinned to "
              f"core {CLIENT_CPU}, server to core {SERVER_CPU} (taskset); 1 KiB messages pipelined "
              f"{ECHO_SIZES[1024]} per round trip, 64 KiB {ECHO_SIZES[65536]}. Server CPU = utime+stime of its "
              "process (all threads) over the run; a server below 90% of a core is flagged (not server-bound: "
              "the generator, the kernel or other processes limited it; Netty is multi-threaded and can exceed 100%). "
              "`uvloop-malloc`: uvloop with "
              f"`GLIBC_TUNABLES={MALLOC_TUNABLES}`.", "",
              "| row | server | 1K req/s | 1K server CPU % | 1K client CPU % | 1K µs CPU/req | 64K MB/s | "
              "64K server CPU % | 64K client CPU % | 64K ms CPU/MB |", "|---" * 10 + "|"]
    def pct(v):  # a single-threaded server below 90% of its core was not the bottleneck: flag it
        return f"{v:.0f}" + (" (not server-bound)" if v < 90 else "")
    for w in ECHO_WORKLOADS:
        for i, d in details.get(w, {}).items():
            e = d["extra"]
            lines.append(f"| {w} | {i} | {fmt_rate(e['req_per_s_1k'])} | {pct(e['server_cpu_pct_1k'])} | "
                         f"{e['client_cpu_pct_1k']:.0f} | {e['server_us_per_req_1k']:.2f} | {e['mb_per_s_64k']:.0f} | "
                         f"{pct(e['server_cpu_pct_64k'])} | {e['client_cpu_pct_64k']:.0f} | "
                         f"{e['server_ms_per_mb_64k']:.3f} |")
    lines += ["", "![ratios](latest.png)", ""]
    with open(os.path.join(RESULTS, "latest.md"), "w") as f:
        f.write("\n".join(lines))
    # The chart: one bar per (server-shaped workload, ratio column), drawn by the JDK (java.awt, headless).
    tsv = os.path.join(RESULTS, "latest-ratios.tsv")
    with open(tsv, "w") as f:
        for w in SERVER_SHAPED + ECHO_WORKLOADS:
            for b, title in RATIO_COLUMNS[:4]:
                r = ratio(w, "asyncio4j-java", b)
                if isinstance(r, tuple):
                    r = r[0]
                if r is not None:
                    f.write(f"{w}\t{title}\t{r}\n")
    subprocess.run(java() + ["-Djava.awt.headless=true", "io.asyncio4j.bench.Chart", tsv,
                             os.path.join(RESULTS, "latest.png"), f"asyncio4j-Java ratios, {env['date']}"], check=True)
    os.remove(tsv)
    write_readme_summary(env, elapsed)


README_START = "<!-- benchmark summary: generated by benchmarks/run.sh, do not edit -->"
README_END = "<!-- end of benchmark summary -->"


def write_readme_summary(env, elapsed):
    """Replaces the README's summary between its markers (and prints it, so a reader of the log sees it)."""
    table = summary_table()
    block = [README_START,
             f"{env['mode'].capitalize()} run of {env['date']}, commit {env['commit']}, {env['jdk']}, {env['cpu']} "
             f"(load average {env['load_average_at_start']:.1f} at start), took {elapsed / 60:.1f} min. JVM started "
             "without flags; same N on every side; `_io`: a listening socket and an idle connection registered.",
             ""] + table + [README_END]
    print("\n".join(table))
    if QUICK:
        log(f"quick run: README.md left as it is; outputs in {RESULTS}")
        return
    path = os.path.join(REPO, "README.md")
    with open(path) as f:
        text = f.read()
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        log("README.md has no benchmark summary markers: the table above is not written into it")
        return
    with open(path, "w") as f:
        f.write(pattern.sub(lambda _: "\n".join(block), text))


def availability():
    def executable(python):
        p = subprocess.run([python, "-c", "import sys; print(sys.executable)"], capture_output=True, text=True)
        return os.path.realpath(p.stdout.strip()) if p.returncode == 0 else None
    same = os.path.exists(SYSTEM_PYTHON) and executable(PYENV_PYTHON) == executable(SYSTEM_PYTHON)
    a = {"cpython": have([PYENV_PYTHON, "-c", "import asyncio"]), "cpython:why": f"n/a ({PYENV_PYTHON} missing)",
         "cpython-debian": os.path.exists(SYSTEM_PYTHON) and not same and have([SYSTEM_PYTHON, "-c", "import asyncio"]),
         "cpython-debian:why": f"n/a ({SYSTEM_PYTHON} missing)" if not same else "n/a (same interpreter as cpython)",
         "uvloop": have([SYSTEM_PYTHON, "-c", "import uvloop"]),
         "uvloop:why": "n/a (python3-uvloop could not be installed)"}
    return a


def main():
    t0 = time.time()
    available = availability()
    env = environment()
    log(f"{env}")
    loop_benchmarks(available)
    log(f"loop workloads done at {time.time() - t0:.0f} s")
    if N_CHECK:
        n_checks(available)
        log(f"N check done at {time.time() - t0:.0f} s")
    echo_benchmarks(available)
    log(f"echo done at {time.time() - t0:.0f} s")
    run_hooks()
    write_outputs(env, time.time() - t0)
    log(f"done in {(time.time() - t0) / 60:.1f} min: {os.path.join(RESULTS, 'latest.md')}")


if __name__ == "__main__":
    main()
