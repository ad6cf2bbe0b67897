"""Pages of an organization's webhooks, under its settings; for its owners and admins (others
of the organization: 403; outsiders: 404). One view per action; the rules are the services'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.accounts.http import AuthedRequest
from accord.core.access import organization_access
from accord.core.errors import StaleEdit
from accord.core.record_views import add_form_errors
from accord.webhooks import selectors, services
from accord.webhooks.forms import WebhookEditForm, WebhookForm
from accord.webhooks.models import WebhookEndpoint

LOG_ROWS = 50


def _endpoint(request: AuthedRequest, slug: str, webhook_id: int) -> WebhookEndpoint:
    return selectors.endpoint_of(organization_access(request.user, slug, "admin"), webhook_id)


@login_required
def webhooks(request: AuthedRequest, slug: str) -> HttpResponse:
    org = organization_access(request.user, slug, "admin")
    endpoints = list(selectors.endpoints_of(org))
    return render(request, "webhooks/webhooks.html", {"org": org, "endpoints": endpoints})


@login_required
def webhook_new(request: AuthedRequest, slug: str) -> HttpResponse:
    org = organization_access(request.user, slug, "admin")
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.endpoint_create(
                organization=org, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Webhook added. Copy its secret to verify the signatures.")
            return redirect("accord-webhook", slug, endpoint.pk)
    status = 400 if form.errors else 200
    return render(request, "webhooks/webhook_new.html", {"org": org, "form": form}, status=status)


@login_required
def webhook(request: AuthedRequest, slug: str, webhook_id: int) -> HttpResponse:
    endpoint = _endpoint(request, slug, webhook_id)
    deliveries = list(selectors.deliveries_of(endpoint)[:LOG_ROWS])
    return render(
        request,
        "webhooks/webhook.html",
        {"org": endpoint.organization, "endpoint": endpoint, "deliveries": deliveries},
    )


@login_required
def webhook_edit(request: AuthedRequest, slug: str, webhook_id: int) -> HttpResponse:
    endpoint = _endpoint(request, slug, webhook_id)
    initial = {f: getattr(endpoint, f) for f in ("url", "description", "active", "version")}
    form = WebhookEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        version = changes.pop("version")
        try:
            services.endpoint_update(
                endpoint=endpoint, actor=request.user, expected_version=version, changes=changes
            )
        except ValidationError as error:
            add_form_errors(form, error)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
            form.data = {**request.POST.dict(), "version": stale.current.version}
        else:
            messages.success(request, "Webhook saved.")
            return redirect("accord-webhook", slug, endpoint.pk)
    status = 400 if form.errors else 200
    context = {"org": endpoint.organization, "endpoint": endpoint, "form": form}
    return render(request, "webhooks/webhook_edit.html", context, status=status)


@login_required
@require_POST
def webhook_delete(request: AuthedRequest, slug: str, webhook_id: int) -> HttpResponse:
    endpoint = _endpoint(request, slug, webhook_id)
    services.endpoint_delete(endpoint=endpoint, actor=request.user)
    messages.success(request, f"Webhook {endpoint.url} deleted.")
    return redirect("accord-webhooks", slug)


@login_required
@require_POST
def webhook_secret_rotate(request: AuthedRequest, slug: str, webhook_id: int) -> HttpResponse:
    endpoint = _endpoint(request, slug, webhook_id)
    services.endpoint_secret_rotate(endpoint=endpoint, actor=request.user)
    messages.success(request, "New secret made: deliveries are signed with it from now on.")
    return redirect("accord-webhook", slug, endpoint.pk)


@login_required
@require_POST
def webhook_test(request: AuthedRequest, slug: str, webhook_id: int) -> HttpResponse:
    endpoint = _endpoint(request, slug, webhook_id)
    services.endpoint_test(endpoint=endpoint, actor=request.user)
    messages.success(request, "Test event queued: the worker sends it now; see the log below.")
    return redirect("accord-webhook", slug, endpoint.pk)
