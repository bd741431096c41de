"""Evidence images scaled to the page, encoded sensibly, without touching the original.

Screenshots (flat colours, sharp text) stay lossless: reportlab stores their pixels
Flate-compressed. Photos are re-encoded as JPEG at quality 85 and at most 2000 pixels
on the long side (a full-page A4 image at about 300 dpi); a JPEG that is already small
enough goes in as it is. The SHA-256 quoted beside each image is always the original
file's, and the pack says when the picture is a re-encoded copy.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

MAX_PHOTO_SIDE = 2000
MAX_FLAT_SIDE = 2560
JPEG_QUALITY = 85
FLAT_COLOURS = 2048
ORIENTATION = 0x0112  # the EXIF tag saying how a phone photo must be turned


@dataclass
class Prepared:
    reader: ImageReader
    width: int
    height: int
    reencoded: bool


def _is_photo(image: Image.Image) -> bool:
    """Photo-like when a nearest-neighbour sample has many distinct colours."""
    sample = image.convert("RGB").resize((256, 144), Image.Resampling.NEAREST)
    return sample.getcolors(maxcolors=FLAT_COLOURS) is None


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    if image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    return image


def prepare(data: bytes) -> Prepared:
    """Decode the original and choose how it goes into the PDF (raises OSError if unreadable)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        opened = Image.open(io.BytesIO(data))
        fmt = opened.format
        turned = opened.getexif().get(ORIENTATION, 1) not in (0, 1)
        width, height = opened.size
        if fmt == "JPEG" and not turned and max(width, height) <= MAX_PHOTO_SIDE:
            return Prepared(ImageReader(io.BytesIO(data)), width, height, False)
        image: Image.Image = ImageOps.exif_transpose(opened) if turned else opened
        image.load()
    image = _flatten(image)
    if fmt == "JPEG" or _is_photo(image):
        if max(image.size) > MAX_PHOTO_SIDE:
            image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        out.seek(0)
        return Prepared(ImageReader(out), image.width, image.height, True)
    reencoded = fmt != "PNG" or turned or max(image.size) > MAX_FLAT_SIDE
    if max(image.size) > MAX_FLAT_SIDE:
        image.thumbnail((MAX_FLAT_SIDE, MAX_FLAT_SIDE), Image.Resampling.LANCZOS)
    return Prepared(ImageReader(image), image.width, image.height, reencoded)


class Picture(Flowable):  # type: ignore[misc]
    """An already-decoded image drawn at a fixed size (no second decode by reportlab)."""

    def __init__(self, reader: ImageReader, width: float, height: float) -> None:
        super().__init__()
        self.reader = reader
        self.width = width
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height)


def flowable(prepared: Prepared, max_width: float, max_height: float) -> Picture:
    """The image scaled to fit the box, keeping its proportions (never enlarged past 2x)."""
    scale = min(max_width / prepared.width, max_height / prepared.height, 2.0)
    return Picture(prepared.reader, prepared.width * scale, prepared.height * scale)
