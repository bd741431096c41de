"""Issue 11 item 1: every module the app loads lazily is one a freezer can follow.

PyInstaller ships only the modules it sees imported. A module named in a string
(``importlib.import_module``, ``__import__``) is invisible to it and shows up missing only
when a user reaches that screen of the frozen app; packaging/check_bundle.py checks a built
folder, this checks the source on every run. The by-name loaders left are the store's
PEP 562 ``__getattr__``, whose every target must be a real module (the spec collects them all),
and the start-up warm-up's list (ui/warmup.py), which check_bundle.py requires in the bundle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import misuse_responder
from misuse_responder import store

PACKAGE = Path(misuse_responder.__file__).resolve().parent
BY_NAME = {"import_module", "__import__"}


def by_name_imports(path: Path) -> list[int]:
    """Lines of ``path`` that import a module by a name held in a string."""
    lines: list[int] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in BY_NAME:
                lines.append(node.lineno)
    return lines


def test_no_module_is_imported_by_a_name_in_a_string() -> None:
    # The store's lazy names (checked below) and the warm-up's list, which
    # packaging/check_bundle.py also requires of every build.
    allowed = {PACKAGE / "store" / "__init__.py", PACKAGE / "ui" / "warmup.py"}
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in allowed and (lines := by_name_imports(path))
    }
    assert found == {}


def test_every_module_the_warm_up_names_exists() -> None:
    import importlib

    from misuse_responder.ui import warmup

    for name in warmup.MODULES:
        assert importlib.import_module(name).__name__ == name


def test_every_name_the_store_loads_lazily_comes_from_a_real_module() -> None:
    where: dict[str, str] = vars(store)["_WHERE"]
    for name, module in where.items():
        assert (PACKAGE / "store" / f"{module}.py").is_file(), name
        assert getattr(store, name) is not None
    assert sorted(where) == sorted(store.__all__)
