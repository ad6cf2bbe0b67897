from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "accord.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from django.core import checks

        from accord.ops import requestlog, schedule

        requestlog.connect_signals()
        checks.register(schedule.check_scheduled_jobs)
