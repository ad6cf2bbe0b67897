from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Quarterly business review reports, HTML and PDF, made by the worker and kept."""

    name = "accord.reports"
    label = "reports"
    verbose_name = "Reports"
