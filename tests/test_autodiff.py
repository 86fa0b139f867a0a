"""The gradient API: tfjs semantics, nesting, pruning, errors and memory."""

import numpy as np
import pytest

import minitf as tf
from minitf.autodiff import NOT_CONNECTED


def vals(t):
    return np.asarray(t.array_sync(), dtype=np.float64)


# -- basic semantics ---------------------------------------------------------------------
def test_grad_of_non_scalar_is_grad_of_sum():
    g = tf.grad(lambda x: x.square())(tf.tensor([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(vals(g), [2, 4, 6])


def test_grad_with_dy_weights_the_output():
    g = tf.grad(lambda x: x.square())(tf.tensor([1.0, 2.0]), tf.tensor([10.0, 100.0]))
    np.testing.assert_allclose(vals(g), [20, 400])


def test_grad_accepts_python_lists_and_numpy():
    assert vals(tf.grad(lambda x: x.mul(3.0))([1.0, 2.0])).tolist() == [3, 3]
    assert vals(tf.grad(lambda x: x.mul(3.0))(np.array([1.0]))).tolist() == [3]


def test_grads_returns_one_gradient_per_argument():
    gx, gy = tf.grads(lambda x, y: x.mul(y).add(x))([[1.0, 2.0], [3.0, 4.0]])
    assert vals(gx).tolist() == [4, 5]
    assert vals(gy).tolist() == [1, 2]


def test_value_and_grad_is_a_named_tuple():
    out = tf.value_and_grad(lambda x: x.square().sum())(tf.tensor([3.0]))
    value, g = out
    assert out.value is value and out.grad is g
    assert value.item() == 9 and vals(g).tolist() == [6]


def test_value_and_grads_named_tuple():
    out = tf.value_and_grads(lambda a, b: a.mul(b))([tf.tensor([2.0]), tf.tensor([5.0])])
    assert out.value.item() == 10
    assert [vals(g).tolist() for g in out.grads] == [[5], [2]]


def test_identity_function_gradient_is_one():
    assert vals(tf.grad(lambda x: x)(tf.tensor([1.0, 2.0]))).tolist() == [1, 1]


def test_gradient_keeps_float64():
    g = tf.grad(lambda x: x.sin())(tf.tensor([1.0], dtype="float64"))
    assert g.dtype == "float64"
    np.testing.assert_allclose(g.numpy(), np.cos([1.0]), rtol=1e-15)


def test_reuse_and_diamond_graphs():
    # b = a + a; c = b + b  ->  dc/da = 4
    assert tf.grad(lambda a: (a + a) + (a + a))(tf.tensor(1.0)).item() == 4
    # x = a + b; y = x * a  ->  dy/da = x + a = 2a + b, dy/db = a
    ga, gb = tf.grads(lambda a, b: (a + b) * a)([tf.tensor(3.0), tf.tensor(5.0)])
    assert (ga.item(), gb.item()) == (11, 3)


def test_unused_argument_of_grads_is_an_error_like_tfjs():
    with pytest.raises(tf.GradientError, match="Cannot compute gradient of y=f\\(x\\)"):
        tf.grads(lambda a, b: a.square())([tf.tensor(1.0), tf.tensor(2.0)])


# -- nesting ---------------------------------------------------------------------------------
def test_second_and_third_derivatives():
    x = tf.tensor(0.7)
    d1 = tf.grad(tf.sin)
    d2 = tf.grad(tf.grad(tf.sin))
    d3 = tf.grad(tf.grad(tf.grad(tf.sin)))
    np.testing.assert_allclose(d1(x).item(), np.cos(0.7), rtol=1e-6)
    np.testing.assert_allclose(d2(x).item(), -np.sin(0.7), rtol=1e-6)
    np.testing.assert_allclose(d3(x).item(), -np.cos(0.7), rtol=1e-6)


def test_grads_of_grads():
    # f(x, y) = x^2 y ; df/dx = 2xy ; d(df/dx)/dx = 2y, d(df/dx)/dy = 2x
    def dfdx(x, y):
        return tf.grads(lambda a, b: a.square().mul(b))([x, y])[0]

    gx, gy = tf.grads(dfdx)([tf.tensor(3.0), tf.tensor(5.0)])
    assert (gx.item(), gy.item()) == (10, 6)


def test_perturbation_confusion_outer_x_is_a_constant_inside():
    f = lambda x: x * tf.grad(lambda y: x + y)(0.0)  # noqa: E731
    assert tf.grad(f)(3.0).item() == 1


def test_perturbation_confusion_inner_gradient_depends_on_x():
    f = lambda x: x * tf.grad(lambda y: x * y)(1.0)  # noqa: E731
    assert tf.grad(f)(3.0).item() == 6


def test_deep_chain_has_no_recursion_limit():
    def f(x):
        for _ in range(10_000):
            x = x.mul(1.0001)
        return x

    g = tf.grad(f)(tf.tensor(1.0, dtype="float64"))
    np.testing.assert_allclose(g.item(), 1.0001**10_000, rtol=1e-9)


# -- pruning -----------------------------------------------------------------------------------
def _counting_square(calls):
    def f(x, save):
        save([x])
        def grad_func(dy, saved):
            return _count(calls, dy.mul(saved[0]).mul(2.0))

        return {"value": x.square(), "grad_func": grad_func}

    return tf.custom_grad(f)


def _count(calls, value):
    calls.append(1)
    return value


def test_branches_off_the_path_to_y_are_not_backpropagated():
    calls = []
    sq = _counting_square(calls)

    def f(x, w):
        sq(w)  # depends on an input, but y does not depend on it
        sq(tf.tensor(2.0))  # depends on no input at all
        return x.mul(3.0)

    gx = tf.grads(lambda x: f(x, tf.tensor(1.0)))([tf.tensor(1.0)])[0]
    assert gx.item() == 3
    assert calls == []


def test_custom_grad_is_used_and_nests():
    calls = []
    sq = _counting_square(calls)
    assert tf.grad(sq)(tf.tensor(3.0)).item() == 6
    assert calls == [1]
    assert tf.grad(tf.grad(sq))(tf.tensor(3.0)).item() == 2


def test_custom_grad_overrides_the_true_gradient():
    def f(x, save):
        return {"value": x.mul(2.0), "grad_func": lambda dy, saved: [dy.mul(100.0)]}

    assert tf.grad(tf.custom_grad(f))(tf.tensor(1.0)).item() == 100


def test_custom_grad_with_two_inputs():
    def f(a, b, save):
        save([a, b])
        return {
            "value": a.mul(b),
            "grad_func": lambda dy, s: [dy.mul(s[1]), dy.mul(s[0])],
        }

    ga, gb = tf.grads(tf.custom_grad(f))([tf.tensor(2.0), tf.tensor(7.0)])
    assert (ga.item(), gb.item()) == (7, 2)


# -- variables ----------------------------------------------------------------------------------
def test_variable_grads_skips_non_trainable_and_unused():
    a = tf.variable(tf.tensor([1.0, 2.0]), True, "a")
    frozen = tf.variable(tf.tensor([5.0]), False, "frozen")
    tf.variable(tf.tensor([9.0]), True, "unused")
    value, grads = tf.variable_grads(lambda: a.mul(frozen).sum())
    assert value.item() == 15
    assert list(grads) == ["a"]
    assert vals(grads["a"]).tolist() == [5, 5]


def test_variable_grads_with_var_list():
    a = tf.variable(tf.tensor(2.0), name="a")
    b = tf.variable(tf.tensor(3.0), name="b")
    _, grads = tf.variable_grads(lambda: a.mul(b), [b])
    assert list(grads) == ["b"] and grads["b"].item() == 2


def test_variable_names_auto_and_duplicate():
    v1 = tf.variable(tf.tensor(1.0))
    v2 = tf.variable(tf.tensor(1.0))
    assert v1.name != v2.name
    tf.variable(tf.tensor(1.0), name="w")
    with pytest.raises(ValueError, match="'w' already exists"):
        tf.variable(tf.tensor(2.0), name="w")


def test_variable_assign_checks_shape_and_dtype():
    v = tf.variable(tf.tensor([1.0, 2.0]), name="v")
    v.assign(tf.tensor([3.0, 4.0]))
    assert v.array_sync() == [3, 4]
    with pytest.raises(tf.ShapeError, match=r"shape \[2\].*\[3\]"):
        v.assign(tf.tensor([1.0, 2.0, 3.0]))
    with pytest.raises(tf.DTypeError, match="int32"):
        v.assign(tf.tensor([1, 2], dtype="int32"))


def test_dispose_variables_frees_names_and_memory():
    before = tf.memory().num_tensors
    tf.variable(tf.zeros_like(tf.tensor([1.0])), name="tmp").sum()  # noqa: B018
    tf.dispose_variables()
    tf.variable(tf.tensor(1.0), name="tmp")  # the name is free again
    assert tf.memory().num_tensors >= before


def test_tidy_never_disposes_variables():
    v = tf.tidy(lambda: tf.variable(tf.tensor([1.0]), name="kept"))
    assert not v.is_disposed and v.array_sync() == [1]


# -- errors ---------------------------------------------------------------------------------
def test_f_must_return_a_tensor():
    with pytest.raises(TypeError, match="must return a Tensor"):
        tf.grad(lambda x: 3.0)(tf.tensor(1.0))


def test_unconnected_x_uses_the_tfjs_message():
    with pytest.raises(tf.GradientError) as e:
        tf.grad(lambda x: tf.tensor(2.0).square())(tf.tensor(1.0))
    assert str(e.value) == NOT_CONNECTED


def test_path_through_int_cast_is_not_connected():
    with pytest.raises(tf.GradientError, match="Cannot compute gradient"):
        tf.grad(lambda x: x.cast("int32").cast("float32"))(tf.tensor(1.0))


def test_no_trainable_variable():
    tf.variable(tf.tensor(1.0), False, "frozen")
    with pytest.raises(tf.GradientError, match="no trainable variable"):
        tf.variable_grads(lambda: tf.tensor(1.0))


def test_variable_grads_needs_a_scalar():
    a = tf.variable(tf.tensor([1.0, 2.0]), name="a")
    with pytest.raises(tf.ShapeError, match=r"must be a scalar.*\[2\]"):
        tf.variable_grads(lambda: a.square())


def test_variable_grads_no_connection():
    tf.variable(tf.tensor([1.0, 2.0]), name="a")
    with pytest.raises(tf.GradientError, match="cannot find a connection"):
        tf.variable_grads(lambda: tf.tensor(1.0).square())


def test_wrong_dy_shape():
    with pytest.raises(tf.ShapeError, match=r"dy has shape \[3\] but y=f\(x\) has shape \[2\]"):
        tf.grad(lambda x: x.square())(tf.tensor([1.0, 2.0]), tf.tensor([1.0, 1.0, 1.0]))


@pytest.mark.parametrize("dtype", ["int32", "bool"])
def test_differentiating_an_int_or_bool_tensor_says_cast(dtype):
    with pytest.raises(tf.DTypeError, match=f"{dtype}.*tf.cast\\(x, 'float32'\\)"):
        tf.grad(lambda x: x.mul(2))(tf.tensor([1, 0], dtype=dtype))


def test_grads_wants_a_list():
    with pytest.raises(TypeError, match="as a list"):
        tf.grads(lambda x: x)(tf.tensor(1.0))


def test_vjp_of_the_wrong_shape_names_the_op():
    def f(x, save):
        return {"value": x.square(), "grad_func": lambda dy, saved: [tf.tensor([1.0, 2.0, 3.0])]}

    with pytest.raises(tf.GradientError, match=r"'CustomGrad'.*shape \[3\].*shape \[2\]"):
        tf.grad(tf.custom_grad(f))(tf.tensor([1.0, 2.0]))


# -- memory -------------------------------------------------------------------------------
def _grows_by(fn, n):
    before = tf.memory().num_tensors
    out = fn()
    assert tf.memory().num_tensors - before == n
    return out


def test_each_gradient_call_leaks_only_what_it_returns():
    x = tf.tensor([1.0, 2.0])
    y = tf.tensor([3.0, 4.0])
    _grows_by(lambda: tf.grad(lambda a: a.sin().mul(a).sum())(x), 1)
    _grows_by(lambda: tf.grad(lambda a: a.square())([1.0, 2.0]), 1)  # list input is freed
    _grows_by(lambda: tf.grads(lambda a, b: a.mul(b).exp())([x, y]), 2)
    _grows_by(lambda: tf.value_and_grad(lambda a: a.square().sum())(x), 2)
    _grows_by(lambda: tf.value_and_grads(lambda a, b: a.mul(b))([x, y]), 3)
    _grows_by(lambda: tf.grad(tf.grad(lambda a: a.sin().sum()))(x), 1)
    f = lambda a: a * tf.grad(lambda b: a * b)(1.0)  # noqa: E731
    _grows_by(lambda: tf.grad(f)(3.0), 1)


def test_variable_grads_leaks_only_value_and_grads():
    a = tf.variable(tf.tensor([1.0, 2.0]), name="a")
    b = tf.variable(tf.tensor([1.0, 2.0]), name="b")
    _grows_by(lambda: tf.variable_grads(lambda: a.mul(b).square().sum()), 3)


def test_failed_gradient_call_leaks_nothing():
    x = tf.tensor([1.0, 2.0])
    before = tf.memory().num_tensors

    def bad(a):
        a.square().exp()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        tf.grad(bad)(x)
    with pytest.raises(tf.GradientError):
        tf.grad(lambda a: tf.tensor(1.0).square())(x)
    assert tf.memory().num_tensors == before


def test_user_tidy_inside_f_does_not_break_the_tape():
    def f(x):
        return tf.tidy(lambda: x.square().mul(2.0).sum())

    assert tf.grad(f)(tf.tensor([1.0, 2.0])).array_sync() == [4, 8]


# -- trace ------------------------------------------------------------------------------------
def test_trace_lists_inputs_variables_constants_and_ops():
    a = tf.variable(tf.tensor([3.0, 4.0]), name="a")
    c = tf.tensor([1.0, 1.0])
    x = tf.tensor([1.0, 2.0])
    before = tf.memory().num_tensors
    g = tf.trace(lambda x: a.mul(x.square()).add(c).sum(), x)
    assert tf.memory().num_tensors == before
    kinds = [(n.kind, n.op) for n in g.nodes]
    assert kinds == [
        ("input", "x0"), ("op", "Square"), ("variable", "'a'"), ("op", "Mul"),
        ("constant", "const"), ("op", "Add"), ("op", "Sum"),
    ]
    assert g.node(3).inputs == [2, 1]
    assert g.output == 6 and g.node(6).shape == () and g.node(6).dtype == "float32"
    assert all(n.grad is None for n in g.nodes)
    text = g.to_text()
    assert "Mul(%2, %1)" in text and "variable 'a'" in text


def test_trace_backward_gives_gradient_of_every_node():
    g = tf.trace(lambda x: x.square().sum(), tf.tensor([1.0, 2.0]), backward=True)
    assert g.node(0).grad.tolist() == [2, 4]
    assert g.node(1).grad_shape == (2,)
    assert "grad [2]" in str(g)
