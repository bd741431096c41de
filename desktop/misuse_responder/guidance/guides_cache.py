"""A disk copy of the checked guides, so that reading guides/ costs a hash, not a parse.

Importing YAML and parsing and checking guides/ takes about 90 ms (median of fresh
processes on a busy 2-core machine; 68-126 ms) and every start of the app and of each
command pays it; this copy loads in about 7 ms (5-11 ms), hashing included. It can never
serve stale guidance: it is used only when its key matches, and the key is a SHA-256
over the fingerprint of every guides file (name and bytes, read afresh each time), the
app version, the Python version and the code that turns the files into ``Guides``. A
copy that is damaged, truncated, of another key or holding anything but the guide's own
classes is ignored and written again. Only checked guides are kept: a broken file is
parsed, and refused, every time.

The file holds public guidance only (no case data), in the user's cache folder,
owner-only. It is a pickle read by an unpickler that builds nothing but the guide's own
data classes, dates and patterns, and only after its SHA-256 checks out.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
from pathlib import Path
from typing import Any

MAGIC = b"misuse-responder guides cache 1\n"
FILE_NAME = "guides.pickle"

# What ``Guides`` is built from besides the files: the modules that parse and check them.
_CODE = (
    "guides",
    "guide_schemas",
    "schema",
    "sources",
    "glossary",
    "vocabulary",
    "guides_cache",
    "jurisdictions",
)

# Everything a cached ``Guides`` may be built from; anything else means "not ours".
_ALLOWED = {
    "misuse_responder.guidance.guides": None,  # any of its data classes
    "misuse_responder.guidance.glossary": {"Glossary", "Term"},
    "misuse_responder.guidance.jurisdictions": None,  # its overlay records
    "misuse_responder.guidance.sources": {"SourceTitles"},
    "datetime": {"date"},
    "re": {"_compile"},
}


def cache_dir() -> Path:
    """The user's cache folder for the app, where platformdirs puts it (without paying
    18 ms to import platformdirs on every start)."""
    name = "MisuseResponder"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / name / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / name
    return Path(os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache") / name


def _code_version() -> bytes:
    """The source of the modules in ``_CODE``; in a frozen app (no source) the executable,
    which carries them, by path, size and time."""
    digest = hashlib.sha256(sys.version.encode())
    here = Path(__file__).resolve().parent
    for name in _CODE:
        try:
            digest.update((here / f"{name}.py").read_bytes())
        except OSError:
            stat = Path(sys.executable).stat()
            digest.update(f"{sys.executable}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
            break
    return digest.digest()


def key(fingerprint: str) -> str:
    from misuse_responder import __version__

    digest = hashlib.sha256(MAGIC)
    for part in (fingerprint.encode(), __version__.encode(), _code_version()):
        digest.update(len(part).to_bytes(4, "big") + part)
    return digest.hexdigest()


class _GuidesOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        allowed = _ALLOWED.get(module, set())
        if module not in _ALLOWED or (allowed is not None and name not in allowed):
            raise pickle.UnpicklingError(f"{module}.{name} is not part of the guides")
        return super().find_class(module, name)


def read(fingerprint: str, kind: type) -> Any:
    """The cached ``kind`` for ``fingerprint``, or None (missing, other key, damaged)."""
    try:
        blob = (cache_dir() / FILE_NAME).read_bytes()
    except OSError:
        return None
    head = MAGIC + key(fingerprint).encode() + b"\n"
    if not blob.startswith(head) or len(blob) < len(head) + 65:
        return None
    check, payload = blob[len(head) : len(head) + 64], blob[len(head) + 65 :]
    if hashlib.sha256(payload).hexdigest().encode() != check:
        return None
    try:
        value = _GuidesOnly(io.BytesIO(payload)).load()
    except Exception:  # damaged in a way the hash missed, or not ours: parse instead
        return None
    return value if type(value) is kind else None


def write(fingerprint: str, value: object) -> None:
    """Keep ``value`` for next time; a cache that cannot be written is simply not kept."""
    with contextlib.suppress(OSError, pickle.PicklingError):
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        blob = b"".join(
            (
                MAGIC,
                key(fingerprint).encode(),
                b"\n",
                hashlib.sha256(payload).hexdigest().encode(),
                b"\n",
                payload,
            )
        )
        temp = folder / f".{FILE_NAME}.{os.getpid()}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(blob)
            temp.replace(folder / FILE_NAME)  # whole or not at all, for other processes
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
