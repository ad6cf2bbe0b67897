"""Every page and API operation, called by every persona: each gets exactly what it should.

`test_every_route_is_covered` walks the URL resolver, so a route added without a row here fails.
"""

import json

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accord.accounts.models import ApiToken
from accord.calendar_feed.services import calendar_feed_create
from accord.core.invitations import (
    invitation_signup,
    invitation_signup_confirm,
    open_partnership_invitation,
    organization_invitation_create,
    partnership_invitation_create,
    partnership_invite,
)
from accord.core.models import Partnership, PartnershipInvitation, Proposal, TeamMember
from accord.core.practices import practices
from accord.core.proposals import proposal_create
from accord.core.services import partnership_create
from accord.health.tests import access_cases as health_cases
from accord.notifications.models import Notification
from accord.portability.tests import access_cases as portability_cases
from accord.portfolio.tests import access_cases as portfolio_cases
from accord.reports.tests import access_cases as report_cases
from accord.surveys.tests import access_cases as survey_cases
from accord.webhooks.tests import access_cases as webhook_cases
from tests.access_matrix import PERSONAS, PUBLIC, SIGNED_IN, Case, binding, everyone, seen
from tests.base import PASSWORD, AccordTestCase, mailed_token

# Each practice's rows, from its Practice declaration (accord/<app>/tests/access_cases.py), and
# those of the apps that are not practices.
PRACTICES = [practice.access_case_module() for practice in practices()] + [
    webhook_cases,
    report_cases,
    portability_cases,
    survey_cases,
    health_cases,
    portfolio_cases,
]

ORG_ADMIN_ONLY_POST = {
    "amy": 302,
    **dict.fromkeys(["alice", "vic", "ann"], 403),
    **dict.fromkeys(["bea", "bob", "olga"], 404),
    "anon": 302,
}


def proposers(status: int, anon: int = 302) -> dict[str, int]:
    """Anyone who may record things proposes; vic (viewer) is refused; ann, olga see nothing."""
    return {**seen(403, anon=anon), **dict.fromkeys(["amy", "alice", "bea", "bob"], status)}


def withdrawers(status: int, anon: int = 302) -> dict[str, int]:
    """Whoever proposed it (bob, for Beta) withdraws it, and so does Beta's lead (bea)."""
    return {**seen(403, anon=anon), "bob": status, "bea": status}


def proposal(t) -> dict:
    return {"partnership_id": t.partnership.pk, "proposal_id": t.proposal.pk}


def proposal_page(t) -> dict:
    return {"pk": t.partnership.pk, "proposal_id": t.proposal.pk}


def ann_membership(t) -> dict:
    return {"slug": "alpha", "member_id": t.alpha.memberships.get(user=t.ann).pk}


PAGES = [
    Case(
        "accord-org-invitation-revoke",
        ORG_ADMIN_ONLY_POST,
        method="post",
        kwargs=lambda t: {"slug": "alpha", "invitation_id": t.join_invitation.pk},
    ),
    Case(
        "accord-org-invitation-resend",
        ORG_ADMIN_ONLY_POST,
        method="post",
        kwargs=lambda t: {"slug": "alpha", "invitation_id": t.join_invitation.pk},
    ),
    Case(
        "accord-member-role",
        ORG_ADMIN_ONLY_POST,
        method="post",
        kwargs=ann_membership,
        data=lambda t: {"role": "viewer"},
    ),
    Case("accord-member-remove", ORG_ADMIN_ONLY_POST, method="post", kwargs=ann_membership),
    Case("accord-home", everyone(302, 302)),
    Case("accord-glossary", everyone(200, 200)),
    Case("accord-partnerships", everyone(200, 302)),
    Case("accord-partnership-new", everyone(200, 302)),
    Case("accord-account", everyone(200, 302)),
    Case("accord-notifications", everyone(200, 302)),
    Case(
        "accord-notification-read",
        {**everyone(404, 302), "alice": 302},
        method="post",
        kwargs=lambda t: {"notification_id": t.alice_notification.pk},
    ),
    Case("accord-notifications-read-all", everyone(302, 302), method="post"),
    Case("accord-notification-settings", everyone(200, 302)),
    Case("accord-password-change", everyone(200, 302)),
    Case("accord-partnership", seen(200), kwargs=lambda t: {"pk": t.partnership.pk}),
    Case("accord-partnership-history", seen(200), kwargs=lambda t: {"pk": t.partnership.pk}),
    Case(
        "accord-partnership-history-receipt",
        seen(200),
        kwargs=lambda t: {"pk": t.partnership.pk},
    ),
    Case(
        "accord-partnership-history-check",
        seen(200),
        method="post",
        kwargs=lambda t: {"pk": t.partnership.pk},
    ),
    Case(
        "accord-partnership-history-receipt-check",
        seen(200),
        method="post",
        kwargs=lambda t: {"pk": t.partnership.pk},
    ),
    Case(
        "accord-partnership-edit", seen(403, manage=200), kwargs=lambda t: {"pk": t.partnership.pk}
    ),
    Case(
        # With two parties a further organization is proposed: the page leads there.
        "accord-partnership-invite",
        seen(403, manage=302),
        kwargs=lambda t: {"pk": t.partnership.pk},
    ),
    Case(
        # The second party is invited directly: alice leads Alpha's only party, amy admins it;
        # vic is not on that team.
        "accord-partnership-invite",
        {**everyone(404, 302), "amy": 200, "alice": 200},
        kwargs=lambda t: {"pk": t.solo.pk},
    ),
    Case(
        "accord-team-role",
        {**seen(403, manage=302), "bea": 403},
        method="post",
        kwargs=lambda t: {"pk": t.partnership.pk, "member_id": t.vic_seat.pk},
        data=lambda t: {"role": "sponsor"},
    ),
    Case("accord-proposal-new", proposers(200), kwargs=lambda t: {"pk": t.partnership.pk}),
    Case(
        "accord-proposal-new",
        proposers(302),
        method="post",
        kwargs=lambda t: {"pk": t.partnership.pk},
        data=lambda t: {"kind": "change", "name": "Renamed", "purpose": "Sun.", "scope": ""},
    ),
    Case("accord-proposal-approve", binding(302, anon=302), method="post", kwargs=proposal_page),
    Case(
        "accord-proposal-decline",
        binding(302, anon=302),
        method="post",
        kwargs=proposal_page,
        data=lambda t: {"reason": "Not now."},
    ),
    Case("accord-proposal-withdraw", withdrawers(302), method="post", kwargs=proposal_page),
    Case(
        "accord-partnership-invitation-revoke",
        {**seen(403, manage=302), "bea": 404},
        method="post",
        kwargs=lambda t: {"pk": t.partnership.pk, "invitation_id": t.invitation.pk},
    ),
    Case(
        "accord-team-add",
        {**seen(403, manage=302), "bea": 403},
        method="post",
        kwargs=lambda t: {"pk": t.partnership.pk, "party_id": t.party_a.pk},
        data=lambda t: {f"p{t.party_a.pk}-user": t.ann.pk, f"p{t.party_a.pk}-role": "contributor"},
    ),
    Case(
        "accord-team-remove",
        {**seen(403, manage=302), "bea": 403},
        method="post",
        kwargs=lambda t: {"pk": t.partnership.pk, "member_id": t.vic_seat.pk},
    ),
    Case(
        "accord-partnership-invitation-resend",
        {**seen(403, manage=302), "bea": 404},
        method="post",
        kwargs=lambda t: {"pk": t.partnership.pk, "invitation_id": t.mailed_invitation.pk},
    ),
    Case(
        "accord-partnership-invitation-link",
        {**seen(403, manage=200), "bea": 404},
        method="post",
        kwargs=lambda t: {"pk": t.partnership.pk, "invitation_id": t.mailed_invitation.pk},
    ),
    Case(
        "accord-partnership-welcome-dismiss",
        seen(302),
        method="post",
        kwargs=lambda t: {"pk": t.partnership.pk},
    ),
    # The invitation page is for whoever holds the link, signed in or not.
    Case("accord-invitation", everyone(200, 200), kwargs=lambda t: {"token": t.token}),
    Case(
        "accord-invitation-signup",
        everyone(302, 200),
        method="post",
        kwargs=lambda t: {"token": t.token},
    ),
    Case(
        "accord-invitation-new-organization",
        everyone(302, 302),
        method="post",
        kwargs=lambda t: {"token": t.token},
    ),
    # Only the account a confirmed sign-up made continues from it.
    Case(
        "accord-invitation-confirmed",
        everyone(404, 302),
        kwargs=lambda t: {"signup_id": t.signup.pk},
    ),
    Case(
        "accord-invitation-confirmed-new-organization",
        everyone(404, 302),
        method="post",
        kwargs=lambda t: {"signup_id": t.signup.pk},
    ),
    Case("accord-signup-confirm", everyone(200, 200), kwargs=lambda t: {"token": t.signup_token}),
    Case("accord-orgs", everyone(200, 302)),
    Case("accord-org-new", everyone(200, 302)),
    Case(
        "accord-org",
        {
            **dict.fromkeys(["amy", "alice", "vic", "ann"], 200),
            **dict.fromkeys(["bea", "bob", "olga"], 404),
            "anon": 302,
        },
        kwargs=lambda t: {"slug": "alpha"},
    ),
    Case(
        "accord-org-invite",
        {
            "amy": 200,
            **dict.fromkeys(["alice", "vic", "ann"], 403),
            **dict.fromkeys(["bea", "bob", "olga"], 404),
            "anon": 302,
        },
        kwargs=lambda t: {"slug": "alpha"},
    ),
    Case("accord-org-join", everyone(200, 200), kwargs=lambda t: {"token": t.join_token}),
    Case(
        "accord-token-revoke",
        {**everyone(404, 302), "alice": 302},
        method="post",
        kwargs=lambda t: {"token_id": t.alice_token.pk},
    ),
    # Each person's own calendar feed: alice has one, no one else does.
    Case("accord-calendar-feed", everyone(200, 302)),
    Case("accord-calendar-feed-create", {**everyone(200, 302), "alice": 302}, method="post"),
    Case("accord-calendar-feed-rotate", {**everyone(302, 302), "alice": 200}, method="post"),
    Case("accord-calendar-feed-revoke", everyone(302, 302), method="post"),
    # The feed itself: its token is the only credential, whoever asks.
    Case("accord-calendar-feed-ics", everyone(200, 200), kwargs=lambda t: {"token": t.feed_token}),
    Case("accord-calendar-feed-ics", everyone(404, 404), kwargs=lambda t: {"token": "cal_gone"}),
]

API = [
    Case(
        "api:organization_invitation_resend",
        {**ORG_ADMIN_ONLY_POST, "amy": 200, "anon": 401},
        method="post",
        kwargs=lambda t: {"slug": "alpha", "invitation_id": t.join_invitation.pk},
    ),
    Case(
        "api:organization_invitation_revoke",
        {**ORG_ADMIN_ONLY_POST, "amy": 204, "anon": 401},
        method="delete",
        kwargs=lambda t: {"slug": "alpha", "invitation_id": t.join_invitation.pk},
    ),
    Case(
        "api:member_list",
        {
            **dict.fromkeys(["amy", "alice", "vic", "ann"], 200),
            **dict.fromkeys(["bea", "bob", "olga"], 404),
            "anon": 401,
        },
        kwargs=lambda t: {"slug": "alpha"},
    ),
    Case(
        "api:member_update",
        {**ORG_ADMIN_ONLY_POST, "amy": 200, "anon": 401},
        method="patch",
        kwargs=ann_membership,
        data=lambda t: {"role": "viewer"},
    ),
    Case(
        "api:member_remove",
        {**ORG_ADMIN_ONLY_POST, "amy": 204, "anon": 401},
        method="delete",
        kwargs=ann_membership,
    ),
    Case("api:me_get", everyone(200, 401)),
    Case("api:notification_list", everyone(200, 401)),
    Case("api:notification_unread_count", everyone(200, 401)),
    Case(
        "api:notification_read",
        {**everyone(404, 401), "alice": 200},
        method="post",
        kwargs=lambda t: {"notification_id": t.alice_notification.pk},
    ),
    Case("api:notifications_read_all", everyone(200, 401), method="post"),
    Case("api:notification_preferences_get", everyone(200, 401)),
    Case(
        "api:notification_preferences_update",
        everyone(200, 401),
        method="patch",
        data=lambda t: {"email": "off"},
    ),
    Case("api:calendar_feed_get", everyone(200, 401)),
    Case("api:calendar_feed_create", {**everyone(201, 401), "alice": 400}, method="post"),
    Case("api:calendar_feed_rotate", {**everyone(404, 401), "alice": 201}, method="post"),
    Case("api:calendar_feed_revoke", {**everyone(404, 401), "alice": 204}, method="delete"),
    Case("api:partnership_list", everyone(200, 401)),
    Case(
        "api:partnership_create",
        {**everyone(201, 401), "vic": 400},
        method="post",
        data=lambda t: {"name": "New one"},
    ),
    Case(
        "api:partnership_get",
        seen(200, anon=401),
        kwargs=lambda t: {"partnership_id": t.partnership.pk},
    ),
    Case(
        "api:party_list",
        seen(200, anon=401),
        kwargs=lambda t: {"partnership_id": t.partnership.pk},
    ),
    Case(
        "api:audit_event_list",
        seen(200, anon=401),
        kwargs=lambda t: {"partnership_id": t.partnership.pk},
    ),
    Case(
        "api:change_list",
        seen(200, anon=401),
        kwargs=lambda t: {"partnership_id": t.partnership.pk},
    ),
    Case(
        "api:audit_receipt_get",
        seen(200, anon=401),
        kwargs=lambda t: {"partnership_id": t.partnership.pk},
    ),
    Case(
        "api:partnership_update",
        seen(403, manage=200, anon=401),
        method="patch",
        kwargs=lambda t: {"partnership_id": t.partnership.pk},
        data=lambda t: {"version": t.partnership.version, "review_cadence": "monthly"},
    ),
    Case(
        # What binds both parties is proposed, whoever may manage: 409 proposal_required.
        "api:partnership_update",
        seen(403, manage=409, anon=401),
        method="patch",
        kwargs=lambda t: {"partnership_id": t.partnership.pk},
        data=lambda t: {"version": t.partnership.version, "name": "Renamed"},
    ),
    Case(
        "api:team_member_update",
        {**seen(403, manage=200, anon=401), "bea": 403},
        method="patch",
        kwargs=lambda t: {"partnership_id": t.partnership.pk, "team_member_id": t.vic_seat.pk},
        data=lambda t: {"role": "sponsor"},
    ),
    Case(
        # Leads commit Alpha: only its admins choose them (amy), not its lead (alice).
        "api:team_member_update",
        {**seen(403, manage=403, anon=401), "amy": 200},
        method="patch",
        kwargs=lambda t: {"partnership_id": t.partnership.pk, "team_member_id": t.vic_seat.pk},
        data=lambda t: {"role": "lead"},
    ),
    Case(
        "api:proposal_list",
        seen(200, anon=401),
        kwargs=lambda t: {"partnership_id": t.partnership.pk},
    ),
    Case(
        "api:proposal_create",
        proposers(201, anon=401),
        method="post",
        kwargs=lambda t: {"partnership_id": t.partnership.pk},
        data=lambda t: {"kind": "end", "reason": "Done."},
    ),
    Case("api:proposal_approve", binding(200), method="post", kwargs=proposal, data=lambda t: {}),
    Case(
        "api:proposal_decline",
        binding(200),
        method="post",
        kwargs=proposal,
        data=lambda t: {"reason": "Not now."},
    ),
    Case("api:proposal_withdraw", withdrawers(200, anon=401), method="post", kwargs=proposal),
    Case(
        "api:team_member_add",
        {**seen(403, manage=201, anon=401), "bea": 400},
        method="post",
        kwargs=lambda t: {"partnership_id": t.partnership.pk},
        data=lambda t: {"email": "ann@alpha.test"},
    ),
    Case(
        "api:team_member_remove",
        {**seen(403, manage=204, anon=401), "bea": 403},
        method="delete",
        kwargs=lambda t: {"partnership_id": t.partnership.pk, "team_member_id": t.vic_seat.pk},
    ),
    Case(
        # A third organization binds both parties: proposed (409 proposal_required).
        "api:invitation_create",
        seen(403, manage=409, anon=401),
        method="post",
        kwargs=lambda t: {"partnership_id": t.partnership.pk},
        data=lambda t: {},
    ),
    Case(
        "api:invitation_list",
        seen(403, manage=200, anon=401),
        kwargs=lambda t: {"partnership_id": t.partnership.pk},
    ),
    Case(
        "api:invitation_resend",
        {**seen(403, manage=200, anon=401), "bea": 404},
        method="post",
        kwargs=lambda t: {
            "partnership_id": t.partnership.pk,
            "partnership_invitation_id": t.mailed_invitation.pk,
        },
    ),
    Case(
        "api:invitation_link_create",
        {**seen(403, manage=201, anon=401), "bea": 404},
        method="post",
        kwargs=lambda t: {
            "partnership_id": t.partnership.pk,
            "partnership_invitation_id": t.mailed_invitation.pk,
        },
    ),
    Case(
        "api:invitation_revoke",
        {**seen(403, manage=204, anon=401), "bea": 404},
        method="delete",
        kwargs=lambda t: {
            "partnership_id": t.partnership.pk,
            "partnership_invitation_id": t.mailed_invitation.pk,
        },
    ),
    Case(
        "api:invitation_create",
        {**everyone(404, 401), "amy": 201, "alice": 201},
        method="post",
        kwargs=lambda t: {"partnership_id": t.solo.pk},
        data=lambda t: {},
    ),
    Case(
        "api:invitation_accept",
        {**everyone(400, 401), "olga": 201},
        method="post",
        kwargs=lambda t: {"token": t.token},
        data=lambda t: {},
    ),
    Case(
        "api:organization_invitation_create",
        {
            "amy": 201,
            **dict.fromkeys(["alice", "vic", "ann"], 403),
            **dict.fromkeys(["bea", "bob", "olga"], 404),
            "anon": 401,
        },
        method="post",
        kwargs=lambda t: {"slug": "alpha"},
        data=lambda t: {"email": "new@alpha.test"},
    ),
]


def route_names(patterns, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: staff only, with its own permission system
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}")
    return names


class AccessMatrixTests(AccordTestCase):
    invitation: PartnershipInvitation
    mailed_invitation: PartnershipInvitation
    proposal: Proposal
    solo: Partnership
    vic_seat: TeamMember
    alice_token: ApiToken
    alice_notification: Notification
    feed_token: str
    tokens: dict[str, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.invitation, _ = partnership_invitation_create(
            partnership=cls.partnership, inviting_party=cls.party_a, actor=cls.alice
        )
        cls.mailed_invitation = partnership_invite(
            partnership=cls.partnership,
            inviting_party=cls.party_a,
            actor=cls.alice,
            name="Gus",
            email="gus@delta.test",
        )
        cls.vic_seat = TeamMember.objects.get(user=cls.vic)
        # Proposed by bob, who does not commit Beta: no party has approved it yet.
        cls.proposal = proposal_create(
            party=cls.party_b, actor=cls.bob, kind="change", name="Bob's name"
        ).proposal
        # Alpha's partnership before anyone joined it.
        cls.solo = partnership_create(organization=cls.alpha, actor=cls.alice, name="Solo")
        cls.alice_token = cls.alice.api_tokens.create(prefix="acc_x", token_hash="x" * 64)
        cls.alice_notification = Notification.objects.create(
            user=cls.alice, kind="test.note", partnership=cls.partnership, title="News", url="/"
        )
        cls.feed_token = calendar_feed_create(user=cls.alice)[1]
        cls.tokens = {name: cls.token_for(getattr(cls, name)) for name in SIGNED_IN}
        for practice in PRACTICES:
            practice.setup(cls)

    def setUp(self) -> None:
        _, self.token = partnership_invitation_create(
            partnership=self.partnership, inviting_party=self.party_a, actor=self.alice
        )
        self.join_invitation = organization_invitation_create(
            organization=self.alpha, email="joiner@alpha.test", role="member", actor=self.amy
        )
        self.join_token = mailed_token("joiner@alpha.test")
        # A sign-up from an invitation with another address, confirmed by "sam" (no persona),
        # and one waiting for its confirmation.
        invitation = open_partnership_invitation(self.token)
        for email in ("sam@delta.test", "sue@delta.test"):
            invitation_signup(invitation=invitation, email=email, password=PASSWORD, full_name="S")
        self.signup = invitation_signup_confirm(token=mailed_token("sam@delta.test", "/signup/"))
        self.signup_token = mailed_token("sue@delta.test", "/signup/")

    def call(self, case: Case, persona: str):
        url = reverse(case.name, kwargs=case.kwargs(self))
        self.client.logout()
        headers = {}
        if persona != "anon":
            if case.is_api:
                headers["Authorization"] = f"Bearer {self.tokens[persona]}"
            else:
                self.client.force_login(getattr(self, persona))
        data = case.data(self)
        if case.is_api and data is not None:
            return getattr(self.client, case.method)(
                url, json.dumps(data), content_type="application/json", headers=headers
            )
        return getattr(self.client, case.method)(url, data or {}, headers=headers)

    def check(self, cases: list[Case]) -> None:
        for case in cases:
            for persona in PERSONAS:
                with self.subTest(route=case.name, persona=persona):
                    with transaction.atomic():
                        response = self.call(case, persona)
                        transaction.set_rollback(True)
                    body = b"(a file)" if response.streaming else response.content[:300]
                    self.assertEqual(response.status_code, case.expect[persona], body)

    def test_pages_answer_each_persona_as_they_should(self):
        self.check(PAGES)

    def test_api_answers_each_persona_as_it_should(self):
        self.check(API)

    def test_practice_routes_answer_each_persona_as_they_should(self):
        self.check([case for practice in PRACTICES for case in practice.CASES])

    def test_every_route_is_covered(self):
        cases = PAGES + API + [case for practice in PRACTICES for case in practice.CASES]
        covered = {case.name for case in cases} | PUBLIC
        missing = route_names(get_resolver().url_patterns) - covered
        self.assertEqual(missing, set(), "routes without access tests")
