"""The export's page download (the partnership's document as the reader's party sees it) and
the document's public JSON Schema."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import timezone
from django.utils.text import slugify

from accord.accounts.http import AuthedRequest
from accord.core import access
from accord.portability.schema import json_schema
from accord.portability.services import partnership_export


@login_required
def partnership_export_download(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = access.partnership_access(request.user, pk)
    try:
        party = grant.seeing_party(request.GET.get("organization"))
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    now = timezone.now()
    document = partnership_export(party=party, actor=request.user, now=now)
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type="application/json"
    )
    name = f"{slugify(grant.partnership.name) or 'partnership'}-{now:%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def partnership_schema(request: HttpRequest) -> JsonResponse:
    """Public, under the API's prefix but not an API operation: a document anyone may read,
    with no token and no rate to count."""
    return JsonResponse(json_schema(), json_dumps_params={"ensure_ascii": False})
