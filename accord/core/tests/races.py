"""Running writers at the same moment, each in its own thread and database connection.

The races are PostgreSQL's: there two transactions hold row locks at once, so two writers that
lock the same rows in different orders deadlock. SQLite's IMMEDIATE transactions take the
database's single write lock at BEGIN, so writers there run one after the other and no lock
order exists to get wrong (decision 0007); what a lost race answers (404, 409) is tested on both
databases without threads, by deleting the record between the access check and the write.
"""

import threading
import unittest
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest.mock import patch

from django.db import connection, connections
from django.test import TransactionTestCase

from accord.accounts.models import User
from accord.core import access
from accord.core.models import Organization, Partnership, Party
from tests.base import AccordTestCase

ON_POSTGRES = connection.vendor == "postgresql"
NOT_ON_SQLITE = (
    "SQLite's IMMEDIATE transactions serialise writers at BEGIN: no two hold locks at once, so "
    "this lock-order race cannot happen there"
)


@unittest.skipUnless(ON_POSTGRES, NOT_ON_SQLITE)
class RaceTestCase(TransactionTestCase):
    """Threads see only committed data, hence a TransactionTestCase with the standing cast of
    tests.base created (and committed) before each test."""

    alpha: Organization
    beta: Organization
    amy: User
    alice: User
    bea: User
    bob: User
    partnership: Partnership
    party_a: Party
    party_b: Party

    def setUp(self) -> None:
        AccordTestCase.setUpTestData.__func__(type(self))  # type: ignore[attr-defined]

    def _fixture_teardown(self) -> None:
        # The database refuses to delete or truncate audit events (decision 0002): empty the test
        # database with this session's triggers off, as replication does.
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            super()._fixture_teardown()  # type: ignore[misc]
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")


def race(*calls: Callable[[], object]) -> list[BaseException | None]:
    """Start the calls at the same moment, each in its own thread (and so its own connection);
    returns what each raised, None for those that succeeded."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[BaseException | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            with connection.cursor() as cursor:
                # Find a deadlock in milliseconds rather than the default second.
                cursor.execute("SET deadlock_timeout = '20ms'")
            barrier.wait()
            call()
        except BaseException as raised:  # the caller judges every outcome
            outcomes[index] = raised
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@contextmanager
def deleted_after_the_access_check(remove: Callable[[Any], object]) -> Iterator[None]:
    """Lose a race deterministically, on any database: the next record that
    `access.record_for` hands to a page or API operation is removed (by `remove(record)`)
    before the operation acts on it, as if another writer had deleted it just then."""
    real = access.record_for
    done = False

    def record_for(*args: Any, **kwargs: Any) -> Any:
        nonlocal done
        record = real(*args, **kwargs)
        if not done:
            done = True
            remove(type(record)._default_manager.get(pk=record.pk))  # the other writer's copy
        return record

    with patch.object(access, "record_for", record_for):
        yield
