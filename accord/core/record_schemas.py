"""Fields every partnership record shows in the API, for the practices' schemas to extend."""

from datetime import datetime

from ninja import Schema

from accord.core.models import Visibility
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
    def resolve_owner_organization(record) -> object:
        return record.owner_party.organization


class RecordIn(InputSchema):
    """A new record's fields, and who it is for: the caller's party, or (when the caller may act
    for several) the one of the organization named here."""

    organization: ActingOrganization = None


__all__ = ["InputSchema", "RecordIn", "RecordOut", "RecordPatch", "patch_of"]
