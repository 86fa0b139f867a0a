"""tfjs's tensor printing, character for character.

The expected texts in CASES were produced by TensorFlow.js 4.22 itself
(`t.toString()` under Node, cpu backend) for the same values, so they pin
down tfjs's real layout, quirks included: a block's closing line always gets a
leading space (a one-row matrix prints as `     [[1, 2, 3],]`), elided rank-3
blocks put a blank line before `...` but not after, and so on. The one
deliberate difference, a rounded float scalar, is tested on its own.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minitf as tf
from minitf.format import js_number, to_fixed, value_string

NAN, INF = float("nan"), float("inf")

CASES = {
    "book_atan_grad": (
        lambda: tf.tensor([0.0588235, 0.2, 1, 0.2, 0.0588235]),
        ["    [0.0588235, 0.2, 1, 0.2, 0.0588235]"],
    ),
    "one_seventeenth": (
        lambda: tf.tensor([1 / 17, -1 / 17, 2 / 3]),
        ["    [0.0588235, -0.0588235, 0.6666667]"],
    ),
    "scalar_int": (
        lambda: tf.scalar(5, "int32"),
        ["    5"],
    ),
    "bool_scalar": (
        lambda: tf.scalar(True),
        ["    true"],
    ),
    "bool_matrix": (
        lambda: tf.tensor([[True, False, True], [False, False, True]]),
        [
            "    [[true , false, true],",
            "     [false, false, true]]",
        ],
    ),
    "int_padding": (
        lambda: tf.tensor([[-1, 20, 3], [300, -4000, 5]], dtype="int32"),
        [
            "    [[-1 , 20   , 3],",
            "     [300, -4000, 5]]",
        ],
    ),
    "negative_floats": (
        lambda: tf.tensor([[-1.5, 2.25], [0.125, -100]]),
        [
            "    [[-1.5 , 2.25],",
            "     [0.125, -100]]",
        ],
    ),
    "zeros_3d": (
        lambda: tf.zeros([3, 3, 2]),
        [
            "    [[[0, 0],",
            "      [0, 0],",
            "      [0, 0]],",
            "",
            "     [[0, 0],",
            "      [0, 0],",
            "      [0, 0]],",
            "",
            "     [[0, 0],",
            "      [0, 0],",
            "      [0, 0]]]",
        ],
    ),
    "long_1d": (
        lambda: tf.tensor(np.arange(100) * 1.5),
        ["    [0, 1.5, 3, ..., 145.5, 147, 148.5]"],
    ),
    "long_2d": (
        lambda: tf.tensor(np.arange(750).reshape(25, 30), dtype="int32"),
        [
            "    [[0  , 1  , 2  , ..., 27 , 28 , 29 ],",
            "     [30 , 31 , 32 , ..., 57 , 58 , 59 ],",
            "     [60 , 61 , 62 , ..., 87 , 88 , 89 ],",
            "     ...,",
            "     [660, 661, 662, ..., 687, 688, 689],",
            "     [690, 691, 692, ..., 717, 718, 719],",
            "     [720, 721, 722, ..., 747, 748, 749]]",
        ],
    ),
    "long_rows_only": (
        lambda: tf.tensor(np.arange(50).reshape(25, 2) - 7, dtype="int32"),
        [
            "    [[-7, -6],",
            "     [-5, -4],",
            "     [-3, -2],",
            "     ...,",
            "     [37, 38],",
            "     [39, 40],",
            "     [41, 42]]",
        ],
    ),
    "long_cols_only": (
        lambda: tf.tensor((np.arange(50) ** 2).reshape(2, 25), dtype="int32"),
        [
            "    [[0  , 1  , 4  , ..., 484 , 529 , 576 ],",
            "     [625, 676, 729, ..., 2209, 2304, 2401]]",
        ],
    ),
    "long_3d_axis0": (
        lambda: tf.tensor(np.arange(88).reshape(22, 2, 2), dtype="int32"),
        [
            "    [[[0 , 1 ],",
            "      [2 , 3 ]],",
            "",
            "     [[4 , 5 ],",
            "      [6 , 7 ]],",
            "",
            "     [[8 , 9 ],",
            "      [10, 11]],",
            "",
            "     ...",
            "     [[76, 77],",
            "      [78, 79]],",
            "",
            "     [[80, 81],",
            "      [82, 83]],",
            "",
            "     [[84, 85],",
            "      [86, 87]]]",
        ],
    ),
    "rank4": (
        lambda: tf.tensor((np.arange(16) / 4).reshape(2, 2, 2, 2)),
        [
            "    [[[[0  , 0.25],",
            "       [0.5, 0.75]],",
            "",
            "      [[1  , 1.25],",
            "       [1.5, 1.75]]],",
            "",
            "",
            "     [[[2  , 2.25],",
            "       [2.5, 2.75]],",
            "",
            "      [[3  , 3.25],",
            "       [3.5, 3.75]]]]",
        ],
    ),
    "one_row": (
        lambda: tf.tensor([[1, 2, 3]]),
        ["     [[1, 2, 3],]"],
    ),
    "one_by_one_by_two": (
        lambda: tf.tensor([[[1, 2]]]),
        ["     [ [[1, 2],]]"],
    ),
    "specials": (
        lambda: tf.tensor([NAN, INF, -INF, 1e-7, 1.5e20, 3e21, -2.5e-8, 1e-8]),
        [
            "    [NaN, Infinity, -Infinity, 1e-7, 150000003006131600000, 2.999999989753888e+21,"
            " 0, 0]"
        ],
    ),
    "specials_2d": (
        lambda: tf.tensor([[NAN, 1], [INF, -0.5]]),
        [
            "    [[NaN     , 1   ],",
            "     [Infinity, -0.5]]",
        ],
    ),
    "empty_1d": (
        lambda: tf.zeros([0]),
        ["    []"],
    ),
    "empty_rows": (
        lambda: tf.zeros([0, 3]),
        ["     []"],
    ),
    "empty_cols": (
        lambda: tf.zeros([2, 0]),
        [
            "    [[],",
            "     []]",
        ],
    ),
    "empty_middle": (
        lambda: tf.zeros([3, 0, 2]),
        [
            "    [ [],",
            "",
            "      [],",
            "",
            "      []]",
        ],
    ),
    "tfjs_padding": (
        lambda: tf.tensor(
            [[0.8597712, 3, 0.2740789], [0.6696132, 0.4825962, 2.75], [1.991, 0.0640865, 0.2983858]]
        ),
        [
            "    [[0.8597712, 3        , 0.2740789],",
            "     [0.6696132, 0.4825962, 2.75     ],",
            "     [1.9910001, 0.0640865, 0.2983858]]",
        ],
    ),
    "ties": (
        lambda: tf.tensor([0.00390625, -0.00390625, 0.01171875, 1.00000005]),
        ["    [0.0039063, -0.0039063, 0.0117188, 1]"],
    ),
    "float32_noise": (
        lambda: tf.tensor([0.1, 0.2, 0.3, 1 / 3, 123456.789, 16777217]),
        ["    [0.1, 0.2, 0.3, 0.3333333, 123456.7890625, 16777216]"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_tfjs(name):
    make, body = CASES[name]
    t = make()
    assert t.to_string() == "\n".join(["Tensor", *body])
    assert str(t) == repr(t) == t.to_string()


@pytest.mark.parametrize("name", ["int_padding", "rank4", "empty_rows", "bool_scalar"])
def test_verbose_matches_tfjs(name):
    make, body = CASES[name]
    t = make()
    shape = ",".join(map(str, t.shape))
    head = ["Tensor", f"  dtype: {t.dtype}", f"  rank: {t.rank}", f"  shape: [{shape}]",
            "  values:"]
    assert t.to_string(verbose=True) == "\n".join(head + body)


def test_verbose_scalar_and_tfjs_doc_example():
    assert tf.scalar(5).to_string(True) == (
        "Tensor\n  dtype: float32\n  rank: 0\n  shape: []\n  values:\n    5"
    )
    assert tf.zeros([2, 5]).to_string(True) == (
        "Tensor\n  dtype: float32\n  rank: 2\n  shape: [2,5]\n  values:\n"
        "    [[0, 0, 0, 0, 0],\n     [0, 0, 0, 0, 0]]"
    )


def test_print_writes_to_stdout(capsys):
    tf.tensor([0.0588235, 0.2, 1]).print()
    tf.tensor([[1, 2], [3, 4]], dtype="int32").print(verbose=True)
    out = capsys.readouterr().out
    assert out == (
        "Tensor\n    [0.0588235, 0.2, 1]\n"
        "Tensor\n  dtype: int32\n  rank: 2\n  shape: [2,2]\n  values:\n"
        "    [[1, 2],\n     [3, 4]]\n"
    )


def test_float_scalar_is_rounded_unlike_tfjs():
    # tfjs would print 0.3333333432674408 here (it does not round rank-0 floats).
    assert tf.scalar(1 / 3).to_string() == "Tensor\n    0.3333333"
    assert tf.scalar(1 / 17).to_string() == "Tensor\n    0.0588235"
    assert tf.scalar(float("nan")).to_string() == "Tensor\n    NaN"
    assert tf.scalar(-2.5e22).to_string() == "Tensor\n    -2.499999944549077e+22"


def test_float64_and_int32_values():
    assert tf.tensor([1 / 3, 1e-7], dtype="float64").to_string() == "Tensor\n    [0.3333333, 1e-7]"
    big = np.array([2**31 - 1, -(2**31)], dtype=np.int32)
    assert tf.tensor(big).to_string() == "Tensor\n    [2147483647, -2147483648]"


def test_disposed_tensor_repr_does_not_raise():
    t = tf.tensor([1, 2])
    t.dispose()
    assert "disposed" in repr(t)


# -- the number rules --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "x, text",
    [
        (0.0, "0"), (-0.0, "0"), (1.0, "1"), (-1.5, "-1.5"), (100.0, "100"),
        (0.000001, "0.000001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (123e-20, "1.23e-18"),
        (1e20, "100000000000000000000"), (1e21, "1e+21"), (1.5e300, "1.5e+300"),
        (5e-324, "5e-324"), (NAN, "NaN"), (INF, "Infinity"), (-INF, "-Infinity"),
        (0.1 + 0.2, "0.30000000000000004"), (123456.789, "123456.789"),
    ],
)
def test_js_number(x, text):
    assert js_number(x) == text


@pytest.mark.parametrize(
    "x, rounded",
    [
        (1 / 17, 0.0588235), (0.00390625, 0.0039063), (-0.00390625, -0.0039063),
        (0.01171875, 0.0117188), (2.5e-8, 0.0), (4.9999999e-8, 0.0), (5.0000001e-8, 1e-7),
        (1.00000005, 1.0), (1.0000000500000002, 1.0000001), (1e25, 1e25),
    ],
)
def test_to_fixed_rounds_half_away_from_zero_on_the_exact_value(x, rounded):
    # 1.00000005 is stored as 1.00000004999999997...: the exact binary value decides.
    assert to_fixed(x) == rounded


def _reference_rounding(x: float) -> float:
    """What JavaScript's parseFloat(x.toFixed(7)) gives, through exact decimals."""
    if not np.isfinite(x) or abs(x) >= 1e21:
        return x
    return float(Decimal(x).quantize(Decimal("1e-7"), rounding=ROUND_HALF_UP))


def _reference_js_number(x: float) -> str:
    """JavaScript's toString from numpy's shortest-digit (Dragon4) formatting."""
    if x == 0:
        return "0"
    if 1e-6 <= abs(x) < 1e21:
        return np.format_float_positional(x, unique=True, trim="-")
    return np.format_float_scientific(x, unique=True, trim="-", exp_digits=1)


finite = st.floats(allow_nan=False, allow_infinity=False)
float32s = st.floats(width=32, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.one_of(finite, float32s, st.integers(-10**6, 10**6).map(lambda k: k / 256)))
def test_value_string_parses_back_to_the_value_rounded_to_7_decimals(x):
    text = value_string(x, "float64")
    assert float(text) == _reference_rounding(x)
    assert text == _reference_js_number(_reference_rounding(x))


@settings(max_examples=60, deadline=None)
@given(finite)
def test_js_number_matches_shortest_digit_reference(x):
    assert js_number(x) == _reference_js_number(x)
    assert float(js_number(x)) == x


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.float32, st.integers(1, 20), elements=float32s))
def test_rank1_prints_every_value(values):
    text = tf.tensor(values).to_string()
    assert text.startswith("Tensor\n    [") and text.endswith("]")
    tokens = text[len("Tensor\n    ["):-1].split(", ")
    assert [float(s) for s in tokens] == [_reference_rounding(float(v)) for v in values]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 60), st.sampled_from(["float32", "int32", "bool"]))
def test_rank1_elision_keeps_first_and_last_three(n, dtype):
    values = np.arange(n) % 7 if dtype != "bool" else np.arange(n) % 2 == 0
    t = tf.tensor(values, dtype=dtype)
    tokens = t.to_string()[len("Tensor\n    ["):-1].split(", ") if n else []
    shown = [value_string(v, dtype) for v in values.tolist()]
    if n > 20:
        assert tokens == shown[:3] + ["..."] + shown[-3:]
    else:
        assert tokens == shown


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.float32, hnp.array_shapes(min_dims=2, max_dims=2, max_side=25),
                  elements=st.floats(-1e6, 1e6, width=32)))
def test_rank2_columns_are_aligned_and_rows_elided(values):
    rows, cols = values.shape
    lines = tf.tensor(values).to_string().split("\n")[1:]
    assert len(lines) == (7 if rows > 20 else rows)
    if rows > 20:
        assert lines[3] == "     ...,"
    shown_cols = [0, 1, 2, cols - 3, cols - 2, cols - 1] if cols > 20 else list(range(cols))
    # Each shown column is as wide as its widest value over *all* rows.
    widths = [max(len(value_string(v, "float32")) for v in values[:, j]) for j in shown_cols]
    for line in lines:
        if line.endswith("...,"):
            continue
        inner = line.strip().lstrip("[").rstrip("],")
        cells = inner.split(", ")
        if cols > 20:
            assert cells[3] == "..."
            cells = cells[:3] + cells[4:]
        assert [len(c) for c in cells[:-1]] == widths[:-1]
        assert len(cells[-1].rstrip()) <= widths[-1]
    # Padding is on the right, so the separators line up in every row.
    separators = {
        tuple(i for i in range(len(line)) if line.startswith(", ", i))
        for line in lines
        if not line.endswith("...,")
    }
    if rows > 1:
        assert len(separators) == 1


@settings(max_examples=30, deadline=None)
@given(hnp.array_shapes(min_dims=2, max_dims=4, min_side=0, max_side=4))
def test_blocks_of_rank_r_are_separated_by_r_minus_2_blank_lines(shape):
    values = np.arange(int(np.prod(shape)), dtype=np.int32).reshape(shape)
    text = tf.tensor(values).to_string()
    rank = len(shape)
    runs = [len(m) for m in re.findall(r",(\n+)", text)]
    # The top level's separators are the longest runs of newlines.
    assert runs.count(rank - 1) == max(shape[0] - 1, 0)
    assert all(n <= rank - 1 for n in runs)
    flat = text.replace("[", " ").replace("]", " ").replace(",", " ").split()[1:]
    assert [int(s) for s in flat] == values.reshape(-1).tolist()
