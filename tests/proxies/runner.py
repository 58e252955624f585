"""Runs the cases of cases.json whose side is "python": each on a fresh JSProxy of a JS
target. Prints one JSON line per case: {"id", "ok": value} or {"id", "error", "message"}."""
import asyncio
import json
import sys

import twinhost
from twinhost import js


def plain(value):
    """The value as JSON can hold it: proxies as "<proxy>", sets sorted, tuples as lists."""
    if isinstance(value, twinhost.JSProxy):
        return "<proxy>"
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(item) for item in value)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


async def awaited(value):
    return await value


def main():
    with open(sys.argv[1]) as f:
        data = json.load(f)
    factories = ", ".join(f"{json.dumps(name)}: (require) => ({source})"
                          for name, source in data["targets"]["js"].items())
    js.exec(f"globalThis.__proxyTargets = {{ {factories} }};")
    for number, case in enumerate(data["cases"]):
        if case["side"] != "python":
            continue
        try:
            t = js.eval(f"__proxyTargets[{json.dumps(case['target'])}]")(js.require)
            scope = {"t": t, "twinhost": twinhost, "js": js}
            if "do" in case:
                exec(case["do"], scope)
            result = eval(case["op"], scope)
            if case.get("await"):
                result = asyncio.run(awaited(result))
            line = {"id": number, "ok": plain(result)}
        except Exception as e:  # what the case expects may be an error
            line = {"id": number, "error": type(e).__name__, "message": str(e)}
        print(json.dumps(line), flush=True)


main()
