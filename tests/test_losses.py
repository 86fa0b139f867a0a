"""tf.losses against numpy references (every reduction, with weights) and HIPS autograd."""

import math

import autograd.numpy as anp
import numpy as np
import pytest
from autograd.tracer import getval
from gradcheck import check_against_autograd, check_finite_differences
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minitf as tf
from minitf.errors import ShapeError

R = tf.losses.Reduction
LOSSES = ["mean_squared_error", "absolute_difference", "sigmoid_cross_entropy",
          "softmax_cross_entropy"]


# -- references, written once for numpy and autograd.numpy (xp) ----------------------------
def per_entry(xp, kind, y, p, smoothing=0.0):
    """The unreduced loss, from the textbook formulas."""
    if kind == "mean_squared_error":
        return (y - p) ** 2
    if kind == "absolute_difference":
        return xp.abs(y - p)
    if kind == "sigmoid_cross_entropy":
        z = y * (1 - smoothing) + 0.5 * smoothing
        return xp.maximum(p, 0) - p * z + xp.log1p(xp.exp(-xp.abs(p)))
    y = y * (1 - smoothing) + smoothing / y.shape[-1]
    m = xp.max(p, axis=-1, keepdims=True)
    log_softmax = p - m - xp.log(xp.sum(xp.exp(p - m), axis=-1, keepdims=True))
    return -xp.sum(y * log_softmax, axis=-1)


def reduce(xp, losses, weights, reduction, nonzero=None):
    """tfjs's computeWeightedLoss, but 0 rather than NaN when the weights are all 0."""
    if weights is None:
        if reduction == R.NONE:
            return losses
        return xp.sum(losses) if reduction == R.SUM else xp.mean(losses)
    weighted = losses * weights
    if reduction == R.NONE:
        return weighted
    if reduction == R.SUM:
        return xp.sum(weighted)
    if reduction == R.MEAN:
        if not np.sum(getval(weights)):
            return xp.sum(weighted) * 0.0
        factor = max(np.size(losses) / np.size(weights), 1.0)
        return xp.sum(weighted) / xp.sum(weights) / factor
    return xp.sum(weighted) / max(nonzero, 1)


def reference(kind, y, p, w=None, reduction=R.SUM_BY_NONZERO_WEIGHTS, smoothing=0.0, xp=np):
    nonzero = None
    if w is not None:
        losses_shape = np.shape(y)[:-1] if kind == "softmax_cross_entropy" else np.shape(y)
        full = np.broadcast_shapes(losses_shape, np.shape(w))
        nonzero = np.count_nonzero(np.broadcast_to(getval(w), full))
    return reduce(xp, per_entry(xp, kind, y, p, smoothing), w, reduction, nonzero)


def call(kind, y, p, w=None, reduction=R.SUM_BY_NONZERO_WEIGHTS, smoothing=0.0):
    fn = getattr(tf.losses, kind)
    if kind in ("mean_squared_error", "absolute_difference"):
        return fn(y, p, w, reduction)
    return fn(y, p, w, smoothing, reduction)


# -- values ----------------------------------------------------------------------------------
def test_tfjs_softmax_cross_entropy_examples():
    labels = [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    logits = tf.tensor2d([[10, -10, -10], [-10, 10, -10], [-10, -10, 10]])
    sce = tf.losses.softmax_cross_entropy
    np.testing.assert_allclose(sce(labels, logits).item(), 20, rtol=1e-6)
    np.testing.assert_allclose(sce(np.eye(3), logits).item(), 0, atol=1e-6)
    np.testing.assert_allclose(sce(labels, logits, [0.1, 0.2, 0.3], 0, R.NONE).numpy(),
                               [2, 4, 6], rtol=1e-6)
    np.testing.assert_allclose(sce(labels, logits, [0.1, 0.2, 0.3], 0, R.MEAN).item(), 20,
                               rtol=1e-6)
    np.testing.assert_allclose(sce(labels, logits, [[0.1, 0.2, 0.3]], 0.3, R.MEAN).item(), 18,
                               rtol=1e-6)


def test_small_worked_examples():
    mse = tf.losses.mean_squared_error([1, 2, 3], [1, 4, 0])
    assert mse.dtype == "float32" and mse.shape == ()
    np.testing.assert_allclose(mse.item(), (0 + 4 + 9) / 3, rtol=1e-6)
    mad = tf.losses.absolute_difference([1, 2, 3], [1, 4, 0], [0, 1, 2])
    np.testing.assert_allclose(mad.item(), (2 + 6) / 2, rtol=1e-6)  # two nonzero weights
    sig = tf.losses.sigmoid_cross_entropy([1, 0], [0, 0], reduction=R.NONE)
    np.testing.assert_allclose(sig.numpy(), [math.log(2)] * 2, rtol=1e-6)
    total = tf.losses.mean_squared_error([[1, 2]], [[3, 2]], reduction=R.SUM)
    assert total.item() == 4


@pytest.mark.parametrize("kind", LOSSES)
@pytest.mark.parametrize("reduction", list(R))
@pytest.mark.parametrize("weights", ["none", "scalar", "full", "broadcast", "zeros", "leading"])
def test_against_numpy(kind, reduction, weights):
    rng = np.random.default_rng(7)
    y = rng.random((3, 4))
    if kind == "softmax_cross_entropy":
        y = y / y.sum(-1, keepdims=True)
    p = rng.normal(size=(3, 4)) * 3
    loss_shape = (3,) if kind == "softmax_cross_entropy" else (3, 4)
    w = {
        "none": None,
        "scalar": np.float64(0.7),
        "full": rng.random(loss_shape),
        "broadcast": rng.random(loss_shape[:-1] + (1,)) * (rng.random(loss_shape[:-1] + (1,))
                                                           > 0.3),
        "zeros": np.zeros(loss_shape),
        "leading": rng.random((1,) + loss_shape),
    }[weights]
    got = call(kind, tf.tensor(y, dtype="float64"), tf.tensor(p, dtype="float64"),
               None if w is None else tf.tensor(w, dtype="float64"), reduction)
    want = reference(kind, y, p, w, reduction)
    assert got.dtype == "float64"
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-10, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(LOSSES),
    hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4),
    st.sampled_from(list(R)),
    st.integers(0, 3),
    st.sampled_from([0.0, 0.1, 1.0]),
    st.integers(0, 2**32 - 1),
)
def test_random_shapes_weights_and_smoothing(kind, shape, reduction, weight_kind, smoothing,
                                              seed):
    rng = np.random.default_rng(seed)
    y = (rng.random(shape) > 0.5).astype(np.float64)
    p = rng.normal(size=shape) * 5
    loss_shape = shape[:-1] if kind == "softmax_cross_entropy" else shape
    w_shape = [None, (), loss_shape, tuple(d if rng.random() < 0.5 else 1 for d in loss_shape)]
    w = None if weight_kind == 0 else rng.random(w_shape[weight_kind]) * (rng.random() > 0.1)
    if kind in ("mean_squared_error", "absolute_difference"):
        smoothing = 0.0
    got = call(kind, y, p, w, reduction, smoothing)  # float32, numpy inputs
    want = reference(kind, y, p, w, reduction, smoothing)
    assert got.dtype == "float32"
    np.testing.assert_allclose(got.numpy(), want, rtol=2e-5, atol=2e-5)


def test_int_and_bool_labels_become_float():
    out = tf.losses.sigmoid_cross_entropy(tf.tensor([1, 0], dtype="int32"), [2.0, -1.0])
    assert out.dtype == "float32"
    np.testing.assert_allclose(out.item(), reference("sigmoid_cross_entropy", np.array([1, 0]),
                                                     np.array([2.0, -1.0])), rtol=1e-6)
    out = tf.losses.softmax_cross_entropy(tf.one_hot([1, 0], 2), [[0.0, 1.0], [3.0, 0.0]])
    assert out.dtype == "float32"


def test_large_logits_stay_finite():
    big = tf.tensor([[1e4, -1e4, 0], [-3e4, 3e4, 5]])
    onehot = tf.tensor([[0, 1, 0], [1, 0, 0]])
    sce = tf.losses.softmax_cross_entropy(onehot, big, reduction=R.NONE)
    np.testing.assert_allclose(sce.numpy(), [2e4, 6e4], rtol=1e-6)
    sig = tf.losses.sigmoid_cross_entropy(onehot, big, reduction=R.NONE).numpy()
    assert np.isfinite(sig).all()
    np.testing.assert_allclose(sig[:, :2], [[1e4, 1e4], [3e4, 3e4]], rtol=1e-6)
    for fn in (tf.losses.softmax_cross_entropy, tf.losses.sigmoid_cross_entropy):
        g = tf.grad(lambda x, fn=fn: fn(onehot, x))(big).numpy()
        assert np.isfinite(g).all()
        assert np.abs(g).max() <= 1


# -- gradients -------------------------------------------------------------------------------
SHAPES = [(), (4,), (3, 4), (2, 3, 4)]


@pytest.mark.parametrize("kind", LOSSES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reduction", list(R))
def test_gradients_match_autograd(kind, shape, reduction):
    if kind == "softmax_cross_entropy" and shape == ():
        pytest.raises(ShapeError, tf.losses.softmax_cross_entropy, 1.0, 2.0)
        return
    rng = np.random.default_rng(len(shape) * 10 + int(reduction))
    y = rng.random(shape)
    # Inputs away from the kinks of |y - p| and of max/|.| in the reference at 0.
    p = y + rng.choice([-1, 1], size=shape) * rng.uniform(0.3, 2, size=shape)
    if kind == "sigmoid_cross_entropy":
        p = rng.choice([-1, 1], size=shape) * rng.uniform(0.3, 4, size=shape)
    check_against_autograd(
        lambda a, b: call(kind, a, b, None, reduction),
        lambda a, b: reference(kind, a, b, None, reduction, xp=anp),
        y, p,
    )


@pytest.mark.parametrize("kind", LOSSES)
@pytest.mark.parametrize("reduction", list(R))
@pytest.mark.parametrize("w_shape", [(), (3, 1), "full"])
def test_gradients_with_weights_and_smoothing_match_autograd(kind, reduction, w_shape):
    rng = np.random.default_rng(3)
    shape = (3, 4)
    loss_shape = (3,) if kind == "softmax_cross_entropy" else shape
    w_shape = loss_shape if w_shape == "full" else w_shape[: len(loss_shape)]
    y = rng.random(shape)
    p = y + rng.choice([-1, 1], size=shape) * rng.uniform(0.3, 2, size=shape)
    w = rng.uniform(0.5, 2, size=w_shape)
    smoothing = 0.0 if kind in ("mean_squared_error", "absolute_difference") else 0.2
    check_against_autograd(
        lambda a, b, c: call(kind, a, b, c, reduction, smoothing),
        lambda a, b, c: reference(kind, a, b, c, reduction, smoothing, xp=anp),
        y, p, w,
    )


def test_sigmoid_cross_entropy_gradient_is_exact_at_zero_logits():
    # A zero-initialised model starts exactly here: d/dx = sigmoid(0) - z = 0.5 - z.
    z = tf.tensor([0.0, 1.0, 0.25])
    g = tf.grad(lambda x: tf.losses.sigmoid_cross_entropy(z, x, reduction=R.SUM))(tf.zeros([3]))
    np.testing.assert_allclose(g.numpy(), [0.5, -0.5, 0.25], rtol=1e-6)


@pytest.mark.parametrize("kind", ["softmax_cross_entropy", "sigmoid_cross_entropy"])
def test_second_order_gradients(kind):
    labels = tf.tensor(np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]]), dtype="float64")
    x = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]])
    check_finite_differences(lambda t: call(kind, labels, t), x, order=2)


# -- memory and errors -----------------------------------------------------------------------
@pytest.mark.parametrize("kind", LOSSES)
def test_only_the_loss_survives(kind):
    y = tf.tensor([[0.0, 1.0], [1.0, 0.0]])
    p = tf.tensor([[0.3, 0.9], [2.0, -1.0]])
    before = tf.memory().num_tensors
    loss = call(kind, y, p, [0.5, 2.0] if kind == "softmax_cross_entropy" else [[1, 0], [2, 3]])
    assert tf.memory().num_tensors == before + 1
    loss.dispose()
    before = tf.memory().num_tensors
    loss = call(kind, [[0.0, 1.0]], [[0.3, 0.9]])  # converted inputs are freed too
    assert tf.memory().num_tensors == before + 1


def test_losses_inside_grad_and_tidy():
    w = tf.variable(tf.tensor([[0.5], [-0.5]]), name="w_losses")
    x = tf.tensor([[1.0, 2.0], [3.0, 4.0]])
    y = tf.tensor([[1.0], [0.0]])

    def loss():
        return tf.losses.mean_squared_error(y, tf.matmul(x, w))

    value, grads = tf.variable_grads(loss)
    pred = x.numpy() @ w.numpy()
    np.testing.assert_allclose(value.item(), np.mean((y.numpy() - pred) ** 2), rtol=1e-6)
    np.testing.assert_allclose(grads["w_losses"].numpy(),
                               x.numpy().T @ (2 * (pred - y.numpy()) / 2), rtol=1e-6)


@pytest.mark.parametrize("kind", LOSSES)
def test_shape_mismatch_names_both_shapes(kind):
    second = "logits" if "entropy" in kind else "predictions"
    with pytest.raises(ShapeError, match=rf"{kind}: .* shape \[2,3\] and {second} shape \[3,2\]"):
        call(kind, np.zeros((2, 3)), np.zeros((3, 2)))


def test_argument_errors():
    with pytest.raises(ValueError, match=r"unknown reduction 'avg'.*Reduction.NONE"):
        tf.losses.mean_squared_error([1.0], [2.0], reduction="avg")
    with pytest.raises(ValueError, match="unknown reduction 7"):
        tf.losses.absolute_difference([1.0], [2.0], reduction=7)
    with pytest.raises(ShapeError, match=r"weights of shape \[3,2\] do not broadcast.*\[2\]"):
        tf.losses.mean_squared_error([1.0, 2.0], [2.0, 2.0], np.ones((3, 2)))
    with pytest.raises(ShapeError, match="broadcast together with shapes"):
        tf.losses.mean_squared_error([1.0, 2.0], [2.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\]"):
        tf.losses.sigmoid_cross_entropy([1.0], [2.0], label_smoothing=1.5)
    with pytest.raises(ShapeError, match="logits must have a class axis"):
        tf.losses.softmax_cross_entropy(1.0, 2.0)
    assert tf.losses.mean_squared_error([1.0], [3.0], reduction="sum").item() == 4
    assert tf.Reduction is R and R.SUM_BY_NONZERO_WEIGHTS == 3


def test_compute_weighted_loss():
    losses = tf.tensor([1.0, 2.0, 3.0, 4.0])
    assert tf.losses.compute_weighted_loss(losses).item() == 2.5
    assert tf.losses.compute_weighted_loss(losses, [0, 1, 0, 1]).item() == 3
    assert tf.losses.compute_weighted_loss(losses, 2.0, R.MEAN).item() == 2.5
    assert tf.losses.compute_weighted_loss(losses, [0, 0, 0, 0]).item() == 0
    assert tf.losses.compute_weighted_loss(losses, [0, 0, 0, 0], R.MEAN).item() == 0
