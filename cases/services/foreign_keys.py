"""Foreign keys of a bulk write checked once per referenced row instead of once per written row.

PostgreSQL checks a foreign key by a trigger on every inserted row: a query on the referenced
table that locks the referenced row (``FOR KEY SHARE``). Four such checks on each of an import's
judgements cost twice as much as writing them. ``checked_in_bulk`` does what those triggers do
with one query per referenced table: every distinct referenced id locked ``FOR KEY SHARE`` (so no
other transaction can delete it before this one commits, as the triggers' locks ensure), a
missing one refused with ``IntegrityError`` as the database would, then the rows written with
the per-row triggers off for the session (``SET LOCAL session_replication_role = replica``, the
setting ``pg_restore --disable-triggers`` uses) and on again straight after. The constraints stay
in the schema and every other write is checked by them as before.

Turning triggers off needs the right to set ``session_replication_role``: a superuser has it, or
a role granted it (PostgreSQL 15+: ``GRANT SET ON PARAMETER session_replication_role TO …``).
Without it the rows are written as usual and the database checks each one (slower, as correct).
The tables written this way must have no triggers but foreign keys' (none here has).
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import IntegrityError, connection
from django.db.models import ForeignKey, Model


def may_skip_row_triggers(cursor) -> bool:
    """Whether this session may turn per-row triggers off (one query)."""
    if connection.pg_version >= 150000:
        cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
    else:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
    return bool(cursor.fetchone()[0])


def references(model: type[Model], columns: Sequence[str]) -> list[tuple[int, type[Model]]]:
    """(position in ``columns``, referenced model) of each constrained foreign key among ``columns``."""
    found = []
    for field in model._meta.concrete_fields:
        if isinstance(field, ForeignKey) and field.db_constraint and field.column in columns:
            found.append((list(columns).index(field.column), field.related_model))
    return found


def lock_referenced(cursor, *, table: str, model: type[Model], columns: Sequence[str], rows: Sequence) -> None:
    """Lock ``FOR KEY SHARE`` every row that ``rows`` (values in ``columns`` order, about to be
    written to ``table`` of ``model``) reference; ``IntegrityError`` naming the first missing one."""
    quote = connection.ops.quote_name
    for position, target in references(model, columns):
        wanted = {row[position] for row in rows} - {None}
        if not wanted:
            continue
        pk, array = target._meta.pk.column, f"%s::{target._meta.pk.db_type(connection)}[]"
        cursor.execute(
            f"SELECT {quote(pk)} FROM {quote(target._meta.db_table)} WHERE {quote(pk)} = ANY({array}) "  # noqa: S608
            "FOR KEY SHARE",
            [sorted(wanted)],
        )
        missing = wanted - {found for (found,) in cursor.fetchall()}
        if missing:
            raise IntegrityError(
                f'insert or update on table "{table}" violates foreign key constraint: '
                f'Key ({columns[position]})=({min(missing)}) is not present in table "{target._meta.db_table}".'
            )


@contextmanager
def checked_in_bulk(cursor, writes: Sequence[tuple[type[Model], Sequence[str], Sequence]]) -> Iterator[None]:
    """Around writing ``writes`` (model, its columns, the rows of their values): their foreign
    keys checked in bulk and the per-row checks off, where the session may; else nothing changes.

    On an error inside, the setting goes back with the transaction (or savepoint) rolled back.
    """
    if not may_skip_row_triggers(cursor):
        yield
        return
    for model, columns, rows in writes:
        lock_referenced(cursor, table=model._meta.db_table, model=model, columns=columns, rows=rows)
    cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    cursor.execute("SET LOCAL session_replication_role = origin")
