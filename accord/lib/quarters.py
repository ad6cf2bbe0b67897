"""Calendar quarters written as "2026Q3": parsing with a clear refusal, and their days."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from accord.lib.bounds import DATE_MAX, DATE_MIN

PATTERN = re.compile(r"(\d{4})\s*-?\s*Q([1-4])", re.IGNORECASE)


class BadQuarter(ValueError):
    """A quarter that is not written as 2026Q3 or lies outside the dates Accord keeps."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1-4

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """ "2026Q3" (also "2026-Q3", any case); BadQuarter saying what is expected."""
        match = PATTERN.fullmatch((text or "").strip())
        if match is None:
            raise BadQuarter(
                f"Write the quarter as year and quarter, such as 2026Q3 (not {text!r})."
            )
        quarter = cls(int(match[1]), int(match[2]))
        if not DATE_MIN.year <= quarter.year <= DATE_MAX.year:
            raise BadQuarter(f"The year must be between {DATE_MIN.year} and {DATE_MAX.year}.")
        return quarter

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.year}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        return self.next.first_day - timedelta(days=1)

    @property
    def next(self) -> "Quarter":
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    @property
    def previous(self) -> "Quarter":
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    def holds(self, day: date | None) -> bool:
        return day is not None and self.first_day <= day <= self.last_day
