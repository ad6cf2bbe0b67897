"""What a shared document may be, and how it is served.

A document is refused unless its size is within ACCORD_UPLOAD_MAX_MB, its extension is one of
ALLOWED, the type the browser declared agrees with that extension, and an image or PDF (the only
kinds shown in the browser) begins as such a file does. It is stored under a random name and
downloads under a safe one; images and PDF show inline, everything else is an attachment, and
every answer says `nosniff` and sandboxes the content, so nothing uploaded runs as a page.
"""

import re
import unicodedata
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse

from accord.trust.models import SharedItem

# Extension: the content type it is served as.
ALLOWED = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".md": "text/markdown",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".zip": "application/zip",
}
# What browsers also declare for these extensions (a CSV is often "application/vnd.ms-excel").
ALSO_DECLARED = {
    ".csv": {"application/vnd.ms-excel", "text/plain", "application/csv"},
    ".md": {"text/plain", "text/x-markdown"},
    ".txt": set(),
    ".zip": {"application/x-zip-compressed"},
    ".jpg": {"image/pjpeg"},
    ".jpeg": {"image/pjpeg"},
}
# The first bytes of the types shown inline: a file claiming to be one must begin so.
SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
}
UNDECLARED = {"", "application/octet-stream"}


def max_bytes() -> int:
    return settings.ACCORD_UPLOAD_MAX_MB * 1024 * 1024


def safe_filename(name: str) -> str:
    """The name a download is offered under: the base name only, ASCII letters, digits, dots,
    dashes and underscores, at most 100 characters, never empty or hidden."""
    base = PurePath(name.replace("\\", "/")).name
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("._") or "document"
    stem, dot, suffix = cleaned.rpartition(".")
    if dot and len(suffix) <= 10:
        return f"{stem[: 99 - len(suffix)]}.{suffix}"
    return cleaned[:100]


def upload_errors(upload: UploadedFile) -> tuple[str, str]:
    """(safe filename, content type) of an acceptable upload; ValidationError on `file`."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": "The file is empty."})
    if upload.size > max_bytes():
        raise ValidationError(
            {
                "file": f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{settings.ACCORD_UPLOAD_MAX_MB} MB."
            }
        )
    content_type = ALLOWED.get(suffix)
    if content_type is None:
        kinds = ", ".join(sorted(ALLOWED))
        raise ValidationError({"file": f"Files of this kind are not accepted. Accepted: {kinds}."})
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    if declared not in {content_type, *ALSO_DECLARED.get(suffix, ()), *UNDECLARED}:
        raise ValidationError(
            {"file": f"The file is sent as {declared} but named {suffix}: they do not agree."}
        )
    signatures = SIGNATURES.get(content_type)
    if signatures:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        webp_ok = content_type != "image/webp" or head[8:12] == b"WEBP"
        if not head.startswith(signatures) or not webp_ok:
            raise ValidationError({"file": f"This is not a {suffix} file: its content differs."})
    return safe_filename(name), content_type


def download(item: SharedItem) -> FileResponse:
    """The item's file: inline for images and PDF, otherwise an attachment; never sniffed,
    never run."""
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=not item.inline,
        filename=item.filename or "document",
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
