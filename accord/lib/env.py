"""Reading configuration from the environment, so one settings module serves every setting."""

import os
import secrets
from pathlib import Path

TRUE_WORDS = {"1", "true", "yes", "on"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def env_secret(name: str) -> str | None:
    """A secret from NAME, or from the file NAME_FILE points to (Docker/Kubernetes secrets)."""
    if os.environ.get(name):
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return None


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "accord"


def private_directory(path: Path) -> Path:
    """Create PATH for its owner only (0700), tightening it if it exists and is ours."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _owner_only(path, 0o700)
    return path


def private_sqlite_files(database: str | Path) -> None:
    """Create the SQLite database file 0600 before SQLite does (SQLite gives its -wal, -shm and
    -journal files the database file's mode) and tighten the ones an older version left."""
    if str(database) in ("", ":memory:") or str(database).startswith("file:"):
        return
    path = Path(database)
    if path.parent.is_dir() and not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for suffix in ("", "-wal", "-shm", "-journal"):
        _owner_only(Path(f"{path}{suffix}"), 0o600)


def _owner_only(path: Path, mode: int) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if info.st_uid == os.getuid() and info.st_mode & 0o777 != mode:
        os.chmod(path, mode)


def persistent_key(data_dir: Path, name: str) -> str:
    """A random key kept in the file NAME of the data directory, generated on first use and
    private to its owner (0600). The secret key and the audit key are two such files: apart, so
    that rotating SECRET_KEY never breaks the audit trail, and outside the database, so that
    write access to the database alone cannot forge the trail."""
    path = data_dir / name
    if path.exists():
        _owner_only(path, 0o600)
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    return create_private_once(path, secrets.token_urlsafe(64))


def create_private_once(path: Path, text: str) -> str:
    """Write TEXT to PATH (0600) unless it exists, and return what PATH holds. Two processes
    starting together on a fresh data directory (two `accord migrate`, a server and a worker)
    agree: the file appears complete, by a hard link, or not at all; the loser reads it."""
    staged = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(staged, path)
        return text
    except FileExistsError:
        return path.read_text().strip()
    finally:
        staged.unlink(missing_ok=True)
