from django.urls import path

from accord.audit import views

urlpatterns = [
    path("partnerships/<id:pk>/history/", views.history, name="accord-partnership-history"),
    path(
        "partnerships/<id:pk>/history/receipt/",
        views.history_receipt,
        name="accord-partnership-history-receipt",
    ),
]
