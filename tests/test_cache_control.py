"""Private answers are never kept by a cache; static files keep their long-lived caching."""

from django.http import HttpResponse
from django.test import RequestFactory

from accord.core.middleware import ResponsePolicyMiddleware
from accord.longterm.tests.base import LongtermTestCase


class CacheControlTests(LongtermTestCase):
    def assertNotStored(self, response) -> None:
        directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
        self.assertLessEqual({"no-store", "private"}, directives, response.get("Cache-Control"))
        self.assertNotIn("public", directives)

    def setUp(self) -> None:
        self.kpi = self.make_kpi()
        self.measure(self.kpi, 3, 42, note="private figure")
        self.bearer = {"Authorization": f"Bearer {self.token_for(self.bob)}"}

    def test_a_page_for_a_signed_in_user_is_not_stored(self):
        self.client.force_login(self.bob)
        response = self.client.get(f"/partnerships/{self.partnership.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertNotStored(response)

    def test_an_api_read_is_not_stored(self):
        response = self.client.get(
            f"/api/v1/partnerships/{self.partnership.pk}", headers=self.bearer
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotStored(response)

    def test_an_api_error_is_not_stored(self):
        self.assertNotStored(self.client.get("/api/v1/partnerships"))

    def test_csv_exports_are_not_stored(self):
        path = f"/partnerships/{self.partnership.pk}/long-term/kpis/{self.kpi.pk}/measurements.csv"
        api = self.client.get(
            f"/api/v1/partnerships/{self.partnership.pk}/kpis/{self.kpi.pk}/measurements.csv",
            headers=self.bearer,
        )
        self.client.force_login(self.bob)
        page = self.client.get(path)
        for response in (api, page):
            with self.subTest(url=response.request["PATH_INFO"]):
                self.assertEqual(response.status_code, 200)
                self.assertIn(b"private figure", response.content)
                self.assertNotStored(response)

    def test_the_sign_in_page_is_not_stored(self):
        # It sets the CSRF cookie: a shared cache must not hand one visitor's cookie to another.
        self.assertNotStored(self.client.get("/login/"))

    def test_static_files_keep_their_caching(self):
        self.client.force_login(self.bob)
        response = self.client.get("/static/accord/app.css")
        self.assertEqual(response.status_code, 200)
        cache_control = response.get("Cache-Control", "")
        self.assertIn("max-age=", cache_control)
        self.assertNotIn("no-store", cache_control)
        self.assertNotIn("max-age=0", cache_control)


class ChosenCachingTests(LongtermTestCase):
    """A view's own caching is kept only for public, anonymous, non-download answers."""

    def answer(self, path: str, user=None, **headers) -> HttpResponse:
        def view(request):
            response = HttpResponse("hello")
            response["Cache-Control"] = "public, max-age=3600"
            for name, value in headers.items():
                response[name.replace("_", "-")] = value
            return response

        request = RequestFactory().get(path)
        if user is not None:
            request.user = user
        return ResponsePolicyMiddleware(view)(request)

    def test_a_public_answer_keeps_the_caching_its_view_chose(self):
        self.assertEqual(self.answer("/healthz")["Cache-Control"], "public, max-age=3600")

    def test_chosen_caching_is_overridden_for_users_the_api_and_downloads(self):
        for response in (
            self.answer("/partnerships/", user=self.bob),
            self.answer("/api/v1/partnerships"),
            self.answer("/x.csv", Content_Disposition='attachment; filename="x.csv"'),
        ):
            with self.subTest(cache_control=response["Cache-Control"]):
                self.assertIn("no-store", response["Cache-Control"])
                self.assertNotIn("public", response["Cache-Control"])
                self.assertNotIn("3600", response["Cache-Control"])
