"""The twelve school stores and the trust's store, made once per test module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.oversight.schools import Hostile, World, make_hostile, make_world


@pytest.fixture(scope="module")
def _laptop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One folder for the module's stores, with this 'laptop's' per-user folders inside it
    (a store keeps a record of each store it has seen there)."""
    folder = tmp_path_factory.mktemp("trust-world")
    with pytest.MonkeyPatch.context() as mp:
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            mp.setenv(var, str(folder / "xdg" / var.lower()))
        mp.delenv("MISUSE_RESPONDER_PASSPHRASE", raising=False)
        yield folder


@pytest.fixture(scope="module")
def world(_laptop: Path) -> World:
    """The trust and its twelve schools, each school's summary files written to the trust."""
    return make_world(_laptop)


@pytest.fixture(scope="module")
def hostile(world: World) -> Hostile:
    """Tampered, duplicate, overlapping, someone else's, and a newcomer's files."""
    return make_hostile(world)
