"""Shared fixtures: every test starts from a clean slate of variables and seeds."""

import pytest

import minitf as tf


@pytest.fixture(autouse=True)
def _fresh_variables():
    """Variables are global by name (as in tfjs); each test gets an empty registry."""
    yield
    for v in list(tf.engine.ENGINE.variables.values()):
        v.dispose()
