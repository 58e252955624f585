# Generated from twinhost's API table by `twinhost stubs python`: do not edit.
from collections.abc import AsyncIterator, Iterator, MutableMapping
from typing import Any

Value = None | bool | int | float | str | bytes | list[Any] | tuple[Any, ...] | dict[Any, Any]

version: Value  # Versions of twinhost, Node, V8, libuv and Python.

def noop() -> None:
    """Does nothing: the floor of a native call."""

def add(a: int | float, b: int | float) -> int | float:
    """a + b; integers stay integers (a RangeError/ValueError past 64 bits)."""

def echo(value: Value) -> Value:
    """Returns value after a round trip through the neutral value model."""

def sha256(data: bytes | bytearray | memoryview | str) -> str:
    """Hex SHA-256 of bytes, or of a string's UTF-8."""

def now_ns() -> int:
    """Nanoseconds of the one monotonic clock both runtimes share."""

class Store:
    """A thread-safe key/value store; Store(name) is the same store from JS, Python and C++."""

    def __init__(self, name: str | None = None) -> None: ...
    def set(self, key: str, value: Value) -> None:
        """Stores a value under key."""
    def get(self, key: str) -> Value:
        """The value under key, or null."""
    def delete(self, key: str) -> Value:
        """Removes key; whether it was there."""
    def keys(self) -> Value:
        """The keys, sorted."""
    def size(self) -> int:
        """How many keys."""

class Histogram:
    """Latency statistics computed by one native implementation for both runtimes."""

    def __init__(self) -> None: ...
    def record(self, value: int | float) -> None:
        """Adds a sample (a number, not NaN)."""
    def count(self) -> int:
        """How many samples."""
    def min(self) -> Value:
        """The smallest sample, or null."""
    def max(self) -> Value:
        """The largest sample, or null."""
    def mean(self) -> Value:
        """The mean, or null."""
    def percentile(self, p: int | float) -> Value:
        """The p-th percentile (0..100, interpolated), or null."""
    def reset(self) -> None:
        """Forgets every sample."""

class JSError(Exception):
    """A JavaScript error, raised into Python."""

    js_name: str
    js_message: str
    js_stack: str
    js_error: Any

class Interrupted(BaseException):
    """Raised in a call that twinhost::Host::interrupt() stopped (not an
    Exception: `except Exception` does not swallow it)."""

class _JavaScript:
    """JavaScript in this process's Node.js."""

    def eval(self, code: str) -> Value: ...
    def exec(self, code: str) -> None: ...
    def require(self, name: str) -> Any: ...

js: _JavaScript

class JSProxy:
    """A JavaScript object or function, by reference."""

    def __getattr__(self, name: str) -> Any: ...
    def __call__(self, *args: Any, **options: Any) -> Any: ...
    def __getitem__(self, key: Any) -> Any: ...
    def __setitem__(self, key: str | int, value: Any) -> None: ...
    def __contains__(self, item: Any) -> bool: ...
    def __delattr__(self, name: str) -> None: ...
    def __delitem__(self, key: Any) -> None: ...
    def __len__(self) -> int: ...
    def __bool__(self) -> bool: ...
    def __iter__(self) -> JSIterator: ...
    def __aiter__(self) -> AsyncIterator[Any]: ...
    def __await__(self) -> Any: ...
    def to_py(self, depth: int = -1) -> Any: ...

def to_js(object: Any, depth: int = -1) -> Any:
    """`object` as the data JS gets from proxy.toJs(): dataclasses and mappings as dicts,
    sets and sequences as lists, down to `depth` levels of objects."""

class JSMapping(MutableMapping[str, Any]):
    """A JS object's own enumerable properties as a mapping (vars(proxy))."""

    def __init__(self, proxy: JSProxy) -> None: ...
    def __getitem__(self, key: str) -> Any: ...
    def __setitem__(self, key: str, value: Any) -> None: ...
    def __delitem__(self, key: str) -> None: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...

class JSArray:
    """isinstance(x, JSArray): a proxy of a JS array."""

class JSMap:
    """isinstance(x, JSMap): a proxy of a JS Map."""

class JSSet:
    """isinstance(x, JSSet): a proxy of a JS Set."""

class JSPromise:
    """isinstance(x, JSPromise): a proxy of a JS Promise."""

class JSFunction:
    """isinstance(x, JSFunction): a proxy of a JS function or class."""

class JSGenerator:
    """isinstance(x, JSGenerator): a proxy of a JS generator object."""

class JSIterator:
    """A JavaScript iterator, advanced lazily."""

    def __iter__(self) -> JSIterator: ...
    def __next__(self) -> Any: ...

class SharedBuffer:
    """Memory shared with JavaScript without a copy: memoryview(buffer) here, a Uint8Array there."""

    def __init__(self, size: int) -> None: ...
    def __len__(self) -> int: ...
