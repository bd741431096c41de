"""Reading the guides' YAML into records, with errors that name file and field.

Every record in guides/ is a msgspec Struct (guide_records.py) and ``check`` decodes a
parsed file into it with ``msgspec.convert``: one definition per record, checked in C.
msgspec's error ("Object missing required field `source` - at `$.steps[3]`") is turned
into the words the reviewers of guides/ read: ``steps[3].source: is missing``.

What msgspec does not say by itself, this module adds: text is stripped and must not be
blank (``Text``), lists marked ``UNIQUE`` may not name a thing twice, and ``Shaped`` values
are checked through a spec Struct but kept in the plain form the engine reads (a condition
stays a dict, a classification a pair).
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, TypeVar

import msgspec
from msgspec import Meta

T = TypeVar("T")


class SchemaError(ValueError):
    """A value does not fit its schema; ``path`` names the field, e.g. ``steps[3].title``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


class Record(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A mapping with named fields; unknown fields are errors (they are usually typos)."""


class _Keyed(Record, frozen=True):
    """A mapping whose keys come from a fixed set (made by ``keyed``)."""


# The marker for a list that may not hold the same thing twice (checked after decoding).
UNIQUE = "unique"
_TEXT = r"\S"
_URL = r"^https?://"
# Non-empty text (the loader strips it first; blank text is almost always an unfinished edit).
Text = Annotated[str, Meta(pattern=_TEXT)]
# A web address shown to the user as text; the app never opens it itself.
Url = Annotated[str, Meta(pattern=_URL)]
Unique = Annotated[tuple[T, ...], UNIQUE]
# A list of at least one item, none twice: the usual shape of a condition's values.
Names = Annotated[tuple[T, ...], Meta(min_length=1), UNIQUE]


class Shaped:
    """A value checked against ``spec`` (a Record) but kept in a plain form by ``shape``.

    For values other code reads as plain data: conditions and effects stay dicts, the
    routing tables dicts of step ids, a classification an (area, kind) pair.
    """

    __slots__ = ()
    spec: ClassVar[type[msgspec.Struct]]

    @classmethod
    def shape(cls, checked: Any) -> Any:
        return cls(msgspec.to_builtins(checked))  # type: ignore[call-arg]


def keyed(
    name: str,
    keys: tuple[str, ...],
    value: Any,
    *,
    complete: bool,
    required: tuple[tuple[str, Any], ...] = (),
    fields_named: bool = False,
) -> type[msgspec.Struct]:
    """A spec whose fields are ``keys``, any text ("999", "deputy-dsl"), each holding ``value``
    (with ``complete``, every key must be there), after the ``required`` (key, type) pairs.
    A stray key is an "unknown key" (or, ``fields_named``, an "unknown field")."""
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = [
        (f"r{i}", kind) for i, (_key, kind) in enumerate(required)
    ]
    fields += [
        (f"k{i}", value) if complete else (f"k{i}", value | msgspec.UnsetType, msgspec.UNSET)
        for i in range(len(keys))
    ]
    rename = {f"r{i}": key for i, (key, _kind) in enumerate(required)}
    rename |= {f"k{i}": key for i, key in enumerate(keys)}
    base = Record if fields_named else _Keyed
    return msgspec.defstruct(name, fields, bases=(base,), rename=rename, module=__name__)


def strip(value: Any) -> Any:
    """``value`` with every text in it stripped (YAML's ``>`` keeps a trailing newline) and
    every key as text (YAML reads ``999:`` as a number)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return {str(key): strip(item) for key, item in value.items()}
    if isinstance(value, list):
        return [strip(item) for item in value]
    return value


def check(value: Any, kind: type[T], at: str = "") -> T:
    """``value`` (parsed YAML, already stripped) as a ``kind``, a record or a ``Shaped``
    type such as a condition; raises SchemaError, its path starting ``at`` (where ``value``
    sits in its file, e.g. ``rules[2].when``)."""
    try:
        out = msgspec.convert(value, kind, dec_hook=_decode)
        twice = _listed_twice(out) if isinstance(out, msgspec.Struct) else None
    except msgspec.ValidationError as exc:
        error = _explain(str(exc), kind, value)
        raise SchemaError(_within(at, error.path), error.message) from None
    if twice is not None:
        raise SchemaError(_within(at, twice[0]), twice[1])
    return out


def _within(at: str, path: str) -> str:
    if not at or not path:
        return at or path
    return at + path if path.startswith("[") else f"{at}.{path}"


def _decode(kind: type, value: Any) -> Any:
    """msgspec's hook for ``Shaped`` types; its ValueError gets the outer path appended."""
    if isinstance(kind, type) and issubclass(kind, Shaped):
        try:
            checked = msgspec.convert(value, kind.spec, dec_hook=_decode)
        except msgspec.ValidationError as exc:
            raise ValueError(str(exc)) from None
        twice = _listed_twice(checked)
        if twice is not None:
            raise ValueError(f"{twice[1]} - at `$.{twice[0]}`")
        return kind.shape(checked)
    raise NotImplementedError(kind)


# --- Lists that name a thing twice -----------------------------------------------------


@cache
def _plan(kind: type[msgspec.Struct]) -> tuple[tuple[str, str, bool, bool], ...]:
    """For each field of the record ``kind`` worth a look: (name, YAML key, whether it is a
    UNIQUE list, whether it can hold records)."""
    hints = typing.get_type_hints(kind, include_extras=True)
    plan = []
    for name, key in zip(kind.__struct_fields__, kind.__struct_encode_fields__, strict=True):
        unique, nested = _marked(hints[name]), _holds_records(hints[name])
        if unique or nested:
            plan.append((name, key, unique, nested))
    return tuple(plan)


def _marked(hint: Any) -> bool:
    if UNIQUE in getattr(hint, "__metadata__", ()):
        return True
    return any(_marked(arm) for arm in typing.get_args(hint) if typing.get_origin(hint) is not None)


def _holds_records(hint: Any) -> bool:
    if isinstance(hint, type):  # a Shaped value was checked, lists and all, when decoded
        return issubclass(hint, msgspec.Struct)
    return any(_holds_records(arm) for arm in typing.get_args(hint))


def _listed_twice(value: msgspec.Struct, path: str = "") -> tuple[str, str] | None:
    """(path, message) for the first UNIQUE list in the record ``value`` (or in the records
    it holds) that holds an item twice."""
    for name, key, unique, nested in _plan(type(value)):
        item = getattr(value, name)
        where = _join(path, key)
        if unique and isinstance(item, tuple):
            for index, thing in enumerate(item):
                if thing in item[:index]:
                    return f"{where}[{index}]", f"{thing!r} is listed twice"
        if not nested:
            continue
        if isinstance(item, msgspec.Struct):
            inner = [(where, item)]
        elif isinstance(item, tuple):
            inner = [(f"{where}[{i}]", x) for i, x in enumerate(item)]
        elif isinstance(item, dict):
            inner = [(_join(where, str(k)), x) for k, x in item.items()]
        else:
            continue
        for at, record in inner:
            found = _listed_twice(record, at) if isinstance(record, msgspec.Struct) else None
            if found is not None:
                return found
    return None


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


# --- msgspec's errors in the reviewers' words -------------------------------------------

_AT = re.compile(r" - at (`key` in )?`\$([^`]*)`$")
_SEGMENT = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[(\.\.\.)\]")
_NONE = (type(None), msgspec.UnsetType)


def _explain(error: str, kind: type, value: Any) -> SchemaError:
    """msgspec's ``error`` (decoding ``value`` as ``kind``) as a SchemaError naming the field.

    msgspec names a mapping's key only as ``[...]``: the key is found again by decoding
    each entry until one fails, as msgspec did.
    """
    core, bad_key = error, False
    paths: list[str] = []
    while match := _AT.search(core):
        core = core[: match.start()]
        paths.insert(0, match.group(2))
        bad_key = bool(match.group(1))  # said of the innermost path, matched last
    path = ""
    for segment in _SEGMENT.finditer("".join(reversed(paths))):
        field, index, _any_key = segment.groups()
        if field is not None:
            kind = _field_type(kind, field)
            value = value.get(field) if isinstance(value, dict) else None
            path = _join(path, field)
        elif index is not None:
            kind = _item_type(kind)
            value = value[int(index)] if isinstance(value, list) else None
            path = _join(path, int(index))
        else:
            kind = _item_type(kind)
            key, value = _failing_entry(value, kind)
            path = _join(path, key)
    return SchemaError(*_words(core, path, _plain(kind), value, bad_key))


def _words(core: str, path: str, kind: Any, value: Any, bad_key: bool) -> tuple[str, str]:
    """(path, message): the problem in plain words for the value at ``path``."""
    if found := re.fullmatch(r"Object missing required field `(.*)`", core):
        return _join(path, found.group(1)), "is missing"
    if found := re.fullmatch(r"Object contains unknown field `(.*)`", core):
        known = ", ".join(getattr(kind, "__struct_encode_fields__", ()))
        if isinstance(kind, type) and issubclass(kind, _Keyed):
            return _join(path, found.group(1)), f"unknown key (expected one of: {known})"
        return _join(path, found.group(1)), f"unknown field (expected: {known})"
    if bad_key and (found := re.fullmatch(r"Invalid enum value (.*)", core)):
        key = found.group(1).strip("'")
        keys = _choices(typing.get_args(kind)[0]) if typing.get_origin(kind) is dict else ()
        return _join(path, key), f"unknown key (expected one of: {', '.join(keys)})"
    if found := re.fullmatch(r"Expected `array` of length >= (\d+)", core):
        return path, f"needs at least {found.group(1)} item(s)"
    if found := re.fullmatch(r"Expected `int` >= (\d+)", core):
        return path, f"must be at least {found.group(1)}"
    if core.startswith("Expected `str` matching regex"):
        if _URL in _patterns(core):
            return path, f"expected a web address starting https://, got {value!r}"
        return path, "must not be empty"
    choices = _choices(kind)
    if choices and (core.startswith(("Invalid enum value", "Expected `"))):
        return path, f"{value!r} is not one of: {', '.join(choices)}"
    if kind is dt.date or core == "Invalid RFC3339 encoded date":
        if isinstance(value, dt.datetime):
            return path, "expected a date (YYYY-MM-DD), not a date and time"
        return path, f"expected a date (YYYY-MM-DD), got {value!r}"
    if core.startswith("Expected `"):
        return path, _expected(kind, value)
    return path, core


def _patterns(core: str) -> Iterator[str]:
    yield from (p.replace("\\\\", "\\") for p in re.findall(r"regex '(.*)'", core))


def _expected(kind: Any, value: Any) -> str:
    got = type(value).__name__
    if kind is bool:
        return f"expected true or false, got {value!r}"
    if kind is int:
        return f"expected a whole number, got {value!r}"
    if kind is str:
        return f"expected text, got {got}"
    if typing.get_origin(kind) is tuple:
        return f"expected a list, got {got}"
    return f"expected a mapping, got {got}"


def _plain(kind: Any) -> Any:
    """``kind`` without Annotated's notes and without its "or nothing" arms."""
    while True:
        if typing.get_origin(kind) is Annotated:
            kind = typing.get_args(kind)[0]
            continue
        arms = [arm for arm in typing.get_args(kind) if arm not in _NONE]
        if typing.get_origin(kind) in (typing.Union, _UnionType) and arms:
            kind = arms[0]
            continue
        if isinstance(kind, type) and issubclass(kind, Shaped):
            return kind.spec
        return kind


_UnionType = type(int | None)


def _field_type(kind: Any, key: str) -> Any:
    kind = _plain(kind)
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        names = dict(zip(kind.__struct_encode_fields__, kind.__struct_fields__, strict=True))
        if key in names:
            return typing.get_type_hints(kind, include_extras=True)[names[key]]
    return Any


def _item_type(kind: Any) -> Any:
    kind = _plain(kind)
    args = typing.get_args(kind)
    if typing.get_origin(kind) is dict and len(args) == 2:
        return args[1]
    return args[0] if args else Any


def _failing_entry(value: Any, kind: Any) -> tuple[str, Any]:
    """The first (key, value) of the mapping ``value`` that does not decode as ``kind``."""
    for key, item in value.items() if isinstance(value, dict) else ():
        try:
            checked = msgspec.convert(item, kind, dec_hook=_decode)
            if not isinstance(checked, msgspec.Struct) or _listed_twice(checked) is None:
                continue
        except msgspec.ValidationError:
            pass
        return str(key), item
    return "...", None


def _choices(kind: Any) -> tuple[str, ...]:
    kind = _plain(kind)
    if typing.get_origin(kind) is Literal:
        return tuple(str(choice) for choice in typing.get_args(kind))
    return ()
