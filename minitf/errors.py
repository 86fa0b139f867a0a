"""The errors minitf raises: all are ValueError or TypeError, so users can catch them."""


class DisposedTensorError(ValueError):
    """A tensor was used after `dispose()` (or after the `tidy` that owned it ended)."""

    def __init__(self, message: str = "Tensor is disposed.") -> None:
        super().__init__(message)


class ShapeError(ValueError):
    """Shapes that do not fit the op: broadcasting, slicing, concatenation, reshaping."""


class DTypeError(TypeError):
    """A dtype the op cannot work with, or an unknown dtype name."""


class GradientError(ValueError):
    """A gradient that cannot be computed as asked: unconnected x, wrong dy, bad VJP."""
