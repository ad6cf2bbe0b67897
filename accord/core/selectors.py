"""Reads of the core shared by pages and API."""

from collections.abc import Callable
from functools import cached_property
from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import Case, Count, DateField, F, Prefetch, Q, QuerySet, Value, When

from accord.core.access import ADMIN_ROLES, AnyUser, PartnershipAccess, organization_roles
from accord.core.models import (
    Membership,
    Partnership,
    PartnershipInvitation,
    Party,
    Role,
    Stage,
    TeamMember,
    TeamRole,
)
from accord.core.practices import practices
from accord.lib.confirm import counted


def partnership_list(partnerships: QuerySet[Partnership]) -> QuerySet[Partnership]:
    """Partnerships with their parties and organizations: three queries however many there are."""
    parties = Party.objects.select_related("organization").annotate(team_size=Count("team"))
    return partnerships.prefetch_related(Prefetch("parties", queryset=parties)).order_by(
        "name", "id"
    )


# The partnership page's orders: by default ended partnerships last, each group by name.
PARTNERSHIP_SORTS = {
    "": "Ended last, then name",
    "name": "Name",
    "stage": "Stage",
    "start": "Start date, newest first",
    "review": "Next review, soonest first",
}
SEARCH_MAX = 200


def next_review_expression() -> object:
    """The next review date of a partnership (`OuterRef("pk")`), from the first practice that
    declares one; NULL without such a practice."""
    for practice in practices():
        if (expression := practice.next_review_expression()) is not None:
            return expression
    return Value(None, output_field=DateField())


def partnership_search(partnerships: QuerySet[Partnership], text: str) -> QuerySet[Partnership]:
    """Those whose name or one of whose organizations' names holds `text` (any case)."""
    text = text.strip()[:SEARCH_MAX]
    if not text:
        return partnerships
    by_party = Party.objects.filter(organization__name__icontains=text).values("partnership_id")
    return partnerships.filter(Q(name__icontains=text) | Q(pk__in=by_party))


def stage_counts(partnerships: QuerySet[Partnership]) -> dict[str, int]:
    """How many of the partnerships are at each stage (every stage named, 0 too): one query."""
    found = dict(partnerships.order_by().values_list("stage").annotate(n=Count("id")))
    return {stage: found.get(stage, 0) for stage in Stage.values}


def partnership_page_list(partnerships: QuerySet[Partnership], sort: str) -> QuerySet[Partnership]:
    """`partnership_list` in the page's order (PARTNERSHIP_SORTS), each with `next_review`."""
    listed = partnership_list(partnerships).annotate(next_review=next_review_expression())
    stage_order = Case(
        *(When(stage=stage, then=Value(i)) for i, stage in enumerate(Stage.values)), default=99
    )
    ended_last = Case(When(stage=Stage.ENDED, then=Value(1)), default=Value(0))
    orders: dict[str, list[Any]] = {
        "name": ["name", "id"],
        "stage": [stage_order, "name", "id"],
        "start": [F("start_date").desc(nulls_last=True), "name", "id"],
        "review": [F("next_review").asc(nulls_last=True), "name", "id"],
    }
    return listed.order_by(*orders.get(sort, [ended_last, "name", "id"]))


def invitations_followed(grant: PartnershipAccess) -> QuerySet[PartnershipInvitation]:
    """The invitations of the parties the user manages, for the overview and the API: an
    invitation, like its events, is private to the inviting organization."""
    if not grant.can_manage:
        return PartnershipInvitation.objects.none()
    return PartnershipInvitation.objects.filter(
        partnership=grant.partnership, inviting_party__in=grant.managed_parties
    ).select_related("created_by", "inviting_party__organization", "joined_party__organization")


def party_list(grant: PartnershipAccess) -> list[Party]:
    """The parties with their teams, already loaded when access was checked."""
    return list(grant.parties)


class CountedPaginator(Paginator):
    """A Paginator that is told how to count its list, when there is a cheaper way than
    counting the list's own query (see `access.visible_partnership_count`)."""

    def __init__(
        self, object_list: QuerySet[Partnership], per_page: int, count: Callable[[], int]
    ) -> None:
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count()


# --- What a removal takes with it: the confirmations of the team and member lists ----------
LAST_LEAD = "The team's only lead: make someone else lead before removing them."
LAST_OWNER = "The only owner: make someone else owner before removing them."


def team_removal_notes(grant: PartnershipAccess) -> dict[int, str]:
    """For each team member of the parties the user manages, the question asked before removing
    them, by seat id; the last lead of a team gets LAST_LEAD instead (the service refuses it).
    No query: the teams were loaded with the grant."""
    roles = organization_roles(cast(AnyUser, grant.user))
    admin_of = {org for org, role in roles.items() if role in ADMIN_ROLES}
    name = grant.partnership.name
    notes = {}
    for party in grant.managed_parties:
        seats = list(party.team.all())
        leads = sum(seat.role == TeamRole.LEAD for seat in seats)
        org = party.organization.name
        for seat in seats:
            if seat.role == TeamRole.LEAD and leads == 1:
                notes[seat.pk] = LAST_LEAD
            elif seat.user_id == getattr(grant.user, "pk", None):
                keeps = party.organization_id in admin_of
                notes[seat.pk] = f"Remove yourself from {org}'s team on “{name}”? " + (
                    f"You still see it as an admin of {org}."
                    if keeps
                    else "You will no longer see this partnership; a lead of the team can add "
                    "you back."
                )
            else:
                notes[seat.pk] = (
                    f"Remove {seat.user.display_name} from {org}'s team on “{name}”? They no "
                    "longer work on it here; a lead can add them back."
                )
    return notes


def membership_removal_notes(
    members: list[Membership], organization_name: str, user_id: int
) -> dict[int, str]:
    """For each member of an organization, the question asked before removing them, by
    membership id: the partnership teams they leave with it, whether it is the user themself,
    and LAST_OWNER for the last owner (the service refuses it). One query."""
    seats = dict(
        TeamMember.objects.filter(
            user__in=[m.user_id for m in members],
            party__organization__in={m.organization_id for m in members},
        )
        .values_list("user")
        .annotate(n=Count("id"))
        .values_list("user", "n")
    )
    owners = sum(m.role == Role.OWNER for m in members)
    notes = {}
    for m in members:
        teams = counted(seats.get(m.user_id, 0), "partnership team", "partnership teams")
        if m.role == Role.OWNER and owners == 1:
            notes[m.pk] = LAST_OWNER
        elif m.user_id == user_id:
            also = f" You also leave your {teams} there." if seats.get(m.user_id) else ""
            notes[m.pk] = (
                f"Leave {organization_name}?{also} You lose access to its pages and "
                "partnerships; an admin can invite you back."
            )
        else:
            also = f" They also leave their {teams} there." if seats.get(m.user_id) else ""
            notes[m.pk] = (
                f"Remove {m.user.display_name} from {organization_name}?{also} An admin can "
                "invite them back."
            )
    return notes
