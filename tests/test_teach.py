"""Teaching a model one person's hand (mnist_demo/teach.py): a personal copy learns what it is
shown, the committed network stays as it was, and bad input is refused."""
import numpy as np
import pytest
import torch

from conftest import draw_digit
from mnist_demo import to_mnist
from mnist_demo.teach import adapt


def crosses(n: int, seed: int) -> list[np.ndarray]:
    """An X drawn n ways (sizes, places, pen widths), as the model sees it."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        left, top = rng.integers(40, 160, 2)
        size = rng.integers(150, 230)
        out.append(to_mnist(draw_digit("cross", box=(left, top, left + size * 0.8, top + size),
                                       width=int(rng.integers(8, 24)))))
    return out


def test_a_personal_copy_learns_a_hand_and_the_model_stays(cnn):
    """Someone writes their 4 as an X: taught 4 such drawings, the copy reads new ones as 4; the
    committed network's weights do not move, and ordinary digits keep their answers."""
    weights = {k: v.clone() for k, v in cnn.state_dict().items()}
    fours = crosses(12, seed=0)
    assert (cnn.predict_proba(np.stack(fours[4:])).argmax(1) != 4).mean() > 0.5  # not known
    mine = adapt(cnn, fours[:4], [4] * 4)
    assert (mine.predict_proba(np.stack(fours[4:])).argmax(1) == 4).mean() >= 0.75
    assert all(torch.equal(v, cnn.state_dict()[k]) for k, v in weights.items())
    digits = [0, 1, 2, 3, 7, 8]
    seen = np.stack([to_mnist(draw_digit(d)) for d in digits])
    assert list(mine.predict_proba(seen).argmax(1)) == digits


@pytest.mark.parametrize("images, digits", [([], []), ([np.zeros((28, 28))], []),
                                            ([np.zeros((28, 28))], [10]),
                                            ([np.zeros((28, 28))], [-1])])
def test_bad_teaching_is_refused(cnn, images, digits):
    with pytest.raises(ValueError):
        adapt(cnn, images, digits)
