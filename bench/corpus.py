"""News-like corpora for the benchmarks, made by recombining the example articles.

Each generated article takes a headline and a dateline from one example and body
paragraphs from all three, with every person renamed consistently from a pool of
invented names, so that entities recur across documents the way they do in news.
"""

import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLD = ROOT / "tests" / "gold"

FIRST = ("Amara Bastien Carys Dmitri Elodie Farid Greta Hamid Ines Jonas Katya Lucien Maren Nikhil "
         "Odile Pavel Quentin Rosalind Soren Talia Ulric Vesna Wendell Ximena Yusuf Zora Anouk Benedikt "
         "Celestine Dario Esme Florian Gwen Hugo Ilse Joaquin").split()
LAST = ("Abernathy Beaulieu Castellano Dufresne Ekwueme Fairbairn Gagnon Halvorsen Iqbal Jankowski "
        "Kowalczyk Lindgren Moreau Nakagawa Oyelaran Pelletier Quigley Rasmussen Sandoval Thibodeau "
        "Underhill Vasquez Whitfield Yamamoto Zeller Ashworth Boucher Cardenas Desrosiers Eriksen").split()


def _people() -> list[tuple[str, str]]:
    """(full name, surname) of every person the gold files annotate in the examples."""
    people = []
    for path in sorted(GOLD.glob("*.json")):
        for entity in json.loads(path.read_text(encoding="utf-8"))["entities"]:
            if entity["class"] == "Person":
                people.append((entity["name"], entity["name"].split()[-1]))
    return people


def _articles() -> list[list[str]]:
    """The paragraphs of each example article."""
    return [[p.strip() for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]
            for path in sorted(EXAMPLES.iterdir()) if path.suffix in {".txt", ".md"}]


def _renamer(people: list[tuple[str, str]], rng: random.Random):
    """A function that renames every known person in a text, the same way throughout."""
    table = {}
    for full, surname in people:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        table[full] = f"{first} {last}"
        table.setdefault(surname, last)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)) + r")\b")
    return lambda text: pattern.sub(lambda m: table[m.group(0)], text)


def article(rng: random.Random, paragraphs: int | None = None) -> str:
    """One generated article: headline, dateline paragraph, body paragraphs."""
    articles = _articles()
    rename = _renamer(_people(), rng)
    lead = rng.choice(articles)
    pool = [p for a in articles for p in a[2:] if not p.startswith("#")]
    body = rng.sample(pool, paragraphs or rng.randint(4, 8))
    return rename("\n\n".join([lead[0].lstrip("# "), lead[1], *body])) + "\n"


def write_corpus(folder: Path, *, words: int, seed: int = 7) -> tuple[int, int]:
    """Write articles into `folder` until they hold `words` words; RETURNS (documents, words)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    count = total = 0
    while total < words:
        text = article(rng)
        (folder / f"article-{count:05d}.txt").write_text(text, encoding="utf-8")
        count += 1
        total += len(text.split())
    return count, total


def short_text(rng: random.Random, words: int = 50) -> str:
    """A short news item of about `words` words: whole sentences from the examples."""
    rename = _renamer(_people(), rng)
    sentences = [s for a in _articles() for p in a[2:] for s in re.split(r"(?<=[.!?\"])\s+(?=[A-Z\"])", p)
                 if not p.startswith("#")]
    chosen: list[str] = []
    while sum(len(s.split()) for s in chosen) < words:
        chosen.append(rng.choice(sentences))
    return rename(" ".join(chosen)) + "\n"


def write_short_documents(folder: Path, *, count: int, words: int = 50, seed: int = 11) -> int:
    """Write `count` short documents of about `words` words; RETURNS their word count."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(count):
        text = short_text(rng, words)
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"item-{i:06d}.txt").write_text(text, encoding="utf-8")
        total += len(text.split())
    return total
