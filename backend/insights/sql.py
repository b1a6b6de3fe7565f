"""Small SQL building blocks that PostgreSQL and SQLite both understand."""

from sqlalchemy import Integer, literal, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import TypeEngine

# SQLite refuses a compound SELECT of more than 500 terms; batches stay well below it.
ROWS_PER_LITERAL_TABLE = 200


def literal_table(name: str, columns: dict[str, TypeEngine], rows: list[tuple]):
    """A CTE holding the given rows, e.g. each patient's own window bounds, to join against.

    Each patient's windows start at their own local midnight, so the bounds travel with the
    patient instead of one bound for everybody.
    """
    if not 0 < len(rows) <= ROWS_PER_LITERAL_TABLE:
        raise ValueError(f"a literal table holds 1 to {ROWS_PER_LITERAL_TABLE} rows, not {len(rows)}")
    selects = [
        select(
            *(
                literal(value, type_).label(column)
                for (column, type_), value in zip(columns.items(), row, strict=True)
            )
        )
        for row in rows
    ]
    return (union_all(*selects) if len(selects) > 1 else selects[0]).cte(name)


def batches(values: list, size: int = ROWS_PER_LITERAL_TABLE):
    for start in range(0, len(values), size):
        yield values[start : start + size]


class days_between(FunctionElement):
    """Whole days from the date `earlier` to the date column `later`: later - earlier."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "postgresql")
def _days_between_postgresql(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)})"
        " AS INTEGER)"
    )
