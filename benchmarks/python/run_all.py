"""Runs every workload on every implementation and writes benchmarks/results/latest.{md,json,png}.

Started by benchmarks/run.sh (which builds first); standard library only. Each cell is the median of 3 runs.
JVM implementations get three untimed warm-up runs in the same process first (Bench.WARM_UPS: the JIT's and the
collector's turn); echo servers get one untimed load run. Absolute numbers drift on shared machines: read the ratios, measured in the same run.
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)                       # benchmarks/
RESULTS = os.path.join(ROOT, "results")
CP = os.path.join(ROOT, "target", "classes") + ":" + os.path.join(ROOT, "target", "lib", "*")
BIN = os.path.join(ROOT, "target", "bin")
JAVA = ["java", "-Xms1g", "-Xmx3g", "-XX:+UseParallelGC", "-cp", CP]
CPYTHON = os.environ.get("BENCH_CPYTHON", "python3")       # the python3 first on PATH
SYSTEM_PYTHON = "/usr/bin/python3"                          # Debian's, the one python3-uvloop is built for

IMPLS = ["asyncio4j-java", "asyncio4j-kotlin", "kotlinx-raw", "cpython", "uvloop", "netty", "c-floor"]
JVM_IMPLS = ["asyncio4j-java", "asyncio4j-kotlin", "kotlinx-raw"]
LOOP_WORKLOADS = ["spawn_gather", "switch", "future_pingpong", "call_soon", "timers", "idle_tasks", "queue",
                  "lock_contention"]
ECHO_WORKLOADS = ["echo_streams", "echo_protocol"]
LOOP_BOUND = ["spawn_gather", "switch", "future_pingpong", "call_soon", "timers", "queue", "lock_contention"]

QUICK = "--quick" in sys.argv
RUNS = 3
# Operations per run. The N for the JVM; CPython/uvloop run fewer operations (their rates are
# per second all the same) so that the whole run stays inside its time budget.
JVM_N = {"idle_tasks": 100_000}
PY_N = {"idle_tasks": 100_000, "spawn_gather": 100_000, "lock_contention": 100_000, "call_soon": 300_000}
DEFAULT_JVM_N, DEFAULT_PY_N = 1_000_000, 200_000
ECHO_SECONDS, ECHO_CLIENTS, ECHO_SIZES = 1.5, 100, (1024, 65536)
if QUICK:
    JVM_N = {"idle_tasks": 20_000}
    PY_N = {"idle_tasks": 10_000}
    DEFAULT_JVM_N, DEFAULT_PY_N = 100_000, 10_000
    ECHO_SECONDS = 0.5

notes = {}          # (workload, impl) -> why there is no number
details = {}        # workload -> impl -> {"runs": [...], "extra": {...}}


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run_json(cmd, timeout):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if proc.returncode != 0 or not lines:
        err = proc.stderr.strip().splitlines()
        why = [l for l in err if "not implemented" in l or "check failed" in l or "Exception" in l]
        tail = (why or err or ["no output"])[0 if why else -1].strip()
        raise RuntimeError(f"exit {proc.returncode}: {tail[:200]}")
    return json.loads(lines[-1])


def record(workload, impl, values, unit, extra=None):
    med = statistics.median(values)
    details.setdefault(workload, {})[impl] = {
        "value": med, "unit": unit, "runs": values,
        "extra": {k: statistics.median(v) if isinstance(v, list) else v for k, v in (extra or {}).items()},
    }


def uvloop_available():
    try:
        subprocess.run([SYSTEM_PYTHON, "-c", "import uvloop"], check=True, capture_output=True)
        return True
    except (OSError, subprocess.CalledProcessError):
        return False


def jvm_runs(impl, workloads, timeout):
    """Runs `workloads` of a JVM implementation in one process; workload -> parsed JSON (or {"error": ...})."""
    spec = ",".join(f"{w}:{JVM_N.get(w, DEFAULT_JVM_N)}" for w in workloads)
    cmd = JAVA + ["io.asyncio4j.bench.Bench", impl, spec, str(DEFAULT_JVM_N), str(RUNS)]
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


def note_failure(workload, impl, error):
    if "not implemented" in error:
        notes[(workload, impl)] = "n/a (not built yet: needs io.asyncio4j.engine.sync)"
    else:
        notes[(workload, impl)] = f"failed ({error})"
    log(f"{workload:16} {impl:17} {notes[(workload, impl)]}")


def loop_benchmarks(have_uvloop):
    batched = {}
    if QUICK:  # one JVM per implementation for all workloads: JVM start-ups dominate a quick run
        for impl in JVM_IMPLS:
            batched[impl] = jvm_runs(impl, LOOP_WORKLOADS, 600)
    for workload in LOOP_WORKLOADS:
        for impl in JVM_IMPLS + ["cpython", "uvloop"]:
            t0 = time.time()
            if impl in JVM_IMPLS:
                n = JVM_N.get(workload, DEFAULT_JVM_N)
                out = batched[impl][workload] if QUICK else jvm_runs(impl, [workload], 300)[workload]
                if "error" in out:
                    note_failure(workload, impl, out["error"])
                    continue
            else:
                if impl == "uvloop" and not have_uvloop:
                    notes[(workload, impl)] = "n/a (python3-uvloop could not be installed)"
                    continue
                n = PY_N.get(workload, DEFAULT_PY_N)
                python = CPYTHON if impl == "cpython" else SYSTEM_PYTHON
                flags = [] if impl == "cpython" else ["--uvloop"]
                cmd = [python, os.path.join(HERE, "bench_asyncio.py")] + flags + [workload, str(n), str(RUNS)]
                try:
                    out = run_json(cmd, timeout=300)
                except Exception as e:  # noqa: BLE001 - any failure becomes a visible note, never a number
                    note_failure(workload, impl, str(e))
                    continue
            record(workload, impl, out["values"], out["unit"], out.get("extra"))
            log(f"{workload:16} {impl:17} n={n:<8} {statistics.median(out['values']):14.1f} {out['unit']:10}"
                f" ({time.time() - t0:.1f}s)")


ECHO_SERVERS = {
    # name -> (implementation column, which echo rows it serves, command)
    "cpython-streams": ("cpython", ["echo_streams"], [CPYTHON, os.path.join(HERE, "echo_server.py"), "streams"]),
    "cpython-protocol": ("cpython", ["echo_protocol"], [CPYTHON, os.path.join(HERE, "echo_server.py"), "protocol"]),
    "uvloop-streams": ("uvloop", ["echo_streams"],
                       [SYSTEM_PYTHON, os.path.join(HERE, "echo_server.py"), "--uvloop", "streams"]),
    "uvloop-protocol": ("uvloop", ["echo_protocol"],
                        [SYSTEM_PYTHON, os.path.join(HERE, "echo_server.py"), "--uvloop", "protocol"]),
    "netty": ("netty", ["echo_streams", "echo_protocol"], JAVA + ["io.asyncio4j.bench.NettyEcho"]),
    "c-floor": ("c-floor", ["echo_streams", "echo_protocol"], [os.path.join(BIN, "echo_epoll")]),
    "asyncio4j-java-streams": ("asyncio4j-java", ["echo_streams"],
                               JAVA + ["io.asyncio4j.bench.EchoServers", "asyncio4j-java", "streams"]),
    "asyncio4j-java-protocol": ("asyncio4j-java", ["echo_protocol"],
                                JAVA + ["io.asyncio4j.bench.EchoServers", "asyncio4j-java", "protocol"]),
    "asyncio4j-kotlin-streams": ("asyncio4j-kotlin", ["echo_streams"],
                                 JAVA + ["io.asyncio4j.bench.EchoServers", "asyncio4j-kotlin", "streams"]),
    "asyncio4j-kotlin-protocol": ("asyncio4j-kotlin", ["echo_protocol"],
                                  JAVA + ["io.asyncio4j.bench.EchoServers", "asyncio4j-kotlin", "protocol"]),
}


def start_server(cmd):
    # stderr goes to a file: a server logging every reset connection into an unread pipe would block on it.
    log_file = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log_file, text=True)
    line = proc.stdout.readline()
    if not line.startswith("PORT "):
        proc.kill()
        proc.wait()
        log_file.seek(0)
        err = log_file.read().strip().splitlines()
        why = [l for l in err if "ClassNotFound" in l or "not implemented" in l or "Exception" in l]
        raise RuntimeError(((why or err or [line.strip() or "no PORT line"])[0 if why else -1]).strip()[:200])
    return proc, int(line.split()[1])


def echo_benchmarks(have_uvloop):
    loadgen = os.path.join(BIN, "loadgen")
    for name, (impl, rows, cmd) in ECHO_SERVERS.items():
        if impl == "uvloop" and not have_uvloop:
            for row in rows:
                notes[(row, impl)] = "n/a (python3-uvloop could not be installed)"
            continue
        try:
            proc, port = start_server(cmd)
        except Exception as e:  # noqa: BLE001
            msg = str(e)
            for row in rows:
                if "not built yet" in msg or "ClassNotFound" in msg or "not implemented" in msg:
                    notes[(row, impl)] = "n/a (not built yet: needs io.asyncio4j.engine.net / .streams)"
                else:
                    notes[(row, impl)] = f"failed ({msg})"
            log(f"echo {name:26} {notes[(rows[0], impl)]}")
            continue
        try:
            per_size = {}
            for size in ECHO_SIZES:
                run_json([loadgen, str(port), str(ECHO_CLIENTS), str(size), "1"], 60)  # warm-up, untimed
                runs = [run_json([loadgen, str(port), str(ECHO_CLIENTS), str(size), str(ECHO_SECONDS)], 60)
                        for _ in range(RUNS)]
                per_size[size] = runs
            extra = {}
            for size, runs in per_size.items():
                tag = "1k" if size == 1024 else "64k"
                extra[f"req_per_s_{tag}"] = [r["req_per_s"] for r in runs]
                extra[f"mb_per_s_{tag}"] = [r["mb_per_s"] for r in runs]
                extra[f"p99_ms_{tag}"] = [r["p99_ms"] for r in runs]
            for row in rows:
                record(row, impl, extra["req_per_s_1k"], "req/s", extra)
            log(f"echo {name:26} 1k {statistics.median(extra['req_per_s_1k']):10.0f} req/s  "
                f"64k {statistics.median(extra['mb_per_s_64k']):8.1f} MB/s")
        except Exception as e:  # noqa: BLE001
            for row in rows:
                notes[(row, impl)] = f"failed ({e})"
            log(f"echo {name:26} failed: {e}")
        finally:
            proc.kill()
            proc.wait()


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
        return f"{d['value']:.0f} B/task; {fmt_rate(ex['cancels_per_s'])} cancels/s"
    if d["unit"] == "req/s":
        return (f"1K: {fmt_rate(ex['req_per_s_1k'])} req/s, p99 {ex['p99_ms_1k']:.1f} ms; "
                f"64K: {ex['mb_per_s_64k']:.0f} MB/s, p99 {ex['p99_ms_64k']:.1f} ms")
    return f"{fmt_rate(d['value'])}/s"


def ratio(workload, a, b):
    da, db = details.get(workload, {}).get(a), details.get(workload, {}).get(b)
    if not da or not db or not db["value"]:
        return None
    if da["unit"] == "req/s":
        b1, b64 = db["extra"]["req_per_s_1k"], db["extra"]["mb_per_s_64k"]
        r1 = da["extra"]["req_per_s_1k"] / b1 if b1 else None
        r64 = da["extra"]["mb_per_s_64k"] / b64 if b64 else None
        return (r1, r64) if r1 is not None and r64 is not None else None
    return da["value"] / db["value"]


def fmt_ratio(r):
    if r is None:
        return "—"
    if isinstance(r, tuple):
        return f"{r[0]:.2f}× / {r[1]:.2f}×"
    return f"{r:.2f}×"


RATIO_COLUMNS = [("cpython", "Java / CPython"), ("uvloop", "Java / uvloop"), ("kotlinx-raw", "Java / raw kotlinx"),
                 ("c-floor", "Java / C floor"), ("asyncio4j-kotlin", "Java / Kotlin API")]


def environment():
    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip() or \
                subprocess.run(cmd, capture_output=True, text=True).stderr.strip()
        except OSError:
            return "?"
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
        "cpu": f"{cpu}, {os.cpu_count()} cores (shared)",
        "cpython": out([CPYTHON, "--version"]),
        "uvloop": out([SYSTEM_PYTHON, "-c", "import sys, uvloop; print('uvloop', uvloop.__version__, 'on Python', sys.version.split()[0])"]),
        "commit": out(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]),
        "mode": "quick" if QUICK else "full",
    }


def write_outputs(env, elapsed):
    os.makedirs(RESULTS, exist_ok=True)
    rows = LOOP_WORKLOADS + ECHO_WORKLOADS
    latest = {w: {i: {"value": round(d["value"], 3), "unit": d["unit"]} for i, d in details.get(w, {}).items()}
              for w in rows}
    with open(os.path.join(RESULTS, "latest.json"), "w") as f:
        json.dump(latest, f, indent=2)
        f.write("\n")
    with open(os.path.join(RESULTS, "latest-details.json"), "w") as f:
        json.dump({"environment": env, "results": details,
                   "notes": {f"{w}/{i}": n for (w, i), n in notes.items()}}, f, indent=2)
        f.write("\n")
    lines = [f"# asyncio4j benchmarks ({env['mode']} run)", "",
             f"{env['date']} · {env['jdk']} · {env['cpu']} · CPython: {env['cpython']} · {env['uvloop']} · "
             f"commit {env['commit']} · took {elapsed / 60:.1f} min", "",
             "Cells: median of 3 runs (higher is better, except bytes/task). Ratios compare asyncio4j through the "
             "Java facade with the column named, measured in the same run; echo ratios are 1 KiB req/s / 64 KiB MB/s.",
             "", "| workload | " + " | ".join(IMPLS) + " | " + " | ".join(t for _, t in RATIO_COLUMNS) + " |",
             "|---" * (1 + len(IMPLS) + len(RATIO_COLUMNS)) + "|"]
    for w in rows:
        cells = [cell(w, i) for i in IMPLS] + [fmt_ratio(ratio(w, "asyncio4j-java", b)) for b, _ in RATIO_COLUMNS]
        lines.append(f"| {w} | " + " | ".join(cells) + " |")
    lines += ["", "Operations per timed run: JVM " + ", ".join(f"{w}={JVM_N.get(w, DEFAULT_JVM_N):,}" for w in LOOP_WORKLOADS),
              "; CPython/uvloop " + ", ".join(f"{w}={PY_N.get(w, DEFAULT_PY_N):,}" for w in LOOP_WORKLOADS) + ".",
              f"Echo: {ECHO_CLIENTS} clients, {ECHO_SECONDS:g} s per run, load generator benchmarks/c/loadgen.c.", "",
              "![ratios](latest.png)", ""]
    with open(os.path.join(RESULTS, "latest.md"), "w") as f:
        f.write("\n".join(lines))
    # The chart: one bar per (workload, ratio column), drawn by the JDK (java.awt, headless).
    tsv = os.path.join(RESULTS, "latest-ratios.tsv")
    with open(tsv, "w") as f:
        for w in rows:
            for b, title in RATIO_COLUMNS[:4]:
                r = ratio(w, "asyncio4j-java", b)
                if isinstance(r, tuple):
                    r = r[0]
                if r is not None:
                    f.write(f"{w}\t{title}\t{r}\n")
    subprocess.run(JAVA + ["-Djava.awt.headless=true", "io.asyncio4j.bench.Chart", tsv,
                           os.path.join(RESULTS, "latest.png"), f"asyncio4j-Java ratios, {env['date']}"], check=True)
    os.remove(tsv)


def main():
    t0 = time.time()
    have_uvloop = uvloop_available()
    env = environment()
    log(f"{env}")
    loop_benchmarks(have_uvloop)
    echo_benchmarks(have_uvloop)
    write_outputs(env, time.time() - t0)
    log(f"done in {(time.time() - t0) / 60:.1f} min: {os.path.join(RESULTS, 'latest.md')}")


if __name__ == "__main__":
    main()
