#!/usr/bin/python3
"""Charts of a benchmark run, drawn into docs/benchmarks/ (Debian's python3-matplotlib).

usage: charts.py RAW_DIR [OUT_DIR]      RAW_DIR holds report-full.json (bench/results/raw/<date>/)

- seconds.png: wall seconds of every contender, per job and set (shorter is better)
- floor.png: PixelPool (2 workers) against the 2-core floor, per job and set
- per-image.png: PixelPool's worker time per megapixel by input format, per job (1 worker)
Called by bench.py after a full run; can be re-run on an old run's raw data.
"""
import json
import os
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import image_dims, image_kind  # noqa: E402  (one naming of file kinds for report and charts)

PP_COLOUR, FLOOR_COLOUR, OTHER_COLOUR = "#2f6fdf", "#999999", "#e08a2c"


def label_of(key):
    wl, _, corpus = key.partition("@")
    return f"{wl} — {corpus or 'main'} set"


def seconds_chart(report, path):
    keys = list(report["workloads"])
    fig, axes = plt.subplots(len(keys), 1, figsize=(9, 2.2 + 0.34 * sum(len(report["workloads"][k]) for k in keys) / len(keys) * len(keys)),
                             squeeze=False)
    for ax, key in zip(axes[:, 0], keys):
        rows = sorted(((s["median"], s["label"], s) for s in report["workloads"][key].values() if s.get("valid")),
                      key=lambda r: r[0])
        names = [r[1] for r in rows]
        values = [r[0] for r in rows]
        colours = [PP_COLOUR if r[2]["pixelpool"] else FLOOR_COLOUR if r[2].get("floor") else OTHER_COLOUR for r in rows]
        ax.barh(range(len(rows)), values, color=colours)
        ax.set_yticks(range(len(rows)), names, fontsize=7)
        ax.invert_yaxis()
        ax.set_xscale("log")
        ax.set_xlim(min(values) / 2, max(values) * 2.2)  # every bar visible, room for its label
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g} s"))
        ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.set_title(label_of(key), fontsize=9, loc="left")
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:.2f} s", va="center", fontsize=7)
        ax.tick_params(axis="x", labelsize=7)
    axes[-1, 0].set_xlabel("wall seconds for the whole set (log scale; shorter is better)", fontsize=8)
    fig.suptitle("Seconds per job: PixelPool (blue), the 2-core floor (grey), other tools (orange)", fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.98))
    fig.savefig(path, dpi=110)
    plt.close(fig)


def floor_chart(report, path):
    rows = []
    for key, summary in report["workloads"].items():
        pp, fl = summary.get("pp-w2"), summary.get("floor")
        if pp and fl and pp.get("valid") and fl.get("valid"):
            rows.append((label_of(key), pp["median"], fl["median"]))
    if not rows:
        return False
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.45 * len(rows)))
    y = range(len(rows))
    ratios = [p / f for _, p, f in rows]
    ax.barh(y, ratios, color=[PP_COLOUR if r <= 1.15 else "#d0443e" for r in ratios])
    ax.axvline(1.0, color=FLOOR_COLOUR, lw=2)
    ax.axvline(1.15, color=FLOOR_COLOUR, lw=1, ls="--")
    ax.set_yticks(list(y), [r[0] for r in rows], fontsize=8)
    ax.invert_yaxis()
    for i, (name, p, f) in enumerate(rows):
        ax.text(ratios[i], i, f" {ratios[i]:.2f}× ({p:.2f} s vs {f:.2f} s)", va="center", fontsize=7)
    ax.set_xlabel("PixelPool --workers 2 ÷ the 2-core floor (1 = the floor; dashed: the 15 % target)", fontsize=8)
    ax.set_xlim(0, max(ratios) * 1.45)
    ax.set_title("PixelPool's distance to the 2-core floor", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def per_image_chart(report, path):
    points = {}  # job -> kind -> [ms per MP]
    for key, summary in report["workloads"].items():
        wl, _, corpus = key.partition("@")
        if wl == "pair":
            continue  # two outputs an image: not one job's cost
        s = summary.get("pp-w1") or summary.get("pp-w2")
        folder = (report.get("corpora") or {}).get(corpus or "main", {}).get("dir")
        if not s or not s.get("events") or not folder:
            continue
        ms = {}
        for run in s["events"]:
            for e in run or []:
                if e.get("event") == "finished":
                    ms.setdefault(os.path.basename(e["input"]), []).append(e["ms"])
        for name, values in ms.items():
            image = os.path.join(folder, name)
            w, h, _, _ = image_dims(image)
            kind, mp = image_kind(image), w * h / 1e6
            points.setdefault(wl, {}).setdefault(kind, []).append(statistics.median(values) / mp)
    if not points:
        return False
    jobs = list(points)
    fig, axes = plt.subplots(1, len(jobs), figsize=(3.4 * len(jobs), 3.6), squeeze=False)
    for ax, wl in zip(axes[0], jobs):
        kinds = sorted(points[wl])
        ax.boxplot([points[wl][k] for k in kinds], vert=False, labels=kinds)
        ax.set_title(wl, fontsize=9)
        ax.tick_params(labelsize=7)
        ax.set_xlabel("worker ms per megapixel", fontsize=8)
    fig.suptitle("PixelPool's cost per image by input format (both sets, one box per format)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def draw(report, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    made = []
    seconds_chart(report, os.path.join(out_dir, "seconds.png"))
    made.append("seconds.png")
    if floor_chart(report, os.path.join(out_dir, "floor.png")):
        made.append("floor.png")
    if per_image_chart(report, os.path.join(out_dir, "per-image.png")):
        made.append("per-image.png")
    return made


def main():
    raw = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                               "docs", "benchmarks")
    with open(os.path.join(raw, "report-full.json")) as f:
        report = json.load(f)
    print("\n".join(os.path.join(out, m) for m in draw(report, out)))


if __name__ == "__main__":
    main()
