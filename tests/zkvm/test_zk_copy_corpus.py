#!/usr/bin/env python3
"""test_zk_copy_corpus.py UVM XLATE CORPUS_DIR — corpus memops and sort (gcc, small
input) translated at -O2 with the hints xlate --suggest-hints finds (their libc
memcpy/memmove/memset become MEMCPY/MEMMOVE/MEMSET) prove, and `uvm verify --elf`
(same options) prints exactly the expected output of the host build, and the
statement's hints hash: SHA-256 of the canonical hints file ("OP 0xADDRESS" lines
sorted by address) built here from the addresses the suggestion lists."""
import hashlib, json, os, re, subprocess, sys, tempfile

uvm, xlate, corpus = sys.argv[1], sys.argv[2], sys.argv[3]

with tempfile.TemporaryDirectory() as d:
    for prog, ops in (("memops", ("memcpy", "memmove")), ("sort", ("memcpy",))):
        elf = os.path.join(corpus, prog + ".gcc.elf")
        inp = os.path.join(corpus, prog + ".small.in")
        want = open(os.path.join(corpus, prog + ".small.expected"), "rb").read()
        hints, uisa, proof = (os.path.join(d, prog + x) for x in (".hints", ".uisa", ".uvp"))
        r = subprocess.run([xlate, "--suggest-hints", elf], capture_output=True, text=True,
                           check=True)
        open(hints, "w").write(r.stdout)
        for op in ops:  # the suggestion this test relies on is there
            assert any(l.split()[:1] == [op] for l in r.stdout.splitlines()), r.stdout
        xo = ["-O2", "--hints", hints]
        subprocess.run([xlate, *xo, elf, "-o", uisa], check=True)
        r = subprocess.run([uvm, "prove", "--json", "--input", inp, "-o", proof, uisa],
                           capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stderr
        js = json.loads(r.stderr.strip().splitlines()[-1])
        calls, words = js["chips"]["memcpy_io"]["rows"], js["chips"]["memcpy"]["rows"]
        assert calls > 0 and words > 0, js["chips"]
        r = subprocess.run([uvm, "verify", proof, "--elf", elf, *xo], capture_output=True,
                           timeout=600)
        assert r.returncode == 0, r.stderr
        assert r.stdout == want, (prog, len(r.stdout), len(want))
        canon = sorted((int(l.split("# ")[1].split(":")[0], 16), l.split()[0])
                       for l in open(hints) if l.strip() and not l.startswith("#"))
        text = "".join("%s 0x%08x\n" % (op, a) for a, op in canon)
        m = re.search(rb"native ops, hints sha256 ([0-9a-f]{64})\)", r.stderr)
        assert m and m.group(1).decode() == hashlib.sha256(text.encode()).hexdigest(), r.stderr
        # the proof does not verify for the translation without native ops
        r = subprocess.run([uvm, "verify", proof, "--elf", elf, "-O1"], capture_output=True,
                           timeout=600)
        assert r.returncode != 0 and b"program digest" in r.stderr, r.stderr
        print("ok: %s: %d MEMCPY/MEMMOVE calls, %d word rows, %d cells" %
              (prog, calls, words, js["cells"]))
