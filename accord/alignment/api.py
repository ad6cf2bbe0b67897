from ninja import Router

from accord.alignment.models import Objective
from accord.alignment.schemas import ObjectiveIn, ObjectiveOut, ObjectivePatch
from accord.alignment.services import objective_create
from accord.core.record_api import RecordKind, register_record_api

router = Router(tags=["alignment"])

register_record_api(
    router,
    RecordKind(
        name="objective",
        path="objectives",
        model=Objective,
        out=ObjectiveOut,
        create_in=ObjectiveIn,
        patch_in=ObjectivePatch,
        create=lambda grant, payload, actor: objective_create(
            grant=grant, actor=actor, **payload.dict()
        ),
        tag="alignment",
    ),
)
