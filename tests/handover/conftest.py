"""Two laptops' keys and addresses, and a small case with evidence files."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from misuse_responder.handover.address import HandoverAddress
from misuse_responder.handover.bundle import BundleInfo, ManifestFields, write_bundle
from misuse_responder.handover.keys import HandoverKeys


@dataclass
class Laptop:
    keys: HandoverKeys
    address: HandoverAddress


def laptop(label: str) -> Laptop:
    keys = HandoverKeys.generate()
    return Laptop(keys, HandoverAddress.for_keys(keys, str(uuid.uuid4()), "Oak Hill", label))


@dataclass
class World:
    staff: Laptop
    dsl: Laptop
    deputy: Laptop
    evidence: list[tuple[str, Path]]
    out: Path
    case_uuid: str

    def send(self, recipients: list[Laptop] | None = None, name: str = "case.mrcase") -> BundleInfo:
        fields = ManifestFields(self.case_uuid, self.staff.address, "Mr Patel", "0.1.0", "g1")
        return write_bundle(
            self.out,
            name,
            [r.address for r in (recipients or [self.dsl])],
            self.staff.keys,
            fields,
            {"reference": "MR-2026-0007", "facts": {"concerns": ["bullying"]}},
            self.evidence,
        )


@pytest.fixture
def world(tmp_path: Path) -> World:
    src = tmp_path / "src"
    src.mkdir()
    evidence = []
    for n, size in enumerate((0, 1, 511, 512, 70_000, 300_000)):
        path = src / f"shot{n}.png"
        path.write_bytes(os.urandom(size))
        evidence.append((hashlib.sha256(path.read_bytes()).hexdigest(), path))
    out = tmp_path / "out"
    out.mkdir()
    return World(
        laptop("Mr Patel's laptop"),
        laptop("DSL Ms Okafor"),
        laptop("Deputy DSL Mr Ahmed"),
        evidence,
        out,
        str(uuid.uuid4()),
    )
