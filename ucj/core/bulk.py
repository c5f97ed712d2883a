"""Fast inserts and updates of many rows, for imports of 100,000 rows.

Django's ``bulk_create``/``bulk_update`` compile every value of every object through the ORM
(and ``bulk_update`` builds CASE expressions), which costs tens of seconds at that size. These
helpers prepare each column's values with the backend's own adapters and hand them to the
driver's ``executemany``. They write exactly the model's concrete columns; callers set what
``save()`` would have (timestamps, defaults) themselves. Use inside a transaction.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable

from django.db import connection, models

CHUNK = 5000


def _last_value(adapt: Callable) -> Callable:
    """Adapt a value, remembering the last one (timestamps are the same on every row)."""
    last: list = [object(), None]

    def prepare(value):
        if value is not last[0]:
            last[0], last[1] = value, adapt(value)
        return last[1]

    return prepare


def _identity(value):
    return value


def _preparer(field: models.Field) -> Callable:
    ops = connection.ops
    if field.is_relation:
        field = field.target_field  # a foreign key is stored as the key it points to
    kind = field.get_internal_type()
    if kind == "UUIDField":
        return _last_value(lambda v: field.get_db_prep_value(v, connection))
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "DateTimeField":
        return _last_value(ops.adapt_datetimefield_value)
    if kind == "DecimalField":
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if kind == "JSONField":
        empty = {list: field.get_db_prep_save([], connection),
                 dict: field.get_db_prep_save({}, connection)}
        return lambda v: empty[type(v)] if not v and type(v) in empty else field.get_db_prep_save(
            v, connection)
    if kind == "FileField":
        return lambda v: field.get_db_prep_save(v, connection)
    return _identity  # integers, text, booleans, foreign key ids


def _columns(model, names: Iterable[str] | None = None) -> list[models.Field]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if names is not None:
        wanted = set(names)
        fields = [f for f in fields if f.name in wanted or f.attname in wanted]
    return fields


def _cursor():
    """The driver's own cursor, without Django's wrappers: with DEBUG on, Django would render
    every statement with its 10,000 parameters for the query log, and its SQLite wrapper
    rewrites each long statement's placeholders with a regular expression."""
    connection.ensure_connection()
    return connection.connection.cursor()


def _placeholder() -> str:
    return "?" if connection.vendor == "sqlite" else "%s"


def _chunks(rows: Iterable, size: int):
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def insert(model, rows: Iterable[dict], *, returning: bool = False) -> list | None:
    """INSERT rows given as {attname: value} (every concrete column but the primary key),
    consumed in chunks so that a generator of 100,000 rows is never held at once.
    With ``returning``, the new primary keys in the order of the rows (multi-row INSERT …
    RETURNING, as Django's bulk_create does on SQLite ≥ 3.35 and PostgreSQL)."""
    fields = _columns(model)
    qn = connection.ops.quote_name
    table, names = qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    one = "(" + ", ".join([_placeholder()] * len(fields)) + ")"
    getter = operator.itemgetter(*[f.attname for f in fields])
    adapt = [(i, p) for i, p in enumerate(_preparer(f) for f in fields) if p is not _identity]
    per_statement = max(1, 30_000 // len(fields) // 2)  # well under SQLite's variable limit
    pks: list = []
    cursor = _cursor()

    def prepared(row: dict) -> list:
        values = list(getter(row))
        for i, p in adapt:
            values[i] = p(values[i])
        return values

    try:
        for chunk in _chunks(rows, CHUNK if not returning else per_statement):
            params = [prepared(row) for row in chunk]
            if not returning:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES {one}", params)
                continue
            sql = (f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))} "
                   f"RETURNING {qn(model._meta.pk.column)}")
            cursor.execute(sql, [value for row in params for value in row])
            pks.extend(row[0] for row in cursor.fetchall())
    finally:
        cursor.close()
    return pks if returning else None


def instance_row(instance: models.Model) -> dict:
    """A model instance's column values by attname (straight from its __dict__: every
    concrete field is loaded on instances built by ``Factory`` or read without ``defer``)."""
    return instance.__dict__


def update(model, instances: list[models.Model], names: Iterable[str]) -> None:
    """UPDATE the named columns of instances, one statement per row, executed as a batch."""
    if not instances:
        return
    fields = _columns(model, names)
    qn = connection.ops.quote_name
    mark = _placeholder()
    sql = "UPDATE {} SET {} WHERE {} = {}".format(
        qn(model._meta.db_table), ", ".join(f"{qn(f.column)} = {mark}" for f in fields),
        qn(model._meta.pk.column), mark)
    prepare = [(f.attname, _preparer(f)) for f in fields]
    cursor = _cursor()
    try:
        for chunk in _chunks(instances, CHUNK):
            cursor.executemany(sql, [[p(obj.__dict__[name]) for name, p in prepare] + [obj.pk]
                                     for obj in chunk])
    finally:
        cursor.close()


class Factory:
    """Builds unsaved model instances fast (``Model.__init__`` costs ~30 µs; 100,000 of them
    matter): the fields' defaults computed once, then the given values, by field name. A
    related object given for a foreign key sets its id and is cached as Django does."""

    def __init__(self, model):
        self.model = model
        self.defaults: dict = {}
        self.fresh: list[tuple[str, Callable]] = []  # defaults that must not be shared
        self.relations: dict[str, str] = {}
        for f in model._meta.concrete_fields:
            if f.primary_key:
                self.defaults[f.attname] = None
            elif f.is_relation:
                self.relations[f.name] = f.attname
                self.defaults[f.attname] = None
            elif f.has_default() and callable(f.default):
                self.fresh.append((f.attname, f.default))
            else:
                self.defaults[f.attname] = f.get_default()

    def __call__(self, **values) -> models.Model:
        obj = self.model.__new__(self.model)
        state = obj._state = models.base.ModelState()
        data = {**self.defaults, **values}
        for name, attname in self.relations.items():
            if name in data:
                related = data.pop(name)
                data[attname] = related.pk if related is not None else None
                state.fields_cache[name] = related
        for attname, default in self.fresh:
            data[attname] = default()
        obj.__dict__.update(data)
        return obj
