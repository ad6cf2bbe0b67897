"""Settings of the benchmark: Accord's own, plus a floor view that only the bench serves."""

from pathlib import Path

from accord.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]  # noqa: F405
# The bench's clients call the API far faster than any rate limit allows.
API_RATE = "1000000/s"
