from django.core import mail
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from accord.accounts.models import PasswordResetRequest
from accord.accounts.services import password_reset_mail
from tests.base import PASSWORD, AccordTestCase, mailed_token, run_queued_jobs

NEW = "a brand new passphrase 42"


class PasswordResetRequestTests(AccordTestCase):
    def ask(self, email="alice@alpha.test", client="10.0.0.1", **headers):
        return self.client.post(
            "/password-reset/", {"email": email}, REMOTE_ADDR=client, headers=headers
        )

    @override_settings(ALLOWED_HOSTS=["*"], BASE_URL="https://accord.example")
    def test_the_link_is_built_from_the_base_url_even_with_a_poisoned_host(self):
        self.assertRedirects(self.ask(HOST="evil.example"), "/password-reset/sent/")
        run_queued_jobs()
        self.assertIn("https://accord.example/password-reset/", mail.outbox[0].body)
        self.assertNotIn("evil.example", mail.outbox[0].body)

    def test_the_email_is_sent_by_a_job_that_gets_an_id_only(self):
        self.ask()
        self.assertEqual(len(mail.outbox), 0)  # nothing sent inside the request
        job = DBTaskResult.objects.get()
        self.assertEqual(job.args_kwargs["args"], [PasswordResetRequest.objects.get().pk])
        run_queued_jobs()
        self.assertEqual(mail.outbox[0].to, ["alice@alpha.test"])

    def test_the_answer_is_the_same_whether_or_not_the_account_exists(self):
        known = self.ask("alice@alpha.test")
        unknown = self.ask("nobody@alpha.test")
        self.assertEqual((known.status_code, known.url), (unknown.status_code, unknown.url))
        # The same work too: a request row and a job each.
        self.assertEqual(DBTaskResult.objects.count(), 2)
        run_queued_jobs()
        self.assertEqual([m.to for m in mail.outbox], [["alice@alpha.test"]])

    def test_a_job_run_twice_sends_one_email(self):
        self.ask()
        run_queued_jobs()
        run_queued_jobs()
        self.assertFalse(password_reset_mail(request_id=PasswordResetRequest.objects.get().pk))
        self.assertEqual(len(mail.outbox), 1)

    @override_settings(PASSWORD_RESET_LIMIT_PER_ADDRESS=3)
    def test_requests_for_one_address_are_throttled(self):
        for n in range(3):
            self.assertEqual(self.ask(client=f"10.0.0.{n}").status_code, 302)
        response = self.ask(client="10.0.0.9")
        self.assertContains(response, "Too many password reset requests", status_code=429)
        run_queued_jobs()
        self.assertEqual(len(mail.outbox), 3)

    @override_settings(PASSWORD_RESET_LIMIT_PER_CLIENT=2)
    def test_requests_from_one_client_are_throttled(self):
        self.ask("alice@alpha.test")
        self.ask("bob@beta.test")
        response = self.ask("amy@alpha.test")
        self.assertContains(response, "No email was sent", status_code=429)
        self.assertEqual(self.ask("amy@alpha.test", client="10.0.0.2").status_code, 302)

    def test_bad_input_is_explained(self):
        response = self.client.post("/password-reset/", {"email": "not an address"})
        self.assertContains(response, "valid email")
        self.assertFalse(PasswordResetRequest.objects.exists())


class PasswordResetConfirmTests(AccordTestCase):
    def reset(self, email: str, password: str = NEW):
        self.client.post("/password-reset/", {"email": email})
        link = mailed_token(email, "/password-reset/")
        form = self.client.get(f"/password-reset/{link}/", follow=True)
        return self.client.post(
            form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
        )

    def test_a_reset_revokes_the_api_tokens_and_ends_other_sessions(self):
        raw = self.token_for(self.alice)
        elsewhere = self.client_class()
        elsewhere.force_login(self.alice)
        self.assertEqual(elsewhere.get("/account/").status_code, 200)
        self.assertRedirects(self.reset("alice@alpha.test"), "/password-reset/done/")
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(NEW))
        me = self.client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(me.status_code, 401)
        self.assertEqual(elsewhere.get("/account/").status_code, 302)  # signed out
        self.assertFalse(self.alice.api_tokens.active().exists())

    def test_the_old_password_no_longer_signs_in(self):
        self.reset("alice@alpha.test")
        response = self.client.post(
            "/login/", {"username": "alice@alpha.test", "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 200)
