"""Receipts: a party's external anchor of the trail (docs/decisions/0006-audit-receipts.md).

A receipt states the heads of the chains one party sees (its partnership's shared chain and its
own organization's private chain there: chain, seq, digest, time), signed with a key derived
from the audit key. Kept outside Accord, it lets `accord audit verify --receipt FILE` prove that
the trail still extends what the party saw: nothing before it was rewritten or cut off.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from accord.audit.models import ChainHead
from accord.audit.services import (
    ChainReport,
    audit_key,
    private_chain,
    shared_chain,
    verify_trail,
)
from accord.core.access import PartnershipAccess
from accord.lib import formatting
from accord.lib.hashchain import derived_key, sign, signature_holds

KIND = "accord-audit-receipt"
VERSION = 1


def _receipt_key() -> bytes:
    return derived_key(audit_key(), "audit-receipt")


def receipt_chains(grant: PartnershipAccess) -> list[str]:
    """The chains the grant's holder sees: the shared one and their organizations' own."""
    partnership_id = grant.partnership.pk
    own = [private_chain(partnership_id, org_id) for org_id in sorted(grant.org_ids)]
    return [shared_chain(partnership_id), *own]


def receipt_issue(grant: PartnershipAccess) -> dict[str, Any]:
    """A signed receipt of the heads of the chains the grant's holder sees."""
    heads = ChainHead.objects.filter(chain__in=receipt_chains(grant)).order_by("chain")
    body: dict[str, Any] = {
        "kind": KIND,
        "version": VERSION,
        "partnership": grant.partnership.pk,
        "partnership_name": grant.partnership.name,
        "organizations": sorted(grant.org_ids),
        "issued_at": timezone.now().isoformat(),
        "heads": [
            {"chain": h.chain, "seq": h.seq, "digest": h.digest, "at": h.updated.isoformat()}
            for h in heads
        ],
    }
    return {**body, "signature": sign(_receipt_key(), body)}


class ReceiptUnreadable(ValueError):
    """The file is not a receipt Accord issued, or its signature does not hold."""


def receipt_heads(receipt: Any) -> tuple[int, list[dict[str, Any]]]:
    """The partnership and heads of a receipt whose signature holds; ReceiptUnreadable if not."""
    if not isinstance(receipt, dict) or receipt.get("kind") != KIND:
        raise ReceiptUnreadable("This is not an Accord audit receipt.")
    body = {key: value for key, value in receipt.items() if key != "signature"}
    signature = receipt.get("signature")
    if not isinstance(signature, str) or not signature_holds(_receipt_key(), body, signature):
        raise ReceiptUnreadable(
            "The receipt's signature does not hold: it was altered, or issued under another "
            "audit key."
        )
    heads = receipt.get("heads")
    partnership = receipt.get("partnership")
    if not isinstance(partnership, int) or not isinstance(heads, list):
        raise ReceiptUnreadable("The receipt names no partnership or heads.")
    return partnership, heads


def receipt_problems(heads: list[dict[str, Any]], reports: list[ChainReport]) -> dict[str, str]:
    """{chain: problem} for each head of a receipt that the trail no longer extends."""
    by_chain = {report.chain: report for report in reports}
    problems = {}
    for head in heads:
        chain, seq, digest = head["chain"], head["seq"], head["digest"]
        report = by_chain.get(chain)
        found = report.digests.get(seq) if report else None
        if report is None or (found is None and report.last_seq < seq and not report.broken):
            ends = report.last_seq if report else 0
            problems[chain] = f"TRUNCATED: the chain ends at #{ends}, before the receipt's #{seq}"
        elif found is None:
            problems[chain] = (
                f"REWRITTEN: the chain breaks at #{report.broken.seq if report.broken else '?'}, "
                f"before the receipt's #{seq}: {report.problem}"
            )
        elif found != digest:
            problems[chain] = f"REWRITTEN: event #{seq} no longer has the receipt's digest"
        elif report.broken is not None and report.broken.seq <= seq:
            problems[chain] = f"REWRITTEN before the receipt's #{seq}: {report.problem}"
    return problems


def receipt_verify(receipt: Any) -> tuple[list[ChainReport], list[dict[str, Any]], dict[str, str]]:
    """Verify the receipt's partnership and check that its chains still extend the receipt.

    A receipt whose signature holds is one `receipt_issue` wrote, so its heads are well formed."""
    partnership_id, heads = receipt_heads(receipt)
    wanted = [(head["chain"], head["seq"]) for head in heads]
    reports = verify_trail(partnership_id=partnership_id, wanted=wanted)
    return reports, heads, receipt_problems(heads, reports)


# --- Checks a person asks for on the history page ---------------------------------------------


@dataclass(frozen=True)
class ChainCheck:
    """One chain the viewer sees, checked, in words."""

    label: str
    intact: bool
    text: str


def _chain_label(grant: PartnershipAccess, chain: str) -> str:
    if chain == shared_chain(grant.partnership.pk):
        return "Entries every party sees"
    return "Entries private to your organization"


def trail_check(grant: PartnershipAccess) -> list[ChainCheck]:
    """Verify the chains the grant's holder sees (and only report those): every entry still
    hashes and links, and each chain ends at its head."""
    chains = receipt_chains(grant)
    reports = {
        r.chain: r for r in verify_trail(partnership_id=grant.partnership.pk) if r.chain in chains
    }
    checks = []
    for chain in chains:
        report = reports.get(chain)
        label = _chain_label(grant, chain)
        if report is None:
            checks.append(ChainCheck(label, True, "No entries yet."))
        elif report.intact:
            count = (
                "the one entry checks"
                if report.checked == 1
                else (f"all {formatting.number(report.checked)} entries check")
            )
            checks.append(ChainCheck(label, True, f"Intact: {count} out."))
        else:
            checks.append(
                ChainCheck(
                    label,
                    False,
                    f"Not intact: {report.problem}. Tell whoever runs your Accord: the history "
                    "was changed outside Accord.",
                )
            )
    return checks


@dataclass(frozen=True)
class ReceiptCheck:
    """What checking a kept receipt found: `holds` when the trail still extends it."""

    holds: bool
    text: str
    problems: tuple[str, ...] = ()


def receipt_check(grant: PartnershipAccess, raw: bytes) -> ReceiptCheck:
    """Check a receipt the grant's holder kept against the trail as it is now. A receipt of
    another partnership, or of chains the holder does not see, is refused unread."""
    try:
        receipt = json.loads(raw)
        partnership_id, heads = receipt_heads(receipt)
    except (ValueError, UnicodeDecodeError) as error:
        reason = str(error) if isinstance(error, ReceiptUnreadable) else "It is not JSON."
        return ReceiptCheck(False, f"This file cannot be checked as a receipt. {reason}")
    if partnership_id != grant.partnership.pk:
        return ReceiptCheck(False, "This receipt is of another partnership: check it there.")
    seen = set(receipt_chains(grant))
    if any(head.get("chain") not in seen for head in heads):
        return ReceiptCheck(False, "This receipt covers entries you do not see.")
    _, _, problems = receipt_verify(receipt)
    issued = _issued(receipt.get("issued_at"))
    if not problems:
        return ReceiptCheck(
            True,
            f"The history still extends your receipt of {issued}: nothing recorded before it "
            "was rewritten or removed.",
        )
    found = tuple(f"{_chain_label(grant, chain)}: {text}" for chain, text in problems.items())
    return ReceiptCheck(
        False,
        f"The history no longer extends your receipt of {issued}. Keep the receipt and tell "
        "whoever runs your Accord.",
        found,
    )


def _issued(value: Any) -> str:
    try:
        return formatting.moment(datetime.fromisoformat(str(value)))
    except ValueError:
        return "an unknown date"
