"""A disk that fills up during the real `kg build`: one clear error line, a non-zero exit, and
a store that keeps every document stored before, none of them partial.

The disk is a small tmpfs (mounting needs root or CAP_SYS_ADMIN; skipped otherwise); the
same builds then run with write(2) failing with ENOSPC past a byte budget (an LD_PRELOAD
shim, compiled here; skipped without a C compiler), as on a disk that fills up, so that
each case is checked where mounting is refused.
"""

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from builder.store import writer
from builder.build import OUTPUT_FILES, VIEW_OUTPUTS
from builder.cli import app
from builder.views.exports import default_path
from builder.errors import Errors
from builder.rdf.namespace import ENTITY_GRAPH, KG, KGGRAPH, SCHEMA
from commands import run_kg as kg

pytestmark = pytest.mark.model
runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COPIES = 8  # copies of each example in the second build: more than the small disk holds
# Triples that differ between two builds of the same text under another name.
VARYING = {str(KG.processedAt), str(SCHEMA.name)}
NOT_DOCUMENTS = {str(ENTITY_GRAPH), str(KGGRAPH["stale-entities"])}

SHIM = r"""
/* write(2) and friends fail with ENOSPC once KG_DISK_BUDGET bytes were written to files
   (not pipes or terminals) by this process, after a last short write, as on a full disk.
   With KG_DISK_PREFIX set, only files whose path starts with it count (one full folder). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long long left = -1;

static int on_the_disk(int fd) {
    const char *prefix = getenv("KG_DISK_PREFIX");
    char link[64], target[4096];
    if (prefix == NULL) return 1;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n < 0) return 0;
    target[n] = 0;
    return strncmp(target, prefix, strlen(prefix)) == 0;
}

static size_t allowed(int fd, size_t n) {
    struct stat st;
    if (left < 0) { const char *b = getenv("KG_DISK_BUDGET"); left = b ? atoll(b) : (1LL << 62); }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !on_the_disk(fd)) return n;
    if ((long long)n > left) n = (size_t)left;
    left -= (long long)n;
    return n;
}
#define FULL_IF_ZERO(n, m) if ((n) == 0 && (m) > 0) { errno = ENOSPC; return -1; }

ssize_t write(int fd, const void *buf, size_t n) {
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = dlsym(RTLD_NEXT, "write");
    size_t m = allowed(fd, n); FULL_IF_ZERO(m, n);
    return real(fd, buf, m);
}
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real) real = dlsym(RTLD_NEXT, "pwrite");
    size_t m = allowed(fd, n); FULL_IF_ZERO(m, n);
    return real(fd, buf, m, off);
}
ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) { return pwrite(fd, buf, n, off); }
ssize_t writev(int fd, const struct iovec *iov, int count) {
    static ssize_t (*real)(int, const struct iovec *, int);
    if (!real) real = dlsym(RTLD_NEXT, "writev");
    size_t n = 0;
    for (int i = 0; i < count; i++) n += iov[i].iov_len;
    size_t m = allowed(fd, n); FULL_IF_ZERO(m, n);
    if (m < n) { left += (long long)m; errno = ENOSPC; return -1; }
    return real(fd, iov, count);
}
"""


def graphs(store: Path) -> dict[str, set[tuple[str, str, str]]]:
    """Every named graph of a store (opened read-only, so it is not changed), by name."""
    result: dict[str, set[tuple[str, str, str]]] = {}
    for q in ox.Store.read_only(str(store)):
        result.setdefault(q.graph_name.value, set()).add((str(q.subject), str(q.predicate), str(q.object)))
    return result


def comparable(triples: set[tuple[str, str, str]], doc: str, as_doc: str) -> set[tuple[str, str, str]]:
    """A document's triples as another document of the same text would have them."""
    rename = lambda term: term.replace(f"<{doc}>", f"<{as_doc}>").replace(f"<{doc}#", f"<{as_doc}#")  # noqa: E731
    return {tuple(map(rename, t)) for t in triples if t[1].strip("<>") not in VARYING}


def articles(root: Path) -> tuple[Path, Path]:
    """Folders `a` (the examples) and `b` (COPIES copies of each under other names)."""
    a, b = root / "a", root / "b"
    shutil.copytree(EXAMPLES, a)
    b.mkdir()
    for i in range(COPIES):
        for path in EXAMPLES.iterdir():
            shutil.copy(path, b / f"copy{i}-{path.name}")
    return a, b


def example_of(doc: str) -> str:
    """The IRI of the example a copy was made from (`.../b/copy3-x.txt` -> `.../a/x.txt`)."""
    folder, name = doc.rsplit("/", 2)[-2:]
    return doc.removesuffix(f"{folder}/{name}") + "a/" + name.split("-", 1)[1]


def mount_tmpfs(where: Path, size: str, *options: str) -> None:
    if shutil.which("mount") is None:
        pytest.skip("no mount command: can't make a small disk")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]), "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"can't mount a small tmpfs here ({done.stderr.strip()}); needs root or CAP_SYS_ADMIN")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4.5 MB disk: room for the examples' store and files (3.4 MB), not for COPIES times more."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount_tmpfs(disk, "4500k")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.fixture(scope="module")
def shim(tmp_path_factory) -> Path:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler for the ENOSPC write shim")
    folder = tmp_path_factory.mktemp("shim")
    (folder / "enospc.c").write_text(SHIM)
    subprocess.run([compiler, "-shared", "-fPIC", "-O1", "-o", str(folder / "enospc.so"), str(folder / "enospc.c"), "-ldl"],
                   check=True, capture_output=True)
    return folder / "enospc.so"


def assert_one_error_line(output: str, expected: str) -> None:
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {expected}"], output


def assert_kept_and_whole(before: dict, after: dict) -> int:
    """Every document stored before is there unchanged, every other one is whole (equal to
    the example it copies); RETURNS how many new documents the store holds."""
    for doc, triples in before.items():
        if doc not in NOT_DOCUMENTS:
            assert after[doc] == triples, f"{doc} changed"
    new = [doc for doc in after if doc not in before and doc not in NOT_DOCUMENTS]
    for doc in new:
        example = example_of(doc)
        assert comparable(after[doc], doc, example) == comparable(before[example], example, example), f"{doc} is partial"
    return len(new)


def test_store_that_fills_the_disk_keeps_every_stored_document(small_disk: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(writer, "BATCH_QUADS", 1)  # a bulk load a document: the disk fills between two
    a, b = articles(tmp_path)
    out = small_disk / "out"
    first = runner.invoke(app, ["build", str(a), "--out", str(out)])
    assert first.exit_code == 0, first.output
    before = graphs(out / "store")
    assert len(before.keys() - NOT_DOCUMENTS) == 3

    second = runner.invoke(app, ["build", str(b), "--out", str(out)])
    assert second.exit_code == 1
    assert_one_error_line(second.output, Errors.E074.format(path=out / "store"))

    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)  # space is freed
    stored = assert_kept_and_whole(before, graphs(out / "store"))
    assert 0 < stored < 3 * COPIES  # the disk filled up during the second build

    rerun = runner.invoke(app, ["build", str(b), "--out", str(out)])
    assert rerun.exit_code == 0, rerun.output
    assert f"Built {3 * COPIES - stored} document(s), {stored} unchanged" in rerun.output
    assert assert_kept_and_whole(before, graphs(out / "store")) == 3 * COPIES


def whole(path: Path) -> bool:
    """Whether a graph file kg writes reads to its end with a reader of its format."""
    readers = {
        ".ttl": lambda p: list(ox.parse(path=str(p), format=ox.RdfFormat.TURTLE)),
        ".trig": lambda p: list(ox.parse(path=str(p), format=ox.RdfFormat.TRIG)),
        ".jsonld": lambda p: list(ox.parse(path=str(p), format=ox.RdfFormat.JSON_LD)),
        ".graphml": nx.read_graphml, ".gexf": nx.read_gexf,
        ".cyjs": lambda p: json.loads(p.read_bytes()), ".geojson": lambda p: json.loads(p.read_bytes()),
        ".html": lambda p: p.read_text(encoding="utf-8").rstrip().endswith("</html>"),
    }
    try:
        return readers[path.suffix](path) is not False
    except (SyntaxError, ValueError, ET.ParseError, nx.NetworkXError):
        return False


@pytest.mark.parametrize("disk", ["tmpfs", "write-shim"])
def test_output_folder_that_fills_up_leaves_a_complete_store(disk: str, tmp_path: Path, request):
    """The files of an earlier build are in the output folder; a build of more articles
    fills its disk: one line, exit 1, a complete store, and every earlier graph file whole
    (the one whose write failed is the earlier one byte for byte), no partial file left.
    The disk: a tmpfs shrunk to what the earlier files take and 64 kB more, or, where
    mounting is refused, the shim failing writes under the folder past 64 kB."""
    a = tmp_path / "a"
    a.mkdir()
    first, *others = sorted(EXAMPLES.iterdir())
    shutil.copy(first, a)
    out, store = tmp_path / "files", tmp_path / "store"
    out.mkdir()
    if disk == "tmpfs":
        mount_tmpfs(out, "64m")
        request.addfinalizer(lambda: subprocess.run(["umount", "-l", str(out)], check=False))
    earlier = kg("build", a, "--out", out, "--store", store)
    assert earlier.returncode == 0, earlier.stderr
    written = sorted([*OUTPUT_FILES, *(default_path(fmt, out).name for fmt in VIEW_OUTPUTS)])
    assert sorted(path.name for path in out.iterdir()) == written
    before = {name: (out / name).read_bytes() for name in written}

    for path in others:
        shutil.copy(path, a)
    if disk == "tmpfs":
        room = shutil.disk_usage(out).used + 64 * 1024
        subprocess.run(["mount", "-o", f"remount,size={room}", str(out)], check=True, capture_output=True)
        full = kg("build", a, "--out", out, "--store", store)
    else:
        shim = request.getfixturevalue("shim")
        full = kg("build", a, "--out", out, "--store", store, env={
            "LD_PRELOAD": str(shim), "KG_DISK_BUDGET": str(64 * 1024), "KG_DISK_PREFIX": f"{out.resolve()}/"})
    assert full.returncode == 1, full.stderr
    assert "Traceback" not in full.stderr + full.stdout
    errors = [line for line in full.stderr.splitlines() if line.startswith("error:")]
    failed = {f"error: {Errors.E077.format(path=out / name)}": name for name in written}  # written side by side
    assert len(errors) == 1 and errors[0] in failed, full.stderr
    assert sorted(path.name for path in out.iterdir()) == written  # no partial file beside them
    assert (out / failed[errors[0]]).read_bytes() == before[failed[errors[0]]]
    for name in written:  # the earlier file, or a new one written to its end
        assert (out / name).read_bytes() == before[name] or whole(out / name), name

    reference = tmp_path / "reference"
    assert runner.invoke(app, ["build", str(a), "--out", str(reference), "--no-files"]).exit_code == 0
    stored, expected = graphs(store), graphs(reference / "store")
    assert stored.keys() - NOT_DOCUMENTS == expected.keys() - NOT_DOCUMENTS
    assert len(stored.keys() - NOT_DOCUMENTS) == 3
    for doc in expected.keys() - NOT_DOCUMENTS:
        assert comparable(stored[doc], doc, doc) == comparable(expected[doc], doc, doc)
    assert stored[str(ENTITY_GRAPH)] == expected[str(ENTITY_GRAPH)]


def test_write_that_fails_with_enospc_keeps_every_stored_document(shim: Path, tmp_path: Path):
    """The same as on a small disk, where mounting one is not allowed: the real command in
    a process whose writes to files fail with ENOSPC past a budget."""
    a, b = articles(tmp_path)
    out = tmp_path / "out"
    first = runner.invoke(app, ["build", str(a), "--out", str(out)])
    assert first.exit_code == 0, first.output
    before = graphs(out / "store")

    env = {**os.environ, "LD_PRELOAD": str(shim), "KG_DISK_BUDGET": str(3 * 2**20)}
    one_document_a_batch = "from builder.store import writer; writer.BATCH_QUADS = 1; from builder.cli import app; app()"
    second = subprocess.run([sys.executable, "-c", one_document_a_batch, "build", str(b), "--out", str(out)],
                            capture_output=True, text=True, env=env)
    assert second.returncode == 1, second.stderr
    assert_one_error_line(second.stderr, Errors.E074.format(path=out / "store"))
    assert 0 < assert_kept_and_whole(before, graphs(out / "store")) < 3 * COPIES
