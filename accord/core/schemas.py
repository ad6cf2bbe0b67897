"""API shapes of the core: one in and one out per operation."""

from collections.abc import Collection
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, ClassVar, get_args

from ninja import Schema
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    WithJsonSchema,
    create_model,
    field_validator,
)
from pydantic.fields import FieldInfo

from accord.core.evidence import Figure
from accord.core.models import (
    Cadence,
    InvitationStatus,
    Party,
    Proposal,
    ProposalApproval,
    ProposalKind,
    ProposalStatus,
    Role,
    Stage,
    TeamRole,
)
from accord.lib.bounds import BoundedDate

# How every decimal number shows in the document, in requests and answers alike: an exact
# string. Answers always give the string; a request may still send a JSON number, which the
# API reads exactly (never through a float, `accord.api.api.JsonParser`), but the string is
# the documented form, the one a value read can be sent back in.
DECIMAL_SCHEMA = {
    "type": "string",
    "format": "decimal",
    "description": "A decimal number, exact, as a string.",
    "examples": ["48.5"],
}
AsDecimalString = WithJsonSchema(DECIMAL_SCHEMA)
DecimalOut = Annotated[Decimal, AsDecimalString]


def rounded_to(places: int) -> BeforeValidator:
    """Reads a figure computed in floating point (a share, a slope) as a decimal rounded half
    up to `places` decimal places, for the answer to show it like every decimal."""
    quantum = Decimal(1).scaleb(-places)

    def rounded(value: Any) -> Any:
        if isinstance(value, float | int):
            return Decimal(repr(value)).quantize(quantum, ROUND_HALF_UP)
        return value

    return BeforeValidator(rounded)


# A share of a whole (0.25 for a quarter), to a hundredth of a percent.
Share = Annotated[Decimal, rounded_to(4), AsDecimalString]


class OrganizationOut(Schema):
    id: int
    name: str
    slug: str

    EXAMPLE: ClassVar[dict[str, Any]] = {"id": 7, "name": "Northwind Water", "slug": "northwind"}


class PartyRefOut(Schema):
    """A party as a record names it: its id and its organization."""

    id: int
    organization: OrganizationOut


class MyOrganizationOut(OrganizationOut):
    role: Role


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    organizations: list[MyOrganizationOut]


class PersonOut(Schema):
    id: int
    email: str
    full_name: str


class FigureOut(Schema):
    """A figure of a practice's evidence (`core.evidence.Figure`), with the ids of the records
    behind it."""

    key: str
    name: str
    value: int
    denominator: int | None
    ids: list[int]

    @staticmethod
    def resolve_ids(figure: Figure) -> list[int]:
        return [record.id for record in figure.records]


class PersonRefOut(Schema):
    """A person of a team as every party sees them: a name, never the email."""

    id: int
    name: str = Field(description="The person's name (never their email).")

    @staticmethod
    def resolve_name(person: Any) -> str:
        return person["name"] if isinstance(person, dict) else person.public_name


class TeamMemberOut(Schema):
    id: int
    user: PersonOut
    role: TeamRole


class PartyOut(Schema):
    id: int
    organization: OrganizationOut
    joined_at: datetime
    team: list[TeamMemberOut]


class PartySummaryOut(Schema):
    id: int
    organization: OrganizationOut


PARTNERSHIP_EXAMPLE = {
    "name": "Clean rivers 2030",
    "purpose": "Cut the nitrate load of the Aa river by half.",
    "scope": "Sensors, farm advice and a shared data platform.",
    "stage": "active",
    "start_date": "2026-04-01",
    "review_cadence": "quarterly",
}


class PartnershipOut(Schema):
    id: int
    name: str
    purpose: str
    scope: str
    stage: Stage
    start_date: date | None
    review_cadence: Cadence
    ended_on: date | None = Field(
        description="When it ended: an ended partnership is a read-only archive."
    )
    version: int
    created_at: datetime
    updated_at: datetime
    parties: list[PartySummaryOut]

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "id": 12,
        **PARTNERSHIP_EXAMPLE,
        "ended_on": None,
        "version": 3,
        "created_at": "2026-03-02T09:15:00Z",
        "updated_at": "2026-03-09T16:40:00Z",
        "parties": [
            {"id": 21, "organization": OrganizationOut.EXAMPLE},
            {"id": 22, "organization": {"id": 9, "name": "Fjord Labs", "slug": "fjord-labs"}},
        ],
    }


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


class RecordPatch(InputSchema):
    """A change: fields left out stay as they are. Made from the create schema by `patch_of`."""

    # Not required: `If-Match` may stand for it (accord.api.conditional.expected_version);
    # None marks "not sent" without allowing null.
    version: StrictInt = Field(
        None,  # type: ignore[assignment]
        description="The version your change is based on; required unless you send its ETag "
        "in `If-Match`.",
    )

    # The version a patch example is based on; the record examples show the next one.
    EXAMPLE_VERSION: ClassVar[int] = 2


def patch_of(
    create: type[InputSchema], *, only: Collection[str] | None = None
) -> type[RecordPatch]:
    """The patch schema of a record kind, generated from its create schema so that the two never
    disagree: every field optional and left out unless sent, with its constraints and
    description; null accepted only where the create schema accepts it (the OpenAPI document
    shows the others as not nullable); `version` required. `only` keeps some fields, for a kind
    whose other fields are fixed once created."""
    fields: dict[str, Any] = {}
    not_null = []
    for name, info in create.model_fields.items():
        if name == "organization" or (only is not None and name not in only):
            continue
        # Pydantic does not validate defaults: None marks "not sent" without allowing null.
        optional = FieldInfo.merge_field_infos(info, default=None)
        optional.default_factory = None
        fields[name] = (info.annotation, optional)
        if type(None) not in get_args(info.annotation):
            not_null.append(name)
    validators = {"not_null": field_validator(*not_null, mode="before")(_refuse_null)}
    patch = create_model(
        create.__name__.removesuffix("In") + "Patch",
        __base__=RecordPatch,
        __module__=create.__module__,
        __validators__=validators if not_null else None,
        **fields,
    )
    example = vars(create).get("EXAMPLE")
    changed = [name for name in example or () if name in fields][:1]
    if example and changed:
        # A change of one field, the first of the create example's.
        patch.EXAMPLE = {"version": RecordPatch.EXAMPLE_VERSION, changed[0]: example[changed[0]]}  # type: ignore[attr-defined]
    return patch


def _refuse_null(value: Any) -> Any:
    if value is None:
        raise ValueError("May not be null; leave the field out to keep it.")
    return value


class PartnershipIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    purpose: str = Field(default="", max_length=5000)
    scope: str = Field(default="", max_length=5000)
    stage: Stage = Stage.EXPLORING
    start_date: BoundedDate | None = None
    review_cadence: Cadence = Cadence.QUARTERLY
    organization: str | None = Field(
        default=None,
        description="Slug of the organization that creates it; needed if you are in several.",
    )

    EXAMPLE: ClassVar[dict[str, Any]] = PARTNERSHIP_EXAMPLE


PartnershipPatch = patch_of(PartnershipIn)


class InvitationIn(InputSchema):
    name: str = Field(default="", max_length=150, description="The name of the person you invite.")
    email: str = Field(
        default="",
        max_length=254,
        description="Their email address: the link is emailed to them, never answered. Without "
        "one, the answer carries a link to pass on yourself (`url`, shown once).",
    )
    note: str = Field(
        default="",
        max_length=200,
        description="A word for them, shown in the email and on the invitation page.",
    )
    organization: ActingOrganization = None

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "name": "Dana Reyes",
        "email": "dana@fjordlabs.example",
        "note": "As discussed on Monday.",
    }


class PartnershipInvitationOut(Schema):
    """An invitation as its inviting organization follows it (no one else sees it)."""

    id: int
    status: InvitationStatus = Field(description="Where the invitation stands.")
    invitee_name: str = Field(description="The person invited; empty for a link given by hand.")
    invitee_email: str
    note: str
    inviting_party: PartySummaryOut
    created_at: datetime
    expires_at: datetime
    mailed_at: datetime | None = Field(description="When a link was last emailed.")
    opened_at: datetime | None = Field(description="When the invitation page was first opened.")
    accepted_at: datetime | None
    revoked_at: datetime | None
    joined_party: PartySummaryOut | None = Field(description="The party that joined with it.")


class InvitationOut(PartnershipInvitationOut):
    """A new invitation. `url` and `token` only for one without an email: its link, shown once."""

    token: str | None = Field(
        default=None, description="The link's token: only when no email was given."
    )
    url: str | None = Field(default=None, description="The link: only when no email was given.")


class InvitationLinkOut(Schema):
    """A fresh link to pass on by hand, shown once: the one emailed before stops working."""

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
    role: TeamRole = TeamRole.CONTRIBUTOR
    organization: ActingOrganization = None


class TeamRoleIn(InputSchema):
    role: TeamRole = Field(
        description="The new team role. Making or unmaking a lead (who commits the party) is "
        "for the organization's owners and admins; the last lead stays until another is made."
    )


class ProposalIn(InputSchema):
    kind: ProposalKind = Field(
        description="What is proposed: `change` (name, purpose or scope), `end`, `reopen` (an "
        "ended partnership) or `invite` (another organization)."
    )
    name: str | None = Field(default=None, min_length=1, max_length=200)
    purpose: str | None = Field(default=None, max_length=5000)
    scope: str | None = Field(default=None, max_length=5000)
    stage: Stage | None = Field(
        default=None, description="For `reopen`: the stage it takes again (default active)."
    )
    note: str = Field(
        default="", max_length=200, description="For `invite`: whom, to recognise it."
    )
    invitee_name: str = Field(
        default="",
        max_length=150,
        description="For `invite`: the person invited; with `invitee_email` the invitation is "
        "emailed to them once every party approved (without: a link shown once).",
    )
    invitee_email: str = Field(default="", max_length=254, description="For `invite`.")
    reason: str = Field(default="", max_length=5000, description="Why you propose it.")
    organization: ActingOrganization = None

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "kind": "change",
        "name": "Clean rivers 2035",
        "reason": "The ministry extended the programme by five years.",
    }


class ProposalDeclineIn(InputSchema):
    reason: str = Field(min_length=1, max_length=5000, description="Why your party declines.")
    organization: ActingOrganization = None


class ProposalApproveIn(InputSchema):
    organization: ActingOrganization = None


class ApprovalOut(Schema):
    party: PartySummaryOut
    approved_by: str = Field(description="Who approved it for the party (email).")
    approved_at: datetime

    @staticmethod
    def resolve_approved_by(approval: ProposalApproval) -> str:
        return approval.approved_by.email


class ProposalOut(Schema):
    id: int
    kind: ProposalKind
    summary: str
    changes: dict[str, str] = Field(description="What it sets on the partnership once applied.")
    note: str
    invitee_name: str
    invitee_email: str
    reason: str
    status: ProposalStatus
    stale: bool = Field(
        description="Pending, but the partnership changed since it was made: it can no longer "
        "be approved, only declined or withdrawn."
    )
    base_version: int = Field(description="The partnership's version it is based on.")
    proposed_by: str = Field(description="Who proposed it (email).")
    proposing_party: PartySummaryOut
    created_at: datetime
    approvals: list[ApprovalOut]
    waiting_for: list[PartySummaryOut] = Field(description="Parties yet to approve it.")
    decided_at: datetime | None
    declined_by: PartySummaryOut | None
    decline_reason: str
    version: int

    @staticmethod
    def resolve_stale(proposal: Proposal) -> bool:
        return proposal.is_stale

    @staticmethod
    def resolve_proposed_by(proposal: Proposal) -> str:
        return proposal.created_by.email if proposal.created_by else ""

    @staticmethod
    def resolve_proposing_party(proposal: Proposal) -> Party:
        return proposal.owner_party

    @staticmethod
    def resolve_approvals(proposal: Proposal) -> list[ProposalApproval]:
        return list(proposal.approvals.all())

    @staticmethod
    def resolve_waiting_for(proposal: Proposal) -> list[Party]:
        return proposal.waiting_for()

    @staticmethod
    def resolve_declined_by(proposal: Proposal) -> Party | None:
        return proposal.declined_by_party

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "id": 4,
        "kind": "change",
        "summary": "Change the name",
        "changes": {"name": "Clean rivers 2035"},
        "note": "",
        "invitee_name": "",
        "invitee_email": "",
        "reason": "The ministry extended the programme by five years.",
        "status": "pending",
        "stale": False,
        "base_version": 3,
        "proposed_by": "ada@northwind.example",
        "proposing_party": {"id": 21, "organization": OrganizationOut.EXAMPLE},
        "created_at": "2026-03-09T16:40:00Z",
        "approvals": [
            {
                "party": {"id": 21, "organization": OrganizationOut.EXAMPLE},
                "approved_by": "ada@northwind.example",
                "approved_at": "2026-03-09T16:40:00Z",
            }
        ],
        "waiting_for": [
            {"id": 22, "organization": {"id": 9, "name": "Fjord Labs", "slug": "fjord-labs"}}
        ],
        "decided_at": None,
        "declined_by": None,
        "decline_reason": "",
        "version": 1,
    }


class ProposalDecidedOut(ProposalOut):
    invitation_url: str | None = Field(
        default=None,
        description="The link of the invitation an approved `invite` made, in this answer only "
        "(single use; send it to the invited organization).",
    )


class MemberOut(Schema):
    id: int
    user: PersonOut
    role: Role


class MemberPatch(InputSchema):
    role: Role


class OrganizationInvitationIn(InputSchema):
    email: str = Field(max_length=254)
    role: Role = Role.MEMBER


class OrganizationInvitationOut(Schema):
    """No link: it is minted by the mailing job and exists only in the email."""

    id: int
    email: str
    role: Role
    expires_at: datetime
