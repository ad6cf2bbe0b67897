"""Every change of partnership data goes through the write primitives of accord.core.records
(lock, version, rules, stamp, audit): the guard installed for the whole suite (tests/guard)
fails a save or delete made anywhere else, and a check over the code finds the bulk writes that
send no signal."""

import ast
from pathlib import Path

from django.apps import apps
from django.db import transaction

from accord.alignment.models import Endorsement, ObjectiveLink, SharedGoal
from accord.alignment.tests.helpers import goal
from accord.core.models import Partnership
from accord.core.records import record_create, record_parts
from accord.longterm.models import Kpi, Measurement
from tests.base import AccordTestCase
from tests.guard.apps import GUARDED, WriteOutsidePrimitive
from tests.memos.models import Memo

ROOT = Path(__file__).resolve().parent.parent / "accord"
PRIMITIVES = ROOT / "core" / "records.py"
BULK = {"update", "bulk_create", "bulk_update"}  # no pre_save/pre_delete signal


class GuardTests(AccordTestCase):
    def test_every_record_kind_and_the_rows_of_a_record_are_guarded(self):
        for model in (Partnership, Memo, SharedGoal, ObjectiveLink, Kpi, Endorsement, Measurement):
            with self.subTest(model=model.__name__):
                self.assertIn(model, GUARDED)
        self.assertNotIn(apps.get_model("core", "Party"), GUARDED)

    def test_a_save_or_delete_outside_the_primitives_fails(self):
        memo = Memo(partnership=self.partnership, owner_party=self.party_a, text="By hand")
        with self.assertRaises(WriteOutsidePrimitive), transaction.atomic():
            memo.save()
        self.partnership.name = "Renamed by hand"
        with self.assertRaises(WriteOutsidePrimitive), transaction.atomic():
            self.partnership.save()
        kept = record_create(record=memo, actor=self.alice)
        with self.assertRaises(WriteOutsidePrimitive), transaction.atomic():
            Memo.objects.filter(pk=kept.pk).delete()
        with self.assertRaises(WriteOutsidePrimitive), transaction.atomic():
            kept.delete()
        self.assertTrue(Memo.objects.filter(pk=kept.pk).exists())

    def test_rows_of_a_record_are_written_inside_record_parts(self):
        reach = goal(self, self.alice, "Reach")
        with self.assertRaises(WriteOutsidePrimitive), transaction.atomic():
            Endorsement.objects.create(goal=reach, party=self.party_a, endorsed_by=self.alice)
        with record_parts(reach) as current:
            Endorsement.objects.create(goal=current, party=self.party_a, endorsed_by=self.alice)
        self.assertEqual(reach.endorsements.count(), 1)


def _root_name(node: ast.AST) -> str | None:
    """The name a chain of calls and attributes starts from: `Kpi` in Kpi.objects.filter()."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _bulk_writes_outside_primitives(path: Path, guarded: set[str]) -> list[str]:
    """Writes that send no signal (`Model.objects....update()`, `bulk_create()`...) on a
    guarded model, outside a `with record_parts(...)` block."""
    found: list[str] = []

    def visit(node: ast.AST, inside: bool) -> None:
        if isinstance(node, ast.With):
            inside = inside or any(
                _root_name(item.context_expr) == "record_parts" for item in node.items
            )
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in BULK
            and _root_name(node.func.value) in guarded
            and not inside
        ):
            found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}")
        for child in ast.iter_child_nodes(node):
            visit(child, inside)

    visit(ast.parse(path.read_text()), False)
    return found


def test_no_code_writes_partnership_data_around_the_primitives() -> None:
    guarded = {model.__name__ for model in GUARDED}
    offenders = [
        where
        for path in sorted(ROOT.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts and path != PRIMITIVES
        for where in _bulk_writes_outside_primitives(path, guarded)
    ]
    assert offenders == [], f"write partnership data through accord.core.records: {offenders}"


def test_the_code_check_finds_a_bulk_write() -> None:
    sample = ROOT / "core" / "_sample_for_the_check.py"
    code = "def f(k):\n    Kpi.objects.filter(pk=k).update(name='x')\n"
    sample.write_text(code)
    try:
        assert _bulk_writes_outside_primitives(sample, {"Kpi"}) == [
            "accord/core/_sample_for_the_check.py:2"
        ]
    finally:
        sample.unlink()
