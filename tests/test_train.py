"""Optimizers: each update rule against a numpy transcription of tfjs's rule, memory, API."""

import numpy as np
import pytest

import minitf as tf

A = np.array([[0.5, 1.5, -2.0], [3.0, 0.25, 1.0]])
B = np.array([[0.3, -0.7, 1.1], [-0.2, 0.9, 0.05]])
W0 = np.array([[1.0, -2.0, 0.5], [0.7, 3.0, -1.2]])


def loss_fn(w):
    """f(w) = sum(A w^2 + B w^3 / 3): gradient 2 A w + B w^2, different per element."""
    return lambda: (tf.tensor(A, dtype=w.dtype) * w * w).sum() + (
        tf.tensor(B, dtype=w.dtype) * w * w * w
    ).sum() / 3


def grad_np(w):
    return 2 * A * w + B * w * w


# -- numpy transcriptions of tfjs's update rules --------------------------------------
def ref_sgd(lr):
    def step(w, g, s):
        return w - lr * g

    return step


def ref_momentum(lr, m, nesterov=False):
    def step(w, g, s):
        s["a"] = m * s.get("a", 0.0) + g
        upd = g + s["a"] * m if nesterov else s["a"]
        return w - lr * upd

    return step


def ref_adam(lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    def step(w, g, s):
        # tfjs keeps beta1^t, beta2^t in float32 scalar variables.
        acc1 = s.get("acc1", np.float32(b1))
        acc2 = s.get("acc2", np.float32(b2))
        s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g * g
        mh = s["m"] / np.float64(np.float32(1) - acc1)
        vh = s["v"] / np.float64(np.float32(1) - acc2)
        s["acc1"] = np.float32(acc1 * np.float32(b1))
        s["acc2"] = np.float32(acc2 * np.float32(b2))
        return w - lr * mh / (np.sqrt(vh) + eps)

    return step


def ref_rmsprop(lr, decay=0.9, momentum=0.0, eps=1e-7, centered=False):
    def step(w, g, s):
        s["ms"] = decay * s.get("ms", 0.0) + (1 - decay) * g * g
        if centered:
            s["mg"] = decay * s.get("mg", 0.0) + (1 - decay) * g
            denom = np.sqrt(s["ms"] - (s["mg"] ** 2 + eps))
        else:
            denom = np.sqrt(s["ms"] + eps)
        s["mom"] = momentum * s.get("mom", 0.0) + lr * g / denom
        return w - s["mom"]

    return step


def ref_adagrad(lr, init=0.1):
    def step(w, g, s):
        s["acc"] = s.get("acc", init) + g * g
        return w - lr * g / np.sqrt(s["acc"] + 1e-7)

    return step


CASES = {
    "sgd": (lambda: tf.train.sgd(0.05), ref_sgd(0.05)),
    "momentum": (lambda: tf.train.momentum(0.05, 0.9), ref_momentum(0.05, 0.9)),
    "nesterov": (lambda: tf.train.momentum(0.05, 0.8, True), ref_momentum(0.05, 0.8, True)),
    "adam_default": (lambda: tf.train.adam(), ref_adam()),
    "adam": (lambda: tf.train.adam(0.1, 0.8, 0.95, 1e-3), ref_adam(0.1, 0.8, 0.95, 1e-3)),
    "rmsprop": (lambda: tf.train.rmsprop(0.01), ref_rmsprop(0.01)),
    "rmsprop_momentum": (
        lambda: tf.train.rmsprop(0.01, 0.8, 0.5, 1e-6),
        ref_rmsprop(0.01, 0.8, 0.5, 1e-6),
    ),
    "rmsprop_centered": (
        lambda: tf.train.rmsprop(0.01, 0.9, 0.3, centered=True),
        ref_rmsprop(0.01, 0.9, 0.3, centered=True),
    ),
    "adagrad": (lambda: tf.train.adagrad(0.1), ref_adagrad(0.1)),
    "adagrad_init": (lambda: tf.train.adagrad(0.2, 0.5), ref_adagrad(0.2, 0.5)),
}


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_update_rule_matches_tfjs_reference(name, dtype):
    make, ref = CASES[name]
    opt = make()
    w = tf.variable(tf.tensor(W0, dtype=dtype), name="w")
    w_ref, state = W0.copy(), {}
    rtol = 1e-9 if dtype == "float64" else 2e-5
    for i in range(6):
        opt.minimize(loss_fn(w))
        w_ref = ref(w_ref, grad_np(w_ref), state)
        np.testing.assert_allclose(w.numpy(), w_ref, rtol=rtol, atol=rtol * 1e-2,
                                   err_msg=f"{name} step {i}")
        assert w.dtype == dtype
    assert opt.iterations == 6


def test_adam_first_step_is_lr_times_sign():
    # With bias correction, Adam's first step is lr * g / (|g| + eps): about lr.
    w = tf.variable(tf.tensor([3.0, -2.0]), name="w")
    tf.train.adam(0.1).minimize(lambda: (w * w).sum())
    np.testing.assert_allclose(w.numpy(), [2.9, -1.9], rtol=1e-6)


@pytest.mark.parametrize(
    "make",
    [
        lambda: tf.train.sgd(0.1),
        lambda: tf.train.momentum(0.05, 0.9),
        lambda: tf.train.momentum(0.05, 0.9, use_nesterov=True),
        lambda: tf.train.adam(0.1),
        lambda: tf.train.rmsprop(0.05),
        lambda: tf.train.rmsprop(0.01, momentum=0.5),
        lambda: tf.train.adagrad(0.5),
    ],
)
def test_minimize_converges_on_a_quadratic(make):
    target = np.array([1.0, -2.0, 0.5])
    x = tf.variable(tf.zeros_like(tf.tensor([0.0, 0.0, 0.0])), name="x")
    opt = make()
    t = tf.tensor(target)
    for _ in range(400):
        opt.minimize(lambda: ((x - t) ** 2).sum())
    np.testing.assert_allclose(x.numpy(), target, atol=0.02)


@pytest.mark.parametrize("name", list(CASES))
def test_no_tensor_leaks_per_step(name):
    opt = CASES[name][0]()
    w = tf.variable(tf.tensor(W0), name="w")
    b = tf.variable(tf.tensor([0.5, -0.5]), name="b")
    x = tf.tensor(np.ones((4, 2)))

    def f():
        return ((x @ w).sum() if "matmul" in tf.ops.OPS else (w * w).sum()) + (b * b).sum()

    opt.minimize(f)  # creates the slots
    before = tf.memory()
    for _ in range(100):
        opt.minimize(f)
    after = tf.memory()
    assert after.num_tensors == before.num_tensors
    assert after.num_bytes == before.num_bytes
    cost = opt.minimize(f, return_cost=True)
    assert tf.memory().num_tensors == before.num_tensors + 1
    cost.dispose()


def test_return_cost_is_the_value_before_the_update():
    w = tf.variable(tf.tensor([2.0]), name="w")
    cost = tf.train.sgd(0.25).minimize(lambda: (w * w).sum(), return_cost=True)
    assert cost.shape == ()
    assert cost.item() == pytest.approx(4.0)
    assert w.numpy()[0] == pytest.approx(1.0)  # 2 - 0.25 * 4
    assert tf.train.sgd(0.1).minimize(lambda: (w * w).sum()) is None


def test_var_list_and_non_trainable_variables_are_respected():
    a = tf.variable(tf.tensor([1.0]), name="a")
    b = tf.variable(tf.tensor([1.0]), name="b")
    frozen = tf.variable(tf.tensor([1.0]), trainable=False, name="frozen")

    def f():
        return (a * a + b * b + frozen * frozen).sum()

    opt = tf.train.sgd(0.5)
    opt.minimize(f, var_list=[a])
    assert a.numpy()[0] == pytest.approx(0.0)
    assert b.numpy()[0] == 1.0 and frozen.numpy()[0] == 1.0
    opt.minimize(f)  # every trainable variable, but not the frozen one
    assert b.numpy()[0] == pytest.approx(0.0)
    assert frozen.numpy()[0] == 1.0
    # A non-trainable variable in var_list is skipped, as in tfjs.
    opt.minimize(f, var_list=[b, frozen])
    assert frozen.numpy()[0] == 1.0
    assert opt.iterations == 3


def test_compute_gradients_then_apply_gradients_in_every_form():
    w = tf.variable(tf.tensor([1.0, 2.0]), name="w")
    opt = tf.train.sgd(0.5)
    value, grads = opt.compute_gradients(lambda: (w * w).sum())
    assert value.item() == pytest.approx(5.0)
    assert list(grads) == ["w"]
    np.testing.assert_allclose(grads["w"].numpy(), [2.0, 4.0])
    opt.apply_gradients(grads)
    np.testing.assert_allclose(w.numpy(), [0.0, 0.0])
    g = tf.tensor([2.0, 2.0])
    opt.apply_gradients([("w", g)])
    opt.apply_gradients([{"name": "w", "tensor": g}])
    opt.apply_gradients([tf.train.NamedTensor("w", g)])
    opt.apply_gradients({"w": None})  # no gradient: nothing changes
    np.testing.assert_allclose(w.numpy(), [-3.0, -3.0])
    assert opt.iterations == 5


def test_apply_gradients_errors():
    tf.variable(tf.tensor([1.0, 2.0]), name="w")
    opt = tf.train.adam()
    with pytest.raises(ValueError, match="no variable named 'nope'"):
        opt.apply_gradients({"nope": tf.tensor([1.0])})
    with pytest.raises(tf.ShapeError, match=r"shape \[3\].*shape \[2\]"):
        opt.apply_gradients({"w": tf.tensor([1.0, 2.0, 3.0])})
    with pytest.raises(TypeError, match="must be a Tensor"):
        opt.apply_gradients({"w": [1.0, 2.0]})
    with pytest.raises(TypeError, match="dict name -> gradient"):
        opt.apply_gradients(tf.tensor([1.0]))
    assert opt.iterations == 0


@pytest.mark.parametrize("bad", [None, "0.1", float("nan")])
def test_bad_learning_rate(bad):
    with pytest.raises((TypeError, ValueError), match="learning_rate"):
        tf.train.sgd(bad)


@pytest.mark.parametrize(
    "make",
    [
        lambda: tf.train.momentum(0.05, 0.9),
        lambda: tf.train.adam(0.1),
        lambda: tf.train.rmsprop(0.01, momentum=0.5, centered=True),
        lambda: tf.train.adagrad(0.3),
    ],
)
def test_get_weights_and_set_weights_restore_the_state(make):
    w = tf.variable(tf.tensor(W0), name="w")
    opt = make()
    for _ in range(3):
        opt.minimize(loss_fn(w))
    saved_w = w.numpy()
    state = [(n, t.numpy()) for n, t in opt.get_weights()]
    assert state[0][0] == "iter" and int(state[0][1]) == 3
    assert all(n.startswith("w/") for n, _ in state[1:])
    for _ in range(2):
        opt.minimize(loss_fn(w))
    expected = w.numpy()

    w.assign(tf.tensor(saved_w))
    fresh = make()
    fresh.set_weights(state)
    assert fresh.iterations == 3
    for _ in range(2):
        fresh.minimize(loss_fn(w))
    # Adam recomputes beta^t with pow, as tfjs does: float32 rounding differs a little.
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-5)
    # Restoring an optimizer from its own get_weights() works too.
    opt.set_weights(opt.get_weights())


def test_dispose_frees_the_slot_variables():
    base = tf.memory().num_tensors
    w = tf.variable([1.0, 2.0], name="w")
    opt = tf.train.adam(0.1)  # two float32 scalars: beta1^t and beta2^t, as in tfjs
    assert tf.memory().num_tensors == base + 3
    opt.minimize(lambda: (w * w).sum())
    assert tf.memory().num_tensors == base + 5  # + the m and v slots
    opt.dispose()
    assert tf.memory().num_tensors == base + 1
    assert list(tf.engine.ENGINE.variables) == ["w"]


def test_minimize_inside_tidy_and_in_float64():
    w = tf.variable(tf.tensor([1.0, -1.0], dtype="float64"), name="w")
    opt = tf.train.momentum(0.1, 0.5)
    n = tf.memory().num_tensors
    for _ in range(3):
        tf.tidy(lambda: opt.minimize(lambda: (w * w).sum()))
    assert w.dtype == "float64"
    assert tf.memory().num_tensors == n + 1  # the momentum slot
    np.testing.assert_allclose(w.numpy(), [0.302, -0.302])  # 0.8, 0.54, 0.302


def test_optimizer_repr_and_config():
    opt = tf.train.adam(0.01)
    assert opt.get_config() == {"learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999,
                                "epsilon": 1e-7}
    assert "AdamOptimizer(learning_rate=0.01" in repr(opt)
    assert isinstance(opt, tf.train.Optimizer)


def test_slots_follow_a_variable_recreated_under_the_same_name():
    opt = tf.train.adam(0.1)
    w = tf.variable([1.0, 2.0], name="w")
    opt.minimize(lambda: (w * w).sum())
    w.dispose()
    w = tf.variable([[1.0, 2.0, 3.0]], name="w")  # same name, new shape: fresh slots
    n = tf.memory().num_tensors
    opt.minimize(lambda: (w * w).sum())
    assert tf.memory().num_tensors == n  # the two old slots were replaced, not leaked
    # Fresh moments, but the optimizer's step count (the bias correction) is 2, as in tfjs.
    step = 0.1 * (0.1 / (1 - 0.9**2)) / np.sqrt(0.001 / (1 - 0.999**2))
    np.testing.assert_allclose(w.numpy(), [[1 - step, 2 - step, 3 - step]], rtol=1e-5)
