"""Fields every partnership record shows in the API, for the practices' schemas to extend."""

from datetime import datetime
from typing import Any

from ninja import Schema

from accord.core.models import PartnershipRecord, Visibility
from accord.core.schemas import (
    ActingOrganization,
    InputSchema,
    OrganizationOut,
    RecordPatch,
    patch_of,
)


class RecordOut(Schema):
    id: int
    version: int
    visibility: Visibility
    owner_organization: OrganizationOut
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_owner_organization(record: PartnershipRecord) -> object:
        return record.owner_party.organization


def record_example(fields: dict[str, Any]) -> dict[str, Any]:
    """The example of a record's answer: its `fields` and those every record shows."""
    return {
        "id": 42,
        "version": RecordPatch.EXAMPLE_VERSION + 1,
        "visibility": "shared",
        "owner_organization": OrganizationOut.EXAMPLE,
        "created_at": "2026-03-02T09:15:00Z",
        "updated_at": "2026-03-09T16:40:00Z",
        **fields,
    }


class RecordIn(InputSchema):
    """A new record's fields, and who it is for: the caller's party, or (when the caller may act
    for several) the one of the organization named here."""

    organization: ActingOrganization = None


__all__ = ["InputSchema", "RecordIn", "RecordOut", "RecordPatch", "patch_of", "record_example"]
