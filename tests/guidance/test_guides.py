"""guides/ loads, validates, cross-checks, and a broken file names its file and field."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from misuse_responder.guidance import GuideError, assess_data, load_guides, schema
from misuse_responder.guidance import vocabulary as v
from misuse_responder.guidance.guide_records import Condition, ConditionSpec
from misuse_responder.guidance.guides import REQUIRED_SERVICES, default_guides_dir

REQUIRED_PLATFORMS = (
    "facebook",
    "instagram",
    "tiktok",
    "snapchat",
    "x",
    "youtube",
    "whatsapp",
    "discord",
    "roblox",
    "minecraft",
    "twitch",
    "reddit",
    "telegram",
)


def test_every_file_loads_and_validates() -> None:
    g = load_guides()
    assert set(g.concerns) == set(v.CONCERNS)
    assert g.version.startswith(g.edition + "+")
    assert len(g.steps) >= 30 and len(g.rules) >= 20


def test_every_rule_step_concern_and_offence_has_a_source() -> None:
    g = load_guides()
    for group in (g.rules, g.steps.values(), g.concerns.values(), g.offences.values(), g.support):
        for item in group:
            assert item.source.strip(), item


def test_every_platform_and_service_has_checked_and_confidence() -> None:
    g = load_guides()
    for pid in REQUIRED_PLATFORMS:
        p = g.platforms[pid]
        assert p.checked.year >= 2024
        for route in (
            p.report_content,
            p.under_13,
            p.impersonation,
            p.rules_to_cite,
            p.response_time,
        ):
            assert route.confidence in ("confirmed", "unverified")
            assert route.source and route.how
        assert p.who_can_report.reporters
    for sid in REQUIRED_SERVICES:
        s = g.services[sid]
        assert s.checked.year >= 2024 and s.for_ and s.not_for and s.how and s.source


def test_links_are_text_for_the_user_and_https() -> None:
    g = load_guides()
    for p in g.platforms.values():
        for route in (p.report_content, p.under_13, p.impersonation, p.rules_to_cite):
            for link in route.links:
                assert link.url.startswith("https://"), link


def test_every_step_named_by_a_rule_or_routing_exists() -> None:
    g = load_guides()
    named = {s for rule in g.rules for s in rule.then.get("steps", ())}
    named |= set(g.routing.police.values()) | set(g.routing.escalate_to.values())
    named |= set(g.routing.refer_to.values())
    named |= {new for rule in g.rules for new in rule.then.get("swap_steps", {}).values()}
    assert named <= set(g.steps)
    # and no step in the catalogue is unreachable
    reachable = named | {o for s in g.steps.values() for o in s.supersedes}
    assert set(g.steps) <= reachable


def test_every_concern_that_allows_capture_says_intimate_pictures_are_never_captured() -> None:
    """Issue 14 item 1: an intimate picture filed under privacy (or bullying...) is not captured."""
    g = load_guides()
    for concern in v.CONCERNS:
        capture = assess_data({"concerns": [concern], "targets": ["pupil"]}, g).evidence
        text = g.concerns[concern].explanation
        if capture == "capture":
            assert "never capture" in text.lower() and "underwear" in text, concern
            assert "nude" in text and "sexual way" in text, concern


def test_role_words_are_filled_in_for_the_catalogue() -> None:
    g = load_guides()
    for step in g.steps.values():
        for text in (step.title, step.detail, step.why):
            assert "{" not in text and "}" not in text, step.id
    assert g.steps["tell-dsl"].templates[0] != g.steps["tell-dsl"].title


def test_services_not_for_has_a_machine_readable_part() -> None:
    g = load_guides()
    for sid in ("action-fraud", "report-remove", "report-harmful-content", "ceop", "iwf"):
        assert g.services[sid].excluded_when, sid
    assert g.services["childrens-social-care"].excluded_when


def test_ceop_and_rhc_services_say_what_they_are_not_for() -> None:
    g = load_guides()
    assert "bully" in g.services["ceop"].not_for.lower()
    assert (
        "48"
        in g.services["report-harmful-content"].not_for + g.services["report-harmful-content"].how
    )


# --- Broken guides ------------------------------------------------------------------------


@pytest.fixture
def guides_copy(tmp_path: Path) -> Path:
    target = tmp_path / "guides"
    shutil.copytree(default_guides_dir(), target)
    return target


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _error(directory: Path) -> GuideError:
    with pytest.raises(GuideError) as info:
        load_guides(directory)
    return info.value


def test_missing_field_names_file_and_field(guides_copy: Path) -> None:
    _edit(guides_copy / "steps.yaml", lambda d: d["steps"][3].pop("source"))
    err = _error(guides_copy)
    assert (err.file, err.path) == ("steps.yaml", "steps[3].source")
    assert str(err) == "steps.yaml: steps[3].source: is missing"


def test_wrong_type_names_file_and_field(guides_copy: Path) -> None:
    _edit(guides_copy / "platforms.yaml", lambda d: d["platforms"][0].update(checked="soon"))
    err = _error(guides_copy)
    assert err.file == "platforms.yaml" and err.path == "platforms[0].checked"
    assert "YYYY-MM-DD" in err.message


def test_unknown_field_is_an_error(guides_copy: Path) -> None:
    _edit(guides_copy / "concerns.yaml", lambda d: d["concerns"][1].update(lable="typo"))
    err = _error(guides_copy)
    assert err.path == "concerns[1].lable" and "unknown field" in err.message


def test_unknown_step_in_a_rule(guides_copy: Path) -> None:
    _edit(guides_copy / "rules.yaml", lambda d: d["rules"][0]["then"]["steps"].append("nope"))
    err = _error(guides_copy)
    assert err.file == "rules.yaml" and err.path == "rules[0].then.steps"
    assert "'nope'" in err.message


def test_unknown_concern_in_a_condition(guides_copy: Path) -> None:
    _edit(guides_copy / "rules.yaml", lambda d: d["rules"][1]["when"].update(concerns_any=["x"]))
    err = _error(guides_copy)
    assert err.path == "rules[1].when.concerns_any[0]"


def test_missing_concern_entry(guides_copy: Path) -> None:
    _edit(guides_copy / "concerns.yaml", lambda d: d["concerns"].pop())
    err = _error(guides_copy)
    assert err.file == "concerns.yaml" and "press" in err.message


def test_unknown_role_word_in_a_step(guides_copy: Path) -> None:
    _edit(guides_copy / "steps.yaml", lambda d: d["steps"][0].update(title="Tell {nobody}"))
    err = _error(guides_copy)
    assert err.file == "steps.yaml" and "{nobody}" in err.message


def test_unknown_named_condition(guides_copy: Path) -> None:
    _edit(
        guides_copy / "services.yaml",
        lambda d: d["services"][0].update(excluded_when={"is": ["no-such-condition"]}),
    )
    err = _error(guides_copy)
    assert err.file == "services.yaml" and err.path == "services[0].excluded_when.is[0]"


def test_unknown_step_in_a_swap(guides_copy: Path) -> None:
    def change(d: dict[str, object]) -> None:
        d["rules"][0]["then"]["swap_steps"] = {"tell-dsl": "nope"}  # type: ignore[index]

    _edit(guides_copy / "rules.yaml", change)
    err = _error(guides_copy)
    assert err.path == "rules[0].then.swap_steps" and "'nope'" in err.message


def test_invalid_yaml_names_the_line(guides_copy: Path) -> None:
    (guides_copy / "services.yaml").write_text("services:\n  - id: [unclosed\n", encoding="utf-8")
    err = _error(guides_copy)
    assert err.file == "services.yaml" and err.path.startswith("line ")


def test_missing_file(guides_copy: Path) -> None:
    (guides_copy / "support.yaml").unlink()
    err = _error(guides_copy)
    assert err.file == "support.yaml" and "cannot be read" in err.message


def test_unexpected_file_is_refused(guides_copy: Path) -> None:
    (guides_copy / "extra.yaml").write_text("x: 1\n", encoding="utf-8")
    assert _error(guides_copy).file == "extra.yaml"


def test_version_changes_with_content(guides_copy: Path) -> None:
    before = load_guides(guides_copy).version
    path = guides_copy / "steps.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# reviewed again\n", encoding="utf-8")
    from misuse_responder.guidance.guides import _load

    _load.cache_clear()
    after = load_guides(guides_copy).version
    assert before != after and before.split("+")[0] == after.split("+")[0]


# Each broken field is named in the words reviewers of guides/ read, wherever it sits: in a
# list, in a mapping (msgspec names a mapping's key only as [...]), in a nested condition.
BROKEN = [
    ("steps.yaml", lambda d: d["steps"][2].update(order=-1), "steps[2].order: must be at least 0"),
    (
        "steps.yaml",
        lambda d: d["steps"][2].update(order=True),
        "steps[2].order: expected a whole number, got True",
    ),
    ("steps.yaml", lambda d: d["steps"][2].update(title="  "), "steps[2].title: must not be empty"),
    (
        "steps.yaml",
        lambda d: d["steps"][2].update(title=5),
        "steps[2].title: expected text, got int",
    ),
    (
        "steps.yaml",
        lambda d: d["steps"][2].update(only_if=["capture", "capture"]),
        "steps[2].only_if[1]: 'capture' is listed twice",
    ),
    (
        "steps.yaml",
        lambda d: d["steps"][2].update(only_if="capture"),
        "steps[2].only_if: expected a list, got str",
    ),
    (
        "steps.yaml",
        lambda d: d["steps"][0].update(templates=["a", "b", "c"]),
        "steps[0].templates: unknown field (expected: id, order, title, detail, why, source,"
        " only_if, supersedes, service, follow_up)",
    ),
    (
        "steps.yaml",
        lambda d: d["steps"][0].update(follow_up={"hours": 2, "label": "x", "working_days": "no"}),
        "steps[0].follow_up.working_days: expected true or false, got 'no'",
    ),
    ("steps.yaml", lambda d: d["wording"]["dsl"].pop("default"), "wording.dsl.default: is missing"),
    (
        "steps.yaml",
        lambda d: d["wording"]["dsl"].update({"deputy-for-dsl": ""}),
        "wording.dsl.deputy-for-dsl: must not be empty",
    ),
    (
        "rules.yaml",
        lambda d: d["rules"][0].update(when={"any_of": [{"not": {"bogus": 1}}, {}]}),
        "rules[0].when.any_of[0].not.bogus: unknown field (expected: concerns_any,",
    ),
    (
        "rules.yaml",
        lambda d: d["rules"][0].update(when={"any_of": [{}]}),
        "rules[0].when.any_of: needs at least 2 item(s)",
    ),
    (
        "rules.yaml",
        lambda d: d["conditions"]["child-shown"].update(concerns_any=["bullying", "bullying"]),
        "conditions.child-shown.concerns_any[1]: 'bullying' is listed twice",
    ),
    (
        "rules.yaml",
        lambda d: d["rules"][3]["then"].update(instead_of={"zz": "dsl"}),
        "rules[3].then.instead_of.zz: unknown key (expected one of: dsl, deputy-dsl,",
    ),
    (
        "rules.yaml",
        lambda d: d["rules"][3]["then"].update(instead_of={"dsl": "zz"}),
        "rules[3].then.instead_of.dsl: 'zz' is not one of: dsl, deputy-dsl,",
    ),
    ("rules.yaml", lambda d: d["routing"]["police"].pop("999"), "routing.police.999: is missing"),
    (
        "rules.yaml",
        lambda d: d["routing"]["police"].update(soon="call-999"),
        "routing.police.soon: unknown key (expected one of: consider, report, 999)",
    ),
    (
        "rules.yaml",
        lambda d: d["rules"][0]["when"].update(head_is_dsl="yes"),
        "rules[0].when.head_is_dsl: expected true or false, got 'yes'",
    ),
    (
        "rules.yaml",
        lambda d: d["rules"][0].update(when=None),
        "rules[0].when: expected a mapping, got NoneType",
    ),
    (
        "platforms.yaml",
        lambda d: d["platforms"][0]["report_content"].update(
            links=[{"label": "x", "url": "ftp://a"}]
        ),
        "platforms[0].report_content.links[0].url: expected a web address starting https://,"
        " got 'ftp://a'",
    ),
    (
        "platforms.yaml",
        lambda d: d["platforms"][0].update(checked=dt.datetime(2024, 1, 1, 10, 0)),
        "platforms[0].checked: expected a date (YYYY-MM-DD), not a date and time",
    ),
    (
        "services.yaml",
        lambda d: d["services"][0].update(jurisdictions=["mars"]),
        "services[0].jurisdictions[0]: 'mars' is not one of: england, wales, scotland,"
        " northern-ireland",
    ),
    ("services.yaml", lambda d: d["services"][0].pop("for"), "services[0].for: is missing"),
    (
        "services.yaml",
        lambda d: d["services"][1].update(id=d["services"][0]["id"]),
        "services[1].id: 'police-999' is used twice",
    ),
    (
        "concerns.yaml",
        lambda d: d["concerns"][0]["classification"][0].update(area="zz"),
        "concerns[0].classification[0].area: 'zz' is not one of: contact, conduct, content,"
        " commerce",
    ),
    (
        "support.yaml",
        lambda d: d["support"][0].update({"for": "pupil"}),
        "support[0].for: expected a list, got str",
    ),
    (
        "offences.yaml",
        lambda d: d["offences"][0].update(applies_when={"subject_in": ["alien"]}),
        "offences[0].applies_when.subject_in[0]: 'alien' is not one of: pupil, staff,",
    ),
    ("meta.yaml", lambda d: d.update(edition=2026.11), "edition: expected text, got float"),
]


@pytest.mark.parametrize(("file", "change", "said"), BROKEN, ids=[b[2][:40] for b in BROKEN])
def test_a_broken_field_is_named_in_plain_words(
    guides_copy: Path, file: str, change: object, said: str
) -> None:
    _edit(guides_copy / file, change)
    err = _error(guides_copy)
    assert err.file == file
    assert str(err).startswith(f"{file}: {said}"), str(err)
    assert err.path == said.split(": ")[0]


def test_a_file_that_is_not_a_mapping_is_named(guides_copy: Path) -> None:
    (guides_copy / "meta.yaml").write_text("- a\n- b\n", encoding="utf-8")
    assert str(_error(guides_copy)) == "meta.yaml: expected a mapping, got list"


def test_text_is_stripped_and_conditions_stay_plain_data_for_the_engine() -> None:
    g = load_guides()
    # YAML's `>` leaves a newline at the end; the text as written is kept without it
    assert all(t == t.strip() and t for s in g.steps.values() for t in s.templates)
    assert all(type(r.when) is not dict and isinstance(r.when, dict) for r in g.rules)
    named = g.conditions["child-shown"]
    assert set(named) <= set(ConditionSpec.__struct_encode_fields__) and named
    assert g.routing.police["999"] == "call-999"
    assert all(
        isinstance(pair, tuple) and len(pair) == 2 for pair in g.concerns["hate"].classification
    )


def test_a_condition_alone_is_checked_as_in_a_file() -> None:
    """What a module reading its own YAML (a nation's overlay) uses for its conditions."""
    assert schema.check({"concerns_any": ["bullying"]}, Condition) == {
        "concerns_any": ("bullying",)
    }
    with pytest.raises(schema.SchemaError) as info:
        schema.check({"not": {"is": ["a", "a"]}}, Condition, at="rules[2].when")
    assert str(info.value) == "rules[2].when.not.is[1]: 'a' is listed twice"
    with pytest.raises(schema.SchemaError) as info:
        schema.check(["x"], Condition, at="rules[2].when")
    assert str(info.value) == "rules[2].when: expected a mapping, got list"
