"""Readers of the annotated corpora kg is trained and measured on: Re-DocRED (DocRED
JSON) and CoNLL04 (SpERT JSON), each read as `docred.DocredDoc` documents."""

from .conll04 import load_conll04
from .docred import DocredDoc, Label, Mention, detokenize, load_docred, normalize

__all__ = ["DocredDoc", "Label", "Mention", "detokenize", "load_conll04", "load_docred", "normalize"]
