from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.utils import timezone

from accord.accounts.models import ApiToken, User
from tests.base import AccordTestCase

NEW = "a brand new passphrase 42"


class AdminTestCase(AccordTestCase):
    def setUp(self):
        self.staff = User.objects.create_superuser(email="root@ops.test", password="x")
        self.client.force_login(self.staff)
        self.raw = self.token_for(self.alice)
        self.token = ApiToken.objects.get(user=self.alice)

    def alice_token_works(self) -> bool:
        me = self.client_class().get("/api/v1/me", headers={"Authorization": f"Bearer {self.raw}"})
        return me.status_code == 200


class ApiTokenAdminTests(AdminTestCase):
    def test_staff_cannot_reassign_or_unrevoke_a_token(self):
        self.token.revoked_at = timezone.now()
        self.token.save()
        url = f"/admin/accounts/apitoken/{self.token.pk}/change/"
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.post(url, {"user": self.olga.pk, "revoked_at_0": "", "revoked_at_1": ""})
        self.token.refresh_from_db()
        self.assertEqual(self.token.user, self.alice)
        self.assertIsNotNone(self.token.revoked_at)

    def test_staff_can_neither_add_nor_delete_tokens(self):
        self.assertEqual(self.client.get("/admin/accounts/apitoken/add/").status_code, 403)
        url = f"/admin/accounts/apitoken/{self.token.pk}/delete/"
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403)
        self.assertTrue(ApiToken.objects.filter(pk=self.token.pk).exists())

    def test_staff_revoke_tokens_with_an_action(self):
        response = self.client.post(
            "/admin/accounts/apitoken/",
            {"action": "revoke", "_selected_action": [self.token.pk]},
            follow=True,
        )
        self.assertContains(response, "no longer work")
        self.assertFalse(self.alice_token_works())


class UserAdminTests(AdminTestCase):
    def change_form(self, **changes) -> dict:
        data = {
            "email": self.alice.email,
            "full_name": self.alice.full_name,
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    def test_deactivating_a_user_revokes_their_tokens(self):
        url = f"/admin/accounts/user/{self.alice.pk}/change/"
        response = self.client.post(url, self.change_form(is_active=None))
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.alice.refresh_from_db()
        self.assertFalse(self.alice.is_active)
        # Even once active again, the old token stays dead.
        User.objects.filter(pk=self.alice.pk).update(is_active=True)
        self.assertFalse(self.alice_token_works())

    def test_a_password_set_in_the_admin_revokes_the_tokens(self):
        url = f"/admin/accounts/user/{self.alice.pk}/password/"
        response = self.client.post(
            url, {"set_usable_password": "true", "password1": NEW, "password2": NEW}
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(NEW))
        self.assertFalse(self.alice_token_works())
        # The admin who did it stays signed in.
        self.assertEqual(self.client.get("/admin/").status_code, 200)


class ChangePasswordCommandTests(AdminTestCase):
    def test_the_command_line_revokes_the_tokens_too(self):
        with mock.patch("getpass.getpass", return_value=NEW):
            call_command("changepassword", "Alice@alpha.test", stdout=StringIO())
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(NEW))
        self.assertFalse(self.alice_token_works())


class DeactivateCommandTests(AdminTestCase):
    def test_the_command_line_deactivates_and_revokes_the_tokens(self):
        out = StringIO()
        call_command("user", "deactivate", "alice@alpha.test", stdout=out)
        self.assertIn("deactivated", out.getvalue())
        User.objects.filter(pk=self.alice.pk).update(is_active=True)
        self.assertFalse(self.alice_token_works())

    def test_an_unknown_address_is_refused(self):
        from django.core.management import CommandError

        with self.assertRaisesMessage(CommandError, "No user"):
            call_command("user", "deactivate", "nobody@alpha.test")
