"""Held-out entity scores, end to end: rules only beside the pipeline with kg's trained entity typer.

Usage (from the repository root):
    .venv/bin/python bench/eval_entities.py [--data ../shared/data]

Re-DocRED dev documents 400-499 and CoNLL04 dev, held out from every rule, lexicon entry and
training run; scored by builder.evaluation.docred (names matched to gold mention names).
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.evaluation.docred import evaluate_documents, format_report  # noqa: E402
from builder.extraction import load_pipeline  # noqa: E402
from builder.sources.corpora import load_conll04, load_docred  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    sets = (("Re-DocRED dev 400-499", load_docred(args.data / "redocred" / "dev_revised.json")[400:500]),
            ("CoNLL04 dev", load_conll04(args.data / "conll04" / "conll04_dev.json")))
    for rules_only in (True, False):
        nlp = load_pipeline(rules_only=rules_only)
        print("=== rules only" if rules_only else "=== with the entity typer")
        for name, docs in sets:
            print(name)
            print("\n".join(format_report(evaluate_documents(docs, nlp=nlp, data=name)).splitlines()[:7]))


if __name__ == "__main__":
    main()
