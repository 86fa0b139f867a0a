"""Keras-style models: learning, History, callbacks, evaluate/predict, summary, errors, memory."""

import io

import numpy as np
import pytest

import minitf as tf


def blobs(n=200, seed=0):
    """Two linearly separable clouds in 2-D: label 1 where x0 + 2 x1 > 0.5, with a margin."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(4 * n, 2)).astype(np.float32)
    score = x[:, 0] + 2 * x[:, 1] - 0.5
    keep = np.abs(score) > 0.3
    x, score = x[keep][:n], score[keep][:n]
    return x, (score > 0).astype(np.float32)


def small_model(units=1, activation="sigmoid", hidden=None, input_dim=2):
    model = tf.sequential()
    if hidden:
        model.add(tf.layers.dense(hidden, activation="tanh", input_shape=[input_dim]))
        model.add(tf.layers.dense(units, activation=activation))
    else:
        model.add(tf.layers.dense(units, activation=activation, input_shape=[input_dim]))
    return model


# -- learning ----------------------------------------------------------------------------
def test_learns_a_linearly_separable_data_set():
    tf.set_seed(1)
    x, y = blobs()
    model = small_model()
    model.compile(optimizer=tf.train.adam(0.05), loss="binary_crossentropy", metrics=["acc"])
    history = model.fit(x, y, epochs=30, batch_size=32, verbose=0)
    assert history.history["acc"][-1] > 0.95
    assert history.history["loss"][-1] < history.history["loss"][0]
    loss, acc = model.evaluate(x, y)
    assert acc.item() > 0.95
    pred = model.predict(x).numpy()
    assert pred.shape == (len(x), 1)
    assert np.mean((pred[:, 0] > 0.5) == (y > 0.5)) > 0.95


def test_learns_xor_with_a_hidden_layer():
    tf.set_seed(3)
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array([0, 1, 1, 0], dtype=np.float32)
    model = small_model(hidden=8)
    model.compile(optimizer=tf.train.adam(0.1), loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=200, batch_size=4, verbose=0)
    assert history.history["accuracy"][-1] == 1.0
    pred = model.predict(x).numpy()[:, 0]
    np.testing.assert_array_equal(pred > 0.5, [False, True, True, False])


def test_learns_a_linear_regression():
    tf.set_seed(0)
    rng = np.random.default_rng(5)
    x = rng.uniform(-1, 1, size=(128, 2)).astype(np.float32)
    y = 2 * x[:, :1] - 3 * x[:, 1:] + 1
    model = tf.sequential([tf.layers.dense(1, input_shape=[2])])
    model.compile(optimizer=tf.train.sgd(0.2), loss="mean_squared_error")
    history = model.fit(x, y, epochs=60, batch_size=16, verbose=0)
    assert list(history.history) == ["loss"]
    assert history.history["loss"][-1] < 1e-4
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(kernel.numpy()[:, 0], [2, -3], atol=0.01)
    np.testing.assert_allclose(bias.numpy(), [1], atol=0.01)
    assert model.evaluate(x, y).shape == ()


def test_learns_three_classes_with_softmax_and_both_crossentropies():
    tf.set_seed(2)
    rng = np.random.default_rng(2)
    centers = np.array([[0, 3], [3, -2], [-3, -2]], dtype=np.float32)
    labels = rng.integers(0, 3, size=150)
    x = centers[labels] + rng.normal(scale=0.5, size=(150, 2)).astype(np.float32)
    for loss, y in (("sparse_categorical_crossentropy", labels),
                    ("categoricalCrossentropy", np.eye(3)[labels])):
        model = small_model(units=3, activation="softmax")
        model.compile(optimizer="adam", loss=loss, metrics=["acc"])
        model.optimizer.learning_rate = 0.1
        history = model.fit(x, y, epochs=15, batch_size=16, verbose=0)
        assert history.history["acc"][-1] > 0.95, loss
        probs = model.predict(x).numpy()
        np.testing.assert_allclose(probs.sum(axis=1), 1, rtol=1e-5)


# -- History and logs --------------------------------------------------------------------
def test_history_keys_follow_the_metric_names_the_user_gave():
    x, y = blobs(40)
    for name in ("acc", "accuracy"):
        model = small_model()
        model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=[name])
        h = model.fit(x, y, epochs=3, validation_split=0.25, verbose=0)
        assert list(h.history) == ["loss", name, "val_loss", f"val_{name}"]
        assert h.epoch == [0, 1, 2]
        for values in h.history.values():
            assert len(values) == 3 and all(type(v) is float for v in values)
        assert model.metrics_names == ["loss", name]
    h = model.fit(x, y, epochs=5, initial_epoch=3, verbose=0)
    assert h.epoch == [3, 4]
    assert model.history is h


def test_validation_split_holds_out_the_last_samples():
    x, y = blobs(40)
    y[-10:] = 1 - y[-10:]  # make the last quarter recognizably different
    model = small_model()
    model.compile(optimizer=tf.train.sgd(0.0), loss="binary_crossentropy", metrics=["acc"])
    expected = [t.item() for t in model.evaluate(x[-10:], y[-10:])]
    seen = []
    h = model.fit(x, y, epochs=1, validation_split=0.25, verbose=0,
                  callbacks={"on_batch_end": lambda b, logs: seen.append(logs["size"])})
    assert sum(seen) == 30
    np.testing.assert_allclose([h.history["val_loss"][0], h.history["val_acc"][0]], expected,
                               rtol=1e-6)
    # validation_data takes precedence and is used as given.
    h = model.fit(x, y, epochs=1, validation_data=(x[:5], y[:5]), validation_split=0.5,
                  verbose=0)
    loss0 = model.evaluate(x[:5], y[:5])[0].item()
    assert h.history["val_loss"][0] == pytest.approx(loss0, rel=1e-6)


def test_epoch_logs_are_the_size_weighted_mean_of_the_batches():
    x, y = blobs(10)
    model = small_model()
    model.compile(optimizer=tf.train.sgd(0.0), loss="binary_crossentropy")
    batches = []
    h = model.fit(x, y, epochs=1, batch_size=4, shuffle=False, verbose=0,
                  callbacks=[{"on_batch_end": lambda b, logs: batches.append(dict(logs))}])
    assert [b["size"] for b in batches] == [4, 4, 2]
    assert [b["batch"] for b in batches] == [0, 1, 2]
    weighted = sum(b["loss"] * b["size"] for b in batches) / 10
    assert h.history["loss"][0] == pytest.approx(weighted, rel=1e-6)
    assert h.history["loss"][0] == pytest.approx(model.evaluate(x, y).item(), rel=1e-5)


# -- callbacks ----------------------------------------------------------------------------
def test_callbacks_are_called_in_order_with_their_logs():
    x, y = blobs(10)
    model = small_model()
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["acc"])
    calls = []

    class Recorder(tf.callbacks.Callback):
        def on_train_begin(self, logs=None):
            calls.append(("train_begin", sorted(logs)))
            assert self.params["epochs"] == 2 and self.params["samples"] == 10
            assert self.model is model

        def on_epoch_begin(self, epoch, logs=None):
            calls.append(("epoch_begin", epoch))

        def on_batch_begin(self, batch, logs=None):
            calls.append(("batch_begin", batch, sorted(logs)))

        def on_batch_end(self, batch, logs=None):
            calls.append(("batch_end", batch, sorted(logs)))

        def on_epoch_end(self, epoch, logs=None):
            calls.append(("epoch_end", epoch, sorted(logs)))

        def on_train_end(self, logs=None):
            calls.append(("train_end",))

    dict_calls = []
    hooks = {name: (lambda *args, name=name: dict_calls.append(name))
             for name in tf.callbacks.HOOKS}
    model.fit(x, y, epochs=2, batch_size=4, verbose=0, callbacks=[Recorder(), hooks])
    batch_keys = ["acc", "batch", "loss", "size"]
    per_epoch = lambda e: [("epoch_begin", e)] + [  # noqa: E731
        c for b in range(3)
        for c in (("batch_begin", b, ["batch", "size"]), ("batch_end", b, batch_keys))
    ] + [("epoch_end", e, ["acc", "loss"])]
    assert calls == [("train_begin", [])] + per_epoch(0) + per_epoch(1) + [("train_end",)]
    assert len(dict_calls) == len(calls)
    assert dict_calls[0] == "on_train_begin" and dict_calls[-1] == "on_train_end"


def test_callback_functions_may_take_fewer_arguments_and_stop_training():
    x, y = blobs(10)
    model = small_model()
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    epochs = []

    def on_epoch_end(epoch):
        epochs.append(epoch)
        if epoch == 2:
            model.stop_training = True

    h = model.fit(x, y, epochs=10, verbose=0, callbacks={"on_epoch_end": on_epoch_end})
    assert epochs == [0, 1, 2] and h.epoch == [0, 1, 2]


def test_early_stopping():
    x, y = blobs(20)
    model = small_model()
    model.compile(optimizer=tf.train.sgd(0.0), loss="binary_crossentropy")
    stopper = tf.callbacks.early_stopping(monitor="loss", min_delta=1e-3, patience=2)
    h = model.fit(x, y, epochs=20, verbose=0, callbacks=[stopper])
    assert h.epoch == [0, 1, 2]  # no improvement after epoch 0, patience 2
    with pytest.raises(KeyError, match="val_loss"):
        model.fit(x, y, epochs=2, verbose=0, callbacks=[tf.callbacks.early_stopping()])


def test_bad_callbacks():
    x, y = blobs(10)
    model = small_model()
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    with pytest.raises(ValueError, match="'onEpochEnd'. Did you mean 'on_epoch_end'"):
        model.fit(x, y, verbose=0, callbacks={"onEpochEnd": print})
    with pytest.raises(TypeError, match="callback must be"):
        model.fit(x, y, verbose=0, callbacks=[42])


# -- evaluate, predict, weights ------------------------------------------------------------
def test_evaluate_and_predict_shapes_and_batching():
    tf.set_seed(4)
    x = np.random.default_rng(0).normal(size=(37, 3)).astype(np.float32)
    y = np.eye(4)[np.arange(37) % 4]
    model = tf.sequential([tf.layers.dense(5, activation="relu", input_shape=[3]),
                           tf.layers.dense(4, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["acc", "mse"])
    out = model.evaluate(x, y, batch_size=8)
    assert isinstance(out, list) and len(out) == 3
    assert all(isinstance(t, tf.Tensor) and t.shape == () for t in out)
    whole = model.evaluate(x, y, batch_size=100)
    np.testing.assert_allclose([t.item() for t in out], [t.item() for t in whole], rtol=1e-5)
    p1 = model.predict(x, batch_size=5)
    p2 = model.predict(tf.tensor(x))
    assert p1.shape == (37, 4) and p1.dtype == "float32"
    np.testing.assert_allclose(p1.numpy(), p2.numpy(), rtol=1e-6)
    np.testing.assert_allclose(model.apply(x[:2]).numpy(), p1.numpy()[:2], rtol=1e-6)
    assert model.predict([x[0].tolist()]).shape == (1, 4)


def test_weights_names_get_and_set():
    model = small_model(hidden=3)
    first, second = model.layers
    assert first.name.startswith("dense_Dense") and second.name.startswith("dense_Dense")
    assert int(second.name[len("dense_Dense"):]) == int(first.name[len("dense_Dense"):]) + 1
    names = [w.name for w in model.weights]
    assert names == [f"{first.name}/kernel", f"{first.name}/bias",
                     f"{second.name}/kernel", f"{second.name}/bias"]
    assert [w.shape for w in model.get_weights()] == [(2, 3), (3,), (3, 1), (1,)]
    assert model.count_params() == 13
    new = [np.full(w.shape, i, np.float32) for i, w in enumerate(model.get_weights())]
    model.set_weights(new)
    np.testing.assert_array_equal(second.bias.numpy(), [3.0])
    with pytest.raises(ValueError, match="has 4 weights but got 2"):
        model.set_weights(new[:2])
    with pytest.raises(tf.ShapeError, match=r"shape \[2,3\].*shape \[3,2\]"):
        model.set_weights([np.zeros((3, 2))] + new[1:])
    named = tf.layers.dense(2, input_shape=[2], name="mine")
    assert named.name == "mine"
    tf.sequential([named])
    assert named.kernel.name == "mine/kernel"
    again = tf.layers.dense(2, input_shape=[2], name="mine")
    tf.sequential([again])
    assert again.kernel.name == "mine/kernel_1"  # variable names stay unique


def test_default_initializers_and_seeds():
    tf.set_seed(7)
    a = tf.layers.dense(200, input_shape=[300])
    tf.sequential([a])
    tf.set_seed(7)
    b = tf.layers.dense(200, input_shape=[300])
    tf.sequential([b])
    np.testing.assert_array_equal(a.kernel.numpy(), b.kernel.numpy())
    np.testing.assert_array_equal(a.bias.numpy(), np.zeros(200))
    # glorot_normal: a normal with stddev sqrt(2 / (in + out)), truncated at 2 stddevs.
    std = np.sqrt(2 / 500)
    k = a.kernel.numpy()
    assert np.abs(k).max() <= 2 * std + 1e-6
    assert k.std() == pytest.approx(std * 0.8796, rel=0.03)  # the std of the truncated normal
    c = tf.layers.dense(3, input_shape=[2], kernel_initializer="ones", bias_initializer="zeros")
    tf.sequential([c])
    np.testing.assert_array_equal(c.kernel.numpy(), np.ones((2, 3)))


def test_fit_is_reproducible_under_a_seed():
    x, y = blobs(50)

    def run():
        tf.set_seed(11)
        model = small_model(hidden=4)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        return model.fit(x, y, epochs=3, batch_size=8, verbose=0).history["loss"]

    assert run() == run()


def test_compile_optimizer_names():
    model = small_model()
    model.compile(optimizer="sgd", loss="mse")
    assert isinstance(model.optimizer, tf.train.SGDOptimizer)
    assert model.optimizer.learning_rate == 0.01  # the book's glossary: 'sgd' means 0.01
    model.compile(optimizer="adam", loss="meanSquaredError")
    assert model.optimizer.learning_rate == 0.001
    model.compile(optimizer="RMSProp", loss="mean_squared_error")
    assert isinstance(model.optimizer, tf.train.RMSPropOptimizer)
    model.compile(optimizer="adagrad", loss="mean_squared_error")
    opt = tf.train.momentum(0.1, 0.9)
    model.compile(optimizer=opt, loss="mean_squared_error")
    assert model.optimizer is opt


def test_frozen_layer_keeps_its_weights():
    x, y = blobs(20)
    model = small_model(hidden=3)
    model.layers[0].trainable = False
    before = [w.numpy() for w in model.get_weights()]
    model.compile(optimizer=tf.train.sgd(0.5), loss="binary_crossentropy")
    model.fit(x, y, epochs=2, verbose=0)
    after = [w.numpy() for w in model.get_weights()]
    np.testing.assert_array_equal(before[0], after[0])
    np.testing.assert_array_equal(before[1], after[1])
    assert not np.array_equal(before[2], after[2])
    lines = []
    model.summary(print_fn=lines.append)
    assert lines[-4:-1] == ["Total params: 13", "Trainable params: 4", "Non-trainable params: 9"]


def test_custom_loss_and_metric_functions():
    x, y = blobs(20)
    model = small_model(activation=None)

    def half_squares(y_true, y_pred):
        return ((y_pred - y_true) ** 2).mean() / 2

    model.compile(optimizer=tf.train.sgd(0.0), loss=half_squares,
                  metrics=[tf.metrics.mean_absolute_error])
    h = model.fit(x, y, epochs=1, verbose=0)
    pred = model.predict(x).numpy()[:, 0]
    assert h.history["loss"][0] == pytest.approx(np.mean((pred - y) ** 2) / 2, rel=1e-5)
    assert h.history["mean_absolute_error"][0] == pytest.approx(np.mean(np.abs(pred - y)),
                                                                rel=1e-5)


# -- summary and progress output -----------------------------------------------------------
def test_summary_table():
    model = tf.sequential(name="demo")
    model.add(tf.layers.dense(10, activation="relu", input_shape=[784], name="hidden"))
    model.add(tf.layers.dense(1, activation="sigmoid", name="out"))
    lines = []
    model.summary(print_fn=lines.append)
    assert lines == [
        "_" * 65,
        "Layer (type)                 Output shape              Param #",
        "=" * 65,
        "hidden (Dense)               [null,10]                 7850",
        "_" * 65,
        "out (Dense)                  [null,1]                  11",
        "=" * 65,
        "Total params: 7861",
        "Trainable params: 7861",
        "Non-trainable params: 0",
        "_" * 65,
    ]
    assert model.output_shape == (None, 1) and model.input_shape == (None, 784)


def test_progress_output(capsys):
    x, y = blobs(20)
    model = small_model()
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["acc"])
    model.fit(x, y, epochs=2, validation_split=0.5)  # stdout is not a terminal here
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Epoch 1/2 - loss: ")
    assert " - acc: " in lines[0] and " - val_loss: " in lines[1] and "val_acc" in lines[1]
    model.fit(x, y, epochs=2, verbose=0)
    assert capsys.readouterr().out == ""

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    term = Terminal()
    model.fit(x, y, epochs=1, batch_size=8, verbose=0,
              callbacks=[tf.callbacks.ProgressBar(1, stream=term)])
    text = term.getvalue()
    assert text.startswith("Epoch 1/1\n")
    assert text.count("\r") == 4  # three batches and the end of the epoch
    assert "20/20 [==============================] - loss: " in text and text.endswith("\n")


# -- errors ---------------------------------------------------------------------------------
def test_first_layer_needs_an_input_shape():
    with pytest.raises(ValueError, match="first layer .* must get an `input_shape`"):
        tf.sequential([tf.layers.dense(3)])
    model = small_model()
    with pytest.raises(tf.ShapeError, match="Only the first layer needs input_shape"):
        model.add(tf.layers.dense(2, input_shape=[5]))
    with pytest.raises(TypeError, match="expected a layer"):
        model.add("dense")


def test_wrong_input_width_or_rank():
    model = small_model()
    model.compile(optimizer="sgd", loss="mse")
    pattern = r"expected dense_Dense\d+_input to have shape \[null,2\] but got an array of shape"
    with pytest.raises(tf.ShapeError, match=pattern + r" \[4,5\]"):
        model.fit(np.zeros((4, 5)), np.zeros(4), verbose=0)
    with pytest.raises(tf.ShapeError, match=pattern + r" \[4\]"):
        model.predict(np.zeros(4))
    with pytest.raises(tf.ShapeError, match=pattern):
        model.evaluate(np.zeros((4, 3)), np.zeros(4))


def test_unknown_names():
    with pytest.raises(ValueError, match="unknown activation 'relux'"):
        tf.layers.dense(2, activation="relux", input_shape=[2])
    model = small_model()
    with pytest.raises(ValueError, match="unknown loss 'mean_square_error'"):
        model.compile(optimizer="sgd", loss="mean_square_error")
    with pytest.raises(ValueError, match="unknown optimizer 'sgdd'"):
        model.compile(optimizer="sgdd", loss="mse")
    with pytest.raises(ValueError, match="unknown metric 'acuracy'"):
        model.compile(optimizer="sgd", loss="mse", metrics=["acuracy"])
    with pytest.raises(ValueError, match="unknown initializer 'glorot'"):
        tf.layers.dense(2, kernel_initializer="glorot")
    with pytest.raises(ValueError, match="units must be a positive int"):
        tf.layers.dense(0)


def test_bad_targets_and_order_of_calls():
    x, y = blobs(10)
    model = small_model()
    with pytest.raises(RuntimeError, match="must be compiled first"):
        model.fit(x, y, verbose=0)
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    with pytest.raises(ValueError, match="x has 10 samples but y has 8"):
        model.fit(x, y[:8], verbose=0)
    with pytest.raises(tf.ShapeError, match=r"shape \[null,1\] but got targets of shape \[10,2\]"):
        model.fit(x, np.zeros((10, 2)), verbose=0)
    with pytest.raises(ValueError, match="validation_split"):
        model.fit(x, y, validation_split=1.5, verbose=0)
    soft = small_model(units=3, activation="softmax")
    soft.compile(optimizer="sgd", loss="categorical_crossentropy")
    with pytest.raises(tf.ShapeError, match="sparse_categorical_crossentropy"):
        soft.fit(x, np.arange(10) % 3, verbose=0)
    soft.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="from 0 to 2 .* got 3"):
        soft.fit(x, np.arange(10) % 4, verbose=0)
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        soft.fit(x, np.arange(10) % 3, batch_size=0, verbose=0)


# -- memory ---------------------------------------------------------------------------------
def test_a_long_fit_leaks_no_tensors():
    x, y = blobs(16)
    model = small_model(hidden=4)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)  # creates the optimizer's slots
    before = tf.memory()
    model.fit(x, y, epochs=100, batch_size=8, validation_split=0.25, verbose=0)
    after = tf.memory()
    assert after.num_tensors == before.num_tensors
    assert after.num_bytes == before.num_bytes
    out = model.evaluate(x, y)  # [loss, acc]: the caller owns them
    assert tf.memory().num_tensors == before.num_tensors + 2
    tf.dispose(out)
    pred = model.predict(x, batch_size=3)
    assert tf.memory().num_tensors == before.num_tensors + 1
    pred.dispose()
    n_weights = len(model.weights)
    model.dispose()  # weights and the optimizer that compile made
    assert tf.memory().num_tensors == before.num_tensors - n_weights - 2 - 2 * n_weights


# -- the tf.metrics functions ----------------------------------------------------------------
def test_keras_losses_and_metrics_against_numpy():
    y_true = np.array([[0, 1, 0], [1, 0, 0]], dtype=np.float32)
    y_pred = np.array([[0.2, 0.7, 0.1], [0.0, 0.5, 0.5]], dtype=np.float32)
    eps = 1e-7
    cce = tf.metrics.categorical_crossentropy(y_true, y_pred).numpy()
    np.testing.assert_allclose(cce, [-np.log(0.7), -np.log(eps)], rtol=1e-5)
    scce = tf.metrics.sparse_categorical_crossentropy(np.array([1, 0]), y_pred).numpy()
    np.testing.assert_allclose(scce, cce, rtol=1e-6)
    p = np.clip(y_pred, eps, 1 - eps)
    bce = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)).mean(-1)
    np.testing.assert_allclose(tf.metrics.binary_crossentropy(y_true, y_pred).numpy(), bce,
                               rtol=1e-5)
    np.testing.assert_allclose(tf.metrics.mean_squared_error(y_true, y_pred).numpy(),
                               ((y_true - y_pred) ** 2).mean(-1), rtol=1e-6)
    np.testing.assert_array_equal(tf.metrics.categorical_accuracy(y_true, y_pred).numpy(),
                                  [1, 0])
    np.testing.assert_allclose(tf.metrics.binary_accuracy(y_true, y_pred).numpy(),
                               [1, 2 / 3], rtol=1e-6)
    np.testing.assert_array_equal(
        tf.metrics.sparse_categorical_accuracy(np.array([1, 1]), y_pred).numpy(), [1, 1])


def test_accuracy_is_chosen_by_the_loss_and_output_width():
    m = tf.metrics
    assert m.get_metric("acc", m.binary_crossentropy, 3) is m.binary_accuracy
    assert m.get_metric("accuracy", m.mean_squared_error, 1) is m.binary_accuracy
    assert m.get_metric("acc", m.categorical_crossentropy, 3) is m.categorical_accuracy
    assert (m.get_metric("acc", m.sparse_categorical_crossentropy, 3)
            is m.sparse_categorical_accuracy)


# -- layers on their own, initializers --------------------------------------------------------
def test_a_layer_builds_on_first_call_and_checks_later_inputs():
    layer = tf.layers.dense(3, activation="relu", kernel_initializer="ones", bias_initializer=
                            tf.initializers.constant(-1.0))
    assert not layer.built and layer.weights == []
    out = layer.apply(tf.tensor([[1.0, 2.0], [0.0, 0.5]]))
    np.testing.assert_allclose(out.numpy(), [[2, 2, 2], [0, 0, 0]])
    assert layer.built and layer.kernel.shape == (2, 3) and layer.output_shape == (None, 3)
    assert layer(np.ones((4, 2))).shape == (4, 3)
    with pytest.raises(tf.ShapeError, match=r"built for inputs of shape \[null,2\]"):
        layer.apply(np.ones((4, 5)))
    rank3 = tf.layers.dense(2, kernel_initializer="ones")
    assert rank3.apply(np.ones((2, 3, 4))).shape == (2, 3, 2)  # acts on the last axis


def test_fit_accepts_tensors_and_nested_lists():
    model = small_model()
    model.compile(optimizer="sgd", loss="mse")
    x, y = blobs(12)
    h1 = model.fit(tf.tensor(x), tf.tensor(y), epochs=1, verbose=0)
    h2 = model.fit(x.tolist(), y.tolist(), epochs=1, verbose=0)
    assert len(h1.history["loss"]) == len(h2.history["loss"]) == 1


@pytest.mark.parametrize(
    "name, limit_or_std",
    [
        ("glorot_uniform", ("uniform", np.sqrt(6 / (50 + 30)))),
        ("he_uniform", ("uniform", np.sqrt(6 / 50))),
        ("lecun_uniform", ("uniform", np.sqrt(3 / 50))),
        ("he_normal", ("normal", np.sqrt(2 / 50))),
        ("lecun_normal", ("normal", np.sqrt(1 / 50))),
        ("glorotNormal", ("normal", np.sqrt(2 / 80))),
    ],
)
def test_variance_scaling_initializers(name, limit_or_std):
    tf.set_seed(0)
    kind, scale = limit_or_std
    w = tf.initializers.get(name)((50, 30)).numpy()
    assert w.shape == (50, 30) and w.dtype == np.float32
    if kind == "uniform":
        assert np.abs(w).max() < scale and np.abs(w).max() > 0.95 * scale
        assert w.std() == pytest.approx(scale / np.sqrt(3), rel=0.05)
    else:
        assert np.abs(w).max() <= 2 * scale + 1e-6
        assert w.std() == pytest.approx(0.8796 * scale, rel=0.05)
    a = tf.initializers.glorot_normal(seed=3)((4, 4)).numpy()
    b = tf.initializers.glorot_normal(seed=3)((4, 4)).numpy()
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="mode must be"):
        tf.initializers.variance_scaling(mode="fan_sideways")


def test_apply_is_differentiable_and_creates_only_its_output():
    model = small_model(hidden=3)
    x = tf.tensor(np.ones((2, 2), np.float32))
    n = tf.memory().num_tensors
    out = tf.tidy(lambda: model.apply(x))
    assert tf.memory().num_tensors == n + 1 and out.shape == (2, 1)
    gx = tf.grad(lambda t: model.apply(t).sum())(x)
    assert gx.shape == (2, 2) and np.abs(gx.numpy()).sum() > 0
    _, grads = tf.variable_grads(lambda: model.apply(x).sum(), model.trainable_weights)
    assert set(grads) == {w.name for w in model.weights}
