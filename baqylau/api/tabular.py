"""The API's serializers as CSV columns, so that a download and the API cannot drift apart.

A `Layout` names a serializer of the API and says only how its fields differ as columns; every
field it does not mention becomes a column of the same name, where the API puts it. The rules:

* A translated field appears once per language: `name_i18n` gives `name_kk`, `name_ru`,
  `name_en`; `name`, its twin in the request's language, is left out.
* A nested record is flattened: `body` gives `body_slug`, `body_name_kk`... (the prefix is the
  field's name and "_", unless `names` gives another one).
* A single related record named by slug gets the suffix: `document` gives `document_slug`.
* Several values in one cell (slugs, numbers, a list of records by `Joined`) are separated by
  " | ". A list of records without a `Joined` is an error, not a silent column.
* Values are read as stored, not as the API's JSON writes them: decimals without trailing zeros
  (`1500000000`, `0.4`), dates and times in ISO 8601, booleans as "yes"/"no", null as "".
* A text cell that a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a
  carriage return) is written after a single quote, as OWASP recommends for CSV injection; a
  number (`-12.5`) stays a number.

Names in `names`, `exclude` and `after` must be fields of the serializer: a field renamed in the
API breaks its download loudly.
"""

import copy
import csv
import io
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Manager, QuerySet
from django.db.models.query_utils import DeferredAttribute
from django.http import StreamingHttpResponse
from django.utils import translation
from rest_framework import serializers

from .serializers import I18nField

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LIST_SEPARATOR = " | "
BOM = "\ufeff"
# Rows read (and prefetched) from the database at a time, and written to the client at a time.
CSV_BATCH = 1000

# Fields whose stored value is the cell; other fields give theirs by to_representation().
STORED = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,
    serializers.FloatField,
    serializers.IntegerField,
)


# What makes a spreadsheet read a cell as a formula, and a number that may start with a sign.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_START)  # each a single character
NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def safe(cell: str) -> str:
    """The cell as a spreadsheet shows it without running it: a text that would start a formula
    is written after a single quote; numbers are left alone."""
    if cell[:1] in FORMULA_FIRST and not NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def text(value) -> str:
    """One cell."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(text(item) for item in value)
    return str(value)


class Several(tuple):
    """The paths of several stored values that one cell is written from (a field's
    `stored_paths`, with `from_stored` to write it)."""


class Columns(NamedTuple):
    """Adjacent columns, written together from one record: one field's, or a nested record's.

    `paths`: the attribute each column reads, a tuple of names from the record (("document",
    "slug")), or `Several` of them, or None when they read more than stored values (a method
    without `stored_paths`, a list of records).
    `compiled`: a function that gives, in the language now active, a function per column that
    writes its cell from that attribute's value: the same text as `cells` from the record."""

    names: list[str]
    cells: Callable[[Any], list[str]]
    paths: tuple[tuple[str, ...], ...] | None = None
    compiled: Callable[[], list[Callable[[Any], str]]] | None = None


def header(columns: list[Columns]) -> list[str]:
    return [name for part in columns for name in part.names]


@dataclass(frozen=True)
class Joined:
    """A list of records in one cell: each record written by `cell` from its columns (a dict of
    column name -> text), or by one column when `cell` is a column name."""

    cell: str | Callable[[dict[str, str]], str]

    def write(self, columns: dict[str, str]) -> str:
        return columns[self.cell] if isinstance(self.cell, str) else self.cell(columns)


@dataclass(frozen=True)
class Layout:
    """How the fields of `serializer` become columns.

    names: field -> column name (for a nested record or a translated field: the prefix or base)
    exclude: fields of the API that the download leaves out
    after: field -> the field it follows in the download ("" for the first column)
    fields: columns that only the download has, or that replace an API field in its place: a
        serializer field, a nested Layout (with its own `source` and `prefix`) or a Joined
    """

    serializer: type[serializers.BaseSerializer]
    names: Mapping[str, str] = field(default_factory=dict)
    exclude: frozenset[str] | set[str] = frozenset()
    after: Mapping[str, str] = field(default_factory=dict)
    fields: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None
    prefix: str | None = None

    def columns(self, context: dict | None = None) -> list[Columns]:
        columns = _columns(self.serializer(context=context or {}), self, "")
        names = header(columns)
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ImproperlyConfigured(f"{self.serializer.__name__}: columns {repeated} repeat")
        return columns

    def header(self) -> list[str]:
        return header(self.columns())


def _check(layout: Layout, names: Iterable[str]) -> None:
    known = set(names)
    for option in ("names", "exclude", "after"):
        unknown = set(getattr(layout, option)) - known
        if unknown:
            raise ImproperlyConfigured(
                f"{layout.serializer.__name__}: {option} names no field {sorted(unknown)}"
            )


def _fields(serializer, layout: Layout) -> dict:
    fields = dict(serializer.fields)
    for name, spec in layout.fields.items():
        if isinstance(spec, Layout):
            new = spec.serializer(source=spec.source, read_only=True, allow_null=True)
        elif isinstance(spec, Joined):
            new = fields[name]
        else:
            new = copy.deepcopy(spec)
        if new is not fields.get(name):
            new.bind(name, serializer)
        fields[name] = new
    _check(layout, fields)
    order = list(fields)
    for name, anchor in layout.after.items():
        order.remove(name)
        order.insert(order.index(anchor) + 1 if anchor else 0, name)
    twins = {name for name in fields if f"{name}_i18n" in fields}
    return {name: fields[name] for name in order if name not in twins | set(layout.exclude)}


def _columns(serializer, layout: Layout, prefix: str, guard=safe) -> list[Columns]:
    """The columns of `serializer` by `layout`; each text cell passes through `guard` (`safe`
    for a cell of its own)."""
    columns = []
    for name, item in _fields(serializer, layout).items():
        spec = layout.fields.get(name)
        column = layout.names.get(name)
        if isinstance(item, serializers.Serializer):
            nested = spec if isinstance(spec, Layout) else Layout(type(item))
            if column is None:
                column = f"{name}_" if nested.prefix is None else nested.prefix
            columns.append(_within(item, _columns(item, nested, prefix + column, guard)))
        elif isinstance(item, I18nField):
            columns.append(_languages(item, prefix + (column or item.field_name_base), guard))
        elif isinstance(spec, Joined):
            columns.append(_joined(item, prefix + (column or name), spec, guard))
        elif isinstance(item, serializers.ListSerializer):
            raise ImproperlyConfigured(
                f"{layout.serializer.__name__}.{name}: a list of records needs a Joined cell"
            )
        else:
            if column is None:
                slug = isinstance(item, serializers.SlugRelatedField)
                column = f"{name}_slug" if slug else name
            paths = _read_by(item)
            compiled = None if paths is None else _compiled_cell(item, guard)
            columns.append(Columns([prefix + column], _cell(item, guard), paths, compiled))
    return columns


# Fields whose cell is a number, a date or a yes/no: never a formula, written without `safe`.
NOT_TEXT = (
    serializers.BooleanField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,
    serializers.FloatField,
    serializers.IntegerField,
)


def _getter(item) -> Callable[[Any], Any]:
    """`item.get_attribute`, compiled once: the attributes of its source read by one
    `attrgetter`. Whatever the fast path cannot read as DRF would (a dict row, a method to call,
    a missing related record) is read by DRF's own `get_attribute`, so the value is the same."""
    attrs = getattr(item, "source_attrs", None)
    slow = item.get_attribute
    if attrs is None:
        return slow
    if not attrs:
        return lambda instance: instance
    get = operator.attrgetter(".".join(attrs))

    def read(instance):
        try:
            value = get(instance)
        except Exception:
            return slow(instance)
        return slow(instance) if callable(value) else value

    return read


def _read_by(item) -> tuple[tuple[str, ...], ...] | None:
    """The attribute path that the cell of `item` reads, if its value is a stored one: its
    source, or for a record named by slug the slug of its source; or those it declares."""
    stored = getattr(item, "stored_paths", None)
    if stored is not None:
        return (Several(tuple(path) for path in stored),)
    attrs = tuple(getattr(item, "source_attrs", None) or ())
    if not attrs or isinstance(item, serializers.ManyRelatedField):
        return None
    if isinstance(item, serializers.SlugRelatedField):
        return (attrs + tuple(item.slug_field.split("__")),)
    if isinstance(item, serializers.RelatedField):
        return None
    # Any other field: its source must be a stored column (checked against the model by `read`).
    return (attrs,)


def _plain(cell: str) -> str:
    return cell


def _cell(item, guard) -> Callable[[Any], list[str]]:
    get = _getter(item)
    if isinstance(item, NOT_TEXT):

        def stored(instance) -> list[str]:
            value = get(instance)
            return [guard(value)] if type(value) is str else [text(value)]

        return stored
    if isinstance(item, STORED):
        return lambda instance: [guard(text(get(instance)))]

    def represented(instance) -> list[str]:
        value = get(instance)
        return [""] if value is None else [guard(text(item.to_representation(value)))]

    return represented


def _compiled_cell(item, guard):
    """The cell of `item` from its stored value, as `_cell` writes it from the record (a null
    relation gives None, which every kind of cell writes as "", as `_within` does)."""
    if hasattr(item, "stored_paths"):
        return lambda: [lambda values: guard(text(item.from_stored(*values)))]
    if isinstance(item, NOT_TEXT):
        return lambda: [lambda value: guard(value) if type(value) is str else text(value)]
    if isinstance(item, (*STORED, serializers.SlugRelatedField)):  # the path reads the slug
        return lambda: [_text_cell(guard)]

    def represented():
        # A field may represent its values faster for the language of the download.
        represent = getattr(item, "representation", lambda: item.to_representation)()
        return [lambda value: "" if value is None else guard(text(represent(value)))]

    return represented


def _text_cell(guard, *, empty=False) -> Callable[[Any], str]:
    """`guard(text(value))`; with `empty`, any false value (a translation left empty) is ""."""

    def cell(value) -> str:
        if empty and not value:
            return ""
        return guard(value if type(value) is str else text(value))

    return cell


def _cells(columns: list[Columns], instance) -> list[str]:
    cells = []
    for part in columns:
        cells += part.cells(instance)
    return cells


def _within(item, inner: list[Columns]) -> Columns:
    """The columns of a nested record, read once per row; the cells of the record of the row
    before are written again when the record is the same instance (rows ordered by it, with
    their related records prefetched: many values of one indicator)."""
    names = [name for part in inner for name in part.names]
    get = _getter(item)
    empty = [""] * len(names)
    last: list = [None, empty]

    def cells(instance) -> list[str]:
        record = get(instance)
        if record is None:
            return empty
        if record is not last[0]:
            last[:] = [record, _cells(inner, record)]
        return last[1]

    paths = _paths(inner)
    attrs = tuple(getattr(item, "source_attrs", None) or ())
    if paths is None or not attrs:
        return Columns(names, cells)

    def compiled():
        return [cell for part in inner for cell in part.compiled()]

    return Columns(names, cells, tuple(_within_path(attrs, path) for path in paths), compiled)


def _within_path(attrs: tuple[str, ...], path: tuple) -> tuple:
    if isinstance(path, Several):
        return Several(attrs + each for each in path)
    return attrs + path


def _languages(item: I18nField, base: str, guard) -> Columns:
    read = operator.attrgetter(*(f"{item.field_name_base}_{code}" for code in LANGUAGE_CODES))
    get = _getter(item)

    def cells(instance) -> list[str]:
        record = get(instance)
        if record is None:
            return [""] * len(LANGUAGE_CODES)
        try:
            values = read(record)
        except AttributeError:
            values = [getattr(record, f"{item.field_name_base}_{c}", None) for c in LANGUAGE_CODES]
        return [guard(text(value or None)) for value in values]

    attrs = tuple(getattr(item, "source_attrs", None) or ())
    paths = tuple(attrs + (f"{item.field_name_base}_{code}",) for code in LANGUAGE_CODES)

    def compiled():
        return [_text_cell(guard, empty=True) for _path in paths]

    return Columns([f"{base}_{code}" for code in LANGUAGE_CODES], cells, paths, compiled)


def _joined(item, name: str, joined: Joined, guard) -> Columns:
    child = getattr(item, "child", None)
    if not isinstance(child, serializers.Serializer):
        raise ImproperlyConfigured(f"{name}: Joined needs a list of records")
    # The records' columns as they are: the cell they make together is guarded as a whole.
    parts = _columns(child, Layout(type(child)), "", _plain)
    names = [name for part in parts for name in part.names]
    get = _getter(item)

    def cells(instance) -> list[str]:
        records = get(instance)
        if isinstance(records, Manager):
            records = records.all()
        written = (
            joined.write(dict(zip(names, _cells(parts, record), strict=True)))
            for record in records or ()
        )
        return [guard(LIST_SEPARATOR.join(written))]

    return Columns([name], cells)


def _paths(columns: list[Columns]) -> tuple[tuple[str, ...], ...] | None:
    if any(part.paths is None or part.compiled is None for part in columns):
        return None
    return tuple(path for part in columns for path in part.paths)


def stream(columns: list[Columns], records: Iterable, *, lang: str):
    """The CSV text in pieces of CSV_BATCH rows, with a byte order mark so that Excel reads
    UTF-8; written in `lang`, which labels and portal addresses follow. `records` may be a
    queryset (see `read`)."""
    with translation.override(lang):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write(BOM)
        writer.writerow(header(columns))
        rows = []
        for cells in read(columns, records):
            rows.append(cells)
            if len(rows) == CSV_BATCH:
                writer.writerows(rows)
                rows.clear()
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        writer.writerows(rows)
        yield buffer.getvalue()


def batches(queryset):
    """The records of `queryset`, read CSV_BATCH at a time with its prefetches done per batch:
    the number of queries does not grow with the number of rows, nor memory."""
    return queryset.iterator(chunk_size=CSV_BATCH)


class Parts(NamedTuple):
    """Querysets read one after the other as one download, each by `read` (a large sorted
    download in parts that the database sorts each on its own)."""

    querysets: Iterable[QuerySet]


def read(columns: list[Columns], records: Iterable) -> Iterator[list[str]]:
    """The cells of each record. A queryset whose columns all read stored values of its model and
    of its single related records (or its annotations) is read as rows of values in batches,
    each cell written from its values by its compiled function: no model instance per row, one
    query. Any other queryset is read as model instances by `batches`."""
    if isinstance(records, Parts):
        return itertools.chain.from_iterable(read(columns, part) for part in records.querysets)
    if isinstance(records, QuerySet):
        paths = _paths(columns)
        if paths is not None and _stored_paths(records, paths):
            return _values(columns, records, paths)
        records = batches(records)
    return (_cells(columns, record) for record in records)


def _flat(paths) -> list[tuple[str, ...]]:
    return [each for path in paths for each in (path if isinstance(path, Several) else [path])]


def _values(columns: list[Columns], queryset: QuerySet, paths: tuple):
    lookups = list(dict.fromkeys(_flat(paths)))
    # Each column's value from the row, in the order of the columns (a path may serve two); a
    # cell written from several values gets them together.
    at = [0 if isinstance(path, Several) else lookups.index(path) for path in paths]
    values = operator.itemgetter(*at) if len(at) > 1 else lambda row: (row[at[0]],)
    several = [
        (n, operator.itemgetter(*(lookups.index(each) for each in path)))
        for n, path in enumerate(paths)
        if isinstance(path, Several)
    ]
    cells = [cell for part in columns for cell in part.compiled()]
    if hasattr(queryset, "rewrite"):  # modeltranslation: each language from its own column
        queryset = queryset.rewrite(False)
    rows = queryset.values_list(*("__".join(path) for path in lookups))
    for row in rows.iterator(chunk_size=CSV_BATCH):
        if several:
            row_values = list(values(row))
            for n, get in several:
                row_values[n] = get(row)
            yield list(map(operator.call, cells, row_values))
        else:
            yield list(map(operator.call, cells, values(row)))


def _stored_paths(queryset: QuerySet, paths) -> bool:
    """Whether each path is a stored column of the queryset's model or of a single related
    record, or one of its annotations: the same value read by values_list() as by the record's
    attribute."""
    for path in _flat(paths):
        if len(path) == 1 and path[0] in queryset.query.annotations:
            continue
        current = queryset.model
        for name in path[:-1]:
            current = _related(current, name)
            if current is None:
                return False
        if _stored(current, path[-1]) is None:
            return False
    return True


def _stored(model, name: str):
    """The model's field `name` if its attribute is the stored value as read from the database
    (not a relation, a translated field's fallback or a file), else None."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    attribute = next((k.__dict__[name] for k in model.__mro__ if name in k.__dict__), None)
    plain = type(attribute) is DeferredAttribute
    return field if field.concrete and field.attname == name and plain else None


def _related(model, name: str):
    """The model's single related model by the forward relation `name`, else None."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    single = field.concrete and (field.many_to_one or field.one_to_one)
    return field.related_model if single and field.name == name else None


def csv_response(
    layout: Layout, records: Iterable, *, request, filename: str, lang: str
) -> StreamingHttpResponse:
    columns = layout.columns({"request": request})
    response = StreamingHttpResponse(
        stream(columns, records, lang=lang), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
