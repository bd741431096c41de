"""Script detection decides fonts and shaping for every line of a PDF."""

from __future__ import annotations

from misuse_responder.export.fonts import has_cjk, is_cjk, needs_shaping, split_runs


def test_runs_split_cjk_from_latin_and_keep_spaces_with_the_run_before() -> None:
    assert split_runs("") == []
    assert split_runs("Łukasz Nguyễn") == [(False, "Łukasz Nguyễn")]
    assert split_runs("Pupil 李雷 (Year 8)") == [
        (False, "Pupil "),
        (True, "李雷 "),
        (False, "(Year 8)"),
    ]
    assert has_cjk("x 한국") and not has_cjk("Zoë Ødegård")
    assert is_cjk("雷") and not is_cjk("Ł")


def test_only_complex_scripts_are_shaped() -> None:
    assert needs_shaping("محمد") and needs_shaping("Name: محمد")
    assert not needs_shaping("staff office") and not needs_shaping("李雷") and not needs_shaping("")
