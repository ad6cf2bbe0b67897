from datetime import timedelta
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone

from accord.accounts.models import ApiToken, TokenScope
from accord.accounts.services import api_token_create
from tests.base import AccordTestCase


class AccountPageTests(AccordTestCase):
    def test_a_new_token_is_shown_once_and_works(self):
        self.client.force_login(self.alice)
        response = self.client.post("/account/", {"name": "CRM sync"})
        raw = response.context["new_token"]
        self.assertContains(response, raw)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertNotContains(self.client.get("/account/"), raw)
        self.client.logout()
        me = self.client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(me.json()["email"], "alice@alpha.test")

    def test_a_revoked_token_stops_working(self):
        self.client.force_login(self.alice)
        raw = self.client.post("/account/", {"name": "temp"}).context["new_token"]
        token = ApiToken.objects.get(name="temp")
        self.client.post(f"/account/tokens/{token.pk}/revoke/")
        self.client.logout()
        me = self.client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(me.status_code, 401)

    def test_a_token_is_made_with_the_chosen_access_and_expiry(self):
        self.client.force_login(self.alice)
        for scope, expires, days in [
            ("read", "30", 30),
            ("write", "90", 90),
            ("read", "365", 365),
            ("write", "never", None),
        ]:
            with self.subTest(scope=scope, expires=expires):
                name = f"{scope} {expires}"
                self.client.post("/account/", {"name": name, "scope": scope, "expires": expires})
                token = ApiToken.objects.get(name=name)
                self.assertEqual(token.scope, scope)
                if days is None:
                    self.assertIsNone(token.expires_at)
                else:
                    expected = timezone.now() + timedelta(days=days)
                    self.assertAlmostEqual(token.expires_at, expected, delta=timedelta(minutes=1))

    def test_what_is_not_chosen_is_the_least_read_only_for_90_days(self):
        self.client.force_login(self.alice)
        self.client.post("/account/", {"name": "defaults"})
        token = ApiToken.objects.get(name="defaults")
        self.assertEqual(token.scope, TokenScope.READ)
        self.assertAlmostEqual(
            token.expires_at, timezone.now() + timedelta(days=90), delta=timedelta(minutes=1)
        )

    def test_bad_input_is_shown_on_the_form_and_makes_no_token(self):
        self.client.force_login(self.alice)
        for data in [
            {"name": "x", "scope": "admin"},
            {"name": "x", "expires": "forever"},
            {"name": "x", "expires": "-5"},
            {"name": "x" * 101},
            {"name": "x", "scope": ["read", "write"], "expires": ["30", "\x00"]},
            {"name": "\x00"},
        ]:
            with self.subTest(data=data):
                response = self.client.post("/account/", data)
                self.assertEqual(response.status_code, 200)
                self.assertIsNone(response.context["new_token"])
                self.assertTrue(response.context["form"].errors)
        self.assertFalse(ApiToken.objects.filter(user=self.alice).exists())

    def test_the_page_shows_access_expiry_and_last_use(self):
        api_token_create(user=self.alice, name="reader", scope=TokenScope.READ)
        old, _ = api_token_create(user=self.alice, name="old", expires_in=timedelta(days=1))
        ApiToken.objects.filter(pk=old.pk).update(
            expires_at=timezone.now() - timedelta(days=1),
            last_used_at=timezone.now() - timedelta(days=2),
        )
        self.client.force_login(self.alice)
        page = self.client.get("/account/")
        self.assertContainsAll(page, "Read only", "Read and write", "Expired", "Never")
        self.assertContains(page, (timezone.now() - timedelta(days=2)).strftime("%-d %b %Y"))

    def test_nobody_sees_or_revokes_another_person_s_tokens(self):
        token, _ = api_token_create(user=self.alice, name="Alice's secret sync")
        self.client.force_login(self.bob)
        self.assertNotContains(self.client.get("/account/"), "Alice&#x27;s secret sync")
        self.assertNotContains(self.client.get("/account/"), token.prefix)
        response = self.client.post(f"/account/tokens/{token.pk}/revoke/")
        self.assertEqual(response.status_code, 404)
        token.refresh_from_db()
        self.assertTrue(token.is_active)

    def test_page_lists_the_users_organizations(self):
        self.client.force_login(self.alice)
        self.assertContains(self.client.get("/account/"), "Alpha Energy")


class PasswordChangeTests(AccordTestCase):
    NEW = "a brand new passphrase 42"

    def test_a_change_keeps_this_session_and_ends_the_others_and_the_tokens(self):
        from tests.base import PASSWORD

        raw = self.token_for(self.alice)
        elsewhere = self.client_class()
        elsewhere.force_login(self.alice)
        self.client.force_login(self.alice)
        response = self.client.post(
            "/account/password/",
            {"old_password": PASSWORD, "new_password1": self.NEW, "new_password2": self.NEW},
            follow=True,
        )
        self.assertContains(response, "Your password is changed")
        self.assertEqual(self.client.get("/account/").status_code, 200)
        self.assertEqual(elsewhere.get("/account/").status_code, 302)
        me = self.client_class().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(me.status_code, 401)

    def test_a_wrong_old_password_changes_nothing(self):
        raw = self.token_for(self.alice)
        self.client.force_login(self.alice)
        response = self.client.post(
            "/account/password/",
            {"old_password": "nope", "new_password1": self.NEW, "new_password2": self.NEW},
        )
        self.assertContains(response, "incorrectly")
        me = self.client_class().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(me.status_code, 200)


class TokenCommandTests(AccordTestCase):
    def create(self, *args: str) -> ApiToken:
        out = StringIO()
        call_command("token", "create", "alice@alpha.test", *args, stdout=out)
        raw = out.getvalue().strip()
        return ApiToken.objects.get(prefix=raw[:10])

    def test_a_token_is_read_write_without_expiry_unless_told(self):
        token = self.create()
        self.assertEqual((token.scope, token.expires_at), (TokenScope.WRITE, None))

    def test_scope_and_expiry_can_be_chosen(self):
        token = self.create("--scope", "read", "--expires-in", "30")
        self.assertEqual(token.scope, TokenScope.READ)
        expected = timezone.now() + timedelta(days=30)
        self.assertAlmostEqual(token.expires_at, expected, delta=timedelta(minutes=1))

    def test_a_bad_expiry_is_refused(self):
        with self.assertRaises(CommandError):
            self.create("--expires-in", "0")
        self.assertFalse(ApiToken.objects.exists())
