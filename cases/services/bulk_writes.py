"""Insert and update many rows at once, for imports of a whole fieldwork week's judgements.

The ORM's ``bulk_create`` builds a model instance and prepares every value of every row in
Python, which is most of an import's time at national size (~250k judgements plus as many
history rows). Here rows are plain tuples: PostgreSQL takes them through ``COPY … FROM STDIN`` in
the binary format (psycopg dumps each value as its column's type); other databases through one
``executemany`` with the values prepared by the fields. No signals are sent, so callers write
their own history records (``insert_history``), or let ``insert_with_history`` /
``update_with_history`` write the rows and their history records together. On PostgreSQL new
rows take their ids from the table's sequence in one query and are copied straight into their
table and their history's; changed rows are copied once into a temporary table from which the
server updates them and writes their history. Either way their foreign keys are checked once per
referenced row rather than once per written row (``foreign_keys``)."""

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from .foreign_keys import checked_in_bulk

HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")
STAGING = "bulk_writes_staging"
PLAIN_FIELDS = {  # whose Python values psycopg sends as the field would
    *("AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField"),
    *("PositiveSmallIntegerField", "CharField", "TextField", "BooleanField", "DateField", "DateTimeField"),
    "ForeignKey",
}
FEW_ROWS = 100  # up to this many rows, one INSERT … VALUES (SQLite takes 32,766 parameters)


def insert_rows(*, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert ``rows`` (tuples in the order of ``fields``, given by attname) into ``model``'s table.

    A list of at most ``FEW_ROWS`` rows (a page's save) is one multi-row ``INSERT``, on any database
    and counted as a query like any other; more rows, or rows given one by one, are copied."""
    opts = model._meta
    columns = [opts.get_field(name).column for name in fields]
    if isinstance(rows, list) and len(rows) <= FEW_ROWS:
        _insert_few(model, fields, rows)
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            copy_rows(cursor, table=opts.db_table, columns=columns, types=column_types(model, columns), rows=rows)
        return
    quote = connection.ops.quote_name
    statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model, values bound
        quote(opts.db_table), ", ".join(map(quote, columns)), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        cursor.executemany(statement, _prepared(model, fields, rows))


def _insert_few(model: type[Model], fields: Sequence[str], rows: list[Sequence]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    values = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * len(rows))
    statement = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608 - values bound
    with connection.cursor() as cursor:
        cursor.execute(statement, [value for row in _prepared(model, fields, rows) for value in row])


def update_rows(*, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Update rows by primary key: ``rows`` are tuples of ``fields`` values followed by the pk.

    One parameterised UPDATE run by ``executemany`` (psycopg pipelines it), instead of the ORM's
    ``bulk_update``, whose CASE … WHEN expressions took a minute for 18k judgements; on PostgreSQL
    one ``UPDATE … WHERE pk = ANY(…)`` when every row sets the same values.
    """
    opts = model._meta
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(opts.get_field(name).column)} = %s" for name in fields)
    table, pk = quote(opts.db_table), quote(opts.pk.column)
    rows = _prepared(model, [*fields, opts.pk.attname], rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and rows and all(row[:-1] == rows[0][:-1] for row in rows):
            # The same values for every row (an import submitting its assessments): one statement.
            array = f"%s::{opts.pk.db_type(connection)}[]"
            statement = f"UPDATE {table} SET {assignments} WHERE {pk} = ANY({array})"  # noqa: S608
            cursor.execute(statement, [*rows[0][:-1], [row[-1] for row in rows]])
            return
        statement = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 - names from the model, values bound
        cursor.executemany(statement, rows)


def _prepared(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> list[Sequence]:
    """The rows' values as the fields would send them to this database (e.g. datetimes for SQLite);
    on PostgreSQL psycopg adapts plain values (ids, numbers, text, booleans, dates) itself."""
    found = [model._meta.get_field(name) for name in fields]
    if connection.vendor == "postgresql" and all(f.get_internal_type() in PLAIN_FIELDS for f in found):
        return list(rows)
    prepare = [f.get_db_prep_save for f in found]
    return [[prep(value, connection) for prep, value in zip(prepare, row, strict=True)] for row in rows]


@functools.cache
def history_fields(model: type[Model]) -> tuple[str, ...]:
    """The tracked fields of ``model``'s simple-history table (attnames), before the history ones."""
    history = model.history.model
    own = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
    return tuple(f.attname for f in history._meta.concrete_fields if f.name not in own)


def insert_history(
    *, model: type[Model], rows: Iterable[tuple[Sequence, int | None]], when: datetime, reason: str, kind: str = "+"
) -> None:
    """Write simple-history records: ``rows`` are (values in ``history_fields`` order, user id)."""
    fields = [*history_fields(model), "history_date", "history_change_reason", "history_type", "history_user_id"]
    insert_rows(
        model=model.history.model,
        fields=fields,
        rows=[(*values, when, reason, kind, user_id) for values, user_id in rows]
        if isinstance(rows, list)
        else ((*values, when, reason, kind, user_id) for values, user_id in rows),
    )


def update_objects_with_history(
    *, objs: Sequence[Model], fields: Sequence[str], when: datetime, reason: str, actor=None
) -> None:
    """``bulk_update_with_history`` in two statements whatever the number of objects: ``fields``
    of ``objs`` (one model) by pk, and a "changed" history record of each from the objects as they
    are, naming who simple-history would (the object's attributed user, else ``actor``, else the
    request's user) and its attributed reason, else ``reason``."""
    if not objs:
        return
    model = type(objs[0])
    fields = [model._meta.get_field(name).attname for name in fields]  # a foreign key by its id
    update_rows(model=model, fields=fields, rows=[[getattr(o, f) for f in fields] + [o.pk] for o in objs])
    _objects_history(objs, when=when, reason=reason, actor=actor, kind="~")


def bulk_create_with_history(
    objs: Sequence[Model],
    model: type[Model],
    *,
    batch_size: int | None = None,
    default_user=None,
    default_change_reason: str = "",
    default_date: datetime | None = None,
) -> list[Model]:
    """simple-history's ``bulk_create_with_history`` (the same arguments, the same records) with
    their history records written in one statement (``insert_history``) rather than built as
    model instances: ``objs`` created by ``bulk_create``, then a "created" record of each naming its
    attributed user, else ``default_user``, and its attributed reason, else ``default_change_reason``.
    Needs a database that returns the new ids (PostgreSQL, SQLite 3.35+). On PostgreSQL the objects'
    values go straight to ``insert_with_history`` (no SQL built a value at a time: a fifth of a
    large judgements import was its assessments' ``bulk_create``)."""
    when = default_date or timezone.now()
    if connection.vendor == "postgresql" and objs:
        _copy_objects(objs, model, when=when, reason=default_change_reason, actor=default_user)
        return list(objs)
    with transaction.atomic(savepoint=False):
        created = model._default_manager.bulk_create(objs, batch_size=batch_size)
        if created:
            _objects_history(created, when=when, reason=default_change_reason, actor=default_user, kind="+")
    return created


def _copy_objects(objs: Sequence[Model], model: type[Model], *, when: datetime, reason: str, actor) -> None:
    """New objects (no pk yet) and their "created" records through ``insert_with_history``, each
    naming who ``_objects_history`` would; their pks set as the ORM's ``bulk_create`` sets them."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    default = model.history.model.get_default_history_user
    by_reason: dict[str, tuple[list, list]] = {}
    for obj in objs:
        user = getattr(obj, "_history_user", actor or default(obj))
        made, rows = by_reason.setdefault(getattr(obj, "_change_reason", None) or reason, ([], []))
        made.append(obj)
        values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
        rows.append((*values, getattr(user, "pk", None)))
    attnames = [f.attname for f in fields]
    with transaction.atomic(savepoint=False):
        for why, (made, rows) in by_reason.items():
            ids = insert_with_history(model=model, fields=attnames, rows=rows, when=when, reason=why)
            for obj, new_id in zip(made, ids, strict=True):
                obj.pk = new_id
                obj._state.adding, obj._state.db = False, connection.alias


def _objects_history(objs: Sequence[Model], *, when: datetime, reason: str, actor, kind: str) -> None:
    model = type(objs[0])
    tracked = history_fields(model)
    default = model.history.model.get_default_history_user
    by_reason: dict[str, list] = {}
    for obj in objs:
        user = getattr(obj, "_history_user", actor or default(obj))
        values = [getattr(obj, f) for f in tracked]
        why = getattr(obj, "_change_reason", None) or reason
        by_reason.setdefault(why, []).append((values, getattr(user, "pk", None)))
    for why, rows in by_reason.items():
        insert_history(model=model, rows=rows, when=when, reason=why, kind=kind)


def create_objects_with_history(*, objs: Sequence[Model], when: datetime, reason: str, actor=None) -> None:
    """``bulk_create_with_history`` in two statements for a page's save: the objects (one model) by
    the ORM's ``bulk_create``, which sets their pks, and a "created" history record of each, naming
    who ``update_objects_with_history`` would."""
    if not objs:
        return
    model = type(objs[0])
    model.objects.bulk_create(objs)
    _objects_history(objs, when=when, reason=reason, actor=actor, kind="+")


def insert_with_history(
    *, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence], when: datetime, reason: str
) -> Sequence[int]:
    """Insert ``rows`` (``fields`` values, then the id of the user their history names) and a
    "created" history record of each; returns their new ids, in order. ``fields`` are the model's
    tracked fields but its pk.

    On PostgreSQL: ids taken from the table's sequence in one query, then the rows and their
    history records each copied straight into their table (``COPY``), their foreign keys checked
    once per referenced row (``foreign_keys.checked_in_bulk``). The server stores copied rows more
    slowly than Python sends them, so the history records are built while it stores the rows."""
    if connection.vendor != "postgresql":
        return _insert_then_read_with_history(model=model, fields=fields, rows=rows, when=when, reason=reason)
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return []
    history = model.history.model
    table, pk = model._meta.db_table, model._meta.pk.column
    columns = [pk, *_columns(model, fields)]
    # The history user's column right after the fields': a record is (id, *row, *tail), no slicing.
    history_columns = [history._meta.get_field(model._meta.pk.attname).column, *_columns(history, fields)]
    history_columns += ["history_user_id", "history_date", "history_change_reason", "history_type"]
    tail = (when, reason, "+")
    records: list[tuple] = []

    def build_records() -> None:
        records.extend([(new_id, *row, *tail) for new_id, row in zip(ids, rows, strict=True)])

    with transaction.atomic(), connection.cursor() as cursor:
        ids = _new_ids(cursor, table=table, pk=pk, count=len(rows))
        # The rows as given hold the values of columns[1:], then the history user's (history_columns[1:-3]).
        with checked_in_bulk(cursor, [(model, columns[1:], rows), (history, history_columns[1:-3], rows)]):
            written = ((new_id, *row[:-1]) for new_id, row in zip(ids, rows, strict=True))
            types = column_types(model, columns)
            copy_rows(cursor, table=table, columns=columns, types=types, rows=written, meanwhile=build_records)
            types = column_types(history, history_columns)
            copy_rows(cursor, table=history._meta.db_table, columns=history_columns, types=types, rows=records)
    return ids


def _new_ids(cursor, *, table: str, pk: str, count: int) -> Sequence[int]:
    """``count`` new ids from ``table``'s sequence, in one query that returns one row: their range
    when they are consecutive (unless another session took ids meanwhile), else all of them."""
    # OFFSET 0: the sequence is looked up once, not for every id.
    cursor.execute(
        "SELECT min(v), max(v), CASE WHEN max(v) - min(v) + 1 = count(*) THEN NULL ELSE array_agg(v) END "
        "FROM (SELECT nextval(q.s) AS v FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS s OFFSET 0) q, "
        "generate_series(1, %s)) ids",
        [table, pk, count],
    )
    low, high, scattered = cursor.fetchone()
    return range(low, high + 1) if scattered is None else scattered


def copy_rows(
    cursor,
    *,
    table: str,
    columns: Sequence[str],
    types: Sequence[str],
    rows: Iterable[Sequence],
    meanwhile: Callable[[], None] | None = None,
) -> None:
    """``COPY`` of ``rows`` (values in ``columns`` order) into ``table`` (PostgreSQL) in the binary
    format, each value dumped by psycopg as its column's type (``types``, see ``column_types``):
    several times faster than writing text, a datetime especially. ``meanwhile`` is called once
    the rows are sent, while the server may still be storing them, before the copy ends."""
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with cursor.cursor.copy(statement) as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)
        if meanwhile:
            meanwhile()


def column_types(model: type[Model], columns: Sequence[str]) -> list[str]:
    """The database type of each of ``model``'s ``columns``, as psycopg names them ("bigint", "varchar")."""
    fields = {field.column: field for field in model._meta.concrete_fields}
    return [re.sub(r"\(.*\)", "", fields[column].db_type(connection)) for column in columns]


def _insert_then_read_with_history(*, model, fields, rows, when, reason) -> list[int]:
    """Other databases (SQLite, for development and tests): one executemany, then the new rows read
    back for their history. The transaction holds SQLite's write lock and its ids only increase, so
    the rows above the highest id before are these, in the order given."""
    rows = list(rows)
    pk = model._meta.pk.attname
    before = model.objects.order_by(f"-{pk}").values_list(pk, flat=True).first() or 0
    insert_rows(model=model, fields=fields, rows=[row[:-1] for row in rows])
    tracked = history_fields(model)
    made = model.objects.filter(**{f"{pk}__gt": before}).order_by(pk).values_list(*tracked)
    history = [(values, row[-1]) for values, row in zip(made, rows, strict=True)]
    insert_history(model=model, rows=history, when=when, reason=reason)
    return [values[tracked.index(pk)] for values, _ in history]


def update_with_history(
    *, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence], when: datetime, reason: str
) -> None:
    """Update rows by pk (``rows``: ``fields`` values, the pk, then the id of the user their history
    names) and write a "changed" history record of each, holding the row as it now is."""
    if connection.vendor != "postgresql":
        rows = list(rows)
        update_rows(model=model, fields=fields, rows=[row[:-1] for row in rows])
        users = {row[-2]: row[-1] for row in rows}
        tracked = history_fields(model)
        changed = model.objects.filter(pk__in=list(users)).values_list(*tracked)
        insert_history(
            model=model, rows=[(values, users[values[0]]) for values in changed], when=when, reason=reason, kind="~"
        )
        return
    rows = list(rows)
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    staged = [*fields, model._meta.pk.attname]
    with transaction.atomic(), connection.cursor() as cursor:
        _stage(cursor, model, staged, rows)
        assignments = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in _columns(model, fields))
        with checked_in_bulk(cursor, [(model, _columns(model, staged), rows)]):
            cursor.execute(f"UPDATE {table} SET {assignments} FROM {STAGING} s WHERE {table}.{pk} = s.{pk}")  # noqa: S608
        joined = f"{table} JOIN {STAGING} ON {STAGING}.{pk} = {table}.{pk}"
        _history_from(cursor, model, source=joined, when=when, reason=reason, kind="~", prefix=f"{table}.")
        cursor.execute(f"DROP TABLE {STAGING}")


def _columns(model: type[Model], fields: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in fields]


def _stage(cursor, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """A temporary table of ``fields`` (with the pk) and the history user's id, filled by COPY;
    the caller drops it."""
    quote = connection.ops.quote_name
    pk = model._meta.pk.column
    columns = _columns(model, fields)
    selected = ", ".join(quote(c) for c in dict.fromkeys([pk, *columns]))
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGING} AS SELECT {selected}, NULL::integer AS history_user_id "  # noqa: S608
        f"FROM {quote(model._meta.db_table)} WITH NO DATA"
    )
    types = [*column_types(model, columns), "integer"]
    copy_rows(cursor, table=STAGING, columns=[*columns, "history_user_id"], types=types, rows=rows)


def _history_from(cursor, model: type[Model], *, source: str, when, reason: str, kind: str, prefix: str = "") -> None:
    """History records of the rows ``source`` (a table or join) holds, their user in its
    ``history_user_id``, their values from the ``prefix`` table (the staging table by default)."""
    quote = connection.ops.quote_name
    history = model.history.model
    tracked = [history._meta.get_field(name).column for name in history_fields(model)]
    columns = ", ".join(quote(c) for c in [*tracked, *HISTORY_COLUMNS])
    values = ", ".join(f"{prefix}{quote(c)}" for c in tracked)
    user = f"{STAGING}.history_user_id" if prefix else "history_user_id"
    cursor.execute(
        f"INSERT INTO {quote(history._meta.db_table)} ({columns}) "  # noqa: S608 - names from the models
        f"SELECT {values}, %s, %s, %s, {user} FROM {source}",
        [when, reason, kind],
    )
