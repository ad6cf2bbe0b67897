from django.contrib import admin
from django.urls import include, path, register_converter

from accord.core.practices import practices
from accord.lib.converters import RecordIdConverter

# Before the includes below: their patterns use it.
register_converter(RecordIdConverter, "id")

urlpatterns = [
    path("", include("accord.accounts.urls")),
    path("", include("accord.core.urls")),
    path("", include("accord.audit.urls")),
    path("", include("accord.notifications.urls")),
    path("", include("accord.calendar_feed.urls")),
    # Each practice's pages, in practice order, from its Practice declaration.
    *[path("", include(practice.urls)) for practice in practices()],
    path("", include("accord.health.urls")),
    path("", include("accord.webhooks.urls")),
    path("", include("accord.reports.urls")),
    path("", include("accord.portability.urls")),
    path("", include("accord.surveys.urls")),
    path("", include("accord.portfolio.urls")),
    path("api/v1/", include("accord.api.urls")),
    path("admin/", admin.site.urls),
    path("", include("accord.ops.urls")),
]

handler404 = "accord.views.not_found"
handler500 = "accord.views.server_error"
