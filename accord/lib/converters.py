"""URL converters."""


class RecordIdConverter:
    """A database id: an integer that fits a 64-bit column, so that a huge number answers 404
    like any other unknown id instead of overflowing the database driver."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
