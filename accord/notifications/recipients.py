"""Who hears a notice: the people who should, less those who may not see what it is about.

- the team members of the notice's parties (every party when it names none), who are still
  members of the party's organization;
- `binding_only`: those who commit their party instead — its leads (not viewers) and its
  organization's owners and admins (`PartnershipAccess.binding_parties`);
- the named `user_ids`, only if they see the partnership through one of those parties;
- an event private to an organization: only through that organization's party;
- never the actor.
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet

from accord.core.models import ADMIN_ROLES, Membership, Party, Role, TeamMember, TeamRole
from accord.core.notices import Notice


def _parties(partnership_id: int, party_ids: Iterable[int], private_to_id: int | None) -> QuerySet:
    parties = Party.objects.filter(partnership_id=partnership_id)
    wanted = tuple(party_ids)
    if wanted:
        parties = parties.filter(pk__in=wanted)
    if private_to_id is not None:
        parties = parties.filter(organization_id=private_to_id)
    return parties


def _seats(parties: QuerySet) -> QuerySet:
    """Team seats on `parties` of people still members of the party's organization."""
    member = Membership.objects.filter(
        user=OuterRef("user"), organization=OuterRef("party__organization")
    )
    return TeamMember.objects.filter(party__in=parties).filter(Exists(member))


def _binders(parties: QuerySet) -> set[int]:
    """Who commits one of `parties`: its leads (not viewers), its organization's admins."""
    not_viewer = Membership.objects.filter(
        user=OuterRef("user"), organization=OuterRef("party__organization")
    ).exclude(role=Role.VIEWER)
    leads = TeamMember.objects.filter(party__in=parties, role=TeamRole.LEAD).filter(
        Exists(not_viewer)
    )
    admins = Membership.objects.filter(
        organization__in=parties.values("organization"), role__in=ADMIN_ROLES
    )
    return set(leads.values_list("user_id", flat=True)) | set(
        admins.values_list("user_id", flat=True)
    )


def _seeing(parties: QuerySet) -> set[int]:
    """Everyone who sees the partnership through one of `parties` (core.access's rule)."""
    admins = Membership.objects.filter(
        organization__in=parties.values("organization"), role__in=ADMIN_ROLES
    )
    return set(_seats(parties).values_list("user_id", flat=True)) | set(
        admins.values_list("user_id", flat=True)
    )


def recipients(notice: Notice, *, private_to_id: int | None, actor_id: int | None) -> set[int]:
    """The ids of the people who hear `notice` about a source private to `private_to_id`."""
    parties = _parties(notice.partnership_id, notice.party_ids, private_to_id)
    if notice.binding_only:
        heard = _binders(parties)
    else:
        heard = set(_seats(parties).values_list("user_id", flat=True))
    if notice.user_ids:
        visible = _parties(notice.partnership_id, (), private_to_id)
        heard |= set(notice.user_ids) & _seeing(visible)
    heard.discard(actor_id)  # type: ignore[arg-type]
    return heard
