"""The faithfulness suite: each folder under cases/ is one case, run under the stock binary
(`node` or /usr/bin/python3) and under twinhost with the same arguments, input and
environment, in a scratch copy of the folder; stdout, stderr and the exit status must be
equal once masked.

case.json: {"runtime": "node"|"python", "files": [...], "args": [...], "stdin": "...", "env": {...},
            "pty": false, "twinhost_prefix": [...], "expect_stdout": "..."}
- "files": the scripts the case runs (paths relative to the case folder; the suite's
  share tests/cli/fixtures), copied into the scratch folder beside case.json.
- "args" follow the binary (twinhost takes the same ones); "twinhost_prefix" goes before
  them for twinhost only, where a runtime cannot be told from the arguments (`-`, the
  bare REPL: `--runtime node`).
- "pty": the binary runs on a pseudo-terminal (the REPLs): "stdin" is typed line by line,
  each once the output ends with "prompt".
- "expect_stdout" (optional): a guard against both binaries agreeing on something broken.

Masking rules (the only differences allowed), applied to both outputs:
- process ids in node's warnings: `(node:1234)` / `(twinhost:1234)` -> `(node:PID)`
- hexadecimal addresses of 6+ digits (`0x7f...`, thread ids) -> `0xADDR`
- the binary's own name where a runtime prints its argv[0] (its path, or node's basename of
  it) -> `BIN`, only there: the `Use `BIN --trace-...`` hint, a leading `BIN: ` (node's
  option errors) and python's `usage: BIN`
- inspector URLs (`ws://127.0.0.1:PORT/UUID`) -> `ws://HOST/ID`
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

NODE = "/usr/bin/node"
PYTHON = "/usr/bin/python3"


def mask(text, binary):
    text = re.sub(r"\((node|twinhost):\d+\)", "(node:PID)", text)
    text = re.sub(r"0x[0-9a-fA-F]{6,}", "0xADDR", text)
    text = re.sub(r"ws://[^\s/]+/[0-9a-f-]+", "ws://HOST/ID", text)
    text = re.sub(r"`[^`\s]+ --trace", "`BIN --trace", text)
    text = re.sub(rf"^{re.escape(binary)}: ", "BIN: ", text, flags=re.M)
    text = re.sub(r"^twinhost: ", "BIN: ", text, flags=re.M)  # twinhost's prefix for node's errors
    text = re.sub(r"^usage: \S+ ", "usage: BIN ", text, flags=re.M)
    return text


def run_plain(argv, case, folder):
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    env.update(case.get("env", {}))
    r = subprocess.run(argv, input=case.get("stdin"), capture_output=True, text=True, cwd=folder,
                       env=env, timeout=60, errors="replace")
    return r.returncode, r.stdout, r.stderr


def run_pty(argv, case, folder):
    """Runs on a pseudo-terminal, typing each line of stdin once the previous output settled."""
    import pty
    import select
    import time
    env = dict(os.environ, TERM="dumb", NO_COLOR="1")
    env.pop("PYTHONUNBUFFERED", None)
    env.update(case.get("env", {}))
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(folder)
        os.execve(argv[0], argv, env)
    output = b""

    def drain(seconds):
        nonlocal output
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    return False
                if not chunk:
                    return False
                output += chunk
        return True

    def wait_for_prompt(since):
        # The terminal echoes typed input at once: type only once the runtime has printed
        # its prompt after the previous line (output beyond `since`), so that the echo lands
        # where it would for a person (and the same under both binaries).
        end = time.monotonic() + 30
        while time.monotonic() < end:
            if output[since:].decode(errors="replace").endswith(case["prompt"]):
                return True
            if not drain(0.05):
                return False
        return False

    since = 0
    for line in case.get("stdin", "").splitlines():
        if not wait_for_prompt(since):
            break
        since = len(output)
        os.write(fd, (line + "\n").encode())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and drain(0.2):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        done, status = os.waitpid(pid, os.WNOHANG)
    if not done:
        os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
    os.close(fd)
    text = output.decode(errors="replace").replace("\r\n", "\n")
    return os.waitstatus_to_exitcode(status), text, ""


def run_case(case_dir, twinhost):
    with open(os.path.join(case_dir, "case.json")) as f:
        case = json.load(f)
    stock = NODE if case["runtime"] == "node" else PYTHON
    results = []
    for binary in (stock, twinhost):
        with tempfile.TemporaryDirectory() as scratch:
            folder = os.path.join(scratch, "case")
            shutil.copytree(case_dir, folder)
            for file in case.get("files", []):
                shutil.copy(os.path.join(case_dir, file), folder)
            argv = [binary, *([] if binary == stock else case.get("twinhost_prefix", [])),
                    *case["args"]]
            code, out, err = (run_pty if case.get("pty") else run_plain)(argv, case, folder)
            results.append((code, mask(out, binary), mask(err, binary)))
    return case, results


if __name__ == "__main__":
    case, (stock, ours) = run_case(sys.argv[1], sys.argv[2])
    print(json.dumps({"stock": stock, "twinhost": ours}, indent=1))
