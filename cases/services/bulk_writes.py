"""Insert and update many rows at once, for imports of a whole fieldwork week's judgements.

The ORM's ``bulk_create`` builds a model instance and prepares every value of every row in
Python, which is most of an import's time at national size (~250k judgements plus as many
history rows). Here rows are plain tuples: PostgreSQL takes them through ``COPY … FROM STDIN``
(psycopg adapts the values); other databases through one ``executemany`` with the values
prepared by the fields. No signals are sent, so callers write their own history records
(``insert_history``).
"""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection
from django.db.models import Model


def insert_rows(*, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert ``rows`` (tuples in the order of ``fields``, given by attname) into ``model``'s table."""
    opts = model._meta
    columns = [opts.get_field(name).column for name in fields]
    if connection.vendor == "postgresql":
        from psycopg import sql

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(opts.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return
    quote = connection.ops.quote_name
    statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model, values bound
        quote(opts.db_table), ", ".join(map(quote, columns)), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        cursor.executemany(statement, _prepared(model, fields, rows))


def update_rows(*, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Update rows by primary key: ``rows`` are tuples of ``fields`` values followed by the pk.

    One parameterised UPDATE run by ``executemany`` (psycopg pipelines it), instead of the ORM's
    ``bulk_update``, whose CASE … WHEN expressions took a minute for 18k judgements.
    """
    opts = model._meta
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(opts.get_field(name).column)} = %s" for name in fields)
    table, pk = quote(opts.db_table), quote(opts.pk.column)
    statement = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 - names from the model, values bound
    with connection.cursor() as cursor:
        cursor.executemany(statement, _prepared(model, [*fields, opts.pk.attname], rows))


def _prepared(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> list[list]:
    """The rows' values as the fields would send them to this database (e.g. datetimes for SQLite)."""
    prepare = [model._meta.get_field(name).get_db_prep_save for name in fields]
    return [[prep(value, connection) for prep, value in zip(prepare, row, strict=True)] for row in rows]


def history_fields(model: type[Model]) -> list[str]:
    """The tracked fields of ``model``'s simple-history table (attnames), before the history ones."""
    history = model.history.model
    own = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
    return [f.attname for f in history._meta.concrete_fields if f.name not in own]


def insert_history(
    *, model: type[Model], rows: Iterable[tuple[Sequence, int | None]], when: datetime, reason: str, kind: str = "+"
) -> None:
    """Write simple-history records: ``rows`` are (values in ``history_fields`` order, user id)."""
    fields = [*history_fields(model), "history_date", "history_change_reason", "history_type", "history_user_id"]
    insert_rows(
        model=model.history.model,
        fields=fields,
        rows=((*values, when, reason, kind, user_id) for values, user_id in rows),
    )
