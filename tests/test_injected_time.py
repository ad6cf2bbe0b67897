"""Time is injected (`now=`, `today=`), never patched: no product module (tests left out)
imports `unittest.mock` — the trust demo once set its concerns' moments by patching
`timezone.now` for everything that ran meanwhile."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "accord"


def mock_imports(path: Path) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        else:
            continue
        if any(name == "mock" or name.startswith("unittest.mock") for name in names):
            lines.append(node.lineno)
    return lines


def test_no_product_module_patches_time() -> None:
    wrong = [
        f"{path.relative_to(ROOT.parent)}:{line}"
        for path in sorted(ROOT.rglob("*.py"))
        if "tests" not in path.relative_to(ROOT).parts
        for line in mock_imports(path)
    ]
    assert wrong == []


def test_the_walk_sees_a_mock_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from unittest import mock\nimport unittest.mock\n")
    assert mock_imports(module) == [1, 2]
