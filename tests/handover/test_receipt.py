"""Receipts: the sender accepts only a receipt from a recipient it knows, for a bundle it sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from misuse_responder.handover.bundle import open_bundle
from misuse_responder.handover.errors import ReceiptError
from misuse_responder.handover.receipt import read_receipt, write_receipt
from tests.handover.conftest import World


def _receipt(world: World, tmp_path: Path) -> tuple[bytes, set[tuple[str, str]]]:
    info = world.send([world.dsl, world.deputy])
    got = open_bundle(info.path, world.dsl.keys, tmp_path / "r")
    data = write_receipt(
        world.dsl.keys, world.dsl.address, got.case_uuid, got.bundle_sha256, got.checks
    )
    return data, {(world.case_uuid, info.sha256)}


def test_valid_receipt_accepted(world: World, tmp_path: Path) -> None:
    data, sent = _receipt(world, tmp_path)
    receipt = read_receipt(data, [world.deputy.address, world.dsl.address], sent)
    assert receipt.case_uuid == world.case_uuid
    assert receipt.receiver == world.dsl.address
    assert "manifest signature valid (Ed25519)" in receipt.checks


def test_receipt_for_a_case_never_sent_refused(world: World, tmp_path: Path) -> None:
    data, _sent = _receipt(world, tmp_path)
    with pytest.raises(ReceiptError, match="never sent from this laptop"):
        read_receipt(data, [world.dsl.address], {(world.case_uuid, "0" * 64)})


def test_receipt_from_an_unknown_laptop_refused(world: World, tmp_path: Path) -> None:
    data, sent = _receipt(world, tmp_path)
    with pytest.raises(ReceiptError, match="never handed a case over to"):
        read_receipt(data, [world.deputy.address], sent)


def test_receipt_signed_by_the_wrong_key_refused(world: World, tmp_path: Path) -> None:
    data, sent = _receipt(world, tmp_path)
    doc = json.loads(data)
    forged = write_receipt(  # the deputy signs, but names the DSL's laptop
        world.deputy.keys,
        world.deputy.address,
        doc["case_uuid"],
        doc["bundle_sha256"],
        doc["checks"],
    )
    forged_doc = json.loads(forged)
    forged_doc["receiver_fingerprint"] = doc["receiver_fingerprint"]
    forged_doc["receiver_store_id"] = doc["receiver_store_id"]
    with pytest.raises(ReceiptError, match="not signed by the laptop it names"):
        read_receipt(json.dumps(forged_doc).encode(), [world.dsl.address], sent)


def test_altered_receipt_refused(world: World, tmp_path: Path) -> None:
    data, sent = _receipt(world, tmp_path)
    doc = json.loads(data)
    doc["received_at"] = "2020-01-01T00:00:00+00:00"
    with pytest.raises(ReceiptError, match="not signed"):
        read_receipt(json.dumps(doc).encode(), [world.dsl.address], sent)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (b"", "not a hand-over receipt"),
        (b"{}", "not a hand-over receipt"),
        (b'{"format": "misuse-responder-receipt", "version": 2}', "newer version"),
        (b'{"format": "misuse-responder-receipt", "version": 1}', "damaged"),
    ],
)
def test_bad_receipt_text_refused(world: World, text: bytes, words: str) -> None:
    with pytest.raises(ReceiptError, match=words):
        read_receipt(text, [world.dsl.address], set())
