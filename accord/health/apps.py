from django.apps import AppConfig


class HealthConfig(AppConfig):
    """The health check: each practice's evidence (through `Practice.evidence`) scored, joined
    with each party's perception (the surveys app), gaps, flags and recommendations; daily
    snapshots for trends and the portfolio. Not a practice: it builds on all of them and names
    none."""

    name = "accord.health"
    label = "health"
    verbose_name = "Health check"
    # One snapshot a day of each party of each live partnership (accord/ops/schedule.py).
    daily_jobs = ("accord.health.tasks.snapshots_take",)
