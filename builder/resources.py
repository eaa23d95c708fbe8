"""Where the files kg ships beside its code (ontology, queries) are."""

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
