"""Who a pack is addressed to (issue 14 item 2): never the person a concern is about."""

from __future__ import annotations

from misuse_responder.export.pack import DSL_COPY, recipient_for
from misuse_responder.store import ContactInfo, SchoolProfile

SCHOOL = SchoolProfile(
    "Test School",
    "england",
    (
        ContactInfo("head", "Helen Head", "Headteacher"),
        ContactInfo("dsl", "Dana Lead", "DSL"),
        ContactInfo("deputy-dsl", "Dev Deputy", "Deputy DSL"),
        ContactInfo("chair", "Charles Chair", "Chair of Governors"),
    ),
)


def test_the_dsl_copy_goes_to_the_deputy_when_the_dsl_is_involved() -> None:
    guidance = {"escalate_to": ["deputy-dsl", "headteacher"]}
    to = recipient_for(guidance, SCHOOL, DSL_COPY)
    assert (to.role, to.name) == ("deputy-dsl", "Dev Deputy")
    assert "Deputy" in to.title


def test_with_no_deputy_the_dsl_copy_goes_to_the_chair_or_head_named() -> None:
    assert recipient_for({"escalate_to": ["chair", "lado"]}, SCHOOL, DSL_COPY).role == "chair"
    assert recipient_for({"escalate_to": ["headteacher"]}, SCHOOL, DSL_COPY).role == "head"


def test_otherwise_the_dsl_copy_goes_to_the_dsl_and_the_pack_to_head_or_chair() -> None:
    assert recipient_for({"escalate_to": ["dsl"]}, SCHOOL, DSL_COPY).name == "Dana Lead"
    assert recipient_for({"escalate_to": []}, SCHOOL, DSL_COPY).role == "dsl"
    assert recipient_for({"escalate_to": ["dsl"]}, SCHOOL, "addressed").role == "head"
    chair = recipient_for({"escalate_to": ["chair", "deputy-dsl"]}, SCHOOL, "addressed")
    assert (chair.role, chair.name) == ("chair", "Charles Chair")
