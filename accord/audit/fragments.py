"""The key of a cached fragment of a partnership page (see accord/lib/fragments.py)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import get_language

from accord.audit.selectors import seen_heads
from accord.core.access import PartnershipAccess
from accord.lib.fragments import fragment_version


def page_fragment_key(grant: PartnershipAccess, today: date) -> str:
    """The key of a fragment of a partnership page rendered for this grant's holder: equal for
    two requests only when the fragment they would render is the same.

    The heads of the chains the holder sees move with every change they could see, and only
    with those: another organization's private chain is not in the key, so its private changes
    neither show nor invalidate. The parties the holder sees through (whose private records
    enter the fragment) and the parties they edit or manage (the buttons) are in the key, so a
    viewer of the other party, or one with other rights, never gets this holder's fragment.
    Also in it: the partnership's version, the parties' organization names (editable by
    operators in the admin, which writes no event), the date (late milestones, overdue
    reviews), the time zone and the language. One query: the heads."""
    viewpoint = grant.viewpoint
    return fragment_version(
        grant.partnership.pk,
        grant.partnership.version,
        [(p.pk, p.organization_id, p.organization.name) for p in grant.parties],
        sorted(viewpoint.party_ids),
        [p.pk for p in grant.editing_parties],
        [p.pk for p in grant.managed_parties],
        seen_heads(viewpoint),
        today.isoformat(),
        timezone.get_current_timezone_name(),
        get_language(),
    )
