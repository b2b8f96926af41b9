"""sp_svg.py — the speedup chart: one self-contained SVG (no scripts, no external
fonts or styles), two panels (cells, prove time), per program a group of four bars
(native alone, fusion alone, fusion on native, all) plus the geometric mean over all
programs and over each group (hotspot, ordinary) apart.
Invariant: a bar's height is the measured speedup on a log2 axis; a missing value is
drawn as a labelled gap, never as a bar."""
import math
from xml.sax.saxutils import escape

from sp_report import METRICS, groups_of

COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759"]
BAR, GAP, GROUP_GAP = 12, 2, 18
PANEL_H, TOP, LEFT, BOTTOM = 260, 40, 56, 95


def y_range(doc):
    vals = [v for s in doc["speedups"].values() for k, _ in METRICS
            for v in list(s[k]["per_program"].values()) + [s[k]["geomean"]] +
            [e["geomean"] for e in s[k].get("groups", {}).values()] if v]
    lo = min([0.5] + vals)
    hi = max([2.0] + vals)
    return math.floor(math.log2(lo)), math.ceil(math.log2(hi))


def value(s, col):
    """One bar's value: a program's speedup, 'geomean' (all programs) or 'geomean GROUP'."""
    if col == "geomean":
        return s["geomean"]
    if col.startswith("geomean "):
        return s.get("groups", {}).get(col[8:], {}).get("geomean")
    return s["per_program"].get(col)


def panel(doc, key, label, x0, y0, progs, lo, hi):
    """SVG elements of one panel with its top-left corner at (x0, y0)."""
    names = list(doc["speedups"])
    gw = len(names) * (BAR + GAP) + GROUP_GAP
    width = LEFT + gw * len(progs) + 10
    y = lambda v: y0 + TOP + PANEL_H * (hi - math.log2(v)) / (hi - lo)
    el = [f'<text x="{x0 + width / 2:.0f}" y="{y0 + 22}" text-anchor="middle" '
          f'font-size="14" font-weight="bold">speedup in {escape(label)} (log scale)</text>']
    for e in range(lo, hi + 1):
        v = 2.0 ** e
        el.append(f'<line x1="{x0 + LEFT}" x2="{x0 + width}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                  f'stroke="{"#333" if e == 0 else "#ddd"}" stroke-width="1"/>')
        el.append(f'<text x="{x0 + LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" '
                  f'font-size="11">{v:g}x</text>')
    for i, prog in enumerate(progs):
        gx = x0 + LEFT + GROUP_GAP / 2 + i * gw
        for j, name in enumerate(names):
            s = doc["speedups"][name][key]
            v = value(s, prog)
            bx = gx + j * (BAR + GAP)
            if not v:
                nx, ny = bx + BAR / 2 + 3, y(1.0) - 4
                el.append(f'<text x="{nx:.1f}" y="{ny:.1f}" font-size="9" fill="#999" '
                          f'transform="rotate(-90 {nx:.1f} {ny:.1f})">n/a</text>')
                continue
            top, base = min(y(v), y(1.0)), max(y(v), y(1.0))
            el.append(f'<rect x="{bx:.1f}" y="{top:.1f}" width="{BAR}" '
                      f'height="{max(base - top, 1):.1f}" fill="{COLORS[j % len(COLORS)]}">'
                      f'<title>{escape(prog)}: {escape(name)} {v:.2f}x</title></rect>')
        tx = gx + len(names) * (BAR + GAP) / 2
        ty = y0 + TOP + PANEL_H + 12
        bold = ' font-weight="bold"' if prog.startswith("geomean") else ""
        el.append(f'<text x="{tx:.1f}" y="{ty}" font-size="11" text-anchor="end" '
                  f'transform="rotate(-45 {tx:.1f} {ty})"{bold}>{escape(prog)}</text>')
    return el, width


def svg(doc, caption=""):
    """The chart as a string."""
    progs = [r["program"] for r in doc["results"]] + ["geomean"] + [
        f"geomean {g}" for g in groups_of(doc["results"])]
    lo, hi = y_range(doc)
    els, x = [], 0
    for key, label in METRICS:
        e, w = panel(doc, key, label, x, 0, progs, lo, hi)
        els += e
        x += w + 20
    height = TOP + PANEL_H + BOTTOM
    lx = LEFT
    for j, (name, s) in enumerate(doc["speedups"].items()):
        text = f'{name} ({s["config"]} vs {s["baseline"]})'
        els.append(f'<rect x="{lx}" y="{height - 4}" width="12" height="12" '
                   f'fill="{COLORS[j % len(COLORS)]}"/>')
        els.append(f'<text x="{lx + 16}" y="{height + 6}" font-size="12">{escape(text)}</text>')
        lx += 30 + 7 * len(text)
    if caption:
        els.append(f'<text x="{LEFT}" y="{height + 28}" font-size="11" fill="#555">'
                   f'{escape(caption)}</text>')
    total_w, total_h = max(x, lx) + 10, height + 40
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w:.0f}" height="{total_h}" '
            f'viewBox="0 0 {total_w:.0f} {total_h}" font-family="sans-serif">\n'
            f'<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(els) + "\n</svg>\n")
