"""Runs CPython's command-line regression modules with twinhost as the python under test:
this script runs in twinhost reached through a link named python3, and sys.executable,
which the tests spawn for every command line they check, is that link too.
Usage: LINK/python3 cpython_through_link.py LINK/python3 MODULE..."""
import sys

sys.executable = sys.argv[1]
from test.libregrtest import main  # noqa: E402  (after sys.executable is the link)

main(sys.argv[2:])
