"""Text of a tensor, character for character as tfjs's `Tensor.toString()` prints it.

tfjs prints floats through JavaScript: `parseFloat(v.toFixed(7)).toString()`.
So each value is rounded to 7 decimals (half away from zero, on the exact
binary value), trailing zeros vanish, and JavaScript's own number-to-text rule
picks plain or exponent notation. Columns of rank >= 2 are right-padded to
their widest entry; an axis longer than 20 shows its first and last 3 entries.

The layout follows tfjs's `subTensorToString` including its quirks, so that
output matches tfjs 4.x in a browser: the closing line of a block always gets a
leading space, which makes a one-row matrix print as `     [[1, 2, 3],]`.
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
    if x != x:
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"  # also -0, as in JavaScript
    # Python's repr and JavaScript both pick the shortest digits that read back
    # as the same double (the closest such digits on a tie), so only the layout
    # of those digits differs.
    mantissa, _, e = repr(abs(float(x))).partition("e")
    whole, _, frac = mantissa.partition(".")
    if frac == "0":
        frac = ""
    if whole == "0":  # 0.000ddd: the point sits before the leading zeros of frac
        n = int(e or 0) - (len(frac) - len(frac.lstrip("0")))
    else:
        n = len(whole) + int(e or 0)
    digits = (whole + frac).strip("0")
    k = len(digits)
    # value = 0.<digits> * 10**n
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        exp = n - 1
        body = digits[0] + ("." + digits[1:] if k > 1 else "") + ("e+" if exp >= 0 else "e-")
        body += str(abs(exp))
    return ("-" if x < 0 else "") + body


def to_fixed(x: float) -> float:
    """JavaScript's `parseFloat(x.toFixed(7))`: round half away from zero, exactly."""
    if not math.isfinite(x) or abs(x) >= 1e21:
        return x  # toFixed falls back to toString here
    # round() is exact on the binary value but breaks ties to even. A double is
    # exactly halfway between two 7-decimal numbers only when x * 256 is an odd
    # integer; those few go through Decimal to round away from zero.
    t = x * 256.0
    if t.is_integer() and t % 2:
        q = Decimal(x).quantize(Decimal(1).scaleb(-DECIMALS), rounding=ROUND_HALF_UP)
        return float(q)
    return round(x, DECIMALS)


def value_string(v: object, dtype: str) -> str:
    """One entry as tfjs shows it."""
    if dtype == "bool":
        return "true" if v else "false"
    if dtype == "int32":
        return str(int(v))
    return js_number(to_fixed(float(v)))


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
    if values.ndim == 0:
        # tfjs prints a float scalar unrounded (`vals[0].toString()`); the course
        # promises every number rounded to 7 decimals, so scalars are rounded too.
        body = [value_string(values.item(), dtype)]
    else:
        body = _sub_tensor(values, dtype, _column_widths(values, dtype), last=True)
    lines.append("\n".join("    " + line for line in body))
    return "\n".join(lines)


def _shown(n: int) -> list[int]:
    """Indices an axis of length n displays."""
    if n > LIMIT:
        return [*range(EDGE), *range(n - EDGE, n)]
    return list(range(n))


def _column_widths(values: np.ndarray, dtype: str) -> dict[int, int]:
    """Width of the widest entry of each displayed column, over every row (rank >= 2)."""
    if values.ndim < 2 or values.size == 0:
        return {}
    rows = values.reshape(-1, values.shape[-1])
    widths = {}
    for j in _shown(values.shape[-1]):
        # Columns often repeat values (ints, bools, zeros); format each one once.
        column = np.unique(rows[:, j])
        widths[j] = max(len(value_string(v, dtype)) for v in column.tolist())
    return widths


def _sub_tensor(values: np.ndarray, dtype: str, widths: dict[int, int], last: bool) -> list[str]:
    """The lines of one block (rank >= 1), as tfjs's subTensorToString lays them out."""
    rank = values.ndim
    size = values.shape[0]
    if rank == 1:
        cells = [value_string(values[i], dtype).ljust(widths.get(i, 0)) for i in _shown(size)]
        if size > LIMIT:
            cells.insert(EDGE, "...")
        return ["[" + ", ".join(cells) + "]"]

    newline_sep = ",\n" + "\n" * (rank - 2)
    if size == 0:  # as tfjs 4.x: empty brackets, with the closing line's space
        return [" []" + ("" if last else newline_sep)]
    lines: list[str] = []
    for i in _shown(size):
        if size > LIMIT and i == size - EDGE:
            lines.append("...")
        lines += _sub_tensor(values[i], dtype, widths, last=i == size - 1)
    sep = "," if rank == 2 else ""
    lines[0] = "[" + lines[0] + sep
    for i in range(1, len(lines) - 1):
        lines[i] = " " + lines[i] + sep
    # tfjs adds this space even when the block has a single line.
    lines[-1] = " " + lines[-1] + "]" + ("" if last else newline_sep)
    return lines
