from accord.accounts.models import ApiToken
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
