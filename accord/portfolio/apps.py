from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    """An organization's partnerships side by side, read from the health snapshots."""

    name = "accord.portfolio"
    label = "portfolio"
    verbose_name = "Portfolio"
