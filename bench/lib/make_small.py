#!/usr/bin/python3
"""Cuts COUNT deterministic 640x480 JPEGs out of the wallpaper JPEGs in MAIN_DIR.

Image n comes from source n % 18 (the 12 wallpaper JPEGs at 2560x1600 and the 6 at 5120x2880),
scaled down to one of several widths and cropped at a pseudo-random (seeded) position, then
saved as baseline JPEG quality 85 (Pillow's defaults otherwise: 4:2:0). Same inputs, same
Pillow: same bytes.

With EXTRA_DIR EXTRA_COUNT, makes EXTRA_COUNT more images the same way (numbered on from COUNT)
in EXTRA_DIR, and QUEUE_DIR with hard links q00000.jpg... to all COUNT + EXTRA_COUNT images:
distinct files, since PixelPool skips a file it has already queued (same device and inode).

usage: make_small.py MAIN_DIR OUT_DIR COUNT [EXTRA_DIR EXTRA_COUNT QUEUE_DIR]
"""
import os
import random
import sys

from PIL import Image

W, H = 640, 480


def main():
    main_dir, out_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    extra_dir, extra = (sys.argv[4], int(sys.argv[5])) if len(sys.argv) > 5 else (None, 0)
    total = count + extra
    sources = sorted(f for f in os.listdir(main_dir)
                     if f.endswith("-2560x1600.jpg") or f.endswith("-5120x2880.jpg"))
    assert len(sources) == 18, sources
    os.makedirs(out_dir, exist_ok=True)
    if extra_dir:
        os.makedirs(extra_dir, exist_ok=True)
    for s, name in enumerate(sources):
        rng = random.Random(f"pixelpool-small-{name}")
        with Image.open(os.path.join(main_dir, name)) as im:
            im.load()
            if im.mode not in ("RGB", "L"):
                im = im.convert("RGB")
            widths = [w for w in (800, 1024, 1280, 1600, 2048, 2560, 3200)
                      if w <= im.width and round(im.height * w / im.width) >= H]
            scaled = {}
            for w in widths:
                h = round(im.height * w / im.width)
                scaled[w] = im if w == im.width else im.resize((w, h), Image.LANCZOS)
            for n in range(s, total, len(sources)):
                w = widths[rng.randrange(len(widths))]
                src = scaled[w]
                x = rng.randrange(0, src.width - W + 1)
                y = rng.randrange(0, src.height - H + 1)
                tile = src.crop((x, y, x + W, y + H))
                folder = out_dir if n < count else extra_dir
                tile.save(os.path.join(folder, f"small-{n:05d}.jpg"), quality=85)
    if extra_dir:
        queue_dir = sys.argv[6]
        os.makedirs(queue_dir, exist_ok=True)
        for n in range(total):
            folder = out_dir if n < count else extra_dir
            os.link(os.path.join(folder, f"small-{n:05d}.jpg"), os.path.join(queue_dir, f"q{n:05d}.jpg"))


if __name__ == "__main__":
    main()
