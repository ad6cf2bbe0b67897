"""The evidence figures, checked by hand on a small example read on Thursday 15 October 2026
(the end of that day, UTC).

- Alpha's weekly meeting cadence from Tuesday 1 September, 10:00: occurrences 1, 8, 15, 22,
  29 September, 6 and 13 October. Meetings on 1 and 8 September, 16 September (a day late:
  the 15th's) and 6 October: kept 4; 22 and 29 September missed; 13 October pending (its
  window closes on 16 October). Alpha 4/6.
- Beta's monthly update cadence from 1 September: its update of 2 September keeps the 1st;
  1 October pending (window until 16 October 22:00). Beta 1/1. Together 5/7.
- Updates: Beta's of 2 September acknowledged by Alpha after 50 h; Alpha's of 10 September by
  Beta after 4 h; Alpha's of 20 September waits. Alpha 1/1, Beta 1/2, together 2/3; median
  hours Alpha 50, Beta 4, together 27.
- Minutes of 1 September (Alpha's) approved by both; of 8 September (Beta's) by Beta only:
  1/2, Alpha 1/1, Beta 0/1.
- Action items of the 1 September meeting: Beta's due 10 September delivered the 9th (on
  time); Alpha's due 12 September delivered the 14th (late); Beta's due 5 October open
  (overdue: counts); Alpha's due 20 October open (not counted yet). 1/3, Alpha 0/1, Beta 1/2.
- Alpha's private meeting (cadence-less) with a private action item due 1 October, open:
  counts in Alpha's view only.
"""

from datetime import date, timedelta

from accord.communication import services
from accord.communication.evidence import evidence
from accord.communication.models import CadenceKind, Minutes, Update
from accord.communication.tests.helpers import at, cadence, meeting
from accord.core.models import Party
from accord.core.viewpoint import Viewpoint
from accord.trust import services as trust
from accord.trust.models import Commitment
from tests.base import AccordTestCase

TODAY = date(2026, 10, 15)


class EvidenceTests(AccordTestCase):
    held: list
    waiting: Update
    approved: Minutes
    half: Minutes
    on_time: Commitment
    late: Commitment
    overdue: Commitment

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Both parties were in the partnership all along.
        Party.objects.filter(partnership=cls.partnership).update(joined_at=at(2026, 1, 1))
        cls.party_a.refresh_from_db()
        cls.party_b.refresh_from_db()
        weekly = cadence(cls, starts_at=at(2026, 9, 1))
        monthly = cadence(
            cls,
            rule="FREQ=MONTHLY",
            starts_at=at(2026, 9, 1),
            kind=CadenceKind.UPDATE,
            party=cls.party_b,
            actor=cls.bob,
            title="Monthly update",
        )
        held = [
            meeting(cls, starts_at=at(2026, m, d), cadence=weekly, title=f"Sync {d}/{m}")
            for m, d in ((9, 1), (9, 8), (9, 16), (10, 6))
        ]
        cls.held = held
        beta_update = services.update_create(
            party=cls.party_b,
            actor=cls.bob,
            title="September",
            progress="Go.",
            cadence=monthly,
            now=at(2026, 9, 2, 9),
        )
        services.update_acknowledge(
            update=beta_update, party=cls.party_a, actor=cls.alice, now=at(2026, 9, 4, 11)
        )
        heard = services.update_create(
            party=cls.party_a,
            actor=cls.alice,
            title="Mid-month",
            progress="Ok.",
            now=at(2026, 9, 10, 9),
        )
        services.update_acknowledge(
            update=heard, party=cls.party_b, actor=cls.bob, now=at(2026, 9, 10, 13)
        )
        cls.waiting = services.update_create(
            party=cls.party_a,
            actor=cls.alice,
            title="Late month",
            progress="Slow.",
            asks="Data.",
            now=at(2026, 9, 20, 9),
        )
        cls.approved = services.minutes_create(
            party=cls.party_a, actor=cls.alice, meeting=held[0], text="Pilot agreed."
        )
        services.minutes_approve(minutes=cls.approved, party=cls.party_a, actor=cls.alice)
        services.minutes_approve(minutes=cls.approved, party=cls.party_b, actor=cls.bea)
        cls.half = services.minutes_create(
            party=cls.party_b, actor=cls.bob, meeting=held[1], text="Budget discussed."
        )
        services.minutes_approve(minutes=cls.half, party=cls.party_b, actor=cls.bea)

        def item(party, actor, title, due, delivered=None, on=held[0]):
            made = services.action_item_create(
                meeting=on, party=party, actor=actor, title=title, due_date=due
            )
            if delivered:
                trust.commitment_deliver(
                    commitment=made,
                    party=party,
                    actor=actor,
                    expected_version=None,
                    delivered_on=delivered,
                )
            return made

        cls.on_time = item(cls.party_b, cls.bob, "Site list", date(2026, 9, 10), date(2026, 9, 9))
        cls.late = item(cls.party_a, cls.alice, "Tariffs", date(2026, 9, 12), date(2026, 9, 14))
        cls.overdue = item(cls.party_b, cls.bob, "Permits", date(2026, 10, 5))
        item(cls.party_a, cls.alice, "Press note", date(2026, 10, 20))
        private = meeting(cls, starts_at=at(2026, 9, 3), visibility="private", title="Prep")
        item(cls.party_a, cls.alice, "Our brief", date(2026, 10, 1), on=private)

    def figures(self, party):
        found = evidence(Viewpoint.of_party(party), TODAY)
        return {f.key: f for f in found.figures}

    def test_figures_through_betas_eyes(self):
        f = self.figures(self.party_b)
        expected = {
            "cadence_kept": (5, 7, {self.party_a.pk: (4, 6), self.party_b.pk: (1, 1)}),
            "updates_acknowledged": (2, 3, {self.party_a.pk: (1, 1), self.party_b.pk: (1, 2)}),
            "median_hours_to_acknowledge": (
                27,
                None,
                {self.party_a.pk: (50, None), self.party_b.pk: (4, None)},
            ),
            "minutes_approved": (1, 2, {self.party_a.pk: (1, 1), self.party_b.pk: (0, 1)}),
            "action_items_on_time": (1, 3, {self.party_a.pk: (0, 1), self.party_b.pk: (1, 2)}),
        }
        for key, (value, denominator, parties) in expected.items():
            with self.subTest(key):
                figure = f[key]
                self.assertEqual((figure.value, figure.denominator), (value, denominator))
                self.assertEqual(
                    {p.party_id: (p.value, p.denominator) for p in figure.parties}, parties
                )

    def test_records_behind_the_figures(self):
        f = self.figures(self.party_b)
        self.assertEqual([r.label for r in f["cadence_kept"].records], ["Weekly sync"])
        self.assertEqual([r.id for r in f["updates_acknowledged"].records], [self.waiting.pk])
        self.assertEqual([r.id for r in f["minutes_approved"].records], [self.approved.pk])
        self.assertEqual([r.id for r in f["action_items_on_time"].records], [self.on_time.pk])

    def test_private_records_count_for_their_party_only(self):
        alpha = self.figures(self.party_a)["action_items_on_time"]
        self.assertEqual((alpha.value, alpha.denominator), (1, 4))
        self.assertEqual(alpha.of_party(self.party_a.pk).denominator, 2)

    def test_nothing_yet(self):
        empty = evidence(Viewpoint.of_party(self.party_a), date(2026, 8, 1) - timedelta(days=400))
        cadence_kept = {f.key: f for f in empty.figures}["cadence_kept"]
        self.assertEqual((cadence_kept.value, cadence_kept.denominator), (0, 0))
