from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "accord.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
    # Queued by the worker's schedule at every tick (accord/ops/schedule.py): new audit events
    # fanned out to the endpoints, then the deliveries that are due sent.
    periodic_jobs = ("accord.webhooks.tasks.webhook_deliveries_run",)
