"""The database refuses to rewrite the trail, on SQLite and PostgreSQL.

Events: no UPDATE, no DELETE, no TRUNCATE (PostgreSQL), and no insert over an existing row: SQLite
runs `INSERT OR REPLACE` / `REPLACE INTO` as a delete and an insert without firing delete
triggers (recursive_triggers is off), so a BEFORE INSERT trigger refuses any insert whose id or
(chain, seq) exists. PostgreSQL's `INSERT ... ON CONFLICT DO UPDATE` fires the UPDATE trigger.
Heads: no DELETE or TRUNCATE, an insert only for a new chain, and a move only forward onto an
event of the chain that exists with that digest.
"""

from django.db import migrations

MESSAGE = "audit events are append-only"
HEAD_MESSAGE = "an audit chain head only moves forward, onto an event of its chain"

SQLITE_CREATE = [
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_auditevent
        WHEN EXISTS (SELECT 1 FROM audit_auditevent WHERE id = NEW.id)
          OR EXISTS (SELECT 1 FROM audit_auditevent WHERE chain = NEW.chain AND seq = NEW.seq)
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_chainhead
        BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END;""",
    f"""CREATE TRIGGER audit_head_new_chain BEFORE INSERT ON audit_chainhead
        WHEN EXISTS (SELECT 1 FROM audit_chainhead WHERE chain = NEW.chain)
          OR NOT EXISTS (SELECT 1 FROM audit_auditevent
                         WHERE chain = NEW.chain AND seq = NEW.seq AND digest = NEW.digest)
        BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END;""",
    f"""CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_chainhead
        WHEN NEW.chain != OLD.chain OR NEW.seq <= OLD.seq
          OR NOT EXISTS (SELECT 1 FROM audit_auditevent
                         WHERE chain = NEW.chain AND seq = NEW.seq AND digest = NEW.digest)
        BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_event_no_delete;",
    "DROP TRIGGER IF EXISTS audit_event_no_replace;",
    "DROP TRIGGER IF EXISTS audit_head_no_delete;",
    "DROP TRIGGER IF EXISTS audit_head_new_chain;",
    "DROP TRIGGER IF EXISTS audit_head_forward;",
]
POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
        FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();""",
    f"""CREATE OR REPLACE FUNCTION audit_head_check_move() RETURNS trigger AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND (NEW.chain <> OLD.chain OR NEW.seq <= OLD.seq) THEN
            RAISE EXCEPTION '{HEAD_MESSAGE}';
          END IF;
          IF NOT EXISTS (SELECT 1 FROM audit_auditevent
                         WHERE chain = NEW.chain AND seq = NEW.seq AND digest = NEW.digest) THEN
            RAISE EXCEPTION '{HEAD_MESSAGE}';
          END IF;
          RETURN NEW;
        END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_head_move BEFORE INSERT OR UPDATE ON audit_chainhead
        FOR EACH ROW EXECUTE FUNCTION audit_head_check_move();""",
    """CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_chainhead
        FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();""",
    """CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_chainhead
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;",
    "DROP TRIGGER IF EXISTS audit_head_move ON audit_chainhead;",
    "DROP TRIGGER IF EXISTS audit_head_no_delete ON audit_chainhead;",
    "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_chainhead;",
    "DROP FUNCTION IF EXISTS audit_head_check_move();",
]


def create(apps, schema_editor):
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_rekey_events")]
    operations = [migrations.RunPython(create, drop)]
