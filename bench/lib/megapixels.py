#!/usr/bin/python3
"""Prints how many images a corpus folder holds and their megapixels: megapixels.py DIR NAME"""
import os
import sys

from PIL import Image

folder, name = sys.argv[1], sys.argv[2]
files = sorted(os.listdir(folder))
px = 0
for f in files:
    with Image.open(os.path.join(folder, f)) as im:
        px += im.width * im.height
print(f"[make-corpus] {name}: {len(files)} images, {px / 1e6:.1f} megapixels", file=sys.stderr)
