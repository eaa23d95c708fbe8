"""Running the real `kg` command in tests."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def kg_command() -> list[str]:
    """The installed `kg` script, or the module when it is not installed."""
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "builder.cli"]


def run_kg(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real `kg` command in its own process, in a wide terminal (one message, one line)."""
    return subprocess.run([*kg_command(), *map(str, args)], capture_output=True, text=True, check=False,
                          env={**os.environ, "COLUMNS": "300", **(env or {})})


def unprivileged() -> list[str]:
    """A command prefix under which file permissions apply: nothing for a user, and for
    root, root without the capabilities that let it read any file (util-linux setpriv)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("root reads every file, and setpriv (util-linux) is missing to drop that power")
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]
