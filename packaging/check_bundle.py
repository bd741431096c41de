"""Check a frozen build against the source tree: every module of misuse_responder is inside it.

The app imports much of itself lazily (start-up time is a requirement), and a freezer only
ships what it can see; a module left out shows up only when a user reaches that screen. So
this reads the built executable's archive (the PYZ inside it, with PyInstaller's own readers)
instead of trusting the spec, and also checks that what ui/warmup.py imports by name,
guides/ and resources/ are all there and that no test or developer package slipped in.

    .venv/bin/python packaging/check_bundle.py [dist/misuse-responder]

Exit status 0 when everything is there, 1 with a list of what is missing otherwise.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

from PyInstaller.archive.readers import PKG_ITEM_PYZ, CArchiveReader

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop" / "misuse_responder"
DATA_FOLDERS = ("guides", "resources")
# Top-level modules that must never ship: tests, test runners and developer tools.
FORBIDDEN = (
    "tests",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "mypyc",
    "ruff",
    "pypdf",
    "pip",
    "PyInstaller",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
)


def source_modules(package: Path = PACKAGE) -> set[str]:
    """Every importable module of the package, named as Python names it."""
    names: set[str] = set()
    for path in package.rglob("*.py"):
        if "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.add(".".join(parts))
    return names


def warmup_modules(package: Path = PACKAGE) -> set[str]:
    """The modules ui/warmup.py imports by name while the first screen waits (read, not run:
    it imports Qt). A freezer cannot see those imports, so the bundle must hold them anyway."""
    path = package / "ui" / "warmup.py"
    if not path.is_file():
        return set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == "MODULES" and node.value is not None:
            return set(ast.literal_eval(node.value))
    return set()


def executables(folder: Path) -> list[Path]:
    """The app's executables in a one-folder build (two on Windows: the GUI and the CLI)."""
    name = folder.name
    found = [
        path
        for path in (folder / name, folder / f"{name}.exe", folder / f"{name}-cli.exe")
        if path.is_file()
    ]
    return found


def frozen_modules(executable: Path) -> set[str]:
    """The module names in the PYZ archive embedded in ``executable``."""
    archive = CArchiveReader(str(executable))
    names: set[str] = set()
    for entry, toc in archive.toc.items():
        if toc[-1] == PKG_ITEM_PYZ:
            names.update(archive.open_embedded_archive(entry).toc)
    return names


def data_files(folder: Path) -> Iterable[str]:
    """Files of guides/ and resources/ as they should appear inside the bundle."""
    for data in DATA_FOLDERS:
        for path in sorted((ROOT / data).rglob("*")):
            if path.is_file():
                yield f"misuse_responder/{data}/{path.relative_to(ROOT / data).as_posix()}"


def problems(folder: Path) -> list[str]:
    """Everything wrong with the build in ``folder``, one line each (empty when all is well)."""
    found = executables(folder)
    if not found:
        return [f"no executable named {folder.name} in {folder}"]
    lines: list[str] = []
    wanted = source_modules() | warmup_modules()
    for executable in found:
        shipped = frozen_modules(executable)
        lines += [
            f"{executable.name}: module {name} is missing" for name in sorted(wanted - shipped)
        ]
        lines += [
            f"{executable.name}: {name} should not be shipped"
            for name in sorted(shipped)
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
        ]
    internal = folder / "_internal"
    if not internal.is_dir():  # PyInstaller before 6 kept everything beside the executable
        internal = folder
    lines += [
        f"data file {name} is missing"
        for name in data_files(folder)
        if not (internal / name).is_file()
    ]
    return lines


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "dist" / "misuse-responder"
    if not folder.is_dir():
        sys.stderr.write(f"check_bundle: {folder} is not a folder (build it first)\n")
        return 1
    found = problems(folder)
    if found:
        sys.stderr.write(f"check_bundle: {folder} is incomplete:\n")
        sys.stderr.writelines(f"  {line}\n" for line in found)
        return 1
    count = len(source_modules())
    sys.stdout.write(
        f"check_bundle: all {count} misuse_responder modules, guides/ and resources/ are in "
        f"{folder}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
