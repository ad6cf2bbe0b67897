import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.audit.receipts import ReceiptUnreadable, receipt_verify
from accord.audit.services import ChainReport, verify_trail
from accord.core.models import Partnership


class Command(BaseCommand):
    help = (
        "Audit trail: `accord audit verify [--partnership ID] [--receipt FILE]` recomputes the "
        "keyed hash chains, checks them against their heads and, with a receipt, that they still "
        "extend it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Recompute hash chains; report the first break.")
        verify.add_argument("--partnership", type=int, help="Only this partnership's chains.")
        verify.add_argument(
            "--receipt", type=Path, help="A receipt downloaded from History: prove it still holds."
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if options["receipt"] is not None:
            return self.verify_receipt(options["receipt"])
        partnership_id = options["partnership"]
        if (
            partnership_id is not None
            and not Partnership.objects.filter(pk=partnership_id).exists()
        ):
            raise CommandError(f"No partnership with id {partnership_id}.")
        reports = verify_trail(partnership_id=partnership_id)
        self.report(reports)

    def report(self, reports: list[ChainReport], extra_problems: int = 0) -> None:
        broken = 0
        for report in reports:
            if report.intact:
                self.stdout.write(f"ok      {report.chain}: {report.checked} events")
                continue
            broken += 1
            self.stdout.write(f"BROKEN  {report.chain}: {self.describe(report)}")
        if broken or extra_problems:
            raise CommandError(
                f"{broken} of {len(reports)} chains are broken"
                + (
                    f"; the trail does not extend {extra_problems} receipt head(s)."
                    if extra_problems
                    else "."
                )
                + self.key_hint(reports)
            )
        self.stdout.write(f"All {len(reports)} chains intact.")

    def key_hint(self, reports: list[ChainReport]) -> str:
        """Every chain failing its very first hash is the mark of another key, not of tampering."""
        written = [r for r in reports if r.broken is not None or r.checked]
        if written and all(r.broken is not None and r.broken.seq == 1 for r in written):
            return (
                " No event holds under this audit key: is ACCORD_AUDIT_KEY (or the data "
                "directory's audit_key) the one the trail was written with?"
            )
        return ""

    def describe(self, report: ChainReport) -> str:
        event = report.broken
        if event is None:
            return f"{report.problem}; {report.checked} events hold"
        return (
            f"first bad event is #{event.seq} (id {event.pk}, {event.at:%Y-%m-%d %H:%M:%S}, "
            f"{event.action} {event.record_type}): {report.problem}; "
            f"{report.checked} events before it hold"
        )

    def verify_receipt(self, path: Path) -> None:
        try:
            receipt = json.loads(path.read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the receipt {path}: {error}") from None
        try:
            reports, heads, problems = receipt_verify(receipt)
        except ReceiptUnreadable as error:
            raise CommandError(str(error)) from None
        for head in heads:
            chain, seq = head["chain"], head["seq"]
            if chain in problems:
                self.stdout.write(f"RECEIPT {chain} #{seq}: {problems[chain]}")
            else:
                self.stdout.write(f"receipt {chain} #{seq}: the chain still extends it")
        self.report(reports, extra_problems=len(problems))
