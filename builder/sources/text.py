"""Bytes to text: binary files refused, the encoding found, odd characters made plain."""

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import Errors, InputError

SNIFF_BYTES = 8192  # how much of a file is looked at to tell binary from text, as git does
_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a zipped document: .docx, .odt, .epub)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
)
_WESTERN = "cp1252"
# MS-DOS code pages of Latin scripts: charset-normalizer may prefer one (Baltic cp775 for a
# French sentence) where Windows-1252 reads as cleanly; news files are not written in them.
_DOS_LATIN = ["cp437", "cp775", "cp850", "cp852", "cp857", "cp858", "cp860", "cp861", "cp863", "cp865"]
_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")

# One character becomes one character, so offsets into the normalized text are offsets
# into the text as decoded.
_CR_BEFORE_LF = re.compile("\r(?=\n)")
_LINE_BREAKS = re.compile("[\r\x0b\x0c\x85]")
_SPACES = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_NOT_CHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")


def bom_encoding(data: bytes) -> tuple[str, str] | None:
    """The codec and name of the Unicode encoding a byte-order mark announces, if any."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return codec, name
    return None


def check_text(head: bytes, path: Path | str) -> None:
    """Refuse a file whose first bytes show it is binary: a known signature (PDF, images,
    archives), or NUL bytes without a UTF-16/32 byte-order mark."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            raise InputError(Errors.E060.format(path=path, kind=kind))
    if b"\x00" in head and bom_encoding(head) is None:
        raise InputError(Errors.E060.format(
            path=path, kind="binary (it holds NUL bytes; UTF-16 text needs a byte-order mark)"))


def decode(data: bytes, path: Path | str) -> str:
    """The text of a file's bytes, in whichever common encoding they are.

    A byte-order mark (UTF-8, UTF-16, UTF-32) decides; else UTF-8. Bytes that are mostly
    valid UTF-8 with some that are not (mixed encodings) are refused rather than guessed
    at. Else the legacy encoding charset-normalizer finds best (MS-DOS Latin code pages left
    out), or Windows-1252 (Latin-1 as written in practice) when it reads as cleanly and
    coherently: charset-normalizer alone takes short Western texts for CJK or other code pages.
    """
    announced = bom_encoding(data)
    if announced:
        codec, name = announced
        try:
            return data.decode(codec)
        except UnicodeDecodeError as e:
            raise InputError(Errors.E007.format(
                path=path, reason=f"it starts with a {name} byte-order mark, but byte {e.start + 1:,} is not {name}")) from e
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        error = e
    replaced = data.decode("utf-8", "replace")
    if len(_NON_ASCII.findall(replaced)) > replaced.count("\ufffd"):
        raise InputError(Errors.E007.format(
            path=path, reason=f"it is mostly UTF-8, but byte {error.start + 1:,} is not")) from error
    best = from_bytes(data, cp_exclusion=_DOS_LATIN).best()
    if best is None:
        raise InputError(Errors.E007.format(path=path, reason="it is not UTF-8, and no other encoding fits"))
    western = from_bytes(data, cp_isolation=[_WESTERN]).best()
    if western is not None and (western.chaos, -western.coherence) <= (best.chaos, -best.coherence):
        return data.decode(_WESTERN)
    return str(best)


def normalize_text(text: str) -> str:
    """The text with carriage returns and other line breaks made newlines, exotic spaces
    and control characters made spaces, and what is no character at all (lone surrogates,
    U+FFFE, U+FFFF) made U+FFFD.

    One character becomes one character, so offsets into the result are offsets into the
    text as read.
    """
    text = _LINE_BREAKS.sub("\n", _CR_BEFORE_LF.sub(" ", text))
    return _NOT_CHARACTERS.sub("\ufffd", _SPACES.sub(" ", text))
