"""Checks shared by the nations' scenario tests (test_jurisdiction_<nation>.py)."""

from __future__ import annotations

from typing import Any

from misuse_responder.guidance import assess_data, load_guides
from misuse_responder.guidance.engine import support_for
from misuse_responder.guidance.facts import parse_facts
from misuse_responder.guidance.jurisdictions import cited_documents
from tests.guidance.scenarios_wales import NationScenario


def check_routing(scenario: NationScenario, nation: str) -> None:
    """The full routing, the step order and the words of one scenario, for ``nation``."""
    assert scenario.facts["jurisdiction"] == nation
    g = assess_data(scenario.facts)
    routing = {
        "evidence": g.evidence,
        "police": g.police,
        "escalate_to": g.escalate_to,
        "refer_to": g.refer_to,
        "contact_subject": g.contact_subject,
    }
    assert routing == {
        "evidence": scenario.evidence,
        "police": scenario.police,
        "escalate_to": scenario.escalate_to,
        "refer_to": scenario.refer_to,
        "contact_subject": scenario.contact_subject,
    }
    ids = list(g.step_ids)
    assert tuple(ids[: len(scenario.first_steps)]) == scenario.first_steps
    for step in scenario.includes:
        assert step in ids, f"{step} missing from {ids}"
    for step in scenario.excludes:
        assert step not in ids, f"{step} should not be in {ids}"
    for first, second in scenario.before:
        assert ids.index(first) < ids.index(second), f"{first} should come before {second}"
    text = "\n".join(f"{s.title}\n{s.detail}\n{s.source}" for s in g.steps)
    for words in scenario.says:
        assert words in text, f"{words!r} not said in:\n{text}"
    for words in scenario.never_says:
        assert words not in text, f"{words!r} should not be said; it is in:\n{text}"


def check_documents(scenario: NationScenario, nation: str) -> None:
    """Every document the steps and support cite is one of this nation's own."""
    guides = load_guides()
    g = assess_data(scenario.facts)
    facts = parse_facts(scenario.facts, guides.platforms.keys())
    texts = [(s.id, f"{s.source}\n{s.detail}") for s in g.steps]
    texts += [(i.id, f"{i.source}\n{i.detail}") for i in support_for(facts, guides, g)]
    for where, text in texts:
        for doc in cited_documents(guides, text):
            assert nation in doc.jurisdictions, f"{where} cites {doc.id} ({doc.title})"


def nation_grid(nation: str) -> list[dict[str, object]]:
    """Every concern alone, for every kind of subject, four sets of people affected, two
    platforms and every way the DSL role can be held, for ``nation`` (about 6,000 facts)."""
    from misuse_responder.guidance import vocabulary as v

    rows: list[dict[str, object]] = []
    for concern in v.CONCERNS:
        for subject in v.SUBJECTS:
            for targets in ([], ["pupil"], ["staff"], ["school", "parent"]):
                for platform in ("instagram", "none"):
                    for head_is_dsl, has_deputy, subject_is_dsl in (
                        (False, True, False),
                        (True, True, False),
                        (False, True, True),
                        (True, False, True),
                        (False, False, True),
                    ):
                        rows.append(
                            {
                                "concerns": [concern],
                                "subject": subject,
                                "targets": targets,
                                "platform": platform,
                                "head_is_dsl": head_is_dsl,
                                "has_deputy_dsl": has_deputy,
                                "subject_is_dsl": subject_is_dsl,
                                "jurisdiction": nation,
                            }
                        )
    return rows


def check_grid(nation: str, never_says: tuple[str, ...]) -> int:
    """Over ``nation_grid``: no step or support item uses England's words or cites a document
    that is not this nation's own. Returns how many facts were checked."""
    guides = load_guides()
    rows = nation_grid(nation)
    for row in rows:
        facts = parse_facts(row, guides.platforms.keys())
        out = assess_data(row)
        texts = [(s.id, f"{s.title}\n{s.detail}\n{s.source}") for s in out.steps]
        texts += [
            (i.id, f"{i.title}\n{i.detail}\n{i.source}") for i in support_for(facts, guides, out)
        ]
        for where, text in texts:
            for words in never_says:
                assert words not in text, f"{where} says {words!r} for {row}"
            for doc in cited_documents(guides, text):
                assert nation in doc.jurisdictions, f"{where} cites {doc.id} for {row}"
    return len(rows)


def routing_pairs(nation: str) -> list[tuple[dict[str, object], Any, Any]]:
    """(facts, England's guidance, this nation's guidance) for every fact in ``nation_grid``."""
    out = []
    for row in nation_grid(nation):
        england = assess_data({**row, "jurisdiction": "england"})
        out.append((row, england, assess_data(row)))
    return out
