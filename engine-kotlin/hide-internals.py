#!/usr/bin/env python3
"""Marks every Kotlin `internal` function and property of the engine @JvmSynthetic, so that javac does not offer
it to Java code (Kotlin `internal` is public in bytecode, under a mangled name). Idempotent: run it after adding
internal members (ApiDumpTest fails on a visible `$asyncio4j_engine` member otherwise).

    python3 engine-kotlin/hide-internals.py

Functions get @JvmSynthetic; properties get it on their getter/setter (@get:/@set:), @JvmField and lateinit
properties on their field too. Internal constructors and classes cannot be synthetic: they stay listed in the
API dump (engine-kotlin/api/engine-kotlin.api)."""
import pathlib, re, sys

ROOT = pathlib.Path(__file__).resolve().parent / "src/main/kotlin"
DECL = re.compile(r"^(\s*)((?:@[\w:.]+(?:\([^)]*\))?\s+)*)internal\s+((?:(?:open|override|abstract|inline|suspend|"
                  r"operator|infix|tailrec|final|lateinit|const)\s+)*)(fun|val|var)\b(.*)$")

def annotate(lines, i):
    m = DECL.match(lines[i])
    if not m:
        return None
    indent, annotations, modifiers, kind, rest = m.groups()
    prev = lines[i - 1].strip() if i > 0 else ""
    if "JvmSynthetic" in lines[i] or (prev.startswith("@") and "JvmSynthetic" in prev and "internal" not in prev):
        return None
    if "const" in modifiers.split():
        return None  # a compile-time constant is inlined; its field stays (listed in the dump)
    if kind == "fun":
        add = "@JvmSynthetic "
    else:
        jvmfield = "JvmField" in annotations or (prev.startswith("@") and "JvmField" in prev and "internal" not in prev)
        lateinit = "lateinit" in modifiers.split()
        private_set = any("private set" in l for l in lines[i + 1:i + 3])
        parts = []
        if jvmfield:
            parts.append("@field:JvmSynthetic")
        else:
            parts.append("@get:JvmSynthetic")
            if kind == "var" and not private_set:
                parts.append("@set:JvmSynthetic")
            if lateinit:
                parts.append("@field:JvmSynthetic")
        add = " ".join(parts) + " "
    return f"{indent}{annotations}{add}internal {modifiers}{kind}{rest}"

# An override of an internal member is internal too, without the keyword: mark those by name.
OPEN = set()
for path in ROOT.rglob("*.kt"):
    OPEN.update(re.findall(r"internal (?:open|abstract) fun (\w+)", path.read_text()))
OVERRIDE = re.compile(r"^(\s*)((?:(?:final|open)\s+)?override\s+fun\s+(\w+)\b.*)$")

def annotate_override(lines, i):
    m = OVERRIDE.match(lines[i])
    if not m or m.group(3) not in OPEN or "JvmSynthetic" in lines[i] or "JvmSynthetic" in lines[i - 1]:
        return None
    return f"{m.group(1)}@JvmSynthetic {m.group(2)}"

changed = 0
for path in sorted(ROOT.rglob("*.kt")):
    lines = path.read_text().split("\n")
    out = False
    for i in range(len(lines)):
        new = annotate(lines, i) or annotate_override(lines, i)
        if new is not None and new != lines[i]:
            lines[i] = new
            out = True
            changed += 1
    if out:
        path.write_text("\n".join(lines))
print(f"hide-internals: {changed} declarations marked", file=sys.stderr)

# Members of `internal` classes and objects: the class is public in bytecode, its members under their plain names.
# Mark the non-private, non-override members at member indentation (never locals inside function bodies).
CLASS = re.compile(r"^(\s*)(?:@[\w:.]+(?:\([^)]*\))?\s+)*(internal|private|public|protected)?\s*"
                   r"((?:(?:abstract|open|sealed|data|inner|enum|fun|value|annotation|final)\s+)*)"
                   r"(class|object|interface|companion object)\b")
MEMBER = re.compile(r"^(\s*)((?:@[\w:.]+(?:\([^)]*\))?\s+)*)((?:(?:public|protected|open|abstract|inline|suspend|operator|"
                    r"infix|tailrec|final|lateinit|const)\s+)*)(fun|val|var)\b(.*)$")
members = 0
for path in sorted(ROOT.rglob("*.kt")):
    lines = path.read_text().split("\n")
    stack = []  # (class indent, member indent, hide members?)
    out = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        while stack and stripped.startswith("}") and indent <= stack[-1][0]:
            stack.pop()
        if stack and stack[-1][2] and indent == stack[-1][1]:
            m = MEMBER.match(line)
            if m and "JvmSynthetic" not in line and not (lines[i - 1].strip().startswith("@") and "JvmSynthetic" in lines[i - 1]):
                ind, ann, mods, kind, rest = m.groups()
                modset = mods.split()
                if "const" not in modset and "abstract" not in modset:
                    if kind == "fun":
                        add = "@JvmSynthetic "
                    elif "JvmField" in ann or "JvmField" in lines[i - 1]:
                        add = "@field:JvmSynthetic "
                    else:
                        private_set = any("private set" in l for l in lines[i + 1:i + 3])
                        add = "@get:JvmSynthetic " + ("@set:JvmSynthetic " if kind == "var" and not private_set else "")
                        if "lateinit" in modset:
                            add += "@field:JvmSynthetic "
                    lines[i] = f"{ind}{ann}{add}{mods}{kind}{rest}"
                    out = True
                    members += 1
        c = CLASS.match(line)
        if c and (line.rstrip().endswith("{") or "(" in line):
            vis, kinds, kind = c.group(2), c.group(3).split(), c.group(4)
            outer_hidden = bool(stack) and stack[-1][2]
            hide = (vis == "internal" or (outer_hidden and vis != "private")) and kind != "interface" \
                and "enum" not in kinds and "annotation" not in kinds
            if line.rstrip().endswith("{") or line.rstrip().endswith("("):
                stack.append((indent, indent + 4, hide))
    if out:
        path.write_text("\n".join(lines))
print(f"hide-internals: {members} members of internal classes marked", file=sys.stderr)
