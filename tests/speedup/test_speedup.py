#!/usr/bin/env python3
"""test_speedup.py — tools/speedup end to end on tiny.elf (provable at -O0), fault.elf
(faults in every configuration) and a file that is not an ELF: the JSON fields against
values computed here from tiny.S, reason rows for what fails, well-formed CSV and SVG,
speedup-prof's counts, usage errors, and a faked output difference (a wrapped uvm)
becoming a check row with exit status 1.

  test_speedup.py SPEEDUP BUILD tiny.elf fault.elf"""
import csv, json, os, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

FAILS = []
N = 50  # tiny.S's loop count
# tiny.S by hand: li, li, la (auipc + addi), N x (add sw lw addi bnez), andi li ecall
TINY_INSNS = 4 + 5 * N + 3
TINY_EXIT = sum(range(1, N + 1)) & 0xFF
# chip add proves ADD; chip addi ADDI, LI, and la's AUIPC + ADDI
TINY_ROWS = {"add": N, "addi": N + 4 + 1, "store": N, "load": N, "branch": N, "logic": 1,
             "sys": 1}


def check(cond, msg):
    if not cond:
        FAILS.append(msg)
        print("FAIL:", msg)


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def check_tiny(r):
    o0, nat = r["configs"]["O0"], r["configs"]["O0+native"]
    check(o0["status"] == "ok", f"tiny -O0 proves and verifies: {o0.get('reason')}")
    if o0["status"] != "ok":
        return
    check(o0["insns"] == TINY_INSNS and o0["uops"] == TINY_INSNS, f"tiny insns {o0['insns']}")
    check(o0["exit_code"] == TINY_EXIT, f"tiny exit code {o0['exit_code']} != {TINY_EXIT}")
    for chip, rows in TINY_ROWS.items():
        got = o0["chips"][chip]["rows"]
        check(got == rows, f"tiny rows {chip}: {got} != {rows}")
    check(o0["cells"] == sum(c["height"] * c["columns"] for c in o0["chips"].values()),
          "cells = sum of height x columns")
    check(abs(o0["cells_per_insn"] - o0["cells"] / TINY_INSNS) < 1e-9, "cells per insn")
    check(o0["prove_runs_s"] == [o0["prove_s"]], "--repeat 1: one prove time, the median")
    check(o0["phases_s"]["total"] == o0["prove_s"] and "quotient" in o0["phases_s"],
          "prover phases")
    for k in ("trace_s", "verify_s", "proof_bytes", "peak_rss_kib"):
        check(isinstance(o0.get(k), (int, float)) and o0[k] >= 0, f"tiny -O0 field {k}")
    check(o0["proof_bytes"] > 1000 and o0["peak_rss_kib"] > 1000, "proof size and RSS plausible")
    check(nat["status"] == "ok" and nat["cells"] == o0["cells"],
          "tiny has no native-op candidate: -O0+native commits the same cells")
    for c in ("O1", "O2"):
        x = r["configs"][c]
        check(x["status"] == "ok" or (x["status"] == "failed" and x["stage"] and x["reason"]),
              f"tiny {c}: ok or a reason row")
        check(x.get("insns") == TINY_INSNS, f"tiny {c} retires the same instructions")
    a = r["amdahl"]
    check(abs(sum(e["share"] for e in a["classes"]) - 1) < 1e-9, "Amdahl class shares sum to 1")
    check(len(a["uops"]) <= 3 and a["uops"][0]["share"] >= a["uops"][-1]["share"],
          "--top 3, sorted")


def check_doc(doc):
    res = {r["program"]: r for r in doc["results"]}
    check(sorted(res) == ["fault", "notelf", "tiny"], f"programs {sorted(res)}")
    check_tiny(res["tiny"])
    for name, c in res["fault"]["configs"].items():
        check(c["status"] == "failed" and c["stage"] == "run" and "fault" in c["reason"],
              f"fault {name}: a run row naming the fault, got {c.get('stage')}: {c.get('reason')}")
    for name, c in res["notelf"]["configs"].items():
        check(c["status"] == "failed" and c["stage"] == "xlate" and c["reason"],
              f"notelf {name}: an xlate row with the reason")
    s = doc["speedups"]["native alone"]["cells"]
    t = res["tiny"]["configs"]
    if t["O0"]["status"] == "ok":
        check(s["per_program"]["tiny"] == t["O0"]["cells"] / t["O0+native"]["cells"],
              "native-alone speedup in cells = O0 / O0+native")
        check(s["n"] == 1 and s["geomean"] == s["per_program"]["tiny"], "geomean over one program")
    check(s["per_program"]["fault"] is None, "no speedup for a failed program")
    aims = {a["aim"].split(",")[0] + a["aim"].split(",")[-1]: a for a in doc["aims"]}
    check(len(doc["aims"]) == 4 and aims["-O2 over -O0 geomean"]["value"] ==
          doc["speedups"]["all"]["prove_s"]["geomean"], "aims: -O2 geomean from the speedups")
    check(aims["-O2 over -O0 keccak-heavy programs (worst)"]["value"] is None,
          "no keccak-heavy program here")
    pub = [p["cells_per_insn"] for p in doc["baseline"]["published"]]
    check(84.9 in pub and 48.0 in pub, "published baseline figures")
    check([m["program"] for m in doc["baseline"]["measured"]] == ["tiny"], "measured baseline")


def check_files(out, doc):
    with open(os.path.join(out, "measurements.csv"), newline="") as f:
        rows = list(csv.reader(f))
    check(len(rows) == 1 + 3 * 4, f"measurements.csv rows {len(rows)}")
    check(all(len(r) == len(rows[0]) for r in rows), "measurements.csv rectangular")
    st = rows[0].index("status")
    check({r[st] for r in rows[1:]} <= {"ok", "failed"}, "status column")
    for name in ("speedups.csv", "amdahl.csv"):
        with open(os.path.join(out, name), newline="") as f:
            rows = list(csv.reader(f))
        check(len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows), f"{name} well-formed")
    root = ET.parse(os.path.join(out, "speedup.svg")).getroot()
    check(root.tag == "{http://www.w3.org/2000/svg}svg", "svg root element")
    bars = [e for e in root.iter("{http://www.w3.org/2000/svg}rect")
            if e.find("{http://www.w3.org/2000/svg}title") is not None]
    want = sum(1 for sp in doc["speedups"].values() for m in ("cells", "prove_s")
               for v in list(sp[m]["per_program"].values()) + [sp[m]["geomean"]] if v)
    check(len(bars) == want, f"one bar per measured speedup: {len(bars)} != {want}")


def check_prof(build, tiny, tmp):
    u = os.path.join(tmp, "tiny.uisa")
    check(run([os.path.join(build, "cli", "xlate"), "-O0", "-o", u, tiny]).returncode == 0, "xlate")
    p = run([os.path.join(build, "tools", "speedup", "speedup-prof"), u])
    prof = json.loads(p.stdout)
    check(sum(s["count"] * s["ninsn"] for s in prof["slots"]) == TINY_INSNS, "prof counts sum")
    check(all(s["chip"] for s in prof["slots"]), "every tiny slot has a chip")
    check(run([os.path.join(build, "tools", "speedup", "speedup-prof"), tiny]).returncode == 2,
          "speedup-prof refuses an ELF (not a .uisa)")


WRAPPER = """#!/usr/bin/env python3
import subprocess, sys
# uvm with one extra output byte when running the -O1 program: a fake disagreement
rc = subprocess.run([%r] + sys.argv[1:]).returncode
if sys.argv[1] == "run" and sys.argv[-1].endswith("O1.uisa"):
    sys.stdout.write("X")
sys.exit(rc)
"""


def check_disagreement(speedup, build, tiny, tmp):
    """A configuration whose output differs from the plain run: a check row, exit 1."""
    fake = os.path.join(tmp, "fakebuild")
    for d in ("cli", "tools/speedup"):
        os.makedirs(os.path.join(fake, d))
    for t in ("cli/xlate", "tools/speedup/speedup-prof"):
        os.symlink(os.path.abspath(os.path.join(build, t)), os.path.join(fake, t))
    with open(os.path.join(fake, "cli", "uvm"), "w") as f:
        f.write(WRAPPER % os.path.abspath(os.path.join(build, "cli", "uvm")))
    os.chmod(os.path.join(fake, "cli", "uvm"), 0o755)
    out = os.path.join(tmp, "dis")
    p = run([sys.executable, speedup, "--build", fake, "--configs", "O1", "-o", out, tiny])
    check(p.returncode == 1 and b"DISAGREEMENT" in p.stderr, f"disagreement: rc {p.returncode}")
    with open(os.path.join(out, "speedup.json")) as f:
        c = json.load(f)["results"][0]["configs"]["O1"]
    check(c["status"] == "failed" and c["stage"] == "check", f"check row: {c.get('stage')}")


def main():
    speedup, build, tiny, fault = sys.argv[1:5]
    with tempfile.TemporaryDirectory() as tmp:
        notelf = os.path.join(tmp, "notelf")
        with open(notelf, "w") as f:
            f.write("not an ELF\n")
        out = os.path.join(tmp, "out")
        p = run([sys.executable, speedup, "--build", build, "--repeat", "1", "--top", "3",
                 "-o", out, tiny, fault, notelf])
        print(p.stdout.decode())
        check(p.returncode == 0, f"speedup rc {p.returncode}: {p.stderr.decode()[-500:]}")
        check(b"\r" not in p.stderr, "no progress line when stderr is not a terminal")
        with open(os.path.join(out, "speedup.md")) as f:
            md = f.read()
        check("| tiny | - | O0 |" in md and "### Aims" in md,
              "speedup.md: markdown tables (an ELF from the command line has no group: -)")
        check("geomean hotspot" not in md and "group ordinary" not in md,
              "speedup.md: no group columns when no program has a group")
        with open(os.path.join(out, "speedup.json")) as f:
            doc = json.load(f)
        check_doc(doc)
        check_files(out, doc)
        text = p.stdout.decode()
        check("xlate:" in text and "run: guest fault" in text, "text table gives the reasons")
        check_prof(build, tiny, tmp)
        check_disagreement(speedup, build, tiny, tmp)
        for bad in (["--configs", "O3"], ["--repeat", "0"], ["--hints", os.path.join(tmp, "none")]):
            check(run([sys.executable, speedup, "--build", build] + bad + [tiny]).returncode == 2,
                  f"usage error {bad}")
    print(f"{len(FAILS)} failures")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
