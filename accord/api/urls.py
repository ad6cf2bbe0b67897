from django.urls import path

from accord.api import routers  # noqa: F401  (registers every app's router on the api)
from accord.api.api import api

urlpatterns = [path("", api.urls)]
