"""Dependencies point one way: the foundation (lib, accounts, audit, core, ops) imports no
practice, and a practice imports only those it declares it builds on (`Practice.builds_on`,
followed through: contingency builds on long-term's KPIs though it comes before it in the
product's order); no cycle. What points at an upstream record is found through its relations
(`_meta.related_objects`), never by importing the downstream model. Tests are left out: an
upstream practice's tests may check how a later one builds on it."""

import ast
from pathlib import Path

from accord.core.practices import practices

ROOT = Path(__file__).resolve().parent.parent / "accord"
FOUNDATION = ("lib", "accounts", "audit", "core", "ops")
# Everything else (api mounting the routers, demo loading the practices in order) is top-level
# assembly, allowed to know every practice.


def imported_apps(path: Path) -> set[tuple[str, int]]:
    """(app, line) of every `accord.<app>` a module imports, at any depth of the module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "accord" and len(parts) > 1:
                found.add((parts[1], node.lineno))
    return found


def upstream_of(slug: str) -> set[str]:
    """The practices `slug` builds on, directly or through another."""
    declared = {practice.slug: practice.builds_on for practice in practices()}
    found: set[str] = set()
    waiting = list(declared[slug])
    while waiting:
        upstream = waiting.pop()
        if upstream not in found:
            found.add(upstream)
            waiting.extend(declared[upstream])
    return found


def forbidden_for(app: str) -> set[str]:
    """The practices `app` may not import: all of them for the foundation, all but those it
    builds on for a practice."""
    slugs = {practice.slug for practice in practices()}
    if app in FOUNDATION:
        return slugs
    if app in slugs:
        return slugs - upstream_of(app) - {app}
    return set()


def backward_imports() -> list[str]:
    wrong = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2 or "tests" in parts:
            continue
        app = parts[0]
        for target, line in imported_apps(path):
            if target in forbidden_for(app):
                wrong.append(f"{path.relative_to(ROOT.parent)}:{line} imports accord.{target}")
    return sorted(set(wrong))


def test_no_app_imports_a_downstream_practice() -> None:
    assert backward_imports() == []


def test_a_practice_imports_only_what_it_builds_on() -> None:
    assert "trust" in forbidden_for("alignment")
    assert "alignment" not in forbidden_for("roles")
    assert "trust" in forbidden_for("roles")
    assert "alignment" in forbidden_for("core")


def test_no_practice_builds_on_itself_through_others() -> None:
    for practice in practices():
        assert practice.slug not in upstream_of(practice.slug), practice.slug
        assert set(practice.builds_on) <= {p.slug for p in practices()}, practice.slug


def test_the_walk_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from accord.longterm import models\n")
    assert imported_apps(module) == {("longterm", 2)}
