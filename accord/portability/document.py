"""A partnership as one party sees it, as a portable JSON document (decision 0031).

The document holds the shared records and the party's own private ones (`Viewpoint.of_party`),
never another party's private records, nor a record pointing at one (a link to a private
objective, a comment on a private decision): a record whose reference would dangle is left out,
and so, in turn, are the records pointing at it. Records and their parts are read kind by kind
(one query per kind and one per kind of part, whatever their number); people are named, with
their party, and only the exporting organization's own people carry an email address.
"""

from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from accord.accounts.models import User
from accord.core.models import Membership, Party
from accord.core.viewpoint import Viewpoint
from accord.portability.kinds import (
    SOFT_REFERENCES,
    FieldSpec,
    PartKind,
    RecordKind,
    record_kinds,
)
from accord.portability.schema import FORMAT, VERSION


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


class _Writer:
    """Turns rows into the document's objects, numbering records, parties and people."""

    def __init__(self, viewpoint: Viewpoint) -> None:
        self.viewpoint = viewpoint
        self.parties = {party.pk: f"party/{n}" for n, party in enumerate(viewpoint.parties, 1)}
        self.ids: dict[tuple[str, int], str] = {}  # (kind, pk) -> document id
        self.people: dict[int, str] = {}
        self.counts: Counter[str] = Counter()

    def person(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        return self.people.setdefault(user_id, f"person/{len(self.people) + 1}")

    def values(self, row: models.Model, specs: tuple[FieldSpec, ...]) -> dict[str, Any] | None:
        """The row's fields, references as document ids; None if one points at a record the
        document leaves out."""
        out: dict[str, Any] = {}
        for spec in specs:
            raw = getattr(row, spec.field.attname)
            if raw is None or spec.role in ("value", "soft"):
                out[spec.name] = _json_value(raw)
            elif spec.role == "record":
                if (spec.target, raw) not in self.ids:
                    return None
                out[spec.name] = self.ids[spec.target, raw]
            elif spec.role == "party":
                out[spec.name] = self.parties[raw]
            else:
                out[spec.name] = self.person(raw)
        return out

    def soft_reference(self, kind: RecordKind, row: models.Model, values: dict) -> bool:
        """Map a record named by kind and id (a commitment's meeting); False if left out."""
        if kind.label not in SOFT_REFERENCES:
            return True
        id_field, kind_field, _ = SOFT_REFERENCES[kind.label]
        if values[id_field] is None:
            return True
        target = self.ids.get((getattr(row, kind_field), values[id_field]))
        values[id_field] = target
        return target is not None

    def record(self, kind: RecordKind, row: Any, parts: dict[str, list]) -> dict | None:
        values = self.values(row, kind.fields)
        if values is None or not self.soft_reference(kind, row, values):
            return None
        self.counts[kind.label] += 1
        document_id = f"{kind.label}/{self.counts[kind.label]}"
        self.ids[kind.label, row.pk] = document_id
        return {
            "id": document_id,
            "owner_party": self.parties[row.owner_party_id],
            "visibility": row.visibility,
            "created_at": _json_value(row.created_at),
            "created_by": self.person(row.created_by_id),
            "fields": values,
            "parts": parts,
        }

    def parts(self, part: PartKind, rows: list[models.Model]) -> list[dict]:
        return [v for v in (self.values(row, part.fields) for row in rows) if v is not None]


def _parts_by_record(part: PartKind, pks: list[int]) -> dict[int, list]:
    rows = part.model._default_manager.filter(**{f"{part.owner_field}__in": pks}).order_by("pk")
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(getattr(row, f"{part.owner_field}_id"), []).append(row)
    return grouped


def _records(writer: _Writer, kind: RecordKind) -> list[dict]:
    rows = list(writer.viewpoint.records(kind.model._default_manager.all()).order_by("pk"))
    pks = [row.pk for row in rows]
    grouped = {part.key: _parts_by_record(part, pks) for part in kind.parts}
    out = []
    for row in rows:
        parts = {
            part.key: writer.parts(part, grouped[part.key].get(row.pk, [])) for part in kind.parts
        }
        record = writer.record(kind, row, parts)
        if record is not None:
            out.append(record)
    return out


def _people(writer: _Writer) -> list[dict]:
    """Everyone the records name: their name, their party (the first party of the partnership
    whose organization they belong to), and their email only if that party is the exporter."""
    users = User.objects.in_bulk(list(writer.people))
    organizations = {party.organization_id: party for party in writer.viewpoint.parties}
    memberships = Membership.objects.filter(
        user__in=list(writer.people), organization__in=list(organizations)
    ).values_list("user_id", "organization_id")
    party_of: dict[int, Party] = {}
    for user_id, organization_id in sorted(memberships, key=lambda m: m[1]):
        party_of.setdefault(user_id, organizations[organization_id])
    people = []
    for user_id, document_id in writer.people.items():
        party = party_of.get(user_id)
        own = party is not None and party.pk in writer.viewpoint.party_ids
        people.append(
            {
                "id": document_id,
                "name": users[user_id].public_name,
                "party": writer.parties[party.pk] if party else None,
                "email": users[user_id].email if own else None,
            }
        )
    return people


def partnership_document(party: Party, *, exported_by: User | None, now: datetime) -> dict:
    """The document of `party`'s partnership as `party` sees it (see the module docstring)."""
    viewpoint = Viewpoint.of_party(party)
    writer = _Writer(viewpoint)
    partnership = viewpoint.partnership
    records = {kind.label: _records(writer, kind) for kind in record_kinds()}
    organization = next(p.organization for p in viewpoint.parties if p.pk == party.pk)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "exported_by": {
            "name": exported_by.public_name if exported_by else "Accord",
            "organization": organization.name,
        },
        "viewpoint": writer.parties[party.pk],
        "partnership": {
            "name": partnership.name,
            "purpose": partnership.purpose,
            "scope": partnership.scope,
            "stage": partnership.stage,
            "start_date": _json_value(partnership.start_date),
            "review_cadence": partnership.review_cadence,
            "ended_on": _json_value(partnership.ended_on),
        },
        "parties": [
            {
                "id": document_id,
                "organization": {"name": p.organization.name, "slug": p.organization.slug},
            }
            for p in viewpoint.parties
            for document_id in [writer.parties[p.pk]]
        ],
        "people": _people(writer),
        "records": records,
    }
