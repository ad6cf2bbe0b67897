"""Practice 2 demo data, built through the services so the audit trail holds for it.

"Community solar rollout" (Northwind + Helios) runs on trust: both sides keep their promises
(one renegotiated in time, one kept a few days late), share documents and links both ways and
read each other's, and a concern was answered within hours and closed. "Panel logistics
Europe" (Helios + Cobalt) is where trust wears thin: Cobalt keeps breaking promises (broken,
disputed, late, overdue now, and one marked broken automatically past the grace period) while
Helios keeps its own; sharing is lopsided (Helios shares, Cobalt barely reads); and Helios's
concern about missed pickups was answered only after nine days.

Dates are relative to today; the concerns are raised and answered at times in the past (the
services take the moment, `now=`), so the time to a first answer reads as it would have; the
audit trail keeps when the demo wrote them.
"""

from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.accounts.models import User
from accord.core.access import partnership_access
from accord.core.models import Partnership, Party
from accord.trust import services
from accord.trust.models import Commitment

# A small, valid PDF: the demo's shared documents open in the browser.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def load_demo(partnerships: dict[str, Partnership], people: dict[str, User]) -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    solar = partnerships.get("Community solar rollout")
    if solar is not None:
        _community_solar(solar, people, now)
    logistics = partnerships.get("Panel logistics Europe")
    if logistics is not None:
        _panel_logistics(logistics, people, now)
    services.commitments_break_overdue(today=today)


class _Side:
    """One party of a demo partnership, acting through one of its people."""

    def __init__(self, partnership: Partnership, user: User, today: date) -> None:
        self.user = user
        self.today = today
        self.party: Party = partnership_access(user, partnership.pk, "edit").acting_party()

    def promise(self, title: str, due: date, to: "_Side", **fields: object) -> Commitment:
        return services.commitment_create(
            party=self.party,
            actor=self.user,
            title=title,
            due_date=due,
            receiver_party_id=to.party,
            **fields,  # type: ignore[arg-type]
        )

    def deliver(self, commitment: Commitment, on: date, note: str = "") -> Commitment:
        return services.commitment_deliver(
            commitment=commitment,
            party=self.party,
            actor=self.user,
            expected_version=None,
            delivered_on=on,
            note=note,
            today=self.today,
        )

    def confirm(self, commitment: Commitment) -> Commitment:
        return services.commitment_confirm(
            commitment=commitment, party=self.party, actor=self.user, expected_version=None
        )

    def dispute(self, commitment: Commitment, reason: str) -> Commitment:
        return services.commitment_dispute(
            commitment=commitment,
            party=self.party,
            actor=self.user,
            expected_version=None,
            reason=reason,
        )

    def break_(self, commitment: Commitment, reason: str) -> Commitment:
        return services.commitment_break(
            commitment=commitment,
            party=self.party,
            actor=self.user,
            expected_version=None,
            reason=reason,
        )

    def share(self, title: str, *, url: str = "", pdf: str = "", note: str = "") -> object:
        upload = SimpleUploadedFile(pdf, PDF, content_type="application/pdf") if pdf else None
        return services.item_create(
            party=self.party, actor=self.user, title=title, url=url, note=note, upload=upload
        )

    def read(self, item: object) -> None:
        services.item_mark_read(item=item, party=self.party, actor=self.user)  # type: ignore[arg-type]


def _kept(
    promiser: _Side, receiver: _Side, title: str, due: date, delivered: date, confirm: bool = True
) -> Commitment:
    commitment = promiser.deliver(promiser.promise(title, due, receiver), delivered)
    return receiver.confirm(commitment) if confirm else commitment


def _community_solar(partnership: Partnership, people: dict[str, User], now: datetime) -> None:
    today = timezone.localdate(now)
    northwind = _Side(partnership, people["adam"], today)
    helios = _Side(partnership, people["arjun"], today)
    day = lambda n: today + timedelta(days=n)  # noqa: E731

    _kept(northwind, helios, "Share the list of eligible homes", day(-150), day(-152))
    _kept(helios, northwind, "Certify twelve installers", day(-120), day(-121))
    _kept(northwind, helios, "Open the customer hotline", day(-95), day(-96))
    _kept(helios, northwind, "Install the first 100 roofs", day(-70), day(-66))  # a bit late
    _kept(northwind, helios, "Approve the grid connection template", day(-45), day(-47))
    _kept(helios, northwind, "Publish the installation schedule", day(-30), day(-30))
    _kept(northwind, helios, "Pay the first milestone invoice", day(-14), day(-16), confirm=False)
    moved = helios.promise(
        "Quarterly quality report", day(3), northwind, promiser_person_id=people["mateo"]
    )
    services.commitment_renegotiate(
        commitment=moved,
        party=helios.party,
        actor=helios.user,
        expected_version=None,
        due_date=day(17),
        reason="The inspection body moved its visits by two weeks.",
        today=today,
    )
    northwind.promise("Co-brand the spring campaign", day(25), helios)

    plan = northwind.share(
        "Rollout plan 2026", pdf="rollout-plan-2026.pdf", note="Regions in the order we start."
    )
    specs = helios.share("Panel and inverter specifications", pdf="specifications.pdf")
    faq = northwind.share("Customer FAQ", url="https://northwind.example/solar/faq")
    training = helios.share(
        "Installer training videos", url="https://helios.example/training", note="Module 3 is new."
    )
    for item in (plan, faq):
        helios.read(item)
    for item in (specs, training):
        northwind.read(item)

    raised = now - timedelta(days=20)
    concern = services.concern_create(
        party=helios.party,
        actor=helios.user,
        topic="Roof surveys booked twice",
        text="Two crews arrived at the same homes last week.",
        severity="medium",
        now=raised,
    )
    concern = services.concern_answer(
        concern=concern,
        party=northwind.party,
        actor=northwind.user,
        expected_version=None,
        text="Our booking tool sent both calendars; fixed, one calendar from now on.",
        now=raised + timedelta(hours=3),
    )
    services.concern_close(
        concern=concern,
        party=helios.party,
        actor=helios.user,
        expected_version=None,
        now=raised + timedelta(days=1),
    )


def _panel_logistics(partnership: Partnership, people: dict[str, User], now: datetime) -> None:
    today = timezone.localdate(now)
    helios = _Side(partnership, people["arjun"], today)
    cobalt = _Side(partnership, people["andre"], today)
    day = lambda n: today + timedelta(days=n)  # noqa: E731

    # Helios keeps its promises.
    _kept(helios, cobalt, "Forecast panel volumes for Q1", day(-140), day(-141))
    _kept(helios, cobalt, "Give warehouse access badges", day(-100), day(-100))
    _kept(helios, cobalt, "Forecast panel volumes for Q2", day(-50), day(-52))
    _kept(helios, cobalt, "Label pallets with the new codes", day(-20), day(-21), confirm=False)

    # Cobalt keeps breaking them.
    _kept(cobalt, helios, "Assign a dedicated dispatcher", day(-130), day(-118))  # late
    missed = cobalt.promise("Deliver the port shuttle schedule", day(-90), helios)
    helios.break_(missed, "Never sent; we built the schedule ourselves.")
    trucks = cobalt.promise("Add two trucks for the Rotterdam run", day(-60), helios)
    cobalt.break_(trucks, "The leasing deal fell through.")
    report = cobalt.deliver(cobalt.promise("Weekly damage report", day(-35), helios), day(-33))
    helios.dispute(report, "Only two of the four warehouses are in it.")
    cobalt.promise("Five-day port-to-installer trial", day(-40), helios)  # broken by the sweep
    cobalt.promise("Share GPS tracking of shipments", day(-3), helios)  # overdue now
    cobalt.promise("Quote for the Nordic lane", day(20), helios)

    for title, pdf in (
        ("Q3 volume forecast", "q3-forecast.pdf"),
        ("Warehouse map", "warehouse-map.pdf"),
        ("Packaging standard", "packaging-standard.pdf"),
    ):
        helios.share(title, pdf=pdf)
    read = helios.share("Installer addresses", url="https://helios.example/installers")
    helios.share("Returns procedure", url="https://helios.example/returns")
    cobalt.read(read)
    rates = cobalt.share("Rate card 2026", url="https://cobalt.example/rates")
    helios.read(rates)

    raised = now - timedelta(days=16)
    concern = services.concern_create(
        party=helios.party,
        actor=helios.user,
        topic="Missed pickups at the port",
        text="Four pickups missed in two weeks; installers waited with no panels.",
        severity="high",
        now=raised,
    )
    services.concern_answer(
        concern=concern,
        party=cobalt.party,
        actor=cobalt.user,
        expected_version=None,
        text="Short of drivers during the holidays; a second dispatcher starts next month.",
        now=raised + timedelta(days=9),
    )
    services.concern_create(
        party=cobalt.party,
        actor=cobalt.user,
        topic="Late pallet labels",
        text="Unlabelled pallets cost us a day at the depot.",
        severity="low",
        now=now - timedelta(days=4),
    )
