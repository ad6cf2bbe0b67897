"""Background jobs of webhooks, run by `accord worker`."""

from django_tasks import task

from accord.webhooks import services
from accord.webhooks.models import WebhookDelivery


@task()
def webhook_deliveries_run() -> None:
    """At every tick: new events fanned out into deliveries, then the due ones sent."""
    services.webhook_events_fan_out()
    services.webhook_deliveries_send()
    services.webhook_deliveries_prune()


@task()
def webhook_delivery_send(delivery_id: int) -> None:
    """A test event, sent as soon as it is queued."""
    delivery = (
        WebhookDelivery.objects.select_related("endpoint", "event").filter(pk=delivery_id).first()
    )
    if delivery is not None:
        services.delivery_attempt(delivery=delivery)
