"""A small Keras-style Sequential model: compile, fit, evaluate, predict, summary."""
