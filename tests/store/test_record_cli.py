"""``misuse-responder record``: a case from the command line, read back from the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from misuse_responder.cli import main
from misuse_responder.store import CaseStore
from tests.store.conftest import reopen
from tests.support import BULLYING, PASSPHRASE

NAME = "Zofia Kowalczyk-Ümit 李小龍"


@pytest.fixture
def opts(store: CaseStore, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    store.close()
    return ["--data-dir", str(store.paths.root), "--by", "Ms Ōta"]


def _facts(tmp_path: Path, facts: object) -> str:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts), "utf-8")
    return str(path)


def test_record_stores_an_open_case_with_its_note_and_prints_the_steps(
    store: CaseStore, opts: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = f"Comments about {NAME}"
    args = ["record", _facts(tmp_path, BULLYING), "--title", title, "--note", f"{NAME} told me"]
    assert main([*args, *opts]) == 0
    lines = capsys.readouterr().out.splitlines()
    reference = lines[0]
    assert reference.startswith("MR-") and lines[1] == "Steps to take, in order:"
    assert lines[2].startswith("  1. Keep the evidence")
    with reopen(store) as again:
        case = again.case(again.case_id(reference))
        s = case.summary
        assert (s.title, s.status, s.opened_by) == (title, "open", "Ms Ōta")
        assert [e.text for e in case.entries] == [f"{NAME} told me"]


def test_immediate_danger_puts_999_first(
    store: CaseStore, opts: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = {**BULLYING, "concerns": ["immediate-danger", "bullying"]}
    assert main(["record", _facts(tmp_path, facts), "--title", "Danger", "--draft", *opts]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "999" in lines[2], lines[:4]
    with reopen(store) as again:
        assert again.case(again.case_id(lines[0])).summary.status == "draft"


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "no such file"),
        ("{not json", "not valid JSON"),
        (json.dumps({"concerns": ["nonsense"]}), "unknown value 'nonsense'"),
    ],
)
def test_bad_facts_are_one_sentence_and_create_nothing(
    store: CaseStore,
    opts: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    said: str,
) -> None:
    path = tmp_path / "facts.json"
    if content is not None:
        path.write_text(content, "utf-8")
    assert main(["record", str(path), "--title", "x", *opts]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("misuse-responder record: ") and said in err[0]
    with reopen(store) as again:
        assert again.list_cases(with_total=True).total == 0


def test_a_scottish_case_gets_scotlands_guidance_and_keeps_its_jurisdiction(
    store: CaseStore, opts: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = {
        "concerns": ["staff-conduct"],
        "targets": ["pupil"],
        "subject": "staff",
        "subject_identified": True,
        "jurisdiction": "scotland",
    }
    assert main(["record", _facts(tmp_path, facts), "--title", "Messages", *opts]) == 0
    lines = capsys.readouterr().out.splitlines()
    lead = "Tell the child protection co-ordinator (the school's lead for child protection)"
    assert any(line.endswith(f". {lead} as soon as you can") for line in lines), lines
    with reopen(store) as again:
        case = again.case(again.case_id(lines[0]))
        assert case.facts["jurisdiction"] == "scotland"
        guidance = again.guidance(case.summary.id)
        assert "lado" not in guidance["escalate_to"]
        assert "childrens-social-care" in guidance["refer_to"]
        assert "ird-about-staff" in [s["id"] for s in guidance["steps"]]
