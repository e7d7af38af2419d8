#!/usr/bin/env python3
"""Puts `Objects.requireNonNull(p, "p must not be null")` at the start of every public static method of
Asyncio.java for each parameter that must not be null (idempotent; NullArgumentsTest checks the outcome).
Nullable, as documented: Double/Integer/Boolean/Duration "no limit" values (except sleep's delay), task names,
the call-graph `future` (null: the current task), startServer's `host` (null: all interfaces)."""
import pathlib, re
P = pathlib.Path(__file__).resolve().parent / "src/main/java/io/asyncio4j/Asyncio.java"
NULLABLE_TYPES = {"Double", "Integer", "Boolean", "Duration", "String"}
NULLABLE_NAMES = {"name", "future", "host", "obj", "loop", "executor", "msg"}
NON_NULL = {("sleep", "delay"), ("openConnection", "host"), ("createSubprocessShell", "cmd"),
            ("createSubprocessExec", "program"), ("wrapFuture", "future"), ("futureAddToAwaitedBy", "fut"),
            ("futureDiscardFromAwaitedBy", "fut"), ("futureAddToAwaitedBy", "waiter"),
            ("futureDiscardFromAwaitedBy", "waiter"), ("currentTask", "loop"), ("allTasks", "loop"),
            ("eagerTaskFactory", "loop"), ("runCoroutineThreadsafe", "loop")}

def split_params(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch == "<": depth += 1
        if ch == ">": depth -= 1
        if ch == "," and depth == 0:
            out.append(cur); cur = ""
        else:
            cur += ch
    if cur.strip(): out.append(cur)
    return [p.strip() for p in out]

text = P.read_text()
lines = text.split("\n")
i = 0
result = []
while i < len(lines):
    line = lines[i]
    m = re.match(r"^(\s*)public static .*?\b(\w+)\((.*)$", line)
    if not m or "=" in line.split("(")[0]:
        result.append(line); i += 1; continue
    indent, name = m.group(1), m.group(2)
    header = [line]
    while not header[-1].rstrip().endswith("{") and i + len(header) < len(lines):
        header.append(lines[i + len(header)])
    result.extend(header)
    i += len(header)
    sig = " ".join(h.strip() for h in header)
    params = sig[sig.index(name + "(") + len(name) + 1: sig.rindex(")")]
    checks = []
    for p in split_params(params):
        if not p: continue
        parts = p.replace("...", "[] ").split()
        pname, ptype = parts[-1], " ".join(parts[:-1])
        base = re.sub(r"<.*>", "", ptype).strip()
        if base in {"int", "long", "double", "boolean", "float", "short", "byte", "char"}:
            continue
        nullable = (base in NULLABLE_TYPES or pname in NULLABLE_NAMES) and (name, pname) not in NON_NULL
        if not nullable:
            checks.append(f'{indent}    Objects.requireNonNull({pname}, "{pname} must not be null");')
    existing = set()
    j = i
    while j < len(lines) and lines[j].strip().startswith("Objects.requireNonNull("):
        existing.add(lines[j].strip()); j += 1
    for c in checks:
        if c.strip() not in existing:
            result.append(c)
print("null-checks: done")
P.write_text("\n".join(result))
