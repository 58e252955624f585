"""Runs a script of this folder through the twinhost binary (TWINHOST_BIN, else the build
tree's) and returns its output lines; a non-zero exit fails with the script's output."""
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
TWINHOST = os.environ.get("TWINHOST_BIN", os.path.join(HERE, "../../build/bin/twinhost"))


def run(script, *args, env=None):
    r = subprocess.run([TWINHOST, os.path.join(HERE, script), *args], capture_output=True,
                       text=True, timeout=300, cwd=HERE, env=env)
    if r.returncode != 0:
        raise AssertionError(f"{script} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r.stdout.splitlines()
