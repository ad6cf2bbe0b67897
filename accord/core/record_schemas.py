"""Fields every partnership record shows in the API, for the practices' schemas to extend."""

from datetime import datetime

from ninja import Schema
from pydantic import Field, StrictInt

from accord.core.schemas import ActingOrganization, InputSchema, OrganizationOut


class RecordOut(Schema):
    id: int
    version: int
    visibility: str
    owner_organization: OrganizationOut
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_owner_organization(record) -> object:
        return record.owner_party.organization


class RecordIn(InputSchema):
    """A new record's fields, and who it is for: the caller's party, or (when the caller may act
    for several) the one of the organization named here."""

    organization: ActingOrganization = None


class RecordPatch(InputSchema):
    """Fields left out stay as they are; those typed without None refuse null.

    Subclasses declare changeable fields as `title: str = None  # type: ignore[assignment]`:
    left out they keep their value, and the OpenAPI document shows them as not nullable."""

    version: StrictInt = Field(description="The version your change is based on.")


__all__ = ["InputSchema", "RecordIn", "RecordOut", "RecordPatch"]
