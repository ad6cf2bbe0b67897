"""Suggestions: pairs of objectives of different parties that look related.

The similarity is rapidfuzz's token-set ratio (0 to 100) of each objective's significant words
(title and description, lower-cased, without common words): it scores the words two texts share
against the words they do not, and tolerates different word order and length. The threshold was
chosen on the labelled pairs in tests/labelled_pairs.py, where test_suggestions.py measures it.
"""

import re
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz, process

from accord.alignment.models import LinkKind, Objective, ObjectiveLink
from accord.core.viewpoint import Viewpoint

THRESHOLD = 52  # token-set ratio from which a pair is suggested
WORD_MATCH = 85  # two words count as the same word from this ratio on (panel / panels)
LIMIT = 30

# Words that say nothing about what an objective is about.
_COMMON = """a about after all also an and any are as at be by each every for from get has have in
into is it its more most much new of on or our over per so than that the their them these this
those through to up us we with within without"""
COMMON_WORDS = frozenset(_COMMON.split())


def significant_words(text: str) -> list[str]:
    """The words of `text` that carry meaning, lower-cased, in order, each once."""
    words = re.findall(r"[^\W_]+", text.lower())
    kept = [w for w in words if len(w) > 2 and w not in COMMON_WORDS]
    return list(dict.fromkeys(kept))


def objective_words(objective: Objective) -> list[str]:
    return significant_words(f"{objective.title} {objective.description}")


def similarity(first: list[str], second: list[str]) -> float:
    """How alike two lists of significant words are, 0 to 100."""
    return fuzz.token_set_ratio(" ".join(first), " ".join(second))


def shared_words(first: list[str], second: list[str]) -> list[str]:
    """The words of `first` that `second` has too, allowing small differences (panel/panels)."""
    return [
        word
        for word in first
        if process.extractOne(word, second, scorer=fuzz.ratio, score_cutoff=WORD_MATCH)
    ]


@dataclass(frozen=True)
class Suggestion:
    first: Objective
    second: Objective
    score: int
    words: list[str]

    @property
    def reason(self) -> str:
        said = ", ".join(f"“{w}”" for w in self.words) if self.words else "similar wording"
        return f"Both speak of {said} (similarity {self.score}/100)."


def suggestions_for(viewpoint: Viewpoint, limit: int = LIMIT) -> list[Suggestion]:
    """Related pairs of visible objectives (not dropped) of different parties, best first;
    pairs that already support the same goal are left out. Two queries."""
    objectives = list(
        viewpoint.records(Objective.objects.select_related("owner_party__organization"))
        .exclude(status="dropped")
        .order_by("id")
    )
    supports = viewpoint.records(ObjectiveLink.objects.filter(kind=LinkKind.SUPPORTS))
    goals_of: dict[int, set[int]] = {}
    for objective_id, goal_id in supports.values_list("objective_id", "goal_id"):
        goals_of.setdefault(objective_id, set()).add(goal_id)
    words = {o.pk: objective_words(o) for o in objectives}
    by_party: dict[int, list[Objective]] = {}
    for objective in objectives:
        by_party.setdefault(objective.owner_party_id, []).append(objective)

    found = []
    for left, right in combinations(by_party.values(), 2):
        choices = [" ".join(words[o.pk]) for o in right]
        for first in left:
            matches = process.extract(
                " ".join(words[first.pk]),
                choices,
                scorer=fuzz.token_set_ratio,
                score_cutoff=THRESHOLD,
                limit=None,
            )
            for _, score, index in matches:
                second = right[index]
                if goals_of.get(first.pk, set()) & goals_of.get(second.pk, set()):
                    continue
                common = shared_words(words[first.pk], words[second.pk])
                found.append(Suggestion(first, second, round(score), common))
    found.sort(key=lambda s: (-s.score, s.first.pk, s.second.pk))
    return found[:limit]
