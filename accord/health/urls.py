from django.urls import path

from accord.health import views

P = "partnerships/<id:pk>/health/"

urlpatterns = [
    path(P, views.health, name="accord-health"),
    path(f"{P}snapshot/", views.health_snapshot, name="accord-health-snapshot"),
]
