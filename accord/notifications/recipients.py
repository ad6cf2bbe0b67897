"""Who hears a notice: the people who should, less those who may not see what it is about.

- the team members of the notice's parties (every party when it names none), who are still
  members of the party's organization;
- `binding_only`: those who commit their party instead — its leads (not viewers) and its
  organization's owners and admins;
- the named `user_ids`, only if they see the partnership through one of those parties (with
  `named_only`, they alone);
- an event private to an organization: only through that organization's party;
- never the actor.
The rules of who sees and who binds are core.access's (`people_seated_on`, `people_binding`,
`people_seeing_through`); this module only chooses which apply.
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from accord.core.access import people_binding, people_seated_on, people_seeing_through
from accord.core.models import Party
from accord.core.notices import Notice


def _parties(partnership_id: int, party_ids: Iterable[int], private_to_id: int | None) -> QuerySet:
    parties = Party.objects.filter(partnership_id=partnership_id)
    wanted = tuple(party_ids)
    if wanted:
        parties = parties.filter(pk__in=wanted)
    if private_to_id is not None:
        parties = parties.filter(organization_id=private_to_id)
    return parties


def recipients(notice: Notice, *, private_to_id: int | None, actor_id: int | None) -> set[int]:
    """The ids of the people who hear `notice` about a source private to `private_to_id`."""
    parties = _parties(notice.partnership_id, notice.party_ids, private_to_id)
    if notice.named_only:
        heard = set()
    elif notice.binding_only:
        heard = people_binding(parties)
    else:
        heard = people_seated_on(parties)
    if notice.user_ids:
        visible = _parties(notice.partnership_id, (), private_to_id)
        heard |= set(notice.user_ids) & people_seeing_through(visible)
    heard.discard(actor_id)  # type: ignore[arg-type]
    return heard
