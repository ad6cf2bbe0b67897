from django.urls import path

from accord.ops import health

# RequestLogMiddleware answers these first (before host checks and HTTPS redirects); the routes
# keep them reachable by name and by any request that middleware lets through.
urlpatterns = [
    path("healthz", health.healthz, name="accord-healthz"),
    path("readyz", health.readyz, name="accord-readyz"),
]
