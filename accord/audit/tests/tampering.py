"""What an attacker with write access to the database (but not the audit key) can do: with the
triggers out of the way, inside the test's transaction (rolled back afterwards)."""

from django.db import connection

from accord.audit.models import AuditEvent, ChainHead

SQLITE_TRIGGERS = [
    "audit_event_no_update",
    "audit_event_no_delete",
    "audit_event_no_replace",
    "audit_head_no_delete",
    "audit_head_new_chain",
    "audit_head_forward",
]


def triggers_off(cursor) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL session_replication_role = replica")
    else:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def triggers_on(cursor) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL session_replication_role = origin")


def run_unguarded(*statements: tuple[str, list]) -> None:
    with connection.cursor() as cursor:
        triggers_off(cursor)
        for sql, params in statements:
            cursor.execute(sql, params)
        triggers_on(cursor)


def rewrite_event(event: AuditEvent, **values) -> None:
    table = AuditEvent._meta.db_table
    sets = ", ".join(f"{column} = %s" for column in values)
    run_unguarded((f"UPDATE {table} SET {sets} WHERE id = %s", [*values.values(), event.pk]))


def delete_events(chain: str, from_seq: int = 1) -> None:
    table = AuditEvent._meta.db_table
    run_unguarded((f"DELETE FROM {table} WHERE chain = %s AND seq >= %s", [chain, from_seq]))


def set_head(chain: str, seq: int, digest: str) -> None:
    table = ChainHead._meta.db_table
    run_unguarded(
        (f"UPDATE {table} SET seq = %s, digest = %s WHERE chain = %s", [seq, digest, chain])
    )


def delete_head(chain: str) -> None:
    table = ChainHead._meta.db_table
    run_unguarded((f"DELETE FROM {table} WHERE chain = %s", [chain]))
