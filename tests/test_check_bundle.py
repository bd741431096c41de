"""Issue 11 item 1: packaging/check_bundle.py finds what a frozen build left out.

The checker reads the PYZ archive inside the built executable. These tests write such an
executable with PyInstaller's own archive writers (a real build takes a minute; build.sh and
CI run the checker on one), leaving modules out or letting a test package in.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytest.importorskip("PyInstaller", reason="the build extra (PyInstaller) is not installed")
from PyInstaller.archive.writers import CArchiveWriter, ZlibArchiveWriter

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "check_bundle", ROOT / "packaging" / "check_bundle.py"
)
assert _spec is not None and _spec.loader is not None
check_bundle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_bundle)


def fake_build(tmp_path: Path, modules: set[str], *, data: bool = True) -> Path:
    """dist/misuse-responder/ with an executable whose PYZ holds exactly ``modules``."""
    folder = tmp_path / "dist" / "misuse-responder"
    internal = folder / "_internal"
    internal.mkdir(parents=True)
    source = tmp_path / "module.py"
    source.write_text("VALUE = 1\n", encoding="utf-8")
    code = compile(source.read_text(encoding="utf-8"), str(source), "exec")
    pyz = tmp_path / "PYZ-00.pyz"
    ZlibArchiveWriter(
        str(pyz),
        [(name, str(source), "PYMODULE") for name in sorted(modules)],
        code_dict=dict.fromkeys(modules, code),
    )
    CArchiveWriter(
        str(folder / "misuse-responder"),
        [("PYZ-00.pyz", str(pyz), False, "z")],  # "z": an embedded PYZ
        f"libpython{sys.version_info.major}.{sys.version_info.minor}.so",
    )
    if data:
        for name in check_bundle.data_files(folder):
            (internal / name).parent.mkdir(parents=True, exist_ok=True)
            (internal / name).write_bytes(b"")
    return folder


def test_source_modules_name_every_module_of_the_package() -> None:
    names = check_bundle.source_modules()
    assert "misuse_responder" in names
    assert "misuse_responder.ui.wizard" in names  # a package, by its own name
    assert "misuse_responder.ui.wizard.base" in names
    assert "misuse_responder.store.drafts" in names
    assert not any("__pycache__" in name or name.endswith("__init__") for name in names)
    assert len(names) == len(
        [
            p
            for p in (ROOT / "desktop" / "misuse_responder").rglob("*.py")
            if "__pycache__" not in p.parts
        ]
    )


def test_a_complete_build_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    everything = check_bundle.source_modules() | check_bundle.warmup_modules()
    folder = fake_build(tmp_path, everything | {"PySide6", "reportlab"})
    assert check_bundle.problems(folder) == []
    assert check_bundle.main([str(folder)]) == 0
    assert "all " in capsys.readouterr().out


def test_missing_modules_data_and_test_packages_are_each_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wizard = {
        n for n in check_bundle.source_modules() if n.startswith("misuse_responder.ui.wizard")
    }
    everything = check_bundle.source_modules() | check_bundle.warmup_modules()
    shipped = (everything - wizard - {"misuse_responder.store.drafts", "playhouse.migrate"}) | {
        "pytest",
        "_pytest.main",
        "PySide6.QtNetwork",
    }
    folder = fake_build(tmp_path, shipped, data=False)
    found = check_bundle.problems(folder)
    for name in [*sorted(wizard), "misuse_responder.store.drafts", "playhouse.migrate"]:
        assert f"misuse-responder: module {name} is missing" in found
    for name in ("pytest", "_pytest.main", "PySide6.QtNetwork"):
        assert f"misuse-responder: {name} should not be shipped" in found
    assert "data file misuse_responder/guides/meta.yaml is missing" in found
    assert "data file misuse_responder/resources/fonts/DejaVuSans.ttf is missing" in found
    assert check_bundle.main([str(folder)]) == 1
    err = capsys.readouterr().err
    assert "is incomplete" in err and "misuse_responder.store.drafts is missing" in err


def test_what_the_warm_up_imports_by_name_is_required_too() -> None:
    names = check_bundle.warmup_modules()
    assert {"peewee", "playhouse.migrate", "misuse_responder.store.drafts"} <= names


def test_a_folder_without_the_executable_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "misuse-responder"
    folder.mkdir()
    assert check_bundle.problems(folder) == [f"no executable named misuse-responder in {folder}"]
    assert check_bundle.main([str(tmp_path / "nowhere")]) == 1
