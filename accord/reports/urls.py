from django.urls import path

from accord.reports import views

P = "partnerships/<id:pk>/reports/"

urlpatterns = [
    path(P, views.reports, name="accord-reports"),
    path(f"{P}new/", views.report_new, name="accord-report-new"),
    path(f"{P}<id:report_id>/status/", views.report_status, name="accord-report-status"),
    path(f"{P}<id:report_id>/html/", views.report_html, name="accord-report-html"),
    path(f"{P}<id:report_id>/pdf/", views.report_pdf, name="accord-report-pdf"),
]
