import asyncio, json, os, subprocess, sys
print(sys.argv[1:], __name__, sys.path[0] == os.path.dirname(os.path.abspath(__file__)))
print(os.path.realpath(sys.executable) == os.path.realpath("/usr/bin/python3"))
print(asyncio.run(asyncio.sleep(0.01, result="async ok")))
print(subprocess.run([sys.executable, "-c", "print(6*7)"], capture_output=True, text=True).stdout.strip())
subprocess.run(["sh", "-c", "echo child stdout intact"])
import xml.dom.minidom, sqlite3, ctypes  # stdlib C extensions load
print(json.dumps({"ok": True}))
print("unflushed tail", end="")
