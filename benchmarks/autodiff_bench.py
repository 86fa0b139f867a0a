"""minitf against HIPS autograd and hand-written numpy, measured in one run.

Machines here are noisy, so absolute times mean little: every row reports the
median of several runs of each contender and the ratios between them. A ratio
below 1 means minitf was faster.

    python -m benchmarks            # all rows
    python -m benchmarks.autodiff_bench --repeat 9
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import autograd
import autograd.numpy as anp
import numpy as np

import minitf as tf

BATCH, N_IN, N_HIDDEN, N_OUT = 128, 784, 256, 10


def median_time(fn: Callable[[], object], repeat: int, inner: int = 1) -> float:
    """Median seconds per call of fn over `repeat` timed batches of `inner` calls."""
    return compare({"fn": fn}, repeat, inner)["fn"]


def compare(contenders: dict[str, Callable[[], object]], repeat: int, inner: int = 1):
    """Median seconds per call of each contender, timed round-robin.

    Interleaving the contenders (rather than timing one, then the next) spreads
    the machine's slow moments fairly over all of them.
    """
    for fn in contenders.values():
        fn()  # warm up: imports, caches, first allocations
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, fn in contenders.items():
            start = time.perf_counter()
            for _ in range(inner):
                fn()
            times[name].append((time.perf_counter() - start) / inner)
    return {name: statistics.median(ts) for name, ts in times.items()}


# -- (a) a chain of 50 sin on a scalar ----------------------------------------------------------
def sin_chain(repeat: int) -> dict[str, float]:
    def f_tf(x):
        for _ in range(50):
            x = tf.sin(x)
        return x

    def f_ag(x):
        for _ in range(50):
            x = anp.sin(x)
        return x

    x_tf = tf.tensor(0.5)
    g_tf, g_ag = tf.grad(f_tf), autograd.grad(f_ag)
    np.testing.assert_allclose(g_tf(x_tf).item(), g_ag(0.5), rtol=1e-4)

    def run_tf():
        g_tf(x_tf).dispose()

    return compare({"minitf": run_tf, "autograd": lambda: g_ag(0.5)}, repeat, 20)


# -- (c) fan-out / fan-in: 10,000 x (x + x) / 2 -------------------------------------------------
def fan_out_in(repeat: int) -> dict[str, float]:
    def f_tf(x):
        for _ in range(10_000):
            x = (x + x) / 2.0
        return x

    def f_ag(x):
        for _ in range(10_000):
            x = (x + x) / 2.0
        return x

    x_tf = tf.tensor(1.5)
    g_tf, g_ag = tf.grad(f_tf), autograd.grad(f_ag)
    assert g_tf(x_tf).item() == 1.0 and g_ag(1.5) == 1.0

    def run_tf():
        g_tf(x_tf).dispose()

    return compare({"minitf": run_tf, "autograd": lambda: g_ag(1.5)}, repeat)


# -- (b) and (d): an MLP 784-256-10 with softmax cross-entropy ----------------------------------
def _mlp_data(seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(BATCH, N_IN)).astype(np.float32)
    labels = rng.integers(0, N_OUT, size=BATCH)
    y = np.eye(N_OUT, dtype=np.float32)[labels]
    w1 = (rng.normal(size=(N_IN, N_HIDDEN)) * np.sqrt(2 / N_IN)).astype(np.float32)
    b1 = np.zeros(N_HIDDEN, np.float32)
    w2 = (rng.normal(size=(N_HIDDEN, N_OUT)) * np.sqrt(2 / N_HIDDEN)).astype(np.float32)
    b2 = np.zeros(N_OUT, np.float32)
    return x, y, [w1, b1, w2, b2]


def loss_tf(x, y, w1, b1, w2, b2):
    """Mean softmax cross-entropy of a ReLU MLP, in minitf."""
    logits = tf.relu(x.matmul(w1).add(b1)).matmul(w2).add(b2)
    return tf.losses.softmax_cross_entropy(y, logits)


def loss_ag(params, x, y):
    """The same loss in autograd.numpy."""
    w1, b1, w2, b2 = params
    logits = anp.dot(anp.maximum(anp.dot(x, w1) + b1, 0.0), w2) + b2
    shifted = logits - anp.max(logits, axis=1, keepdims=True)
    log_probs = shifted - anp.log(anp.sum(anp.exp(shifted), axis=1, keepdims=True))
    return -anp.mean(anp.sum(y * log_probs, axis=1))


def grads_numpy(params, x, y):
    """Forward and backward written by hand: the floor any framework pays."""
    w1, b1, w2, b2 = params
    pre = x @ w1 + b1
    h = np.maximum(pre, 0)
    logits = h @ w2 + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    probs = e / e.sum(axis=1, keepdims=True)
    loss = -np.mean(np.sum(y * (shifted - np.log(e.sum(axis=1, keepdims=True))), axis=1))
    d_logits = (probs - y) / x.shape[0]
    d_w2 = h.T @ d_logits
    d_b2 = d_logits.sum(axis=0)
    d_pre = (d_logits @ w2.T) * (pre > 0)
    d_w1 = x.T @ d_pre
    d_b1 = d_pre.sum(axis=0)
    return loss, [d_w1, d_b1, d_w2, d_b2]


def mlp_gradient(repeat: int) -> dict[str, float]:
    x, y, params = _mlp_data()
    xt, yt = tf.tensor(x), tf.tensor(y)
    pt = [tf.tensor(p) for p in params]
    g_tf = tf.grads(lambda *ps: loss_tf(xt, yt, *ps))
    g_ag = autograd.grad(loss_ag)
    ref = grads_numpy(params, x, y)[1]
    for got, want, want_ag in zip(g_tf(pt), ref, g_ag(params, x, y)):
        np.testing.assert_allclose(got.numpy(), want, rtol=2e-3, atol=1e-6)
        np.testing.assert_allclose(want_ag, want, rtol=2e-3, atol=1e-6)

    def run_tf():
        tf.dispose(g_tf(pt))

    return compare(
        {
            "minitf": run_tf,
            "autograd": lambda: g_ag(params, x, y),
            "numpy": lambda: grads_numpy(params, x, y),
        },
        repeat * 7,  # one call is ~1 ms: many interleaved single calls beat a few batches
    )


def mlp_sgd(repeat: int, steps: int = 200, lr: float = 0.1) -> dict[str, float]:
    x, y, params = _mlp_data()
    xt, yt = tf.tensor(x), tf.tensor(y)
    g_ag = autograd.grad(loss_ag)

    def run_tf():
        vs = [tf.variable(tf.tensor(p)) for p in params]
        opt = tf.train.sgd(lr)
        for _ in range(steps):
            tf.tidy(lambda: opt.minimize(lambda: loss_tf(xt, yt, *vs)))
        for v in vs:
            v.dispose()

    def run_ag():
        ps = [p.copy() for p in params]
        for _ in range(steps):
            gs = g_ag(ps, x, y)
            ps = [p - lr * g for p, g in zip(ps, gs)]

    def run_np():
        ps = [p.copy() for p in params]
        for _ in range(steps):
            gs = grads_numpy(ps, x, y)[1]
            for p, g in zip(ps, gs):
                p -= lr * g

    return compare({"minitf": run_tf, "autograd": run_ag, "numpy": run_np}, repeat)


ROWS = [
    ("(a) grad of 50 x sin, scalar", sin_chain, "minitf <= autograd"),
    ("(b) grad of MLP 784-256-10 softmax CE, batch 128", mlp_gradient,
     "minitf <= autograd; <= 1.3 x numpy"),
    ("(c) grad of 10,000 x (x + x) / 2", fan_out_in, "minitf <= autograd"),
    ("(d) 200 SGD steps of that MLP in tidy", mlp_sgd, "<= 1.3 x numpy"),
]


def main(argv: list[str] | None = None) -> None:
    """Print the table: median times and the ratios minitf/peer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per contender")
    parser.add_argument("--only", default="", help="run rows whose label contains this")
    args = parser.parse_args(argv)
    print(f"{'benchmark':<50} {'minitf':>10} {'autograd':>10} {'numpy':>10} "
          f"{'tf/ag':>7} {'tf/np':>7}  target")
    for label, fn, target in ROWS:
        if args.only not in label:
            continue
        t = fn(args.repeat)
        ag = t.get("autograd")
        npy = t.get("numpy")

        def ms(v):
            return f"{v * 1e3:8.2f}ms" if v is not None else f"{'-':>10}"

        r_ag = f"{t['minitf'] / ag:7.2f}" if ag else f"{'-':>7}"
        r_np = f"{t['minitf'] / npy:7.2f}" if npy else f"{'-':>7}"
        print(f"{label:<50} {ms(t['minitf'])} {ms(ag)} {ms(npy)} {r_ag} {r_np}  {target}",
              flush=True)


if __name__ == "__main__":
    main()
