"""Writing benchmark figures into bench/RESULTS.md, one section per benchmark."""

import os
import platform
import re
from datetime import date
from importlib.metadata import version
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
PACKAGES = ("spacy", "pyoxigraph", "rdflib", "oxrdflib", "dask", "distributed")


def machine() -> str:
    """CPU, cores, memory, Python and the package versions, in one line."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    packages = ", ".join(f"{name} {version(name)}" for name in PACKAGES)
    return (f"{cpu}, {len(os.sched_getaffinity(0))} cores, {memory:.0f} GiB RAM, {platform.system()} "
            f"{platform.machine()}, Python {platform.python_version()}; {packages}")


def header(what: str) -> list[str]:
    """The first lines of a section: date, machine, what was run."""
    return [f"- Date: {date.today().isoformat()}; machine: {machine()}", f"- Run: {what}"]


def write_section(heading: str, lines: list[str]) -> None:
    """Replace the section `heading` of RESULTS.md (or append it) with `lines`."""
    text = "\n".join([heading, "", *lines]).rstrip("\n") + "\n\n"
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(new, encoding="utf-8")
