from django.db import models

from accord.core.models import PartnershipRecord


class Memo(PartnershipRecord):
    text = models.CharField(max_length=200)

    EDITABLE_FIELDS = ("text", "visibility")

    def __str__(self) -> str:
        return self.text
