"""Exporting a partnership: the document, and its audit event (decision 0031)."""

from datetime import datetime

from django.db import transaction

from accord.accounts.models import User
from accord.audit.services import audit_record
from accord.core.models import Party
from accord.portability.document import partnership_document


def partnership_export(*, party: Party, actor: User | None, now: datetime) -> dict:
    """The document of the partnership as `party` sees it; the export is written to the audit
    trail private to the party's organization (what it took out is its own business)."""
    document = partnership_document(party, exported_by=actor, now=now)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="export",
            record=party.partnership,
            changes={},
            partnership=party.partnership,
            private_to_id=party.organization_id,
        )
    return document
