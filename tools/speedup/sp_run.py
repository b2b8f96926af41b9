"""sp_run.py — measures one program in the four configurations: translate, run, profile,
prove (N times), verify (N times), and checks outputs and exit codes agree.
Invariant: a measurement never raises for a failure of the program or of a tool; it
returns a record whose status is "ok" or names the stage and the reason."""
import hashlib, json, os, statistics, struct, subprocess, tempfile, time

# name -> (xlate flags, uses hints). The four switches of the issue: fusion and native
# ops are independent; the two native configurations get the same hints.
CONFIGS = [
    ("O0", ["-O0"], False),
    ("O0+native", ["-O0", "--native"], True),
    ("O1", ["-O1"], False),
    ("O2", ["-O2"], True),
]
CONFIG_NAMES = [c[0] for c in CONFIGS]

# Tables whose rows are not executed uops: paid once per proof (program table, lookup
# tables) or per touched address (memfinal). Chips added later are execution chips.
FIXED_CHIPS = {"program", "range16", "bytes", "pow2", "memfinal"}


class Tools:
    """Paths of the binaries the measurement drives, and the per-command limits."""

    def __init__(self, xlate, uvm, prof, timeout=None, max_cycles=0):
        self.xlate, self.uvm, self.prof = xlate, uvm, prof
        self.timeout, self.max_cycles = timeout, max_cycles


class Proc:
    """A finished child: rc, stdout, stderr (bytes), wall seconds, peak RSS (KiB)."""

    def __init__(self, rc, out, err, wall, maxrss):
        self.rc, self.out, self.err, self.wall, self.maxrss = rc, out, err, wall, maxrss

    def last_line(self):
        """The last stderr line without the tool's own "uvm: prove: " style prefixes."""
        lines = [l for l in self.err.decode(errors="replace").splitlines() if l.strip()]
        if not lines:
            return f"exit status {self.rc}"
        line = lines[-1].strip()
        for p in ("uvm: prove: ", "uvm: verify: ", "uvm: ", "xlate: "):
            if line.startswith(p):
                line = line[len(p):]
        return line


def run_cmd(cmd, timeout=None):
    """Runs cmd with its output in temporary files (no pipe deadlock) and reaps it
    with wait4, so the peak RSS is this child's own."""
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe:
        t0 = time.monotonic()
        try:
            p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=fo, stderr=fe)
        except OSError as e:
            return Proc(127, b"", str(e).encode(), 0.0, 0)
        deadline = None if timeout is None else t0 + timeout
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.monotonic() > deadline:
                p.kill()
                pid, status, ru = os.wait4(p.pid, 0)
                p.returncode = -9
                fe.write(f"\ntimed out after {timeout} s".encode())
                break
            time.sleep(0.005)
        wall = time.monotonic() - t0
        rc = p.returncode if p.returncode is not None else os.waitstatus_to_exitcode(status)
        p.returncode = rc
        fo.seek(0)
        fe.seek(0)
        return Proc(rc, fo.read(), fe.read(), wall, ru.ru_maxrss)


def json_line(text):
    """The last line of text that parses as a JSON object, or None."""
    for line in reversed(text.decode(errors="replace").splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                pass
    return None


def median(xs):
    return statistics.median(xs) if xs else None


def hints_for(tools, elf, source, tmp):
    """Returns (hints file or None, description, candidate lines) for one ELF.
    source: "suggest" (xlate --suggest-hints), "annotations" (the ELF's own
    UISA_NATIVE() annotations only) or a hints file path. Candidates always come from
    --suggest-hints (the Amdahl view's native-op candidates)."""
    p = run_cmd([tools.xlate, "--suggest-hints", elf], tools.timeout)
    cands = []
    if p.rc == 0:
        for line in p.out.decode(errors="replace").splitlines():
            f = line.split("#")[0].split()
            if len(f) == 2:
                cands.append({"op": f[0], "target": f[1]})
    if source == "suggest":
        path = os.path.join(tmp, os.path.basename(elf) + ".hints")
        with open(path, "wb") as f:
            f.write(p.out if p.rc == 0 else b"")
        desc = "xlate --suggest-hints (plus the ELF's annotations)"
        if p.rc:
            desc += f"; --suggest-hints failed: {p.last_line()}"
        return path, desc, cands
    if source == "annotations":
        return None, "the ELF's UISA_NATIVE() annotations only", cands
    return source, f"hints file {source} (plus the ELF's annotations)", cands


def fail(rec, stage, reason):
    rec["status"] = "failed"
    rec["stage"] = stage
    rec["reason"] = reason
    return rec


def chip_summary(pj):
    """Per-chip rows and cells from a prove JSON, execution and fixed alike."""
    return {n: {"rows": c["rows"], "height": c["height"], "columns": c["columns"],
                "cells": c["cells"]} for n, c in pj.get("chips", {}).items()}


def translate(tools, elf, flags, hints, out):
    """xlate with the configuration's flags; returns (Proc, the flags as shown)."""
    shown = flags + (["--hints", os.path.basename(hints)] if hints else [])
    args = [tools.xlate] + flags + (["--hints", hints] if hints else []) + ["-o", out, elf]
    return run_cmd(args, tools.timeout), shown


def profile(tools, uisa, inp):
    """speedup-prof's per-slot counts, or (None, reason)."""
    args = [tools.prof, uisa] + (["--input", inp] if inp else [])
    if tools.max_cycles:
        args += ["--max-cycles", str(tools.max_cycles)]
    p = run_cmd(args, tools.timeout)
    if p.rc:
        return None, p.last_line()
    try:
        return json.loads(p.out), None
    except ValueError:
        return None, "speedup-prof printed no JSON"


def guest_run(tools, uisa, inp):
    args = [tools.uvm, "run", "--json"] + (["--input", inp] if inp else [])
    if tools.max_cycles:
        args += ["--max-cycles", str(tools.max_cycles)]
    p = run_cmd(args + [uisa], tools.timeout)
    return p, json_line(p.err)


def measure_config(tools, name, flags, elf, inp, hints, tmp, repeat, ref, progress):
    """One configuration of one program. ref: the plain -O0 run's (output, exit code,
    RISC-V instructions): every configuration and every verified claim must reproduce
    the first two; cells per instruction divide by the third, the program's own RISC-V
    work (a native uop retires as one instruction, so a config's own count is smaller)."""
    rec = {"config": name, "status": "ok"}
    uisa = os.path.join(tmp, f"{name.replace('+', '_')}.uisa")
    progress(name, "translate")
    p, args = translate(tools, elf, flags, hints, uisa)
    rec["xlate"] = " ".join(args)
    if p.rc:
        return fail(rec, "xlate", p.last_line())
    progress(name, "run")
    p, st = guest_run(tools, uisa, inp)
    if st is None:
        return fail(rec, "run", p.last_line())
    rec.update(insns=st["insns_retired"], uops=st["uops"], exit_code=st["exit_code"],
               output_sha256=hashlib.sha256(p.out).hexdigest(), hist=st.get("hist", {}))
    if st["stop"] != "exit":
        return fail(rec, "run", f"guest {st['stop']} at pc 0x{st['pc']:08x}: {st.get('msg', '')}")
    prof, why = profile(tools, uisa, inp)
    if prof is not None:
        rec["slots"] = prof["slots"]
        tiers = {}
        for s in prof["slots"]:
            tiers[s["tier"]] = tiers.get(s["tier"], 0) + s["count"]
        rec["uops_by_tier"] = tiers
    else:
        rec["profile_error"] = why  # no Amdahl view for this configuration
    if ref is not None and (p.out, st["exit_code"]) != ref[:2]:
        return fail(rec, "check", "output or exit code differs from the plain -O0 run")
    rec["riscv_insns"] = ref[2] if ref is not None else st["insns_retired"]
    return prove_verify(tools, rec, uisa, inp, repeat, p.out, st["exit_code"], progress)


# The speedup tables are measured at `fast` (GF(p^2), 50 / 57 / ~96 bits; docs/security.md),
# the set every published speedup used; its proofs need a conjectured policy to verify.
BENCH_SET = ["--proof-size", "fast"]
BENCH_POLICY = ["--min-security", "conjectured:90"]


def prove_verify(tools, rec, uisa, inp, repeat, out, code, progress):
    """repeat proofs and verifications; the medians, and the claim checked against the
    run's output and exit code."""
    proof = uisa[:-5] + ".uvp"
    pjs, rss = [], []
    for i in range(repeat):
        progress(rec["config"], f"prove {i + 1}/{repeat}")
        args = [tools.uvm, "prove", "--json", "-o", proof] + BENCH_SET + (["--input", inp] if inp else [])
        p = run_cmd(args + [uisa], tools.timeout)
        pj = json_line(p.err)
        if p.rc or pj is None:
            return fail(rec, "prove", p.last_line())
        pjs.append(pj)
        rss.append(max(pj.get("peak_rss_kib", 0), p.maxrss))
    pj = pjs[-1]
    ts = lambda k: median([x["time_s"][k] for x in pjs])
    rec.update(chips=chip_summary(pj), cells=pj["cells"], exec_cells_per_insn=pj.get(
        "exec_cells_per_insn"), proof_bytes=pj["proof_bytes"], trace_s=ts("trace_generation"),
        prove_s=ts("total"), peak_rss_kib=max(rss),
        prove_runs_s=[x["time_s"]["total"] for x in pjs],
        phases_s={k: ts(k) for k in pj["time_s"]})  # where the prover spends it
    rec["cells_exec"] = sum(c["rows"] * c["columns"] for n, c in rec["chips"].items()
                            if n not in FIXED_CHIPS)
    rec["cells_per_insn"] = pj["cells"] / rec["riscv_insns"] if rec["riscv_insns"] else None
    walls = []
    for i in range(repeat):
        progress(rec["config"], f"verify {i + 1}/{repeat}")
        p = run_cmd([tools.uvm, "verify", proof, "--program", uisa] + BENCH_POLICY, tools.timeout)
        if p.rc:
            return fail(rec, "verify", p.last_line())
        walls.append(p.wall)
        rec["peak_rss_kib"] = max(rec["peak_rss_kib"], p.maxrss)
    rec["verify_s"] = median(walls)
    claimed = p.last_line().rsplit(" ", 1)[-1]
    if p.out != out or claimed != str(code):
        return fail(rec, "check", f"verified claim (exit {claimed}, {len(p.out)} output bytes) "
                    f"differs from the run (exit {code}, {len(out)} bytes)")
    return rec



def measure_program(tools, prog, elf, inp, hints_source, repeat, configs, progress,
                    trust_hints=False):
    """All configurations of one program; never raises on a program's failure.
    trust_hints: translate the native configurations with --no-check-hints."""
    res = {"program": prog, "elf": elf, "input": inp, "configs": {}}
    with tempfile.TemporaryDirectory(prefix="speedup-") as tmp:
        hints, desc, cands = hints_for(tools, elf, hints_source, tmp)
        if trust_hints:
            desc += ", not checked (--trust-hints)"
        res["hints"] = {"source": desc, "file": hints_source if hints_source not in (
            "suggest", "annotations") else None, "candidates": cands}
        plain = os.path.join(tmp, "plain.uisa")
        progress("plain", "run")
        p, _ = translate(tools, elf, ["-O0"], None, plain)
        ref = None
        if p.rc == 0:
            p, st = guest_run(tools, plain, inp)
            if st is not None:
                ref = (p.out, st["exit_code"], st["insns_retired"])
                res["plain"] = {"exit_code": st["exit_code"], "stop": st["stop"],
                                "insns": st["insns_retired"], "output_bytes": len(p.out),
                                "output_sha256": hashlib.sha256(p.out).hexdigest()}
                res["_plain_output"] = p.out
        for name, flags, uses_hints in CONFIGS:
            if name not in configs:
                continue
            if uses_hints and trust_hints:
                flags = flags + ["--no-check-hints"]
            res["configs"][name] = measure_config(
                tools, name, flags, elf, inp, hints if uses_hints else None, tmp, repeat, ref,
                progress)
    return res


def calibration_elf():
    """A 3-instruction RV32 ELF (addi a0, x0, 0; addi a7, x0, 93; ecall: exit(0)) with one
    executable segment holding only code: proving it lists every chip's committed width."""
    code = struct.pack("<3I", 0x00000513, 0x05D00893, 0x00000073)
    base, ehsize, phsize = 0x10000, 52, 32
    off = ehsize + phsize
    eh = b"\x7fELF" + bytes([1, 1, 1, 0]) + bytes(8)  # ELF32, little-endian, version 1
    eh += struct.pack("<HHIIIIIHHHHHH", 2, 243, 1, base + off, ehsize, 0, 0, ehsize, phsize,
                      1, 40, 0, 0)  # EXEC, RISC-V, entry, phoff, no sections
    ph = struct.pack("<8I", 1, off, base + off, base + off, len(code), len(code), 5, 4)  # LOAD R+X
    return eh + ph + code


def calibration_widths(tools):
    """{chip: committed columns} from a proof of calibration_elf(), or {} if it fails."""
    with tempfile.TemporaryDirectory(prefix="speedup-cal-") as tmp:
        elf, uisa = os.path.join(tmp, "cal.elf"), os.path.join(tmp, "cal.uisa")
        with open(elf, "wb") as f:
            f.write(calibration_elf())
        if run_cmd([tools.xlate, "-O0", "-o", uisa, elf], tools.timeout).rc:
            return {}
        p = run_cmd([tools.uvm, "prove", "--json", "-o", os.path.join(tmp, "cal.uvp"), uisa],
                    tools.timeout)
        pj = json_line(p.err)
        if p.rc or pj is None:
            return {}
        return {n: c["columns"] for n, c in pj.get("chips", {}).items() if n not in FIXED_CHIPS}
