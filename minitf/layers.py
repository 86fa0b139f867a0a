"""Keras-style layers under `tf.layers` (dense)."""
