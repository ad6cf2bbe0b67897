"""The pages of a person's notifications: the list, marking read (one or all), and how they
are emailed. One view per action; each reads only the signed-in person's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.accounts.http import AuthedRequest
from accord.notifications import selectors, services
from accord.notifications.forms import EmailPreferenceForm

PER_PAGE = 50


@login_required
def notifications(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request: AuthedRequest, notification_id: int) -> HttpResponse:
    notification = selectors.notification_of(request.user, notification_id)
    services.notification_mark_read(notification=notification, user=request.user)
    return redirect("accord-notifications")


@login_required
@require_POST
def notifications_read_all(request: AuthedRequest) -> HttpResponse:
    marked = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"Marked {marked} notification{'s' if marked != 1 else ''} read.")
    return redirect("accord-notifications")


@login_required
def notification_settings(request: AuthedRequest) -> HttpResponse:
    preference = services.email_preference_of(request.user)
    form = EmailPreferenceForm(request.POST or None, initial={"email": preference.email})
    if request.method == "POST" and form.is_valid():
        services.email_preference_set(user=request.user, email=form.cleaned_data["email"])
        messages.success(request, "Saved how your notifications are emailed.")
        return redirect("accord-notification-settings")
    return render(request, "notifications/settings.html", {"form": form})
