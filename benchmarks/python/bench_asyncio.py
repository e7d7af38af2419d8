"""The benchmark workloads on CPython asyncio (or uvloop with --uvloop), the same shapes as the JVM ones.

usage: bench_asyncio.py [--uvloop] <workload>[_io] <n> <runs>
Prints one JSON line {"values": [...], "unit": ..., "extra": {key: [...]}} (one value per run).
Each run is a fresh asyncio.run(); timing is taken inside the main coroutine. The garbage collector stays on,
as users run it. A `_io` workload is the same workload on a server-shaped loop: a listening socket and a
connected idle socket are registered with the loop's selector before the timing starts (see with_io).
"""
import asyncio
import gc
import json
import os
import random
import sys
import time


def check(ok, what):
    if not ok:
        raise SystemExit("benchmark check failed: " + what)


async def work(i):
    await asyncio.sleep(0)
    return i


async def spawn_gather(n):
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(work(i)) for i in range(n)]
    results = await asyncio.gather(*tasks)
    t1 = time.perf_counter()
    check(len(results) == n and results[-1] == n - 1, "gather results")
    return n / (t1 - t0), "ops/s", {}


async def switch(n):
    t0 = time.perf_counter()
    for _ in range(n):
        await asyncio.sleep(0)
    return n / (time.perf_counter() - t0), "ops/s", {}


async def future_pingpong(n):
    loop = asyncio.get_running_loop()
    box = {"to_a": None, "to_b": loop.create_future(), "sum": 0}

    async def a():
        for i in range(n):
            fa = box["to_a"] = loop.create_future()
            box["to_b"].set_result(i)
            await fa

    async def b():
        for i in range(n):
            v = await box["to_b"]
            box["sum"] += v
            box["to_b"] = loop.create_future()
            box["to_a"].set_result(v)

    t0 = time.perf_counter()
    await asyncio.gather(a(), b())
    t1 = time.perf_counter()
    check(box["sum"] == n * (n - 1) // 2, "pingpong sum")
    return n / (t1 - t0), "ops/s", {}


async def call_soon(n):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    count = [0]

    def step():
        count[0] += 1
        if count[0] == n:
            done.set_result(None)
        else:
            loop.call_soon(step)

    t0 = time.perf_counter()
    loop.call_soon(step)
    await done
    return n / (time.perf_counter() - t0), "ops/s", {}


async def timers(n):
    loop = asyncio.get_running_loop()
    rnd = random.Random(42)
    # Every timer is due within the run's first millisecond: the figure is the loop's cost per timer
    # (schedule, cancel half, fire the rest in deadline order), not a wall-clock wait (benchmarks/README.md).
    delays = [rnd.random() * 0.001 for _ in range(n)]
    done = loop.create_future()
    expected = n - n // 2
    state = [float("-inf"), 0]  # last deadline, fired
    handles = [None] * n

    # uvloop 0.17 has no when() on its handles: there only the count is checked.
    has_when = not type(loop).__module__.startswith("uvloop")

    def fire(i):
        if has_when:
            when = handles[i].when()
            check(when >= state[0], "timers fire in deadline order")
            state[0] = when
        state[1] += 1
        if state[1] == expected:
            done.set_result(None)

    t0 = time.perf_counter()
    call_later = loop.call_later
    for i in range(n):
        handles[i] = call_later(delays[i], fire, i)
    for i in range(1, n, 2):
        handles[i].cancel()
    await done
    t1 = time.perf_counter()
    check(state[1] == expected, "timers fired")
    return n / (t1 - t0), "ops/s", {}


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def idle_tasks(n):
    loop = asyncio.get_running_loop()

    async def idle():
        await loop.create_future()

    gc.collect()
    before = rss_bytes()
    tasks = [asyncio.create_task(idle()) for _ in range(n)]
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    gc.collect()
    after = rss_bytes()
    t0 = time.perf_counter()
    for t in tasks:
        t.cancel()
    last = tasks[-1]
    while not last.done():
        await asyncio.sleep(0)
    t1 = time.perf_counter()
    for t in tasks:
        check(t.cancelled(), "idle task cancelled")
    return (after - before) / n, "bytes/task", {"cancels_per_s": n / (t1 - t0)}


async def queue(n):
    rates = {}
    for size in (128, 1):
        q = asyncio.Queue(size)
        total = [0]

        async def producer():
            for i in range(n):
                await q.put(i)

        async def consumer():
            s = 0
            for _ in range(n):
                s += await q.get()
            total[0] = s

        t0 = time.perf_counter()
        await asyncio.gather(producer(), consumer())
        rates[size] = n / (time.perf_counter() - t0)
        check(total[0] == n * (n - 1) // 2, "queue sum")
    both = 2 / (1 / rates[128] + 1 / rates[1])
    return both, "ops/s", {"queue128_items_per_s": rates[128], "queue1_items_per_s": rates[1]}


async def lock_contention(n):
    workers = 100
    per_worker = n // workers
    lock = asyncio.Lock()
    state = {"inside": 0, "count": 0}

    async def worker():
        for _ in range(per_worker):
            async with lock:
                check(state["inside"] == 0, "mutual exclusion")
                state["inside"] = 1
                await asyncio.sleep(0)
                state["inside"] = 0
                state["count"] += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    t1 = time.perf_counter()
    check(state["count"] == workers * per_worker, "acquisitions")
    return workers * per_worker / (t1 - t0), "ops/s", {}


WORKLOADS = {f.__name__: f for f in (spawn_gather, switch, future_pingpong, call_soon, timers, idle_tasks,
                                      queue, lock_contention)}


class _Idle(asyncio.Protocol):
    pass


async def with_io(body, n):
    """Runs body(n) with a listening socket and a connected idle socket registered, as in any server."""
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Idle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    transport, _ = await loop.create_connection(_Idle, "127.0.0.1", port)
    await asyncio.sleep(0.01)  # the server side's accept has run: three sockets registered
    try:
        return await body(n)
    finally:
        transport.close()
        server.close()
        await server.wait_closed()


def main(argv):
    use_uvloop = argv and argv[0] == "--uvloop"
    if use_uvloop:
        import uvloop
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
        argv = argv[1:]
    workload, n, runs = argv[0], int(argv[1]), int(argv[2])
    io = workload.endswith("_io")
    body = WORKLOADS.get(workload[:-3] if io else workload)
    if body is None:  # run_all.py shows "n/a" for this message
        raise SystemExit(f"workload not implemented: {workload}")
    values, unit, extra = [], None, {}
    for _ in range(runs):
        gc.collect()
        cpu0, process0 = time.thread_time(), time.process_time()
        value, unit, more = asyncio.run(with_io(body, n) if io else body(n))
        if unit == "ops/s":  # CPU rates, set-up included: as Bench's loop_thread_/process_cpu_ops_per_s
            more["loop_thread_cpu_ops_per_s"] = n / (time.thread_time() - cpu0)
            more["process_cpu_ops_per_s"] = n / (time.process_time() - process0)
        values.append(value)
        for k, v in more.items():
            extra.setdefault(k, []).append(v)
    print(json.dumps({"values": values, "unit": unit, "extra": extra}))


if __name__ == "__main__":
    main(sys.argv[1:])
