#include "async_bridge.h"

#include <pybind11/eval.h>

#include "runtime.h"

namespace py = pybind11;

namespace twinhost::python {
namespace {

// Which loop drives which (README, "Async across the boundary"):
// - Python entry: asyncio is the master. Once Python has called JS while an asyncio loop
//   runs, that loop watches Node's uv backend descriptor (add_reader) and keeps one timer
//   at Node's next deadline; each wake-up runs one non-blocking uv iteration.
// - Node entry: Node is the master and drives GuestLoop (bindings/node/async_bridge.cc).
// A JS promise settles a future through call_soon_threadsafe, which also wakes whichever
// selector the loop sleeps in. CPython 3.11's BaseEventLoop internals (_ready, _scheduled)
// give GuestLoop its next deadline; Debian's python3 is the one build this targets.
constexpr const char* kSource = R"py(
import asyncio
import selectors
import weakref

import twinhost
from twinhost import js


class GuestLoop(asyncio.SelectorEventLoop):
    """The asyncio loop that Node's event loop drives when no asyncio loop runs here."""

    def __init__(self):
        self.selector = selectors.DefaultSelector()
        super().__init__(self.selector)

    def run_once(self):
        self.stop()
        self.run_forever()  # after stop(): one iteration, then return
        if self._ready:
            return 0.0
        if self._scheduled:
            return max(0.0, self._scheduled[0].when() - self.time())
        return None


_guest = None
_awaited = 0  # Python tasks that JS awaits: while any, Node's loop stays alive


def then(awaitable, settle):
    """JS awaits `awaitable`: run it on the running loop, else on the guest loop; settle(result)
    when done. Returns the guest loop's selector descriptor for Node to watch, or -1."""
    global _guest, _awaited
    try:
        loop, fd = asyncio.get_running_loop(), -1
    except RuntimeError:
        if _guest is None:
            _guest = GuestLoop()
            asyncio.set_event_loop(_guest)  # so that ensure_future() and friends use it
        loop, fd = _guest, _guest.selector.fileno()
        if asyncio.isfuture(awaitable) and awaitable.get_loop() is not loop:
            raise ValueError("this future belongs to an asyncio loop that is not running; "
                             "JavaScript awaits futures of the running loop or of twinhost's")
    future = asyncio.ensure_future(awaitable, loop=loop)
    _awaited += 1

    def done(f):
        global _awaited
        _awaited -= 1
        settle(f.result)  # JS calls it: the value resolves, the exception rejects

    future.add_done_callback(done)
    return fd


def drive():
    """One iteration of the guest loop, for Node: (seconds to its next deadline or None, tasks awaited)."""
    try:
        timeout = _guest.run_once()
    except (SystemExit, KeyboardInterrupt):
        timeout = 0.0  # its task ended with it: the awaiting promise rejects next iteration
    return timeout, _awaited


def js_error(reason):
    """The exception a rejection raises: thrown back in JS, so that it becomes twinhost.JSError
    exactly as a synchronous JS throw does (name, message, stack)."""
    if isinstance(reason, BaseException):
        return reason  # a Python exception that JS rejected with
    try:
        js.eval("(reason) => { throw reason; }")(reason)
    except twinhost.JSError as error:
        return error
    return twinhost.JSError(str(reason))  # unreachable unless the throw was swallowed


def _settle(future, value, error):
    if not future.done():
        future.set_exception(js_error(value)) if error else future.set_result(value)


def await_js(thenable):
    """JSProxy.__await__: a future of the running loop, settled by the promise."""
    loop = asyncio.get_running_loop()
    if js._loop_fd() < 0 and not isinstance(loop, GuestLoop):
        raise RuntimeError(
            "a JavaScript promise cannot settle while this asyncio loop blocks Node's event loop "
            "(asyncio.run() called from JavaScript): return the coroutine to JavaScript and await it there")
    future = loop.create_future()
    thenable.then(lambda value: loop.call_soon_threadsafe(_settle, future, value, False),
                  lambda reason: loop.call_soon_threadsafe(_settle, future, reason, True))
    return (yield from future)  # then() hooked `loop` to Node's loop, as every guest call does


class JSAsyncIterator:
    """What JSProxy.__aiter__ returns: `async for` over a JS object as JS's `for await` walks
    it. `iterator` is the JS iterator. From an async iterator (items None), each step is
    next()'s promise of {value, done}; from a plain one, `items` walks it in Python and each
    item is awaited if it is a promise or another thenable."""

    __slots__ = ("_iterator", "_items")

    def __init__(self, iterator, items=None):
        self._iterator, self._items = iterator, items

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self._items is not None:
            try:
                item = next(self._items)
            except StopIteration:
                raise StopAsyncIteration from None
            return (await item) if _thenable(item) else item
        step = self._iterator.next()
        if _thenable(step):
            step = await step
        if isinstance(step, dict):
            done, value = step.get("done"), step.get("value")
        elif isinstance(step, twinhost.JSProxy):  # a class instance, not plain data
            done, value = getattr(step, "done", None), getattr(step, "value", None)
        else:
            raise TypeError(f"the async iterator's next() gave a non-object: {step!r}")
        if done:
            raise StopAsyncIteration
        return value

    async def aclose(self):
        """Ends the walk early as `break` in JS's `for await` does: the iterator's return(),
        if it has one, async or not (contextlib.aclosing calls this)."""
        end = getattr(self._iterator, "return", None)
        if callable(end):
            result = end()
            if _thenable(result):
                await result


def _thenable(value):
    return isinstance(value, twinhost.JSProxy) and callable(getattr(value, "then", None))


class _Hook:
    def __init__(self, fd):
        self.fd, self.timer = fd, None


_hooks = weakref.WeakKeyDictionary()  # asyncio loop -> its hook on Node's loop


def after_js_call(loop):
    """`loop` drives the guest Node environment's loop: watch its descriptor, re-arm the timer."""
    fd = js._loop_fd()
    if fd < 0:
        return  # JS is running on this thread: its own loop turns when it returns
    hook = _hooks.get(loop)
    if hook is None:
        hook = _hooks[loop] = _Hook(fd)
        loop.add_reader(fd, _drive_js, loop)
    if hook.timer is not None:
        hook.timer.cancel()
    ms = js._loop_timeout()
    hook.timer = loop.call_later(ms / 1000, _drive_js, loop) if ms >= 0 else None


def _drive_js(loop):
    if js._loop_fd() < 0:  # the environment has exited
        hook = _hooks.pop(loop, None)
        if hook is not None:
            loop.remove_reader(hook.fd)
        return
    js._run_loop_once()  # and, as after every call into the guest, after_js_call(loop)
)py";

}  // namespace

py::module_ async_module() {
  static PyObject* module = nullptr;  // kept for the life of the process
  if (!module) {
    py::module_ created = py::module_::create_extension_module(
        "twinhost._async", "asyncio <-> Node's event loop.", new PyModuleDef());
    py::exec(kSource, created.attr("__dict__"));
    module = created.release().ptr();
  }
  return py::reinterpret_borrow<py::module_>(module);
}

void after_guest_call(bool guest) {
  static bool drained_at_exit = false;
  if (guest && !drained_at_exit) {
    drained_at_exit = true;
    py::module_::import("atexit").attr("register")(
        py::module_::import("twinhost").attr("js").attr("_run_loop"));
  }
  // No asyncio imported: no loop can be running (asked of sys.modules until it is; a
  // plain dict lookup of an interned name).
  static PyObject* running_loop = nullptr;
  if (!running_loop) {
    static PyObject* name = PyUnicode_InternFromString("asyncio");
    // (The interpreter's own dict, whatever `sys.modules` is rebound to, as import's.)
    if (!PyDict_GetItemWithError(PyImport_GetModuleDict(), name)) {
      PyErr_Clear();
      return;
    }
    running_loop =
        py::object(py::module_::import("asyncio.events").attr("_get_running_loop")).release().ptr();
  }
  py::object loop = py::reinterpret_steal<py::object>(PyObject_CallNoArgs(running_loop));
  if (!loop) throw py::error_already_set();
  if (!loop.is_none()) async_module().attr("after_js_call")(loop);
}

void add_async_bridge(py::module_& module) {
  module.def("_async", &async_module, "twinhost's asyncio helpers (internal).");
}

}  // namespace twinhost::python
