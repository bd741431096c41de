"""Every source staff can see is a real title, never a writer's internal label."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from msgspec.structs import asdict

from misuse_responder.guidance import load_guides
from misuse_responder.guidance.guides import GuideError, default_guides_dir

INTERNAL = ("seed", "domain.md", "platform directory")


def all_sources() -> list[str]:
    g = load_guides()
    out = [c.source for c in g.concerns.values()]
    out += [o.source for o in g.offences.values()]
    out += [s.source for s in g.steps.values()]
    out += [r.source for r in g.rules]
    out += [s.source for s in g.services.values()]
    out += [s.source for s in g.support]
    for p in g.platforms.values():
        for value in asdict(p).values():
            source = getattr(value, "source", None)
            if isinstance(source, str):
                out.append(source)
    return out


def test_no_shown_source_names_an_internal_label() -> None:
    sources = all_sources()
    assert len(sources) > 100
    for source in sources:
        for word in INTERNAL:
            assert word not in source.lower(), source
    assert any("the school's social media policy, Appendix A" in s for s in sources)
    assert any("the school's social media policy, section 5(ii)" in s for s in sources)


def test_a_label_missing_from_the_table_is_a_guide_error(tmp_path: Path) -> None:
    folder = tmp_path / "guides"
    shutil.copytree(default_guides_dir(), folder)
    path = folder / "sources.yaml"
    path.write_text(path.read_text().replace("'seed (?:policy )?\\d{3}'", "'nothing'"))
    with pytest.raises(GuideError, match="internal word 'seed'"):
        load_guides(folder)
