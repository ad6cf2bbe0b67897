from django.urls import path

from accord.portability import views

urlpatterns = [
    path(
        "partnerships/<int:pk>/export/",
        views.partnership_export_download,
        name="accord-partnership-export",
    ),
    path(
        "api/v1/schemas/partnership.json",
        views.partnership_schema,
        name="accord-partnership-schema",
    ),
]
