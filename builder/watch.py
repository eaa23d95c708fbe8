"""kg watch: keep the store in step with a folder of articles.

The folder is built first (documents stored with the same content are left alone), then
each article file that appears or changes is built as soon as it is written (watchfiles:
inotify on Linux, a poll elsewhere; changes that come close together are taken as one
batch), and, with `remove_missing`, the documents whose files are gone are removed. Ids
are those `kg build FOLDER` gives ("news/a.txt"), so a watched folder and a built one fill
the same store the same way.
"""

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .api import Added, KnowledgeGraph
from .errors import Errors, InputError
from .sources import SUFFIXES, folder_files

DEBOUNCE_MS = 500  # changes within this time are built together


@dataclass
class Batch:
    """What one round of the watch did: the `add` of the changed files, the removed ids."""

    added: Added | None = None
    removed: list[str] = field(default_factory=list)
    first: bool = False  # the build of what was in the folder at the start


def watch(kg: KnowledgeGraph, folder: Path, *, remove_missing: bool = False,
          on_batch: Callable[[Batch], None] | None = None, progress: Callable[[str, str, str], None] | None = None,
          stop: threading.Event | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
    """Build `folder` into the knowledge graph, then each article file that appears or
    changes, until `stop` is set or Ctrl-C (KeyboardInterrupt, after the batch being stored).

    remove_missing: remove the stored documents of the folder whose files are gone (at the
        start, and whenever a file is deleted).
    on_batch: called after each round with what it did.
    progress: called with (document id, status, message) for each document built.
    """
    import watchfiles

    if not folder.is_dir():
        raise InputError(Errors.E004.format(path=folder) if not folder.exists()
                         else Errors.E061.format(path=folder, kind="a file, not a folder"))
    folder = folder.resolve()
    report = on_batch or (lambda batch: None)
    added = kg.add(folder, progress=progress)
    batch = Batch(added, first=True)
    stored: set[str] = set()
    if remove_missing:
        present = {doc_id for doc_id, _ in folder_files(folder)}
        stored = {d for d in kg.documents() if d.startswith(folder.name + "/") and "#" not in d}
        batch.removed = _remove(kg, stored - present)
        stored &= present
    stored.update(d.document for d in added.documents if d.status != "failed")
    report(batch)

    def is_article(change: object, path: str) -> bool:  # as kg build reads a folder: known suffixes, no hidden parts
        relative = Path(path).relative_to(folder)
        return relative.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in relative.parts)

    for changes in watchfiles.watch(folder, watch_filter=is_article, debounce=debounce_ms, stop_event=stop,
                                    raise_interrupt=True):
        changed = sorted({Path(path) for _, path in changes})
        ids = {path: f"{folder.name}/{path.relative_to(folder).as_posix()}" for path in changed}
        present = [(ids[path], path) for path in changed if path.is_file()]
        gone = [ids[path] for path in changed if not path.exists()]
        batch = Batch(kg.add(present, progress=progress) if present else None)
        if batch.added:
            stored.update(d.document for d in batch.added.documents if d.status != "failed")
        if remove_missing:
            batch.removed = _remove(kg, [d for d in gone if d in stored])
            stored.difference_update(gone)
        if batch.added or batch.removed:
            report(batch)


def _remove(kg: KnowledgeGraph, ids: Iterable[str]) -> list[str]:
    ids = sorted(ids)
    if ids:
        kg.remove(*ids)
    return ids
