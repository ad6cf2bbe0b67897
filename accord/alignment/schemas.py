from typing import Literal

from pydantic import Field

from accord.core.record_schemas import InputSchema, RecordOut, RecordPatch

PriorityName = Literal["high", "medium", "low"]
HorizonName = Literal["short", "medium", "long"]
ObjectiveStatusName = Literal["active", "achieved", "dropped"]
VisibilityName = Literal["shared", "private"]


class ObjectiveOut(RecordOut):
    title: str
    description: str
    priority: PriorityName
    horizon: HorizonName
    status: ObjectiveStatusName


class ObjectiveIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    priority: PriorityName = "medium"
    horizon: HorizonName = "medium"
    status: ObjectiveStatusName = "active"
    visibility: VisibilityName = "shared"


class ObjectivePatch(RecordPatch):
    title: str = Field(default=None, min_length=1, max_length=200)  # type: ignore[assignment]
    description: str = Field(default=None, max_length=5000)  # type: ignore[assignment]
    priority: PriorityName = None  # type: ignore[assignment]
    horizon: HorizonName = None  # type: ignore[assignment]
    status: ObjectiveStatusName = None  # type: ignore[assignment]
    visibility: VisibilityName = None  # type: ignore[assignment]
