from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "accord.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from accord.ops import requestlog

        requestlog.connect_signals()
