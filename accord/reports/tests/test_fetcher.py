"""The PDF loads our static files and nothing else: no network, no other file."""

from django.test import SimpleTestCase

from accord.reports.rendering import FetchRefused, static_file


class StaticOnlyFetcherTests(SimpleTestCase):
    def test_it_serves_our_stylesheet(self):
        self.assertEqual(static_file("file:///static/accord/reports.css").name, "reports.css")

    def test_it_refuses_everything_else(self):
        for url in (
            "https://example.com/static/accord/reports.css",
            "http://127.0.0.1/static/accord/reports.css",
            "file:///etc/passwd",
            "file:///static/../../etc/passwd",
            "file:///static/%2e%2e/%2e%2e/etc/passwd",
            "file://host/static/accord/reports.css",
            "file:///static/accord/missing.css",
            "data:text/css,body{}",
        ):
            with self.subTest(url=url), self.assertRaises(FetchRefused):
                static_file(url)
