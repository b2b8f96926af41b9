#!/usr/bin/env python3
"""hints_cli.py — native ops from hints, end to end on the corpus ELFs.

Subcommands (one meson test each):
  corpus     every program, variant and input: `xlate -O0 --native --hints SUGGESTED`
             (plus the source annotations) gives the host's output and exit code, like -O0;
             prints RISC-V instructions retired (-O0) vs uops executed (native) per run;
             keccak/sha256/merkle must execute fewer uops with native ops than without.
  check      --check-hints accepts the suggested hints, and refuses sha256_compress hinted
             as keccak_f1600 and memmove hinted as memcpy, naming the function; nothing written.
  errors     bad hints files give one line naming file:line (syntax, unknown op, missing
             symbol, bad address, not an instruction, conflicting ops, missing file).
  suggest    --suggest-hints finds keccak_f1600 / sha256_compress (gcc, clang, gcc-rvc)
             and nothing else for those ops; memcpy/memset by name, and by shape once renamed;
             its output is the same on two runs and `xlate -O2 --check-hints` accepts it.
  bignum     --suggest-hints finds modexp2048's mulmod (modmul_64) or reduce (modred_64) and
             modexp256's montmul (montmul_8) by behaviour and lists them only as comments
             (no chip yet); hinted by hand they pass --check-hints, give the host's output
             with fewer uops, and `uvm prove` refuses them in one line; the wrong op or limb
             count is refused by the checker; malformed sized names are errors.
  identical  source annotations, a hints file and the suggested file give byte-identical
             .uisa files; with the annotation symbol stripped, nothing is replaced.
"""
import argparse, json, os, subprocess, sys, tempfile

FAILS = []


def fail(msg):
    FAILS.append(msg)
    print("FAIL:", msg)


def run(cmd, stdin=None, input_bytes=None):
    return subprocess.run(cmd, input=input_bytes, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def xlate(a, args):
    return run([a.xlate] + args)


def elfs(man, programs=None):
    out = []
    for prog, info in sorted(man["programs"].items()):
        if programs and prog not in programs:
            continue
        for var, path in sorted(info["elfs"].items()):
            out.append((prog, var, path))
    return out


def suggested(a, elf, tmp, only=None):
    r = xlate(a, ["--suggest-hints", elf])
    if r.returncode:
        fail(f"--suggest-hints {elf}: rc {r.returncode}: {r.stderr.decode().strip()}")
    text = r.stdout.decode()
    if only:
        text = "".join(l + "\n" for l in text.splitlines() if l.split()[:1] == [only])
    path = os.path.join(tmp, os.path.basename(elf) + (only or "") + ".hints")
    with open(path, "w") as f:
        f.write(text)
    return path, text


def uvm_run(a, uisa, inp):
    r = run([a.uvm, "run", "--json", "--input", inp, uisa])
    stats = {}
    for line in r.stderr.decode().splitlines():
        if line.startswith("{"):
            stats = json.loads(line)
    return r.returncode, r.stdout, stats


def cmd_corpus(a, man, tmp):
    rows = []
    by_elf = {}
    for e in man["entries"]:
        by_elf.setdefault(e["elf"], []).append(e)
    for elf, entries in sorted(by_elf.items()):
        hints, _ = suggested(a, elf, tmp)
        outs = {}
        for mode, args in (("O0", ["-O0"]), ("native", ["-O0", "--native", "--hints", hints])):
            path = os.path.join(tmp, os.path.basename(elf) + "." + mode + ".uisa")
            r = xlate(a, args + ["-o", path, elf])
            if r.returncode:
                fail(f"xlate {' '.join(args)} {elf}: {r.stderr.decode().strip()}")
                break
            outs[mode] = path
        if len(outs) < 2:
            continue
        for e in entries:
            with open(e["expected"], "rb") as f:
                want = f.read()
            res = {}
            for mode, path in outs.items():
                rc, out, stats = uvm_run(a, path, e["input"])
                if out != want or rc != e["expected_exit"]:
                    fail(f"{e['program']}.{e['variant']} {e['input_name']} {mode}: rc {rc} "
                         f"(want {e['expected_exit']}), output {'same' if out == want else 'differs'}")
                res[mode] = stats
            i0 = res["O0"].get("insns_retired") or res["O0"].get("riscv_instructions_retired")
            un = res["native"].get("uops") or res["native"].get("uops_executed")
            rows.append((e["program"], e["variant"], e["input_name"], i0, un))
            if e["program"] in ("keccak", "sha256", "merkle") and i0 and un and not un < i0:
                fail(f"{e['program']}.{e['variant']}: native ops did not fire ({un} uops vs {i0})")
    print(f"{'program':10} {'variant':8} {'input':6} {'insns -O0':>12} {'uops native':>12} ratio")
    for p, v, i, i0, un in rows:
        ratio = f"{un / i0:.3f}" if i0 and un else "?"
        print(f"{p:10} {v:8} {i:6} {i0!s:>12} {un!s:>12} {ratio}")


def expect_refusal(a, elf, hints_text, tmp, words, label):
    h = os.path.join(tmp, label + ".hints")
    with open(h, "w") as f:
        f.write(hints_text)
    out = os.path.join(tmp, label + ".uisa")
    r = xlate(a, ["-O0", "--native", "--check-hints", "--hints", h, "-o", out, elf])
    err = r.stderr.decode()
    if r.returncode != 1 or any(w not in err for w in words) or err.count("\n") != 1:
        fail(f"{label}: want rc 1 and one line with {words}, got rc {r.returncode}: {err.strip()}")
    if os.path.exists(out):
        fail(f"{label}: refused translation still wrote {out}")


def strip_annotations(elf, out):
    """Copies elf with the UISA_NATIVE symbols renamed in place (same length), so
    xlate no longer sees them; unlike objcopy this keeps every byte of the layout
    (GNU objcopy rearranges lld-linked ELFs)."""
    with open(elf, "rb") as f:
        data = f.read()
    n = data.count(b"__uvm_native.")
    with open(out, "wb") as f:
        f.write(data.replace(b"__uvm_native.", b"__uvm_nativX."))
    return n


def cmd_check(a, man, tmp):
    for prog, var, elf in elfs(man, ("keccak", "sha256", "merkle", "memops")):
        hints, text = suggested(a, elf, tmp)
        out = os.path.join(tmp, f"{prog}.{var}.checked.uisa")
        r = xlate(a, ["-O0", "--native", "--check-hints", "--hints", hints, "-o", out, elf])
        if r.returncode or not os.path.exists(out):
            fail(f"{prog}.{var}: correct hints refused: {r.stderr.decode().strip()}")
        if prog == "sha256":
            # the source annotation would conflict with the wrong hint: check it on a copy without
            stripped = os.path.join(tmp, f"{prog}.{var}.stripped.elf")
            if strip_annotations(elf, stripped) != 1:
                fail(f"{prog}.{var}: expected one UISA_NATIVE symbol")
            expect_refusal(a, stripped, "keccak_f1600 sha256_compress\n", tmp,
                           ["hint keccak_f1600", "(sha256_compress) is wrong"], f"sha_as_keccak.{var}")
            expect_refusal(a, stripped, "sha256_compress memset\n", tmp,
                           ["hint sha256_compress", "(memset) is wrong"], f"memset_as_sha.{var}")
            # checking is the default with native ops; --no-check-hints trusts the hint
            h = os.path.join(tmp, "wrong.hints")
            with open(h, "w") as f:
                f.write("keccak_f1600 sha256_compress\n")
            r = xlate(a, ["-O0", "--native", "--hints", h, "-o", os.path.join(tmp, "d.uisa"), stripped])
            if r.returncode != 1 or "is wrong" not in r.stderr.decode():
                fail(f"{var}: a wrong hint was not refused by default: rc {r.returncode}")
            r = xlate(a, ["-O0", "--native", "--no-check-hints", "--hints", h, "-o", os.path.join(tmp, "d.uisa"), stripped])
            if r.returncode != 0:
                fail(f"{var}: --no-check-hints still checked: {r.stderr.decode().strip()}")
        if prog == "memops":
            expect_refusal(a, elf, "memcpy memmove\n", tmp,
                           ["hint memcpy", "(memmove) is wrong", "differs"], f"memmove_as_memcpy.{var}")
            expect_refusal(a, elf, "memmove memcpy\n", tmp,
                           ["hint memmove", "(memcpy) is wrong"], f"memcpy_as_memmove.{var}")
    r = xlate(a, ["--check-hints", elfs(man, ("sha256",))[0][2]])
    if r.returncode != 2 or "needs --native" not in r.stderr.decode():
        fail(f"--check-hints without --native: rc {r.returncode}: {r.stderr.decode().strip()}")


def cmd_errors(a, man, tmp):
    elf = [p for p in elfs(man, ("sha256",)) if p[1] == "gcc"][0][2]
    cases = [
        ("syntax", "# header\nsha256_compress\n", ":2: expected 'OP SYMBOL' or 'OP 0xADDRESS'"),
        ("extra", "sha256_compress sha256_compress x\n", ":1: expected"),
        ("unknown-op", "\nsha512 sha256_compress\n", ":2: unknown native op 'sha512' (known: keccak_f1600"),
        ("missing-symbol", "sha256_compress no_such_function  # comment\n", ":1: no symbol 'no_such_function'"),
        ("bad-address", "memcpy 0xzz\n", ":1: bad address '0xzz'"),
        ("big-address", "memcpy 0x100000000\n", ":1: bad address"),
        ("not-code", "memcpy 0x4\n", "0x00000004 is not the start of a translated instruction"),
        ("conflict", "memcpy memcpy\nmemmove memcpy\n", "hinted as both memcpy and memmove"),
    ]
    for label, text, want in cases:
        h = os.path.join(tmp, label + ".hints")
        with open(h, "w") as f:
            f.write(text)
        r = xlate(a, ["-O0", "--native", "--hints", h, "-o", os.path.join(tmp, "e.uisa"), elf])
        err = r.stderr.decode()
        if r.returncode != 1 or want not in err or err.count("\n") != 1:
            fail(f"{label}: want rc 1 and one line with {want!r}, got rc {r.returncode}: {err.strip()}")
    r = xlate(a, ["-O0", "--native", "--hints", os.path.join(tmp, "absent.hints"), "-o", "-", elf])
    if r.returncode != 1 or "absent.hints: No such file" not in r.stderr.decode():
        fail(f"missing hints file: rc {r.returncode}: {r.stderr.decode().strip()}")


def cmd_suggest(a, man, tmp):
    want = {"keccak": "keccak_f1600", "sha256": "sha256_compress", "merkle": "sha256_compress"}
    for prog, var, elf in elfs(man):
        hfile, text = suggested(a, elf, tmp)
        lines = [l.split() for l in text.splitlines() if l and not l.startswith("#")]
        found = {(l[0], l[1]) for l in lines}
        crypto = {x for x in found if x[0] in ("keccak_f1600", "sha256_compress")}
        expect = {(want[prog], want[prog])} if prog in want else set()
        if crypto != expect:
            fail(f"{prog}.{var}: suggested {sorted(crypto)}, want {sorted(expect)}")
        if run([a.xlate, "--suggest-hints", elf]).stdout.decode() != text:
            fail(f"{prog}.{var}: two runs of --suggest-hints differ")
        # never wrong: the checked -O2 translation accepts every suggested hint
        r = xlate(a, ["-O2", "--check-hints", "--hints", hfile, "-o", os.path.join(tmp, "s.uisa"), elf])
        if r.returncode:
            fail(f"{prog}.{var}: xlate -O2 refused the suggested hints: {r.stderr.decode().strip()}")
        if ("memcpy", "memcpy") not in found and prog in ("memops", "sha256"):
            fail(f"{prog}.{var}: memcpy not suggested")
        if prog == "memops":
            # without their libc names, picolibc's byte-loop memcpy/memset are found by shape
            renamed = os.path.join(tmp, f"{prog}.{var}.renamed.elf")
            with open(elf, "rb") as f:
                data = f.read()
            with open(renamed, "wb") as f:
                f.write(data.replace(b"\0memcpy\0", b"\0bytcpy\0").replace(b"\0memset\0", b"\0bytset\0"))
            hints, text = suggested(a, renamed, tmp)
            got = {tuple(l.split()[:2]) for l in text.splitlines() if "byte-loop shape" in l}
            if got != {("memcpy", "bytcpy"), ("memset", "bytset")}:
                fail(f"{prog}.{var}: shape suggestions {sorted(got)}")
            r = xlate(a, ["-O0", "--native", "--check-hints", "--hints", hints, "-o", os.path.join(tmp, "r.uisa"), renamed])
            if r.returncode:
                fail(f"{prog}.{var}: shape suggestions refused: {r.stderr.decode().strip()}")


BIGNUM = {"modexp2048": ("mulmod", "modmul_64", "reduce", "modred_64"),
          "modexp256": ("montmul", "montmul_8", None, None)}


def cmd_bignum(a, man, tmp):
    for prog, var, elf in elfs(man, tuple(BIGNUM)):
        fn, op, fn2, op2 = BIGNUM[prog]
        _, text = suggested(a, elf, tmp)
        live = [l for l in text.splitlines() if l and not l.startswith("#")
                and l.split()[0].split("_")[0] in ("modmul", "modred", "montmul")]
        if live:
            fail(f"{prog}.{var}: an unprovable op was suggested: {live}")
        found = {tuple(l.split()[1:3]) for l in text.splitlines()
                 if "behaviour agrees; not suggested: not provable yet" in l}
        # clang inlines mulmod into main; reduce stays a function in every build
        if (op, fn) not in found and (op2, fn2) not in found:
            fail(f"{prog}.{var}: discovery found {sorted(found)}, want {op} {fn} or {op2} {fn2}")
        listing = run([a.xlate, "--list", elf]).stdout.decode()
        for f, o in ((fn, op), (fn2, op2)):
            if not f or f"<{f}>:" not in listing:  # inlined in this build
                continue
            h = os.path.join(tmp, f"{prog}.{var}.{o}.hints")
            with open(h, "w") as hf:
                hf.write(f"{o} {f}\n")
            out = os.path.join(tmp, f"{prog}.{var}.{o}.uisa")
            r = xlate(a, ["-O2", "--check-hints", "--hints", h, "-o", out, elf])
            if r.returncode:
                fail(f"{prog}.{var}: {o} {f} refused: {r.stderr.decode().strip()}")
                continue
            e = [x for x in man["entries"] if x["elf"] == elf and x["input_name"] == "small"][0]
            with open(e["expected"], "rb") as ef:
                want = ef.read()
            rc, got, stats = uvm_run(a, out, e["input"])
            if rc != e["expected_exit"] or got != want or not stats.get("hist", {}).get(o.split("_")[0].upper()):
                fail(f"{prog}.{var}: {o} {f}: rc {rc}, output {'same' if got == want else 'differs'}, "
                     f"stats {stats.get('hist')}")
            r = run([a.uvm, "prove", "--input", e["input"], "-o", os.path.join(tmp, "b.uvp"), out])
            err = r.stderr.decode()
            if r.returncode == 0 or "not provable yet" not in err or err.count("\n") != 1:
                fail(f"{prog}.{var}: prove of {o} not refused in one line: rc {r.returncode}: {err}")
            n = int(o.split("_")[1])
            base = o.split("_")[0]
            wrong_op = {"modmul": "montmul", "montmul": "modmul", "modred": "modmul"}[base]
            for bad in (f"{base}_{n // 2}", f"{wrong_op}_{n}"):
                expect_refusal(a, elf, f"{bad} {f}\n", tmp, [f"hint {bad}", f"({f}) is wrong"],
                               f"refused.{prog}.{var}.{bad}.{f}")
    elf = [p for p in elfs(man, ("modexp256",)) if p[1] == "gcc"][0][2]
    for label, text in (("unsized", "montmul montmul\n"), ("zero", "montmul_0 montmul\n"),
                        ("too-big", "montmul_65 montmul\n"), ("lead-zero", "montmul_08 montmul\n"),
                        ("sized-memcpy", "memcpy_8 memcpy\n")):
        h = os.path.join(tmp, label + ".hints")
        with open(h, "w") as f:
            f.write(text)
        r = xlate(a, ["-O0", "--native", "--hints", h, "-o", os.path.join(tmp, "e.uisa"), elf])
        err = r.stderr.decode()
        if r.returncode != 1 or "unknown native op" not in err or "modmul_N" not in err:
            fail(f"{label}: want an unknown-op error listing modmul_N, got rc {r.returncode}: {err}")


def cmd_identical(a, man, tmp):
    for prog, var, elf in elfs(man, ("keccak", "sha256")):
        op = {"keccak": "keccak_f1600", "sha256": "sha256_compress"}[prog]
        stripped = os.path.join(tmp, f"{prog}.{var}.stripped.elf")
        if strip_annotations(elf, stripped) != 1:
            fail(f"{prog}.{var}: expected one UISA_NATIVE symbol")
            continue
        hfile = os.path.join(tmp, f"{op}.hints")
        with open(hfile, "w") as f:
            f.write(f"{op} {op}\n")
        sugg, _ = suggested(a, elf, tmp, only=op)

        def trans(path, extra):
            out = os.path.join(tmp, "t.uisa")
            r = xlate(a, ["-O0", "--native"] + extra + ["-o", out, path])
            if r.returncode:
                fail(f"{path} {extra}: {r.stderr.decode().strip()}")
                return b""
            with open(out, "rb") as f:
                return f.read()
        ann = trans(elf, [])
        if ann == run([a.xlate, "-O0", "-o", "-", elf]).stdout:
            fail(f"{prog}.{var}: the annotation changed nothing")
        for label, got in (("hints file", trans(elf, ["--hints", hfile])),
                           ("suggested file", trans(elf, ["--hints", sugg]))):
            if got != ann:
                fail(f"{prog}.{var}: annotation and {label} give different .uisa files")
        s_h, s_s, s_none = (trans(stripped, ["--hints", hfile]), trans(stripped, ["--hints", sugg]),
                            trans(stripped, []))
        if s_h != s_s:
            fail(f"{prog}.{var} (annotation stripped): hints file and suggested file differ")
        if s_none == s_h:
            fail(f"{prog}.{var}: stripping the annotation symbol did not remove the hint")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--xlate", required=True)
    ap.add_argument("--uvm", required=True)
    ap.add_argument("cmd", choices=["corpus", "check", "errors", "suggest", "bignum", "identical"])
    a = ap.parse_args()
    with open(a.manifest) as f:
        man = json.load(f)
    with tempfile.TemporaryDirectory(prefix="hints-") as tmp:
        globals()["cmd_" + a.cmd](a, man, tmp)
    if FAILS:
        print(f"{len(FAILS)} failure(s)")
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
