"""Writing many records at once for the importers, in plain SQL through Django's connection.

`bulk_create` and `bulk_update` build an expression per cell (a CASE per field and row for an
update), which costs more than the database's work at a hundred thousand rows. These write the
same rows with one statement per batch (inserts, returning the new ids) or one prepared statement
run for every row (updates), the values prepared by each field as the ORM would. They do what the
model's `save()` adds to a row (auto_now dates) but send no signals and keep no history: the
caller writes the history rows with `history_insert`.
"""

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone


def _connection():
    # The connection itself, not the proxy: it is asked for every cell.
    return connections[DEFAULT_DB_ALIAS]


def _quoted(name: str) -> str:
    return _connection().ops.quote_name(name)


def _prepared(field, obj, connection):
    return field.get_db_prep_save(field.pre_save(obj, True), connection)


def insert(model: type[models.Model], objs: list[models.Model]) -> None:
    """INSERT the new records, a batch per statement; each gets its primary key."""
    if not objs:
        return
    connection = _connection()
    opts = model._meta
    pk = opts.pk
    fields = [f for f in opts.concrete_fields if f is not pk or getattr(objs[0], pk.attname)]
    insert_into = (
        f"INSERT INTO {_quoted(opts.db_table)} ({', '.join(_quoted(f.column) for f in fields)})"
    )
    returning = f"RETURNING {_quoted(pk.column)}"
    if connection.vendor == "postgresql":
        # One array a column (UNNEST, as Django's bulk_create does there): the statement is the
        # same short text for every batch, where VALUES with a placeholder a cell had the driver
        # read through tens of thousands of placeholders in every statement.
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
        sql, size = f"{insert_into} SELECT * FROM unnest({arrays}) {returning}", 2000

        def statement(batch):
            return sql, [[_prepared(f, obj, connection) for obj in batch] for f in fields]

    else:
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        # Django says how many parameters a statement of SQLite takes.
        size = max(1, min(1000, connection.features.max_query_params // len(fields)))

        def statement(batch):
            values = ", ".join([row] * len(batch))
            return f"{insert_into} VALUES {values} {returning}", [
                _prepared(f, obj, connection) for obj in batch for f in fields
            ]

    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start : start + size]
            cursor.execute(*statement(batch))
            for obj, (new_id,) in zip(batch, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, new_id)
                obj._state.adding = False
                obj._state.db = connection.alias


def update(model: type[models.Model], objs: list[models.Model], names) -> None:
    """UPDATE the `names` fields of the records (and their auto_now dates), one prepared
    statement run for each."""
    if not objs or not names:
        return
    connection = _connection()
    opts = model._meta
    fields = [opts.get_field(name) for name in sorted(set(names))]
    fields += [f for f in opts.concrete_fields if getattr(f, "auto_now", False) and f not in fields]
    assignments = ", ".join(f"{_quoted(f.column)} = %s" for f in fields)
    sql = f"UPDATE {_quoted(opts.db_table)} SET {assignments} WHERE {_quoted(opts.pk.column)} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [*(f.get_db_prep_save(f.pre_save(obj, False), connection) for f in fields), obj.pk]
                for obj in objs
            ],
        )


def history_insert(
    model: type[models.Model],
    objs: list[models.Model],
    *,
    update: bool,
    user=None,
    reason: str = "",
    extra: dict | None = None,
) -> None:
    """A historical row of each record as it now stands ("+" created, "~" changed), as a save
    would write it (django-simple-history); `extra` sets more columns of it (the plan version)."""
    if not objs:
        return
    connection = _connection()
    history = model.history.model
    given = {
        "history_date": timezone.now(),
        "history_change_reason": reason,
        "history_type": "~" if update else "+",
        "history_user_id": getattr(user, "pk", None),
        **(extra or {}),
    }
    fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(_quoted(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    prepared = {
        f.attname: f.get_db_prep_save(given[f.attname], connection)
        for f in fields
        if f.attname in given
    }
    source = [(f, f.attname in prepared) for f in fields]
    rows = [
        [
            prepared[f.attname]
            if is_given
            else f.get_db_prep_save(getattr(obj, f.attname), connection)
            for f, is_given in source
        ]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {_quoted(history._meta.db_table)} ({columns}) VALUES ({placeholders})",
            rows,
        )
