"""The traffic and checks of scripts/e2e.d/80-monitor-report (which runs them; this file is not a test of its own).

    80-monitor-report.py write PORT --model NAME --records N --shift-feature I --shift-at K
    80-monitor-report.py check-html FILE --model NAME --shifted COLUMN
    80-monitor-report.py check-png FILE

`write` adds synthetic inference log records to augur:log as `augur serve --inference-log full` writes them:
four normal features X[0..3] (feature I shifted by one standard deviation from record K on), a label and a
probability output that depend on X[0] and X[2], batches of 8 sharing model call times, and shadow fields
(version 2 agreeing on about 70% of requests). It also adds 300 records of another model, which the report
must leave out. Each check prints one summary line and exits 1 on a failure.
"""

import argparse
import json
import math
import random
import re
import struct
import sys
import time
import zlib

MEANS = [0.0, 5.0, -2.0, 10.0]
STDS = [1.0, 2.0, 0.5, 3.0]


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


# --- traffic ------------------------------------------------------------------------------------------

def record_fields(model, version, row, written_us, batch_start_us, rng, shadow):
    z = (row[0] - MEANS[0]) / STDS[0] + 0.5 * (row[2] - MEANS[2]) / STDS[2]
    score = 1 / (1 + math.exp(-z))
    label = 0 if score < 0.4 else 1 if score < 0.7 else 2
    inputs = [{"name": "X", "shape": [1, 4], "datatype": "FP32", "data": row}]
    outputs = [
        {"name": "label", "shape": [1], "datatype": "INT64", "data": [label]},
        {"name": "probabilities", "shape": [1, 2], "datatype": "FP32", "data": [1 - score, score]},
    ]
    fields = {
        "id": f"req-{written_us}-{rng.randrange(1 << 30)}",
        "model": model,
        "version": str(version),
        "daemon": "d1",
        "enqueued_us": str(batch_start_us - rng.randrange(200, 3000)),
        "read_us": str(batch_start_us - 100),
        "model_start_us": str(batch_start_us),
        "model_end_us": str(batch_start_us + 400),
        "written_us": str(written_us),
        "outcome": "ok",
        "inputs": json.dumps(inputs),
        "outputs": json.dumps(outputs),
    }
    if shadow:
        fields["shadow_version"] = str(version + 1)
        fields["shadow_agree"] = "1" if rng.random() < 0.7 else "0"
        fields["shadow_abs_diff"] = repr(abs(rng.gauss(0, 0.05)))
        fields["shadow_latency_us"] = str(rng.randrange(300, 600))
    return fields


def write(args):
    import redis

    client = redis.Redis(host="127.0.0.1", port=args.port)
    rng = random.Random(7)
    now_us = int(time.time() * 1_000_000)
    start_us = now_us - args.records * 1000
    pipe = client.pipeline(transaction=False)
    for i in range(args.records):
        mean = [m + (s if (j == args.shift_feature and i >= args.shift_at) else 0) for j, (m, s) in enumerate(zip(MEANS, STDS))]
        row = [rng.gauss(mean[j], STDS[j]) for j in range(4)]
        written = start_us + i * 1000
        batch_start = start_us + (i // 8) * 8000 - 1000
        pipe.xadd("augur:log", record_fields(args.model, 1, row, written, batch_start, rng, shadow=True))
        if i % 50 == 0:
            other = [rng.gauss(0, 1) for _ in range(4)]
            pipe.xadd("augur:log", record_fields("other", 3, other, written, batch_start, rng, shadow=False))
        if i % 1000 == 999:
            pipe.execute()
    pipe.execute()
    print(f"wrote {args.records} records of {args.model} (X[{args.shift_feature}] shifted from record {args.shift_at}) "
          f"and {client.xlen('augur:log') - args.records} of another model")


# --- the HTML page ------------------------------------------------------------------------------------

def check_html(args):
    with open(args.file, encoding="utf-8") as f:
        page = f.read()
    if not page.startswith("<!DOCTYPE html>"):
        fail("the report is not an HTML document")
    if re.search(r"<script|<link|src=\"http|href=\"http", page):
        fail("the report loads scripts or resources; it must stand alone")
    if f"<span class=\"model\">{args.model}</span>" not in page:
        fail(f"the report does not name model {args.model}")
    columns = re.findall(r'<figure class="chart[^"]*" data-column="([^"]+)"', page)
    for wanted in ["X[0]", "X[1]", "X[2]", "X[3]", "label", "probabilities[0]", "probabilities[1]"]:
        if wanted not in columns:
            fail(f"no chart of {wanted} (charts: {columns})")
    flagged = re.findall(r'<figure class="chart flagged" data-column="([^"]+)"', page)
    if args.shifted not in flagged:
        fail(f"the chart of {args.shifted} is not marked as named in an alert (marked: {flagged})")
    alerts = re.search(r'<table class="alerts">(.*?)</table>', page, re.S)
    if not alerts:
        fail("the report lists no alerts")
    firing = [row for row in re.findall(r'<tr class="firing">(.*?)</tr>', alerts.group(1), re.S)
              if "feature_drift" in row]
    if not any(args.shifted in re.sub(r"<[^>]+>", " ", row) for row in firing):
        fail(f"no firing feature_drift alert names {args.shifted}")
    sources = set(re.findall(r'<td class="text">(stream|replay)</td>', alerts.group(1)))
    if "other" in columns or "Augur monitor report: <span class=\"model\">other" in page:
        fail("the other model's records leaked into the report")
    shadow = re.search(r'<section id="shadow">(.*?)</section>', page, re.S).group(1)
    if "no shadow data" in shadow:
        fail("the shadow fields were not reported")
    rates = [float(x) for x in re.findall(r"<td>(\d+\.\d)%</td>", shadow)]
    agreements = rates[0::2]
    if not agreements or not all(55 <= a <= 85 for a in agreements):
        fail(f"shadow agreement per window should be near 70%: {agreements}")
    svgs = page.count("<svg")
    print(f"html: {len(page)} bytes, {svgs} SVG charts, charts of {len(columns)} columns, "
          f"a firing feature_drift alert naming {args.shifted} (sources: {', '.join(sorted(sources))}), "
          f"shadow agreement {min(agreements):.1f}-{max(agreements):.1f}%")


# --- the screenshot -----------------------------------------------------------------------------------

def read_png(path):
    """Decodes an 8-bit RGB or RGBA non-interlaced PNG into (width, height, channels, rows of bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if zlib.crc32(kind + chunk) & 0xFFFFFFFF != struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]:
            fail(f"{path}: bad CRC in chunk {kind!r}")
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat.append(chunk)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        fail(f"{path}: no IHDR")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        fail(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        fail(f"{path}: image data has {len(raw)} bytes, expected {height * (stride + 1)}")
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        elif kind != 0:
            fail(f"{path}: unknown filter {kind} in row {y}")
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


def hex_rgb(text):
    return tuple(int(text[i:i + 2], 16) for i in (1, 3, 5))


FRAME = hex_rgb("#9aa1b1")
WINDOW_INNER = hex_rgb("#6baed6")
WINDOW_OUTER = hex_rgb("#c6dbef")
REFERENCE_OUTER = hex_rgb("#fdd0a2")


def check_png(args):
    import numpy as np

    started = time.time()
    width, height, bpp, rows = read_png(args.file)
    image = np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(height, width, bpp)[:, :, :3]
    packed = (image[:, :, 0].astype(np.uint32) << 16) | (image[:, :, 1].astype(np.uint32) << 8) | image[:, :, 2]
    colours = len(np.unique(packed))
    if colours < 64:
        fail(f"the screenshot has only {colours} distinct colours: the page did not render")

    def count(rgb):
        return int((packed == ((rgb[0] << 16) | (rgb[1] << 8) | rgb[2])).sum())

    marks = {"window 25-75% band": count(WINDOW_INNER), "window 5-95% band": count(WINDOW_OUTER),
             "reference 5-95% band": count(REFERENCE_OUTER)}
    for name, pixels in marks.items():
        if pixels < 1500:
            fail(f"only {pixels} pixels of the {name} colour: the distribution charts did not render ({marks})")

    # Plot areas: each chart frames its plot with a one-pixel line of FRAME; inside each frame, at least 1%
    # of the pixels must be data marks.
    frame = packed == ((FRAME[0] << 16) | (FRAME[1] << 8) | FRAME[2])
    edges = {}
    for y in np.nonzero(frame.sum(axis=1) >= 150)[0]:
        xs = np.nonzero(frame[y])[0]
        runs = np.split(xs, np.nonzero(np.diff(xs) > 1)[0] + 1)
        for run in runs:
            if len(run) >= 150:
                edges.setdefault((int(run[0]), int(run[-1])), []).append(int(y))
    boxes = []
    for (left, right), ys in edges.items():
        ys = sorted(ys)
        for top, bottom in zip(ys, ys[1:]):
            if bottom - top > 40 and frame[top:bottom, left].mean() > 0.9 and frame[top:bottom, right].mean() > 0.9:
                boxes.append((top, bottom, left, right))
    if len(boxes) < 6:
        fail(f"found {len(boxes)} framed chart plot areas in the screenshot, expected at least 6")
    # Background, grid and their anti-aliased blends are light greys; every data mark is coloured or dark.
    channels = image.astype(np.int16)
    light_grey = (channels.min(axis=2) >= 200) & (channels.max(axis=2) - channels.min(axis=2) < 16)
    empty = []
    for top, bottom, left, right in boxes:
        data = ~light_grey[top + 1:bottom, left + 1:right]
        share = float(data.mean())
        if share < 0.01:
            empty.append((top, left, round(share, 4)))
    if empty:
        fail(f"chart plot areas without data marks (top, left, share): {empty}")
    print(f"png: {width}x{height}, {colours} colours, {len(boxes)} framed chart plot areas all with data marks, "
          f"band pixels {marks} (checked in {time.time() - started:.1f} s)")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write")
    w.add_argument("port", type=int)
    w.add_argument("--model", required=True)
    w.add_argument("--records", type=int, required=True)
    w.add_argument("--shift-feature", type=int, required=True)
    w.add_argument("--shift-at", type=int, required=True)
    h = sub.add_parser("check-html")
    h.add_argument("file")
    h.add_argument("--model", required=True)
    h.add_argument("--shifted", required=True)
    p = sub.add_parser("check-png")
    p.add_argument("file")
    args = parser.parse_args()
    {"write": write, "check-html": check_html, "check-png": check_png}[args.command](args)


if __name__ == "__main__":
    main()
