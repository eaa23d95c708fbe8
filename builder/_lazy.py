"""A package's public names, imported from its modules on first use (PEP 562).

Importing one light module of a package (the gazetteer, the query process) then does not
import the package's heavy ones (spaCy, rdflib).
"""

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_names(package: str, names: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` that finds each name in its module.

    package (str): The package's `__name__`.
    names (dict): Each public name and the module that defines it, relative (".nlp").
    RETURNS (callable): The package's `__getattr__`.
    """

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(names[name], package), name)

    return __getattr__
