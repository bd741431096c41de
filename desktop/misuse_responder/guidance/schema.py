"""A small declarative schema for the guides' YAML, with errors that name file and field.

Hand-written rather than JSON Schema: the guides need only a handful of shapes, the
errors must read well to the humans who review guides/, and start-up stays light.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


class SchemaError(ValueError):
    """A value does not fit its schema; ``path`` names the field, e.g. ``steps[3].title``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Spec:
    """A shape a YAML value must have."""

    def check(self, value: Any, path: str) -> Any:
        raise NotImplementedError


class Text(Spec):
    """Non-empty text (blank strings are almost always an unfinished edit)."""

    def __init__(self, *, allow_empty: bool = False) -> None:
        self.allow_empty = allow_empty  # only where "nothing" is a deliberate choice

    def check(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise SchemaError(path, f"expected text, got {type(value).__name__}")
        if not value.strip() and not self.allow_empty:
            raise SchemaError(path, "must not be empty")
        return value.strip()


class Flag(Spec):
    def check(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            raise SchemaError(path, f"expected true or false, got {value!r}")
        return value


class Number(Spec):
    def __init__(self, minimum: int = 0) -> None:
        self.minimum = minimum

    def check(self, value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SchemaError(path, f"expected a whole number, got {value!r}")
        if value < self.minimum:
            raise SchemaError(path, f"must be at least {self.minimum}")
        return value


class Date(Spec):
    """A calendar date written YYYY-MM-DD."""

    def check(self, value: Any, path: str) -> dt.date:
        if isinstance(value, dt.datetime):
            raise SchemaError(path, "expected a date (YYYY-MM-DD), not a date and time")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise SchemaError(path, f"expected a date (YYYY-MM-DD), got {value!r}")


class OneOf(Spec):
    def __init__(self, *choices: str) -> None:
        self.choices = choices

    def check(self, value: Any, path: str) -> str:
        if value not in self.choices:
            raise SchemaError(path, f"{value!r} is not one of: {', '.join(self.choices)}")
        return str(value)


class Url(Text):
    """A web address shown to the user as text; the app never opens it itself."""

    def check(self, value: Any, path: str) -> str:
        text = super().check(value, path)
        if not (text.startswith("https://") or text.startswith("http://")):
            raise SchemaError(path, f"expected a web address starting https://, got {text!r}")
        return text


class ListOf(Spec):
    def __init__(self, item: Spec, *, min_items: int = 0, unique: bool = False) -> None:
        self.item = item
        self.min_items = min_items
        self.unique = unique

    def check(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise SchemaError(path, f"expected a list, got {type(value).__name__}")
        if len(value) < self.min_items:
            raise SchemaError(path, f"needs at least {self.min_items} item(s)")
        items = [self.item.check(item, _join(path, i)) for i, item in enumerate(value)]
        if self.unique:
            for i, item in enumerate(items):
                if item in items[:i]:
                    raise SchemaError(_join(path, i), f"{item!r} is listed twice")
        return items


class MapOf(Spec):
    """A mapping whose keys come from a fixed set and whose values share one shape."""

    def __init__(
        self, keys: Sequence[str], value: Spec, *, complete: bool = False, any_key: bool = False
    ) -> None:
        self.keys = keys
        self.value = value
        self.complete = complete
        self.any_key = any_key  # keys are free names (checked against other files later)

    def check(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise SchemaError(path, f"expected a mapping, got {type(value).__name__}")
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not self.any_key and str(key) not in self.keys:
                raise SchemaError(
                    _join(path, str(key)), f"unknown key (expected one of: {', '.join(self.keys)})"
                )
            out[str(key)] = self.value.check(item, _join(path, str(key)))
        if self.complete:
            for key in self.keys:
                if key not in out:
                    raise SchemaError(_join(path, key), "is missing")
        return out


@dataclass
class Record(Spec):
    """A mapping with named fields; unknown fields are errors (they are usually typos)."""

    required: Mapping[str, Spec]
    optional: Mapping[str, Spec] = field(default_factory=dict)

    def check(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise SchemaError(path, f"expected a mapping, got {type(value).__name__}")
        out: dict[str, Any] = {}
        for key in value:
            if key not in self.required and key not in self.optional:
                known = ", ".join([*self.required, *self.optional])
                raise SchemaError(_join(path, str(key)), f"unknown field (expected: {known})")
        for key, spec in self.required.items():
            if key not in value:
                raise SchemaError(_join(path, key), "is missing")
            out[key] = spec.check(value[key], _join(path, key))
        for key, spec in self.optional.items():
            if key in value:
                out[key] = spec.check(value[key], _join(path, key))
        return out


class Lazy(Spec):
    """Refers to a spec defined later, for recursive shapes such as nested conditions."""

    def __init__(self, resolve: Callable[[], Spec]) -> None:
        self.resolve = resolve

    def check(self, value: Any, path: str) -> Any:
        return self.resolve().check(value, path)
