"""Text of a tensor, character for character as tfjs's `Tensor.toString()` prints it.

tfjs prints floats through JavaScript: `parseFloat(v.toFixed(7)).toString()`.
So each value is rounded to 7 decimals (half away from zero, on the exact
binary value), trailing zeros vanish, and JavaScript's own number-to-text rule
picks plain or exponent notation. Columns of rank >= 2 are right-padded to
their widest entry; an axis longer than 20 shows its first and last 3 entries.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

LIMIT = 20  # an axis longer than this is elided
EDGE = 3  # entries kept at each end of an elided axis
DECIMALS = 7


def js_number(x: float) -> str:
    """JavaScript's `Number.prototype.toString()` for a double."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    # Python's repr and JS both give the shortest digits that round-trip.
    digits, exp = _shortest_digits(abs(x))
    k = len(digits)
    n = exp + k  # position of the decimal point relative to the digits
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        mant = digits[0] + ("." + digits[1:] if k > 1 else "")
        body = f"{mant}e{'+' if e >= 0 else '-'}{abs(e)}"
    return sign + body


def _shortest_digits(x: float) -> tuple[str, int]:
    """Digits and exponent with x == int(digits) * 10**exp, fewest digits."""
    d = Decimal(repr(x)).normalize()
    sign, digit_tuple, exp = d.as_tuple()
    return "".join(map(str, digit_tuple)), int(exp)


def _to_fixed(x: float) -> float:
    """JavaScript's `parseFloat(x.toFixed(7))`: round half away from zero, exactly."""
    if not math.isfinite(x) or abs(x) >= 1e21:
        return x
    return float(Decimal(x).quantize(Decimal(1).scaleb(-DECIMALS), rounding=ROUND_HALF_UP))


def value_string(v: object, dtype: str) -> str:
    """One entry as tfjs shows it."""
    if dtype == "bool":
        return "true" if v else "false"
    if dtype == "int32":
        return str(int(v))
    return js_number(_to_fixed(float(v)))


def tensor_to_string(values: np.ndarray, dtype: str, verbose: bool = False) -> str:
    """The full text of `print()`: 'Tensor', optional details, then indented values."""
    shape = values.shape
    lines = ["Tensor"]
    if verbose:
        lines += [
            f"  dtype: {dtype}",
            f"  rank: {len(shape)}",
            f"  shape: [{','.join(map(str, shape))}]",
            "  values:",
        ]
    body = _sub_tensor(values, dtype, _column_widths(values, dtype), last=True)
    lines.append("\n".join("    " + line for line in body))
    return "\n".join(lines)


def _column_widths(values: np.ndarray, dtype: str) -> list[int]:
    """Width of the widest entry in each column of the last axis (rank >= 2 only)."""
    if values.ndim < 2:
        return [0] * (values.shape[-1] if values.ndim else 1)
    cols = values.shape[-1]
    flat = values.reshape(-1, cols) if cols else values.reshape(0, 0)
    widths = [0] * cols
    for row in flat:
        for j, v in enumerate(row):
            widths[j] = max(widths[j], len(value_string(v, dtype)))
    return widths


def _sub_tensor(values: np.ndarray, dtype: str, widths: list[int], last: bool) -> list[str]:
    rank = values.ndim
    if rank == 0:
        return [value_string(values.item(), dtype)]
    size = values.shape[0]
    if rank == 1:

        def cell(i: int) -> str:
            return value_string(values[i], dtype).ljust(widths[i])

        if size > LIMIT:
            head = ", ".join(cell(i) for i in range(EDGE))
            tail = ", ".join(cell(i) for i in range(size - EDGE, size))
            return [f"[{head}, ..., {tail}]"]
        return ["[" + ", ".join(cell(i) for i in range(size)) + "]"]

    lines: list[str] = []
    if size > LIMIT:
        for i in range(EDGE):
            lines += _sub_tensor(values[i], dtype, widths, last=False)
        lines.append("...")
        for i in range(size - EDGE, size):
            lines += _sub_tensor(values[i], dtype, widths, last=i == size - 1)
    else:
        for i in range(size):
            lines += _sub_tensor(values[i], dtype, widths, last=i == size - 1)
    if not lines:  # an empty axis
        return ["[]" + ("" if last else ",\n" + "\n" * (rank - 2))]
    sep = "," if rank == 2 else ""
    lines[0] = "[" + lines[0] + sep
    for i in range(1, len(lines) - 1):
        lines[i] = " " + lines[i] + sep
    between = ",\n" + "\n" * (rank - 2)
    if len(lines) > 1:
        lines[-1] = " " + lines[-1]
    lines[-1] = lines[-1] + "]" + ("" if last else between)
    return lines
