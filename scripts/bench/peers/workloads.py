"""The one Python file every system in the peers benchmark runs (twinhost and each peer).

Each function is what a JS program calls through its bridge; the JS side checks every
result, so a bridge that returns garbage fails instead of winning.
"""


def add(a, b):
    return a + b


def echo_list(values):
    # A Python list of the same floats: a bridge that hands over a lazy proxy pays for
    # its elements here, as a real caller would.
    return list(values)


def echo_bytes(data):
    return bytes(data)


def peek(data):
    # Reads through whatever view the bridge gave (a shared or copied buffer): O(1).
    return len(data) + data[len(data) - 1]


def call_n(callback, n):
    for i in range(n):
        callback(i)
    return n


def fail(message):
    raise ValueError(message)


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


point = Point(3, 4)
