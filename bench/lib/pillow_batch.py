#!/usr/bin/python3
"""The Python + Pillow contender: the classic process-pool demo, done the usual way.

usage: pillow_batch.py WORKLOAD JOBS OUT_DIR FILE...
  WORKLOAD  classic | web | thumbnail
  JOBS      0: a plain loop in this process; N: concurrent.futures.ProcessPoolExecutor(N)
Writes OUT_DIR/<stem>.jpg for every input.

classic:   ImageFilter.GaussianBlur(15) (Pillow's radius is the standard deviation; Pillow
           approximates the Gaussian with three extended box blurs), thumbnail((1200, 1200)),
           save(quality=90)
web:       thumbnail((1920, 1920)) (never enlarges), ImageFilter.UnsharpMask(radius=1, percent=50,
           threshold=0) (radius is the sigma of the same box-approximated Gaussian, percent=50 is
           amount 0.5: out = in + 0.5 * (in - blur)), save(quality=85)
thumbnail: thumbnail((256, 256)), save(quality=80)
thumbnail() uses JPEG draft mode (DCT scaling) where it can, as Pillow does by default.
"""
import os
import sys
from concurrent.futures import ProcessPoolExecutor

from PIL import Image, ImageFilter


def _rgb(im):
    return im if im.mode in ("RGB", "L") else im.convert("RGB")


def classic(im):
    im = _rgb(im).filter(ImageFilter.GaussianBlur(15))
    im.thumbnail((1200, 1200))
    return im, 90


def web(im):
    im.thumbnail((1920, 1920))
    im = _rgb(im).filter(ImageFilter.UnsharpMask(radius=1, percent=50, threshold=0))
    return im, 85


def thumbnail(im):
    im.thumbnail((256, 256))
    return _rgb(im), 80


WORKLOADS = {"classic": classic, "web": web, "thumbnail": thumbnail}


def process(args):
    workload, path, out_dir = args
    stem = os.path.splitext(os.path.basename(path))[0]
    with Image.open(path) as im:
        out, quality = WORKLOADS[workload](im)
        out.save(os.path.join(out_dir, stem + ".jpg"), quality=quality)
    return path


def main():
    workload, jobs, out_dir, files = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    if workload not in WORKLOADS:
        sys.exit(f"unknown workload {workload}")
    os.makedirs(out_dir, exist_ok=True)
    tasks = [(workload, f, out_dir) for f in files]
    if jobs <= 0:
        for t in tasks:
            process(t)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for _ in pool.map(process, tasks, chunksize=1):
                pass


if __name__ == "__main__":
    main()
