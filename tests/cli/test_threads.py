"""Calls from other threads: Python threads into JS (queued to the loop thread of the JS entry
script, or entering the guest environment in turn), worker_threads into Python, under load."""
import unittest

from twinhost_cli import TestCase, fixture, twinhost


class Threads(TestCase):
    def test_stress_from_a_js_entry(self):
        self.assertPrints([fixture("threads_from_js.js")], timeout=240, lines=[
            "js calls from python threads 40000",
            "python errors []",
            "worker calls 20000",
            "main calls counted true",
        ])

    def test_stress_from_a_python_entry(self):
        self.assertPrints([fixture("threads_from_python.py")], timeout=240, lines=[
            "js calls 40000",
            "errors []",
            "callbacks counted True",
        ])

    def test_worker_objects_stay_in_their_environment(self):
        worker = ("const py = require('twinhost').python; py.eval('globals().__setitem__')('f', () => 7);"
                  "require('worker_threads').parentPort.postMessage(1); setTimeout(() => {}, 200)")
        script = (
            "const py = require('twinhost').python; const { Worker } = require('worker_threads');"
            f"const w = new Worker({worker!r}, {{ eval: true }});"
            "w.on('message', () => { try { py.eval('f') } catch (e) { console.log(e.name, e.message) } });"
            "w.on('exit', () => { try { py.eval('f()') } catch (e) { console.log(e.name, e.message) } });")
        r = twinhost("-e", script, timeout=60)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.splitlines(), [
            "TypeError a JavaScript object of another Node.js environment (a worker or another Host) "
            "cannot be used here: pass its data instead",
            "PythonError RuntimeError: twinhost: the JavaScript environment of this object has stopped",
        ])

    def test_a_worker_of_a_python_script_finds_twinhost(self):
        # The guest environment's workers get the module-paths preload as entry scripts' do.
        script = (
            "import asyncio\nfrom twinhost import js\n"
            "async def main():\n"
            "    return await js.eval(\"\"\"new Promise((resolve, reject) => {\n"
            "      const { Worker } = require('worker_threads');\n"
            "      const w = new Worker(\"require('worker_threads').parentPort.postMessage("
            "require('twinhost').python.eval('6 * 7'))\", { eval: true });\n"
            "      w.on('message', resolve); w.on('error', reject);\n"
            "    })\"\"\")\n"
            "print(asyncio.run(main()))\n")
        r = twinhost("-c", script, timeout=60)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, "42\n")

    def test_python_thread_after_the_environment_stopped(self):
        script = (
            "import threading\nfrom twinhost import js\nf = js.eval('() => 1')\n"
            "try:\n    js.exec('process.exit(0)')\nexcept SystemExit:\n    pass\n"
            "out = []\n"
            "def call():\n    try:\n        f()\n    except RuntimeError as e:\n        out.append(str(e))\n"
            "t = threading.Thread(target=call)\nt.start()\nt.join()\nprint(out)\n")
        r = twinhost("-c", script, timeout=60)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, "['twinhost: the JavaScript environment of this object has stopped']\n")

    def test_other_threads_enter_while_the_loop_waits(self):
        # The script ends with a JS timer pending: the loop waits (at exit) without holding
        # the environment, so a thread's call runs during the wait, and the timer it sets
        # wakes the wait early.
        script = (
            "import threading, time\nfrom twinhost import js\n"
            "js.exec(\"globalThis.called = false; globalThis.mark = () => { called = true };"
            "setTimeout(() => console.log('timer 400, thread called:', called), 400)\")\n"
            "mark = js.eval('mark')\n"
            "def later():\n    time.sleep(0.1)\n    mark()\n"
            "    js.exec(\"setTimeout(() => console.log('timer set by the thread'), 10)\")\n"
            "threading.Thread(target=later, daemon=True).start()\nprint('script ends', flush=True)\n")
        self.assertPrints(["-c", script], lines=[
            "script ends", "timer set by the thread", "timer 400, thread called: true"])


if __name__ == "__main__":
    unittest.main()
