"""Where the graph lives: the `Store` interface (`base`), the embedded Oxigraph store
(`oxigraph`), SPARQL endpoints (`remote`), the build's writer thread (`writer`), queries read
ahead on a thread (`ahead`) and cross-document entity resolution (`resolve`)."""

from pathlib import Path

from ..errors import Errors, StoreError
from .base import Store
from .oxigraph import KgStore
from .remote import RemoteStore

__all__ = ["KgStore", "RemoteStore", "Store", "open_store"]


def open_store(spec: str | Path, *, token: str | None = None, create: bool = True) -> Store:
    """The store a `--store` value names: a folder (the embedded store) or an http(s) URL
    (a SPARQL 1.1 endpoint, see `remote.RemoteStore`).

    token (str): Bearer token sent to an endpoint (needed for updates behind `kg serve`).
    create (bool): Create the folder's store if it holds none; else that is an error.
    """
    text = str(spec)
    if text.startswith(("http://", "https://")):
        return RemoteStore(text, token=token)
    path = Path(spec)
    if not create and not (path / "CURRENT").exists():
        raise StoreError(Errors.E024.format(path=path))
    return KgStore(path)
