"""sp_report.py — from measurements to results: speedups with geometric means (over
all programs and over each group apart: 'hotspot' programs, whose native-op candidates
dominate, and 'ordinary' ones, as corpus/meson.build tags them), the -O0 baseline beside
published zkVM figures, the Amdahl view; text, CSV and JSON.
Invariant: every number is computed from the measured records; a missing or failed
measurement gives None (shown "-"), never a guess, and estimates are labelled."""
import csv, math, os

from sp_run import CONFIG_NAMES, FIXED_CHIPS

# (name, baseline config, improved config): speedup = baseline figure / improved figure.
SPEEDUPS = [
    ("native alone", "O0", "O0+native"),
    ("fusion alone", "O0", "O1"),
    ("fusion on native", "O0+native", "O2"),
    ("all", "O0", "O2"),
]
METRICS = [("cells", "cells"), ("prove_s", "prove time")]
# Also reported (text, JSON, CSV; not charted): execution-chip cells, i.e. without the
# fixed tables (2^16-row range and byte tables) that short programs cannot amortise.
ALL_METRICS = METRICS + [("cells_exec", "execution-chip cells")]

# Published figures (sources in docs/speedup.md), committed cells per RISC-V instruction.
PUBLISHED = [
    ("OpenVM 1.x (BabyBear), fibonacci, all tables", 84.9, "34.3 main + LogUp"),
    ("ZisK (Goldilocks), ADD, first stage", 48.0,
     "main row 38 + binary-add 10; +13 per memory access"),
    ("SP1 Hypercube (KoalaBear), ADD", 33.0, "no LogUp columns committed (GKR)"),
]


# Program groups in report order (corpus/meson.build tags every corpus program with one);
# a result without a group (an ELF given on the command line) counts only in "all".
GROUPS = ("hotspot", "ordinary")


def groups_of(results):
    """The groups present in results: GROUPS' order first, then any other name sorted."""
    present = {r.get("group") for r in results} - {None}
    return [g for g in GROUPS if g in present] + sorted(present - set(GROUPS))


def ok(rec):
    return rec is not None and rec.get("status") == "ok"


def geomean(xs):
    xs = [x for x in xs if x is not None and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def speedups(results):
    """{speedup name: {metric: {"per_program": {prog: x or None}, "geomean", "n",
    "groups": {group: {"geomean", "n"}}}}}: the geomean over every program measured and
    over each group's programs apart."""
    out, groups = {}, groups_of(results)
    for name, base, new in SPEEDUPS:
        out[name] = {"baseline": base, "config": new}
        for key, _ in ALL_METRICS:
            per = {}
            for r in results:
                a, b = r["configs"].get(base), r["configs"].get(new)
                per[r["program"]] = (a[key] / b[key] if ok(a) and ok(b) and b[key] else None)
            vals = [v for v in per.values() if v is not None]
            grp = {}
            for g in groups:
                gv = [per[r["program"]] for r in results
                      if r.get("group") == g and per[r["program"]] is not None]
                grp[g] = {"geomean": geomean(gv), "n": len(gv)}
            out[name][key] = {"per_program": per, "geomean": geomean(vals), "n": len(vals),
                              "groups": grp}
    return out


def aims(results, sp):
    """The issue's aims, each with the measured value and whether it is met (None: not
    measured). Keccak-heavy: a program whose suggested hints include keccak_f1600."""
    keccak = [r["program"] for r in results
              if any(c["op"] == "keccak_f1600" for c in r["hints"]["candidates"])]
    per = sp["all"]["prove_s"]["per_program"]
    kvals = [per[p] for p in keccak if per.get(p) is not None]
    out = []
    for name, value, target in (
            ("-O2 over -O0, prove time, geomean", sp["all"]["prove_s"]["geomean"], 3.0),
            ("-O2 over -O0, prove time, keccak-heavy programs (worst)",
             min(kvals) if kvals else None, 12.0),
            ("fusion alone (-O1 over -O0), prove time, geomean",
             sp["fusion alone"]["prove_s"]["geomean"], 1.5),
            ("fusion on native (-O2 over -O0+native), prove time, geomean",
             sp["fusion on native"]["prove_s"]["geomean"], None)):
        out.append({"aim": name, "value": value, "target": target,
                    "met": None if value is None or target is None else value >= target})
    return out


def baseline(results):
    """-O0 committed cells per RISC-V instruction per program, beside the published."""
    rows = []
    for r in results:
        c = r["configs"].get("O0")
        if ok(c):
            n = c["riscv_insns"]
            rows.append({"program": r["program"], "cells_per_insn": c["cells_per_insn"],
                         "exec_cells_per_insn": c["cells_exec"] / n if n else None})
    return {"measured": rows,
            "published": [{"system": s, "cells_per_insn": v, "note": n} for s, v, n in PUBLISHED]}


def cell_costs(results):
    """Committed columns per execution chip, from any proof of this invocation (a
    chip's width does not depend on the program)."""
    widths, used = {}, set()
    for r in results:
        for c in r["configs"].values():
            if ok(c):
                for n, ch in c["chips"].items():
                    # a chip without rows may be committed as a narrower stub (keccak_io)
                    if n not in FIXED_CHIPS and (ch["rows"] or n not in used):
                        widths[n] = ch["columns"]
                        used |= {n} if ch["rows"] else set()
    return widths


def row_cost(chip, own, widths, mean_w):
    """(cells per row, estimated?) of one row of chip (None: an uop not provable yet)."""
    if chip is not None and own is not None and own.get(chip, {}).get("rows"):
        return own[chip]["cells"] / own[chip]["rows"], False  # own proof, padding included
    if chip is not None and chip in widths:
        return widths[chip], False
    return mean_w, True


def add_to(groups, g, key, uops, cells, est):
    e = groups[g].setdefault(key, {"name": key, "uops": 0, "cells": 0.0, "estimated": False})
    e["uops"] += uops
    e["cells"] += cells
    e["estimated"] |= est


def amdahl(r, widths, top, widths_from="other proofs", config="O0"):
    """Share of config's prove cost (the issue asks for -O0) per uop class, uop, function
    and native-op candidate. Cells per executed row: the chip's cells / rows of this
    program's proof in config when it proved, else the chip's width from another proof
    (or the calibration); a split fused uop costs its two rows, each in its own chip's
    class; an uop the prover refuses costs the mean execution-chip width (marked
    estimated). Time: proportional to cells."""
    c0 = r["configs"].get(config)
    if c0 is None or "slots" not in c0:
        return None
    if not widths:
        return {"config": config, "basis": "no proof in this invocation: no cell widths",
                "classes": []}
    own = c0["chips"] if ok(c0) else None
    mean_w = sum(widths.values()) / len(widths)
    groups = {"classes": {}, "uops": {}, "functions": {}}
    est_cells = 0.0
    for s in c0["slots"]:
        total_cells, est_any = 0.0, False
        for chip in [s["chip"]] + ([s["chip2"]] if s.get("chip2") else []):
            cost, est = row_cost(chip, own, widths, mean_w)
            cls = chip if chip is not None else s["class"] + " (not provable yet)"
            add_to(groups, "classes", cls, s["count"], cost * s["count"], est)
            total_cells += cost * s["count"]
            est_any |= est
        est_cells += total_cells if est_any else 0
        add_to(groups, "uops", s["op"], s["count"], total_cells, est_any)
        add_to(groups, "functions", s["func"] or "?", s["count"], total_cells, est_any)
    exec_cells = sum(e["cells"] for e in groups["classes"].values())
    if own:  # fixed tables, memfinal, padding of chips without rows
        groups["classes"]["(tables)"] = {"name": "(tables)", "uops": 0, "estimated": False,
                                         "cells": c0["cells"] - exec_cells}
    total = c0["cells"] if own else exec_cells
    t = c0.get("prove_s") if ok(c0) else None
    out = {"config": config,
           "basis": (f"this program's {config} proof" if own else
                     f"chip widths from {widths_from}; tables not included") +
           (f"; {est_cells / total:.1%} of the cells estimated (uops not provable yet)"
            if est_cells else ""),
           "total_cells": total, "prove_s": t}
    for g, d in groups.items():
        rows = sorted(d.values(), key=lambda e: -e["cells"])
        for e in rows:
            e["share"] = e["cells"] / total if total else None
            e["time_s"] = e["share"] * t if t is not None and e["share"] is not None else None
        out[g] = rows[:top] if g != "classes" else rows
    incl = inclusive(c0["slots"], {k: e["cells"] for k, e in groups["functions"].items()})
    out["candidates"] = []
    for c in r["hints"]["candidates"]:
        f = groups["functions"].get(c["target"])
        share = incl(c["target"]) / total if f and total else 0.0
        out["candidates"].append({"op": c["op"], "target": c["target"], "share": share,
                                  "self_share": f["cells"] / total if f and total else 0.0,
                                  "uops": f["uops"] if f else 0,
                                  "time_s": share * t if t is not None else None})
    out["candidates"].sort(key=lambda e: -e["share"])
    out["candidates"] = out["candidates"][:top]
    return out


def inclusive(slots, self_cells):
    """name -> cells of a function with its callees, gprof-style: a callee's inclusive
    cells are split among its direct callers by their share of its entries (executions
    of its entry slot); recursion and indirect calls add nothing (lower bound)."""
    at = {s["pc"]: s for s in slots if "pc" in s}
    calls = {}
    for s in slots:
        g = at.get(s.get("call"))
        if g is not None and g["func"] and s["func"] and g["func"] != s["func"]:
            e = calls.setdefault(s["func"], {})
            e[g["func"]] = (e.get(g["func"], (0, g["count"]))[0] + s["count"], g["count"])
    memo, active = {}, set()

    def incl(f):
        if f in memo:
            return memo[f]
        if f in active:
            return 0.0
        active.add(f)
        v = self_cells.get(f, 0.0) + sum(min(1.0, n / entries) * incl(g)
                                         for g, (n, entries) in calls.get(f, {}).items())
        active.discard(f)
        memo[f] = v
        return v
    return incl


def fmt(x, spec="{:.3g}"):
    return "-" if x is None else spec.format(x)


def rows_text(c):
    ch = c.get("chips") or {}
    return " ".join(f"{n}:{v['rows']}" for n, v in ch.items() if v["rows"] and n not in FIXED_CHIPS)


TABLE_COLS = ["program", "group", "config", "insns", "uops", "cells", "cells/insn", "trace s", "prove s",
              "verify s", "proof KiB", "peak MiB", "rows per chip / why not"]


def table_rows(results):
    out = []
    for r in results:
        for name in CONFIG_NAMES:
            c = r["configs"].get(name)
            if c is None:
                continue
            tail = rows_text(c) if ok(c) else f"{c['stage']}: {c['reason']}"
            out.append([r["program"], r.get("group") or "-", name, fmt(c.get("insns"), "{}"), fmt(c.get("uops"), "{}"),
                        fmt(c.get("cells"), "{}"), fmt(c.get("cells_per_insn"), "{:.1f}"),
                        fmt(c.get("trace_s"), "{:.3f}"), fmt(c.get("prove_s"), "{:.2f}"),
                        fmt(c.get("verify_s"), "{:.2f}"),
                        fmt(c["proof_bytes"] / 1024 if "proof_bytes" in c else None, "{:.0f}"),
                        fmt(c["peak_rss_kib"] / 1024 if "peak_rss_kib" in c else None, "{:.0f}"),
                        tail])
    return out


def text_table(header, rows):
    w = [max(len(str(x)) for x in col) for col in zip(header, *rows)] if rows else []
    line = lambda xs: "  ".join(str(x).ljust(w[i]) if i in (0, 1, 2, len(xs) - 1) else
                                str(x).rjust(w[i]) for i, x in enumerate(xs)).rstrip()
    return "\n".join([line(header), line(["-" * x for x in w])] + [line(r) for r in rows])


def md_table(header, rows):
    esc = lambda x: str(x).replace("|", "\\|")
    return "\n".join(["| " + " | ".join(map(esc, header)) + " |",
                      "|" + "---|" * len(header)] +
                     ["| " + " | ".join(map(esc, r)) + " |" for r in rows])


def text_report(doc, top, md=False):
    """The report as plain text, or as markdown (md: headings, pipe tables, bullets)."""
    table = md_table if md else text_table
    head = (lambda t: f"### {t}\n") if md else (lambda t: t)
    item = "- " if md else "  "
    out = [head("Measurements (timings: medians of %d runs)" % doc["repeat"]),
           table(TABLE_COLS, table_rows(doc["results"])), ""]
    progs = [r["program"] for r in doc["results"]]
    groups = groups_of(doc["results"])
    for g in groups:
        out.append(f"{item}group {g}: " + ", ".join(r["program"] for r in doc["results"]
                                                     if r.get("group") == g))
    if groups:
        out.append("")
    for key, lab in ALL_METRICS:
        out.append(head(f"Speedup in {lab} (baseline / config; geomean over programs measured"
                        + (", all and per group)" if groups else ")")))
        hdr = ["speedup"] + progs + ["geomean", "n"]
        for g in groups:
            hdr += [f"geomean {g}", "n"]
        rows = []
        for name, s in doc["speedups"].items():
            row = [name] + [fmt(s[key]["per_program"][p], "{:.2f}x") for p in progs] + \
                [fmt(s[key]["geomean"], "{:.2f}x"), s[key]["n"]]
            for g in groups:
                e = s[key].get("groups", {}).get(g, {"geomean": None, "n": 0})
                row += [fmt(e["geomean"], "{:.2f}x"), e["n"]]
            rows.append(row)
        out += [table(hdr, rows), ""]
    if groups:
        out += [head("Geomean speedups by group (all / " + " / ".join(groups) + ")")]
        for name, s in doc["speedups"].items():
            parts = []
            for key, lab in ALL_METRICS:
                vals = [fmt(s[key]["geomean"], "{:.2f}x")] + [
                    fmt(s[key].get("groups", {}).get(g, {}).get("geomean"), "{:.2f}x")
                    for g in groups]
                parts.append(f"{lab} {' / '.join(vals)}")
            out.append(f"{item}{name}: " + "; ".join(parts))
        out.append("")
    out.append(head("Aims (issue 8)"))
    for a in doc["aims"]:
        verdict = ("not measured" if a["value"] is None else "reported" if a["met"] is None
                   else "met" if a["met"] else "MISSED")
        tgt = f" (aim >= {a['target']:g}x)" if a["target"] else ""
        out.append(f"{item}{a['aim']}: {fmt(a['value'], '{:.2f}x')}{tgt}: {verdict}")
    out += ["", head("Baseline: -O0 committed cells per RISC-V instruction")]
    for m in doc["baseline"]["measured"]:
        out.append(f"{item}{m['program']}: {fmt(m['cells_per_insn'], '{:.1f}')} all tables, "
                   f"{fmt(m['exec_cells_per_insn'], '{:.1f}')} execution chips")
    if not doc["baseline"]["measured"]:
        out.append(f"{item}(no -O0 run proved)")
    for p in doc["baseline"]["published"]:
        out.append(f"{item}published: {p['system']}: {p['cells_per_insn']} ({p['note']})")
    out.append("")
    if md:
        out.append(head("Amdahl view"))
    for r in doc["results"]:
        out += amdahl_text(r, top, item)
    return "\n".join(out)


def label(e):
    """An Amdahl entry's name; a candidate as OP, or OP=FUNCTION when they differ."""
    if "name" in e:
        return e["name"]
    return e["op"] if e["op"] == e["target"] else f"{e['op']}={e['target']}"


def amdahl_text(r, top, item="  "):
    a = r.get("amdahl")
    h = r["hints"]["source"]
    out = [f"{r['program']}: hints from {h}"]
    if not a or not a.get("classes"):
        return out + [f"{item}Amdahl: " + (a["basis"] if a else "no run to break down"), ""]
    out.append(f"{item}Amdahl view of {a['config']} ({a['basis']}; time share ~ cells share)")
    for g in ("classes", "uops", "functions", "candidates"):
        items = a[g]
        parts = [f"{label(e)} {e['share']:.1%}" +
                 ("*" if e.get("estimated") else "") for e in items if e["share"] is not None]
        out.append(f"{item}{g:<10} " + (", ".join(parts) if parts else "(none)"))
    return out + [""]


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def csv_tables(doc, outdir):
    """measurements.csv (one row per program and configuration with its group, one
    rows_<chip> column per chip seen), speedups.csv (per program, then 'geomean' over all
    and 'geomean:GROUP' per group), amdahl.csv."""
    chips = []
    for r in doc["results"]:
        for c in r["configs"].values():
            for n in c.get("chips") or {}:
                if n not in chips:
                    chips.append(n)
    keys = ["insns", "riscv_insns", "uops", "cells", "cells_exec", "cells_per_insn", "trace_s",
            "prove_s", "verify_s", "proof_bytes", "peak_rss_kib", "exit_code"]
    rows = []
    for r in doc["results"]:
        for name, c in r["configs"].items():
            rows.append([r["program"], r.get("group") or "", name, c["status"], c.get("stage", ""),
                         c.get("reason", ""),
                         c.get("xlate", "")] + [c.get(k, "") for k in keys] +
                        [(c.get("chips") or {}).get(n, {}).get("rows", "") for n in chips])
    write_csv(os.path.join(outdir, "measurements.csv"),
              ["program", "group", "config", "status", "stage", "reason", "xlate"] + keys +
              ["rows_" + n for n in chips], rows)
    rows = []
    for name, s in doc["speedups"].items():
        for key, _ in ALL_METRICS:
            gm = [(f"geomean:{g}", e["geomean"]) for g, e in s[key].get("groups", {}).items()]
            for p, v in (list(s[key]["per_program"].items()) + [("geomean", s[key]["geomean"])]
                         + gm):
                rows.append([name, s["baseline"], s["config"], key, p, "" if v is None else v])
    write_csv(os.path.join(outdir, "speedups.csv"),
              ["speedup", "baseline", "config", "metric", "program", "value"], rows)
    rows = []
    for r in doc["results"]:
        a = r.get("amdahl") or {}
        for g in ("classes", "uops", "functions", "candidates"):
            for e in a.get(g, []):
                rows.append([r["program"], g, label(e),
                             e["uops"], e.get("cells", ""), e["share"], e.get("time_s") or "",
                             int(bool(e.get("estimated")))])
    write_csv(os.path.join(outdir, "amdahl.csv"),
              ["program", "group", "name", "uops", "cells", "share", "time_s", "estimated"], rows)
