"""The access matrix's rows of webhooks (tests/test_access.py): Alpha's admin (amy) manages
Alpha's webhooks; Alpha's other members are refused (403); everyone else sees nothing (404)."""

from accord.webhooks.services import endpoint_create
from tests.access_matrix import Case


def admin_only(status: int, anon: int) -> dict[str, int]:
    return {
        "amy": status,
        **dict.fromkeys(["alice", "vic", "ann"], 403),
        **dict.fromkeys(["bea", "bob", "olga"], 404),
        "anon": anon,
    }


def setup(t) -> None:
    t.webhook = endpoint_create(
        organization=t.alpha, actor=t.amy, url="https://hooks.example.com/alpha"
    )


def org(t) -> dict:
    return {"slug": "alpha"}


def one(t) -> dict:
    return {"slug": "alpha", "webhook_id": t.webhook.pk}


CASES = [
    Case("accord-webhooks", admin_only(200, 302), kwargs=org),
    Case("accord-webhook-new", admin_only(200, 302), kwargs=org),
    Case("accord-webhook", admin_only(200, 302), kwargs=one),
    Case("accord-webhook-edit", admin_only(200, 302), kwargs=one),
    Case("accord-webhook-delete", admin_only(302, 302), method="post", kwargs=one),
    Case("accord-webhook-secret", admin_only(302, 302), method="post", kwargs=one),
    Case("accord-webhook-test", admin_only(302, 302), method="post", kwargs=one),
    Case("api:webhook_list", admin_only(200, 401), kwargs=org),
    Case(
        "api:webhook_create",
        admin_only(201, 401),
        method="post",
        kwargs=org,
        data=lambda t: {"url": "https://hooks.example.com/new"},
    ),
    Case("api:webhook_get", admin_only(200, 401), kwargs=one),
    Case(
        "api:webhook_update",
        admin_only(200, 401),
        method="patch",
        kwargs=one,
        data=lambda t: {"version": 1, "description": "CRM"},
    ),
    Case("api:webhook_delete", admin_only(204, 401), method="delete", kwargs=one),
    Case("api:webhook_secret_rotate", admin_only(200, 401), method="post", kwargs=one),
    Case("api:webhook_test", admin_only(202, 401), method="post", kwargs=one),
    Case("api:webhook_delivery_list", admin_only(200, 401), kwargs=one),
]
