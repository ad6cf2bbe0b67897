"""Demo data: organizations, people in every role, and partnerships at every stage.

Built through the real services, so the audit trail and every rule hold for it too.
Meridian Bank is party to none of Northwind's partnerships: sign in as both to see isolation.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.core.invitations import (
    partnership_invitation_accept,
    partnership_invitation_create,
    partnership_invitation_mail,
    partnership_invitation_opened,
    partnership_invitation_revoke,
    partnership_invite,
)
from accord.core.models import (
    Organization,
    Partnership,
    PartnershipInvitation,
    Party,
    ProposalKind,
    TeamRole,
)
from accord.core.practices import in_build_order, practices
from accord.core.proposals import proposal_approve, proposal_create
from accord.core.services import (
    membership_set,
    organization_create,
    partnership_change,
    partnership_create,
    team_member_set,
)
from accord.health.demo import load_demo as health_demo
from accord.notifications.services import notices_dispatch, reminders_dispatch
from accord.reports.demo import load_demo as load_reports_demo
from accord.surveys.demo import load_demo as load_survey_demo
from accord.webhooks.services import endpoint_create

DEMO_PASSWORD = "accord-demo"

ORGANIZATIONS = {
    "northwind": ("Northwind Energy", ["olivia", "adam", "maya", "victor"]),
    "helios": ("Helios Solar", ["hana", "arjun", "mateo", "vera"]),
    "cobalt": ("Cobalt Logistics", ["chloe", "andre", "mila", "viktor"]),
    "meridian": ("Meridian Bank", ["mei", "amir", "marta", "valentin"]),
}
ROLES = ["owner", "admin", "member", "viewer"]

# (name, stage, start, cadence, purpose, [lead org, other orgs...], members on the team; a
# "+" marks one their organization's admin makes a lead, who commits their party)
PARTNERSHIPS = [
    (
        "Community solar rollout",
        "active",
        date(2025, 3, 1),
        "quarterly",
        "Put rooftop solar on 2,000 homes in Northwind's service area by 2027.",
        ["northwind", "helios"],
        ["+maya", "victor", "+mateo"],
    ),
    (
        "Grid-ready EV depots",
        "negotiating",
        date(2026, 9, 1),
        "monthly",
        "Design depots whose charging follows grid capacity.",
        ["northwind", "cobalt"],
        ["mila"],
    ),
    (
        "Panel logistics Europe",
        "renewing",
        date(2023, 5, 15),
        "semiannual",
        "Move Helios panels from port to installer within five days.",
        ["helios", "cobalt"],
        ["+mateo", "+mila", "viktor"],
    ),
    (
        "Smart grid pilot",
        "exploring",
        None,
        "quarterly",
        "Find out whether a three-way demand-response pilot is worth running.",
        ["northwind", "helios", "cobalt"],
        ["maya"],
    ),
    (
        "Fleet electrification finance",
        "active",
        date(2024, 11, 1),
        "quarterly",
        "Finance Cobalt's switch to electric trucks with Meridian's green loans.",
        ["cobalt", "meridian"],
        ["mila", "marta", "valentin"],
    ),
    (
        "Battery recycling study",
        "ended",
        date(2022, 1, 10),
        "annual",
        "A joint study of second-life batteries; concluded with a public report.",
        ["helios", "northwind"],
        [],
    ),
]


@dataclass
class Demo:
    created: bool
    logins: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def email_of(first_name: str, slug: str) -> str:
    return f"{first_name}@{slug}.example"


def _logins() -> dict[str, list[tuple[str, str]]]:
    return {
        name: [(email_of(person, slug), role) for person, role in zip(people, ROLES, strict=True)]
        for slug, (name, people) in ORGANIZATIONS.items()
    }


def build_demo() -> Demo:
    """Load the demo data unless it is there already; either way, say how to sign in."""
    if Organization.objects.filter(slug="northwind").exists():
        return Demo(created=False, logins=_logins())
    with transaction.atomic():
        people = _people()
        partnerships = {spec[0]: _partnership(people, *spec) for spec in PARTNERSHIPS}
        _invitations(partnerships["Smart grid pilot"], people["adam"])
        _pending_proposals(partnerships, people)
        # Each after the practices it builds on: long-term KPIs measure the alignment demo's
        # goals, contingency plans are fired by long-term's KPIs.
        for practice in in_build_order(practices()):
            if (load_demo := practice.demo_loader()) is not None:
                load_demo(partnerships, people)
        # Perception, after the practices' records it is to be compared with.
        load_survey_demo(partnerships, people)
        load_reports_demo(partnerships, people)
        # After every audited change of the demo: its endpoint hears what comes next.
        _webhooks(people)
        # Last: the snapshots read what every practice (and the surveys) put in.
        health_demo(partnerships)
    # What the demo's story asks of its people, in their notifications from the first page,
    # without waiting for the worker's first tick.
    notices_dispatch()
    reminders_dispatch()
    return Demo(created=True, logins=_logins())


def _webhooks(people: dict[str, User]) -> None:
    """Northwind's CRM hears of every change from now on. Its address is made up (`.example`
    never resolves): the worker's attempts fail, and its page shows the retries and, after
    ACCORD_WEBHOOK_DISABLE_AFTER of them, the endpoint disabled."""
    endpoint_create(
        organization=Organization.objects.get(slug="northwind"),
        actor=people["olivia"],
        url="https://crm.northwind.example/hooks/accord",
        description="Northwind's CRM (a made-up address: deliveries fail and are retried)",
    )


def _people() -> dict[str, User]:
    users = get_user_model().objects
    people = {}
    for slug, (name, first_names) in ORGANIZATIONS.items():
        owner = users.create_user(
            email=email_of(first_names[0], slug),
            password=DEMO_PASSWORD,
            full_name=first_names[0].title(),
        )
        organization = organization_create(name=name, slug=slug, actor=owner)
        people[first_names[0]] = owner
        for first_name, role in zip(first_names[1:], ROLES[1:], strict=True):
            user = users.create_user(
                email=email_of(first_name, slug),
                password=DEMO_PASSWORD,
                full_name=first_name.title(),
            )
            membership_set(organization=organization, user=user, role=role, actor=owner)
            people[first_name] = user
    return people


def _partnership(
    people: dict[str, User],
    name: str,
    stage: str,
    start: date | None,
    cadence: str,
    purpose: str,
    org_slugs: list[str],
    team: list[str],
) -> Partnership:
    organizations = {o.slug: o for o in Organization.objects.filter(slug__in=org_slugs)}
    lead_org = organizations[org_slugs[0]]
    lead = _admin_of(people, lead_org.slug)  # the organization's admin leads it
    partnership = partnership_create(
        organization=lead_org,
        actor=lead,
        name=name,
        purpose=purpose,
        stage="exploring",
        start_date=start,
        review_cadence=cadence,
    )
    inviting = Party.objects.get(partnership=partnership, organization=lead_org)
    for slug in org_slugs[1:]:
        _, token = partnership_invitation_create(
            partnership=partnership,
            inviting_party=inviting,
            actor=lead,
            note=organizations[slug].name,
        )
        partnership_invitation_accept(
            token=token,
            organization=organizations[slug],
            actor=_admin_of(people, slug),
        )
    for member in team:
        user = people[member.lstrip("+")]
        party = Party.objects.get(partnership=partnership, organization__memberships__user=user)
        role = TeamRole.LEAD if member.startswith("+") else TeamRole.CONTRIBUTOR
        # Leads are chosen by their organization's admins.
        admin = people[ORGANIZATIONS[party.organization.slug][1][1]]
        team_member_set(party=party, user=user, role=role, actor=admin)
    if stage != "exploring":
        # The state the demo starts from, as the parties agreed it before.
        partnership = partnership_change(
            partnership=partnership,
            actor=lead,
            expected_version=partnership.version,
            changes={
                "stage": "active" if stage == "ended" else stage,
                "scope": "Agreed in the kick-off workshop.",
            },
        )
    if stage == "ended":
        partnership = _ended_together(partnership, people, org_slugs)
    return partnership


def _invitations(partnership: Partnership, lead: User) -> None:
    """Northwind's invitations to the pilot, one in each state (on the overview, for Northwind's
    admins and the pilot's leads). The one still queued is emailed by the demo's worker, to the
    console: open its link signed out to try signing up from an invitation."""
    inviting = Party.objects.get(partnership=partnership, organization__slug="northwind")
    invite: dict[str, Any] = {"partnership": partnership, "inviting_party": inviting, "actor": lead}
    people = [
        ("queued", "Priya Natarajan", "priya@tidewater.example"),
        ("sent", "Jonas Berg", "jonas@fjordwind.example"),
        ("opened", "Lena Ortiz", "lena@greenfield.example"),
        ("expired", "Sam Okafor", "sam@brightline.example"),
        ("revoked", "Ines Duarte", "ines@solis.example"),
    ]
    for state, name, email in people:
        note = "Would you join our demand-response pilot?"
        invitation = partnership_invite(**invite, name=name, email=email, note=note)
        if state in ("sent", "opened"):
            partnership_invitation_mail(invitation_id=invitation.pk, generation=1)
        if state == "opened":
            partnership_invitation_opened(invitation=invitation)
        if state == "expired":
            # An invitation from long ago: made before the demo's today, never answered.
            PartnershipInvitation.objects.filter(pk=invitation.pk).update(
                created_at=timezone.now() - timedelta(days=30),
                expires_at=timezone.now() - timedelta(days=16),
            )
        if state == "revoked":
            partnership_invitation_revoke(invitation=invitation, actor=lead)
    partnership_invitation_create(**invite, note="Greenfield co-op, link sent over chat")


def _admin_of(people: dict[str, User], slug: str) -> User:
    return people[ORGANIZATIONS[slug][1][1]]


def _ended_together(
    partnership: Partnership, people: dict[str, User], org_slugs: list[str]
) -> Partnership:
    """Ended as the parties do it: one proposes, every other approves; now an archive."""
    parties = {p.organization.slug: p for p in partnership.parties.select_related("organization")}
    proposer = _admin_of(people, org_slugs[0])
    decided = proposal_create(
        party=parties[org_slugs[0]],
        actor=proposer,
        kind=ProposalKind.END,
        reason="The study is done and its report published.",
    )
    for slug in org_slugs[1:]:
        proposal_approve(
            proposal=decided.proposal, party=parties[slug], actor=_admin_of(people, slug)
        )
    return Partnership.objects.get(pk=partnership.pk)


def _pending_proposals(partnerships: dict[str, Partnership], people: dict[str, User]) -> None:
    """Proposals waiting for the other parties: a rewording approved by its proposer's party,
    and, in the three-party pilot, a fourth organization to invite."""
    solar = partnerships["Community solar rollout"]
    northwind = Party.objects.get(partnership=solar, organization__slug="northwind")
    proposal_create(
        party=northwind,
        actor=people["maya"],
        kind=ProposalKind.CHANGE,
        scope="Rooftop solar and home batteries for 2,000 homes; street lighting is out.",
        reason="Helios can now supply batteries with the panels.",
    )
    pilot = partnerships["Smart grid pilot"]
    proposal_create(
        party=Party.objects.get(partnership=pilot, organization__slug="northwind"),
        actor=people["adam"],
        kind=ProposalKind.INVITE,
        note="Meridian Bank, to finance the pilot",
        reason="The pilot needs financing before we commit to it.",
    )
