#!/usr/bin/env python3
"""test_speedup_report.py — tools/speedup's arithmetic on synthetic measurements (no
prover): speedups and geometric means against values computed here, over all programs
and per group (hotspot, ordinary, none), missing values, the aims, the Amdahl shares (own proof, estimated uops, split fused rows), and the CSV
and SVG of a report with gaps.

  test_speedup_report.py TOOLS_SPEEDUP_DIR"""
import csv, math, os, sys, tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, sys.argv[1])
import sp_report, sp_svg  # noqa: E402

FAILS = []


def check(cond, msg):
    if not cond:
        FAILS.append(msg)
        print("FAIL:", msg)


def cfg(cells, t, **kw):
    return dict(status="ok", cells=cells, prove_s=t, cells_exec=cells // 2, **kw)


def results():
    # a: every config proves; b: O2 fails; c: nothing proves (keccak candidate)
    a = {"O0": cfg(800, 8.0), "O0+native": cfg(400, 5.0), "O1": cfg(500, 4.0), "O2": cfg(200, 2.0)}
    b = {"O0": cfg(900, 9.0), "O0+native": cfg(900, 9.0), "O1": cfg(300, 3.0),
         "O2": {"status": "failed", "stage": "prove", "reason": "r"}}
    c = {n: {"status": "failed", "stage": "prove", "reason": "r"} for n in a}
    none = {"source": "none", "candidates": []}
    # d: like a but 2x more cells per config, ungrouped (an ELF from the command line)
    d = {n: dict(v, cells=v["cells"] * 2) for n, v in a.items()}
    d["O2"] = cfg(800, 2.0)
    return [{"program": "a", "group": "ordinary", "configs": a, "hints": none},
            {"program": "b", "group": "ordinary", "configs": b, "hints": none},
            {"program": "c", "group": "hotspot", "configs": c,
             "hints": {"source": "s",
                       "candidates": [{"op": "keccak_f1600", "target": "keccak_f1600"}]}},
            {"program": "d", "group": None, "configs": d, "hints": none}]


def test_speedups(res):
    sp = sp_report.speedups(res)
    fa = sp["fusion alone"]
    check(fa["cells"]["per_program"] == {"a": 800 / 500, "b": 900 / 300, "c": None,
                                         "d": 800 / 500}, "fusion cells")
    g = (800 / 500 * 900 / 300 * 800 / 500) ** (1 / 3)
    check(abs(fa["cells"]["geomean"] - g) < 1e-12 and fa["cells"]["n"] == 3, "geomean of three")
    # groups: ordinary = a, b; hotspot = c (nothing proved); d belongs to no group
    gr = fa["cells"]["groups"]
    check(list(gr) == ["hotspot", "ordinary"], f"groups in report order: {list(gr)}")
    check(abs(gr["ordinary"]["geomean"] - math.sqrt(800 / 500 * 900 / 300)) < 1e-12 and
          gr["ordinary"]["n"] == 2, "ordinary geomean over a and b only")
    check(gr["hotspot"] == {"geomean": None, "n": 0}, "hotspot: nothing measured")
    al = sp["all"]["prove_s"]
    check(al["per_program"]["b"] is None and al["geomean"] == 8.0 / 2.0 and al["n"] == 2,
          "all: only a and d measured")
    check(al["groups"]["ordinary"] == {"geomean": 4.0, "n": 1}, "all, ordinary: a alone")
    check(sp_report.groups_of([{"group": "zz"}, {"group": "ordinary"}, {}]) == ["ordinary", "zz"],
          "groups_of: known groups first, unknown sorted, None left out")
    check(sp["fusion on native"]["cells"]["per_program"]["a"] == 400 / 200, "fusion on native")
    check(sp["native alone"]["cells_exec"]["per_program"]["a"] == 400 / 200, "execution cells")
    aims = sp_report.aims(res, sp)
    check(aims[0]["value"] == 4.0 and aims[0]["met"] is True, "-O2 aim met at 4x")
    check(sp_report.speedups(res[:1])["all"]["cells"]["groups"] == {
        "ordinary": {"geomean": 4.0, "n": 1}}, "only the groups present")
    check(aims[1]["value"] is None and aims[1]["met"] is None, "keccak program c not measured")
    check(aims[2]["met"] is (math.sqrt(2.0 * 3.0) >= 1.5), "fusion aim")
    check(sp_report.geomean([]) is None and sp_report.geomean([None, 2.0]) == 2.0, "geomean edge")
    return sp


def test_amdahl():
    slots = [
        {"op": "ADD", "count": 10, "func": "f", "class": "alu", "chip": "add", "chip2": None},
        {"op": "LW_ADDI", "count": 5, "func": "g", "class": "load", "chip": "load", "chip2": "add"},
        {"op": "MUL", "count": 2, "func": "g", "class": "mul", "chip": None, "chip2": None},
    ]
    chips = {"add": {"rows": 15, "height": 16, "columns": 40, "cells": 640},
             "load": {"rows": 5, "height": 8, "columns": 60, "cells": 480},
             "range16": {"rows": 4, "height": 4, "columns": 10, "cells": 40}}
    r = {"program": "p", "hints": {"candidates": [{"op": "memcpy", "target": "g"}]},
         "configs": {"O0": {"status": "failed", "slots": slots, "cells": 0}}}
    widths = {"add": 40, "load": 60}
    a = sp_report.amdahl(r, widths, 2)
    # widths only: add 10*40 + 5*40, load 5*60, MUL 2*50 (mean width, estimated)
    total = 10 * 40 + 5 * 40 + 5 * 60 + 2 * 50
    cls = {e["name"]: e for e in a["classes"]}
    check(a["total_cells"] == total and cls["add"]["cells"] == 600, "classes from widths")
    check(cls["mul (not provable yet)"]["estimated"] and cls["mul (not provable yet)"]["cells"]
          == 100, "unprovable uop estimated at the mean width")
    fn = {e["name"]: e for e in a["functions"]}
    check(abs(fn["g"]["share"] - (5 * 100 + 100) / total) < 1e-12, "function share, both rows")
    check(a["candidates"][0]["share"] == fn["g"]["share"], "candidate = its function's share")
    # h calls g at a JAL executed twice, g's entry (the LW_ADDI slot) runs 5 times
    call = {"pc": 99, "op": "JAL", "count": 2, "func": "h", "class": "jump", "chip": "jump",
            "chip2": None, "call": 7}
    slots[1]["pc"] = 7
    slots.append(call)
    r["hints"]["candidates"] = [{"op": "x", "target": "h"}]
    w2 = dict(widths, jump=41)
    a = sp_report.amdahl(r, w2, 2)
    total = a["total_cells"]
    g_cells = 5 * 100 + 2 * (40 + 60 + 41) / 3
    check(abs(a["candidates"][0]["share"] - (2 * 41 + 2 / 5 * g_cells) / total) < 1e-12 and
          abs(a["candidates"][0]["self_share"] - 2 * 41 / total) < 1e-12,
          f"inclusive share: {a['candidates'][0]}")
    slots.pop()
    r["hints"]["candidates"] = [{"op": "memcpy", "target": "g"}]
    check(len(a["uops"]) == 2, "--top 2")
    r["configs"]["O0"] = {"status": "ok", "slots": slots[:2], "cells": 2000, "chips": chips,
                          "prove_s": 10.0}
    a = sp_report.amdahl(r, widths, 5)
    check(abs(sum(e["share"] for e in a["classes"]) - 1) < 1e-12, "own proof: shares sum to 1")
    cls = {e["name"]: e for e in a["classes"]}
    check(cls["add"]["cells"] == 640 and cls["(tables)"]["cells"] == 2000 - 640 - 480,
          "own proof: cells per row incl. padding")
    check(abs(cls["add"]["time_s"] - 10.0 * 640 / 2000) < 1e-12, "time share ~ cells")


def test_files(res, sp):
    doc = {"results": res, "speedups": sp}
    with tempfile.TemporaryDirectory() as tmp:
        root = ET.fromstring(sp_svg.svg(doc, "caption <&>"))
        ns = "{http://www.w3.org/2000/svg}"
        bars = [e for e in root.iter(ns + "rect") if e.find(ns + "title") is not None]
        want = sum(1 for s in sp.values() for m in ("cells", "prove_s")
                   for v in list(s[m]["per_program"].values()) + [s[m]["geomean"]] +
                   [e["geomean"] for e in s[m]["groups"].values()] if v)
        check(len(bars) == want, f"svg bars {len(bars)} != {want}")
        titles = [b.find(ns + "title").text for b in bars]
        check(any(t.startswith("geomean ordinary: fusion alone") for t in titles) and
              not any(t.startswith("geomean hotspot") for t in titles),
              "svg: a bar per measured group geomean, a gap for the unmeasured hotspot group")
        doc.update(baseline=sp_report.baseline([]), aims=sp_report.aims(res, sp))
        for r in res:
            r["amdahl"] = None
        sp_report.csv_tables(doc, tmp)
        with open(os.path.join(tmp, "measurements.csv"), newline="") as f:
            rows = list(csv.reader(f))
        check(len(rows) == 17 and all(len(x) == len(rows[0]) for x in rows), "csv 4 x 4 rows")
        check(rows[0][:3] == ["program", "group", "config"] and rows[1][:3] == ["a", "ordinary", "O0"]
              and [x[1] for x in rows if x[0] == "d"] == [""] * 4, "csv: group column")
        with open(os.path.join(tmp, "speedups.csv"), newline="") as f:
            sp_rows = {(x["speedup"], x["metric"], x["program"]): x["value"]
                       for x in csv.DictReader(f)}
        check(abs(float(sp_rows[("fusion alone", "cells", "geomean:ordinary")]) -
                  math.sqrt(800 / 500 * 900 / 300)) < 1e-9 and
              sp_rows[("fusion alone", "cells", "geomean:hotspot")] == "",
              "speedups.csv: per-group geomeans, empty when unmeasured")
        doc["repeat"] = 1
        text = sp_report.text_report(doc, 3)
        check("prove: r" in text and "MISSED" not in text.split("Aims")[1].split("\n")[1],
              "text: reason rows; the 4x -O2 aim met")
        check("group hotspot: c" in text and "group ordinary: a, b" in text,
              "text: group membership")
        hdr = [ln for ln in text.splitlines() if ln.startswith("speedup ")][0].split()
        check(hdr[-8:] == ["geomean", "n", "geomean", "hotspot", "n", "geomean", "ordinary", "n"],
              f"text: group columns after the overall geomean: {hdr[-8:]}")
        fa_line = [ln for ln in text.splitlines() if ln.startswith("  fusion alone:")][0]
        want = "cells %.2fx / - / %.2fx" % ((800 / 500 * 900 / 300 * 800 / 500) ** (1 / 3),
                                            math.sqrt(800 / 500 * 900 / 300))
        check(want in fa_line, f"text: geomeans by group all / hotspot / ordinary: {fa_line}")
        md = sp_report.text_report(doc, 3, md=True)
        check("| geomean hotspot | n | geomean ordinary | n |" in md, "markdown: group columns")


def main():
    res = results()
    sp = test_speedups(res)
    test_amdahl()
    test_files(res, sp)
    print(f"{len(FAILS)} failures")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
