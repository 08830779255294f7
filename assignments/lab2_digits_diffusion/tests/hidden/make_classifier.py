"""Regenerate ``digits_classifier.npz``: the grader's MLPClassifier((128,), random_state=0).

Trained on the lab's training split (labcheck.train_split: 1400 images, x / 16 * 2 - 1) with
scikit-learn's defaults; its hidden layer is the feature map of the digits-FID. Run from this
folder with the course's venv: ``python make_classifier.py`` (a few seconds). The weights are
stored so that grading needs neither scikit-learn's optimiser nor its exact version.
"""

from pathlib import Path

import numpy as np
from sklearn.neural_network import MLPClassifier

import labcheck

if __name__ == "__main__":
    x, y = (a.numpy().astype(np.float64) for a in labcheck.train_split())
    clf = MLPClassifier((128,), random_state=0).fit(x, y)
    xh, yh = labcheck.heldout_split()
    out = Path(__file__).resolve().parent / "digits_classifier.npz"
    np.savez(out, W1=clf.coefs_[0], b1=clf.intercepts_[0], W2=clf.coefs_[1], b2=clf.intercepts_[1])
    print(f"held-out accuracy {clf.score(xh, yh):.4f}; predict() agrees: "
          f"{(labcheck.predict(xh) == clf.predict(xh)).mean():.4f}; wrote {out}")
