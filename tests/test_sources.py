from pathlib import Path

import pytest

from builder.errors import InputError
from builder.sources import find_documents, normalize_text, read_document


def test_normalizing_keeps_every_offset():
    text = "Ann\u00a0Lee said\r\nso.\rThen\u2009more."
    normalized = normalize_text(text)
    assert len(normalized) == len(text)
    assert normalized == "Ann Lee said \nso.\nThen more."


def test_folder_ids_are_relative_and_stable(tmp_path: Path):
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.md").write_text("B text")
    (folder / "sub" / "a.txt").write_text("A text")
    (folder / "skip.pdf").write_bytes(b"%PDF")
    assert [doc_id for _, doc_id in find_documents([folder])] == ["news/b.md", "news/sub/a.txt"]


def test_bom_is_dropped_and_hash_is_of_the_bytes(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfHello there")
    doc = read_document(path, "a.txt")
    assert doc.text == "Hello there"
    assert doc.content_hash == "sha256:" + __import__("hashlib").sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("content,message", [
    (b"   \n\t", "the file is empty"),
    (b"\xff\xfe\x00bad", "the file is not UTF-8 text"),
])
def test_unreadable_documents_are_named_errors(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(path, "bad.txt")


def test_missing_path_and_empty_folder(tmp_path: Path):
    with pytest.raises(InputError, match="no such file or folder"):
        list(find_documents([tmp_path / "nope"]))
    with pytest.raises(InputError, match="holds no documents"):
        list(find_documents([tmp_path]))
