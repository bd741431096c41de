"""iPhone photos (HEIC/HEIF): Pillow reads them only with the pillow-heif plugin.

An iPhone saves photos as HEIC by default, so a member of staff who AirDrops one to the
school laptop has a ``.heic`` file; without the plugin Pillow calls it unreadable and the
evidence is refused as damaged. The plugin (libheif, shipped in the wheel for Windows,
macOS and Linux) is registered on first need only: importing it costs about 0.2 s, which
start-up does not pay.
"""

from __future__ import annotations

HEIF_EXTENSIONS = (".heic", ".heif", ".hif")
_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
_registered = False


def looks_like_heif(head: bytes, name: str = "") -> bool:
    """An ISO-BMFF file whose brand is HEIF/HEIC (``....ftypheic``), or a .heic name."""
    if name.lower().endswith(HEIF_EXTENSIONS):
        return True
    return len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in _BRANDS


def ensure_opener() -> bool:
    """Register the HEIF opener with Pillow (once); False if the plugin is not installed."""
    global _registered
    if _registered:
        return True
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # pragma: no cover - it is a dependency; kept for a broken install
        return False
    register_heif_opener()
    _registered = True
    return True
