"""mnist_demo: draw a digit, see what an MLP and a CNN make of it."""
from .models import WeightsError, load_model
from .preprocess import EmptyImageError, to_mnist

__all__ = ["to_mnist", "EmptyImageError", "load_model", "WeightsError"]
