"""The nastiest input in every text, date and number field of every record kind, fed through the
real API (and services), and then every page and API read of the partnership as each party's
member: nothing answers 500, no script comes through unescaped, and every value reads as text.

The record kinds and their fields are discovered from the models (every `PartnershipRecord`
of the installed apps, `EDITABLE_FIELDS` and the fields' types) and the routes from the URL
resolver, so a new kind, field or page is fed and read without touching this test; only how to
create a valid record of a kind (`BASES`) is written here, and a kind without one fails.
"""

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.html import escape
from icalendar import Calendar

from accord.alignment.models import Objective, ObjectiveLink, SharedGoal
from accord.calendar_feed.tests.base import FeedTestCase
from accord.communication.models import Cadence, Comment, Meeting, Minutes, Update
from accord.contingency.models import (
    ContingencyPlan,
    EscalationLevel,
    ExitPlan,
    PlanAction,
    Risk,
)
from accord.core.models import (
    Partnership,
    PartnershipInvitation,
    PartnershipRecord,
    Party,
    Proposal,
    TeamMember,
)
from accord.core.records import record_create, record_delete
from accord.lib.bounds import DATE_MAX, DATE_MIN, MAX_DIGITS, largest
from accord.longterm.models import Kpi, Measurement, Milestone, Review, ValueEntry
from accord.reports.models import QbrReport
from accord.roles.models import (
    Activity,
    Assignment,
    Decision,
    DecisionRule,
    Expectation,
    Workstream,
)
from accord.surveys.models import SurveyRound
from accord.trust.models import Commitment, Concern, SharedItem
from tests.base import AccordTestCase
from tests.memos.models import Memo

SCRIPT = "<script>alert('nasty')</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
DATE_LIKE = "0001-01-01T00:00:00+14:00"
TEMPLATE = "%s %(name)s {} {{ p.name }} {% now 'Y' %}"
UNICODE = "\u202etxet lanoitcerid\u200b\u200d\ufeff 👩‍👩‍👧 \U0001f600 ﷽"
SQL = "'; DROP TABLE core_partnership; --"
WHITESPACE = " \t\n "
NUL = "a\x00b"
# Shown as text: each of these must appear, escaped once, on the pages that show the field.
SHOWN = [SCRIPT, IMAGE, DATE_LIKE, TEMPLATE, UNICODE, SQL, "9999-12-31", "2026-02-30"]
# Text that looks like markup, which no page may send unescaped.
RAW_MARKUP = ["<script>alert(", "<img src=x onerror"]

OUT_OF_RANGE_DATES = [date(1, 1, 1), DATE_MIN - timedelta(1), DATE_MAX + timedelta(1)]
BOUNDARY_DATES = [DATE_MIN, DATE_MAX]

# How to make a valid record of each kind through the API: the list path and a valid body.
# ObjectiveLink's objective and goal are filled in per record (one link per pair).
BASES: dict[type[models.Model], tuple[str, dict[str, Any]]] = {
    Objective: ("objectives", {"title": "Base objective"}),
    SharedGoal: ("goals", {"title": "Base goal"}),
    ObjectiveLink: ("links", {"kind": "conflicts"}),
    Kpi: (
        "kpis",
        {
            "name": "Base KPI",
            "baseline": "0",
            "baseline_date": "2024-01-01",
            "target": "100",
            "target_date": "2030-01-01",
        },
    ),
    Milestone: ("milestones", {"title": "Base milestone", "due_date": "2027-01-01"}),
    ValueEntry: (
        "value",
        {
            "flow": "contribution",
            "category": "money",
            "description": "Base entry",
            "amount": "10",
            "currency": "EUR",
            "occurred_on": "2025-01-01",
        },
    ),
    Review: ("reviews", {"held_on": "2025-01-01", "decision": "continue"}),
    # Proposed by bob, who does not commit Beta: each stays pending, the partnership unchanged.
    Proposal: ("proposals", {"kind": "change", "name": "Base name"}),
    Memo: ("", {"text": "Base memo"}),  # no API: made through record_create
    Commitment: ("commitments", {"title": "Base commitment", "due_date": "2027-01-01"}),
    SharedItem: ("items", {"title": "Base item", "url": "https://example.com/base"}),
    Concern: ("concerns", {"topic": "Base concern", "text": "Base text"}),
    # Roles: the ids of the records they belong to are filled in per record (`ROLES_REFS`).
    Workstream: ("workstreams", {"title": "Base workstream"}),
    Activity: ("activities", {"title": "Base activity"}),
    Assignment: ("assignments", {"letter": "R"}),
    DecisionRule: ("rules", {"title": "Base rule"}),
    Decision: ("decisions", {"title": "Base decision"}),
    Expectation: ("expectations", {"kind": "need", "text": "Base expectation"}),
    Risk: ("risks", {"title": "Base risk"}),
    # Fired by a KPI above a value, so that the threshold is stored (`ROLES_REFS`).
    ContingencyPlan: ("plans", {"title": "Base plan", "trigger_kind": "kpi_above"}),
    # One per partnership: each is written afresh in place of the one before (`create`).
    ExitPlan: ("exit_plans", {"notice_days": 30}),
    # A level per record: the level numbers of Beta's path run out, so each is removed first.
    EscalationLevel: ("escalation_levels", {"after_days": 3}),
    Cadence: (
        "cadences",
        {"title": "Base cadence", "rule": "FREQ=WEEKLY", "starts_at": "2026-01-06T10:00"},
    ),
    Meeting: ("meetings", {"title": "Base meeting", "starts_at": "2026-01-06T10:00"}),
    Minutes: ("minutes", {"text": "Base minutes"}),
    Update: ("updates", {"title": "Base update", "progress": "Base progress"}),
    Comment: ("comments", {"text": "Base comment"}),
    # Opened by a lead (bea, `SENDERS`), closing within 90 days of today (`RELATIVE_DATES`).
    SurveyRound: (
        "surveys",
        {"title": "Base round", "closes_on": str(date.today() + timedelta(days=10))},
    ),
}
# Who creates a kind that a contributor (bob) may not: a lead of Beta's team.
SENDERS: dict[type, str] = {SurveyRound: "bea"}
# Dates a record's rule holds close to today: no extreme date can be stored, by design.
RELATIVE_DATES = {"SurveyRound.closes_on"}
MEETING = {"title": "Meeting of minutes", "starts_at": "2026-01-06T10:00"}
UPDATE = {"title": "Update of comments", "progress": "Some"}


def made(t, path: str, body: dict[str, Any]) -> int:
    """The id of a new record of the test class `t`'s partnership, made by bob through the API
    (for this test and the archive test, which feeds the same bases). In an archive nothing is
    made, and no write reads the id it is given: any will do."""
    response = Client().post(
        f"/api/v1/partnerships/{t.partnership.pk}/{path}",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {t.token_for(t.bob)}"},
    )
    if response.status_code == 409 and response.json()["code"] == "partnership_ended":
        return 1
    assert response.status_code == 201, response.content
    return response.json()["id"]


# What a roles or contingency record points at, made once by `feed` (a workstream, an activity,
# a rule; a risk and a KPI), and a communication record's meeting or update.
ROLES_REFS: dict[type[models.Model], Any] = {
    Activity: lambda t: {"workstream": t.roles_refs["workstream"]},
    Assignment: lambda t: {"activity": t.roles_refs["activity"], "party": t.party_a.pk},
    Decision: lambda t: {"rule": t.roles_refs["rule"]},
    Expectation: lambda t: {"toward": t.party_a.pk},
    ContingencyPlan: lambda t: {
        "risk": t.roles_refs["risk"],
        "trigger_kpi": t.roles_refs["kpi"],
        "trigger_value": "1",
    },
    EscalationLevel: lambda t: {"person": t.bob.pk},
    # A meeting of their own for each minutes, an update for each comment.
    Minutes: lambda t: {"meeting": made(t, "meetings", MEETING)},
    Comment: lambda t: {"update": made(t, "updates", UPDATE)},
}
# The records of a kind whose own pages are read (evenly spread over the text, date and number
# passes, the last being the KPI with the extreme measurements); lists show every record.
DETAIL_SAMPLE = 6
# What a field's extreme value needs besides the base to make a valid record.
CONTEXT: dict[tuple[type[models.Model], str], dict[str, str]] = {
    (Milestone, "completed_on"): {"status": "done"},
    (ContingencyPlan, "trigger_date"): {"trigger_kind": "date"},
}
# A rule, not a free text: the currency is a three-letter code (refused otherwise, by rule).
# A link is an http(s) address (refused otherwise, by rule).
# A recurrence rule and a time zone are names of their standards (refused otherwise, by rule).
NOT_FREE_TEXT = {
    (ValueEntry, "currency"),
    (SharedItem, "url"),
    (Cadence, "rule"),
    (Cadence, "time_zone"),
    (Meeting, "time_zone"),
}
# A TextField has no length of its own: long text within every API bound, and far beyond.
LONG_TEXT, TOO_LONG_TEXT = 5000, 100_001


def record_kinds() -> list[type[PartnershipRecord]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, PartnershipRecord) and not model._meta.abstract
    ]


def fields_of(model: type[models.Model], *types: type[models.Field]) -> list[models.Field]:
    editable = getattr(model, "EDITABLE_FIELDS", ())
    fields = [model._meta.get_field(name) for name in editable]
    return [
        f
        for f in fields
        if isinstance(f, types) and not f.choices and (model, f.name) not in NOT_FREE_TEXT
    ]


def text_fields(model) -> list[models.Field]:
    return fields_of(model, models.CharField, models.TextField)


def nasty_texts(field: models.Field) -> list[tuple[str, str]]:
    """(value, what should happen: "ok", "refused" or "ok-if-optional") for one text field."""
    n = field.max_length or LONG_TEXT
    too_long = n + 1 if field.max_length else TOO_LONG_TEXT
    return [
        *[(value, "ok" if len(value) <= n else "refused") for value in SHOWN],
        ("ü" * n, "ok"),  # at the limit, in characters, not bytes
        ("ü" * too_long, "refused"),
        (WHITESPACE, "ok-if-optional"),
        (NUL, "refused"),
    ]


def spread(items: list, count: int) -> list:
    """`count` of the items evenly spread from the first to the last (all, if fewer)."""
    if len(items) <= count:
        return items
    step = (len(items) - 1) / (count - 1)
    return [items[round(i * step)] for i in range(count)]


class NastyInputTests(AccordTestCase):
    unexpected: list[str]
    counts: dict[str, int]
    extremes_stored: set[str]
    http: Client
    bearer: dict[str, str]
    link_pair: int
    goal_id: int
    roles_refs: dict[str, int]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.unexpected = []
        cls.counts = {}
        cls.extremes_stored = set()
        cls.http = Client()
        cls.bearer = {u: cls.token_for(getattr(cls, u)) for u in ("alice", "bea", "bob")}
        cls.feed()

    # --- Feeding ------------------------------------------------------------------------------

    @classmethod
    def send(cls, method: str, path: str, body: dict, user: str = "bob"):
        call = getattr(cls.http, method)
        return call(
            f"/api/v1/partnerships/{cls.partnership.pk}{path}",
            json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {cls.bearer[user]}"},
        )

    @classmethod
    def expect(cls, what: str, response, allowed: set[int], field: str | None = None) -> None:
        """Note an answer outside `allowed`, or a refusal that does not name `field`."""
        cls.counts[str(response.status_code)] = cls.counts.get(str(response.status_code), 0) + 1
        if response.status_code not in allowed:
            cls.unexpected.append(f"{what}: {response.status_code} {response.content[:200]!r}")
        elif response.status_code in (400, 422) and field:
            named = [e["field"] for e in response.json()["errors"]]
            if field not in named:
                cls.unexpected.append(f"{what}: refused, but not by {field}: {named}")

    @classmethod
    def create(cls, model, what: str, body: dict[str, Any], allowed: set[int], field=None) -> int:
        path, base = BASES[model]
        body = {**base, **body}
        if model in ROLES_REFS:
            body = {**ROLES_REFS[model](cls), **body}
        if model in (ExitPlan, EscalationLevel):
            for previous in model.objects.filter(partnership=cls.partnership):
                record_delete(record=previous, actor=cls.bob)
        if model is ObjectiveLink:
            cls.link_pair += 1
            objective = cls.send("post", "/objectives", {"title": f"For link {cls.link_pair}"})
            body = {"objective": objective.json()["id"], "goal": cls.goal_id, **body}
        if not path:  # no API: the service, with what the API would have let through
            if 201 in allowed:
                owner = cls.party_b
                record_create(
                    record=model(partnership=cls.partnership, owner_party=owner, **body),
                    actor=cls.bob,
                )
            return 201
        response = cls.send("post", f"/{path}", body, SENDERS.get(model, "bob"))
        cls.expect(f"{model.__name__} {what}", response, allowed, field)
        return response.status_code

    @classmethod
    def feed(cls) -> None:
        cls.link_pair = 0
        cls.goal_id = cls.send("post", "/goals", {"title": "Goal of the links"}).json()["id"]
        workstream = cls.send("post", "/workstreams", {"title": "Stream"}).json()["id"]
        activity = cls.send("post", "/activities", {"workstream": workstream, "title": "Act"})
        rule = cls.send("post", "/rules", {"title": "Rule of the decisions"}).json()["id"]
        risk = cls.send("post", "/risks", {"title": "Risk of the plans"}).json()["id"]
        kpi = cls.send("post", "/kpis", {**BASES[Kpi][1], "name": "KPI of the plans"})
        cls.roles_refs = {
            "workstream": workstream,
            "activity": activity.json()["id"],
            "rule": rule,
            "risk": risk,
            "kpi": kpi.json()["id"],
        }
        kinds = record_kinds()
        missing = {k.__name__ for k in kinds} - {k.__name__ for k in BASES}
        assert not missing, f"record kinds without a base in BASES: {missing}"
        for model in kinds:
            cls.feed_texts(model)
            cls.feed_dates(model)
            cls.feed_numbers(model)
        cls.feed_measurements()
        cls.feed_partnership()
        cls.feed_joint_texts()

    @classmethod
    def feed_texts(cls, model) -> None:
        """One record per nasty value, in every text field it fits; then what each field
        refuses, one field at a time so that the refusal must name it."""
        fields = text_fields(model)
        if not fields:
            return
        for value in SHOWN:
            fitting = {f.name: value for f in fields if len(value) <= (f.max_length or LONG_TEXT)}
            cls.create(model, f"{value[:20]!r}", fitting, {201})
        longest = {f.name: "ü" * (f.max_length or LONG_TEXT) for f in fields}  # characters
        cls.create(model, "at the length limits", longest, {201})
        optional = {f.name: WHITESPACE for f in fields if f.blank}
        if optional:
            cls.create(model, "whitespace in optional fields", optional, {201})
        if model is Memo:
            return  # no API: nothing refuses for the service
        for field in fields:
            too_long = "ü" * (field.max_length + 1 if field.max_length else TOO_LONG_TEXT)
            for value in [too_long, NUL] + ([] if field.blank else [WHITESPACE]):
                what = f"{field.name}={value[:20]!r}"
                cls.create(model, what, {field.name: value}, {422}, field.name)

    @classmethod
    def feed_dates(cls, model) -> None:
        for field in fields_of(model, models.DateField):
            context = CONTEXT.get((model, field.name), {})
            for day in BOUNDARY_DATES:
                # A boundary date may break a record's own rule (a target before the
                # baseline): a clean 400 naming a field then, never a crash.
                body = {**context, field.name: str(day)}
                if cls.create(model, f"{field.name}={day}", body, {201, 400}) == 201:
                    cls.extremes_stored.add(f"{model.__name__}.{field.name}")
            for day in OUT_OF_RANGE_DATES:
                cls.create(model, f"{field.name}={day}", {field.name: str(day)}, {422}, field.name)

    @classmethod
    def feed_numbers(cls, model) -> None:
        for field in fields_of(model, models.DecimalField):
            assert isinstance(field, models.DecimalField)
            places = field.decimal_places
            top = largest(places)
            for value in (str(top), str(-top), "-0", str(Decimal(10) ** -places)):
                body = {field.name: value}
                if cls.create(model, f"{field.name}={value}", body, {201, 400}) == 201:
                    cls.extremes_stored.add(f"{model.__name__}.{field.name}")
            one_more = "9" * (MAX_DIGITS - places + 1)
            for value in (one_more, f"1.{'1' * (places + 1)}", "NaN", "-1e400"):
                cls.create(model, f"{field.name}={value}", {field.name: value}, {422}, field.name)

    @classmethod
    def feed_measurements(cls) -> None:
        """Measurements of a KPI from the first to the last allowed day, at both extremes."""
        top = largest(Measurement._meta.get_field("value").decimal_places)
        kpi = cls.send(
            "post",
            "/kpis",
            {
                "name": "Extremes",
                "baseline": str(-top),
                "baseline_date": str(DATE_MIN),
                "target": str(top),
                "target_date": str(DATE_MAX),
            },
        ).json()["id"]
        path = f"/kpis/{kpi}/measurements"
        today = timezone.localdate()
        values = [(DATE_MIN, str(-top)), (today, str(top)), (DATE_MIN + timedelta(1), "-0")]
        for day, value in values:
            cls.expect(
                f"measurement {day}",
                cls.send("post", path, {"measured_on": str(day), "value": value}),
                {201},
            )
        note_field = Measurement._meta.get_field("note")
        for i, (note, outcome) in enumerate(nasty_texts(note_field)):
            body = {"measured_on": str(DATE_MIN + timedelta(2 + i)), "value": "1", "note": note}
            allowed = {201} if outcome != "refused" else {422}
            cls.expect(
                f"measurement note {note[:20]!r}", cls.send("post", path, body), allowed, "note"
            )
        for day in OUT_OF_RANGE_DATES:
            body = {"measured_on": str(day), "value": "1"}
            cls.expect(f"measurement {day}", cls.send("post", path, body), {422}, "measured_on")
        rows = f'date,value,note\n{DATE_MIN + timedelta(100)},{top},"{SCRIPT}"\n'
        response = cls.http.post(
            f"/api/v1/partnerships/{cls.partnership.pk}{path}/import",
            rows.encode(),
            content_type="text/csv",
            headers={"Authorization": f"Bearer {cls.bearer['bob']}"},
        )
        cls.expect("CSV import", response, {201})

    @classmethod
    def feed_partnership(cls) -> None:
        """The partnership's own text and dates, changed by its manager one value at a time."""
        version = 1
        texts = fields_of(Partnership, models.CharField, models.TextField)
        changes: list[tuple[dict, set[int]]] = [
            ({f.name: value for f in texts if len(value) <= (f.max_length or LONG_TEXT)}, {200})
            for value in SHOWN
        ]
        for field in texts:
            for value, outcome in nasty_texts(field):
                if outcome != "ok":
                    ok = outcome == "ok-if-optional" and field.blank
                    changes.append(({field.name: value}, {200} if ok else {422}))
        for field in fields_of(Partnership, models.DateField):
            changes += [({field.name: str(day)}, {200}) for day in BOUNDARY_DATES]
            changes += [({field.name: str(day)}, {422}) for day in OUT_OF_RANGE_DATES]
        changes.append(({"name": SCRIPT}, {200}))  # what every page shows at the end
        for change, allowed in changes:
            if set(change) & set(Partnership.BINDING_FIELDS):
                cls.agree_on(change, allowed)
                version = Partnership.objects.get(pk=cls.partnership.pk).version
                continue
            response = cls.http.patch(
                f"/api/v1/partnerships/{cls.partnership.pk}",
                json.dumps({"version": version, **change}),
                content_type="application/json",
                headers={"Authorization": f"Bearer {cls.bearer['alice']}"},
            )
            cls.expect(f"partnership {str(change)[:40]}", response, allowed, next(iter(change)))
            if response.status_code == 200:
                version = response.json()["version"]

    @classmethod
    def agree_on(cls, change: dict, allowed: set[int]) -> None:
        """What binds both parties changes by a proposal of alice (Alpha's lead, whose
        approval counts) that bea (Beta's lead) approves."""
        body = {"kind": "change", **change}
        response = cls.send("post", "/proposals", body, user="alice")
        cls.expect(
            f"proposal {str(change)[:40]}",
            response,
            {201} if 200 in allowed else allowed,
            next(iter(change)),
        )
        if response.status_code == 201:
            approve = f"/proposals/{response.json()['id']}/approval"
            cls.expect("approval", cls.send("post", approve, {}, user="bea"), {200})

    @classmethod
    def feed_joint_texts(cls) -> None:
        """Texts given outside the record kinds: invitation notes, withdrawals, resolutions."""
        for value, outcome in nasty_texts(PartnershipInvitation._meta.get_field("note")):
            # A further organization is invited once both parties approved the proposal.
            allowed = {201} if outcome != "refused" else {422}
            body = {"kind": "invite", "note": value}
            response = cls.send("post", "/proposals", body, user="alice")
            cls.expect(f"invitation note {value[:20]!r}", response, allowed, "note")
            if response.status_code == 201:
                approve = f"/proposals/{response.json()['id']}/approval"
                cls.expect("invitation", cls.send("post", approve, {}, user="bea"), {200})
        # The person invited by email: a name is required, so whitespace alone is refused.
        for i, (value, outcome) in enumerate(
            nasty_texts(PartnershipInvitation._meta.get_field("invitee_name"))
        ):
            allowed = {201} if outcome == "ok" else {400, 422}
            body = {
                "kind": "invite",
                "invitee_name": value,
                "invitee_email": f"nasty{i}@delta.test",
                "note": value[:200],
            }
            response = cls.send("post", "/proposals", body, user="alice")
            cls.expect(f"invitee name {value[:20]!r}", response, allowed, "invitee_name")
            if response.status_code == 201:  # approved: the invitation is emailed to them
                approve = f"/proposals/{response.json()['id']}/approval"
                cls.expect("invitation", cls.send("post", approve, {}, user="bea"), {200})
        few = [SCRIPT, DATE_LIKE, TEMPLATE, NUL, WHITESPACE]
        for i, value in enumerate(few):
            goal = cls.send("post", "/goals", {"title": f"Withdrawn {i}"}).json()["id"]
            cls.send("post", f"/goals/{goal}/endorsement", {}, user="bea")
            allowed = {200, 204} if value in SHOWN else {422}
            body = {"reason": value}
            response = cls.send("delete", f"/goals/{goal}/endorsement", body, user="bea")
            cls.expect(f"withdrawal {value[:20]!r}", response, allowed, "reason")
        links = ObjectiveLink.objects.filter(partnership=cls.partnership, kind="conflicts")
        for link, value in zip(links, few, strict=False):
            allowed = {200} if value in SHOWN else {422}
            response = cls.send("post", f"/links/{link.pk}/resolution", {"resolution": value})
            cls.expect(f"resolution {value[:20]!r}", response, allowed, "resolution")

    # --- Reading ------------------------------------------------------------------------------

    def test_every_input_is_stored_or_refused_cleanly(self):
        self.assertEqual(self.unexpected, [], "\n".join(self.unexpected))
        self.assertGreater(self.counts.get("201", 0), 100, self.counts)

    def test_every_date_and_number_field_stored_an_extreme_value(self):
        bounded = {
            f"{model.__name__}.{field.name}"
            for model in record_kinds()
            for field in fields_of(model, models.DateField, models.DecimalField)
        }
        self.assertEqual(bounded - self.extremes_stored - RELATIVE_DATES, set())

    def routes(self) -> list[tuple[str, str, list[str]]]:
        """(name, route, id parameters besides the partnership's) of every partnership route."""
        found = []

        def walk(patterns, prefix: str, namespace: str) -> None:
            for pattern in patterns:
                if isinstance(pattern, URLResolver):
                    if pattern.namespace == "admin":
                        continue
                    ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                    walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
                elif isinstance(pattern, URLPattern):
                    route = prefix + str(pattern.pattern)
                    params = list(pattern.pattern.converters)
                    if "partnerships/<id:" in route and params:
                        found.append((f"{namespace}{pattern.name}", route, params))

        walk(get_resolver().url_patterns, "", "")
        return found

    SEGMENT_MODELS = {
        "objectives": Objective,
        "goals": SharedGoal,
        "links": ObjectiveLink,
        "kpis": Kpi,
        "milestones": Milestone,
        "value": ValueEntry,
        "reviews": Review,
        "measurements": Measurement,
        "invitations": PartnershipInvitation,
        "parties": Party,
        "team": TeamMember,
        "proposals": Proposal,
        "commitments": Commitment,
        "items": SharedItem,
        "concerns": Concern,
        "workstreams": Workstream,
        "activities": Activity,
        "assignments": Assignment,
        "rules": DecisionRule,
        "decisions": Decision,
        "expectations": Expectation,
        "risks": Risk,
        "plans": ContingencyPlan,
        "actions": PlanAction,
        "exit_plans": ExitPlan,
        "escalation_levels": EscalationLevel,
        "escalation": EscalationLevel,
        "cadences": Cadence,
        "meetings": Meeting,
        "minutes": Minutes,
        "updates": Update,
        "comments": Comment,
        "reports": QbrReport,
        "surveys": SurveyRound,
    }

    def ids_for(self, route: str, param: str) -> list[int]:
        """The ids to fill a route's parameter with: the records of the kind its URL names."""
        segment = route.split(f"<id:{param}>")[0].rstrip("/").rsplit("/", 1)[-1]
        model = self.SEGMENT_MODELS[segment]
        through = {
            Measurement: "kpi__partnership",
            TeamMember: "party__partnership",
            PlanAction: "plan__partnership",
        }
        mine = {through.get(model, "partnership"): self.partnership}
        ids = list(model._default_manager.filter(**mine).values_list("pk", flat=True))
        return spread(ids, DETAIL_SAMPLE)

    def urls(self) -> dict[str, str]:
        """{url: route name} of every GET of the partnership, each record of a kind in the
        routes of its kind."""
        urls: dict[str, str] = {}
        for name, route, params in self.routes():
            own = params[0]
            others = params[1:]
            if not others:
                urls.setdefault(reverse(name, kwargs={own: self.partnership.pk}), name)
                continue
            first = self.ids_for(route, others[0])
            rest = {p: (self.ids_for(route, p) or [1])[0] for p in others[1:]}
            for pk in first:
                kwargs = {own: self.partnership.pk, others[0]: pk, **rest}
                urls.setdefault(reverse(name, kwargs=kwargs), name)
        return urls

    def read_everything_as(self, user) -> dict[str, int]:
        """GET every partnership URL as `user` (page session and API token); the answers by
        status. Raises on any server error (the test client re-raises it)."""
        statuses: dict[str, int] = {}
        client = Client()
        client.force_login(user)
        headers = {"Authorization": f"Bearer {self.token_for(user)}"}
        for url, name in self.urls().items():
            response = client.get(url, headers=headers if url.startswith("/api/") else {})
            statuses[str(response.status_code)] = statuses.get(str(response.status_code), 0) + 1
            self.assertLess(response.status_code, 500, f"{name} {url}")
            body = response.content.decode()
            for markup in RAW_MARKUP:
                if response["Content-Type"].startswith("text/html"):
                    self.assertNotIn(markup, body, f"{name} {url}")
            if (
                response["Content-Type"].startswith("application/json")
                and response.status_code == 200
            ):
                json.loads(body)
        return statuses

    def test_every_read_answers_as_every_party_s_member(self):
        for user in (self.bob, self.alice):
            with self.subTest(user=user.email):
                statuses = self.read_everything_as(user)
                self.assertGreater(statuses.get("200", 0), 100, statuses)

    def test_the_history_shows_every_value_as_text_to_both_parties(self):
        for user in (self.bob, self.alice):
            self.client.force_login(user)
            page = 1
            body = ""
            while True:
                url = reverse("accord-partnership-history", args=[self.partnership.pk])
                response = self.client.get(url, {"page": page})
                self.assertEqual(response.status_code, 200)
                body += response.content.decode()
                if f"page={page + 1}" not in body:
                    break
                page += 1
            for value in SHOWN:
                with self.subTest(user=user.email, value=value):
                    self.assertIn(escape(value), body)
            for markup in RAW_MARKUP:
                self.assertNotIn(markup, body)
            api = self.api("get", f"/partnerships/{self.partnership.pk}/audit?limit=200", user)
            self.assertEqual(api.status_code, 200)
            self.assertIn(DATE_LIKE, api.content.decode())

    def test_the_calendar_feed_reads_back_every_value_as_text(self):
        """Every dated record fed above, in both parties' feeds: a calendar that any
        client parses, whose titles are the values as written (control characters dropped)."""
        for user in (self.bob, self.alice):
            with self.subTest(user=user.email):
                token = FeedTestCase.feed_token(user)
                response = self.client.get(reverse("accord-calendar-feed-ics", args=[token]))
                self.assertEqual(response.status_code, 200)
                events = Calendar.from_ical(response.content).walk("VEVENT")
                self.assertGreater(len(events), 10)
                summaries = "\n".join(str(event["SUMMARY"]) for event in events)
                for value in (SCRIPT, DATE_LIKE, TEMPLATE, UNICODE, SQL):
                    self.assertIn(value, summaries)

    def test_the_pages_show_the_values_as_text(self):
        pages = ["accord-objectives", "accord-goals", "accord-longterm", "accord-partnership"]
        self.client.force_login(self.alice)
        for name in pages:
            body = self.client.get(reverse(name, args=[self.partnership.pk])).content.decode()
            for value in (SCRIPT, DATE_LIKE, TEMPLATE):
                with self.subTest(page=name, value=value):
                    self.assertIn(escape(value), body)
