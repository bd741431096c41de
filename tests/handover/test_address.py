"""Keys and addresses: round trips, and every altered or damaged address is refused."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from misuse_responder.handover.address import HandoverAddress, parse_address
from misuse_responder.handover.errors import AddressError, HandoverError
from misuse_responder.handover.fingerprint import normalise
from misuse_responder.handover.keys import HandoverKeys

STORE = str(uuid.UUID(int=7))


def make() -> tuple[HandoverKeys, HandoverAddress]:
    keys = HandoverKeys.generate()
    return keys, HandoverAddress.for_keys(keys, STORE, "Oak Hill School", "DSL Ms Okafor")


def test_keys_round_trip_through_secret_bytes() -> None:
    keys = HandoverKeys.generate()
    again = HandoverKeys.from_secret_bytes(keys.to_secret_bytes())
    assert again.recipient == keys.recipient
    assert again.verify_key_bytes == keys.verify_key_bytes
    assert again.fingerprint == keys.fingerprint
    assert keys.recipient.startswith("age1")


def test_damaged_secret_bytes_refused() -> None:
    with pytest.raises(HandoverError, match="damaged"):
        HandoverKeys.from_secret_bytes(b'{"version": 1, "age_identity": "x"}')


def test_fingerprint_is_readable_aloud() -> None:
    keys = HandoverKeys.generate()
    fp = keys.fingerprint
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){5}[0-9A-HJKMNP-TV-Z]{4}", fp)
    assert not set(fp) & set("OIL")
    typed = fp.replace("-", " ").lower().replace("0", "o").replace("1", "l")
    assert normalise(typed) == fp
    assert HandoverKeys.generate().fingerprint != fp


def test_address_round_trip() -> None:
    keys, address = make()
    text = address.to_bytes(keys)
    back = parse_address(text)
    assert back == address
    assert back.fingerprint == keys.fingerprint
    assert parse_address(text.decode() + "\n\n") == address  # pasted with blank lines


def test_address_cannot_be_signed_by_another_key() -> None:
    _, address = make()
    with pytest.raises(AddressError):
        address.to_bytes(HandoverKeys.generate())


def _doc(text: bytes) -> dict[str, object]:
    doc = json.loads(text)
    assert isinstance(doc, dict)
    return doc


def test_altered_name_refused() -> None:
    keys, address = make()
    doc = _doc(address.to_bytes(keys))
    doc["label"] = "DSL Mr Impostor"
    with pytest.raises(AddressError, match="altered"):
        parse_address(json.dumps(doc))


def test_swapped_key_refused() -> None:
    keys, address = make()
    _, other = make()
    doc = _doc(address.to_bytes(keys))
    doc["age_recipient"] = other.age_recipient  # fingerprint no longer matches
    with pytest.raises(AddressError, match="damaged"):
        parse_address(json.dumps(doc))
    # Both keys and fingerprint swapped, but the signature is the old one.
    doc = _doc(address.to_bytes(keys))
    doc.update({k: v for k, v in other.to_public_dict().items()})
    with pytest.raises(AddressError, match="altered"):
        parse_address(json.dumps(doc))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (b"", "not a hand-over address"),
        (b"hello", "not a hand-over address"),
        (b"[1, 2]", "not a hand-over address"),
        (b'{"format": "other"}', "not a hand-over address"),
        (b'{"format": "misuse-responder-address", "version": 9}', "newer version"),
        (b'{"format": "misuse-responder-address", "version": 1}', "damaged"),
        (b"\xff\xfe", "not a hand-over address"),
    ],
)
def test_bad_text_refused_with_one_sentence(text: bytes, words: str) -> None:
    with pytest.raises(AddressError, match=words) as info:
        parse_address(text)
    assert str(info.value).count(".") == 1


def test_extra_field_refused() -> None:
    keys, address = make()
    doc = _doc(address.to_bytes(keys))
    doc["extra"] = "x"
    with pytest.raises(AddressError, match="damaged"):
        parse_address(json.dumps(doc))
