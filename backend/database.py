"""Column types and engine behaviour shared by every domain."""

from datetime import UTC, datetime

from flask import has_request_context, request
from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# A clinician's every read of a patient's data writes an access-log row: those reads are writes.
AUDITED_BLUEPRINTS = frozenset({"clinician"})


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes in UTC and reads them back aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@event.listens_for(Engine, "connect")
def _configure_sqlite_connection(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    # Let SQLAlchemy's "begin" hook below emit BEGIN itself instead of pysqlite's lazy one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    # In WAL mode NORMAL still never corrupts the database; it skips an fsync per commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite_transaction(connection):
    if connection.dialect.name != "sqlite":
        return
    # A write transaction takes SQLite's write lock at BEGIN, so two writers queue instead of
    # deadlocking on a lock upgrade; this is what serialises the per-patient change counter.
    # Reads stay deferred so GET requests run side by side.
    is_read = (
        has_request_context()
        and request.method not in WRITE_METHODS
        and request.blueprint not in AUDITED_BLUEPRINTS
    )
    connection.exec_driver_sql("BEGIN" if is_read else "BEGIN IMMEDIATE")
