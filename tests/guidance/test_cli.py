"""`misuse-responder assess`: the real command, run as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

NUDES = '{"concerns":["nude-imagery"],"targets":["pupil"],"subject":"pupil"}'


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "misuse_responder", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_stdin_nude_imagery_never_asks_for_a_copy() -> None:
    out = run("assess", "-", stdin=NUDES)
    assert out.returncode == 0, out.stderr
    guidance = json.loads(out.stdout)
    assert guidance["evidence"] == "do-not-capture"
    assert guidance["steps"][0]["id"] == "tell-dsl-now"
    ids = [s["id"] for s in guidance["steps"]]
    assert "preserve-evidence" not in ids and "stop-do-not-view" in ids
    assert out.stderr == ""


def test_age_and_role_facts_through_the_command() -> None:
    """The new contract keys work end to end: the Head who is the DSL, no deputy."""
    facts = {
        "concerns": ["nude-imagery"],
        "targets": ["pupil"],
        "target_age": "13-15",
        "subject": "headteacher",
        "head_is_dsl": True,
        "has_deputy_dsl": False,
        "harm_tests": {"harmed": "not-sure"},
    }
    out = run("assess", "-", stdin=json.dumps(facts))
    assert out.returncode == 0, out.stderr
    guidance = json.loads(out.stdout)
    assert "dsl" not in guidance["escalate_to"] and "headteacher" not in guidance["escalate_to"]
    assert {"chair", "lado"} <= set(guidance["escalate_to"])
    assert guidance["steps"][0]["id"] == "tell-stand-in-now"


def test_file_input(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text('{"concerns": ["bullying"], "platform": "instagram"}', encoding="utf-8")
    out = run("assess", str(path))
    assert out.returncode == 0
    assert json.loads(out.stdout)["refer_to"] == ["platform", "report-harmful-content"]


def test_unicode_file_path_and_content(tmp_path: Path) -> None:
    path = tmp_path / "zdarzenie-Łukasz.json"
    path.write_text('{"concerns": ["hate"], "targets": ["pupil"]}', encoding="utf-8")
    out = run("assess", str(path))
    assert out.returncode == 0 and "true-vision" in out.stdout


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("", "not valid JSON"),
        ('{"concerns": ["bullying"], "colour": "red"}', "unknown key 'colour'"),
        ('{"concerns": ["cyberbullying"]}', "unknown value 'cyberbullying'"),
        (
            '{"concerns": ["bullying"], "school_account": "no"}',
            "school_account: expected true or false",
        ),
        ('{"concerns": "bullying"}', "concerns: expected a list"),
        ('["bullying"]', "must be a JSON object"),
        ("{}", "concerns: this key is required"),
        ('{"concerns": ["bullying"], "target_age": "teen"}', "target_age: unknown value 'teen'"),
    ],
)
def test_invalid_input_is_one_line_and_exit_2(stdin: str, expected: str) -> None:
    out = run("assess", "-", stdin=stdin)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    assert expected in lines[0]
    assert "Traceback" not in out.stderr


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    out = run("assess", str(tmp_path / "nope.json"))
    assert out.returncode == 2 and len(out.stderr.splitlines()) == 1
    assert "no such file" in out.stderr


def test_binary_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    out = run("assess", str(path))
    assert out.returncode == 2 and len(out.stderr.splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_usage_errors_are_one_line() -> None:
    out = run("assess")
    assert out.returncode == 2 and len(out.stderr.splitlines()) == 1


def test_broken_guides_are_reported_not_traced(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "MISUSE_RESPONDER_GUIDES": str(tmp_path / "missing")}
    out = subprocess.run(
        [sys.executable, "-m", "misuse_responder", "assess", "-"],
        input='{"concerns":["bullying"]}',
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert out.returncode == 3 and "Traceback" not in out.stderr
    assert "guides" in out.stderr
