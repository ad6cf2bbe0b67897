"""Who may see and change what. Every page, API call, export and job asks here.

Rules:
- An organization's owners and admins see every partnership their organization is party to.
- Other members see a partnership when they are on their organization's team for it.
- Viewers only read. Members who see a partnership may record things in it and propose; leads
  of a team and organization admins also manage the partnership and their own party's team.
- Binding acts for a party (endorsing a shared goal, approving or declining a proposal) are
  done by a lead of the party's team or an admin of its organization: `may_bind(party)`.
- Leads are chosen by the organization's owners and admins (`may_appoint_leads`).
- An ended partnership is a read-only archive: nobody edits or manages it (PartnershipEnded),
  but its parties' binders may still propose and approve reopening it.
- A private record is visible only to members of its owning party's organization.
- What a caller may not see answers 404, exactly like what does not exist.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, When
from django.http import Http404

from accord.accounts.models import User
from accord.core.errors import PartnershipEnded
from accord.core.models import (
    ADMIN_ROLES,
    Membership,
    Organization,
    Partnership,
    PartnershipRecord,
    Party,
    Role,
    TeamMember,
    TeamRole,
    Visibility,
)
from accord.core.viewpoint import Viewpoint

Need = Literal["view", "edit", "manage", "bind"]
# Who asks: a signed-in user, or a visitor who sees nothing.
AnyUser = User | AnonymousUser
R = TypeVar("R", bound=PartnershipRecord)


def organization_roles(user: AnyUser) -> dict[int, str]:
    """The user's role in each of their organizations, read once per request (cached on user)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_accord_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("organization_id", "role"))
        user._accord_roles = cached
    return cached


def forget_roles(user: AnyUser) -> None:
    """Drop the cached roles after the user's memberships changed."""
    if hasattr(user, "_accord_roles"):
        del user._accord_roles


def parties_seen_by(user: AnyUser) -> QuerySet[Party]:
    """The parties through which the user sees partnerships: those of the organizations they
    administer, and those whose team they are on (while still a member of the organization)."""
    if not user.is_authenticated:
        return Party.objects.none()
    roles = organization_roles(user)
    admin_orgs = [org for org, role in roles.items() if role in ADMIN_ROLES]
    seats = TeamMember.objects.filter(user=user).values("party_id")
    return Party.objects.filter(
        Q(organization_id__in=admin_orgs) | Q(organization_id__in=list(roles), pk__in=seats)
    )


def partnerships_visible_to(user: AnyUser) -> QuerySet[Partnership]:
    """The partnerships of `parties_seen_by(user)`, written so that the database can walk the
    (name, id) index and stop after a page: one correlated EXISTS per way of seeing (the
    organizations one administers; team seats elsewhere), each answered from an index. A seat
    on a team of an organization one administers adds nothing, so an organization admin's list
    has a single EXISTS (before: an EXISTS with an OR and an IN inside, which sorted every
    visible partnership for each page)."""
    if not user.is_authenticated:
        return Partnership.objects.none()
    roles = organization_roles(user)
    admin_orgs = [org for org, role in roles.items() if role in ADMIN_ROLES]
    member_orgs = [org for org in roles if org not in admin_orgs]
    seen = Q()
    if admin_orgs:
        parties = Party.objects.filter(partnership=OuterRef("pk"), organization_id__in=admin_orgs)
        seen |= Q(Exists(parties))
    if member_orgs:
        seats = TeamMember.objects.filter(
            party__partnership=OuterRef("pk"), party__organization_id__in=member_orgs, user=user
        )
        seen |= Q(Exists(seats))
    if not seen:
        return Partnership.objects.none()
    return Partnership.objects.filter(seen)


def viewpoints_of(user: AnyUser) -> list[Viewpoint]:
    """The viewpoint of every partnership the user sees, each as `partnership_access(user,
    pk).viewpoint` gives it (every party, and those the user sees it through), in one query
    after the cached roles whatever the number of partnerships: for reads across them all."""
    seen = parties_seen_by(user)
    parties = (
        Party.objects.filter(partnership__in=seen.values("partnership_id"))
        .select_related("organization", "partnership")
        .annotate(seen=Exists(seen.filter(pk=OuterRef("pk"))))
        .order_by("partnership_id", "joined_at", "id")
    )
    by_partnership: dict[int, list[Party]] = {}
    for party in parties:
        by_partnership.setdefault(party.partnership_id, []).append(party)
    return [
        Viewpoint(
            group[0].partnership,
            tuple(group),
            frozenset(party.pk for party in group if party.seen),  # type: ignore[attr-defined]
        )
        for group in by_partnership.values()
    ]


def visible_partnership_count(user: AnyUser, stage: str | None = None) -> int:
    """How many partnerships `partnerships_visible_to(user)` holds (at `stage`, if given). For
    the admin of a single organization who sits on no other organization's teams, the count of
    that organization's parties: one per partnership (a unique constraint), read from the
    party index without visiting a partnership row."""
    roles = organization_roles(user)
    if len(roles) == 1 and next(iter(roles.values())) in ADMIN_ROLES:
        parties = Party.objects.filter(organization_id=next(iter(roles)))
        if stage:
            parties = parties.filter(partnership__stage=stage)
        return parties.count()
    visible = partnerships_visible_to(user)
    return (visible.filter(stage=stage) if stage else visible).count()


def organizations_for_new_partnerships(user: AnyUser) -> QuerySet[Organization]:
    """The organizations in which the user may start a partnership: any role but viewer."""
    roles = organization_roles(user)
    starts = [o for o, r in roles.items() if OrganizationAccess(o, r).may_start_partnerships]
    return Organization.objects.filter(pk__in=starts)


def organizations_administered(user: AnyUser) -> QuerySet[Organization]:
    roles = organization_roles(user)
    administered = [o for o, r in roles.items() if OrganizationAccess(o, r).is_admin]
    return Organization.objects.filter(pk__in=administered)


@dataclass(frozen=True)
class PartnershipAccess:
    """A user's view of one partnership: through which parties, and with which rights."""

    partnership: Partnership
    user: object
    parties: tuple[Party, ...]  # every party, with organization and team loaded
    my_parties: tuple[Party, ...]  # the parties through which the user sees the partnership
    editing_parties: tuple[Party, ...]  # none while the partnership is ended
    managed_parties: tuple[Party, ...]  # none while the partnership is ended
    # The parties the user commits (a lead of its team, or an admin of its organization),
    # ended or not: approving to reopen an archive is binding too.
    binding_parties: tuple[Party, ...] = ()

    @property
    def can_edit(self) -> bool:
        return bool(self.editing_parties)

    @property
    def is_ended(self) -> bool:
        return self.partnership.is_ended

    def may_bind(self, party: Party) -> bool:
        """Whether the user may commit `party`: endorse, approve and decline for it."""
        return any(p.pk == party.pk for p in self.binding_parties)

    @property
    def can_bind(self) -> bool:
        return bool(self.binding_parties)

    @property
    def can_propose(self) -> bool:
        """Members who may record things propose; on an archive, those who commit their party
        (only reopening can be proposed there)."""
        return bool(self.proposing_parties)

    @property
    def proposing_parties(self) -> tuple[Party, ...]:
        """The parties the user may propose for: those they edit for, or, on an ended
        partnership, those they commit (only reopening can be proposed there)."""
        return self.binding_parties if self.is_ended else self.editing_parties

    @property
    def needs_proposals(self) -> bool:
        """Whether what binds every party must be proposed: there is more than one."""
        return len(self.parties) > 1

    @property
    def can_manage(self) -> bool:
        return bool(self.managed_parties)

    @property
    def org_ids(self) -> frozenset[int]:
        """The organizations the user acts for here: their private records are theirs to see.

        Only those of the parties the user sees the partnership through: being a viewer of the
        other party's organization as well must not open that party's private records."""
        return frozenset(p.organization_id for p in self.my_parties)

    @property
    def viewpoint(self) -> Viewpoint:
        """What this user's reads count: the private records of the parties they see through."""
        return Viewpoint(self.partnership, self.parties, frozenset(p.pk for p in self.my_parties))

    def managed_seat(self, member_id: int) -> TeamMember:
        """A team seat in this partnership that the user may change: 404 if none, else 403."""
        seat = next(
            (m for party in self.parties for m in party.team.all() if m.pk == member_id), None
        )
        if seat is None:
            raise Http404("No such team member.")
        seat.party = self.managed_party(seat.party_id)
        return seat

    def managed_party(self, party_id: int) -> Party:
        """A party of this partnership whose team the user manages: 404 if none, else 403."""
        party = next((p for p in self.parties if p.pk == party_id), None)
        if party is None:
            raise Http404("No such party.")
        if party not in self.managed_parties:
            raise PermissionDenied("You can only change your own party's team.")
        return party

    def acting_party(self, organization: str | None = None, need: Need = "edit") -> Party:
        """The party the user acts for when creating, endorsing or (need "manage") inviting and
        seating a team: the one of the organization named by slug, else their only one. The one
        place that chooses it, for pages, API and demo alike.

        PermissionDenied for a user without the right; ValidationError on `organization` for a
        slug the user may not act for, or for none when several are possible (naming them)."""
        if need == "manage":
            parties = self.managed_parties
            if not parties:
                raise PermissionDenied(
                    "Only the partnership's leads and organization admins may do this."
                )
        elif need == "bind":
            parties = self.binding_parties
            if not parties:
                raise PermissionDenied(NOT_BINDING)
        else:
            parties = self.editing_parties
            if not parties:
                raise PermissionDenied(READ_ONLY)
        return _chosen(parties, organization)

    def seeing_party(self, organization: str | None = None) -> Party:
        """The party through which the user sees the partnership (a reader's too): the one of
        the organization named by slug, else their only one; ValidationError as `acting_party`."""
        return _chosen(self.my_parties, organization)

    def may_act_for(self, party: Party) -> bool:
        """Whether the user may give `party`'s word on what another party did: confirm or
        dispute a commitment delivered to it, mark a commitment made to it broken, answer a
        concern raised to it. The one statement of that rule (for now: the right to edit for
        the party; binding acts may come to need a lead or an admin)."""
        return any(p.pk == party.pk for p in self.editing_parties)

    def party_acting_among(
        self, party_ids: Iterable[int], organization: str | None, refusal: str
    ) -> Party:
        """The party, among `party_ids`, for which the user acts (`may_act_for`): the one of
        the organization named by slug, else their only one. PermissionDenied with `refusal`
        for a user who may act for none of them; ValidationError on `organization` as in
        `acting_party`."""
        wanted = set(party_ids)
        parties = tuple(p for p in self.parties if p.pk in wanted and self.may_act_for(p))
        if not parties:
            raise PermissionDenied(refusal)
        return _chosen(parties, organization)

    def can_edit_record(self, record: PartnershipRecord) -> bool:
        if type(record).EDITABLE_BY_ALL_PARTIES:
            return self.can_edit
        return any(p.pk == record.owner_party_id for p in self.editing_parties)

    def may_see_record(self, record: PartnershipRecord) -> bool:
        return record.visibility == Visibility.SHARED or any(
            p.pk == record.owner_party_id for p in self.my_parties
        )


READ_ONLY = "You can read this partnership but not change it."
NOT_BINDING = (
    "Only a lead of your organization's team or an admin of your organization may commit it "
    "(endorse, approve or decline); you may propose and comment."
)


def _chosen(parties: tuple[Party, ...], organization: str | None) -> Party:
    """The party of the organization named by slug among `parties`, else the only one."""
    if organization:
        party = next((p for p in parties if p.organization.slug == organization), None)
        if party is None:
            refused = f"You cannot act for “{organization}” here."
            raise ValidationError({"organization": f"{refused} {_choices(parties)}"})
        return party
    if len(parties) > 1:
        raise ValidationError(
            {"organization": f"Name the organization to act for. {_choices(parties)}"}
        )
    return parties[0]


def _choices(parties: tuple[Party, ...]) -> str:
    named = ", ".join(f"“{p.organization.slug}” ({p.organization.name})" for p in parties)
    return f"You may act for: {named}."


def _party_rights(party: Party, role: str | None, user: AnyUser) -> tuple[bool, bool, bool]:
    """(sees, edits, manages) for a user with `role` in the party's organization."""
    if role is None:
        return (False, False, False)
    seat = next((m for m in party.team.all() if m.user_id == user.pk), None)
    sees = role in ADMIN_ROLES or seat is not None
    edits = sees and role != Role.VIEWER
    manages = role in ADMIN_ROLES or (
        seat is not None and seat.role == TeamRole.LEAD and role != Role.VIEWER
    )
    return (sees, edits, manages)


LEADS_FIRST = Case(When(role=TeamRole.LEAD, then=0), When(role=TeamRole.SPONSOR, then=1), default=2)


def people_seated_on(parties: QuerySet[Party]) -> set[int]:
    """The ids of the team members of `parties` still members of the party's organization: a
    seat outlives a membership, the right to see does not."""
    member = Membership.objects.filter(
        user=OuterRef("user"), organization=OuterRef("party__organization")
    )
    seats = TeamMember.objects.filter(party__in=parties).filter(Exists(member))
    return set(seats.values_list("user_id", flat=True))


def _admins_of(parties: QuerySet[Party]) -> set[int]:
    admins = Membership.objects.filter(
        organization__in=parties.values("organization"), role__in=ADMIN_ROLES
    )
    return set(admins.values_list("user_id", flat=True))


def people_seeing_through(parties: QuerySet[Party]) -> set[int]:
    """The ids of everyone who sees the partnership through one of `parties`: its seated team
    and its organization's owners and admins (the rule `partnership_access` applies to one
    person, for work done without one: notifications)."""
    return people_seated_on(parties) | _admins_of(parties)


def people_binding(parties: QuerySet[Party]) -> set[int]:
    """The ids of those who commit one of `parties` (`binds_party_now` for many): its leads who
    are not viewers of its organization, and its organization's owners and admins."""
    not_viewer = Membership.objects.filter(
        user=OuterRef("user"), organization=OuterRef("party__organization")
    ).exclude(role=Role.VIEWER)
    leads = TeamMember.objects.filter(party__in=parties, role=TeamRole.LEAD).filter(
        Exists(not_viewer)
    )
    return set(leads.values_list("user_id", flat=True)) | _admins_of(parties)


def parties_with_teams(partnership_id: int) -> list[Party]:
    team = TeamMember.objects.select_related("user").order_by(LEADS_FIRST, "user__email")
    return list(
        Party.objects.filter(partnership_id=partnership_id)
        .select_related("organization", "partnership")
        .prefetch_related(Prefetch("team", queryset=team))
    )


def partnership_access(
    user: AnyUser | None, partnership_id: int | str, need: Need = "view"
) -> PartnershipAccess:
    """The partnership and the user's rights in it; 404 if not visible, 403 if not enough."""
    if user is None or not user.is_authenticated:
        raise Http404("No such partnership.")
    try:
        partnership_id = int(partnership_id)
    except (TypeError, ValueError):
        raise Http404("No such partnership.") from None
    roles = organization_roles(user)
    parties = parties_with_teams(partnership_id)
    mine, editing, managed = [], [], []
    for party in parties:
        sees, edits, manages = _party_rights(party, roles.get(party.organization_id), user)
        if sees:
            mine.append(party)
        if edits:
            editing.append(party)
        if manages:
            managed.append(party)
    if not mine:
        raise Http404("No such partnership.")
    partnership = parties[0].partnership
    ended = partnership.is_ended
    access = PartnershipAccess(
        partnership=partnership,
        user=user,
        parties=tuple(parties),
        my_parties=tuple(mine),
        editing_parties=() if ended else tuple(editing),
        managed_parties=() if ended else tuple(managed),
        binding_parties=tuple(managed),
    )
    if ended and need in ("edit", "manage") and (editing if need == "edit" else managed):
        # Someone who could change it, were it not an archive, is told why not.
        raise PartnershipEnded(partnership.pk, partnership.ended_on)
    if need == "bind" and not access.can_bind:
        raise PermissionDenied(NOT_BINDING)
    if need == "edit" and not access.can_edit:
        raise PermissionDenied(READ_ONLY)
    if need == "manage" and not access.can_manage:
        raise PermissionDenied("Only the partnership's leads and organization admins may do this.")
    return access


def scope_records(queryset: QuerySet, user: AnyUser) -> QuerySet:
    """Partnership records the user may see: visible partnerships, others' private ones hidden."""
    return queryset.filter(partnership__in=partnerships_visible_to(user)).filter(
        Q(visibility=Visibility.SHARED) | Q(owner_party__in=parties_seen_by(user))
    )


def records_in(grant: PartnershipAccess, queryset: QuerySet) -> QuerySet:
    """The partnership's records of one kind that the user may see."""
    return queryset.filter(partnership=grant.partnership).filter(
        Q(visibility=Visibility.SHARED) | Q(owner_party__in=grant.my_parties)
    )


def no_such_record() -> Http404:
    """The answer for a record that is missing, deleted meanwhile, or not the caller's to see."""
    return Http404("No such record.")


def record_for(
    access: PartnershipAccess, queryset: QuerySet[R], pk: int | str, need: Need = "view"
) -> R:
    """One record of the partnership; 404 if missing or private to another organization."""
    try:
        record = queryset.select_related("owner_party").get(
            pk=int(pk), partnership=access.partnership
        )
    except (TypeError, ValueError, queryset.model.DoesNotExist):
        raise no_such_record() from None
    if not access.may_see_record(record):
        raise no_such_record()
    if need != "view" and not access.can_edit_record(record):
        raise PermissionDenied("Only the party that owns this record may change it.")
    return record


def organization_access(
    user: AnyUser, slug: str, need: Literal["view", "admin"] = "view"
) -> Organization:
    """The organization if the user belongs to it (404 otherwise); 403 if admin rights lack."""
    roles = organization_roles(user)
    organization = Organization.objects.filter(slug=slug, pk__in=list(roles)).first()
    if organization is None:
        raise Http404("No such organization.")
    if need == "admin" and not OrganizationAccess(organization.pk, roles[organization.pk]).is_admin:
        raise PermissionDenied("Only the organization's owners and admins may do this.")
    return organization


@dataclass(frozen=True)
class OrganizationAccess:
    """A user's rights in one organization, from their role there (None: not a member, or an
    inactive user). The one place that turns an organization role into rights: pages, API and
    services ask here rather than reading roles."""

    organization_id: int
    role: str | None

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def is_admin(self) -> bool:
        """Owners and admins: they manage members and invitations, and accept partnerships."""
        return self.role in ADMIN_ROLES

    @property
    def may_start_partnerships(self) -> bool:
        return self.role is not None and self.role != Role.VIEWER

    def may_invite(self, role: str) -> bool:
        """Whether they may bring someone in with `role`: admins invite, only owners grant owner."""
        return self.is_owner if role == Role.OWNER else self.is_admin

    def may_change_role(self, before: str | None, after: str | None) -> bool:
        """Whether they may change a member's role from `before` to `after` (None: removed):
        admins manage members, and only owners make, unmake or remove an owner."""
        return self.is_owner if Role.OWNER in (before, after) else self.is_admin

    def grantable_roles(self) -> list[tuple[str, str]]:
        """The role choices they may give, for a form."""
        return [(value, label) for value, label in Role.choices if self.may_invite(value)]


def organization_rights(
    user: AnyUser | None, organization_id: int, *, fresh: bool = False
) -> OrganizationAccess:
    """The user's rights in the organization: from the per-request cache of roles for a page or
    API call, or `fresh` from the database for a service that decides under a lock (an inviter
    whose role changed since must not be trusted on an old answer)."""
    if user is None or not user.is_active:
        return OrganizationAccess(organization_id, None)
    if not fresh:
        return OrganizationAccess(organization_id, organization_roles(user).get(organization_id))
    mine = Membership.objects.filter(organization=organization_id, user=user)
    return OrganizationAccess(organization_id, mine.values_list("role", flat=True).first())


def may_start_any_partnership(user: AnyUser) -> bool:
    """Whether the user may start a partnership in one of their organizations (cached roles)."""
    return any(
        OrganizationAccess(org, role).may_start_partnerships
        for org, role in organization_roles(user).items()
    )


def may_appoint_leads(user: AnyUser | None, organization_id: int) -> bool:
    """Whether the user may make someone a lead of one of the organization's teams, or unmake
    one: its owners and admins choose who commits it (read fresh, for services)."""
    return organization_rights(user, organization_id, fresh=True).is_admin


def binds_party_now(user: AnyUser | None, party_id: int) -> bool:
    """Whether the user may now commit the party (endorse, approve, decline for it): a lead of
    its team or an admin of its organization, not a viewer. Read fresh, for services that
    decide under the partnership lock."""
    return manages_party_now(user, party_id)


# --- Rights of an inviter, read fresh (never from the per-request cache) ---------------------
def manages_party_now(user: AnyUser | None, party_id: int) -> bool:
    """Whether the user now manages the party (the rule of `_party_rights`), e.g. to check that
    the maker of a partnership invitation may still invite for it."""
    return party_rights_now(user, party_id)[2]


def party_rights_now(user: AnyUser | None, party_id: int) -> tuple[bool, bool, bool]:
    """(sees, edits, manages) of the user in the party, read fresh from the database."""
    if user is None or not user.is_active:
        return (False, False, False)
    party = Party.objects.prefetch_related("team").filter(pk=party_id).first()
    if party is None:
        return (False, False, False)
    role = Membership.objects.filter(organization=party.organization_id, user=user)
    return _party_rights(party, role.values_list("role", flat=True).first(), user)


def refuse_unless_binding_now(actor: AnyUser | None, party: Party) -> None:
    """PermissionDenied unless the actor may now commit the party (`binds_party_now`, for a
    service to ask under its lock); the system (no actor) may."""
    if actor is not None and not binds_party_now(actor, party.pk):
        raise PermissionDenied(NOT_BINDING)


def binding_party(grant: PartnershipAccess, organization: str | None = None) -> Party:
    """The party the user gives a binding word for (see `acting_party`): 403 if they may not
    commit it (`PartnershipAccess.may_bind`)."""
    party = grant.acting_party(organization)
    if not grant.may_bind(party):
        raise PermissionDenied(NOT_BINDING)
    return party
