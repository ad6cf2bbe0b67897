from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from accord.audit.models import AuditEvent, ChainHead
from accord.audit.receipts import receipt_chains
from accord.core.access import PartnershipAccess
from accord.core.viewpoint import Viewpoint
from accord.lib.fragments import fragment_version


def partnership_history(viewpoint: Viewpoint) -> QuerySet[AuditEvent]:
    """The events seen from `viewpoint`, newest first: the partnership's shared chain and the
    private chains of its organizations, merged by time (each chain numbers only its own
    events, so no number tells of events in a chain the viewer does not see)."""
    return (
        AuditEvent.objects.filter(partnership=viewpoint.partnership)
        .visible_to_organizations(viewpoint.organization_ids)
        .order_by("-at", "-id")
    )


def page_fragment_key(grant: PartnershipAccess, today: date) -> str:
    """The key of a fragment of a partnership page rendered for this grant's holder: equal for
    two requests only when the fragment they would render is the same.

    Every change of partnership data appends an event to the shared chain or to the private
    chain of the organization that owns the record (decision 0002), so the heads of the chains
    the holder sees move with every change they could see, and only with those: another
    organization's private chain is not in the key, so its private changes neither show nor
    invalidate. The parties the holder sees through (whose private records enter the
    fragment) and the parties they edit or manage (the buttons) are in the key, so a viewer of
    the other party, or one with other rights, never gets this holder's fragment. Also in it:
    the partnership's version, the parties' organization names (editable by operators in the
    admin, which writes no event), the date (late milestones, overdue reviews), the time zone
    and the language. One query: the heads."""
    heads = ChainHead.objects.filter(chain__in=receipt_chains(grant)).order_by("chain")
    return fragment_version(
        grant.partnership.pk,
        grant.partnership.version,
        [(p.pk, p.organization_id, p.organization.name) for p in grant.parties],
        [p.pk for p in grant.my_parties],
        [p.pk for p in grant.editing_parties],
        [p.pk for p in grant.managed_parties],
        list(heads.values_list("chain", "seq", "digest")),
        today.isoformat(),
        timezone.get_current_timezone_name(),
        get_language(),
    )
