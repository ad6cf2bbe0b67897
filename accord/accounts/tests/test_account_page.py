from accord.accounts.models import ApiToken
from tests.base import AccordTestCase


class AccountPageTests(AccordTestCase):
    def test_a_new_token_is_shown_once_and_works(self):
        self.client.force_login(self.alice)
        response = self.client.post("/account/", {"name": "CRM sync"})
        raw = response.context["new_token"]
        self.assertContains(response, raw)
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
