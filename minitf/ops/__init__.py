"""All ops; importing this package installs the chaining methods and operators on Tensor."""

from ..tensor import Tensor
from . import activations, arithmetic, linalg, logic, math, reduction, shape  # noqa: F401
from ._core import OPS, PRIMITIVES, unbroadcast
from .arithmetic import add, div, floor_div, mod, mul, neg, pow, sub
from .logic import greater, greater_equal, less, less_equal


def _install_operators() -> None:
    """Python operators map onto the same ops as the chaining methods."""

    def reflected(fn):
        return lambda self, other: fn(other, self)

    T = Tensor
    T.__add__, T.__radd__ = add, reflected(add)
    T.__sub__, T.__rsub__ = sub, reflected(sub)
    T.__mul__, T.__rmul__ = mul, reflected(mul)
    T.__truediv__, T.__rtruediv__ = div, reflected(div)
    T.__floordiv__, T.__rfloordiv__ = floor_div, reflected(floor_div)
    T.__mod__, T.__rmod__ = mod, reflected(mod)
    T.__pow__, T.__rpow__ = pow, reflected(pow)
    T.__neg__ = neg
    T.__pos__ = lambda self: self
    T.__abs__ = arithmetic.abs
    T.__lt__, T.__le__ = less, less_equal
    T.__gt__, T.__ge__ = greater, greater_equal
    if "matmul" in OPS:
        T.__matmul__, T.__rmatmul__ = OPS["matmul"], reflected(OPS["matmul"])
    if "equal" in OPS:
        # Elementwise, like numpy; tensors stay hashable by identity.
        T.__eq__, T.__ne__ = OPS["equal"], OPS["not_equal"]
        T.__hash__ = object.__hash__


_install_operators()

__all__ = ["OPS", "PRIMITIVES", "unbroadcast"]
