# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Computing gradients (appendix B.4)
#
# Most of the time `model.fit()` computes gradients for you. Some tasks need
# them directly: finding the input that excites a filter the most, or
# reinforcement learning. minitf, like TensorFlow.js, gives you functions
# that turn a function into its derivative.
#
# We start with one input and one output: f(x) = atan(x).

# %%
import minitf as tf

f = lambda x: tf.atan(x)  # noqa: E731
df = tf.grad(f)

# %% [markdown]
# `tf.grad(f)` does not compute anything yet. It returns a new function, the
# derivative of f. Calling it with concrete values of x gives df/dx there.
# The derivative of atan is 1 / (1 + x²), so at x = 4 we expect 1/17.

# %%
x = tf.tensor([-4, -2, 0, 2, 4])
df(x).print()

# %% [markdown]
# ## Several inputs: `tf.grads`
#
# For a function of several tensors, `tf.grads` (with an s) gives the partial
# derivative with respect to each argument. Take h(x, y) = x · y: the
# derivative with respect to x is y, and with respect to y it is x.

# %%
h = lambda x, y: x.mul(y)  # noqa: E731
dh = tf.grads(h)
dh_values = dh([tf.tensor1d([1, 2]), tf.tensor1d([-1, -2])])
dh_values[0].print()
dh_values[1].print()

# %% [markdown]
# ## The value too: `tf.value_and_grads`
#
# Often you want h's value as well as its derivatives, without running h
# twice. The result has two fields, `value` and `grads`.

# %%
vdh = tf.value_and_grads(h)
out = vdh([tf.tensor1d([1, 2]), tf.tensor1d([-1, -2])])
out.value.print()
out.grads[0].print()
out.grads[1].print()

# %% [markdown]
# ## Weights: `tf.variable_grads`
#
# In deep learning the function usually reads weights that are not its
# arguments. Weights live in variables, and `tf.variable_grads` finds the
# trainable ones that the function uses and differentiates with respect to
# each, by name. Here f(a, b) = sum(a · x² + b · x): the derivative with
# respect to a is x², with respect to b it is x. The function must return a
# scalar, hence the `sum()`.

# %%
trainable = True
a = tf.variable(tf.tensor1d([3, 4]), trainable, "a")
b = tf.variable(tf.tensor1d([5, 6]), trainable, "b")
x = tf.tensor1d([1, 2])
f = lambda: a.mul(x.square()).add(b.mul(x)).sum()  # noqa: E731
value, grads = tf.variable_grads(f)
grads["a"].print()
grads["b"].print()

# %% [markdown]
# ## What the tape saw
#
# To differentiate, minitf records every operation f performs on a *tape*,
# then walks it backwards applying the chain rule. `tf.trace` shows the
# recording: inputs, variables, constants and operations, with the shape of
# each value and (with `backward=True`) of its gradient.

# %%
print(tf.trace(lambda x: a.mul(x.square()).add(b.mul(x)).sum(), x, backward=True))

# %% [markdown]
# ## Memory
#
# Each gradient call cleans up after itself: afterwards only the tensors it
# returned are new. That is worth checking, because in TensorFlow.js a
# forgotten tensor stays in memory until you dispose it.

# %%
before = tf.memory().num_tensors
g = tf.grad(lambda t: t.square().sum())(x)
print("new tensors:", tf.memory().num_tensors - before)
g.dispose()
print("after dispose:", tf.memory().num_tensors - before)
