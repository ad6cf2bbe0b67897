"""A whole partnership through the generated Python client only, as an integrator would run it.

Run by `.ci/api-clients` against a real `accord serve`:

    python tests/api_client/partnership_scenario.py BASE_URL ALPHA_TOKEN BETA_TOKEN

`accord_client` is generated from the served OpenAPI document by openapi-python-client; this
file is type-checked with `mypy --strict` against it, so it holds no casts: answers are narrowed
by `expect`, a runtime check. Each step is one function, so a new convention (idempotent
retries, If-Match, the changes feed, cursor pages) is one more step.
"""

import datetime
import sys
from dataclasses import dataclass
from typing import TypeVar

from accord_client import AuthenticatedClient
from accord_client.api.alignment import (
    goal_create,
    goal_endorse,
    link_create,
    objective_create,
    objective_get,
    objective_list,
    objective_update,
)
from accord_client.api.audit import audit_event_list, change_list
from accord_client.api.long_term import (
    kpi_create,
    kpi_status_get,
    measurement_bulk,
    measurement_create,
    measurement_list,
)
from accord_client.api.partnerships import (
    invitation_accept,
    invitation_create,
    partnership_create,
    party_list,
)
from accord_client.models import (
    AcceptIn,
    BatchOut,
    ChangesOut,
    Direction,
    EndorseIn,
    GoalIn,
    GoalOut,
    InvitationIn,
    InvitationOut,
    KpiIn,
    KpiOut,
    KpiStatusOut,
    LinkIn,
    LinkOut,
    MeasurementIn,
    MeasurementOut,
    MeasurementsBulkIn,
    ObjectiveConflict,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePatch,
    PagedAuditEventOut,
    PagedMeasurementOut,
    PagedObjectiveOut,
    PagedPartyOut,
    PartnershipIn,
    PartnershipOut,
    PartyOut,
    Priority,
    Visibility,
)
from accord_client.types import UNSET, Unset

Answer = TypeVar("Answer")


class ScenarioFailed(Exception):
    pass


def expect(answer: object, kind: type[Answer]) -> Answer:
    """The answer, if it is of KIND; anything else (an error body, nothing) stops the run."""
    if not isinstance(answer, kind):
        raise ScenarioFailed(f"expected {kind.__name__}, got {answer!r}")
    return answer


def check(condition: bool, what: str) -> None:
    if not condition:
        raise ScenarioFailed(what)


@dataclass
class Run:
    """The two sides of the partnership and what the steps made so far."""

    alpha: AuthenticatedClient
    beta: AuthenticatedClient
    partnership_id: int = 0
    shared_objective_id: int = 0
    goal_id: int = 0
    kpi_id: int = 0


def create_partnership(run: Run) -> None:
    body = PartnershipIn(name="Joint pilot", purpose="Cut delivery emissions together")
    partnership = expect(partnership_create.sync(client=run.alpha, body=body), PartnershipOut)
    run.partnership_id = partnership.id


def invite_and_accept(run: Run) -> None:
    # An explicit (empty) body: a generated client that sends none waits on the types helper.
    invitation = expect(
        invitation_create.sync(run.partnership_id, client=run.alpha, body=InvitationIn()),
        InvitationOut,
    )
    # Without an email, the answer carries the link to pass on by hand (decision 0015).
    token = invitation.token
    if not isinstance(token, str):
        raise ScenarioFailed("an invitation without an email answers its link's token")
    expect(invitation_accept.sync(token, client=run.beta, body=AcceptIn()), PartyOut)
    parties = expect(party_list.sync(run.partnership_id, client=run.alpha), PagedPartyOut)
    check(len(parties.items) == 2, f"two parties after accepting, not {len(parties.items)}")


def objectives_private_and_shared(run: Run) -> None:
    private = expect(
        objective_create.sync(
            run.partnership_id,
            client=run.alpha,
            body=ObjectiveIn(title="Our own margin", visibility=Visibility.PRIVATE),
        ),
        ObjectiveOut,
    )
    shared = expect(
        objective_create.sync(
            run.partnership_id, client=run.alpha, body=ObjectiveIn(title="Fewer empty trucks")
        ),
        ObjectiveOut,
    )
    run.shared_objective_id = shared.id
    seen_by_beta = expect(
        objective_list.sync(run.partnership_id, client=run.beta), PagedObjectiveOut
    )
    ids = {objective.id for objective in seen_by_beta.items}
    check(shared.id in ids and private.id not in ids, f"beta sees only the shared one: {ids}")


def shared_goal_endorsed_by_both(run: Run) -> None:
    goal = expect(
        goal_create.sync(run.partnership_id, client=run.alpha, body=GoalIn(title="Half the CO2")),
        GoalOut,
    )
    run.goal_id = goal.id
    for side in (run.alpha, run.beta):
        goal = expect(
            goal_endorse.sync(run.partnership_id, goal.id, client=side, body=EndorseIn()), GoalOut
        )
    check(goal.agreed and not goal.missing, f"agreed by both parties: {goal}")


def kpi_and_measurements(run: Run) -> None:
    kpi = expect(
        kpi_create.sync(
            run.partnership_id,
            client=run.alpha,
            body=KpiIn(
                name="Empty kilometres",
                unit="%",
                direction=Direction.DOWN,
                baseline="30",
                baseline_date=datetime.date(2026, 1, 1),
                target="15",
                target_date=datetime.date(2026, 12, 31),
                goal_id=run.goal_id,
            ),
        ),
        KpiOut,
    )
    run.kpi_id = kpi.id
    for month, value in ((2, "28.5"), (3, "26.25"), (4, "24")):
        measured = MeasurementIn(measured_on=datetime.date(2026, month, 1), value=value)
        expect(
            measurement_create.sync(run.partnership_id, kpi.id, client=run.alpha, body=measured),
            MeasurementOut,
        )
    measurements = expect(
        measurement_list.sync(run.partnership_id, kpi.id, client=run.beta), PagedMeasurementOut
    )
    check(len(measurements.items) == 3, f"three measurements, not {len(measurements.items)}")
    # Two more at once, one of them correcting April's: a dry run first, then for real.
    batch = MeasurementsBulkIn(
        measurements=[
            MeasurementIn(measured_on=datetime.date(2026, 4, 1), value="23.5", note="corrected"),
            MeasurementIn(measured_on=datetime.date(2026, 5, 1), value="22"),
        ]
    )
    for dry_run in (True, False):
        answer = expect(
            measurement_bulk.sync(
                run.partnership_id,
                kpi.id,
                client=run.alpha,
                body=batch,
                replace=True,
                dry_run=dry_run,
            ),
            BatchOut,
        )
        check((answer.added, answer.replaced) == (1, 1), f"one added, one replaced: {answer}")
        check(answer.changes[0].previous_value == "24.0000", "the replaced value is shown")
    status = expect(kpi_status_get.sync(run.partnership_id, kpi.id, client=run.beta), KpiStatusOut)
    check(status.latest is not None, "the status reads the latest measurement")


def alignment_link(run: Run) -> None:
    body = LinkIn(objective=run.shared_objective_id, goal=run.goal_id)
    link = expect(link_create.sync(run.partnership_id, client=run.alpha, body=body), LinkOut)
    check(link.goal.id == run.goal_id, f"the link points at the goal: {link}")


def audit_paging(run: Run) -> None:
    """A crawl with the cursor each page gives, until no more."""
    seen: list[tuple[str, int]] = []
    cursor: str | Unset | None = UNSET
    while True:
        page = expect(
            audit_event_list.sync(run.partnership_id, client=run.alpha, limit=5, cursor=cursor),
            PagedAuditEventOut,
        )
        seen.extend((event.chain, event.seq) for event in page.items)
        if not page.has_more:
            break
        cursor = page.next_
    check(len(seen) == len(set(seen)) > 5, f"every event once, over several pages: {seen}")


def stale_patch_answers_409_then_retry(run: Run) -> None:
    """Two writers on the owner's side: the second one's change is based on an old read."""
    objective_id = run.shared_objective_id
    read = expect(
        objective_get.sync(run.partnership_id, objective_id, client=run.alpha), ObjectiveOut
    )
    expect(
        objective_update.sync(
            run.partnership_id,
            objective_id,
            client=run.alpha,
            body=ObjectivePatch(version=read.version, title="Fewer empty trucks, both ways"),
        ),
        ObjectiveOut,
    )
    stale = ObjectivePatch(version=read.version, description="Backhauls booked together")
    answer = objective_update.sync_detailed(
        run.partnership_id, objective_id, client=run.alpha, body=stale
    )
    check(answer.status_code == 409, f"a stale version answers 409, not {answer.status_code}")
    conflict = expect(answer.parsed, ObjectiveConflict)
    check(conflict.code == "stale_version", f"the 409 says why: {conflict.code}")
    retry = ObjectivePatch(version=conflict.current_version, description=stale.description)
    merged = expect(
        objective_update.sync(run.partnership_id, objective_id, client=run.alpha, body=retry),
        ObjectiveOut,
    )
    check(
        merged.title == conflict.current.title and merged.version == conflict.current_version + 1,
        f"the retry keeps the other writer's change: {merged}",
    )


def idempotent_retry(run: Run) -> None:
    """A create sent twice with one `Idempotency-Key` (a retry after a lost answer) makes one
    objective, and the second answer says it is the first one again."""
    body = ObjectiveIn(title="Shared depot map")
    answers = [
        objective_create.sync_detailed(
            run.partnership_id, client=run.alpha, body=body, idempotency_key="scenario-depot-map"
        )
        for _ in range(2)
    ]
    first, again = (expect(answer.parsed, ObjectiveOut) for answer in answers)
    check(first.id == again.id, f"one objective, not two: {first.id}, {again.id}")
    check(answers[1].headers.get("Idempotent-Replayed") == "true", "the retry says it replays")


def if_match_mismatch(run: Run) -> None:
    """A change sent with an `If-Match` of an old ETag is refused (412); with the ETag just
    read, it is saved."""
    read = objective_get.sync_detailed(
        run.partnership_id, run.shared_objective_id, client=run.alpha
    )
    etag = read.headers["ETag"]
    refused = objective_update.sync_detailed(
        run.partnership_id,
        run.shared_objective_id,
        client=run.alpha,
        body=ObjectivePatch(priority=Priority.HIGH),
        if_match='"1-0000000000000000"',
    )
    check(refused.status_code == 412, f"an old ETag answers 412, not {refused.status_code}")
    saved = objective_update.sync(
        run.partnership_id,
        run.shared_objective_id,
        client=run.alpha,
        body=ObjectivePatch(priority=Priority.HIGH),
        if_match=etag,
    )
    check(expect(saved, ObjectiveOut).priority == Priority.HIGH, "saved with the current ETag")


def changes_feed_paging(run: Run) -> None:
    """The other side keeps a copy in sync: it reads the feed page by page, then polls with
    the last cursor and gets only what was written since."""
    cursor: str | Unset | None = UNSET
    events = 0
    while True:
        page = expect(
            change_list.sync(run.partnership_id, client=run.beta, limit=4, cursor=cursor),
            ChangesOut,
        )
        events += len(page.items)
        cursor = page.next_
        if not page.has_more:
            break
    check(events > 4, f"several pages of changes, {events} events")
    objective_create.sync(run.partnership_id, client=run.alpha, body=ObjectiveIn(title="Later"))
    since = expect(change_list.sync(run.partnership_id, client=run.beta, cursor=cursor), ChangesOut)
    check(
        [(e.record_kind, e.action) for e in since.items] == [("objective", "create")],
        f"the poll answers the one change since: {since.items}",
    )


STEPS = (
    create_partnership,
    invite_and_accept,
    objectives_private_and_shared,
    shared_goal_endorsed_by_both,
    kpi_and_measurements,
    alignment_link,
    audit_paging,
    stale_patch_answers_409_then_retry,
    idempotent_retry,
    if_match_mismatch,
    changes_feed_paging,
)


def main(base_url: str, alpha_token: str, beta_token: str) -> None:
    def client(token: str) -> AuthenticatedClient:
        return AuthenticatedClient(base_url=base_url, token=token, raise_on_unexpected_status=True)

    run = Run(alpha=client(alpha_token), beta=client(beta_token))
    for step in STEPS:
        step(run)
        print(f"ok  {step.__name__}")


if __name__ == "__main__":
    main(*sys.argv[1:])
