"""``misuse-responder evidence add / list / decide``: the image question on the command line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from misuse_responder.cli import main
from misuse_responder.store import CaseStore
from tests.store.conftest import reopen
from tests.support import PASSPHRASE


def _png(path: Path) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 30, 200)).save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def cli(
    store: CaseStore, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[CaseStore, str, list[str]]:
    """The store closed (the command opens it), its reference and the common options."""
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    reference = store.case(case_id).reference
    store.close()
    return store, reference, ["--data-dir", str(store.paths.root), "--by", "Ms DSL"]


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in text
    return lines[0]


def test_an_image_without_the_answer_no_is_refused(
    cli: tuple[CaseStore, str, list[str]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store, ref, opts = cli
    image = _png(tmp_path / "shot.png")
    assert main(["evidence", "add", ref, str(image), *opts]) == 2
    err = _one_line(capsys.readouterr().err)
    assert "Does it show a child nude, partly nude, in underwear, or in a sexual way?" in err
    assert "--shows-child-sexual no, yes or not-sure" in err
    with reopen(store) as again:
        assert again.case(again.case_id(ref)).evidence == ()
        assert list(again.paths.blobs.iterdir()) == []


def test_answer_no_keeps_it_then_yes_switches_the_route_and_seals(
    cli: tuple[CaseStore, str, list[str]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store, ref, opts = cli
    image = _png(tmp_path / "shot.png")
    args = ["evidence", "add", ref, str(image), "--description", "Comments", *opts]
    assert main([*args, "--shows-child-sexual", "no"]) == 0
    assert "as evidence item 1. SHA-256:" in capsys.readouterr().out

    other = _png(tmp_path / "second.png")
    assert main(["evidence", "add", ref, str(other), "--shows-child-sexual", "yes", *opts]) == 2
    assert "--description" in _one_line(capsys.readouterr().err)
    assert (
        main(
            [
                "evidence",
                "add",
                ref,
                str(other),
                "--shows-child-sexual",
                "not-sure",
                "--description",
                "A photo of a pupil in underwear, sent to the class chat",
                *opts,
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "Not kept: second.png" in printed
    assert (
        "sexual-imagery route" in printed and "1 file already in the case is now sealed" in printed
    )

    assert main(["evidence", "list", ref, *opts[:2]]) == 0
    listing = capsys.readouterr().out
    assert "sealed — not shown (awaiting the DSL's decision)" in listing

    assert main(["evidence", "add", ref, str(image), "--shows-child-sexual", "no", *opts]) == 2
    assert "do not capture" in _one_line(capsys.readouterr().err)

    assert main(["evidence", "decide", "1", "delete-copy", "--reason", " ", *opts]) == 2
    assert "reason" in _one_line(capsys.readouterr().err)
    assert main(["evidence", "decide", "99", "delete-copy", "--reason", "x", *opts]) == 2
    capsys.readouterr()
    assert main(["evidence", "decide", "1", "keep-for-police", "--reason", "PC asked", *opts]) == 0
    assert "kept for the police" in capsys.readouterr().out
    assert (
        main(["evidence", "decide", "1", "delete-copy", "--reason", "Police have it", *opts]) == 0
    )
    assert "is deleted" in capsys.readouterr().out
    assert main(["verify", *opts[:2]]) == 0
    capsys.readouterr()

    with reopen(store) as again:
        detail = again.case(again.case_id(ref))
        assert "nude-imagery" in detail.summary.concerns
        assert detail.summary.evidence_rule == "do-not-capture"
        assert detail.entries[-1].text.endswith(
            "A photo of a pupil in underwear, sent to the class chat"
        )
        assert detail.evidence[0].seal_decision == "deleted"
        assert list(again.paths.blobs.iterdir()) == []
        trail = [row.kind for row in again.audit_trail(detail.id)]
        assert "evidence.withheld" in trail and trail.count("evidence.seal-decided") == 2


def test_a_real_process_prints_one_line_and_no_traceback(
    cli: tuple[CaseStore, str, list[str]], tmp_path: Path
) -> None:
    _store, ref, opts = cli
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 500)
    env = {**os.environ, "MISUSE_RESPONDER_PASSPHRASE": PASSPHRASE}
    run = subprocess.run(
        [sys.executable, "-m", "misuse_responder", "evidence", "add", ref, str(clip), *opts],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 2
    assert "in a sexual way?" in _one_line(run.stderr)
    assert run.stdout == ""


def test_every_concern_on_the_command_line(
    store: CaseStore,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    from misuse_responder.guidance.vocabulary import CONCERNS

    refs = {
        c: store.create_case(
            {"concerns": [c], "targets": ["pupil"], "subject": "pupil"}, c, "Ms DSL"
        ).reference
        for c in CONCERNS
    }
    store.close()
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    opts = ["--data-dir", str(store.paths.root), "--by", "Ms DSL"]
    image = _png(tmp_path / "shot.png")
    for concern, ref in refs.items():
        assert main(["evidence", "add", ref, str(image), *opts]) == 2, concern
        _one_line(capsys.readouterr().err)
        said = ["--shows-child-sexual", "not-sure", "--description", "A pupil, partly undressed"]
        assert main(["evidence", "add", ref, str(image), *said, *opts]) == 0, concern
        capsys.readouterr()
    with reopen(store) as again:
        assert list(again.paths.blobs.iterdir()) == []
        for concern, ref in refs.items():
            summary = again.case(again.case_id(ref)).summary
            assert summary.evidence_rule == "do-not-capture", concern
            assert "nude-imagery" in summary.concerns, concern
            assert again.case(summary.id).evidence == ()


def test_the_dsl_is_told_to_find_packs_saved_before(
    store: CaseStore,
    case_id: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    from misuse_responder.export.pack import PackOptions, export_pack, record_export

    store.add_evidence_file(case_id, _png(tmp_path / "a.png"), "Ms DSL", shows_child_sexual="no")
    pack = export_pack(store, case_id, tmp_path / "early.pdf", PackOptions(), author="Ms DSL")
    record_export(store, pack, "Ms DSL", tmp_path / "early.pdf")
    reference = store.case(case_id).reference
    store.close()
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    opts = ["--data-dir", str(store.paths.root), "--by", "Ms DSL"]
    said = ["--shows-child-sexual", "yes", "--description", "A pupil in underwear"]
    assert main(["evidence", "add", reference, "b.png", *said, *opts]) == 0
    printed = capsys.readouterr().out
    assert "A pack saved before the files were sealed may show them: early.pdf" in printed
    assert pack.sha256 in printed
