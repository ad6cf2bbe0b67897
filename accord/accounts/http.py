from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accord.accounts.models import User


class AuthedRequest(HttpRequest):
    """The request of a view behind login_required: its user has signed in."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails
