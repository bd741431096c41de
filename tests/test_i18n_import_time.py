"""No message is translated at import time: the language can change while the app runs, so a
string looked up when its module is imported would stay in the language of the start."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "desktop" / "misuse_responder"
LOOKUPS = {"_", "ngettext"}

# Every module imported with a catalogue that refuses every look-up.
IMPORT_ALL = r"""
import importlib, pkgutil, sys
import misuse_responder
from misuse_responder import i18n

def refuse():
    raise AssertionError("a message was translated at import time")

i18n._translations = refuse
failed = []
for info in pkgutil.walk_packages(misuse_responder.__path__, "misuse_responder."):
    if info.name.endswith("__main__"):
        continue  # runs the command line
    try:
        importlib.import_module(info.name)
    except AssertionError as exc:
        failed.append(f"{info.name}: {exc}")
print("imported", len(sys.modules))
sys.stdout.write("".join(line + "\n" for line in failed))
sys.exit(1 if failed else 0)
"""


def test_every_module_imports_without_looking_up_a_message() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "imported" in done.stdout


def test_the_import_check_catches_a_lookup_at_import(tmp_path: Path) -> None:
    package = tmp_path / "misuse_responder_probe"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "bad.py").write_text(
        "from misuse_responder.i18n import _\nTITLE = _('Settings')\n", encoding="utf-8"
    )
    script = IMPORT_ALL.replace("import misuse_responder\n", "import misuse_responder_probe\n")
    script = script.replace("misuse_responder.__path__", "misuse_responder_probe.__path__")
    script = script.replace('"misuse_responder."', '"misuse_responder_probe."')
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 1
    assert "misuse_responder_probe.bad: a message was translated at import time" in done.stdout


def module_level_lookups(tree: ast.AST) -> list[int]:
    """Lines of ``_(...)``/``ngettext(...)`` calls that run when the module is imported: in the
    module or a class body, a default argument or a decorator (not inside a function body or a
    lambda)."""
    found: list[int] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for part in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
                if part is not None:
                    visit(part)
            return  # the body runs when called
        if isinstance(node, ast.Lambda):
            return
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in LOOKUPS
        ):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_no_module_or_class_body_calls_the_translation_function() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = module_level_lookups(ast.parse(path.read_text(encoding="utf-8")))
        problems += [f"{path.relative_to(PACKAGE)}:{line}" for line in lines]
    assert problems == []


def test_the_scan_finds_lookups_that_run_at_import() -> None:
    source = (
        "A = _('a')\n"
        "class B:\n    label = ngettext('x', 'y', 2)\n"
        "def f(text=_('c')):\n    return _('fine: at call time')\n"
        "g = lambda: _('fine too')\n"
    )
    assert module_level_lookups(ast.parse(source)) == [1, 3, 4]
