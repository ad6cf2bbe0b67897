from accord.core.models import Partnership
from tests.base import AccordTestCase


class PartnershipApiTests(AccordTestCase):
    def test_it_creates_a_partnership_with_only_a_name(self):
        response = self.api("post", "/partnerships", self.olga, {"name": "Green bonds"})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["name"], "Green bonds")
        self.assertEqual(body["version"], 1)
        self.assertEqual(body["stage"], "exploring")
        self.assertEqual([p["organization"]["slug"] for p in body["parties"]], ["gamma"])

    def test_creator_leads_the_new_partnership(self):
        body = self.api("post", "/partnerships", self.olga, {"name": "Green bonds"}).json()
        parties = self.api("get", f"/partnerships/{body['id']}/parties", self.olga).json()["items"]
        self.assertEqual(parties[0]["team"][0]["user"]["email"], "olga@gamma.test")
        self.assertEqual(parties[0]["team"][0]["role"], "lead")

    def test_member_of_several_organizations_must_name_one(self):
        from accord.core.services import membership_set

        membership_set(organization=self.gamma, user=self.alice, role="member", actor=None)
        response = self.api("post", "/partnerships", self.alice, {"name": "Two hats"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["field"], "organization")
        response = self.api(
            "post", "/partnerships", self.alice, {"name": "Two hats", "organization": "gamma"}
        )
        self.assertEqual(response.status_code, 201)

    def test_cannot_create_for_an_organization_one_is_not_in(self):
        response = self.api(
            "post", "/partnerships", self.olga, {"name": "Sneaky", "organization": "alpha"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Partnership.objects.filter(name="Sneaky").exists())

    def names(self, user) -> list[str]:
        return [p["name"] for p in self.api("get", "/partnerships", user).json()["items"]]

    def test_list_shows_only_visible_partnerships(self):
        self.api("post", "/partnerships", self.olga, {"name": "Gamma only"})
        self.assertEqual(self.names(self.alice), ["Solar rollout"])
        self.assertEqual(self.names(self.bob), ["Solar rollout"])
        self.assertEqual(self.names(self.olga), ["Gamma only"])
        self.assertEqual(self.names(self.ann), [])

    def test_list_is_paginated(self):
        for n in range(3):
            self.api("post", "/partnerships", self.olga, {"name": f"P{n}"})
        body = self.api("get", "/partnerships?limit=2", self.olga).json()
        self.assertEqual([p["name"] for p in body["items"]], ["P0", "P1"])
        self.assertTrue(body["has_more"])
        body = self.api("get", f"/partnerships?limit=2&cursor={body['next']}", self.olga).json()
        self.assertEqual([p["name"] for p in body["items"]], ["P2"])
        self.assertEqual((body["has_more"], body["next"]), (False, None))

    def test_patch_applies_and_bumps_the_version(self):
        url = f"/partnerships/{self.partnership.pk}"
        response = self.api(
            "patch", url, self.alice, {"version": 1, "stage": "active", "start_date": "2026-01-15"}
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["version"], 2)
        self.assertEqual(response.json()["start_date"], "2026-01-15")
        self.assertEqual(response.json()["name"], "Solar rollout")

    def test_stale_patch_is_refused_with_the_current_version(self):
        url = f"/partnerships/{self.partnership.pk}"
        self.api("patch", url, self.bea, {"version": 1, "stage": "active"})
        response = self.api("patch", url, self.alice, {"version": 1, "stage": "negotiating"})
        self.assertEqual(response.status_code, 409)
        body = response.json()
        self.assertEqual(body["current_version"], 2)
        self.assertEqual(body["current"]["stage"], "active")
        self.partnership.refresh_from_db()
        self.assertEqual(self.partnership.stage, "active")

    def test_patch_without_change_keeps_the_version(self):
        url = f"/partnerships/{self.partnership.pk}"
        response = self.api("patch", url, self.alice, {"version": 1, "name": "Solar rollout"})
        self.assertEqual(response.json()["version"], 1)

    def test_patch_can_clear_the_start_date(self):
        url = f"/partnerships/{self.partnership.pk}"
        self.api("patch", url, self.alice, {"version": 1, "start_date": "2026-01-15"})
        response = self.api("patch", url, self.alice, {"version": 2, "start_date": None})
        self.assertIsNone(response.json()["start_date"])

    def test_revoked_token_is_refused(self):
        from accord.accounts.services import api_token_create, api_token_revoke

        token, raw = api_token_create(user=self.alice)
        api_token_revoke(token=token)
        response = self.client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())

    def test_tokens_are_stored_hashed(self):
        from accord.accounts.services import api_token_create

        token, raw = api_token_create(user=self.alice)
        self.assertNotIn(raw, token.token_hash)
        self.assertEqual(len(token.token_hash), 64)
