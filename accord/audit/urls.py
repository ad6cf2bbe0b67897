from django.urls import path

from accord.audit import views

urlpatterns = [
    path("partnerships/<id:pk>/history/", views.history, name="accord-partnership-history"),
    path(
        "partnerships/<id:pk>/history/check/",
        views.history_check,
        name="accord-partnership-history-check",
    ),
    path(
        "partnerships/<id:pk>/history/receipt/",
        views.history_receipt,
        name="accord-partnership-history-receipt",
    ),
    path(
        "partnerships/<id:pk>/history/receipt/check/",
        views.history_receipt_check,
        name="accord-partnership-history-receipt-check",
    ),
]
