from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    """A partnership as one portable JSON document, as a party sees it: export and import."""

    name = "accord.portability"
    label = "portability"
    verbose_name = "Export and import"
