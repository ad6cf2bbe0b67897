"""A portable document imported as a new partnership, in one transaction (decision 0031).

The importing organization takes the place of the exporting party (`viewpoint`), so its
private records stay private to it; every other party becomes a party of a placeholder
organization, with no members, named as in the document. People are the importing
organization's members when their email matches one; anyone else becomes an inactive
placeholder account bearing their name (no password, an address that cannot receive mail).
Records go through `core.records` (`record_create`, `record_parts` and `audit_part`), so each is
checked by its rules and bounds and audited. Any error names where it is (a JSON pointer) and
nothing is left behind.
"""

import json
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pydantic
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

from accord.accounts.models import User
from accord.core.models import Organization, Partnership, Party, Stage
from accord.core.records import audit_part, record_change, record_create, record_parts
from accord.core.services import organization_create, partnership_create, party_add
from accord.portability.kinds import SOFT_REFERENCES, FieldSpec, RecordKind, record_kinds
from accord.portability.schema import FORMAT, VERSION, document_model


@dataclass
class DocumentError(Exception):
    """What is wrong with a document, by JSON pointer."""

    errors: list[tuple[str, str]]

    def __str__(self) -> str:
        return "\n".join(f"{pointer or '/'}: {message}" for pointer, message in self.errors)


@dataclass
class ImportReport:
    partnership: Partnership
    created: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # documents, whose files are not exported

    def lines(self) -> list[str]:
        created = [f"{label}: {count}" for label, count in sorted(self.created.items())]
        skipped = [
            f"not imported, {label}: {count} (documents: their files are not in the export)"
            for label, count in sorted(self.skipped.items())
        ]
        return created + skipped


def _pointer(*parts: object) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def parse_document(text: str | bytes) -> dict:
    """The document, checked against its schema; DocumentError naming what is wrong."""
    try:
        raw = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise DocumentError([("", f"Not a JSON document: {error}")]) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise DocumentError([("/format", f"Not an Accord partnership document ({FORMAT}).")])
    if raw.get("version") != VERSION:
        message = f"Version {raw.get('version')!r} is not one this Accord reads ({VERSION})."
        raise DocumentError([("/version", message)])
    try:
        document_model().model_validate(raw)
    except pydantic.ValidationError as error:
        raise DocumentError(
            [(_pointer(*problem["loc"]), problem["msg"]) for problem in error.errors()[:20]]
        ) from None
    return raw


class _Importer:
    def __init__(self, document: dict, organization: Organization, actor: User | None) -> None:
        self.document = document
        self.organization = organization
        self.actor = actor
        self.parties: dict[str, Party] = {}
        self.people: dict[str, User] = {}
        self.records: dict[str, tuple[str, models.Model]] = {}  # id -> (kind, record)
        self.partnership: Partnership
        self.report: ImportReport

    def run(self) -> ImportReport:
        self._check_ids()
        self._partnership()
        self._people()
        for kind in record_kinds():
            for n, record in enumerate(self.document["records"].get(kind.label, [])):
                self._record(kind, record, ("records", kind.label, n))
        ended = self.document["partnership"]["stage"] == Stage.ENDED
        if ended:  # last: an ended partnership takes no more records
            ended_on = self.document["partnership"]["ended_on"]
            changes = {"stage": Stage.ENDED, "ended_on": ended_on}
            record_change(record=self.partnership, actor=self.actor, changes=changes)
        return self.report

    def _check_ids(self) -> None:
        party_ids = [party["id"] for party in self.document["parties"]]
        person_ids = [person["id"] for person in self.document["people"]]
        for section, ids in (("parties", party_ids), ("people", person_ids)):
            for n, value in enumerate(ids):
                if value in ids[:n]:
                    raise DocumentError([(_pointer(section, n, "id"), f"“{value}” twice.")])
        if self.document["viewpoint"] not in party_ids:
            raise DocumentError([("/viewpoint", "No such party in the document.")])
        for n, person in enumerate(self.document["people"]):
            if person["party"] is not None and person["party"] not in party_ids:
                raise DocumentError([(_pointer("people", n, "party"), "No such party.")])

    def _partnership(self) -> None:
        values = self.document["partnership"]
        stage = values["stage"] if values["stage"] != Stage.ENDED else Stage.ACTIVE
        fields = {key: values[key] for key in ("name", "purpose", "scope", "review_cadence")}
        try:
            self.partnership = partnership_create(
                organization=self.organization,
                actor=self.actor,
                stage=stage,
                start_date=_date(values["start_date"]),
                **fields,
            )
        except ValidationError as error:
            raise _errors(error, ("partnership",)) from None
        self.report = ImportReport(self.partnership)
        own = Party.objects.get(partnership=self.partnership, organization=self.organization)
        for party in self.document["parties"]:
            if party["id"] == self.document["viewpoint"]:
                self.parties[party["id"]] = own
                continue
            stand_in = organization_create(name=party["organization"]["name"], actor=None)
            self.parties[party["id"]] = party_add(
                partnership=self.partnership, organization=stand_in, actor=self.actor
            )
            self.report.created["placeholder organizations"] += 1

    def _people(self) -> None:
        """The people of the exporting party matched to the importer's members by email; the
        others (and anyone the document lists under another party, whatever email it claims:
        a crafted file must not make a real colleague the partner's voter) as placeholders."""
        own = [p for p in self.document["people"] if p["party"] == self.document["viewpoint"]]
        emails = [p["email"].lower() for p in own if p["email"]]
        members = {
            user.email: user
            for user in User.objects.filter(
                email__in=emails, memberships__organization=self.organization
            )
        }
        for person in self.document["people"]:
            claimed = (person["email"] or "").lower() if person in own else ""
            user = members.get(claimed)
            if user is None:
                user = User.objects.create_user(
                    email=f"imported-{secrets.token_hex(8)}@accord.invalid",
                    full_name=person["name"],
                    is_active=False,
                )
                self.report.created["placeholder people"] += 1
            self.people[person["id"]] = user

    def _resolve(self, spec: FieldSpec, value: Any, where: tuple) -> Any:
        if value is None or spec.role == "soft":
            return value  # a soft reference is mapped by `_record`, beside the kind it names
        if spec.role == "value":
            return spec.field.to_python(value)  # a date, a time, a decimal from its text
        known: dict[str, Any] = self.parties if spec.role == "party" else self.people
        if spec.role == "record":
            kind, record = self.records.get(value, ("", None))
            if kind == spec.target:
                return record
        elif value in known:
            return known[value]
        target = spec.target or spec.role
        raise DocumentError([(_pointer(*where), f"No {target} “{value}” earlier in the document.")])

    def _values(self, specs: tuple[FieldSpec, ...], values: dict, where: tuple) -> dict:
        return {
            spec.name: self._resolve(spec, values.get(spec.name), (*where, spec.name))
            for spec in specs
            if spec.name in values
        }

    def _record(self, kind: RecordKind, data: dict, where: tuple) -> None:
        if data["id"] in self.records:
            raise DocumentError([(_pointer(*where, "id"), f"“{data['id']}” twice.")])
        values = self._values(kind.fields, data["fields"], (*where, "fields"))
        if kind.label in SOFT_REFERENCES:
            id_field, kind_field, _ = SOFT_REFERENCES[kind.label]
            if values.get(id_field) is not None:
                found = self.records.get(values[id_field], ("", None))
                if found[0] != values.get(kind_field) or found[1] is None:
                    message = f"No {values.get(kind_field)} “{values[id_field]}” in the document."
                    raise DocumentError([(_pointer(*where, "fields", id_field), message)])
                values[id_field] = found[1].pk
        owner = self._resolve(
            FieldSpec(kind.model._meta.get_field("owner_party"), "party"),
            data["owner_party"],
            (*where, "owner_party"),
        )
        record = kind.model(
            partnership=self.partnership,
            owner_party=owner,
            visibility=data["visibility"],
            **values,
        )
        try:
            record_create(record=record, actor=self.actor, now=_datetime(data["created_at"]))
        except ValidationError as error:
            if _only_needs_its_file(error):
                # A shared document travels without its bytes: it cannot be made again here.
                self.report.skipped[kind.label] += 1
                return
            raise _errors(error, (*where, "fields")) from None
        self.records[data["id"]] = (kind.label, record)
        self.report.created[kind.label] += 1
        for part in kind.parts:
            for n, row in enumerate(data["parts"].get(part.key, [])):
                place = (*where, "parts", part.key, n)
                part_values = self._values(part.fields, row, place)
                self._part(record, part.model, {part.owner_field: record, **part_values}, place)
                self.report.created[f"{kind.label} {part.key}"] += 1

    def _part(self, record: Any, model: type, values: dict, where: tuple) -> None:
        try:
            with record_parts(record) as current:
                row = model(**values)
                row.full_clean()
                row.save()
                audit_part(actor=self.actor, action="create", owner=current, changes={}, part=row)
        except ValidationError as error:
            raise _errors(error, where) from None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _datetime(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _only_needs_its_file(error: ValidationError) -> bool:
    """Refused only for want of the uploaded file the document leaves out (EXCLUDED_FIELDS)."""
    return hasattr(error, "error_dict") and set(error.error_dict) == {"file"}


def _errors(error: ValidationError, where: tuple) -> DocumentError:
    if hasattr(error, "error_dict"):
        return DocumentError(
            [
                (
                    _pointer(*where, *([] if name == NON_FIELD_ERRORS else [name])),
                    " ".join(m for e in errs for m in e.messages),
                )
                for name, errs in error.error_dict.items()
            ]
        )
    return DocumentError([(_pointer(*where), " ".join(error.messages))])


def partnership_import(*, text: str | bytes, organization: Organization, actor: User | None):
    """Import the document `text` as a new partnership of `organization` (the module
    docstring says how); DocumentError, and nothing created, for a bad document."""
    document = parse_document(text)
    with transaction.atomic():
        return _Importer(document, organization, actor).run()
