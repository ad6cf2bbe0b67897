"""API shapes of the core: one in and one out per operation."""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field

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


class InputSchema(Schema):
    """A request body: unknown fields are refused rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


class PartnershipIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    purpose: str = Field(default="", max_length=5000)
    scope: str = Field(default="", max_length=5000)
    stage: StageName = "exploring"
    start_date: date | None = None
    review_cadence: CadenceName = "quarterly"
    organization: str | None = Field(
        default=None,
        description="Slug of the organization that creates it; needed if you are in several.",
    )


class PartnershipPatch(InputSchema):
    version: int = Field(description="The version your change is based on.")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    purpose: str | None = Field(default=None, max_length=5000)
    scope: str | None = Field(default=None, max_length=5000)
    stage: StageName | None = None
    start_date: date | None = None
    review_cadence: CadenceName | None = None


class InvitationIn(InputSchema):
    note: str = Field(default="", max_length=200)


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


class OrganizationInvitationIn(InputSchema):
    email: str = Field(max_length=254)
    role: RoleName = "member"
