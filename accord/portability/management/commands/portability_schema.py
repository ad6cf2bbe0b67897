from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from accord.portability.schema import json_schema_text

SCHEMA_FILE = Path(__file__).resolve().parents[4] / "docs/schema/partnership.schema.json"


class Command(BaseCommand):
    help = "Write the portable document's JSON Schema to docs/schema/partnership.schema.json."

    def handle(self, *args: Any, **options: Any) -> None:
        SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
        SCHEMA_FILE.write_text(json_schema_text())
        self.stdout.write(f"Wrote {SCHEMA_FILE}.")
