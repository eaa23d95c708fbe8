"""Where the files kg ships beside its code (ontology, queries) are, and the cache folder
where it keeps what it compiles from installed packages (gazetteer, GeoNames index)."""

import os
import tempfile
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .errors import Errors, ResourceMissing

PACKAGE_DIR = Path(__file__).parent


def ontology_dir() -> Path:
    """RETURNS (Path): The folder with kg.ttl, alignments.ttl, shapes.ttl and examples/."""
    return _find("ontology")


def queries_dir() -> Path:
    """RETURNS (Path): The folder with the SPARQL query files."""
    return _find("queries")


def _find(name: str) -> Path:
    """Prefer the copy packed into a wheel, then the repository's top-level folder.

    name (str): The folder's name, "ontology" or "queries".
    RETURNS (Path): The folder that exists.
    """
    candidates = (PACKAGE_DIR / "_data" / name, PACKAGE_DIR.parent / name)
    for path in candidates:
        if path.is_dir():
            return path
    paths = ", ".join(str(path) for path in candidates)
    raise ResourceMissing(Errors.E001.format(what=name, paths=paths))


def cache_folder() -> Path:
    """Where kg keeps files it compiles from installed packages: $XDG_CACHE_HOME/kg or ~/.cache/kg."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"


def package_version(package: str) -> str:
    """An installed package's version, "?" if it is not installed."""
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def compiled(name: str, write: Callable[[Path], None]) -> Path | None:
    """The file `name` in the cache folder, written by `write(path)` if it is not there yet
    (name it by a digest of what it is compiled from); None when the folder cannot be written.
    A file is whole or absent: `write` fills a temporary file that then takes the name, so
    processes compiling it at once leave one whole copy."""
    path = cache_folder() / name
    if path.exists():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}-", suffix=".part",
                                         delete=False) as part:
            part_path = Path(part.name)
        try:
            write(part_path)
            os.replace(part_path, path)
        finally:
            part_path.unlink(missing_ok=True)
    except OSError:
        return None
    return path
