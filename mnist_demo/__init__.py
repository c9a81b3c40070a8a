"""mnist_demo: draw a digit, see what an MLP and a CNN make of it."""
from .answer import Answer, read
from .models import WeightsError, load_model
from .preprocess import EmptyImageError, to_mnist

__all__ = ["read", "Answer", "to_mnist", "EmptyImageError", "load_model", "WeightsError"]
