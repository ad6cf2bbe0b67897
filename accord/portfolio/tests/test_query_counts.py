"""The portfolio's page, CSV and API read a fixed number of queries whatever the number of
partnerships: the latest snapshots, not the records."""

from django.urls import reverse

from accord.core.models import Partnership, Party
from accord.portfolio.tests.factories import history
from tests.base import QueryCountTestCase


class PortfolioQueryCountTests(QueryCountTestCase):
    GROW = (3, 30)

    def grow(self, n: int) -> None:
        """n more partnerships of Alpha with Beta, most with twelve weeks of weekly checks
        (some poor, some falling: the attention list is full), one in five without a check."""
        made = Partnership.objects.bulk_create(
            [Partnership(name=f"Grown {Partnership.objects.count() + i}") for i in range(n)]
        )
        parties = Party.objects.bulk_create(
            [Party(partnership=p, organization=o) for p in made for o in (self.alpha, self.beta)]
        )
        for i, party in enumerate(parties):
            if party.organization_id == self.alpha.pk and i % 5:
                history(party, [80 - i % 40 - 2 * week for week in range(12)], overdue=i % 3)

    def test_the_page(self):
        """Session, user, roles, organization, partner organizations (the filter's choices),
        count, page, its partners, its sparklines, the attention list and its partners."""
        self.assertConstant(reverse("accord-portfolio", args=["alpha"]), self.amy, 11)

    def test_the_page_filtered_and_sorted(self):
        url = reverse("accord-portfolio", args=["alpha"]) + "?band=fair&partner=beta&sort=change"
        self.assertConstant(url, self.amy, 11)

    def test_the_api(self):
        self.assertConstant("/api/v1/organizations/alpha/portfolio", self.amy, 8, api=True)
