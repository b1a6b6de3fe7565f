"""Column types and engine behaviour shared by every domain."""

from datetime import UTC, datetime

from flask import g, has_request_context, request
from sqlalchemy import BigInteger, DateTime, Integer, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
AutoIncrementId = BigInteger().with_variant(Integer, "sqlite")


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


def insert_unless_present(table, index_elements: list, dialect_name: str):
    """INSERT ... ON CONFLICT (index_elements) DO NOTHING, which both databases have but SQLAlchemy
    spells per dialect."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=index_elements)


def connection_for_one_statement():
    """The session's connection, for work done in one statement. On PostgreSQL, when the request
    has not begun a transaction yet, it comes in autocommit: one statement is atomic and sees one
    snapshot by itself, and BEGIN and COMMIT (or ROLLBACK) would be two more round trips. On
    SQLite, and inside a transaction, the session's connection as it is."""
    from .extensions import db

    if db.engine.dialect.name == "postgresql" and not db.session().in_transaction():
        return db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    return db.session.connection()


def every_request_writes() -> None:
    """For `before_request` of a blueprint whose reads also write (an audited read logs itself):
    on SQLite its GET requests then take the write lock at BEGIN, like any write."""
    g.every_request_writes = True


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
        and not g.get("every_request_writes", False)
    )
    connection.exec_driver_sql("BEGIN" if is_read else "BEGIN IMMEDIATE")
