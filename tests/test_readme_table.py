"""The README's "What happens when..." table names tests that exist, and every row names one."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST = re.compile(r"`([\w/]+)::(\w+)`")


def table_rows() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## What happens when..."):]
    section = section[:section.index("\n## ", 1)]
    return [[cell.strip() for cell in line.strip("|").split(" | ")]
            for line in section.splitlines() if line.startswith("| ") and not line.startswith("| case |")]


def test_every_row_names_tests_that_exist():
    rows = table_rows()
    assert len(rows) > 40
    defined: dict[str, set[str]] = {}
    for case, _, tests in rows:
        named = TEST.findall(tests) + [("sources/test_inputs_cli", "test_a_batch_with_every_kind_of_bad_input_builds_the_good_documents")
                                       for _ in re.findall(r"\bthe batch\b", tests)]
        assert named, f"no test for: {case}"
        for module, name in named:
            path = ROOT / "tests" / f"{module}.py"
            assert path.exists(), f"{case}: no {path}"
            if module not in defined:
                defined[module] = {node.name for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                                   if isinstance(node, ast.FunctionDef)}
            assert name in defined[module], f"{case}: no {name} in tests/{module}.py"


def test_every_row_names_a_test_of_the_command_first():
    assert [case for case, _, tests in table_rows() if tests.startswith("unit:")] == []
