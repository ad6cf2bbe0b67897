"""Rate limits: per token, per client address without valid credentials; RateLimit-* headers on
every answer, 429 with `Retry-After` over the limit. Time is frozen, never slept through."""

from unittest import mock

from django.core.cache import cache
from django.test import override_settings

from accord.accounts.models import TokenScope
from accord.accounts.services import api_token_create
from accord.api.ratelimit import ApiRate
from accord.core.models import Partnership
from tests.base import AccordTestCase

ME = "/api/v1/me"
# 20 seconds into a minute: the window ends in 40.
START = 1_800_000_000.0 + 20


@override_settings(API_RATE="3/min")
class RateLimitTests(AccordTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.now = START
        patcher = mock.patch.object(ApiRate, "timer", side_effect=lambda: self.now)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.raw = api_token_create(user=self.alice)[1]

    def get(self, path: str = ME, raw: str | None = None, **headers: str):
        if raw is not None:
            headers["Authorization"] = f"Bearer {raw}"
        return self.client.get(path, headers=headers)

    def assertQuota(self, response, remaining: int, reset: int = 40) -> None:
        self.assertEqual(response["RateLimit-Limit"], "3")
        self.assertEqual(response["RateLimit-Remaining"], str(remaining))
        self.assertEqual(response["RateLimit-Reset"], str(reset))

    def assertRateLimited(self, response, retry_after: int = 40) -> None:
        self.assertEqual(response.status_code, 429, response.content)
        self.assertEqual(response.json()["code"], "rate_limited")
        self.assertEqual(response["Retry-After"], str(retry_after))
        self.assertQuota(response, 0, retry_after)

    def test_every_answer_says_where_the_caller_stands(self):
        for remaining in (2, 1, 0):
            response = self.get(raw=self.raw)
            self.assertEqual(response.status_code, 200)
            self.assertQuota(response, remaining)
            self.assertFalse(response.has_header("Retry-After"))

    def test_over_the_limit_a_call_answers_429_and_does_nothing(self):
        for _ in range(3):
            self.get(raw=self.raw)
        response = self.client.post(
            "/api/v1/partnerships",
            '{"name": "Over the limit"}',
            content_type="application/json",
            headers={"Authorization": f"Bearer {self.raw}"},
        )
        self.assertRateLimited(response)
        self.assertFalse(Partnership.objects.filter(name="Over the limit").exists())

    def test_the_count_starts_again_with_the_next_window(self):
        for _ in range(4):
            self.get(raw=self.raw)
        self.now = START + 30
        self.assertRateLimited(self.get(raw=self.raw), retry_after=10)
        self.now = START + 40
        response = self.get(raw=self.raw)
        self.assertEqual(response.status_code, 200)
        self.assertQuota(response, 2, reset=60)

    def test_each_token_has_its_own_count(self):
        for _ in range(4):
            self.get(raw=self.raw)
        other = api_token_create(user=self.alice)[1]
        response = self.get(raw=other)
        self.assertEqual(response.status_code, 200)
        self.assertQuota(response, 2)
        self.assertEqual(self.get(raw=api_token_create(user=self.bob)[1]).status_code, 200)

    def test_error_answers_are_counted_and_carry_the_headers(self):
        response = self.get("/api/v1/partnerships/999999", raw=self.raw)
        self.assertEqual(response.status_code, 404)
        self.assertQuota(response, 2)

    def test_calls_without_a_valid_token_are_counted_per_client_address(self):
        for remaining, raw in ((2, None), (1, "acc_unknown"), (0, None)):
            response = self.get(raw=raw)
            self.assertEqual(response.status_code, 401)
            self.assertQuota(response, remaining)
        self.assertRateLimited(self.get(raw="acc_guess"))
        elsewhere = self.client.get(ME, REMOTE_ADDR="192.0.2.7")
        self.assertEqual(elsewhere.status_code, 401)
        self.assertQuota(elsewhere, 2)
        self.assertEqual(self.get(raw=self.raw).status_code, 200)  # tokens count apart

    def test_a_read_only_token_s_refused_writes_are_counted(self):
        raw = api_token_create(user=self.alice, scope=TokenScope.READ)[1]
        for remaining in (2, 1, 0):
            response = self.client.post(
                "/api/v1/partnerships",
                "{}",
                content_type="application/json",
                headers={"Authorization": f"Bearer {raw}"},
            )
            self.assertEqual(response.status_code, 403)
            self.assertQuota(response, remaining)
        self.assertRateLimited(self.get(raw=raw))

    @override_settings(API_RATE="2/hour")
    def test_the_rate_is_read_from_the_settings(self):
        self.get(raw=self.raw)
        response = self.get(raw=self.raw)
        self.assertEqual(response["RateLimit-Limit"], "2")
        self.assertEqual(response["RateLimit-Remaining"], "0")
        self.assertEqual(self.get(raw=self.raw).status_code, 429)
