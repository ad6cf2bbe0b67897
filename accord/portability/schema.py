"""The portable document's shape as pydantic models, made from the walk of `kinds`: the JSON
Schema published at /api/v1/schemas/partnership.json and in docs/schema/, and the validation
of a document before an import (decision 0031)."""

import json
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, create_model

from accord.core.models import Cadence, Stage, Visibility
from accord.portability.kinds import FieldSpec, PartKind, RecordKind, record_kinds

FORMAT = "accord-partnership"
VERSION = 1  # DocumentHead spells both again (a Literal takes no constant): exports check it
# Where each Accord serves it: the path under its own address.
SCHEMA_ID = "/api/v1/schemas/partnership.json"

# Text without NUL (PostgreSQL cannot store one); references to the document's own ids.
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
Ref = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00]*$")]
Number = Annotated[str, Field(pattern=r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Organization(Strict):
    name: Annotated[Text, Field(min_length=1, max_length=150)]
    slug: Annotated[str, Field(max_length=60, pattern=r"^[-a-zA-Z0-9_]*$")]


class PartyOut(Strict):
    id: Ref
    organization: Organization


class Person(Strict):
    id: Ref
    name: Annotated[Text, Field(max_length=150)]
    party: Ref | None = Field(description="The party whose organization the person belongs to.")
    email: Annotated[Text, Field(max_length=254)] | None = Field(
        default=None, description="Only for people of the exporting party's own organization."
    )


class Exporter(Strict):
    name: Annotated[Text, Field(max_length=150)]
    organization: Annotated[Text, Field(max_length=150)]


class PartnershipOut(Strict):
    name: Annotated[Text, Field(min_length=1, max_length=200)]
    purpose: Text
    scope: Text
    stage: Stage
    start_date: date | None
    review_cadence: Cadence
    ended_on: date | None


def _value_type(field: models.Field) -> Any:
    if field.choices:
        values = {str(value) for value, _ in field.flatchoices} | ({""} if field.blank else set())
        kind: Any = Literal[tuple(sorted(values))]  # type: ignore[valid-type]
    elif isinstance(field, models.BooleanField):
        kind = bool
    elif isinstance(field, models.DecimalField):
        kind = Number
    elif isinstance(field, models.IntegerField):
        # The ranges every database keeps (SQLite would take more): one schema for both.
        low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
        kind = Annotated[int, Field(ge=low, le=high)]
    elif isinstance(field, models.DateTimeField):
        kind = AwareDatetime
    elif isinstance(field, models.DateField):
        kind = date
    elif isinstance(field, models.CharField | models.TextField):
        kind = Annotated[Text, Field(max_length=field.max_length)]
    else:
        raise TypeError(f"{field} has a type the document does not carry")
    return kind


def _field(spec: FieldSpec) -> tuple[Any, Any]:
    kind = Ref if spec.role != "value" else _value_type(spec.field)
    if spec.field.null:
        return kind | None, None
    if spec.field.has_default() and not callable(spec.field.default):
        return kind, Field(default=spec.field.default)
    return kind, ...  # every export writes every field


def _fields_model(name: str, specs: tuple[FieldSpec, ...]) -> type[BaseModel]:
    return create_model(  # type: ignore[call-overload, no-any-return]
        name, __base__=Strict, **{spec.name: _field(spec) for spec in specs}
    )


def _name(label: str) -> str:
    return "".join(word.capitalize() for word in label.replace(".", "_").split("_"))


def _part_model(kind: RecordKind, part: PartKind) -> Any:
    return list[_fields_model(f"{_name(kind.label)}{_name(part.key)}", part.fields)]  # type: ignore[misc]


def _record_model(kind: RecordKind) -> type[BaseModel]:
    name = _name(kind.label)
    parts = create_model(  # type: ignore[call-overload]
        f"{name}Parts",
        __base__=Strict,
        **{part.key: (_part_model(kind, part), Field(default_factory=list)) for part in kind.parts},
    )
    return create_model(  # type: ignore[call-overload, no-any-return]
        name,
        __base__=Strict,
        id=(Ref, ...),
        owner_party=(Ref, ...),
        visibility=(Visibility, ...),
        created_at=(AwareDatetime, ...),
        created_by=(Ref | None, None),
        fields=(_fields_model(f"{name}Fields", kind.fields), ...),
        parts=(parts, Field(default_factory=dict)),
    )


class DocumentHead(Strict):
    """A partnership as one party sees it: Accord's portable document."""

    format: Literal["accord-partnership"]
    version: Literal[1]
    exported_at: AwareDatetime
    exported_by: Exporter
    viewpoint: Ref = Field(description="The exporting party: its private records are in.")
    partnership: PartnershipOut
    parties: Annotated[list[PartyOut], Field(min_length=1)]
    people: list[Person]


@cache
def document_model() -> type[BaseModel]:
    """The whole document: its head and the records of every kind the walk finds."""
    records = create_model(  # type: ignore[call-overload]
        "Records",
        __base__=Strict,
        **{
            kind.label: (list[_record_model(kind)], Field(default_factory=list))  # type: ignore[misc]
            for kind in record_kinds()
        },
    )
    return create_model(  # type: ignore[call-overload, no-any-return]
        "PartnershipDocument", __base__=DocumentHead, records=(records, ...)
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document, as published."""
    schema = document_model().model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def json_schema_text() -> str:
    """The published file's text (docs/schema/partnership.schema.json)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
