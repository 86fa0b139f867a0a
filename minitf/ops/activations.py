"""Activation functions: relu, leaky_relu, elu, softplus, sigmoid, softmax, log_softmax."""
