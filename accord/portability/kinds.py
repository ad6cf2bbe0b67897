"""What a portable partnership document holds, found by walking the models (decision 0031).

Every `PartnershipRecord` of an installed practice is a record kind of the document; every
other model of a practice app with a foreign key to one of its records is a part of that record
(a goal's endorsements, a KPI's measurements, a meeting's attendees). Their fields are read
from `_meta`: values as they are, foreign keys to records, parties and people as document-local
ids. What the walk leaves out is listed below with its reason, and
`tests/test_kinds.py` fails for any model that holds partnership data and is neither walked
nor listed, so a new practice model is exported or explicitly left out, never forgotten.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

from django.apps import apps
from django.db import models

from accord.core.models import Partnership, PartnershipRecord, Party
from accord.core.practices import practices

# Models holding partnership data that the document leaves out, and why.
EXCLUDED_MODELS: dict[str, str] = {
    "core.partnership": "the document's `partnership` section itself",
    "core.party": "the document's `parties` section itself",
    "core.teammember": "teams are accounts of the organizations: the importer seats its own",
    "core.partnershipinvitation": "secrets (token hashes) of invitations to this partnership",
    "core.invitationsignup": "secrets (password hashes) of people asking to join",
    "core.proposal": "binding changes of the source partnership, based on its version",
    "core.proposalapproval": "the approvals of those proposals",
    "trust.historycheck": "bookkeeping: checks of the source's audit chains",
    "contingency.escalation": "derived: the schedule's escalations, recomputed from the records",
}
# Whole apps whose models hold partnership data that the document leaves out, and why.
EXCLUDED_APPS: dict[str, str] = {
    "audit": "the audit trail belongs to the source partnership; the import writes its own",
    "notifications": "bookkeeping: messages sent to people of the source partnership",
    "webhooks": "bookkeeping: deliveries to the source organization's endpoints",
    "calendar_feed": "secrets: people's feed tokens",
    "health": "derived: health snapshots are recomputed from the records",
    "reports": "derived: QBR reports are made again from the records",
    "portfolio": "derived: the portfolio reads health snapshots",
    "surveys": "survey answers are anonymous and never leave Accord; a round without its "
    "answers says nothing",
}
# Fields of walked models that the document leaves out, and why.
EXCLUDED_FIELDS: dict[str, str] = {
    "id": "database ids: the document has its own",
    "partnership": "the document is one partnership",
    "owner_party": "written as the record's `owner_party`",
    "visibility": "written as the record's `visibility`",
    "version": "bookkeeping: an imported record starts at version 1",
    "created_at": "written as the record's `created_at`",
    "created_by": "written as the record's `created_by`",
    "updated_at": "bookkeeping: the import is the record's latest change",
    "updated_by": "bookkeeping: the import is the record's latest change",
    "cleared_in_version": "bookkeeping: a version number of the source",
    "file": "uploads' bytes stay in Accord: a shared document travels as its metadata "
    "(filename, content type, size)",
}
# Integer fields that name a record by its database id (a commitment made from a meeting's
# action item): the field, the field naming the kind of that record (a lowercase label), and
# the kinds it may name (placed before it in the document).
SOFT_REFERENCES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "trust.commitment": ("source_id", "source_kind", ("communication.meeting",))
}

Role = Literal["value", "record", "party", "person", "soft"]


@dataclass(frozen=True)
class FieldSpec:
    field: models.Field
    role: Role
    target: str = ""  # the kind a record reference points at

    @property
    def name(self) -> str:
        return self.field.name


@dataclass(frozen=True)
class PartKind:
    """Rows that belong to a record and have no version of their own."""

    model: type[models.Model]
    key: str  # the record's reverse accessor, the key of the parts in the document
    owner_field: str
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class RecordKind:
    model: type[PartnershipRecord]
    label: str  # "alignment.objective"
    fields: tuple[FieldSpec, ...]
    parts: tuple[PartKind, ...]

    def references(self) -> Iterator[FieldSpec]:
        return (spec for spec in self.fields if spec.role == "record")


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _spec(field: models.Field) -> FieldSpec:
    target = field.related_model
    if SOFT_REFERENCES.get(_label(field.model), ("",))[0] == field.name:
        return FieldSpec(field, "soft")  # a document id, mapped by the kind named beside it
    if not field.is_relation:
        return FieldSpec(field, "value")
    assert isinstance(target, type)
    if issubclass(target, PartnershipRecord):
        return FieldSpec(field, "record", _label(target))
    if issubclass(target, Party):
        return FieldSpec(field, "party")
    if _label(target) == "accounts.user":
        return FieldSpec(field, "person")
    raise TypeError(f"{field} points at {target}, which the document cannot name")


def _fields(model: type[models.Model], skip: str = "") -> tuple[FieldSpec, ...]:
    return tuple(
        _spec(field)
        for field in model._meta.concrete_fields
        if field.name not in EXCLUDED_FIELDS
        and field.name != skip
        and not isinstance(field, models.GeneratedField)  # derived: the database computes it
    )


def _owner_field(model: type[models.Model], records: set[type]) -> models.ForeignKey | None:
    for field in model._meta.concrete_fields:
        if field.many_to_one and field.related_model in records:
            assert isinstance(field, models.ForeignKey)
            return field
    return None


@cache
def record_kinds() -> tuple[RecordKind, ...]:
    """The record kinds of the installed practices, each after the kinds it points at (the
    order an import creates them in), practices in build order."""
    found: list[type[PartnershipRecord]] = []
    for practice in practices():
        for model in apps.get_app_config(practice.slug).get_models():
            if issubclass(model, PartnershipRecord):
                found.append(model)
    parts: dict[type, list[PartKind]] = {model: [] for model in found}
    for model in part_models(set(found)):
        owner = _owner_field(model, set(found))
        assert owner is not None
        key = owner.remote_field.get_accessor_name()
        assert key is not None
        part = PartKind(model, key, owner.name, _fields(model, skip=owner.name))
        parts[owner.related_model].append(part)
    ordered: list[type[PartnershipRecord]] = []

    by_label = {_label(model): model for model in found}

    def place(model: type[PartnershipRecord]) -> None:
        if model in ordered:
            return
        for field in model._meta.concrete_fields:
            target = field.related_model
            if field.many_to_one and target in parts and target is not model:
                place(target)  # type: ignore[arg-type]
        for label in SOFT_REFERENCES.get(_label(model), ("", "", ()))[2]:
            if label in by_label:
                place(by_label[label])
        ordered.append(model)

    for model in found:
        place(model)
    return tuple(
        RecordKind(model, _label(model), _fields(model), tuple(parts[model])) for model in ordered
    )


def part_models(records: set[type]) -> list[type[models.Model]]:
    """The models of practice apps that belong to a record and are not excluded."""
    slugs = {practice.slug for practice in practices()}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in slugs
        and model not in records
        and _label(model) not in EXCLUDED_MODELS
        and _owner_field(model, records) is not None
    ]


def holds_partnership_data(model: type[models.Model]) -> bool:
    """A record, or a model pointing at a partnership, a party or a record: what the
    document must either carry or leave out on purpose."""
    if issubclass(model, (PartnershipRecord, Partnership, Party)):
        return True
    return any(
        field.many_to_one
        and isinstance(field.related_model, type)
        and issubclass(field.related_model, (Partnership, Party, PartnershipRecord))
        for field in model._meta.concrete_fields
    )


def left_out(model: type[models.Model]) -> str | None:
    """Why the document leaves `model` out, or None if it carries it."""
    return EXCLUDED_MODELS.get(_label(model)) or EXCLUDED_APPS.get(model._meta.app_label)
