"""This practice's rows of the access matrix (tests/test_access.py runs them).

Records, all created in `setup`: Beta's open commitment to Alpha (`commitment`), Beta's
delivered one (`delivered`), one private to Beta; Beta's shared link (`item`), shared
document (`document`) and private document; Beta's open concern raised to Alpha (`concern`)
and an answered one (`answered_concern`).

Beta's contributors (bea, bob) change, deliver and renegotiate Beta's commitments; Alpha's
(amy, alice) confirm or dispute them, answer Beta's concerns and mark Beta's items read;
either side says a commitment is broken; vic (viewer) reads but acts on nothing; ann and olga
see nothing; a private item's file answers 404 to Alpha by page and API.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.trust import services
from tests.access_matrix import Case, record_cases, seen

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _where(t) -> dict:
    return {"partnership_id": t.partnership.pk}


def _api(kind: str, attribute: str):
    return lambda t: {"partnership_id": t.partnership.pk, f"{kind}_id": getattr(t, attribute).pk}


def _page(t) -> dict:
    return {"pk": t.partnership.pk}


def _page_record(attribute: str):
    return lambda t: {"pk": t.partnership.pk, "record_id": getattr(t, attribute).pk}


def _version(attribute: str, **extra: object):
    return lambda t: {"version": getattr(t, attribute).version, **extra}


def _in(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def who(alpha: int | None = None, beta: int | None = None, anon: int = 302) -> dict[str, int]:
    """Alpha's contributors (amy, alice) and Beta's (bea, bob) get `alpha` and `beta` (403
    when None); vic 403; ann and olga 404."""
    expect = {**seen(403, anon=anon)}
    if alpha is not None:
        expect.update(amy=alpha, alice=alpha)
    if beta is not None:
        expect.update(bea=beta, bob=beta)
    return expect


PRIVATE_TO_BETA = {**seen(404), "bea": 200, "bob": 200}
CONTRIBUTORS = who(200, 200)

API_CASES: list[Case] = [
    *record_cases(
        "commitment",
        "commitment",
        create=lambda t: {"title": "Send the roster", "due_date": _in(30)},
        patch=lambda t: {"title": "Send the full roster"},
        private="private_commitment",
    ),
    *record_cases(
        "item",
        "item",
        create=lambda t: {"title": "Videos", "url": "https://example.com/v"},
        patch=lambda t: {"note": "Module 3."},
        private="private_document",
    ),
    *record_cases(
        "concern",
        "concern",
        create=lambda t: {"topic": "Late invoices", "text": "Paid after 60 days."},
        patch=lambda t: {"topic": "Invoices paid late"},
    ),
    Case(
        "api:commitment_deliver",
        who(beta=200, anon=401),
        method="post",
        kwargs=_api("commitment", "commitment"),
        data=_version("commitment"),
    ),
    Case(
        "api:commitment_renegotiate",
        who(beta=200, anon=401),
        method="post",
        kwargs=_api("commitment", "commitment"),
        data=lambda t: {"version": t.commitment.version, "due_date": _in(60), "reason": "Late."},
    ),
    Case(
        "api:commitment_break",
        who(200, 200, anon=401),
        method="post",
        kwargs=_api("commitment", "commitment"),
        data=_version("commitment", reason="Cancelled."),
    ),
    Case(
        "api:commitment_confirm",
        who(alpha=200, anon=401),
        method="post",
        kwargs=_api("commitment", "delivered"),
        data=_version("delivered"),
    ),
    Case(
        "api:commitment_dispute",
        who(alpha=200, anon=401),
        method="post",
        kwargs=_api("commitment", "delivered"),
        data=_version("delivered", reason="Half of it is missing."),
    ),
    # No file sent: those allowed get as far as 400 ("send the document").
    Case("api:item_upload", who(400, 400, anon=401), method="post", kwargs=_where),
    Case("api:item_download", seen(200, anon=401), kwargs=_api("item", "document")),
    Case(
        "api:item_download",
        {**PRIVATE_TO_BETA, "anon": 401},
        kwargs=_api("item", "private_document"),
    ),
    Case(
        "api:item_read",
        who(alpha=200, anon=401),
        method="post",
        kwargs=_api("item", "document"),
        data=lambda t: {},
    ),
    Case(
        "api:concern_answer",
        who(alpha=200, anon=401),
        method="post",
        kwargs=_api("concern", "concern"),
        data=_version("concern", text="We pay within 30 days from now on."),
    ),
    Case(
        "api:concern_close",
        who(beta=200, anon=401),
        method="post",
        kwargs=_api("concern", "concern"),
        data=_version("concern"),
    ),
    Case(
        "api:concern_reopen",
        who(beta=200, anon=401),
        method="post",
        kwargs=_api("concern", "answered_concern"),
        data=_version("answered_concern", reason="Still late."),
    ),
    Case("api:trust_get", seen(200, anon=401), kwargs=_where),
    Case("api:history_verify", seen(200, anon=401), method="post", kwargs=_where),
]


def _redirects(expect: dict[str, int]) -> dict[str, int]:
    return {persona: 302 if code == 200 else code for persona, code in expect.items()}


PAGE_CASES: list[Case] = [
    Case("accord-trust", seen(200), kwargs=_page),
    Case("accord-trust-verify", seen(302), method="post", kwargs=_page),
    Case("accord-commitment-deliver", who(beta=200), kwargs=_page_record("commitment")),
    Case(
        "accord-commitment-deliver",
        _redirects(who(beta=200)),
        method="post",
        kwargs=_page_record("commitment"),
        data=_version("commitment"),
    ),
    Case("accord-commitment-renegotiate", who(beta=200), kwargs=_page_record("commitment")),
    Case("accord-commitment-break", who(200, 200), kwargs=_page_record("commitment")),
    Case("accord-commitment-confirm", who(alpha=200), kwargs=_page_record("delivered")),
    Case(
        "accord-commitment-confirm",
        _redirects(who(alpha=200)),
        method="post",
        kwargs=_page_record("delivered"),
        data=_version("delivered"),
    ),
    Case("accord-commitment-dispute", who(alpha=200), kwargs=_page_record("delivered")),
    Case("accord-item-download", seen(200), kwargs=_page_record("document")),
    Case("accord-item-download", PRIVATE_TO_BETA, kwargs=_page_record("private_document")),
    Case("accord-item-read", who(alpha=200), kwargs=_page_record("document")),
    Case(
        "accord-item-read",
        _redirects(who(alpha=200)),
        method="post",
        kwargs=_page_record("document"),
        data=_version("document"),
    ),
    Case("accord-concern-answer", who(alpha=200), kwargs=_page_record("concern")),
    Case("accord-concern-close", who(beta=200), kwargs=_page_record("concern")),
    Case("accord-concern-reopen", who(beta=200), kwargs=_page_record("answered_concern")),
]
for kind, attribute in (("commitment", "commitment"), ("item", "item"), ("concern", "concern")):
    PAGE_CASES += [
        Case(f"accord-{kind}-new", CONTRIBUTORS, kwargs=_page),
        Case(f"accord-{kind}-edit", who(beta=200), kwargs=_page_record(attribute)),
        Case(
            f"accord-{kind}-delete",
            _redirects(who(beta=200)),
            method="post",
            kwargs=_page_record(attribute),
        ),
    ]

CASES: list[Case] = API_CASES + PAGE_CASES


def pdf(name: str = "plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def setup(t) -> None:
    """Create, on the test class `t`, the records the cases refer to: all Beta's, by bob."""
    by_bob = t.acting_as(t.bob)
    by_alice = t.acting_as(t.alice)
    today = timezone.localdate()
    t.commitment = services.commitment_create(
        **by_bob,
        title="Installer roster",
        due_date=today + timedelta(days=10),
        receiver_party_id=t.party_a.pk,
    )
    delivered = services.commitment_create(
        **by_bob,
        title="Site survey",
        due_date=today + timedelta(days=5),
        receiver_party_id=t.party_a.pk,
    )
    t.delivered = services.commitment_deliver(
        commitment=delivered, party=t.party_b, actor=t.bob, expected_version=delivered.version
    )
    t.private_commitment = services.commitment_create(
        **by_bob, title="Internal margin check", due_date=today, visibility="private"
    )
    t.item = services.item_create(**by_bob, title="Training", url="https://example.com/t")
    t.document = services.item_create(**by_bob, title="Plan", upload=pdf())
    t.private_document = services.item_create(
        **by_bob, title="Our costs", upload=pdf("costs.pdf"), visibility="private"
    )
    t.concern = services.concern_create(
        **by_bob, topic="Slow approvals", text="Approvals take three weeks."
    )
    answered = services.concern_create(**by_bob, topic="Data format", text="CSV please.")
    t.answered_concern = services.concern_answer(
        concern=answered,
        party=by_alice["party"],
        actor=t.alice,
        expected_version=None,
        text="Done from next month.",
    )
