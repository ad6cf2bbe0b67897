"""Helpers of the calendar feed's tests: the cast's records made through the practices'
services, feeds made through this app's, and feeds read back with `icalendar`."""

from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accord.calendar_feed.models import CalendarFeed
from accord.calendar_feed.services import calendar_feed_create, calendar_feed_rotate
from accord.core.models import Party, Visibility
from accord.longterm import services as longterm
from accord.longterm.models import Review
from accord.roles import services as roles
from accord.roles.models import RuleKind
from accord.trust import services as trust
from tests.base import AccordTestCase


def days(n: int) -> date:
    """Today plus n days (n < 0: in the past)."""
    return timezone.localdate() + timedelta(days=n)


class FeedTestCase(AccordTestCase):
    @classmethod
    def party_user(cls, party: Party) -> Any:
        """The contributor who acts for `party`: alice for Alpha, bob for Beta."""
        return cls.alice if party == cls.party_a else cls.bob

    @classmethod
    def commitment(cls, title: str, due: int, party: Party | None = None, **fields: Any) -> Any:
        party = party or cls.party_b
        other = cls.party_a if party == cls.party_b else cls.party_b
        return trust.commitment_create(
            party=party,
            actor=cls.party_user(party),
            title=title,
            due_date=days(due),
            receiver_party_id=other,
            **fields,
        )

    @classmethod
    def decision(cls, title: str, due: int, party: Party | None = None, **fields: Any) -> Any:
        """A decision waiting under a rule of `party`'s own lead (so it may be private)."""
        party = party or cls.party_b
        actor = cls.party_user(party)
        rule = roles.rule_create(
            party=party, actor=actor, title="Ours", kind=RuleKind.LEAD_PARTY, lead_party=party
        )
        return roles.decision_create(
            party=party, actor=actor, rule=rule, title=title, deadline=days(due), **fields
        )

    @classmethod
    def milestone(cls, title: str, due: int, party: Party | None = None, **fields: Any) -> Any:
        party = party or cls.party_b
        return longterm.milestone_create(
            party=party, actor=cls.party_user(party), title=title, due_date=days(due), **fields
        )

    @classmethod
    def review(cls, held: int, next_in: int, *, private_to: Party | None = None) -> Any:
        """A review held `held` days from today setting the next one `next_in` days from today;
        private to a party if told (the pages never make one, older data may hold one)."""
        if private_to is not None:
            return cls.record(
                Review,
                party=private_to,
                private=True,
                held_on=days(held),
                decision="continue",
                next_review_on=days(next_in),
            )
        return longterm.review_create(
            party=cls.party_a,
            actor=cls.alice,
            held_on=days(held),
            decision="continue",
            next_review_on=days(next_in),
        )

    @staticmethod
    def feed_token(user: Any) -> str:
        """A fresh token of the user's feed (made, or rotated if they have one)."""
        try:
            return calendar_feed_rotate(user=user)[1]
        except CalendarFeed.DoesNotExist:
            return calendar_feed_create(user=user)[1]

    @staticmethod
    def fetch(token: str, **headers: str) -> Any:
        """GET the feed as a calendar client does: no session."""
        url = reverse("accord-calendar-feed-ics", args=[token])
        return Client().get(url, headers=headers)

    def calendar_of(self, user: Any) -> Calendar:
        response = self.fetch(self.feed_token(user))
        self.assertEqual(response.status_code, 200, response.content[:300])
        return Calendar.from_ical(response.content)

    def summaries(self, user: Any) -> list[str]:
        return [str(event["SUMMARY"]) for event in self.calendar_of(user).walk("VEVENT")]


PRIVATE = Visibility.PRIVATE
