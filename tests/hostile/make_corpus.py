#!/usr/bin/env python3
"""Writes PixelPool's hostile-input corpus into a folder, deterministically, plus manifest.json
saying what PixelPool must do with every file.

Python 3 standard library only. JPEGs are made with cjpeg/djpeg (libjpeg-turbo-progs) from
source photos given on the command line (or from resources/samples, or synthetic pixels);
PNG, TIFF, DNG, BMP, WebP headers, GIF and HEIF are written here byte by byte; JPEG XL cases are
made from the bundled sample (its codestream taken out of the container, its size header
rewritten bit by bit). A CMYK JPEG needs a
real ImageMagick (`convert`/`magick`); without it that case is left out with a note.

    make_corpus.py OUTDIR [--source photo.jpg ...] [--no-fs-oddities]

Manifest entries (one per file, folder or link the batch must report on or must ignore):
    path       relative path for display (invalid UTF-8 bytes shown as U+FFFD, as PixelPool does)
    path_hex   the raw relative path bytes, hex
    case       category; description: what it is
    expect     done | failed | skipped | either (done or failed both acceptable) | absent
               (skipped also covers an input reported as "left-out": not an image of the batch)
               (must not appear in the report at all)
    reason_any lower-case keywords; a failed/skipped reason must contain one of them
    reason_all lower-case keywords it must contain all of
    warning_any lower-case keywords; a done file must carry a warning containing one of them
               (without it, a done file must carry no warning at all)
    output_size [w, h] of the output (web preset: fit in 1920x1920, never enlarged)
    pixels     [{"at": [fx, fy], "rgb": [r, g, b], "tol": n}] checked in the decoded output
    root       overrides (expect/reason_any/...) when the batch runs as root
    direct     overrides when the file is given on the command line instead of found in a folder
               scan; files without "direct" are only used in the folder scan
"""

import argparse
import glob
import hashlib
import json
import os
import random
import shutil
import stat
import struct
import subprocess
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))

DAMAGED = ["damaged", "truncated", "corrupt"]
TOO_LARGE = ["over the limit"]
NOT_IMAGE = ["not an image", "not supported", "empty file"]
NOT_REGULAR = ["not a regular file"]
BROKEN_LINK = ["symbolic link", "no such file"]
LINK_OUTSIDE = ["symbolic link to a file outside the folder"]


# --------------------------------------------------------------------------- helpers: tools

def which(name):
    return shutil.which(name)


def find_imagemagick():
    """A real ImageMagick convert (not a stand-in script), or None."""
    for cand in [which("magick"), "/usr/bin/convert", which("convert")]:
        if not cand or not os.path.exists(cand):
            continue
        try:
            out = subprocess.run([cand, "-version"], capture_output=True, timeout=20).stdout
        except (OSError, subprocess.TimeoutExpired):
            continue
        if b"ImageMagick" in out and b"Version" in out:
            return cand
    return None


def run(cmd, data=None):
    p = subprocess.run(cmd, input=data, capture_output=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd), p.stderr.decode(errors="replace")))
    return p.stdout


def ppm(width, height, pixel):
    """P6 bytes; pixel(x, y) -> (r, g, b)."""
    rows = bytearray()
    for y in range(height):
        for x in range(width):
            rows += bytes(pixel(x, y))
    return b"P6\n%d %d\n255\n" % (width, height) + bytes(rows)


def ppm_from_rows(rows):
    h, w = len(rows), len(rows[0])
    return b"P6\n%d %d\n255\n" % (w, h) + b"".join(bytes(p) for row in rows for p in row)


def cjpeg(ppm_bytes, *options):
    return run(["cjpeg", "-quality", "90", *options], ppm_bytes)


def pattern_pixel(seed):
    """A busy but deterministic colour pattern (so entropy-coded data is not tiny)."""
    def px(x, y):
        v = (x * 7 + y * 13 + seed * 31) & 255
        w = ((x ^ y) * 5 + seed) & 255
        return (v, w, (x * y + seed) & 255)
    return px


def parse_ppm(data):
    """(width, height, channels, pixel bytes) of a P5/P6 file."""
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    magic, w, h, _maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    return w, h, (3 if magic == b"P6" else 1), data[pos:]


# --------------------------------------------------------------------------- helpers: PNG

def png_chunk(kind, data, bad_crc=False):
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    if bad_crc:
        crc ^= 0xDEADBEEF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(width, height, color_type, bit_depth, raw, extra=(), bad_crc=(), idat=None):
    """raw: the filtered scanlines (filter byte + samples per row). extra: chunks placed before
    IDAT as (kind, data). bad_crc: chunk kinds written with a wrong CRC."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr, b"IHDR" in bad_crc)
    for kind, data in extra:
        out += png_chunk(kind, data, kind in bad_crc)
    if idat is None:
        idat = zlib.compress(raw, 9)
    for i in range(0, len(idat), 65536):  # several IDAT chunks, as real encoders write
        out += png_chunk(b"IDAT", idat[i:i + 65536], b"IDAT" in bad_crc)
    return out + png_chunk(b"IEND", b"")


def linear_rgb_icc():
    """A small valid ICC v2 display profile: sRGB's primaries with a linear tone curve (gamma 1.0),
    so pixels converted through it come out far lighter than the same pixels read as sRGB."""
    def s15(v):
        return struct.pack(">i", int(round(v * 65536)))

    def xyz(x, y, z):
        return b"XYZ " + bytes(4) + s15(x) + s15(y) + s15(z)

    curve = b"curv" + bytes(4) + struct.pack(">IH", 1, 0x0100) + bytes(2)  # gamma 1.0, padded
    tags = [(b"wtpt", xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
            (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)), (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + bytes(4) + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ " + bytes(12) +
              b"acsp" + bytes(24) + struct.pack(">I", 0) + s15(0.9642) + s15(1.0) + s15(0.8249) + bytes(48))
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def raw_rows(width, height, bytes_per_pixel, pixel):
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            rows += bytes(pixel(x, y)[:bytes_per_pixel])
    return bytes(rows)


def png_chunks(data):
    """[(offset, length, kind)] of a PNG's chunks."""
    out, pos = [], 8
    while pos + 8 <= len(data):
        n = struct.unpack(">I", data[pos:pos + 4])[0]
        out.append((pos, n, data[pos + 4:pos + 8]))
        pos += 12 + n
    return out


# --------------------------------------------------------------------------- helpers: JPEG XL

def jxl_codestream(container):
    """The bare codestream of a JPEG XL container: its jxlc box, or its jxlp boxes joined (each
    after its 4-byte index)."""
    out, pos = b"", 0
    while pos + 8 <= len(container):
        size, kind = struct.unpack(">I4s", container[pos:pos + 8])
        head = 8
        if size == 1:
            size, head = struct.unpack(">Q", container[pos + 8:pos + 16])[0], 16
        elif size == 0:
            size = len(container) - pos
        body = container[pos + head:pos + size]
        if kind == b"jxlc":
            return body
        if kind == b"jxlp":
            out += body[4:]
        pos += size
    return out


def jxl_claim_size(stream, side):
    """A bare codestream whose size header says side x side, the rest following bit for bit.
    JPEG XL packs its fields from the low bit of each byte up."""
    bits = int.from_bytes(stream[2:], "little")
    pos = 0

    def read(n):
        nonlocal pos
        value = (bits >> pos) & ((1 << n) - 1)
        pos += n
        return value

    def side_field(small):
        if small:
            read(5)
        else:
            read((9, 13, 18, 30)[read(2)])

    small = read(1)
    side_field(small)  # height
    if read(3) == 0:  # no ratio: the width follows
        side_field(small)
    # Not small, the 18-bit form, height - 1, ratio 1:1 (width = height): 24 bits.
    header = (2 << 1) | ((side - 1) << 3) | (1 << 21)
    total = (len(stream) - 2) * 8 - pos + 24
    return b"\xff\x0a" + (header | ((bits >> pos) << 24)).to_bytes((total + 7) // 8, "little")


# --------------------------------------------------------------------------- helpers: HEIF

def bmff_boxes(data, start=0, end=None):
    """(type, body start, body end) of the ISO BMFF boxes in data[start:end]."""
    end = len(data) if end is None else end
    while start + 8 <= end:
        size, kind = struct.unpack(">I4s", data[start:start + 8])
        if size < 8 or start + size > end:
            return
        yield kind, start + 8, start + size
        start += size


def bmff_box(kind, body):
    """An ISO BMFF box: its size, its type, its body."""
    return struct.pack(">I", 8 + len(body)) + kind + body


def bmff_full_box(kind, version, body):
    """A full box: version (and flags 0) before the body."""
    return bmff_box(kind, struct.pack(">I", version << 24) + body)


def heif_coded_image(heic):
    """The hvcC box and the coded data of item 1 (the image, or the tile of a 1x1 grid) of a HEIC
    written by libheif."""
    meta = next((b, e) for k, b, e in bmff_boxes(heic) if k == b"meta")
    boxes = {k: (b, e) for k, b, e in bmff_boxes(heic, meta[0] + 4, meta[1])}
    b, _ = boxes[b"iloc"]
    version, sizes = heic[b], struct.unpack(">H", heic[b + 4:b + 6])[0]
    offset_size, length_size, base_size = sizes >> 12, (sizes >> 8) & 15, (sizes >> 4) & 15
    index_size = sizes & 15 if version == 1 else 0
    assert version in (0, 1), "unexpected iloc version"
    at = b + 8  # the first entry, after the item count

    def read(n):
        nonlocal at
        at += n
        return int.from_bytes(heic[at - n:at], "big")
    item = read(2)
    construction = read(2) & 15 if version == 1 else 0
    _, base, extents = read(2), read(base_size), read(2)
    _, offset, length = read(index_size), read(offset_size), read(length_size)
    assert item == 1 and construction == 0 and extents == 1, "item 1 is not in one piece in the file"
    hvcc = heic.find(b"hvcC") - 4
    return heic[hvcc:hvcc + struct.unpack(">I", heic[hvcc:hvcc + 4])[0]], heic[base + offset:base + offset + length]


def hevc_sps_resized(hvcc, width, height):
    """The hvcC box with the picture size of its SPS NAL units (H.265 7.3.2.2) set to width x
    height; the rest of each SPS as it was."""
    def unescape(b):
        out, zeros = bytearray(), 0
        for c in b:
            if zeros >= 2 and c == 3:
                zeros = 0
                continue
            out.append(c)
            zeros = zeros + 1 if c == 0 else 0
        return bytes(out)

    def escape(b):
        out, zeros = bytearray(), 0
        for c in b:
            if zeros >= 2 and c <= 3:
                out.append(3)
                zeros = 0
            out.append(c)
            zeros = zeros + 1 if c == 0 else 0
        return bytes(out)

    def resized(nal):
        rbsp = unescape(nal[2:])
        bits = "".join(format(c, "08b") for c in rbsp).rstrip("0")  # up to the stop bit
        at = 0

        def u(n):
            nonlocal at
            at += n
            return int(bits[at - n:at], 2) if n else 0

        def ue():
            z = 0
            while u(1) == 0:
                z += 1
            return (1 << z) - 1 + u(z)
        u(4)
        sub = u(3)
        u(1 + 96)
        flags = [(u(1), u(1)) for _ in range(sub)]
        u(2 * (8 - sub) if sub else 0)
        for profile, level in flags:
            u(88 * profile + 8 * level)
        ue()
        if ue() == 3:
            u(1)
        start = at
        ue(), ue()

        def code(v):
            return "0" * ((v + 1).bit_length() - 1) + format(v + 1, "b")
        out = bits[:start] + code(width) + code(height) + bits[at:]
        out += "0" * (-len(out) % 8)
        return nal[:2] + escape(bytes(int(out[i:i + 8], 2) for i in range(0, len(out), 8)))
    body = hvcc[8:]
    out, at = bytearray(body[:23]), 23
    for _ in range(body[22]):
        kind, count = body[at] & 0x3F, struct.unpack(">H", body[at + 1:at + 3])[0]
        out += body[at:at + 3]
        at += 3
        for _ in range(count):
            n = struct.unpack(">H", body[at:at + 2])[0]
            nal = body[at + 2:at + 2 + n]
            at += 2 + n
            nal = resized(nal) if kind == 33 else nal
            out += struct.pack(">H", len(nal)) + nal
    out += body[at:]
    return struct.pack(">I", 8 + len(out)) + b"hvcC" + bytes(out)


def heif_coded(config, coded, ispe, item_type=b"hvc1", brand=b"heic", before=(), after=(), items=1):
    """A HEIF whose primary image is item 1, coded (`item_type`: hvc1, av01) with its configuration
    box `config` (hvcC, av1C) and `coded`, size box `ispe`, and the property boxes `before` and
    `after` associated before and after its size box; `items` images of it in all (a collection),
    each with those properties and that data."""
    box, fbox = bmff_box, bmff_full_box
    ftyp = box(b"ftyp", brand + b"\0\0\0\0mif1" + brand)
    hdlr = fbox(b"hdlr", 0, b"\0\0\0\0pict" + b"\0" * 13)
    pitm = fbox(b"pitm", 0, struct.pack(">H", 1))
    iinf = fbox(b"iinf", 0, struct.pack(">H", items) + b"".join(
        fbox(b"infe", 2, struct.pack(">HH", i, 0) + item_type + b"\0") for i in range(1, items + 1)))
    ipco = box(b"ipco", config + b"".join(before) + fbox(b"ispe", 0, struct.pack(">II", *ispe)) + b"".join(after))
    count = 2 + len(before) + len(after)
    ipma = fbox(b"ipma", 0, struct.pack(">I", items) + b"".join(
        struct.pack(">HBB", i, count, 0x81) + bytes(range(2, count + 1)) for i in range(1, items + 1)))

    def meta(at):
        iloc = fbox(b"iloc", 1, struct.pack(">BBH", 0x44, 0, items) + b"".join(
            struct.pack(">HHHHII", i, 0, 0, 1, at, len(coded)) for i in range(1, items + 1)))
        return fbox(b"meta", 0, hdlr + pitm + iloc + iinf + box(b"iprp", ipco + ipma))
    head = ftyp + meta(0)
    return ftyp + meta(len(head) + 8) + box(b"mdat", coded)


def av1_obu(kind, payload):
    """An AV1 OBU (AV1 5.3) of type `kind` with a size field."""
    size, leb = len(payload), bytearray()
    while True:
        leb.append(size & 0x7F | (0x80 if size > 0x7F else 0))
        size >>= 7
        if not size:
            return bytes([kind << 3 | 2]) + bytes(leb) + payload


def av1_bits(fields, trailing):
    """(value, bits) fields most significant first; then AV1's trailing bits (a 1, zeros to the
    byte) or, without them, zeros to the byte (byte_alignment)."""
    bits = "".join(format(v, "0%db" % n) for v, n in fields) + ("1" if trailing else "")
    bits += "0" * (-len(bits) % 8)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))


def av1_still(width, height, frame=None, tile_bytes=64, layered=False, hidden=False, inter=None):
    """An av1C box and an item's data: an AV1 key frame (8-bit 4:2:0, its tile data random bytes,
    decoded as a picture of noise) in a sequence of frames up to width x height, written field by
    field from AV1 5.5 and 5.9 with every coding tool off. The sequence header is a full one (not a
    reduced still picture header), its sizes 16 bits, so that `frame` (width, height) can override
    the frame size in the frame header.

    `layered`: the sequence also has what frame headers are read with before their size: a decoder
    model with three operating points (the frame is in two of them: two removal times), presentation
    times, frame ids of 10 bits, order hints of 5 bits, screen content tools chosen by the frame
    (this one takes them), its OBUs with an extension byte. `hidden`: the key frame is not shown
    but kept (which adds its refresh flags and order hints), then shown by a frame header that
    shows an existing frame. `inter` (width, height, error_resilient): an inter frame follows the
    key frame, of that size from its own frame header."""
    fw, fh = frame or (width, height)
    points = [0x101, 0x102, 0x103] if layered else [0]
    seq = [(0, 3), (1, 1), (0, 1)]  # seq_profile, still_picture, reduced_still_picture_header
    if layered:  # timing info (no equal picture interval); decoder model: delays 10, removal 8, presentation 6 bits
        seq += [(1, 1), (1, 32), (25, 32), (0, 1), (1, 1), (9, 5), (1, 32), (7, 5), (5, 5)]
    else:
        seq += [(0, 1)]
    seq += [(0, 1), (len(points) - 1, 5)]  # no initial display delay, the operating points
    for idc in points:
        seq += [(idc, 12), (31, 5), (0, 1)]  # operating_point_idc, seq_level_idx 31 (no level), seq_tier
        if layered:
            seq += [(1, 1), (100, 10), (200, 10), (0, 1)]  # its decoder model: buffer delays, low delay
    seq += [(15, 4), (15, 4), (width - 1, 16), (height - 1, 16)]  # frame_width/height_bits, largest size
    seq += [(1, 1), (5, 4), (2, 3)] if layered else [(0, 1)]  # frame ids: delta 7 bits, 10 in all
    seq += [(0, 1), (0, 1), (0, 1)]  # 64x64 superblocks, no filter intra, no edge filter
    seq += [(0, 1), (0, 1), (0, 1), (0, 1)]  # no interintra, masked compound, warped motion, dual filter
    seq += [(1, 1), (0, 1), (0, 1)] if layered else [(0, 1)]  # order hints (no jnt comp, no ref mvs)
    seq += [(1, 1), (1, 1), (4, 3)] if layered else [(0, 1), (0, 1)]  # screen content, integer mv: the frame's
    seq += [(0, 1), (0, 1), (0, 1)]  # no superres, cdef or loop restoration
    seq += [(0, 1), (0, 1), (0, 1), (0, 1), (0, 2), (0, 1), (0, 1)]  # 8-bit 4:2:0, no description, no film grain
    seq_obu = av1_obu(1, av1_bits(seq, True))

    def tiled(header, fw, fh, inter_frame):
        """The frame header from tile_info() on (64x64 superblocks, uniform tiles, as few as the size
        allows), then its tile group: each tile random bytes, every tile but the last after its
        4-byte size."""
        sb_cols, sb_rows = (fw + 63) // 64, (fh + 63) // 64

        def log2_at_least(block, target):
            k = 0
            while block << k < target:
                k += 1
            return k
        cols_min, cols_max = log2_at_least(64, sb_cols), log2_at_least(1, min(sb_cols, 64))
        rows_max = log2_at_least(1, min(sb_rows, 64))
        rows = max(max(cols_min, log2_at_least(2304, sb_cols * sb_rows)) - cols_min, 0)
        tile_cols = -(-sb_cols // ((sb_cols + (1 << cols_min) - 1) >> cols_min))
        tiles = tile_cols * -(-sb_rows // ((sb_rows + (1 << rows) - 1) >> rows))
        header = header + [(1, 1)]  # uniform_tile_spacing_flag
        header += [(0, 1)] * (cols_max > cols_min) + [(0, 1)] * (rows_max > rows)  # no more tiles than needed
        if cols_min + rows > 0:
            header += [(0, cols_min + rows), (3, 2)]  # context_update_tile_id, tile sizes of 4 bytes
        header += [
            (100, 8), (0, 1), (0, 1), (0, 1), (0, 1),  # base_q_idx, no delta q (Y DC, U DC, U AC), no qmatrix
            (0, 1), (0, 1),  # no segmentation, no delta q
            (0, 6), (0, 6), (0, 3), (0, 1),  # loop filter levels 0, sharpness, no deltas
            (0, 1)]  # tx_mode_select
        if inter_frame:
            header += [(0, 1)]  # reference_select
        header += [(0, 1)]  # reduced_tx_set
        if inter_frame:
            header += [(0, 1)] * 7  # no global motion for the 7 references
        noise = random.Random(fw * 65536 + fh)
        tile = bytes(noise.getrandbits(8) for _ in range(tile_bytes))
        group = b""
        if tiles > 1:  # tile_start_and_end_present_flag 0, then each tile but the last with its size
            group = av1_bits([(0, 1)], False) + (struct.pack("<I", len(tile) - 1) + tile) * (tiles - 1)
        return av1_bits(header, False) + group + tile

    header = [(0, 1), (0, 2), (0 if hidden else 1, 1)]  # show_existing_frame, KEY_FRAME, show_frame
    if layered and not hidden:
        header += [(0, 6)]  # frame_presentation_time
    if hidden:
        header += [(1, 1), (1, 1)]  # showable_frame, error_resilient_mode
    header += [(0, 1)]  # disable_cdf_update
    if layered:
        header += [(1, 1), (0, 1), (0, 10)]  # allow_screen_content_tools, force_integer_mv, current_frame_id
    header += [(1 if frame else 0, 1)]  # frame_size_override_flag
    if layered:
        header += [(0, 5), (1, 1), (3, 8), (4, 8)]  # order_hint; buffer_removal_time of the two points it is in
    if hidden:
        header += [(1, 8)]  # refresh_frame_flags: slot 0
        header += [(0, 5)] * 8 if layered else []  # ref_order_hint
    if frame:
        header += [(fw - 1, 16), (fh - 1, 16)]
    header += [(0, 1)]  # render size as the frame
    if layered:
        header += [(0, 1)]  # allow_intrabc
    header += [(1, 1)]  # disable_frame_end_update_cdf
    extension = b"\0" if layered else b""  # temporal and spatial id 0

    def obu(kind, payload):
        o = av1_obu(kind, payload)
        return bytes([o[0] | 4]) + extension + o[1:] if extension else o
    data = av1_obu(2, b"") + seq_obu + obu(6, tiled(header, fw, fh, False))
    if hidden:  # OBU_FRAME_HEADER: show_existing_frame of slot 0 (its presentation time, its id)
        data += obu(3, av1_bits([(1, 1), (0, 3)] + ([(0, 6), (0, 10)] if layered else []), True))
    if inter:  # INTER_FRAME, shown, refreshing nothing, every reference slot 0 (the key frame)
        iw, ih, resilient = inter
        header = [(0, 1), (1, 2), (1, 1)] + [(0, 6)] * layered + [(int(resilient), 1), (0, 1)]
        if layered:
            header += [(1, 1), (0, 1), (1, 10)]  # screen content tools, no integer mv, current_frame_id 1
        header += [(1, 1)] + [(1, 5)] * layered  # frame_size_override_flag, order_hint
        if not resilient:
            header += [(7, 3)]  # primary_ref_frame: none
        if layered:
            header += [(1, 1), (3, 8), (4, 8)]  # buffer_removal_time of the two points it is in
        header += [(0, 8)]  # refresh_frame_flags
        if layered and resilient:
            header += [(0, 5)] * 8  # ref_order_hint
        if layered:
            header += [(0, 1)]  # frame_refs_short_signaling
        for _ in range(7):  # ref_frame_idx 0; its delta_frame_id_minus_1 0 (the key frame's id is 0)
            header += [(0, 3)] + [(0, 7)] * layered
        if not resilient:
            header += [(0, 1)] * 7  # found_ref: none (a frame size of its own)
        header += [(iw - 1, 16), (ih - 1, 16), (0, 1)]  # the frame size, render size as the frame
        header += [(0, 1), (1, 1), (0, 1)]  # allow_high_precision_mv, switchable filter, no motion modes
        header += [(1, 1)]  # disable_frame_end_update_cdf
        data += obu(6, tiled(header, iw, ih, True))
    av1c = bmff_box(b"av1C", bytes([0x81, 31, 0x0C, 0]) + seq_obu)
    return av1c, data


def heif_derived(hvcc, coded, tile_size, kind, ispe, data, refs):
    """A HEIC whose primary image (item 2) is a `kind` (grid, iovl, iden) derived from item 1 (the
    coded image, tile_size) through `refs` references, with `data` in idat and size box `ispe`."""
    box, fbox = bmff_box, bmff_full_box

    def ispe_box(size):
        return fbox(b"ispe", 0, struct.pack(">II", *size))
    ftyp = box(b"ftyp", b"heic\0\0\0\0mif1heic")
    hdlr = fbox(b"hdlr", 0, b"\0\0\0\0pict" + b"\0" * 13)
    pitm = fbox(b"pitm", 0, struct.pack(">H", 2))
    infe1 = fbox(b"infe", 2, struct.pack(">HH", 1, 0) + b"hvc1\0")
    infe2 = fbox(b"infe", 2, struct.pack(">HH", 2, 0) + kind + b"\0")
    iinf = fbox(b"iinf", 0, struct.pack(">H", 2) + infe1 + infe2)
    iref = fbox(b"iref", 0, box(b"dimg", struct.pack(">HH", 2, refs) + struct.pack(">H", 1) * refs))
    ipco = box(b"ipco", hvcc + ispe_box(tile_size) + ispe_box(ispe))
    ipma = fbox(b"ipma", 0, struct.pack(">I", 2) + struct.pack(">HBBB", 1, 2, 0x81, 0x02) + struct.pack(">HBB", 2, 1, 0x03))
    idat = box(b"idat", data) if data else b""

    def meta(mdat_body):
        entries = struct.pack(">HHHHII", 1, 0, 0, 1, mdat_body, len(coded))
        if data:
            entries += struct.pack(">HHHHII", 2, 1, 0, 1, 0, len(data))
        iloc = fbox(b"iloc", 1, struct.pack(">BBH", 0x44, 0, 2 if data else 1) + entries)
        return fbox(b"meta", 0, hdlr + pitm + iloc + iinf + iref + box(b"iprp", ipco + ipma) + idat)
    head = ftyp + meta(0)
    return ftyp + meta(len(head) + 8) + box(b"mdat", coded)


def heif_grid_tile_alpha(hvcc, alpha_hvcc, coded, tile, grid_size):
    """A HEIC grid (item 2) of 2x2 references to one coded tile (item 1, size box `tile`) that has an
    alpha plane of its own (item 3: the same coded data under `alpha_hvcc`, the same size box)."""
    box, fbox = bmff_box, bmff_full_box

    def ispe_box(size):
        return fbox(b"ispe", 0, struct.pack(">II", *size))
    urn = b"urn:mpeg:mpegB:cicp:systems:auxiliary:alpha\0"
    ftyp = box(b"ftyp", b"heic\0\0\0\0mif1heic")
    hdlr = fbox(b"hdlr", 0, b"\0\0\0\0pict" + b"\0" * 13)
    pitm = fbox(b"pitm", 0, struct.pack(">H", 2))
    infes = b"".join(fbox(b"infe", 2, struct.pack(">HH", i, 0) + kind + b"\0")
                     for i, kind in [(1, b"hvc1"), (2, b"grid"), (3, b"hvc1")])
    iinf = fbox(b"iinf", 0, struct.pack(">H", 3) + infes)
    iref = fbox(b"iref", 0, box(b"dimg", struct.pack(">HH", 2, 4) + struct.pack(">H", 1) * 4)
                + box(b"auxl", struct.pack(">HHH", 3, 1, 1)))
    # properties: 1 hvcC, 2 the tile's size box, 3 the grid's, 4 the alpha's hvcC, 5 auxC
    ipco = box(b"ipco", hvcc + ispe_box(tile) + ispe_box(grid_size) + alpha_hvcc + fbox(b"auxC", 0, urn))
    ipma = fbox(b"ipma", 0, struct.pack(">I", 3) + struct.pack(">HBBB", 1, 2, 0x81, 0x02)
                + struct.pack(">HBB", 2, 1, 0x03) + struct.pack(">HBBBB", 3, 3, 0x84, 0x02, 0x05))
    data = heif_grid(2, 2, *grid_size)

    def meta(mdat_body):
        entries = struct.pack(">HHHHII", 1, 0, 0, 1, mdat_body, len(coded))
        entries += struct.pack(">HHHHII", 2, 1, 0, 1, 0, len(data))
        entries += struct.pack(">HHHHII", 3, 0, 0, 1, mdat_body, len(coded))
        iloc = fbox(b"iloc", 1, struct.pack(">BBH", 0x44, 0, 3) + entries)
        return fbox(b"meta", 0, hdlr + pitm + iloc + iinf + iref + box(b"iprp", ipco + ipma) + box(b"idat", data))
    head = ftyp + meta(0)
    return ftyp + meta(len(head) + 8) + box(b"mdat", coded)


def heif_turned_with_alpha(hvcc, alpha_hvcc, coded, tile, alpha_size, quarter_turns):
    """A HEIC (item 1, size box `tile`) turned by an irot after its size box, with an alpha plane
    (item 2: the same coded data under `alpha_hvcc`, size box `alpha_size`) without an irot of its
    own, as avifenc writes a turned image with alpha."""
    box, fbox = bmff_box, bmff_full_box

    def ispe_box(size):
        return fbox(b"ispe", 0, struct.pack(">II", *size))
    urn = b"urn:mpeg:mpegB:cicp:systems:auxiliary:alpha\0"
    ftyp = box(b"ftyp", b"heic\0\0\0\0mif1heic")
    hdlr = fbox(b"hdlr", 0, b"\0\0\0\0pict" + b"\0" * 13)
    pitm = fbox(b"pitm", 0, struct.pack(">H", 1))
    infes = b"".join(fbox(b"infe", 2, struct.pack(">HH", i, 0) + b"hvc1\0") for i in (1, 2))
    iinf = fbox(b"iinf", 0, struct.pack(">H", 2) + infes)
    iref = fbox(b"iref", 0, box(b"auxl", struct.pack(">HHH", 2, 1, 1)))
    # properties: 1 hvcC, 2 the picture's size box, 3 irot, 4 the alpha's hvcC, 5 its size box, 6 auxC
    ipco = box(b"ipco", hvcc + ispe_box(tile) + heif_irot(quarter_turns) + alpha_hvcc + ispe_box(alpha_size)
               + fbox(b"auxC", 0, urn))
    ipma = fbox(b"ipma", 0, struct.pack(">I", 2) + struct.pack(">HBBBB", 1, 3, 0x81, 0x02, 0x03)
                + struct.pack(">HBBBB", 2, 3, 0x84, 0x05, 0x06))

    def meta(mdat_body):
        entries = b"".join(struct.pack(">HHHHII", i, 0, 0, 1, mdat_body, len(coded)) for i in (1, 2))
        iloc = fbox(b"iloc", 1, struct.pack(">BBH", 0x44, 0, 2) + entries)
        return fbox(b"meta", 0, hdlr + pitm + iloc + iinf + iref + box(b"iprp", ipco + ipma))
    head = ftyp + meta(0)
    return ftyp + meta(len(head) + 8) + box(b"mdat", coded)


def heif_irot(quarter_turns):
    """irot: turned by quarter_turns x 90 degrees anticlockwise."""
    return bmff_box(b"irot", bytes([quarter_turns]))


def heif_clap(width, height, dx=0, dy=0, d=1):
    """clap: a clean aperture of width x height, its centre (dx/d, dy/d) from the picture's."""
    return bmff_box(b"clap", struct.pack(">IIIIiIiI", width, 1, height, 1, dx, d, dy, d))


def heif_grid(rows, columns, width, height):
    """A grid's description, with 32-bit sizes."""
    return struct.pack(">BBBBII", 0, 1, rows - 1, columns - 1, width, height)


def heif_overlay(width, height, layers):
    """An overlay's description: fill values, the canvas (32-bit), an offset pair a layer."""
    return struct.pack(">BB", 0, 1) + b"\0" * 8 + struct.pack(">II", width, height) + b"\0" * 8 * layers


# --------------------------------------------------------------------------- helpers: JPEG

def jpeg_segments(data):
    """[(offset, marker, length)] up to and including SOS."""
    out, pos = [], 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        out.append((pos, marker, length))
        if marker == 0xDA:
            break
        pos += 2 + length
    return out


def entropy_range(data):
    """(start, end) of the first scan's entropy-coded data."""
    sos = [s for s in jpeg_segments(data) if s[1] == 0xDA][0]
    start = sos[0] + 2 + sos[2]
    end = data.rindex(b"\xff\xd9")
    return start, end


def patch_sof(data, width, height):
    out = bytearray(data)
    for pos, marker, _ in jpeg_segments(data):
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            out[pos + 5:pos + 9] = struct.pack(">HH", height, width)
            return bytes(out)
    raise ValueError("no SOF")


def progressive_scans(data):
    """(header, [scan, ...], trailer) of a progressive JPEG: each scan with the tables written before
    it, its entropy-coded data running to the next marker that is not RSTn."""
    first = [s for s in jpeg_segments(data) if s[1] in (0xC4, 0xDA)][0][0]
    scans, pos, unit = [], first, first
    while pos + 4 <= len(data) and data[pos] == 0xFF and data[pos + 1] != 0xD9:
        end = pos + 2 + struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if data[pos + 1] == 0xDA:
            while end + 1 < len(data) and not (data[end] == 0xFF and data[end + 1] != 0
                                               and not 0xD0 <= data[end + 1] <= 0xD7):
                end += 1
            scans.append(data[unit:end])
            unit = end
        pos = end
    return data[:first], scans, data[pos:]


def drop_segment(data, marker_to_drop):
    out, pos = bytearray(data[:2]), 2
    for seg_pos, marker, length in jpeg_segments(data):
        if marker == marker_to_drop:
            out += data[pos:seg_pos]
            pos = seg_pos + 2 + length
    return bytes(out + data[pos:])


def exif_app1(tiff):
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def exif_orientation_tiff(orientation):
    # little-endian TIFF, one IFD with one entry: Orientation (0x0112), SHORT, 1 value
    return (b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1) +
            struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack("<I", 0))


def exif_tiff(ifd0, exif_ifd=()):
    """A little-endian EXIF block: IFD0's entries, and an EXIF IFD (pointed at by tag 0x8769) with
    exif_ifd's when there are any. An entry is (tag, type, count, value bytes)."""
    def data_bytes(entries):
        return sum((len(v) + 1) & ~1 for _, _, _, v in entries if len(v) > 4)

    ifd0 = list(ifd0) + ([(0x8769, 4, 1, b"\0" * 4)] if exif_ifd else [])
    ifd0_at = 8
    exif_at = ifd0_at + 2 + 12 * len(ifd0) + 4 + data_bytes(ifd0)
    if exif_ifd:
        ifd0 = [(t, ty, n, struct.pack("<I", exif_at) if t == 0x8769 else v) for t, ty, n, v in ifd0]

    def directory(entries, at):
        entries = sorted(entries)
        data_at = at + 2 + 12 * len(entries) + 4
        head, data = struct.pack("<H", len(entries)), b""
        for tag, kind, count, value in entries:
            if len(value) <= 4:
                head += struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\0")
            else:
                head += struct.pack("<HHII", tag, kind, count, data_at + len(data))
                data += value + b"\0" * (len(value) & 1)
        return head + struct.pack("<I", 0) + data

    out = b"II*\x00" + struct.pack("<I", ifd0_at) + directory(ifd0, ifd0_at)
    return out + (directory(exif_ifd, exif_at) if exif_ifd else b"")


def insert_after_soi(jpeg, segment):
    return jpeg[:2] + segment + jpeg[2:]


def flip_h(img): return [row[::-1] for row in img]
def flip_v(img): return img[::-1]
def transpose(img): return [[img[y][x] for y in range(len(img))] for x in range(len(img[0]))]
def rot90cw(img): return [[img[len(img) - 1 - x][y] for x in range(len(img))] for y in range(len(img[0]))]
def rot90ccw(img): return [[img[x][len(img[0]) - 1 - y] for x in range(len(img))] for y in range(len(img[0]))]


# stored = INVERSE[o](displayed): what a camera writes for orientation o.
INVERSE = {
    1: lambda i: i, 2: flip_h, 3: lambda i: flip_v(flip_h(i)), 4: flip_v, 5: transpose,
    6: rot90ccw, 7: lambda i: flip_v(flip_h(transpose(i))), 8: rot90cw,
}

RED, GREEN, BLUE, WHITE, BLACK = (230, 20, 20), (20, 200, 20), (20, 20, 230), (255, 255, 255), (0, 0, 0)


def quadrants(width, height):
    return [[(RED if x < width // 2 else GREEN) if y < height // 2 else (BLUE if x < width // 2 else WHITE)
             for x in range(width)] for y in range(height)]


QUADRANT_PIXELS = [
    {"at": [0.25, 0.25], "rgb": list(RED), "tol": 70},
    {"at": [0.75, 0.25], "rgb": list(GREEN), "tol": 70},
    {"at": [0.25, 0.75], "rgb": list(BLUE), "tol": 70},
    {"at": [0.75, 0.75], "rgb": list(WHITE), "tol": 70},
]


# --------------------------------------------------------------------------- helpers: others

def tiff(width, height, tile=None, pixels=None):
    """Uncompressed 8-bit RGB TIFF (little endian). tile=(tw, th) writes tile tags instead of
    strips, with whatever tiny data is given (a header that lies about its tiles)."""
    data = pixels if pixels is not None else bytes(3 * width * height)
    entries = []
    bits_offset = 8  # filled in below
    entries.append((256, 4, 1, width))
    entries.append((257, 4, 1, height))
    entries.append((258, 3, 3, None))  # BitsPerSample -> offset
    entries.append((259, 3, 1, 1))
    entries.append((262, 3, 1, 2))
    if tile:
        entries += [(277, 3, 1, 3), (284, 3, 1, 1), (322, 4, 1, tile[0]), (323, 4, 1, tile[1]),
                    (324, 4, 1, "data"), (325, 4, 1, len(data))]
    else:
        entries += [(273, 4, 1, "data"), (277, 3, 1, 3), (278, 4, 1, height), (279, 4, 1, len(data)),
                    (284, 3, 1, 1)]
    entries.sort(key=lambda e: e[0])
    ifd_size = 2 + 12 * len(entries) + 4
    bits_offset = 8 + ifd_size
    data_offset = bits_offset + 6
    ifd = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        if value is None:
            value = bits_offset
        elif value == "data":
            value = data_offset
        if typ == 3 and count == 1:
            ifd += struct.pack("<HHIHH", tag, typ, count, value, 0)
        else:
            ifd += struct.pack("<HHII", tag, typ, count, value)
    ifd += struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<HHH", 8, 8, 8) + data


def tiff_strip_at(data, offset):
    """A TIFF of tiff() with its (one) strip's offset set to `offset`."""
    count = struct.unpack_from("<H", data, 8)[0]
    for i in range(count):
        at = 10 + 12 * i
        if struct.unpack_from("<H", data, at)[0] == 273:
            return data[:at + 8] + struct.pack("<I", offset) + data[at + 12:]
    raise ValueError("no StripOffsets")


def tiff_grey32(width, height, value, signed=True):
    """An uncompressed 32-bit integer grey TIFF (little endian), signed as Pillow saves its mode "I",
    or unsigned; value(x, y) gives each sample."""
    data = b"".join(struct.pack("<i" if signed else "<I", value(x, y)) for y in range(height) for x in range(width))
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 32), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, "data"), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, len(data)),
               (339, 3, 1, 2 if signed else 1)]
    data_offset = 8 + 2 + 12 * len(entries) + 4
    ifd = struct.pack("<H", len(entries))
    for tag, typ, count, v in entries:
        v = data_offset if v == "data" else v
        ifd += struct.pack("<HHIHH", tag, typ, count, v, 0) if typ == 3 else struct.pack("<HHII", tag, typ, count, v)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + data


def tiff_behind_thumbnail(width, height, rgb, claim=None, in_subifd=False):
    """An uncompressed 8-bit RGB TIFF (little endian) whose IFD0 is an 8x6 red thumbnail
    (NewSubfileType 1), the image of one colour `rgb` in the next directory, or in a SubIFD of the
    thumbnail (TIFF/EP). claim=(w, h) makes the image's directory claim that size over the same
    data (a bomb behind a small thumbnail)."""
    def ifd(w, h, data_at, data_len, reduced, sub_ifd, next_ifd, bits_at):
        entries = [(254, 4, 1, 1 if reduced else 0), (256, 4, 1, w), (257, 4, 1, h), (258, 3, 3, bits_at),
                   (259, 3, 1, 1), (262, 3, 1, 2), (273, 4, 1, data_at), (277, 3, 1, 3), (278, 4, 1, h),
                   (279, 4, 1, data_len), (284, 3, 1, 1)]
        if sub_ifd:
            entries.append((330, 4, 1, sub_ifd))
        out = struct.pack("<H", len(entries))
        for tag, typ, count, value in entries:
            if typ == 3 and count == 1:
                out += struct.pack("<HHIHH", tag, typ, count, value, 0)
            else:
                out += struct.pack("<HHII", tag, typ, count, value)
        return out + struct.pack("<I", next_ifd)
    thumb = bytes([255, 0, 0] * 8 * 6)
    image = bytes(list(rgb) * width * height)
    w, h = claim or (width, height)
    size0 = 2 + 12 * (12 if in_subifd else 11) + 4
    size1 = 2 + 12 * 11 + 4
    at1 = 8 + size0
    bits_at = at1 + size1
    thumb_at = bits_at + 6
    image_at = thumb_at + len(thumb)
    ifd0 = ifd(8, 6, thumb_at, len(thumb), True, at1 if in_subifd else 0, 0 if in_subifd else at1, bits_at)
    ifd1 = ifd(w, h, image_at, len(image), False, 0, 0, bits_at)
    return b"II*\x00" + struct.pack("<I", 8) + ifd0 + ifd1 + struct.pack("<HHH", 8, 8, 8) + thumb + image


def srgb_to_linear(v):
    v /= 255.0
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def dng(rows, orientation=1, claim=None, neutral=(0.5, 1.0, 0.7)):
    """A small camera-like DNG, as tests/common/TestDng.h makes them: DNG 1.4, uncompressed 16-bit
    Bayer RGGB over a black level of 256 (white 16383), a camera with sRGB's primaries whose raw
    channels are linear sRGB times AsShotNeutral. The directory comes first, then the sensor data,
    as cameras write it, so a cut file keeps its directory. rows: stored rows of (r, g, b);
    claim=(w, h) makes the header claim that size over the same data (a bomb)."""
    height, width = len(rows), len(rows[0])
    black, white = 256, 16383
    data = bytearray()
    for y in range(height):
        for x in range(width):
            c = (y & 1) + (x & 1)  # 0 R, 1 G, 2 B
            data += struct.pack("<H", round(black + srgb_to_linear(rows[y][x][c]) * neutral[c] * (white - black)))
    w, h = claim or (width, height)
    xyz_to_srgb = [3.2404542, -1.5371385, -0.4985314, -0.9692660, 1.8760108, 0.0415560,
                   0.0556434, -0.2040259, 1.0572252]
    srational = b"".join(struct.pack("<ii", round(v * 10000), 10000) for v in xyz_to_srgb)
    rational = b"".join(struct.pack("<II", round(v * 10000), 10000) for v in neutral)
    entries = [  # tag, type, count, value bytes ("data": the sensor data's offset)
        (254, 4, 1, struct.pack("<I", 0)), (256, 4, 1, struct.pack("<I", w)), (257, 4, 1, struct.pack("<I", h)),
        (258, 3, 1, struct.pack("<H", 16)), (259, 3, 1, struct.pack("<H", 1)), (262, 3, 1, struct.pack("<H", 32803)),
        (271, 2, 10, b"PixelPool\0"), (272, 2, 20, b"Hostile Test Camera\0"), (273, 4, 1, "data"),
        (274, 3, 1, struct.pack("<H", orientation)), (277, 3, 1, struct.pack("<H", 1)),
        (278, 4, 1, struct.pack("<I", h)), (279, 4, 1, struct.pack("<I", len(data))),
        (284, 3, 1, struct.pack("<H", 1)), (33421, 3, 2, struct.pack("<HH", 2, 2)), (33422, 1, 4, bytes([0, 1, 1, 2])),
        (50706, 1, 4, bytes([1, 4, 0, 0])), (50707, 1, 4, bytes([1, 1, 0, 0])),
        (50708, 2, 30, b"PixelPool Hostile Test Camera\0"), (50714, 4, 1, struct.pack("<I", black)),
        (50717, 4, 1, struct.pack("<I", white)), (50721, 10, 9, srational), (50728, 5, 3, rational),
        (50778, 3, 1, struct.pack("<H", 21)),
    ]
    ifd_size = 2 + 12 * len(entries) + 4
    extra = bytearray()
    extra_offset = 8 + ifd_size
    data_offset = extra_offset + sum((len(v) + 1) & ~1 for _, _, _, v in entries if v != "data" and len(v) > 4)
    ifd = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        if value == "data":
            value = struct.pack("<I", data_offset)
        if len(value) <= 4:
            ifd += struct.pack("<HHI", tag, typ, count) + value.ljust(4, b"\0")
        else:
            ifd += struct.pack("<HHII", tag, typ, count, extra_offset + len(extra))
            extra += value + (b"\0" if len(value) & 1 else b"")
    ifd += struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + bytes(extra) + bytes(data)


def bmp(width, height, pixel=None, claim=None):
    row = (width * 3 + 3) & ~3
    body = bytearray()
    for y in range(height - 1, -1, -1):
        line = bytearray()
        for x in range(width):
            r, g, b = pixel(x, y) if pixel else (0, 0, 0)
            line += bytes((b, g, r))
        body += line + bytes(row - len(line))
    cw, ch = claim or (width, height)
    header = struct.pack("<IiiHHIIiiII", 40, cw, ch, 1, 24, 0, len(body), 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + 40 + len(body), 0, 0, 54) + header + bytes(body)


def bmp32_bitfields(width, height, pixel, masks=(0xFF0000, 0xFF00, 0xFF)):
    """A 32-bit BMP with bit fields behind Windows' 40-byte header, as GDI writes it: the three
    masks after the header, each pixel's fourth byte padding (0)."""
    body = bytearray()
    for y in range(height - 1, -1, -1):
        for x in range(width):
            r, g, b = pixel(x, y)
            v = 0
            for value, mask in zip((r, g, b), masks):
                v |= value << ((mask & -mask).bit_length() - 1)
            body += struct.pack("<I", v)
    offset = 14 + 40 + 12
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 32, 3, len(body), 2835, 2835, 0, 0)
    return (b"BM" + struct.pack("<IHHI", offset + len(body), 0, 0, offset) + header + struct.pack("<III", *masks) +
            bytes(body))


def bmp_rle8(width, height, pixel, palette, row_pixels=None, cut=None):
    """An RLE8 BMP of palette indices pixel(x, y), each row written in runs up to row_pixels (past the
    width, as ImageMagick fills a row up to its 4-byte stride) and closed by an end-of-line, the
    last by the end of the bitmap; cut: the RLE data ends after that many bytes."""
    row_pixels = row_pixels or width
    data = bytearray()
    for y in range(height - 1, -1, -1):
        row = [pixel(x, y) if x < width else x % len(palette) for x in range(row_pixels)]
        x = 0
        while x < len(row):
            n = 1
            while x + n < len(row) and n < 255 and row[x + n] == row[x]:
                n += 1
            data += bytes((n, row[x]))
            x += n
        data += bytes((0, 1 if y == 0 else 0))
    if cut is not None:
        data = data[:cut]
    table = b"".join(bytes((b, g, r, 0)) for r, g, b in palette)
    offset = 14 + 40 + len(table)
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 8, 1, len(data), 2835, 2835, len(palette), 0)
    return b"BM" + struct.pack("<IHHI", offset + len(data), 0, 0, offset) + header + table + bytes(data)


def bmp_pal8(width, height, pixel, palette, data_offset=None, cut=0):
    """An uncompressed 8-bit palette BMP of indices pixel(x, y) behind a 40-byte header; data_offset
    overrides the pixel data offset (54 leaves the palette out, as some converters write it); cut:
    that many bytes cut off the end."""
    row = (width + 3) & ~3
    body = bytearray()
    for y in range(height - 1, -1, -1):
        line = bytes(pixel(x, y) for x in range(width))
        body += line + bytes(row - len(line))
    table = b"".join(bytes((b, g, r, 0)) for r, g, b in palette)
    offset = 14 + 40 + len(table)
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 8, 0, len(body), 2835, 2835, len(palette), 0)
    data = (b"BM" + struct.pack("<IHHI", offset + len(body), 0, 0, offset if data_offset is None else data_offset) +
            header + table + bytes(body))
    return data[:len(data) - cut]


def os2_bmp(width, height, pixel, palette=None, data_offset=None):
    """An OS/2 1.x BMP: 12-byte core header, rows bottom-up; 24 bits a pixel, or 8 through
    `palette` (3-byte entries, (r, g, b) tuples), pixel() then giving an index."""
    bpp = 8 if palette else 24
    row = (width * bpp // 8 + 3) & ~3
    body = bytearray()
    for y in range(height - 1, -1, -1):
        line = bytearray()
        for x in range(width):
            if palette:
                line.append(pixel(x, y))
            else:
                r, g, b = pixel(x, y)
                line += bytes((b, g, r))
        body += line + bytes(row - len(line))
    table = b"".join(bytes((b, g, r)) for r, g, b in (palette or []))
    offset = 14 + 12 + len(table) if data_offset is None else data_offset
    header = struct.pack("<IHHHH", 12, width, height, 1, bpp)
    return b"BM" + struct.pack("<IHHI", 14 + 12 + len(table) + len(body), 0, 0, offset) + header + table + bytes(body)


def raw_gif(width, height, code_size, pixel, table=None):
    """A GIF written byte by byte: indices pixel(x, y), each a literal LZW code after a clear code
    (valid at any LZW minimum code size from 2; GIF allows up to 8), with a global colour table of
    (r, g, b) entries (a power of two of them), or none."""
    flags = 0x80 | (len(table).bit_length() - 2) if table else 0
    out = bytearray(b"GIF89a" + struct.pack("<HHBBB", width, height, flags, 0, 0))
    for r, g, b in table or []:
        out += bytes((r, g, b))
    lzw, bits, held = bytearray(), 0, 0
    codes = []
    for y in range(height):
        for x in range(width):
            codes += [1 << code_size, pixel(x, y)]
    for code in codes + [(1 << code_size) + 1]:
        bits |= code << held
        held += code_size + 1
        while held >= 8:
            lzw.append(bits & 255)
            bits >>= 8
            held -= 8
    if held:
        lzw.append(bits & 255)
    out += b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + bytes((code_size,))
    for at in range(0, len(lzw), 255):
        out += bytes((len(lzw[at:at + 255]),)) + lzw[at:at + 255]
    return bytes(out + b"\x00\x3b")


def webp_vp8x(width, height):
    chunk = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00" + \
        struct.pack("<I", width - 1)[:3] + struct.pack("<I", height - 1)[:3]
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def webp_chunk(kind, data):
    return kind + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) & 1)


# A 2x2 lossless WebP bitstream, the VP8L chunk's data (cwebp -lossless of red, green, blue, white).
VP8L_2X2 = bytes.fromhex("2f014000001f201048de1f3a8df9171014fc1fddfc47640fe0060c11fd0f01")


def webp_animation(width, height, frames):
    """An animated WebP on a canvas of width x height: a first frame of 2x2 pixels at its top left,
    then frames - 1 ANMF chunks that hold no image at all (a reader that only counts them is fine)."""
    le24 = lambda v: struct.pack("<I", v)[:3]
    vp8x = webp_chunk(b"VP8X", bytes([0x12, 0, 0, 0]) + le24(width - 1) + le24(height - 1))  # animation, alpha
    anim = webp_chunk(b"ANIM", struct.pack("<IH", 0, 0))
    first = webp_chunk(b"ANMF", le24(0) + le24(0) + le24(1) + le24(1) + le24(100) + b"\x00" +
                       webp_chunk(b"VP8L", VP8L_2X2))
    body = b"WEBP" + vp8x + anim + first + webp_chunk(b"ANMF", bytes(16)) * (frames - 1)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# --------------------------------------------------------------------------- the corpus

class Corpus:
    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.entries = []
        self.notes = []

    def path(self, rel):
        rel_b = os.fsencode(rel) if isinstance(rel, str) else rel
        full = os.path.join(os.fsencode(self.root), rel_b)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        return full

    def add(self, rel, case, description, expect, **kw):
        rel_b = os.fsencode(rel) if isinstance(rel, str) else rel
        entry = {"path": rel_b.decode("utf-8", "replace"), "path_hex": rel_b.hex(), "case": case,
                 "description": description, "expect": expect}
        entry.update({k: v for k, v in kw.items() if v is not None})
        self.entries.append(entry)
        return entry

    def write(self, rel, data, case, description, expect, **kw):
        with open(self.path(rel), "wb") as f:
            f.write(data)
        return self.add(rel, case, description, expect, **kw)


def libheif_refuses_amplification():
    """Whether the installed libheif refuses a grid that decodes one tile several times ("Security
    limit exceeded: Too many pixels decoded for derived images"): Debian's security update
    1.15.1-1+deb12u3 and later do; 1.15.1-1+deb12u2 and earlier do not."""
    p = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "libheif1"], capture_output=True, text=True)
    if p.returncode != 0 or not p.stdout:
        return False
    return subprocess.run(["dpkg", "--compare-versions", p.stdout, "ge", "1.15.1-1+deb12u3"]).returncode == 0


def djpeg_verdict(data):
    """What libjpeg itself says about a JPEG: 'ok', 'warning' (damage it decoded around) or
    'error'."""
    if not which("djpeg"):
        return "unknown"
    p = subprocess.run(["djpeg", "-ppm", "-outfile", os.devnull], input=data, capture_output=True,
                       timeout=60)
    return {0: "ok", 2: "warning"}.get(p.returncode, "error")


def source_photos(sources):
    out = []
    for s in sorted(sources):
        if os.path.isfile(s):
            out.append(s)
    return out


def default_sources():
    found = sorted(glob.glob(os.path.join(REPO, "resources", "samples", "*.jpg")))
    if not found:
        found = sorted(glob.glob("/usr/share/wallpapers/*/contents/images/*.jpg"))[:3]
    return found


def small_photo(source, scale, quality=85):
    """A real photo, reduced with libjpeg's DCT scaling and re-encoded."""
    return cjpeg(run(["djpeg", "-scale", scale, "-ppm", source]), "-quality", str(quality))


def build(outdir, sources=None, fs_oddities=True):
    if not which("cjpeg") or not which("djpeg"):
        raise SystemExit("make_corpus.py needs cjpeg and djpeg (Debian: libjpeg-turbo-progs)")
    sources = source_photos(sources if sources else default_sources())
    c = Corpus(outdir)
    os.makedirs(c.root, exist_ok=True)
    rnd = random.Random(20240601)
    magick = find_imagemagick()

    # ---------------------------------------------------------------- good images
    photos = []
    for i, src in enumerate(sources[:4]):
        stem = os.path.splitext(os.path.basename(src))[0]
        data = small_photo(src, "1/4")
        w, h, _, _ = parse_ppm(run(["djpeg", "-ppm"], data))
        photos.append(data)
        c.write("00_good/%s.jpg" % stem, data, "good", "real photo from %s, 1/4 size" % os.path.basename(src),
                "done", output_size=[w, h] if max(w, h) <= 1920 else None)
    if not photos:
        data = cjpeg(ppm(640, 400, pattern_pixel(1)))
        photos.append(data)
        c.write("00_good/synthetic.jpg", data, "good", "synthetic 640x400 JPEG (no source photo given)",
                "done", output_size=[640, 400])
    base_jpeg = photos[0]
    good_png = png(200, 150, 2, 8, raw_rows(200, 150, 3, lambda x, y: (
        (x * 3 + rnd.randrange(8)) & 255, (y * 5 + rnd.randrange(8)) & 255, (x * y) & 255)))
    c.write("00_good/synthetic.png", good_png, "good", "200x150 RGB PNG", "done", output_size=[200, 150])
    c.write("00_good/rgba.png", png(64, 48, 6, 8, raw_rows(64, 48, 4, lambda x, y: (10, 200, 10, 255))),
            "good", "RGBA PNG, opaque green", "done", output_size=[64, 48],
            pixels=[{"at": [0.5, 0.5], "rgb": [10, 200, 10], "tol": 40}])
    c.write("00_good/small.tif", tiff(32, 24, pixels=bytes([200, 30, 30] * 32 * 24)), "good",
            "uncompressed RGB TIFF", "done", output_size=[32, 24],
            pixels=[{"at": [0.5, 0.5], "rgb": [200, 30, 30], "tol": 40}])
    for name, sub in (("tiff_thumbnail_first", False), ("tiff_ep_image_in_subifd", True)):
        c.write("00_good/%s.tif" % name, tiff_behind_thumbnail(32, 24, (30, 30, 200), in_subifd=sub), "good",
                "RGB TIFF behind an 8x6 red thumbnail (IFD0, reduced resolution), %s"
                % ("in a SubIFD of it (TIFF/EP)" if sub else "next in the chain"), "done", output_size=[32, 24],
                pixels=[{"at": [0.5, 0.5], "rgb": [30, 30, 200], "tol": 40}])
    c.write("00_good/grey32_signed_within_16_bits.tif", tiff_grey32(64, 16, lambda x, y: x * 1040), "good",
            "32-bit signed grey TIFF whose samples lie within 0..65535 (Pillow's mode I): read as 16-bit values, "
            "a ramp from black to white with a warning, not one flat grey", "done", output_size=[64, 16],
            warning_any=["read as 16-bit values"],
            pixels=[{"at": [0.05, 0.5], "rgb": [8, 8, 8], "tol": 20},
                    {"at": [0.95, 0.5], "rgb": [245, 245, 245], "tol": 20}])
    c.write("00_good/small.bmp", bmp(33, 17, lambda x, y: (30, 30, 200)), "good", "24-bit BMP, odd width",
            "done", output_size=[33, 17], pixels=[{"at": [0.5, 0.5], "rgb": [30, 30, 200], "tol": 40}])
    c.write("00_good/os2_core.bmp", os2_bmp(33, 17, lambda x, y: (30, 30, 200)), "good",
            "OS/2 1.x BMP (12-byte core header), 24-bit: colour, not grey", "done", output_size=[33, 17],
            pixels=[{"at": [0.5, 0.5], "rgb": [30, 30, 200], "tol": 40}])
    c.write("00_good/os2_core_palette.bmp",
            os2_bmp(33, 17, lambda x, y: int(x >= 16), palette=[(200, 40, 30), (30, 200, 40)]), "good",
            "OS/2 1.x BMP, 8-bit palette of 3-byte entries: colour, not grey", "done", output_size=[33, 17],
            pixels=[{"at": [0.2, 0.5], "rgb": [200, 40, 30], "tol": 40},
                    {"at": [0.8, 0.5], "rgb": [30, 200, 40], "tol": 40}])
    c.write("00_good/bitfields_40_byte_header.bmp", bmp32_bitfields(33, 17, lambda x, y: (200, 40, 30)), "good",
            "32-bit BMP, bit fields behind the 40-byte header (GDI's layout, fourth byte 0): opaque, not "
            "transparent (white in a JPEG)", "done", output_size=[33, 17],
            pixels=[{"at": [0.5, 0.5], "rgb": [200, 40, 30], "tol": 40}])
    c.write("00_good/bitfields_red_first.bmp",
            bmp32_bitfields(33, 17, lambda x, y: (200, 40, 30), masks=(0xFF, 0xFF00, 0xFF0000)), "good",
            "32-bit BMP, bit fields with red in the low byte: red, not blue", "done", output_size=[33, 17],
            pixels=[{"at": [0.5, 0.5], "rgb": [200, 40, 30], "tol": 40}])
    c.write("00_good/rle8_rows_past_width.bmp",
            bmp_rle8(97, 40, lambda x, y: int(x >= 48), [(200, 40, 30), (30, 200, 40)], row_pixels=100), "good",
            "RLE8 BMP whose rows run 3 pixels past the width, as ImageMagick writes them: cut there, not "
            "sheared", "done", output_size=[97, 40],
            pixels=[{"at": [0.2, 0.1], "rgb": [200, 40, 30], "tol": 40},
                    {"at": [0.8, 0.9], "rgb": [30, 200, 40], "tol": 40},
                    {"at": [0.45, 0.9], "rgb": [200, 40, 30], "tol": 40}])
    c.write("00_good/clipboard_headerless.dib", bmp32_bitfields(33, 17, lambda x, y: (200, 40, 30))[14:], "good",
            "a DIB without BMP's file header (a BITMAPINFOHEADER at byte 0, as Windows' clipboard holds one): read as "
            "the BMP it is, not 'not an image'", "done", output_size=[33, 17],
            pixels=[{"at": [0.5, 0.5], "rgb": [200, 40, 30], "tol": 40}])
    c.write("00_good/pal8_offset_before_palette.bmp",
            bmp_pal8(33, 17, lambda x, y: int(x >= 16), [(200, 40, 30), (30, 200, 40)] * 100, data_offset=54),
            "good", "8-bit palette BMP whose pixel data offset (54) leaves out its palette of 200 colours, as some "
            "converters write it: read from after the palette, with a warning, not the palette read as pixels",
            "done", output_size=[33, 17], warning_any=["lies before the end of its palette"],
            pixels=[{"at": [0.2, 0.5], "rgb": [200, 40, 30], "tol": 40},
                    {"at": [0.8, 0.5], "rgb": [30, 200, 40], "tol": 40}])
    c.write("00_good/gif_no_colour_table.gif", raw_gif(40, 30, 2, lambda x, y: 3 * (x >= 20)), "good",
            "GIF with neither a global nor a local colour table: read as grey (index 0 black, the last white), "
            "with a warning, as ImageMagick and Pillow read it", "done", output_size=[40, 30],
            warning_any=["GIF without a colour table"],
            pixels=[{"at": [0.2, 0.5], "rgb": [0, 0, 0], "tol": 40},
                    {"at": [0.8, 0.5], "rgb": [255, 255, 255], "tol": 40}])
    c.write("30_unsupported/gif_lzw_code_size_11.gif",
            raw_gif(40, 30, 11, lambda x, y: 1 + (x >= 20), table=[(0, 0, 0), (200, 40, 30), (30, 200, 40), (0, 0, 0)]),
            "unsupported", "GIF whose LZW minimum code size is 11 (GIF allows 2 to 8; giflib reads no more): refused "
            "as a kind PixelPool does not read, naming the code size, not as damaged", "failed",
            reason_all=["does not read", "LZW minimum code size 11"])
    if magick:
        gif = run([magick, "-size", "40x30", "xc:#2020c0", "gif:-"])
        c.write("00_good/small.gif", gif, "good", "GIF (ImageMagick), blue", "done", output_size=[40, 30],
                pixels=[{"at": [0.5, 0.5], "rgb": [32, 32, 192], "tol": 40}])
        c.write("50_bombs/gif_screen_60000.gif", gif[:6] + bytes([0x60, 0xEA, 0x60, 0xEA]) + gif[10:], "bomb",
                "GIF whose logical screen claims 60000x60000", "failed", reason_any=TOO_LARGE)
        webp = run([magick, "-size", "40x30", "xc:#20c020", "webp:-"])
        c.write("00_good/small.webp", webp, "good", "lossy WebP (ImageMagick)", "done", output_size=[40, 30])

    # ---------------------------------------------------------------- truncated
    n = len(base_jpeg)
    sos = [s for s in jpeg_segments(base_jpeg) if s[1] == 0xDA][0][0]
    for label, cut in [("100b", 100), ("before_sos", sos), ("10pct", n // 10), ("50pct", n // 2),
                       ("90pct", n * 9 // 10)]:
        c.write("10_truncated/jpeg_cut_%s.jpg" % label, base_jpeg[:cut], "truncated",
                "photo JPEG cut to %d of %d bytes" % (cut, n), "failed", reason_any=DAMAGED)
    c.write("10_truncated/jpeg_no_eoi.jpg", base_jpeg[:-2], "truncated",
            "JPEG missing only its final EOI marker (every pixel present)", "either", reason_any=DAMAGED)
    prog = run(["jpegtran", "-progressive"], base_jpeg) if which("jpegtran") else cjpeg(
        run(["djpeg", "-ppm"], base_jpeg), "-progressive")
    c.write("10_truncated/progressive_cut_50pct.jpg", prog[:len(prog) // 2], "truncated",
            "progressive JPEG cut in half", "failed", reason_any=DAMAGED)
    # Progressions a thumbnail's DC-only read must not take for regular (libjpeg's standard script
    # for colour: 0 DC, 1-5 AC first passes, 6 DC refined, 7-9 AC refined).
    head, scans, tail = progressive_scans(prog)
    if len(scans) == 10:
        def progression(order):
            return head + b"".join(scans[i] for i in order) + tail
        c.write("40_damaged/progressive_no_dc_scan.jpg", progression([1, 2, 3, 4, 5, 7, 8, 9]), "damaged",
                "progressive JPEG without its DC scans", "failed", reason_any=DAMAGED)
        c.write("40_damaged/progressive_ac_before_dc.jpg", progression([1, 0, 2, 3, 4, 5, 6, 7, 8, 9]),
                "damaged", "progressive JPEG whose first AC scan comes before the DC scan", "failed",
                reason_any=DAMAGED)
        c.write("40_damaged/progressive_dc_refined_first.jpg", progression([6, 0, 1, 2, 3, 4, 5, 7, 8, 9]),
                "damaged", "progressive JPEG whose DC refinement comes before the first DC scan", "failed",
                reason_any=DAMAGED)
        c.write("60_shapes/progressive_dc_unrefined.jpg", progression([0, 1, 2, 3, 4, 5, 7, 8, 9]), "shape",
                "progressive JPEG whose DC is never refined (legal: the last bit is simply not sent)", "done")
    else:
        c.notes.append("progressive scan cases left out: jpegtran wrote %d scans, not 10" % len(scans))
    n = len(good_png)
    for label, cut in [("8b", 8), ("20b", 20), ("33b", 33), ("50pct", n // 2), ("90pct", n * 9 // 10)]:
        c.write("10_truncated/png_cut_%s.png" % label, good_png[:cut], "truncated",
                "PNG cut to %d of %d bytes" % (cut, n), "failed", reason_any=DAMAGED)
    c.write("10_truncated/png_no_iend.png", good_png[:-12], "truncated",
            "PNG missing only its IEND chunk (every pixel present)", "either", reason_any=DAMAGED)

    # ---------------------------------------------------------------- not images
    c.write("20_junk/zero.jpg", b"", "empty", "zero-byte .jpg", "failed", reason_any=["empty"])
    c.write("20_junk/zero.png", b"", "empty", "zero-byte .png", "failed", reason_any=["empty"])
    c.write("20_junk/random.jpg", bytes(rnd.randrange(256) for _ in range(4096)), "junk",
            "4 KiB of random bytes named .jpg", "failed", reason_any=NOT_IMAGE)
    c.write("20_junk/random.png", bytes(rnd.randrange(256) for _ in range(777)), "junk",
            "random bytes named .png", "failed", reason_any=NOT_IMAGE)
    html = b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>" \
           b"<p>The requested URL was not found on this server.</p></body></html>\n"
    c.write("20_junk/page.jpg", html, "junk", "an HTML error page saved as .jpg", "failed", reason_any=NOT_IMAGE)
    c.write("20_junk/jpeg_magic_only.jpg", b"\xff\xd8\xff", "junk", "just the 3-byte JPEG signature",
            "failed", reason_any=DAMAGED)
    c.write("20_junk/png_magic_only.png", b"\x89PNG\r\n\x1a\n", "junk", "just the PNG signature",
            "failed", reason_any=DAMAGED)
    # A PNG through a text-mode transfer (CR LF made LF, LF made CR LF, CR or LF made the other, as
    # PngSuite's xcrn0g04.png and xlfn0g04.png): a damaged PNG, not a file of no known kind.
    for label, before, after in (("crlf_made_lf", b"\r\n", b"\n"), ("lf_made_crlf", b"\n", b"\r\n"),
                                 ("lf_made_cr", b"\n", b"\r"), ("cr_made_lf", b"\r", b"\n")):
        c.write("20_junk/png_text_transfer_%s.png" % label, good_png.replace(before, after), "junk",
                "a PNG whose every %r became %r in a text-mode transfer" % (before, after), "failed",
                reason_any=["damaged PNG signature (changed by a text-mode transfer)"])
    c.write("20_junk/anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "junk",
            "a GIF header with no image in it", "failed", reason_any=["gif"],
            direct={"expect": "failed", "reason_any": ["gif"]})
    c.write("20_junk/heic_named.jpg", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64),
            "junk", "a HEIF header named .jpg", "failed", reason_any=["heif", "not supported"])

    # ---------------------------------------------------------------- read by content
    c.write("30_content/png_named.jpg", good_png, "content", "a PNG named .jpg: read by content",
            "done", output_size=[200, 150], direct={})
    c.write("30_content/jpeg_named.png", base_jpeg, "content", "a JPEG named .png: read by content",
            "done")
    c.write("30_content/notes.txt", b"not an image\n", "content", "a text file in a scanned folder",
            "skipped", reason_any=["not an image file name"],
            direct={"expect": "failed", "reason_any": NOT_IMAGE})

    # ---------------------------------------------------------------- damaged data
    start, end = entropy_range(base_jpeg)
    span = end - start

    def corrupt(data, edits):
        b = bytearray(data)
        for pos, fn in edits:
            b[pos] = fn(b[pos])
        return bytes(b)

    def safe(pos):  # never create or destroy 0xFF (that would be a marker, not Huffman damage)
        while base_jpeg[pos] == 0xFF or base_jpeg[pos - 1] == 0xFF or base_jpeg[pos] ^ 0x5A == 0xFF:
            pos += 1
        return pos

    variants = {
        "huffman_xor_run": [(safe(start + span // 3) + i, lambda v: v ^ 0x5A) for i in range(0, 48)],
        "huffman_zero_run": [(start + span // 2 + i, lambda v: 0) for i in range(256)],
        "huffman_bytes_3": [(safe(start + span * k // 4), lambda v: v ^ 0x5A) for k in (1, 2, 3)],
        "huffman_bitflip": [(safe(start + span // 2), lambda v: v ^ 0x01)],
        "huffman_early": [(safe(start + 40) + i, lambda v: v ^ 0x5A) for i in range(0, 16)],
    }
    for label, edits in variants.items():
        data = corrupt(base_jpeg, [(p, f) for p, f in edits if base_jpeg[p] != 0xFF and base_jpeg[p - 1] != 0xFF])
        verdict = djpeg_verdict(data)
        # libjpeg has no checksum: damage it cannot see decodes "cleanly" with wrong pixels.
        # What libjpeg reports (djpeg warns or fails) PixelPool must fail on.
        expect = "failed" if verdict in ("warning", "error") else "either"
        c.write("40_damaged/%s.jpg" % label, data, "damaged",
                "photo JPEG with corrupted entropy-coded data (%s); libjpeg says: %s" % (label, verdict),
                expect, reason_any=DAMAGED, libjpeg=verdict)
    # a spurious restart marker and garbage in the middle of the scan
    mid = start + span // 2
    while base_jpeg[mid - 1] == 0xFF:
        mid += 1
    data = base_jpeg[:mid] + b"\xff\xd3" + bytes(rnd.randrange(0, 255) for _ in range(64)) + base_jpeg[mid:]
    c.write("40_damaged/spurious_marker.jpg", data, "damaged",
            "unexpected RST marker and garbage inside the scan; libjpeg says: %s" % djpeg_verdict(data),
            "failed", reason_any=DAMAGED, libjpeg=djpeg_verdict(data))
    # garbage appended between the last scan data and EOI
    data = base_jpeg[:end] + bytes((rnd.randrange(0, 255) for _ in range(2000))) + b"\xff\xd9"
    c.write("40_damaged/garbage_before_eoi.jpg", data, "damaged",
            "2000 bytes of garbage between the scan data and EOI; libjpeg says: %s" % djpeg_verdict(data),
            "either", reason_any=DAMAGED, libjpeg=djpeg_verdict(data),
            note="every pixel decodes before the garbage; libjpeg warns, so failing is right and "
                 "succeeding is tolerable")
    c.write("40_damaged/no_dqt.jpg", drop_segment(base_jpeg, 0xDB), "damaged",
            "JPEG without its quantisation tables", "failed", reason_any=DAMAGED)
    c.write("40_damaged/no_dht.jpg", drop_segment(base_jpeg, 0xC4), "damaged",
            "JPEG without Huffman tables (libjpeg then uses the standard tables; the data does not match)",
            "either", reason_any=DAMAGED, libjpeg=djpeg_verdict(drop_segment(base_jpeg, 0xC4)))
    # Stray bytes between header segments (a segment length off by a few, a stuffed 0xFF 0x00, a
    # comment of length 0) cost no pixel: libjpeg skips them to the next marker, and so does the
    # probe, so they are read with a warning whatever `damaged` says (the probe refused them). More
    # than 64 KB of them is no header. After the first scan they are damage (above).
    dqt = [s for s in jpeg_segments(base_jpeg) if s[1] == 0xDB][0][0]
    for label, junk, warning in (
            ("stray_bytes", b"hello", "JPEG header has 5 stray bytes before a marker; ignored"),
            ("stuffed_zero", b"\xff\x00\x00\x02", "JPEG header has 4 stray bytes before a marker; ignored"),
            ("comment_too_short", b"\xff\xfe\x00\x05abcxyz", "JPEG header has 3 stray bytes before a marker; ignored")):
        data = base_jpeg[:dqt] + junk + base_jpeg[dqt:]
        c.write("40_damaged/jpeg_header_%s.jpg" % label, data, "damaged",
                "photo JPEG with %r before its quantisation tables; libjpeg says: %s" % (junk, djpeg_verdict(data)),
                "done", warning_any=[warning], libjpeg=djpeg_verdict(data))
    data = base_jpeg[:dqt] + b"\xff\xfe\x00\x00" + base_jpeg[dqt:]
    c.write("40_damaged/jpeg_header_comment_length_0.jpg", data, "damaged",
            "photo JPEG with a comment whose length is 0 (libjpeg reads on after its length bytes)", "done")
    data = base_jpeg[:dqt] + b"j" * 65536 + base_jpeg[dqt:]
    c.write("40_damaged/jpeg_header_64kb_stray.jpg", data, "damaged",
            "photo JPEG with 64 KB of stray bytes before its quantisation tables: no header", "failed",
            reason_any=["damaged JPEG header (no marker in the 65536 bytes"])
    # PNG CRC and deflate damage
    chunks = png_chunks(good_png)
    idat0 = [ch for ch in chunks if ch[2] == b"IDAT"][0]
    b = bytearray(good_png)
    b[idat0[0] + 8 + idat0[1]] ^= 0xFF  # first byte of the CRC
    c.write("40_damaged/png_idat_crc.png", bytes(b), "crc", "PNG whose first IDAT chunk has a wrong CRC",
            "failed", reason_any=DAMAGED)
    b = bytearray(good_png)
    b[8 + 8 + 13] ^= 0xFF  # IHDR CRC
    c.write("40_damaged/png_ihdr_crc.png", bytes(b), "crc", "PNG whose IHDR chunk has a wrong CRC",
            "failed", reason_any=DAMAGED)
    raw = raw_rows(64, 48, 3, lambda x, y: (x * 4, y * 5, 128))
    c.write("40_damaged/png_text_crc.png", png(64, 48, 2, 8, raw, extra=[(b"tEXt", b"Comment\x00hello")],
                                                 bad_crc=(b"tEXt",)),
            "crc", "PNG whose ancillary tEXt chunk has a wrong CRC (pixels intact)", "either",
            reason_any=DAMAGED, warning_any=['PNG text "Comment" left out: damaged (its CRC is wrong)'])
    idat = bytearray(zlib.compress(raw, 9))
    idat[len(idat) // 2] ^= 0xFF  # deflate damage under a correct CRC
    c.write("40_damaged/png_deflate_damage.png", png(64, 48, 2, 8, raw, idat=bytes(idat)), "damaged",
            "PNG with corrupted deflate data (CRC recomputed, so only zlib can tell)", "failed",
            reason_any=DAMAGED)
    c.write("40_damaged/tiff_strip_past_end.tif", tiff_strip_at(tiff(32, 24, pixels=bytes(16)), 100000), "damaged",
            "TIFF whose strip begins past the end of the file: damaged, said so in true numbers (libtiff's message "
            "had the file's size less the offset, wrapped below 0)", "failed", reason_any=DAMAGED,
            reason_all=["strip 0 begins at byte 100000, past its end"])
    c.write("40_damaged/bmp_os2_pixels_in_header.bmp", os2_bmp(33, 17, lambda x, y: (30, 30, 200), data_offset=20),
            "damaged", "OS/2 1.x BMP whose pixel data offset points inside its own header", "failed",
            reason_any=DAMAGED)
    c.write("40_damaged/bmp_os2_pixels_past_end.bmp", os2_bmp(33, 17, lambda x, y: (30, 30, 200), data_offset=1 << 30),
            "damaged", "OS/2 1.x BMP whose pixel data offset is past the end of the file", "failed",
            reason_any=DAMAGED)
    c.write("40_damaged/bmp_pal8_offset_before_palette_cut.bmp",
            bmp_pal8(33, 17, lambda x, y: int(x >= 16), [(200, 40, 30), (30, 200, 40)] * 100, data_offset=54, cut=1),
            "damaged", "8-bit palette BMP whose pixel data offset leaves out its palette, a byte short of a whole "
            "image after the palette", "failed", reason_any=DAMAGED)
    c.write("40_damaged/bmp_rle8_cut.bmp",
            bmp_rle8(97, 40, lambda x, y: int(x >= 48), [(200, 40, 30), (30, 200, 40)], cut=100), "damaged",
            "RLE8 BMP whose data ends in its second row, without the end of the bitmap", "failed",
            reason_any=DAMAGED)
    c.write("40_damaged/png_padded_idat.png", png(64, 48, 2, 8, raw, idat=zlib.compress(raw, 9) + b"m\xee"),
            "damaged", "PNG whose IDAT has 2 bytes after the zlib stream (as Pillow's padded_idat.png): every row "
            "there, read with a warning", "done", output_size=[64, 48],
            warning_any=["PNG image data goes on past the last row (IDAT: Extra compressed data)"])
    c.write("40_damaged/png_short_idat.png", png(64, 48, 2, 8, raw[:len(raw) // 2]), "damaged",
            "PNG whose IDAT holds half the rows its IHDR promises", "failed", reason_any=DAMAGED)
    c.write("40_damaged/png_bad_ihdr_depth.png", png(8, 8, 2, 3, bytes(8 * 25)), "damaged",
            "PNG with an invalid bit depth (3) for RGB", "failed", reason_any=DAMAGED + NOT_IMAGE)

    # ---------------------------------------------------------------- decompression bombs
    tiny = cjpeg(ppm(16, 16, pattern_pixel(3)))
    c.write("50_bombs/jpeg_60000x60000.jpg", patch_sof(tiny, 60000, 60000), "bomb",
            "JPEG whose SOF claims 60000x60000 (3600 MP) in %d bytes" % len(tiny), "failed",
            reason_any=TOO_LARGE, reason_all=["60000×60000"])
    c.write("50_bombs/jpeg_65535x65535.jpg", patch_sof(tiny, 65535, 65535), "bomb",
            "JPEG at the format's maximum size, 65535x65535", "failed", reason_any=TOO_LARGE,
            reason_all=["65535×65535"])
    c.write("50_bombs/jpeg_8000x8000_lying.jpg", patch_sof(tiny, 8000, 8000), "bomb",
            "JPEG claiming 8000x8000 (64 MP, under the limit) with 16x16 worth of data", "failed",
            reason_any=DAMAGED)
    # Progressive: libjpeg keeps every DCT coefficient (128 bytes a block) until the last scan, which
    # counts against the limit as the pixels of an image at the limit would (4 bytes a pixel).
    tiny_prog = cjpeg(ppm(16, 16, pattern_pixel(3)), "-progressive", "-sample", "1x1")
    c.write("50_bombs/jpeg_progressive_14000x14000.jpg", patch_sof(tiny_prog, 14000, 14000), "bomb",
            "progressive 4:4:4 JPEG claiming 14000x14000 (196 MP, under the pixel limit; 1176 MB of "
            "coefficients) in %d bytes" % len(tiny_prog), "failed", reason_any=TOO_LARGE,
            reason_all=["dct coefficients"])
    c.write("50_bombs/jpeg_progressive_8000x8000_lying.jpg", patch_sof(tiny_prog, 8000, 8000), "bomb",
            "progressive JPEG claiming 8000x8000 (384 MB of coefficients, within the limit) with 16x16 "
            "worth of data", "failed", reason_any=DAMAGED)
    idat = zlib.compress(b"\x00" * 16, 9)
    c.write("50_bombs/png_60000x60000.png", png(60000, 60000, 2, 8, b"", idat=idat), "bomb",
            "PNG whose IHDR claims 60000x60000 with a 1-row IDAT", "failed", reason_any=TOO_LARGE,
            reason_all=["60000×60000"])
    # a real deflate bomb: 16000x16000 grey, 256 MB of zeros in ~250 KB
    comp = zlib.compressobj(9)
    row = b"\x00" * 16001
    parts = [comp.compress(row * 1000) for _ in range(16)]
    idat = b"".join(parts) + comp.flush()
    c.write("50_bombs/png_zeros_16000x16000.png", png(16000, 16000, 0, 8, b"", idat=idat), "bomb",
            "PNG deflate bomb: %d bytes inflate to 256 MB (16000x16000 grey, 256 MP)" % len(idat),
            "failed", reason_any=TOO_LARGE, reason_all=["16000×16000"])
    # inflates far beyond what its (small, legal) header needs
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(b"\x00" * (1 << 20)) for _ in range(256)) + comp.flush()
    c.write("50_bombs/png_excess_idat_1000x1000.png", png(1000, 1000, 0, 8, b"", idat=idat), "bomb",
            "1000x1000 grey PNG whose IDAT inflates to 256 MB (250x what it needs): every row is there, the "
            "stream's checksum right, the rest ignored with a warning", "done", output_size=[1000, 1000],
            warning_any=["PNG image data goes on past the last row (IDAT: Too much image data)"])
    # text chunks that are zip bombs: each zTXt inflates to 16 MB (libpng's chunk limit), 200 of them
    bomb = zlib.compress(b"\x00" * (16 << 20), 9)
    raw = raw_rows(64, 48, 3, lambda x, y: (x * 4, y * 5, 128))
    c.write("50_bombs/png_ztxt_bombs.png",
            png(64, 48, 2, 8, raw, extra=[(b"tEXt", b"Title\x00Sunset")] +
                [(b"zTXt", b"Comment\x00\x00" + bomb)] * 200), "bomb",
            "64x48 PNG with 200 zTXt chunks of %d bytes, each inflating to 16 MB" % len(bomb), "done",
            warning_any=['PNG text "Comment" left out: it inflates to more than 1024 KB'])
    c.write("50_bombs/tiff_huge_tile.tif", tiff(1000, 1000, tile=(65536, 65536), pixels=bytes(64)), "bomb",
            "1000x1000 TIFF declaring 65536x65536 tiles (4295 MP per tile)", "failed",
            reason_any=["65536×65536", "4295"], reason_all=["over the limit", "tile"])
    c.write("50_bombs/tiff_60000x60000.tif", tiff(60000, 60000, pixels=bytes(64)), "bomb",
            "TIFF claiming 60000x60000", "failed", reason_any=TOO_LARGE, reason_all=["60000×60000"])
    c.write("50_bombs/tiff_thumbnail_before_60000x60000.tif",
            tiff_behind_thumbnail(2, 2, (30, 30, 200), claim=(60000, 60000), in_subifd=True), "bomb",
            "TIFF/EP: an 8x6 thumbnail in IFD0, a SubIFD claiming 60000x60000", "failed", reason_any=TOO_LARGE,
            reason_all=["60000×60000"])
    c.write("50_bombs/bmp_60000x60000.bmp", bmp(2, 2, claim=(60000, 60000)), "bomb",
            "BMP header claiming 60000x60000", "failed", reason_any=TOO_LARGE, reason_all=["60000×60000"])
    c.write("50_bombs/webp_100000x100000.webp", webp_vp8x(100000, 100000), "bomb",
            "WebP VP8X header claiming 100000x100000", "failed", reason_any=TOO_LARGE,
            reason_all=["100000×100000"])
    c.write("50_bombs/webp_anim_100000x100000.webp", webp_animation(100000, 100000, 2), "bomb",
            "animated WebP whose canvas is 100000x100000 (a 2x2 first frame)", "failed", reason_any=TOO_LARGE,
            reason_all=["100000×100000"])
    c.write("50_bombs/webp_anim_100000_frames.webp", webp_animation(40, 30, 100000), "bomb",
            "animated WebP of 100000 frames (2.4 MB): the first is read, the others counted", "done",
            output_size=[40, 30], warning_any=["animated WebP of 100000 frames: only the first is read"])

    # ---------------------------------------------------------------- extreme legal shapes
    c.write("60_shapes/1x1.jpg", cjpeg(ppm(1, 1, lambda x, y: (255, 0, 0))), "shape", "1x1 JPEG", "done",
            output_size=[1, 1])
    c.write("60_shapes/1x1.png", png(1, 1, 2, 8, b"\x00\x00\x00\xff"), "shape", "1x1 PNG", "done",
            output_size=[1, 1], pixels=[{"at": [0, 0], "rgb": [0, 0, 255], "tol": 40}])
    c.write("60_shapes/1x20000.png", png(1, 20000, 0, 8, b"\x00\x80" * 20000), "shape", "1x20000 grey PNG",
            "done", output_size=[1, 1920])
    c.write("60_shapes/1x20000.jpg", cjpeg(ppm(1, 20000, lambda x, y: (y & 255, 0, 0))), "shape",
            "1x20000 JPEG", "done", output_size=[1, 1920])
    c.write("60_shapes/30000x2.jpg", cjpeg(ppm(30000, 2, lambda x, y: (0, x & 255, 0))), "shape",
            "30000x2 JPEG", "done", output_size=[1920, 1])
    c.write("60_shapes/30000x2.png", png(30000, 2, 0, 8, (b"\x00" + b"\x40" * 30000) * 2), "shape",
            "30000x2 grey PNG", "done", output_size=[1920, 1])
    c.write("60_shapes/rgb16.png", png(64, 48, 2, 16, raw_rows(64, 48, 6, lambda x, y: (0x80, 0x00, 0x20, 0x00, 0xFF, 0xFF))),
            "shape", "16-bit RGB PNG (0x8000, 0x2000, 0xffff)", "done", output_size=[64, 48],
            pixels=[{"at": [0.5, 0.5], "rgb": [128, 32, 255], "tol": 30}])
    c.write("60_shapes/grey16.png", png(64, 48, 0, 16, raw_rows(64, 48, 2, lambda x, y: (0x40, 0x00))),
            "shape", "16-bit grey PNG", "done", output_size=[64, 48],
            pixels=[{"at": [0.5, 0.5], "rgb": [64, 64, 64], "tol": 30}])
    c.write("60_shapes/grey_alpha.png",
            png(64, 48, 4, 8, raw_rows(64, 48, 2, lambda x, y: (0, 0) if x < 32 else (0, 255))), "shape",
            "grey+alpha PNG: left half transparent black, right half opaque black", "done",
            output_size=[64, 48], pixels=[{"at": [0.2, 0.5], "rgb": [255, 255, 255], "tol": 40},
                                          {"at": [0.8, 0.5], "rgb": [0, 0, 0], "tol": 40}])
    plte = bytes([0, 0, 0, 220, 30, 30])
    c.write("60_shapes/palette_trns.png",
            png(64, 48, 3, 8, raw_rows(64, 48, 1, lambda x, y: (0 if x < 32 else 1,)),
                extra=[(b"PLTE", plte), (b"tRNS", b"\x00\xff")]), "shape",
            "palette PNG with tRNS: left half transparent, right half opaque red", "done",
            output_size=[64, 48], pixels=[{"at": [0.2, 0.5], "rgb": [255, 255, 255], "tol": 40},
                                          {"at": [0.8, 0.5], "rgb": [220, 30, 30], "tol": 50}])
    c.write("60_shapes/palette_1bit.png",
            png(64, 48, 3, 1, (b"\x00" + b"\xf0" * 8) * 48,
                extra=[(b"PLTE", bytes([0, 0, 0, 255, 255, 255]))]), "shape",
            "1-bit palette PNG", "done", output_size=[64, 48])
    c.write("60_shapes/interlaced.png", png_interlaced_solid(40, 30, (20, 40, 200)), "shape",
            "Adam7-interlaced PNG", "done", output_size=[40, 30],
            pixels=[{"at": [0.5, 0.5], "rgb": [20, 40, 200], "tol": 40}])
    src = ppm(96, 64, pattern_pixel(5))
    c.write("60_shapes/progressive.jpg", cjpeg(src, "-progressive"), "shape", "progressive JPEG", "done",
            output_size=[96, 64])
    c.write("60_shapes/progressive_photo.jpg", prog, "shape", "progressive photo (jpegtran)", "done")
    c.write("60_shapes/grayscale.jpg", cjpeg(src, "-grayscale"), "shape", "greyscale JPEG", "done",
            output_size=[96, 64])
    c.write("60_shapes/restart.jpg", cjpeg(src, "-restart", "1"), "shape", "JPEG with restart markers",
            "done", output_size=[96, 64])
    c.write("60_shapes/arithmetic.jpg", cjpeg(src, "-arithmetic"), "shape", "arithmetic-coded JPEG",
            "done", output_size=[96, 64])
    if magick:
        cmyk = run([magick, "-size", "64x48", "xc:rgb(220,30,30)", "-colorspace", "CMYK", "-quality", "95", "jpeg:-"])
        c.write("60_shapes/cmyk.jpg", cmyk, "shape", "CMYK JPEG (ImageMagick, Adobe inverted), red", "done",
                output_size=[64, 48], pixels=[{"at": [0.5, 0.5], "rgb": [220, 30, 30], "tol": 60}])
    else:
        c.notes.append("cmyk.jpg left out: no real ImageMagick (convert -colorspace CMYK) installed")
    for o in range(1, 9):
        stored = INVERSE[o](quadrants(96, 64))
        data = insert_after_soi(cjpeg(ppm_from_rows(stored)), exif_app1(exif_orientation_tiff(o)))
        c.write("60_shapes/exif_orientation_%d.jpg" % o, data, "orientation",
                "EXIF orientation %d; displayed upright it is red/green over blue/white" % o, "done",
                output_size=[96, 64], pixels=QUADRANT_PIXELS)
    bad = b"II*\x00" + struct.pack("<I", 0xFFFFFFF0)
    c.write("60_shapes/exif_bad_offset.jpg", insert_after_soi(cjpeg(src), exif_app1(bad)), "orientation",
            "EXIF block whose IFD offset points 4 GB away", "done", output_size=[96, 64],
            warning_any=["exif left out"])
    bad = b"MM\x00*" + struct.pack(">I", 8) + struct.pack(">H", 0xFFFF) + bytes(12)
    c.write("60_shapes/exif_huge_count.jpg", insert_after_soi(cjpeg(src), exif_app1(bad)), "orientation",
            "EXIF IFD claiming 65535 entries in 12 bytes", "done", output_size=[96, 64],
            warning_any=["exif left out"])
    c.write("60_shapes/exif_orientation_99.jpg",
            insert_after_soi(cjpeg(src), exif_app1(exif_orientation_tiff(99))), "orientation",
            "EXIF orientation 99 (invalid: ignored)", "done", output_size=[96, 64])
    # Several EXIF blocks are read as the first one's tags, completed with the others': its explicit
    # Orientation 1 wins over a stale 6 after it (an explicit 1 was taken as none, and the photo
    # came out sideways).
    two = exif_app1(exif_orientation_tiff(1)) + exif_app1(exif_orientation_tiff(6))
    upright = cjpeg(ppm_from_rows(quadrants(96, 64)))
    c.write("60_shapes/exif_two_blocks_1_then_6.jpg", insert_after_soi(upright, two), "orientation",
            "two EXIF blocks, Orientation 1 then a stale 6: the first wins, upright as stored", "done",
            output_size=[96, 64], pixels=QUADRANT_PIXELS)
    # An EXIF block after the frame header, before the first scan (JPEG allows APPn there, libjpeg
    # reads it): its Orientation 6 counts (it was taken as upright and rewritten to 1).
    sideways = cjpeg(ppm_from_rows(INVERSE[6](quadrants(96, 64))))
    sof = [s for s in jpeg_segments(sideways) if 0xC0 <= s[1] <= 0xCF and s[1] not in (0xC4, 0xC8, 0xCC)][0]
    at = sof[0] + 2 + sof[2]
    late = sideways[:at] + exif_app1(exif_orientation_tiff(6)) + sideways[at:]
    c.write("60_shapes/exif_after_frame_header.jpg", late, "orientation",
            "EXIF block with Orientation 6 after the frame header: turned upright", "done",
            output_size=[96, 64], pixels=QUADRANT_PIXELS)
    # A JPEG whose XMP alone states its orientation (tiff:Orientation 6, no EXIF): turned upright,
    # as Pillow's exif_transpose() does (it came out sideways, its XMP rewritten to 1).
    xmp_app1 = (b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
                b"xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description rdf:about='' "
                b"xmlns:tiff='http://ns.adobe.com/tiff/1.0/' tiff:Orientation='6'/></rdf:RDF></x:xmpmeta>")
    c.write("60_shapes/jpeg_xmp_orientation.jpg",
            insert_after_soi(sideways, b"\xff\xe1" + struct.pack(">H", 2 + len(xmp_app1)) + xmp_app1), "orientation",
            "JPEG whose Orientation 6 is in its XMP alone (tiff:Orientation): upright", "done",
            output_size=[96, 64], pixels=QUADRANT_PIXELS)
    # Orientation twice in IFD0, 1 then 6: the first entry counts, as for every tag; the output
    # says 1 once (it kept the 6 too, which Pillow takes).
    twice = exif_tiff([(0x0112, 3, 1, struct.pack("<H", 1)), (0x0112, 3, 1, struct.pack("<H", 6))])
    c.write("60_shapes/exif_orientation_1_and_6.jpg", insert_after_soi(upright, exif_app1(twice)), "orientation",
            "IFD0 with two Orientation entries, 1 then 6: the first counts, upright as stored", "done",
            output_size=[96, 64], pixels=QUADRANT_PIXELS)
    # A PNG states its orientation after its image data (ImageMagick 6 writes its eXIf there), in
    # ImageMagick's raw EXIF profile, or in its XMP alone: each turns it upright, as Pillow's
    # exif_transpose() does (only an eXIf before the image data did; the others came out sideways).
    def png_rows(rows):
        return png(len(rows[0]), len(rows), 2, 8, b"".join(b"\x00" + bytes(v for px in row for v in px) for row in rows))

    def before_iend(data, chunk):
        return data[:-12] + chunk + data[-12:]

    sideways_png = png_rows(INVERSE[6](quadrants(96, 64)))
    c.write("60_shapes/png_exif_after_image_data.png",
            before_iend(sideways_png, png_chunk(b"eXIf", exif_orientation_tiff(6))), "orientation",
            "PNG whose eXIf chunk (Orientation 6) follows its image data, as ImageMagick 6 writes it: upright",
            "done", output_size=[96, 64], pixels=QUADRANT_PIXELS)
    block = b"Exif\x00\x00" + exif_orientation_tiff(6)
    raw_profile = b"\nexif\n%8d\n" % len(block) + block.hex().encode() + b"\n"
    c.write("60_shapes/png_raw_exif_profile.png",
            sideways_png[:33] + png_chunk(b"zTXt", b"Raw profile type exif\x00\x00" + zlib.compress(raw_profile)) +
            sideways_png[33:], "orientation",
            "PNG whose Orientation 6 is in ImageMagick's raw EXIF profile (zTXt): upright", "done",
            output_size=[96, 64], pixels=QUADRANT_PIXELS)
    xmp_packet = (b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
                  b"<rdf:Description rdf:about='' xmlns:tiff='http://ns.adobe.com/tiff/1.0/'>"
                  b"<tiff:Orientation>6</tiff:Orientation></rdf:Description></rdf:RDF></x:xmpmeta>")
    c.write("60_shapes/png_xmp_orientation.png",
            sideways_png[:33] + png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + xmp_packet) +
            sideways_png[33:], "orientation",
            "PNG whose Orientation 6 is in its XMP alone (tiff:Orientation): upright", "done",
            output_size=[96, 64], pixels=QUADRANT_PIXELS)

    # ---------------------------------------------------------------- metadata blocks
    # Damaged or hostile metadata never costs the picture: it is left out with a warning.
    def segment(marker, body):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(body) + 2) + body

    plain = cjpeg(src)
    c.write("65_metadata/exif_not_tiff.jpg", insert_after_soi(plain, exif_app1(b"JUNK" + bytes(range(64)))),
            "metadata", "an EXIF block that is not a TIFF structure", "done", output_size=[96, 64],
            warning_any=["exif left out"])
    c.write("65_metadata/icc_garbage.jpg",
            insert_after_soi(plain, segment(0xE2, b"ICC_PROFILE\x00\x01\x01" + struct.pack(">I", 132) +
                                            bytes(rnd.randrange(256) for _ in range(128)))),
            "metadata", "an embedded colour profile of random bytes", "done", output_size=[96, 64],
            warning_any=["colour profile ignored"])
    chunks = b"".join(segment(0xE2, b"ICC_PROFILE\x00" + bytes([i + 1, 255]) + bytes([i & 0xFF]) * 60000)
                      for i in range(255))
    c.write("65_metadata/icc_15mb.jpg", insert_after_soi(plain, chunks), "metadata",
            "a 15 MB colour profile in 255 APP2 chunks (no real profile is over 4 MB)", "done",
            output_size=[96, 64], warning_any=["colour profile ignored"])
    deep = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>" + b"<a>" * 20000 + b"</a>" * 20000 + b"</x:xmpmeta>"
    c.write("65_metadata/xmp_20000_deep.jpg",
            insert_after_soi(plain, segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + deep[:65000])),
            "metadata", "an XMP packet nested 20000 elements deep (the XMP toolkit recurses)", "done",
            output_size=[96, 64], warning_any=["xmp left out"])
    irb = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", 0x7FFFFFF0) + b"\x1c\x02\x00\x00\x02\x00\x04"
    c.write("65_metadata/iptc_length_lies.jpg", insert_after_soi(plain, segment(0xED, b"Photoshop 3.0\x00" + irb)),
            "metadata", "Photoshop IPTC resource claiming 2 GB", "done", output_size=[96, 64],
            warning_any=["iptc left out"])
    # A profile's APP2 chunks numbered right but stored last first: joined by their numbers, as
    # libjpeg does, the linear profile is applied (mid grey 100 comes out about 170).
    profile = linear_rgb_icc()
    half = len(profile) // 2
    grey = cjpeg(ppm(96, 64, lambda x, y: (100, 100, 100)))
    chunks = (segment(0xE2, b"ICC_PROFILE\x00\x02\x02" + profile[half:]) +
              segment(0xE2, b"ICC_PROFILE\x00\x01\x02" + profile[:half]))
    c.write("65_metadata/icc_chunks_last_first.jpg", insert_after_soi(grey, chunks), "metadata",
            "a colour profile in 2 APP2 chunks, numbered right, stored 2 before 1: applied", "done",
            output_size=[96, 64], pixels=[{"at": [0.5, 0.5], "rgb": [170, 170, 170], "tol": 12}])
    # A profile's header and its stored bytes disagree. Padding after the size its header says (a
    # writer's quirk) is cut and the profile applied; a profile cut short, or whose header claims
    # 10 MB, is left out and said (it was passed on, or dropped from PNGs, silently), the pixels sRGB.
    icc_jpeg = lambda icc: insert_after_soi(grey, segment(0xE2, b"ICC_PROFILE\x00\x01\x01" + icc))
    c.write("65_metadata/icc_padded.jpg", icc_jpeg(profile + bytes(12)), "metadata",
            "a colour profile with 12 bytes of padding after the size its header says: applied", "done",
            output_size=[96, 64], pixels=[{"at": [0.5, 0.5], "rgb": [170, 170, 170], "tol": 12}])
    c.write("65_metadata/icc_cut_short.jpg", icc_jpeg(profile[:200]), "metadata",
            "a colour profile cut short, its header intact: left out, the pixels read as sRGB", "done",
            output_size=[96, 64], warning_any=["colour profile ignored: damaged (its header says"],
            pixels=[{"at": [0.5, 0.5], "rgb": [100, 100, 100], "tol": 8}])
    # A whole profile lcms2 opens that describes no colours: colorants zeroed (every colour black
    # through it), a tone curve of gamma 0 (every value 1: white). Left out and said, the pixels sRGB.
    zeroed = bytearray(profile)
    for i in range(struct.unpack(">I", profile[128:132])[0]):
        sig, at, _ = struct.unpack(">4sII", profile[132 + 12 * i:144 + 12 * i])
        if sig in (b"rXYZ", b"gXYZ", b"bXYZ"):
            zeroed[at + 8:at + 20] = bytes(12)
    zeroed = bytes(zeroed)
    c.write("65_metadata/icc_colorants_zero.jpg", icc_jpeg(zeroed), "metadata",
            "a colour profile whose colorants are zero (every colour black through it): left out, the pixels "
            "read as sRGB", "done", output_size=[96, 64],
            warning_any=["colour profile ignored: unusable (its colorants (rxyz, gxyz, bxyz) are zero)"],
            pixels=[{"at": [0.5, 0.5], "rgb": [100, 100, 100], "tol": 8}])
    flat = profile.replace(struct.pack(">IH", 1, 0x0100), struct.pack(">IH", 1, 0))
    assert flat != profile
    c.write("65_metadata/icc_gamma_zero.jpg", icc_jpeg(flat), "metadata",
            "a colour profile whose tone curves have gamma 0 (every value 1, white): left out, the pixels read "
            "as sRGB", "done", output_size=[96, 64],
            warning_any=["colour profile ignored: unusable (its red tone curve (rtrc) maps every value to 1.000)"],
            pixels=[{"at": [0.5, 0.5], "rgb": [100, 100, 100], "tol": 8}])
    c.write("65_metadata/icc_claims_10mb.jpg", icc_jpeg(struct.pack(">I", 10 << 20) + profile[4:]), "metadata",
            "a colour profile whose header claims 10 MB: left out, the pixels read as sRGB", "done",
            output_size=[96, 64], warning_any=["colour profile ignored: damaged (its header says 10485760 bytes"],
            pixels=[{"at": [0.5, 0.5], "rgb": [100, 100, 100], "tol": 8}])
    # Extended XMP (a JPEG's XMP over 64 KB): the main packet names the extension by a GUID, the
    # extension's parts say its length and their offsets. Read when they add up, else left out and said.
    extension = (b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/"
                 b"22-rdf-syntax-ns#'><rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
                 b"<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>" + b"a long caption " * 8000 +
                 b"</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>")
    guid = hashlib.md5(extension).hexdigest().upper().encode()
    main_xmp = (b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
                b"xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description rdf:about='' "
                b"xmlns:xmp='http://ns.adobe.com/xap/1.0/' xmlns:xmpNote='http://ns.adobe.com/xmp/note/' "
                b"xmp:Rating='4' xmpNote:HasExtendedXMP='" + guid + b"'/></rdf:RDF></x:xmpmeta>")

    def extended(parts):
        segments = segment(0xE1, main_xmp)
        for total, offset, data in parts:
            segments += segment(0xE1, b"http://ns.adobe.com/xmp/extension/\x00" + guid +
                                struct.pack(">II", total, offset) + data)
        return insert_after_soi(plain, segments)

    whole = [(len(extension), at, extension[at:at + 60000]) for at in range(0, len(extension), 60000)]
    c.write("65_metadata/xmp_extended.jpg", extended(whole[::-1]), "metadata",
            "extended XMP of 120 KB in 2 parts, stored last first: read", "done", output_size=[96, 64])
    c.write("65_metadata/xmp_extended_gap.jpg", extended(whole[1:]), "metadata",
            "extended XMP whose first part is missing: left out, and said", "done", output_size=[96, 64],
            warning_any=["extended xmp left out: the bytes from 0"])
    c.write("65_metadata/xmp_extended_2gb.jpg", extended([(0x7FFFFFFF, 0, extension[:60000])]), "metadata",
            "extended XMP whose parts claim 2 GB: left out, and said", "done", output_size=[96, 64],
            warning_any=["extended xmp left out"])
    png_exif = png(40, 30, 2, 8, raw_rows(40, 30, 3, lambda x, y: (x * 6, y * 8, 100)),
                   extra=[(b"eXIf", b"MM\x00*" + struct.pack(">I", 0x7FFFFFFF) + bytes(8))])
    c.write("65_metadata/png_exif_bad_offset.png", png_exif, "metadata", "PNG eXIf chunk pointing 2 GB away",
            "done", output_size=[40, 30], warning_any=["exif left out"])
    # EXIF over 64 KB, which a JPEG's APP1 cannot hold: the output keeps the rest and names what it
    # left out (exiv2's encoder dropped such tags quietly).
    camera = [(0x010F, 2, 9, b"PixelCam\0")]
    taken = (0x9003, 2, 20, b"2024:05:06 07:08:09\0")
    for name, tag, what, words in [
            ("makernote_70k", (0x927C, 7, 70000, b"\x01" * 70000), "a 70 KB maker note",
             ["the camera's maker notes left out"]),
            ("usercomment_70k", (0x9286, 7, 70000, b"ASCII\0\0\0" + b"c" * 69992), "a 70 KB UserComment",
             ["EXIF tag Exif.Photo.UserComment (70000 bytes) left out"])]:
        big = png(40, 30, 2, 8, raw_rows(40, 30, 3, lambda x, y: (x * 6, y * 8, 100)),
                  extra=[(b"eXIf", exif_tiff(camera, [taken, tag]))])
        c.write("65_metadata/png_exif_%s.png" % name, big, "metadata",
                "PNG whose EXIF holds %s: the JPEG keeps the rest and says what it left out" % what,
                "done", output_size=[40, 30], warning_any=words)
    png_icc = png(40, 30, 2, 8, raw_rows(40, 30, 3, lambda x, y: (x * 6, y * 8, 100)),
                  extra=[(b"iCCP", b"ICC profile\x00\x00" + zlib.compress(bytes(300))[:20])])
    c.write("65_metadata/png_iccp_cut.png", png_icc, "metadata",
            "PNG iCCP chunk with cut-off compressed profile: left out, and said", "done", output_size=[40, 30],
            warning_any=["colour profile ignored: unusable ("])
    # libpng keeps an iCCP profile whose CRC is wrong, with only a warning of its own: converted
    # through it (this linear profile), mid grey 100 came out about 170.
    png_icc = png(40, 30, 2, 8, raw_rows(40, 30, 3, lambda x, y: (100, 100, 100)),
                  extra=[(b"iCCP", b"linear\x00\x00" + zlib.compress(linear_rgb_icc()))], bad_crc=(b"iCCP",))
    c.write("65_metadata/png_iccp_bad_crc.png", png_icc, "metadata",
            "PNG iCCP chunk (a valid linear profile) with a wrong CRC: left out, the pixels read as sRGB",
            "done", output_size=[40, 30], warning_any=["colour profile ignored: damaged (its crc is wrong)"],
            pixels=[{"at": [0.5, 0.5], "rgb": [100, 100, 100], "tol": 8}])

    # ---------------------------------------------------------------- HEIC and AVIF (libheif)
    # From the bundled samples (encoded with libheif from kite.jpg and path.jpg).
    heic_path = os.path.join(REPO, "resources", "samples", "kite-phone.heic")
    avif_path = os.path.join(REPO, "resources", "samples", "path-small.avif")
    if os.path.exists(heic_path) and os.path.exists(avif_path):
        heic = open(heic_path, "rb").read()
        avif = open(avif_path, "rb").read()
        c.write("70_heif/kite.heic", heic, "heif", "HEIC photo (HEVC) with EXIF", "done", output_size=[1280, 800])
        c.write("70_heif/path.avif", avif, "heif", "AVIF photo (AV1) with EXIF", "done", output_size=[1024, 640])
        c.write("70_heif/heic_named.png", heic, "heif", "a HEIC named .png: read by content", "done",
                output_size=[1280, 800])
        for label, cut in [("200b", 200), ("50pct", len(heic) // 2)]:
            c.write("70_heif/heic_cut_%s.heic" % label, heic[:cut], "heif",
                    "HEIC cut to %d of %d bytes" % (cut, len(heic)), "failed", reason_any=DAMAGED + ["heif"])
        ispe = heic.find(b"ispe")
        if ispe > 0:  # the image size box: version/flags, then width and height
            bomb = heic[:ispe + 8] + struct.pack(">II", 60000, 60000) + heic[ispe + 16:]
            c.write("70_heif/heic_ispe_60000.heic", bomb, "heif",
                    "HEIC whose image size box claims 60000x60000", "failed", reason_any=TOO_LARGE + DAMAGED)
        # Derived primary images (grid: tiles; iovl: layers on a canvas; iden), from kite's coded image
        # (1280x800). libheif decodes them at the size their data gives, not their size box.
        hvcc, coded = heif_coded_image(heic)
        tile = (1280, 800)
        c.write("70_heif/grid_2x2.heic", heif_derived(hvcc, coded, tile, b"grid", (2400, 1500),
                                                     heif_grid(2, 2, 2400, 1500), 4),
                "heif", "HEIC grid of 2x2 tiles cut to 2400x1500, as phones write them", "done",
                output_size=[1920, 1200])
        c.write("70_heif/grid_size_box_lies.heic", heif_derived(hvcc, coded, tile, b"grid", (1280, 800),
                                                               heif_grid(25, 16, 20480, 20000), 400),
                "heif", "HEIC grid of 20480x20000 whose size box says 1280x800", "failed",
                reason_any=["grid is 20480"])
        c.write("70_heif/overlay_canvas_lies.heic", heif_derived(hvcc, coded, tile, b"iovl", (1280, 800),
                                                                heif_overlay(20000, 20000, 1), 1),
                "heif", "HEIC overlay on a 20000x20000 canvas whose size box says 1280x800", "failed",
                reason_any=["overlay canvas is 20000"])
        c.write("70_heif/overlay_stack.heic", heif_derived(hvcc, coded, tile, b"iovl", (1280, 800),
                                                          heif_overlay(1280, 800, 64), 64),
                "heif", "HEIC overlay of the same image 64 times on its own canvas", "failed",
                reason_any=["overlay stacks"])
        c.write("70_heif/grid_65535.heic", heif_derived(hvcc, coded, tile, b"grid", (65535, 65535),
                                                       heif_grid(1, 1, 65535, 65535), 1),
                "heif", "HEIC grid of one tile claiming 65535x65535, size box too", "failed",
                reason_any=TOO_LARGE + ["not tiled"])
        # libheif places grid tiles by their size box but pastes what the decoder gave: wider, the
        # tiles overlap and its decoding threads write the overlap in any order; narrower, columns of
        # the canvas (not cleared) are never written.
        c.write("70_heif/grid_tiles_wider_than_box.heic", heif_derived(hvcc, coded, (1248, 800), b"grid", (2400, 1500),
                                                                      heif_grid(2, 2, 2400, 1500), 4),
                "heif", "HEIC grid whose 1280x800 tiles say 1248x800 in their size box", "failed",
                reason_any=["decodes at 1280×800 where its size box needs 1248×800"])
        c.write("70_heif/grid_tiles_narrower_than_box.heic", heif_derived(hvcc, coded, (1312, 800), b"grid",
                                                                         (2600, 1500), heif_grid(2, 2, 2600, 1500), 4),
                "heif", "HEIC grid whose 1280x800 tiles say 1312x800 in their size box", "failed",
                reason_any=["decodes at 1280×800 where its size box needs 1312×800"])
        # A tile's own alpha plane: libheif decodes it with the tile, and pastes it at the tile's size.
        # The grid uses its one tile four times: libheif's security update 1.15.1-1+deb12u3 refuses
        # that as reference amplification, which PixelPool says as libheif does.
        if libheif_refuses_amplification():
            c.write("70_heif/grid_tile_alpha.heic", heif_grid_tile_alpha(hvcc, hvcc, coded, tile, (2400, 1500)), "heif",
                    "HEIC grid whose tile (used 4 times) has an alpha plane of its own", "failed",
                    reason_any=["Security limit exceeded: Too many pixels decoded for derived images"])
        else:
            c.write("70_heif/grid_tile_alpha.heic", heif_grid_tile_alpha(hvcc, hvcc, coded, tile, (2400, 1500)), "heif",
                    "HEIC grid whose tile has an alpha plane of its own", "done", output_size=[1920, 1200])
        c.write("70_heif/grid_tile_alpha_sps_32768.heic",
                heif_grid_tile_alpha(hvcc, hevc_sps_resized(hvcc, 32768, 32768), coded, tile, (2400, 1500)), "heif",
                "HEIC grid whose tile's alpha plane has an SPS of 32768x32768 (1.2 GB, 4.7 s before)", "failed",
                reason_any=["HEVC stream is 32768"])
        c.write("70_heif/grid_tile_alpha_sps_64.heic",
                heif_grid_tile_alpha(hvcc, hevc_sps_resized(hvcc, 64, 64), coded, tile, (2400, 1500)), "heif",
                "HEIC grid whose tile's alpha plane decodes at 64x64, under a 1280x800 size box", "failed",
                reason_any=["the alpha plane of a tile of its grid decodes at 64×64"])
        # A turned image whose alpha plane has no irot of its own: PixelPool decodes the alpha plane
        # libheif 1.15 does not join, and turns it with its picture (tst_jxl_avif). Here the alpha
        # plane is kite's picture, coded in colour, which libheif hands over only as RGB: left out
        # with a warning. One of another size than its picture is never decoded (its SPS says 64x64
        # for the picture's slices), only left out with a warning too.
        c.write("70_heif/irot_alpha_without_irot.heic",
                heif_turned_with_alpha(hvcc, hvcc, coded, tile, tile, 1), "heif",
                "HEIC turned by an irot, its alpha plane (coded in colour) without one", "done",
                output_size=[800, 1280], warning_any=["read without its alpha plane: it is coded in colour"])
        c.write("70_heif/irot_alpha_of_another_size.heic",
                heif_turned_with_alpha(hvcc, hevc_sps_resized(hvcc, 64, 64), coded, tile, (64, 64), 1), "heif",
                "HEIC turned by an irot, its alpha plane 64x64 (SPS and size box) for a 1280x800 picture", "done",
                output_size=[800, 1280], warning_any=["read without its alpha plane: it is 64×64"])
        # Turns and crops, before or after the size box: libheif 1.15 reports a size that leaves out
        # those before it (link-u's kimono.rotate90.avif), and decodes them all, in order.
        for name, before, after, out in [
                ("irot_before_size_box", [heif_irot(1)], [], [800, 1280]),
                ("irot_after_size_box", [], [heif_irot(3)], [800, 1280]),
                ("clap_before_size_box", [heif_clap(641, 401)], [], [641, 401]),
                ("clap_after_size_box_half_pixels", [], [heif_clap(641, 399, 1, -1, 2)], [641, 399]),
                ("clap_past_the_edge", [], [heif_clap(640, 400, 500, 300)], [460, 300]),
                ("clap_then_irot", [heif_clap(641, 401)], [heif_irot(1)], [401, 641]),
                ("irot_then_clap", [heif_irot(1)], [heif_clap(401, 641)], [401, 641])]:
            c.write("70_heif/%s.heic" % name, heif_coded(hvcc, coded, tile, before=before, after=after), "heif",
                    "HEIC with %s" % name.replace("_", " "), "done", output_size=out)
        # A coded image decodes at the size of its stream's SPS: libde265 allocates that picture
        # whatever the size box says.
        assert heif_coded(hevc_sps_resized(hvcc, 1280, 800), coded, tile) == heif_coded(hvcc, coded, tile)
        c.write("70_heif/coded.heic", heif_coded(hvcc, coded, tile), "heif",
                "HEIC of kite's coded image as one item, rebuilt box by box", "done", output_size=[1280, 800])
        c.write("70_heif/sps_32768.heic", heif_coded(hevc_sps_resized(hvcc, 32768, 32768), coded, tile), "heif",
                "HEIC whose HEVC SPS says 32768x32768 and size box 1280x800", "failed",
                reason_any=["HEVC stream is 32768"])
        c.write("70_heif/ispe_smaller_than_sps.heic", heif_coded(hvcc, coded, (64, 40)), "heif",
                "HEIC whose size box says 64x40 for a 1280x800 HEVC stream", "failed",
                reason_any=["HEVC stream is 1280"])
        # libheif reads a file's items in a time that grows with the square of their number: a
        # 840 KB collection of 19,999 took a minute of a worker's time, and over 20,000 it said "no
        # 'meta' box" of a whole file. PixelPool refuses more than 4,096 before libheif reads them.
        c.write("70_heif/collection_4097_items.heic", heif_coded(hvcc, coded, tile, items=4097), "heif",
                "HEIC collection of 4,097 images sharing one coded picture", "failed",
                reason_any=["HEIF of 4097 items (images, tiles, metadata): more than PixelPool reads in one file "
                            "(4096)"])
        c.write("70_heif/collection_3_items.heic", heif_coded(hvcc, coded, tile, items=3), "heif",
                "HEIC collection of 3 images sharing one coded picture", "done", output_size=[1280, 800],
                warning_any=["HEIF of 3 images: only the primary is read"])
    else:
        c.notes.append("70_heif left out: resources/samples/kite-phone.heic or path-small.avif missing")
    # AV1 written field by field: a key frame of noise decodes; dav1d allocates the frame size a
    # frame header overrides the sequence's with (up to 2^16 a side), whatever the size box says.
    # Each layout has its twins that decode, which proves it is read where dav1d reads it.
    def avif(width, height, *more, **kw):  # its size box: the sequence's size
        return heif_coded(*av1_still(width, height, *more, **kw), (width, height), b"av01", b"avif")
    for name, kw in [("av1", {}), ("av1_layered", {"layered": True}),
                     ("av1_layered_hidden", {"layered": True, "hidden": True})]:
        what = "AVIF (one AV1 key frame%s)" % {
            "av1": "", "av1_layered": "; decoder model, frame ids, order hints, screen content",
            "av1_layered_hidden": ", hidden then shown; decoder model, frame ids, order hints"}[name]
        c.write("70_heif/%s_frame.avif" % name, avif(256, 160, tile_bytes=2000, **kw), "heif", what + " of its size",
                "done", output_size=[256, 160])
        c.write("70_heif/%s_frame_smaller.avif" % name,
                heif_coded(*av1_still(192, 144, (128, 80), 2000, **kw), (128, 80), b"av01", b"avif"), "heif",
                what + " whose frame header sets 128x80 in a 192x144 sequence", "done", output_size=[128, 80])
        c.write("70_heif/%s_frame_16384.avif" % name, avif(256, 160, (16384, 16384), **kw), "heif",
                what + " whose frame header says 16384x16384, its sequence and size box 256x160", "failed",
                reason_any=["AV1 stream is 16384"])
    for name, resilient in [("av1_inter", False), ("av1_inter_resilient", True)]:
        what = "AVIF of an AV1 key frame and an inter frame (%s; decoder model, frame ids, order hints)" % (
            "error resilient: its size read directly" if resilient else "its size its own, not a reference's")
        c.write("70_heif/%s.avif" % name, avif(256, 160, tile_bytes=4000, layered=True, inter=(256, 160, resilient)),
                "heif", what + ", both 256x160", "done", output_size=[256, 160])
        c.write("70_heif/%s_1000.avif" % name, avif(256, 160, layered=True, inter=(1000, 700, resilient)), "heif",
                what + ", the inter frame 1000x700 in a 256x160 sequence and size box", "failed",
                reason_any=["AV1 stream is 1000"])

    # ---------------------------------------------------------------- JPEG XL (libjxl)
    # From the bundled sample (written by PixelPool from colorful-cups.jpg; a container with EXIF
    # and XMP boxes).
    jxl_path = os.path.join(REPO, "resources", "samples", "colorful-cups-960.jxl")
    if os.path.exists(jxl_path):
        jxl = open(jxl_path, "rb").read()
        stream = jxl_codestream(jxl)
        c.write("75_jxl/cups.jxl", jxl, "jxl", "JPEG XL photo in its container, with EXIF and XMP", "done",
                output_size=[960, 600])
        c.write("75_jxl/bare_codestream.jxl", stream, "jxl", "the same picture as a bare codestream", "done",
                output_size=[960, 600])
        c.write("75_jxl/jxl_named.jpg", jxl, "jxl", "a JPEG XL named .jpg: read by content", "done",
                output_size=[960, 600])
        for label, whole, cut in [("40b", jxl, 40), ("50pct", jxl, len(jxl) // 2),
                                  ("stream_90pct", stream, len(stream) * 9 // 10)]:
            c.write("75_jxl/jxl_cut_%s.jxl" % label, whole[:cut], "jxl",
                    "JPEG XL cut to %d of %d bytes" % (cut, len(whole)), "failed", reason_any=DAMAGED + ["jpeg xl"])
        c.write("75_jxl/jxl_size_100000.jxl", jxl_claim_size(stream, 100000), "jxl",
                "JPEG XL codestream whose size header claims 100000x100000", "failed", reason_any=TOO_LARGE)
    else:
        c.notes.append("75_jxl left out: resources/samples/colorful-cups-960.jxl missing")
    c.write("20_junk/jxl_signature_only.jxl", b"\xff\x0a", "junk", "just the 2-byte JPEG XL signature", "failed",
            reason_any=DAMAGED + ["jpeg xl"])
    # Frames larger than the image (their crop): libjxl decodes each whole before it blends the part
    # inside. Written with libjxl's encoder; kept with the fuzz regressions.
    for name, what in [("jxl-frame-16384-in-a-256x256-image-decoded-whole-712MB.jxl",
                        "JPEG XL of 256x256 whose frame is 16384x16384 (10 KB)"),
                       ("jxl-10-layers-of-8192-in-a-256x256-image-decoded-10s.jxl",
                        "JPEG XL of 256x256 blending 10 layers of 8192x8192 (27 KB)")]:
        with open(os.path.join(REPO, "tests", "fuzz", "regressions", "decode", name), "rb") as f:
            c.write("75_jxl/" + name, f.read(), "jxl", what, "failed", reason_any=["decodes frames of"])
    # ---------------------------------------------------------------- camera RAW (LibRaw)
    # DNGs written here byte by byte (the quadrants, a quarter of them white); the rest of a RAW's
    # family is recognised by its magic and reaches LibRaw, which names what it cannot read.
    good_dng = dng(quadrants(64, 48))
    c.write("75_raw/good.dng", good_dng, "raw", "64x48 DNG (Bayer RGGB, 16-bit)", "done", output_size=[64, 48],
            pixels=QUADRANT_PIXELS, direct={})
    c.write("75_raw/turned.dng", dng(INVERSE[6](quadrants(64, 48)), orientation=6), "raw",
            "DNG stored sideways with Orientation 6: upright once", "done", output_size=[64, 48],
            pixels=QUADRANT_PIXELS)
    c.write("75_raw/dng_named.tif", good_dng, "raw", "a DNG named .tif: read by content", "done",
            output_size=[64, 48], pixels=QUADRANT_PIXELS)
    c.write("75_raw/tiff_named.dng", tiff(32, 24, pixels=bytes([200, 30, 30] * 32 * 24)), "raw",
            "an ordinary TIFF named .dng: read as the TIFF it is", "done", output_size=[32, 24],
            pixels=[{"at": [0.5, 0.5], "rgb": [200, 30, 30], "tol": 40}])
    c.write("75_raw/cut_half.dng", good_dng[:len(good_dng) - 64 * 48], "raw",
            "DNG cut in the middle of its sensor data", "failed", reason_any=DAMAGED, direct={})
    c.write("75_raw/cut_header.dng", good_dng[:100], "raw", "DNG cut inside its directory", "failed",
            reason_any=DAMAGED + ["tiff", "camera raw"])
    for side in (60000, 100000):
        c.write("75_raw/bomb_%d.dng" % side, dng(quadrants(64, 48), claim=(side, side)), "bomb",
                "DNG whose header claims %dx%d over 6 KB of data" % (side, side), "failed", reason_any=TOO_LARGE,
                direct={})
    c.write("75_raw/notes.cr2", b"Shopping list: film, batteries, a lens cap.\n" * 20, "raw",
            "a text file named .cr2", "failed", reason_any=NOT_IMAGE, direct={})
    c.write("75_raw/magic_only.orf", b"IIRO\x08\x00\x00\x00" + bytes(range(256)) * 4, "raw",
            "an Olympus ORF header with nothing behind it", "failed", reason_any=DAMAGED + ["camera raw"])

    # ---------------------------------------------------------------- file-system oddities
    small = cjpeg(ppm(48, 32, pattern_pixel(9)))
    if fs_oddities:
        fs = "90_fs/"
        c.write(fs + "name with spaces.jpg", small, "names", "spaces in the name", "done", direct={})
        c.write(fs + "new\nline.jpg", small, "names", "a newline in the name", "done", direct={})
        c.write(fs + "tab\tand 'quotes\" $(x).jpg", small, "names", "tab, quotes and $() in the name", "done",
                direct={})
        c.write(fs + "-leading-dash.jpg", small, "names", "a leading dash (an option, to a careless parser)",
                "done", direct={})
        c.write(fs + "--help.jpg", small, "names", "named like an option", "done", direct={})
        c.write(fs + "ünïcødé-日本.jpg", small, "names", "UTF-8 name", "done", direct={})
        try:
            c.write(os.fsencode(fs) + b"latin1-caf\xe9.jpg", small, "names",
                    "name that is not valid UTF-8 (Latin-1 byte 0xE9)", "done", direct={})
            c.write(os.fsencode(fs) + b"bytes-\xff\xfe.jpg", small, "names", "name with bytes 0xFF 0xFE",
                    "done", direct={})
        except OSError as e:
            c.notes.append("non-UTF-8 names left out: %s" % e)
        c.write(fs + ".hidden.jpg", small, "names", "a hidden file (read like any other)", "done")
        try:
            os.mkfifo(c.path(fs + "photo.jpg"))
            c.add(fs + "photo.jpg", "fifo", "a FIFO named photo.jpg (nobody ever writes to it)", "failed",
                  reason_any=NOT_REGULAR, direct={}, kind="fifo")
        except OSError as e:
            c.notes.append("FIFO left out: %s" % e)
        os.symlink("/dev/zero", c.path(fs + "device.jpg"))
        c.add(fs + "device.jpg", "device",
              "a symlink to /dev/zero named device.jpg (endless data; a scan leaves it out, leading outside)",
              "skipped", reason_any=LINK_OUTSIDE, direct={"expect": "failed", "reason_any": NOT_REGULAR},
              kind="symlink")
        os.symlink("/etc/passwd", c.path(fs + "private_link.jpg"))
        c.add(fs + "private_link.jpg", "symlink",
              "a symlink to a file outside the folder (an archive's x.jpg -> ~/.ssh/id_ed25519): a scan "
              "leaves it out and no worker is handed it; named directly, it is read as asked",
              "skipped", reason_any=LINK_OUTSIDE, direct={"expect": "failed", "reason_any": NOT_IMAGE},
              kind="symlink")
        os.symlink("loop.jpg", c.path(fs + "loop.jpg"))
        c.add(fs + "loop.jpg", "symlink", "a symlink pointing at itself", "failed",
              reason_any=["symbolic link", "link loop"], direct={"reason_any": ["symbolic link", "link loop"]},
              kind="symlink")
        os.symlink("loop_b.jpg", c.path(fs + "loop_a.jpg"))
        os.symlink("loop_a.jpg", c.path(fs + "loop_b.jpg"))
        c.add(fs + "loop_a.jpg", "symlink", "two symlinks pointing at each other", "failed",
              reason_any=["symbolic link", "link loop"], kind="symlink")
        c.add(fs + "loop_b.jpg", "symlink", "two symlinks pointing at each other", "failed",
              reason_any=["symbolic link", "link loop"], kind="symlink")
        os.symlink("does-not-exist.jpg", c.path(fs + "broken.jpg"))
        c.add(fs + "broken.jpg", "symlink", "a dangling symlink", "failed", reason_any=BROKEN_LINK,
              direct={"reason_any": ["no such file"]}, kind="symlink")
        os.symlink("../00_good", c.path(fs + "link_to_folder"))
        c.add(fs + "link_to_folder", "symlink", "a symlink to a folder (not followed: no loops, no escapes)",
              "skipped", reason_any=["symbolic link to a folder"], kind="symlink")
        good0 = [e for e in c.entries if e["case"] == "good"][0]["path"]
        os.symlink("../" + good0, c.path(fs + "same_file_link.jpg"))
        c.add(fs + "same_file_link.jpg", "symlink", "a symlink to a file already queued", "skipped",
              reason_any=["duplicate"], kind="symlink")
        os.link(c.path(good0), c.path(fs + "same_file_hardlink.jpg"))
        c.add(fs + "same_file_hardlink.jpg", "symlink", "a hard link to a file already queued", "skipped",
              reason_any=["duplicate"])
        c.write(fs + "unreadable.jpg", small, "permissions", "mode 000", "failed",
                reason_any=["permission denied"], root={"expect": "done"})
        os.chmod(c.path(fs + "unreadable.jpg"), 0)
        c.write(fs + "locked_dir/inside.jpg", small, "permissions",
                "a file inside a mode-000 folder (the folder is reported, the file cannot be seen)", "absent",
                root={"expect": "done"})
        c.add(fs + "locked_dir", "permissions", "a mode-000 folder", "skipped",
              reason_any=["cannot read folder"], root={"expect": "absent"}, kind="dir")
        os.chmod(c.path(fs + "locked_dir"), 0)
        c.write(fs + "x.jpg/inner.jpg", small, "folder", "an image inside a folder named x.jpg", "done")
        c.add(fs + "x.jpg", "folder", "a folder named x.jpg (scanned as a folder, not read as a file)",
              "absent", kind="dir", direct={"expect": "absent"})
        deep = fs + "deep/" + "/".join("level%d" % i for i in range(1, 11)) + "/deep.jpg"
        c.write(deep, small, "folder", "an image 10 folders deep", "done", output_size=[48, 32])
        c.write(fs + ".thumbnails/thumb.jpg", small, "folder", "inside a hidden folder (not scanned)",
                "absent")
        c.add(fs + ".thumbnails", "folder", "a hidden folder (not scanned, and said so)", "skipped",
              reason_any=["hidden folder"], kind="dir")
        c.add("90_fs/missing.jpg", "missing", "a path that does not exist (given on the command line)",
              "absent", direct={"expect": "skipped", "reason_any": ["no such file"]}, kind="none")

    manifest = {"generator": "tests/hostile/make_corpus.py", "root": c.root,
                "sources": [os.path.basename(s) for s in sources], "imagemagick": bool(magick),
                "notes": c.notes, "files": c.entries}
    with open(os.path.join(c.root, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
    return manifest


def hostile_logos():
    """Logo files for a preset's logo step: (name, bytes, words its failure reason must have).
    The worker reads a logo as it reads an input: probe, pixel limit, the project's decoders."""
    comp = zlib.compressobj(9)
    row = b"\x00" * 16001
    deflate_bomb = b"".join(comp.compress(row * 1000) for _ in range(16)) + comp.flush()
    good = png(64, 32, 6, 8, raw_rows(64, 32, 4, lambda x, y: b"\xff\x00\xff\x80"))
    return [
        ("bomb_60000x60000.png", png(60000, 60000, 6, 8, b"", idat=zlib.compress(b"\x00" * 16, 9)),
         ["over the limit", "60000×60000"]),
        ("bomb_zeros_16000x16000.png", png(16000, 16000, 0, 8, b"", idat=deflate_bomb),
         ["over the limit", "16000×16000"]),
        ("truncated.png", good[:len(good) // 2], ["truncated.png"]),
        ("not_an_image.png", b"just text pretending to be a logo", ["not_an_image.png"]),
        # a lying extension: the probe goes by the bytes and names the format it found
        ("gif_inside.png", b"GIF89a? no, garbage after a GIF signature", ["gif"]),
    ]


def png_interlaced_solid(width, height, rgb):
    """An Adam7 PNG of one colour: each pass's rows are written as filter 0 + samples."""
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    raw = bytearray()
    for x0, y0, dx, dy in passes:
        cols = len(range(x0, width, dx))
        rows = len(range(y0, height, dy))
        if cols == 0 or rows == 0:
            continue
        for _ in range(rows):
            raw += b"\x00" + bytes(rgb) * cols
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 1)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(bytes(raw), 9)) +
            png_chunk(b"IEND", b""))


def photo_set(outdir, count, sources=None, size="1/4", name="img_%04d.jpg"):
    """`count` real-photo JPEGs (a few distinct ones, copied) for the load tests."""
    os.makedirs(outdir, exist_ok=True)
    sources = source_photos(sources if sources else default_sources())
    variants = [small_photo(s, size) for s in sources[:4]] or [cjpeg(ppm(640, 400, pattern_pixel(i))) for i in range(3)]
    paths = []
    for i in range(count):
        p = os.path.join(outdir, name % i)
        with open(p, "wb") as f:
            f.write(variants[i % len(variants)])
        paths.append(p)
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--source", action="append", default=[], help="a source JPEG (repeatable)")
    ap.add_argument("--no-fs-oddities", action="store_true", help="leave out FIFOs, links, odd names")
    args = ap.parse_args()
    if os.path.exists(args.outdir) and os.listdir(args.outdir):
        sys.exit("%s is not empty" % args.outdir)
    m = build(args.outdir, args.source, not args.no_fs_oddities)
    counts = {}
    for e in m["files"]:
        counts[e["expect"]] = counts.get(e["expect"], 0) + 1
    print("%d entries in %s (%s)" % (len(m["files"]), args.outdir,
                                     ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    for n in m["notes"]:
        print("note:", n)


if __name__ == "__main__":
    main()
