from django.urls import path

from accord.longterm import views

BASE = "partnerships/<id:pk>/long-term/"
KPI = f"{BASE}kpis/<id:kpi_id>/"


def record_routes(kind: str, plural: str) -> list:
    """New, edit and delete pages of one record kind (the kind is passed to the view)."""
    one = f"{BASE}{plural}/<id:record_id>/"
    return [
        path(
            f"{BASE}{plural}/new/", views.record_new, {"kind_name": kind}, name=f"accord-{kind}-new"
        ),
        path(f"{one}edit/", views.record_edit, {"kind_name": kind}, name=f"accord-{kind}-edit"),
        path(
            f"{one}delete/", views.record_remove, {"kind_name": kind}, name=f"accord-{kind}-delete"
        ),
    ]


urlpatterns = [
    path(BASE, views.longterm, name="accord-longterm"),
    path(KPI, views.kpi_detail, name="accord-kpi"),
    path(f"{KPI}measurements/", views.measurement_add, name="accord-measurement-add"),
    path(
        f"{KPI}measurements/<id:measurement_id>/delete/",
        views.measurement_delete,
        name="accord-measurement-delete",
    ),
    path(f"{KPI}import/", views.measurements_import, name="accord-measurements-import"),
    path(f"{KPI}measurements.csv", views.measurements_export, name="accord-measurements-export"),
    *record_routes("kpi", "kpis"),
    *record_routes("milestone", "milestones"),
    *record_routes("value", "value"),
    *record_routes("review", "reviews"),
]
