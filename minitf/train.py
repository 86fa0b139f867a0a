"""Optimizers under `tf.train`: sgd, momentum, adam, rmsprop, adagrad."""
