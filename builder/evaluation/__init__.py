"""Scoring extraction end to end: kg gold files (`gold`) and DocRED JSON (`docred`)."""

from .docred import evaluate_docred, format_report
from .gold import evaluate_gold_files, format_table

__all__ = ["evaluate_docred", "evaluate_gold_files", "format_report", "format_table"]
