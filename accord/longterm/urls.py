from django.urls import path

from accord.longterm import views

BASE = "partnerships/<id:pk>/long-term/"
KPI = f"{BASE}kpis/<id:kpi_id>/"
KPIS = f"{BASE}kpis/"
MILESTONES = f"{BASE}milestones/"
VALUE = f"{BASE}value/"
REVIEWS = f"{BASE}reviews/"
ONE = "<id:record_id>/"

urlpatterns = [
    path(BASE, views.longterm, name="accord-longterm"),
    path(KPI, views.kpi_detail, name="accord-kpi"),
    path(f"{KPI}measurements/", views.measurement_add, name="accord-measurement-add"),
    path(
        f"{KPI}measurements/<id:measurement_id>/edit/",
        views.measurement_edit,
        name="accord-measurement-edit",
    ),
    path(
        f"{KPI}measurements/<id:measurement_id>/delete/",
        views.measurement_delete,
        name="accord-measurement-delete",
    ),
    path(f"{KPI}import/", views.measurements_import, name="accord-measurements-import"),
    path(f"{KPI}measurements.csv", views.measurements_export, name="accord-measurements-export"),
    path(f"{KPIS}new/", views.kpi_new, name="accord-kpi-new"),
    path(f"{KPIS}{ONE}edit/", views.kpi_edit, name="accord-kpi-edit"),
    path(f"{KPIS}{ONE}delete/", views.kpi_delete, name="accord-kpi-delete"),
    path(f"{MILESTONES}new/", views.milestone_new, name="accord-milestone-new"),
    path(f"{MILESTONES}{ONE}edit/", views.milestone_edit, name="accord-milestone-edit"),
    path(f"{MILESTONES}{ONE}delete/", views.milestone_delete, name="accord-milestone-delete"),
    path(f"{VALUE}new/", views.value_new, name="accord-value-new"),
    path(f"{VALUE}{ONE}edit/", views.value_edit, name="accord-value-edit"),
    path(f"{VALUE}{ONE}delete/", views.value_delete, name="accord-value-delete"),
    path(f"{REVIEWS}new/", views.review_new, name="accord-review-new"),
    path(f"{REVIEWS}{ONE}edit/", views.review_edit, name="accord-review-edit"),
    path(f"{REVIEWS}{ONE}delete/", views.review_delete, name="accord-review-delete"),
]
