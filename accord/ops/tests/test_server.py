"""What `accord serve` tells waitress about the proxy and its limits."""

from django.test import SimpleTestCase, override_settings

from accord.ops.server import ServerOptions, waitress_settings


class WaitressSettingsTests(SimpleTestCase):
    @override_settings(BEHIND_PROXY=False)
    def test_without_a_proxy_no_forwarded_header_is_trusted(self):
        adjustments = waitress_settings(ServerOptions(trusted_proxy="10.0.0.1"))
        self.assertNotIn("trusted_proxy", adjustments)
        self.assertTrue(adjustments["clear_untrusted_proxy_headers"])

    @override_settings(BEHIND_PROXY=True, TRUSTED_PROXY="127.0.0.1", PROXY_COUNT=2)
    def test_behind_the_proxy_its_scheme_and_client_headers_are_trusted(self):
        adjustments = waitress_settings(ServerOptions())
        self.assertEqual(adjustments["trusted_proxy"], "127.0.0.1")
        self.assertEqual(adjustments["trusted_proxy_count"], 2)
        self.assertEqual(
            adjustments["trusted_proxy_headers"], {"x-forwarded-for", "x-forwarded-proto"}
        )

    @override_settings(BEHIND_PROXY=True, TRUSTED_PROXY="127.0.0.1")
    def test_the_command_line_names_the_proxy_and_the_limits(self):
        options = ServerOptions(
            trusted_proxy="10.1.2.3", threads=16, connection_limit=500, channel_timeout=15
        )
        adjustments = waitress_settings(options)
        self.assertEqual(adjustments["trusted_proxy"], "10.1.2.3")
        self.assertEqual((adjustments["threads"], adjustments["connection_limit"]), (16, 500))
        self.assertEqual(adjustments["channel_timeout"], 15)


class ServerOptionsTests(SimpleTestCase):
    def test_serve_and_demo_take_the_same_limits(self):
        from accord.core.management.commands import demo, serve

        argv = ["--threads", "4", "--connection-limit", "300", "--graceful-timeout", "5"]
        for command in (serve.Command(), demo.Command()):
            options = vars(command.create_parser("accord", "x").parse_args(argv))
            parsed = serve.server_options(options)
            self.assertEqual((parsed.threads, parsed.connection_limit), (4, 300))
            self.assertEqual(parsed.graceful_timeout, 5)
