"""API shapes of the core: one in and one out per operation."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StrictInt, field_validator

from accord.lib.bounds import BoundedDate

StageName = Literal["exploring", "negotiating", "active", "renewing", "ended"]
CadenceName = Literal["monthly", "quarterly", "semiannual", "annual"]
RoleName = Literal["owner", "admin", "member", "viewer"]
TeamRoleName = Literal["lead", "sponsor", "contributor"]


class OrganizationOut(Schema):
    id: int
    name: str
    slug: str


class MyOrganizationOut(OrganizationOut):
    role: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    organizations: list[MyOrganizationOut]


class PersonOut(Schema):
    id: int
    email: str
    full_name: str


class TeamMemberOut(Schema):
    id: int
    user: PersonOut
    role: str


class PartyOut(Schema):
    id: int
    organization: OrganizationOut
    joined_at: datetime
    team: list[TeamMemberOut]

    @staticmethod
    def resolve_team(party) -> list:
        return list(party.team.all())


class PartySummaryOut(Schema):
    id: int
    organization: OrganizationOut


class PartnershipOut(Schema):
    id: int
    name: str
    purpose: str
    scope: str
    stage: StageName
    start_date: date | None
    review_cadence: CadenceName
    version: int
    created_at: datetime
    updated_at: datetime
    parties: list[PartySummaryOut]

    @staticmethod
    def resolve_parties(partnership) -> list:
        return list(partnership.parties.all())


def _refuse_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    if isinstance(value, list):
        for item in value:
            _refuse_nul(item)
    return value


# Who a change is made for, in every input that creates, endorses or invites: needed only by a
# user who may act for several of the partnership's parties (`PartnershipAccess.acting_party`).
ActingOrganization = Annotated[
    str | None,
    Field(
        max_length=100,
        description="Slug of the organization you act for; needed only if you may act for "
        "several parties of the partnership.",
    ),
]


class InputSchema(Schema):
    """A request body: unknown fields are refused rather than silently ignored, text is trimmed,
    and no text carries a NUL character (PostgreSQL cannot store one)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def no_nul_characters(cls, value: Any) -> Any:
        return _refuse_nul(value)


class PartnershipIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    purpose: str = Field(default="", max_length=5000)
    scope: str = Field(default="", max_length=5000)
    stage: StageName = "exploring"
    start_date: BoundedDate | None = None
    review_cadence: CadenceName = "quarterly"
    organization: str | None = Field(
        default=None,
        description="Slug of the organization that creates it; needed if you are in several.",
    )


class PartnershipPatch(InputSchema):
    """Fields left out stay as they are; only `start_date` may be set to null."""

    version: StrictInt = Field(description="The version your change is based on.")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    purpose: str | None = Field(default=None, max_length=5000)
    scope: str | None = Field(default=None, max_length=5000)
    stage: StageName | None = None
    start_date: BoundedDate | None = None
    review_cadence: CadenceName | None = None

    @field_validator("name", "purpose", "scope", "stage", "review_cadence", mode="before")
    @classmethod
    def not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("May not be null; leave the field out to keep it.")
        return value


class InvitationIn(InputSchema):
    note: str = Field(default="", max_length=200)
    organization: ActingOrganization = None


class InvitationOut(Schema):
    id: int
    token: str
    url: str
    expires_at: datetime


class AcceptIn(InputSchema):
    organization: str | None = Field(
        default=None,
        description="Slug of the joining organization; needed if you administer several.",
    )
    team: list[str] = Field(default_factory=list, description="Colleagues to add to the team.")


class TeamMemberIn(InputSchema):
    email: str = Field(max_length=254)
    role: TeamRoleName = "contributor"
    organization: ActingOrganization = None


class MemberOut(Schema):
    id: int
    user: PersonOut
    role: RoleName


class MemberPatch(InputSchema):
    role: RoleName


class OrganizationInvitationIn(InputSchema):
    email: str = Field(max_length=254)
    role: RoleName = "member"


class OrganizationInvitationOut(Schema):
    """No link: it is minted by the mailing job and exists only in the email."""

    id: int
    email: str
    role: str
    expires_at: datetime
