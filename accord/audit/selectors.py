from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet

from accord.accounts.models import User
from accord.audit.models import AuditEvent, ChainHead
from accord.audit.services import private_chain, shared_chain
from accord.core.models import Membership, Organization, PartnershipRecord, Party
from accord.core.viewpoint import Viewpoint


def partnership_history(viewpoint: Viewpoint) -> QuerySet[AuditEvent]:
    """The events seen from `viewpoint`, newest first: the partnership's shared chain and the
    private chains of its organizations, merged by time (each chain numbers only its own
    events, so no number tells of events in a chain the viewer does not see)."""
    return (
        AuditEvent.objects.filter(partnership=viewpoint.partnership)
        .visible_to_organizations(viewpoint.organization_ids)
        .order_by("-at", "-id")
    )


def seen_heads(viewpoint: Viewpoint) -> list[tuple[str, int, str]]:
    """(chain, seq, digest) of the head of each chain seen from `viewpoint`: the partnership's
    shared chain and the private chains of its organizations. Every change of partnership data
    moves one of them (decision 0002), so they name the state of what the viewer may see."""
    partnership_id = viewpoint.partnership.pk
    chains = [shared_chain(partnership_id)]
    chains += [private_chain(partnership_id, o) for o in sorted(viewpoint.organization_ids)]
    heads = ChainHead.objects.filter(chain__in=chains).order_by("chain")
    return list(heads.values_list("chain", "seq", "digest"))


def partnership_changes(
    viewpoint: Viewpoint, after: dict[str, int], limit: int
) -> list[AuditEvent]:
    """Up to `limit` events seen from `viewpoint` (exactly `partnership_history`'s) that come
    after the position `after` ({chain: last seq read}; a chain not named is read from its
    start), in the order they were written.

    Each chain's events are numbered one after the other under its head's lock, and written
    under the partnership's lock, so the id order is the order of the commits and each chain's
    events come in their `seq` order: a position per chain misses nothing that commits later,
    and names only numbers of chains the viewer sees."""
    events = partnership_history(viewpoint)
    if after:
        unread = Q()
        for chain, seq in after.items():
            unread |= Q(chain=chain, seq__gt=seq)
        events = events.filter(unread | ~Q(chain__in=list(after)))
    return list(events.order_by("id")[:limit])


def position_after(after: dict[str, int], events: list[AuditEvent]) -> dict[str, int]:
    """The position once `events` (from `partnership_changes`) are read."""
    position = dict(after)
    for event in events:
        position[event.chain] = max(position.get(event.chain, 0), event.seq)
    return position


# --- The history page: filters and the names behind ids -------------------------------------


@dataclass(frozen=True)
class HistoryFilter:
    """What the history page is narrowed to; every part optional. Ids are those the viewer was
    offered (people and kinds from its own events, parties of the partnership)."""

    person: int | None = None
    party: Party | None = None
    kind: str = ""
    since: date | None = None
    until: date | None = None


def history_filtered(viewpoint: Viewpoint, wanted: HistoryFilter) -> QuerySet[AuditEvent]:
    """`partnership_history` narrowed to one person, one party's people, one kind of record
    and a span of days (in the current time zone). One query, whatever is asked."""
    events = partnership_history(viewpoint)
    if wanted.person is not None:
        events = events.filter(actor_id=wanted.person)
    if wanted.party is not None:
        members = Membership.objects.filter(organization_id=wanted.party.organization_id)
        events = events.filter(actor_id__in=members.values("user_id"))
    if wanted.kind:
        events = events.filter(record_type=wanted.kind)
    if wanted.since is not None:
        events = events.filter(at__date__gte=wanted.since)
    if wanted.until is not None:
        events = events.filter(at__date__lte=wanted.until)
    return events


@dataclass(frozen=True)
class HistoryFacets:
    """What the history seen from a viewpoint can be filtered by: the people who made its
    events (with their names) and the kinds of record (`app.Model`) they are about."""

    people: dict[int, tuple[str, str]]
    kinds: list[str]


def history_facets(viewpoint: Viewpoint) -> HistoryFacets:
    """Three queries: the (person, kind) pairs of the viewer's events, then the people."""
    pairs = set(partnership_history(viewpoint).order_by().values_list("actor_id", "record_type"))
    actors = {actor for actor, _ in pairs if actor is not None}
    return HistoryFacets(people_names(viewpoint, actors), sorted({kind for _, kind in pairs}))


@dataclass
class HistoryNames:
    """What the ids in a page of events stand for, as far as the viewer may see: each person's
    name and organization in the partnership, and the records that events point at (a KPI's
    goal, a measurement's KPI) or are about, when the viewer sees them today."""

    people: dict[int, tuple[str, str]] = field(default_factory=dict)
    records: dict[tuple[str, int], models.Model] = field(default_factory=dict)
    emails: dict[str, tuple[str, str]] = field(default_factory=dict)

    def record(self, model: type[models.Model], pk: Any) -> models.Model | None:
        return self.records.get((model._meta.label, pk)) if isinstance(pk, int) else None

    def person_by_email(self, email: str) -> str:
        """A person the trail recorded by address (a team's member), by name; an address of
        no one known is shown as its local part."""
        name, organization = self.emails.get(email.lower(), (email.split("@")[0], ""))
        return f"{name} ({organization})" if organization else name


def person_name(user: User) -> str:
    """A person as the history names them: their name; without one, their address's local
    part, never the whole address."""
    return user.full_name or user.email.split("@")[0]


def history_names(
    viewpoint: Viewpoint,
    events: Iterable[AuditEvent],
    known: dict[int, tuple[str, str]] | None = None,
) -> HistoryNames:
    """The names behind the ids of `events`: one query per kind of thing named (people not in
    `known`, and each kind of record pointed at), whatever the number of events."""
    events = list(events)
    names = HistoryNames(people=dict(known or {}))
    wanted: dict[type[models.Model], set[int]] = defaultdict(set)
    emails: set[str] = set()
    for event in events:
        if event.actor_id is not None and event.actor_id not in names.people:
            wanted[User].add(event.actor_id)
        _wanted_records(event, wanted)
        emails.update(_recorded_emails(event))
    people = wanted.pop(User, set())
    if people or emails:
        found = _people(viewpoint, Q(pk__in=people) | Q(email__in=emails))
        names.people.update({person.pk: line for person, line in found})
        names.emails = {person.email.lower(): line for person, line in found}
    for model, ids in wanted.items():
        for record in _visible(viewpoint, model, ids):
            names.records[(model._meta.label, record.pk)] = record
    return names


def people_names(viewpoint: Viewpoint, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """(name, organization in the partnership) of each person; two queries."""
    return {person.pk: line for person, line in _people(viewpoint, Q(pk__in=set(ids)))}


def _people(viewpoint: Viewpoint, which: Q) -> list[tuple[User, tuple[str, str]]]:
    """The people `which` selects, among the members of the partnership's organizations, with
    the organizations they belong to there: one query. Anyone else (who has left every one of
    them) is not named from here: the row falls back to what the event recorded."""
    organizations = {p.organization_id: p.organization.name for p in viewpoint.parties}
    seats = (
        Membership.objects.filter(
            organization_id__in=organizations, user__in=User.objects.filter(which)
        )
        .select_related("user")
        .order_by("user_id", "organization_id")
    )
    found: dict[int, tuple[User, list[str]]] = {}
    for seat in seats:
        found.setdefault(seat.user_id, (seat.user, []))[1].append(
            organizations[seat.organization_id]
        )
    return [(person, (person_name(person), ", ".join(orgs))) for person, orgs in found.values()]


# Values the trail records as a person's email address (a team's member, a new member).
PERSON_FIELDS = frozenset({"team", "user"})


def _recorded_emails(event: AuditEvent) -> set[str]:
    changes = event.changes if isinstance(event.changes, dict) else {}
    return {
        value.lower()
        for name, pair in changes.items()
        if name in PERSON_FIELDS and isinstance(pair, list)
        for value in pair
        if isinstance(value, str)
    }


def _wanted_records(event: AuditEvent, wanted: dict[type[models.Model], set[int]]) -> None:
    try:
        model = apps.get_model(event.record_type)
    except (LookupError, ValueError):
        return
    formats = hasattr(model, "measure") or any(f.name == "currency" for f in model._meta.fields)
    if formats and event.record_id.isdigit():
        # A KPI formats the numbers of its events; an entry's currency, its amounts.
        wanted[model].add(int(event.record_id))
    changes = event.changes if isinstance(event.changes, dict) else {}
    for name, pair in changes.items():
        target = _pointed_model(model, name)
        values = pair if isinstance(pair, list) else [pair]
        if target is not None:
            wanted[target].update(v for v in values if isinstance(v, int))


def _pointed_model(model: type[models.Model], name: str) -> type[models.Model] | None:
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    target = found.related_model if isinstance(found, models.ForeignKey) else None
    return target if isinstance(target, type) else None


def _visible(viewpoint: Viewpoint, model: type[models.Model], ids: set[int]) -> Iterable:
    """The records of `model` among `ids` the viewpoint sees now: a private record of another
    organization, or one of another partnership, is not named."""
    if issubclass(model, PartnershipRecord):
        return viewpoint.records(model._default_manager.filter(pk__in=ids))
    if model is Party:
        return [p for p in viewpoint.parties if p.pk in ids]
    if model is Organization:
        return [p.organization for p in viewpoint.parties if p.organization_id in ids]
    return ()
