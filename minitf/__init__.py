"""minitf: a small automatic-differentiation core with TensorFlow.js's API in Python names.

    import minitf as tf
    tf.grad(tf.atan)(tf.tensor([-4, -2, 0, 2, 4])).print()

Every public op is registered once (see `minitf.ops._core`) and exported here
as a function (`tf.add(a, b)`) and installed as a Tensor method (`a.add(b)`).
"""

# Importing these registers every op and installs the chaining methods and
# operators on Tensor; callbacks, initializers, layers, losses, metrics and
# train are the tf.* namespaces.
from . import callbacks, creation, initializers, layers, losses, metrics, ops, train
from .autodiff import (
    custom_grad,
    grad,
    grads,
    value_and_grad,
    value_and_grads,
    variable_grads,
)
from .creation import TensorBuffer, set_seed
from .dtypes import upcast
from .engine import MemoryInfo, dispose, keep, memory, tidy
from .errors import DisposedTensorError, DTypeError, GradientError, ShapeError
from .losses import Reduction
from .models import History, Sequential, sequential
from .ops._core import OPS as _OPS
from .tensor import Tensor, Variable, dispose_variables, tensor, variable
from .trace import Graph, GraphNode, trace

# The functional API: every registered op, by its snake_case tfjs name.
globals().update({k: v for k, v in _OPS.items() if k not in globals()})
