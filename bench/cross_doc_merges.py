"""How right kg's cross-document name merges are, on Re-DocRED dev built as one corpus.

Usage (from the repository root):
    .venv/bin/python bench/cross_doc_merges.py STORE [--data ../shared/data]

STORE is the store of `kg build` over the 500 Re-DocRED dev documents written as NNN.txt (the
document number, 000-499). For each mention the store moved to an entity of another document
(`kg:linkedBy` link-surname-corpus or link-alias-corpus), the gold clusters of the mention's
own document say whether the merge is right: the cluster holding the mention's words also
holds a name of the entity it joined ("Goodale" in a cluster that also says "Ralph Goodale")
-> right; holds other full names, none of them the target's -> wrong; holds the short name
alone -> unknown (the document never says which one it means).
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.rdf.namespace import ENTITY_GRAPH, KG  # noqa: E402
from builder.sources.corpora import load_docred, normalize  # noqa: E402
from builder.store import KgStore  # noqa: E402

QUERY = f"""
SELECT ?g ?form ?entity ?rule WHERE {{
  GRAPH ?g {{ ?m <{KG.linkedBy}> ?rule ; <{KG.surfaceForm}> ?form ; <{KG.refersTo}> ?entity }}
  FILTER(STRENDS(STR(?rule), "-corpus"))
}}"""
NAMES = f"""SELECT ?name WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel> ?name }} }}"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store", type=Path)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    docs = load_docred(args.data / "redocred" / "dev_revised.json")
    verdicts: Counter = Counter()
    examples: dict[str, list] = {}
    with KgStore(args.store) as store:
        rows = list(store.query(QUERY))
        for row in rows:
            number = int(str(row.g).rsplit("/", 1)[-1].split(".")[0])
            doc = docs[number]
            form = normalize(str(row.form))
            target = {normalize(str(r.name)) for r in store.query(NAMES.replace("?e ", f"<{row.entity}> "))}
            clusters = [{normalize(n) for n in doc.cluster_names(i)} for i in range(len(doc.vertex_set))]
            holding = [c for c in clusters if form in c]
            rule = str(row.rule).rsplit("/", 1)[-1]
            if not holding:
                verdict = "unknown (no gold cluster)"
            elif any(c & (target - {form}) for c in holding):
                verdict = "right"
            elif all(c == {form} for c in holding):
                verdict = "unknown (short name alone)"
            else:
                verdict = "wrong"
            verdicts[(rule, verdict)] += 1
            examples.setdefault(f"{rule} {verdict}", []).append((number, str(row.form), sorted(target)[:2]))
    judged = sum(n for (r, v), n in verdicts.items() if v in {"right", "wrong"})
    wrong = sum(n for (r, v), n in verdicts.items() if v == "wrong")
    print(f"cross-document merges: {sum(verdicts.values())}")
    for (rule, verdict), n in sorted(verdicts.items()):
        print(f"  {rule:22} {verdict:28} {n:4}")
    print(f"wrong among judged: {wrong}/{judged}" + (f" = {wrong / judged:.1%}" if judged else ""))
    for key, items in sorted(examples.items()):
        print(key, items[:6])


if __name__ == "__main__":
    main()
