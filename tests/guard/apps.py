"""Installed by the test settings: fails any save or delete of partnership data made outside
the write primitives of `accord.core.records`, in every test of the suite."""

from django.apps import AppConfig, apps
from django.db import models
from django.db.models.signals import pre_delete, pre_save


def is_guarded(model: type[models.Model]) -> bool:
    """A versioned record (a partnership, a practice's record), or a row that belongs to a
    record (a goal's endorsement, a KPI's measurement: a foreign key to a record)."""
    from accord.core.models import PartnershipRecord, Versioned

    if issubclass(model, Versioned):
        return True
    return any(
        field.many_to_one
        and isinstance(field.related_model, type)
        and issubclass(field.related_model, PartnershipRecord)
        for field in model._meta.concrete_fields
    )


class WriteOutsidePrimitive(AssertionError):
    pass


def refuse_unguarded_write(sender: type[models.Model], **kwargs: object) -> None:
    from accord.core.records import saving_allowed

    if sender in GUARDED and not saving_allowed():
        raise WriteOutsidePrimitive(
            f"{sender._meta.label} written outside the primitives of accord.core.records"
        )


GUARDED: set[type[models.Model]] = set()


class GuardConfig(AppConfig):
    name = "tests.guard"
    label = "guard"

    def ready(self) -> None:
        GUARDED.update(model for model in apps.get_models() if is_guarded(model))
        pre_save.connect(refuse_unguarded_write, dispatch_uid="accord-record-guard-save")
        pre_delete.connect(refuse_unguarded_write, dispatch_uid="accord-record-guard-delete")
