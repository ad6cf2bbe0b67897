"""The health page of a partnership and its "take a snapshot now" button. The health is read
through the viewer's viewpoint (`grant.viewpoint`), the trend from their own party's snapshots
(`selectors.trend_party`); both read top to bottom: access → act → respond."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from accord.accounts.http import AuthedRequest
from accord.core import access
from accord.health import selectors
from accord.health.checkup import health_of
from accord.health.presentation import (
    health_radar,
    labelled,
    overall_trend_chart,
    practice_rows,
)
from accord.health.snapshots import snapshot_take


@login_required
def health(request: AuthedRequest, pk: int) -> HttpResponse:
    """The overall score and band, the radar, each practice's score, confidence, reasons,
    figures and perception side by side, the flags, the recommendations by impact, and the
    trend of each score from the viewer's party's snapshots."""
    grant = access.partnership_access(request.user, pk)
    today = timezone.localdate()
    checkup = health_of(grant.viewpoint, today)
    party = selectors.trend_party(grant.viewpoint)
    trend = selectors.trend_of(party, since=selectors.trend_since(today))
    context = {
        "grant": grant,
        "p": grant.partnership,
        "tab": "health",
        "health": checkup,
        "practices": practice_rows(checkup, trend),
        "recommendations": labelled(checkup, checkup.recommendations),
        "flags": labelled(checkup, checkup.flags),
        # Both SVG strings escape every text they hold (accord.lib.radar, accord.lib.svgchart).
        "radar": mark_safe(health_radar(checkup)),
        "overall_trend": mark_safe(overall_trend_chart(trend)),
        "trend_party": party,
        "may_snapshot": selectors.party_to_snapshot(grant) is not None,
    }
    return render(request, "health/health.html", context)


@login_required
@require_POST
def health_snapshot(request: AuthedRequest, pk: int) -> HttpResponse:
    """Take (or take again) today's snapshot of the viewer's party, then show the page."""
    grant = access.partnership_access(request.user, pk, "edit")
    party = selectors.party_to_snapshot(grant)
    if party is None:
        raise PermissionDenied("Only those who may edit for your party take its snapshot.")
    snapshot_take(party=party, today=timezone.localdate())
    messages.success(request, "Snapshot taken: today's scores are in the trend.")
    page = reverse("accord-health", args=[pk])
    if request.htmx:
        # The whole page changes (the trend, the message): htmx goes to it.
        return HttpResponse(status=204, headers={"HX-Redirect": page})
    return redirect(page)
