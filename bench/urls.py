"""Accord's URLs plus the floor: a trivial login-protected view through the same middleware,
authentication and session as every page, against which the bench measures each page. It is
not a production route: only `bench.settings` mounts it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from accord.urls import urlpatterns as accord_urlpatterns


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("floor", content_type="text/plain")


@login_required
def layout(request: HttpRequest) -> HttpResponse:
    """The site's layout around one paragraph: what every page pays before its own content."""
    return render(request, "bench/layout.html")


urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("bench/layout/", layout, name="bench-layout"),
    *accord_urlpatterns,
]
