"""The client's address: from the trusted proxy's header only when behind one; and a login
lock-out that one address cannot impose on someone else."""

from django.test import RequestFactory, SimpleTestCase, override_settings

from accord.ops.net import client_address
from tests.base import PASSWORD, AccordTestCase


def request_from(peer: str, forwarded_for: str | None = None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, headers=headers)


class ClientAddressTests(SimpleTestCase):
    @override_settings(BEHIND_PROXY=False)
    def test_forwarded_headers_are_ignored_without_a_proxy(self):
        self.assertEqual(
            client_address(request_from("198.51.100.9", "203.0.113.7")), "198.51.100.9"
        )

    @override_settings(BEHIND_PROXY=True, PROXY_COUNT=1)
    def test_behind_one_proxy_the_address_it_appended_is_the_client(self):
        spoofed = request_from("127.0.0.1", "10.9.9.9, 203.0.113.7")
        self.assertEqual(client_address(spoofed), "203.0.113.7")

    @override_settings(BEHIND_PROXY=True, PROXY_COUNT=2)
    def test_proxies_are_skipped_from_the_right(self):
        chain = request_from("127.0.0.1", "10.9.9.9, 203.0.113.7, 192.0.2.10")
        self.assertEqual(client_address(chain), "203.0.113.7")

    @override_settings(BEHIND_PROXY=True, PROXY_COUNT=1)
    def test_ports_and_brackets_are_dropped(self):
        self.assertEqual(client_address(request_from("::1", "203.0.113.7:5123")), "203.0.113.7")
        self.assertEqual(client_address(request_from("::1", "[2001:db8::1]:443")), "2001:db8::1")

    @override_settings(BEHIND_PROXY=True, PROXY_COUNT=1)
    def test_garbage_or_no_header_falls_back_to_the_peer(self):
        self.assertEqual(client_address(request_from("127.0.0.1", "not-an-ip")), "127.0.0.1")
        self.assertEqual(client_address(request_from("127.0.0.1")), "127.0.0.1")
        self.assertEqual(client_address(request_from("127.0.0.1", " , ")), "127.0.0.1")


@override_settings(BEHIND_PROXY=True, PROXY_COUNT=1, ACCORD_ACCOUNT_FAILURE_LIMIT=12)
class LoginLockoutBehindProxyTests(AccordTestCase):
    def login(self, password: str, client_ip: str):
        return self.client.post(
            "/login/",
            {"username": "alice@alpha.test", "password": password},
            REMOTE_ADDR="127.0.0.1",  # every request comes through the proxy
            headers={"X-Forwarded-For": client_ip},
        )

    def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(self):
        for _ in range(5):
            self.login("nope", "203.0.113.66")
        self.assertEqual(self.login(PASSWORD, "203.0.113.66").status_code, 429)
        response = self.login(PASSWORD, "198.51.100.20")
        self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_an_attacker_cannot_dodge_the_lock_by_forging_earlier_hops(self):
        for n in range(5):
            self.login("nope", f"10.0.0.{n}, 203.0.113.66")
        self.assertEqual(self.login(PASSWORD, "10.0.0.99, 203.0.113.66").status_code, 429)

    def test_many_failures_from_many_addresses_lock_the_account(self):
        for n in range(12):
            self.login("nope", f"203.0.113.{n}")
        self.assertEqual(self.login(PASSWORD, "198.51.100.20").status_code, 429)


@override_settings(BEHIND_PROXY=False)
class LoginLockoutWithoutProxyTests(AccordTestCase):
    def test_a_forged_forwarded_for_does_not_reset_the_count(self):
        for n in range(5):
            self.client.post(
                "/login/",
                {"username": "alice@alpha.test", "password": "nope"},
                REMOTE_ADDR="198.51.100.9",
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
            )
        response = self.client.post(
            "/login/",
            {"username": "alice@alpha.test", "password": PASSWORD},
            REMOTE_ADDR="198.51.100.9",
            headers={"X-Forwarded-For": "203.0.113.200"},
        )
        self.assertEqual(response.status_code, 429)
