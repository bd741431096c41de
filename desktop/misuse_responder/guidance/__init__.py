"""Qt-free guidance: the incident facts contract, guides/ as data, and the engine."""

from misuse_responder.guidance.engine import (
    Guidance,
    GuidanceStep,
    assess,
    assess_data,
    support_for,
)
from misuse_responder.guidance.facts import FactsError, IncidentFacts, parse_facts
from misuse_responder.guidance.guides import GuideError, Guides, load_guides

__all__ = [
    "FactsError",
    "Guidance",
    "GuidanceStep",
    "GuideError",
    "Guides",
    "IncidentFacts",
    "assess",
    "assess_data",
    "load_guides",
    "parse_facts",
    "support_for",
]
