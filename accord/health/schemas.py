"""API shapes of the health check: one answer for `health_get` (also what `accord health
--json` prints) and one for the snapshots. Practices are named by their slug; every record a
figure or a recommendation names comes with where it lives (`url`)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from accord.core.evidence import Figure, PartyFigure, RecordRef
from accord.core.practices import practices
from accord.core.schemas import AsDecimalString, Share, rounded_to
from accord.health.checkup import Flag, Health, PracticeHealth, Recommendation
from accord.health.models import Band, Confidence, Snapshot
from accord.health.selectors import TREND_LIMIT
from accord.lib.bounds import BoundedDate
from accord.surveys.perception import PartyPerception

# A party's average answer (1-5), as exact as the surveys give it: one decimal.
Average = Annotated[Decimal, rounded_to(1), AsDecimalString]


def _exact(value: float) -> Decimal:
    """A float the health check computed, as the decimal it prints as (rounded by the field)."""
    return Decimal(repr(value))


def _slug(number: int) -> str:
    return next((p.slug for p in practices() if p.number == number), str(number))


class EvidenceRecordOut(Schema):
    kind: str = Field(description='The record\'s kind, as "app.model" (e.g. "trust.commitment").')
    id: int
    label: str
    url: str = Field(description="Where the record lives in the app (a path); empty if nowhere.")

    @classmethod
    def of(cls, record: RecordRef) -> "EvidenceRecordOut":
        return cls(kind=record.kind, id=record.id, label=record.label, url=record.url)


class PartyFigureOut(Schema):
    party: int
    organization: str
    value: int
    denominator: int | None
    records: list[EvidenceRecordOut]

    @classmethod
    def of(cls, figure: PartyFigure) -> "PartyFigureOut":
        return cls(
            party=figure.party_id,
            organization=figure.organization,
            value=figure.value,
            denominator=figure.denominator,
            records=[EvidenceRecordOut.of(r) for r in figure.records],
        )


class HealthFigureOut(Schema):
    """A figure of a practice's evidence with the records behind it, in total and per party
    (`parties` empty for a joint figure)."""

    key: str
    name: str
    value: int
    denominator: int | None
    note: str
    records: list[EvidenceRecordOut]
    parties: list[PartyFigureOut]

    @classmethod
    def of(cls, figure: Figure) -> "HealthFigureOut":
        return cls(
            key=figure.key,
            name=figure.name,
            value=figure.value,
            denominator=figure.denominator,
            note=figure.note,
            records=[EvidenceRecordOut.of(r) for r in figure.records],
            parties=[PartyFigureOut.of(p) for p in figure.parties],
        )


class EvidenceOut(Schema):
    score: int | None = Field(description="0-100; null when the practice has no data (unknown).")
    confidence: Share = Field(description="0-1: falls with little data; 0 when unknown.")
    confidence_level: Confidence
    figures: list[HealthFigureOut]
    reasons: list[str] = Field(description="The formula in words.")


class PerceptionOut(Schema):
    """One party's perception of one practice: null below the threshold of respondents."""

    party: int
    organization: str
    average: Average | None = Field(
        description="1-5, to one decimal; null when too few of the party answered."
    )
    respondents: int | None = Field(description="Shown only at or above the threshold.")
    comments: list[str]

    @classmethod
    def of(cls, perception: PartyPerception) -> "PerceptionOut":
        shown = perception.shown
        return cls(
            party=perception.party_id,
            organization=perception.organization,
            average=None if perception.average is None else _exact(perception.average),
            respondents=perception.respondents if shown else None,
            comments=list(perception.comments) if shown else [],
        )


class FlagOut(Schema):
    kind: str = Field(description='e.g. "perception_gap" or "perception_vs_evidence".')
    practice: str = Field(description="The practice's slug.")
    text: str

    @classmethod
    def of(cls, flag: Flag) -> "FlagOut":
        return cls(kind=flag.kind, practice=_slug(flag.practice), text=flag.text)


class RecommendationOut(Schema):
    practice: str = Field(description="The practice's slug.")
    text: str
    records: list[EvidenceRecordOut]
    impact: int = Field(description="Larger first: the list is ordered by it.")

    @classmethod
    def of(cls, recommendation: Recommendation) -> "RecommendationOut":
        return cls(
            practice=_slug(recommendation.practice),
            text=recommendation.text,
            records=[EvidenceRecordOut.of(r) for r in recommendation.records],
            impact=recommendation.impact,
        )


class PracticeHealthOut(Schema):
    practice: str = Field(description="The practice's slug.")
    number: int
    name: str
    evidence: EvidenceOut
    perception: list[PerceptionOut] = Field(description="One per party that has results.")
    flags: list[FlagOut]

    @classmethod
    def of(cls, row: PracticeHealth) -> "PracticeHealthOut":
        evidence = row.evidence
        return cls(
            practice=row.practice.slug,
            number=row.practice.number,
            name=row.practice.name,
            evidence=EvidenceOut(
                score=evidence.score,
                confidence=_exact(evidence.confidence),
                confidence_level=Confidence.of(evidence.confidence),
                figures=[HealthFigureOut.of(f) for f in evidence.figures],
                reasons=list(evidence.reasons),
            ),
            perception=[PerceptionOut.of(p) for p in row.perception],
            flags=[FlagOut.of(f) for f in row.flags],
        )


class SurveyRoundOut(Schema):
    id: int | None = Field(description="The closed round the perception comes from; null: none.")
    title: str
    closed_on: date | None
    minimum: int = Field(description="Respondents a party needs before its results show.")


class HealthOut(Schema):
    """The health check of a partnership, as far as the caller sees it."""

    partnership: int
    today: date
    parties_counted: list[int] = Field(
        description="The parties whose private records count here (yours); empty: shared only."
    )
    overall: int | None = Field(description="0-100, the practices' average; null if unknown.")
    band: Band
    practices: list[PracticeHealthOut] = Field(description="In practice order.")
    weakest_first: list[str] = Field(description="Practice slugs, lowest score first.")
    flags: list[FlagOut]
    recommendations: list[RecommendationOut] = Field(description="By impact, largest first.")
    survey_round: SurveyRoundOut

    @classmethod
    def of(cls, health: Health) -> "HealthOut":
        viewpoint, perception = health.viewpoint, health.perception
        return cls(
            partnership=viewpoint.partnership.pk,
            today=health.today,
            parties_counted=[p.pk for p in viewpoint.parties if p.pk in viewpoint.party_ids],
            overall=health.overall,
            band=health.band,
            practices=[PracticeHealthOut.of(row) for row in health.practices],
            weakest_first=[row.practice.slug for row in health.weakest_first],
            flags=[FlagOut.of(f) for f in health.flags],
            recommendations=[RecommendationOut.of(r) for r in health.recommendations],
            survey_round=SurveyRoundOut(
                id=perception.round_id,
                title=perception.title,
                closed_on=perception.closed_on,
                minimum=perception.minimum,
            ),
        )


class ScoreOut(Schema):
    practice: str = Field(description="The practice's slug.")
    score: int | None
    confidence: Share


class SnapshotOut(Schema):
    """A party's health check as kept on one day."""

    party: int
    taken_on: date
    taken_at: datetime
    overall: int | None
    band: Band
    weakest: str | None = Field(description="The weakest practice with a score (its slug).")
    scores: list[ScoreOut]

    @classmethod
    def of(cls, snapshot: Snapshot) -> "SnapshotOut":
        return cls(
            party=snapshot.party_id,
            taken_on=snapshot.taken_on,
            taken_at=snapshot.taken_at,
            overall=snapshot.overall,
            band=Band(snapshot.band),
            weakest=None if snapshot.weakest is None else _slug(snapshot.weakest),
            scores=[_score(p.slug, snapshot.scores.get(str(p.number), {})) for p in practices()],
        )


def _score(slug: str, kept: dict[str, Any]) -> ScoreOut:
    confidence = _exact(float(kept.get("confidence") or 0))
    return ScoreOut(practice=slug, score=kept.get("score"), confidence=confidence)


class SnapshotsOut(Schema):
    party: int | None = Field(description="Whose snapshots: your party's (null: none).")
    snapshots: list[SnapshotOut] = Field(description="Oldest first.")


class SnapshotsQuery(Schema):
    since: BoundedDate | None = Field(
        None, description="The first day (YYYY-MM-DD); by default 120 days before today."
    )
    limit: int = Field(
        TREND_LIMIT, ge=1, le=TREND_LIMIT, description=f"The newest 1 to {TREND_LIMIT}."
    )
