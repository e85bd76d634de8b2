"""The demo's content, read from the JSON files in `data/`.

The files hold the texts and figures; the Python modules hold what builds the demo from them.
A text in the three languages is an object {"kk": …, "ru": …, "en": …} and is read as a `T`.
Dates are written "YYYY-MM-DD"; `null` is Python's None. JSON rather than TOML because the
figures have gaps (an actual not published yet, an object not finished) that TOML cannot write.

`build(Kind, value)` turns what a file holds into the module's frozen dataclasses, by their
annotations: a dataclass from an object, a tuple from an array, a date from its text. A field
the file leaves out keeps its default.
"""

import dataclasses
import functools
import json
import types
import typing
from datetime import date
from pathlib import Path
from typing import NamedTuple

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("kk", "ru", "en")


class T(NamedTuple):
    kk: str
    ru: str
    en: str


def _translated(obj: dict):
    return T(**obj) if obj.keys() == set(LANGUAGES) else obj


@functools.cache
def read(name: str) -> dict:
    """The content of data/`name`.json, its texts in three languages as `T`."""
    with open(DATA_DIR / f"{name}.json", encoding="utf-8") as file:
        return json.load(file, object_hook=_translated)


@functools.cache
def _hints(kind) -> dict:
    return typing.get_type_hints(kind)


def build(kind, value):
    """`value` read from a file, made into `kind` (a type annotation)."""
    if value is None:
        return None
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        kinds = [k for k in args if k is not type(None)]
        return build(kinds[0], value) if len(kinds) == 1 else value
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{name: build(hints[name], item) for name, item in value.items()})
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(build(args[0], item) for item in value)
        return tuple(build(k, item) for k, item in zip(args, value, strict=True))
    if kind is tuple:
        return tuple(build(tuple, item) if isinstance(item, list) else item for item in value)
    if origin is dict and args:
        return {key: build(args[1], item) for key, item in value.items()}
    if kind is date:
        return date.fromisoformat(value)
    return value
