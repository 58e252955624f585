"""The deterministic input generator every task shares, identical to lcg.js: the 32-bit
linear congruential generator of Numerical Recipes (a = 1664525, c = 1013904223)."""


def lcg(seed):
    state = seed & 0xFFFFFFFF

    def next_value():
        nonlocal state
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        return state

    return next_value


def lcg_bytes(n, seed):
    """n bytes: the high byte of each successive state."""
    next_value = lcg(seed)
    return bytes(next_value() >> 24 for _ in range(n))
