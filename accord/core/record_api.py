"""The standard API of a kind of partnership record: list, create, read, update, delete.

Every practice registers its record kinds here instead of writing the same five operations
again; access, visibility, versions and the audit trail are handled the same way for all.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from accord.api.api import ERRORS, ErrorOut, Pages, conflict
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.errors import StaleEdit
from accord.core.models import PartnershipRecord
from accord.core.records import record_delete, record_update


def reread(queryset: QuerySet, pk: int):
    """The record as saved now, for the answer: 404 if a writer deleted it just after ours."""
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise access.no_such_record()
    return record


@dataclass
class RecordKind:
    """One kind of record and the services that change it, taken as they are: every practice
    writes them in one keyword shape (decision 0004) —
    `create(*, party, actor, **fields)`, `update(*, record, actor, expected_version, changes)`
    and `delete(*, record, actor)`."""

    name: str  # singular, for operation ids and URL names: "objective"
    path: str  # plural, in the URL: "objectives"
    model: type[PartnershipRecord]
    out: type[Schema]
    create_in: type[Schema]
    patch_in: type[Schema]
    # The new record of the acting party; runs after the "edit" right was checked.
    create: Callable[..., PartnershipRecord]
    update: Callable[..., PartnershipRecord] = record_update
    # None once deleted, or the record if it was kept instead (a goal another party uses is
    # dropped); the API then answers 200 with `kept` and the record.
    delete: Callable[..., PartnershipRecord | None] | None = record_delete
    related: list[str] = field(default_factory=list)  # select_related for the out schema
    tag: str = ""
    kept: str = ""  # what a kept record's 200 answer says (and documents a 200 answer)

    def queryset(self) -> QuerySet:
        return self.model._default_manager.select_related(
            "owner_party__organization", *self.related
        )

    def create_from(self, grant: PartnershipAccess, payload: Any, actor) -> PartnershipRecord:
        """The record the payload describes, owned by the party the caller acts for (named by
        the payload's `organization` when the caller may act for several)."""
        fields = payload.dict(exclude={"organization"})
        party = grant.acting_party(getattr(payload, "organization", None))
        return self.create(party=party, actor=actor, **fields)

    def update_from(self, record: PartnershipRecord, payload: Any, actor) -> PartnershipRecord:
        """The fields sent, if the record is still at the payload's `version`."""
        changes = payload.dict(exclude_unset=True, exclude={"version"})
        return self.update(
            record=record, actor=actor, expected_version=payload.version, changes=changes
        )


def register_record_api(router: Router, kind: RecordKind) -> None:
    many = f"/partnerships/{{id:partnership_id}}/{kind.path}"
    one = f"{many}/{{id:record_id}}"
    Out, CreateIn, PatchIn = kind.out, kind.create_in, kind.patch_in
    tags = [kind.tag or kind.path]

    def names(operation: str) -> dict[str, Any]:
        """The URL name and operation id of one operation, `<kind>_<operation>`, and its tags."""
        return {
            "url_name": f"{kind.name}_{operation}",
            "operation_id": f"{kind.name}_{operation}",
            "tags": tags,
        }

    def get_one(request, partnership_id: int, record_id: int, need: access.Need = "view"):
        grant = access.partnership_access(request.user, partnership_id, need)
        return grant, access.record_for(grant, kind.queryset(), record_id, need)

    @router.get(
        many,
        response={200: list[Out], **ERRORS},  # type: ignore[valid-type]
        **names("list"),
        summary=f"List {kind.path}",
    )
    @paginate(Pages)
    def list_records(request, partnership_id: int):
        grant = access.partnership_access(request.user, partnership_id)
        return access.records_in(grant, kind.queryset()).order_by("id")

    @router.post(
        many,
        response={201: Out, **ERRORS},
        **names("create"),
        summary=f"Create a {kind.name}",
    )
    def create_record(request, partnership_id: int, payload: CreateIn):  # type: ignore[valid-type]
        grant = access.partnership_access(request.user, partnership_id, "edit")
        record = kind.create_from(grant, payload, request.user)
        return Status(201, reread(kind.queryset(), record.pk))

    @router.get(
        one,
        response={200: Out, **ERRORS},
        **names("get"),
        summary=f"Read a {kind.name}",
    )
    def get_record(request, partnership_id: int, record_id: int):
        return get_one(request, partnership_id, record_id)[1]

    @router.patch(
        one,
        response={200: Out, 409: ErrorOut, **ERRORS},
        **names("update"),
        summary=f"Change a {kind.name} (send the version it is based on)",
    )
    def update_record(request, partnership_id: int, record_id: int, payload: PatchIn):  # type: ignore[valid-type]
        record = get_one(request, partnership_id, record_id, "edit")[1]
        try:
            record = kind.update_from(record, payload, request.user)
        except StaleEdit as stale:
            return conflict(request, stale, Out)
        return reread(kind.queryset(), record.pk)

    if kind.delete is not None:
        remove = kind.delete
        kept_answer: dict[int, Any] = {}
        if kind.kept:
            Kept = type(
                f"{Out.__name__}Kept",
                (Schema,),
                {"__annotations__": {"detail": str, "current": Out}},
            )
            kept_answer = {200: Kept}

        @router.delete(
            one,
            response={204: None, **kept_answer, **ERRORS},
            **names("delete"),
            summary=f"Delete a {kind.name}",
            description=f"Answers 204 once deleted, or 200 when kept instead: {kind.kept}"
            if kind.kept
            else None,
        )
        def delete_one(request, partnership_id: int, record_id: int):
            record = get_one(request, partnership_id, record_id, "edit")[1]
            kept = remove(record=record, actor=request.user)
            if kept is None:
                return Status(204, None)
            return Status(200, {"detail": kind.kept, "current": reread(kind.queryset(), kept.pk)})
