"""Rendered page fragments kept in a cache under a key of what determines them.

A page wraps the part it caches in `{% cache None <name> fragment_key using="pages" %}`
(Django's tag, no expiry: a key names one content for good, so an old entry is simply never
asked for again and is culled when the cache reaches its bounded size; small fragments such as
rows go to "fragments"). What the part needs is passed as `deferred` values, computed only when
the part is rendered, so a fragment found in the cache costs neither its queries nor its
template. The key must name everything the markup depends
on, the viewer's eyes included; see `accord.audit.fragments.page_fragment_key`.
"""

import hashlib
import json
from collections.abc import Callable
from functools import cache, partial
from typing import Any

from django.utils.functional import SimpleLazyObject


def fragment_version(*parts: Any) -> str:
    """One short string for the given parts (JSON-serializable), equal only for equal parts."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def deferred(compute: Callable[[], dict[str, Any]], *names: str) -> dict[str, Any]:
    """Template context values `names`, all computed by one call of `compute` when a template
    first reads any of them, and never if the fragment that reads them comes from the cache."""
    once = cache(compute)

    def value(name: str) -> Any:
        return once()[name]

    return {name: SimpleLazyObject(partial(value, name)) for name in names}


# Where a cached form's CSRF token goes (`{% cached_forms %}`, decision 0025): a comment no
# escaped value can spell (escaping turns every `<` of a record's text into `&lt;`), filled
# with the requesting user's token after the fragment leaves the cache, so the cache holds no
# user's token.
CSRF_SLOT = "<!--csrf-token-->"
