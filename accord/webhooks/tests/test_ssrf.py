"""Deliveries go to public addresses only: the host is resolved at delivery time and every
address checked; the connection goes to the address checked."""

from unittest import mock

from django.test import SimpleTestCase, override_settings

from accord.webhooks import transport


def resolving_to(*addresses: str):
    infos = [(2, 1, 6, "", (address, 443)) for address in addresses]
    return mock.patch("accord.webhooks.transport.socket.getaddrinfo", return_value=infos)


@override_settings(ACCORD_WEBHOOK_ALLOW_PRIVATE=False, ACCORD_WEBHOOK_ALLOW_HTTP=False)
class SsrfTests(SimpleTestCase):
    def test_private_loopback_and_link_local_addresses_are_refused(self):
        for address in (
            "127.0.0.1",
            "10.0.0.5",
            "172.16.3.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ):
            with (
                self.subTest(address=address),
                resolving_to(address),
                self.assertRaises(transport.Refused),
            ):
                transport.post("https://hooks.example.com/x", b"{}", {})

    def test_a_host_with_one_private_address_among_public_ones_is_refused(self):
        with resolving_to("93.184.216.34", "10.0.0.1"), self.assertRaises(transport.Refused):
            transport.post("https://hooks.example.com/x", b"{}", {})

    def test_the_connection_goes_to_the_address_checked(self):
        with (
            resolving_to("93.184.216.34"),
            mock.patch(
                "accord.webhooks.transport.socket.create_connection",
                side_effect=ConnectionRefusedError("no"),
            ) as connect,
            self.assertRaises(OSError),
        ):
            transport.post("https://hooks.example.com/x", b"{}", {})
        self.assertEqual(connect.call_args.args[0], ("93.184.216.34", 443))

    def test_plain_http_is_refused(self):
        with self.assertRaises(transport.Refused):
            transport.post("http://hooks.example.com/x", b"{}", {})

    def test_an_unknown_host_is_refused(self):
        with self.assertRaises(transport.Refused):
            transport.post("https://no-such-host.invalid/x", b"{}", {})

    @override_settings(ACCORD_WEBHOOK_ALLOW_PRIVATE=True)
    def test_the_setting_lets_private_addresses_through_for_development(self):
        self.assertEqual(transport.address_refused("127.0.0.1"), "")
        self.assertNotEqual(transport.address_refused("224.0.0.1"), "")  # never multicast
