"""Benchmark: an evidence pack with 20 full-HD screenshots vs bare reportlab, in one run.

    .venv/bin/python bench/export.py

Makes a temporary store with one case holding 17 flat UI screenshots (panels and text)
and 3 photo-like images, all 1920x1080, then times, each in a fresh process so the peak
memory of each is its own: (a) the real evidence pack (decrypting, re-hashing, every
section, images scaled to the page) and (b) bare reportlab placing the same 20 files on
pages with platypus. Prints the time ratio (target <= 1.2x), the pack's time (< 5 s),
size (< 10 MB) and peak RSS.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "desktop"))

PASSPHRASE = "bench passphrase that is long enough"
COUNT, PHOTOS = 20, 3


def make_images(folder: Path) -> list[Path]:
    from PIL import Image, ImageDraw, ImageFilter

    rnd = random.Random(7)
    paths = []
    for n in range(COUNT):
        if n % 7 == 3 and sum(1 for p in paths if p.suffix == ".jpg") < PHOTOS:
            small = Image.effect_noise((240, 135), 90).convert("RGB")
            tint = Image.new("RGB", small.size, (rnd.randrange(256), 120, rnd.randrange(256)))
            photo = Image.blend(small, tint, 0.5).resize((1920, 1080), Image.Resampling.BICUBIC)
            photo = photo.filter(ImageFilter.GaussianBlur(1))
            grain = Image.effect_noise((1920, 1080), 12).convert("RGB")
            photo = Image.blend(photo, grain, 0.15)
            path = folder / f"photo{n:02d}.jpg"
            photo.save(path, "JPEG", quality=92)
        else:
            image = Image.new("RGB", (1920, 1080), (250, 250, 252))
            draw = ImageDraw.Draw(image)
            draw.rectangle((0, 0, 1920, 70), fill=(40, 70, 140))
            draw.rectangle((0, 70, 380, 1080), fill=(235, 237, 242))
            for row in range(40):
                y = 100 + row * 24
                draw.text((20, y), f"Menu item {row}", fill=(60, 60, 60))
                words = " ".join(
                    rnd.choice(["you", "are", "so", "weird", "lol", "ok"]) for _ in range(18)
                )
                draw.text((420, y), f"@user_{rnd.randint(1, 999)}: {words}", fill=(20, 20, 20))
            draw.ellipse((1700, 10, 1750, 60), fill=(200, 200, 200))
            path = folder / f"shot{n:02d}.png"
            image.save(path, "PNG")
        paths.append(path)
    return paths


def setup(root: Path) -> None:
    from misuse_responder.store import FAST_KDF_FOR_TESTS, Capture, CaseStore

    images = make_images(root)
    store, _recovery = CaseStore.create(
        root / "data", PASSPHRASE, "Bench School", kdf=FAST_KDF_FOR_TESTS
    )
    facts = {
        "concerns": ["bullying"],
        "targets": ["pupil"],
        "subject": "pupil",
        "platform": "instagram",
    }
    case = store.create_case(facts, "Benchmark case", "Bench")
    store.add_person(case.id, role="target", kind="pupil", name="Łukasz Wróblewski", by="Bench")
    for path in images:
        store.add_evidence_file(
            case.id, path, "Bench", Capture(f"Screenshot {path.name}"), shows_child_sexual="no"
        )
    store.close()


def run_pack(root: Path) -> dict[str, float]:
    from misuse_responder.export.pack import PackOptions, render_pack
    from misuse_responder.store import CaseStore

    store = CaseStore.open(root / "data", PASSPHRASE)
    out = root / "pack.pdf"
    start = time.perf_counter()
    result = render_pack(store, 1, out, PackOptions(), author="Bench")
    seconds = time.perf_counter() - start
    store.close()
    return {"seconds": seconds, "bytes": out.stat().st_size, "pages": result.pages}


def run_bare(root: Path) -> dict[str, float]:
    import reportlab.rl_config

    reportlab.rl_config.useA85 = 0
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, SimpleDocTemplate

    out = root / "bare.pdf"
    paths = sorted(p for p in root.iterdir() if p.suffix in (".png", ".jpg"))
    start = time.perf_counter()
    doc = SimpleDocTemplate(str(out), pagesize=A4)
    width = A4[0] - 40 * mm
    story = [Image(str(p), width, width * 1080 / 1920) for p in paths]
    doc.build(story)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "bytes": out.stat().st_size, "pages": 0}


def child(kind: str, root: Path) -> None:
    result = run_pack(root) if kind == "pack" else run_bare(root)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(kind: str, root: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(root)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


RUNS = 3


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run with the median time (its size and memory reported with it)."""
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="mr-bench-") as folder:
        root = Path(folder)
        t0 = time.perf_counter()
        setup(root)
        print(f"setup (images + store): {time.perf_counter() - t0:.1f} s")
        # Alternate the two, three times each, and take medians: the machine is shared.
        bares, packs = [], []
        for _ in range(RUNS):
            bares.append(measure("bare", root))
            packs.append(measure("pack", root))
    bare = _median(bares)
    pack = _median(packs)
    ratio = pack["seconds"] / bare["seconds"]
    print(
        f"bare reportlab : {bare['seconds']:.2f} s, {bare['bytes'] / 1e6:.1f} MB, "
        f"peak RSS {bare['peak_rss_mb']:.0f} MB"
    )
    print(
        f"evidence pack  : {pack['seconds']:.2f} s, {pack['bytes'] / 1e6:.1f} MB, "
        f"{int(pack['pages'])} pages, peak RSS {pack['peak_rss_mb']:.0f} MB"
    )
    print(f"ratio pack/bare: {ratio:.2f}x (target <= 1.2x)")
    ok = ratio <= 1.2 and pack["seconds"] < 5 and pack["bytes"] < 10e6
    print("PASS" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
    else:
        raise SystemExit(main())
