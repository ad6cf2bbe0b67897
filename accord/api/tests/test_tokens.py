"""API tokens: read-only or read-write, an optional expiry, and when each was last used."""

from datetime import timedelta
from unittest import mock

from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.accounts.models import ApiToken, TokenScope
from accord.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)
from accord.core.models import Partnership
from tests.base import AccordTestCase

ME = "/api/v1/me"
PARTNERSHIPS = "/api/v1/partnerships"


class TokenTestCase(AccordTestCase):
    def call(self, method: str, path: str, raw: str, data: str = "{}"):
        headers = {"Authorization": f"Bearer {raw}"}
        if method == "get":
            return self.client.get(path, headers=headers)
        return getattr(self.client, method)(
            path, data, content_type="application/json", headers=headers
        )


class ScopeTests(TokenTestCase):
    def test_a_read_only_token_reads(self):
        _, raw = api_token_create(user=self.alice, scope=TokenScope.READ)
        self.assertEqual(self.call("get", ME, raw).status_code, 200)
        path = f"{PARTNERSHIPS}/{self.partnership.pk}"
        self.assertEqual(self.call("get", path, raw).status_code, 200)

    def test_a_read_only_token_is_refused_every_change_with_insufficient_scope(self):
        _, raw = api_token_create(user=self.alice, scope=TokenScope.READ)
        one = f"{PARTNERSHIPS}/{self.partnership.pk}"
        for method, path, body in [
            ("post", PARTNERSHIPS, '{"name": "Read-only wrote this"}'),
            ("patch", one, '{"name": "Renamed", "version": 1}'),
            ("delete", f"{one}/team/{self.alice.pk}", ""),
        ]:
            with self.subTest(method=method):
                response = self.call(method, path, raw, body)
                self.assertEqual(response.status_code, 403, response.content)
                self.assertEqual(response.json()["code"], "insufficient_scope")
                self.assertIn('error="insufficient_scope"', response["WWW-Authenticate"])
        self.assertFalse(Partnership.objects.filter(name="Read-only wrote this").exists())
        self.assertEqual(Partnership.objects.get(pk=self.partnership.pk).name, "Solar rollout")

    def test_a_read_write_token_changes_things(self):
        _, raw = api_token_create(user=self.alice, scope=TokenScope.WRITE)
        response = self.call("post", PARTNERSHIPS, raw, '{"name": "Written"}')
        self.assertEqual(response.status_code, 201, response.content)

    def test_a_token_is_read_write_unless_made_read_only(self):
        token, _ = api_token_create(user=self.alice)
        self.assertEqual(token.scope, TokenScope.WRITE)

    def test_an_unknown_scope_is_refused(self):
        with self.assertRaises(ValidationError):
            api_token_create(user=self.alice, scope="admin")
        self.assertFalse(ApiToken.objects.filter(user=self.alice).exists())


class ExpiryTests(TokenTestCase):
    def assertInvalidToken(self, response) -> None:
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["code"], "unauthenticated")
        self.assertEqual(
            response["WWW-Authenticate"], 'Bearer realm="accord", error="invalid_token"'
        )

    def test_a_token_works_until_it_expires_then_is_refused_like_an_unknown_one(self):
        token, raw = api_token_create(user=self.alice, expires_in=timedelta(days=30))
        self.assertEqual(self.call("get", ME, raw).status_code, 200)
        later = token.expires_at + timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            expired = self.call("get", ME, raw)
        self.assertInvalidToken(expired)
        unknown = self.call("get", ME, "acc_not-a-token")
        self.assertInvalidToken(unknown)
        self.assertEqual(expired.json()["detail"], unknown.json()["detail"])

    def test_a_revoked_token_is_refused_as_invalid(self):
        token, raw = api_token_create(user=self.alice)
        api_token_revoke(token=token)
        self.assertInvalidToken(self.call("get", ME, raw))

    def test_no_token_names_the_scheme_without_an_error(self):
        response = self.client.get(ME)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="accord"')

    def test_a_token_without_expiry_never_expires(self):
        token, raw = api_token_create(user=self.alice)
        self.assertIsNone(token.expires_at)
        much_later = timezone.now() + timedelta(days=3650)
        with mock.patch("django.utils.timezone.now", return_value=much_later):
            self.assertEqual(self.call("get", ME, raw).status_code, 200)

    def test_an_expiry_in_the_past_is_refused(self):
        with self.assertRaises(ValidationError):
            api_token_create(user=self.alice, expires_in=timedelta(0))


class LastUsedTests(TokenTestCase):
    def test_last_use_is_written_at_most_once_a_minute(self):
        token, raw = api_token_create(user=self.alice)
        start = timezone.now()
        writes = []
        for seconds in (0, 1, 30, 59, 60, 61, 90, 125):
            at = start + timedelta(seconds=seconds)
            with mock.patch("django.utils.timezone.now", return_value=at):
                self.assertEqual(self.call("get", ME, raw).status_code, 200)
            token.refresh_from_db()
            if token.last_used_at == at:
                writes.append(seconds)
        self.assertEqual(writes, [0, 60, 125])

    def test_a_busy_client_s_reads_write_nothing_within_the_minute(self):
        _, raw = api_token_create(user=self.alice)
        self.call("get", ME, raw)
        with self.assertNumQueries(1):  # the token's lookup, and no UPDATE
            self.assertIsNotNone(api_token_authenticate(raw))
