"""Accord's own statements, answered in every survey round: four per practice, written for the
people who do the partnership's work. Each has a stable key (answers are stored under it, so a
statement may be reworded but never repurposed) and the number of the practice it speaks of."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Statement:
    key: str
    practice: int
    text: str


STATEMENTS: tuple[Statement, ...] = (
    Statement(
        "align.goals_shared", 1, "We and our partner want the same outcomes from this partnership."
    ),
    Statement(
        "align.goals_clear",
        1,
        "I could explain our shared goals to a new colleague in two minutes.",
    ),
    Statement("align.strategy_fit", 1, "The partnership fits where my organization is heading."),
    Statement("align.conflicts_aired", 1, "Where our interests differ, we have said so openly."),
    Statement("trust.promises_kept", 2, "Our partner does what they say they will do."),
    Statement("trust.openness", 2, "Our partner shares bad news early rather than late."),
    Statement(
        "trust.good_faith",
        2,
        "When something goes wrong, I assume good intentions on the other side.",
    ),
    Statement(
        "trust.information", 2, "I get the information I need from our partner without chasing it."
    ),
    Statement("roles.who_does_what", 3, "I know who does what in this partnership, on both sides."),
    Statement("roles.decisions_made", 3, "Decisions that need both parties get made in good time."),
    Statement(
        "roles.decision_rights", 3, "It is clear who may decide what, and who must be asked."
    ),
    Statement("roles.workload_fair", 3, "The work is shared fairly between the parties."),
    Statement("talk.regular", 4, "Our regular meetings and updates keep me informed."),
    Statement("talk.heard", 4, "When I raise a concern, the other side listens and responds."),
    Statement(
        "talk.no_surprises", 4, "I rarely learn something important about the partnership too late."
    ),
    Statement("talk.right_people", 4, "I know whom to contact on the other side for any question."),
    Statement(
        "plan.risks_known", 5, "We know the main risks to this partnership and who watches each."
    ),
    Statement("plan.ready", 5, "If a key risk happened tomorrow, we would know what to do."),
    Statement(
        "plan.escalation",
        5,
        "Problems we cannot solve at our level reach the right people quickly.",
    ),
    Statement("plan.exit", 5, "We have agreed how we would part ways if we had to."),
    Statement("long.value", 6, "The partnership creates real value for my organization."),
    Statement("long.value_fair", 6, "The value is shared fairly between the parties."),
    Statement(
        "long.future", 6, "I expect this partnership to be stronger in three years than today."
    ),
    Statement("long.invest", 6, "We invest in the partnership beyond this year's targets."),
)

BY_KEY: dict[str, Statement] = {statement.key: statement for statement in STATEMENTS}
PRACTICE_NUMBERS: tuple[int, ...] = tuple(sorted({s.practice for s in STATEMENTS}))


def statements_of(practice: int) -> tuple[Statement, ...]:
    return tuple(statement for statement in STATEMENTS if statement.practice == practice)
