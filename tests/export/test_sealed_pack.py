"""The pack on a case whose files were sealed (issue 14 item 1, the reverse order).

A bullying case with screenshots and a photo is re-assessed as nude imagery: the pack must
embed no image at all (not one image XObject anywhere in the file), must not claim that no
imagery was retained while sealed copies are held, and must say exactly what is held and
in what state, with its integrity check re-hashing the sealed files without showing them.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from misuse_responder.cli import main
from misuse_responder.export.pack import DSL_COPY, PackOptions, export_pack
from misuse_responder.store import CaseStore
from misuse_responder.store.sealing import seal_state
from tests.export.conftest import DSL, image_count, normalised, pdf_text
from tests.support import BULLYING, NUDES, PASSPHRASE


def _no_image_objects(path: Path) -> None:
    assert image_count(path) == 0
    with pikepdf.open(path) as pdf:  # every object in the file, not only page resources
        assert not any(
            isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream))
            and obj.get("/Subtype") == "/Image"
            for obj in pdf.objects
        )


def _files(store: CaseStore, case_id: int) -> list[int]:
    return [i.id for i in store.case(case_id).evidence if i.kind == "file"]


def _pack(store: CaseStore, case_id: int, out: Path, **options: object) -> str:
    result = export_pack(store, case_id, out, PackOptions(**options), author=DSL)  # type: ignore[arg-type]
    assert result.details.get("integrity_ok", True), result.details
    _no_image_objects(out)
    return normalised(pdf_text(out))


def test_sealed_files_are_listed_never_embedded(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    before = export_pack(store, case_id, tmp_path / "before.pdf", PackOptions(), author=DSL)
    assert image_count(before.path) == 3  # the fixture's screenshots and photo, while capture
    store.reassess(case_id, NUDES, DSL)
    shots = _files(store, case_id)
    assert len(shots) == 3
    text = _pack(store, case_id, tmp_path / "sealed.pdf")
    assert "No imagery was retained" not in text
    assert "3 files added before the guidance changed are held SEALED" in text
    assert text.count("sealed — not shown (awaiting the DSL's decision)") >= 3
    assert "re-hashed now without being shown: matches the recorded SHA-256" in text
    assert "8. Evidence images" not in text
    for variant in ({"redacted": True}, {"variant": DSL_COPY}):
        _pack(store, case_id, tmp_path / f"{sorted(variant)[0]}.pdf", **variant)


def test_the_pack_follows_the_dsls_decisions(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    store.reassess(case_id, NUDES, DSL)
    keep, delete, later = _files(store, case_id)
    store.decide_sealed(keep, "keep-for-police", "PC Khan asked us to hold it", DSL)
    store.decide_sealed(delete, "delete-copy", "A duplicate of item 1", DSL)
    text = _pack(store, case_id, tmp_path / "decided.pdf")
    items = {i.id: i for i in store.case(case_id).evidence}
    assert normalised(seal_state(items[keep]) or "") in text
    assert normalised(seal_state(items[delete]) or "") in text
    assert "kept sealed for the police: PC Khan asked us to hold it" in text
    assert f"by {DSL}: A duplicate of item 1" in text
    assert "copy deleted, hash recorded" in text
    assert items[delete].sha256 in text  # the hash of the deleted copy is still quoted
    assert "2 files added before the guidance changed are held SEALED" in text
    assert "No imagery was retained" not in text
    assert store.verify().ok

    store.decide_sealed(keep, "delete-copy", "Police collected their own copy", DSL)
    store.decide_sealed(later, "delete-copy", "Not needed", DSL)
    text = _pack(store, case_id, tmp_path / "all-deleted.pdf")
    assert "were sealed and their copies deleted" in text
    assert "3 sealed copies deleted on the DSL's decision" in text
    assert "FAILED" not in text
    report = store.verify()
    assert report.ok, report.problems


def test_a_case_reassessed_back_to_capture_still_shows_no_sealed_image(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    store.reassess(case_id, NUDES, DSL)
    store.reassess(case_id, BULLYING, DSL)
    text = _pack(store, case_id, tmp_path / "back.pdf")
    assert "8. Evidence images" in text
    assert text.count("sealed — not shown") >= 6  # index and image captions


def test_cli_pack_of_a_sealed_case(
    store: CaseStore, case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.reassess(case_id, NUDES, DSL)
    reference = store.case(case_id).reference
    root = store.paths.root
    store.close()
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "cli.pdf"
    assert main(["pack", reference, str(out), "--data-dir", str(root), "--by", DSL]) == 0
    _no_image_objects(out)


def test_the_dsl_is_told_of_packs_saved_before_sealing(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    from misuse_responder.export.pack import record_export

    full = export_pack(store, case_id, tmp_path / "full.pdf", PackOptions(), author=DSL)
    record_export(store, full, DSL, tmp_path / "full.pdf")
    red = export_pack(store, case_id, tmp_path / "red.pdf", PackOptions(redacted=True), author=DSL)
    record_export(store, red, DSL, tmp_path / "red.pdf")
    assert store.exports_before_sealing(case_id) == ()  # nothing sealed yet
    store.reassess(case_id, NUDES, DSL)
    later = export_pack(store, case_id, tmp_path / "later.pdf", PackOptions(), author=DSL)
    record_export(store, later, DSL, tmp_path / "later.pdf")
    earlier = store.exports_before_sealing(case_id)
    assert {(e.file_name, e.sha256, e.by) for e in earlier} == {("full.pdf", full.sha256, DSL)}
