#!/usr/bin/env python3
"""test_zk_copy_corpus.py UVM XLATE CORPUS_DIR — corpus memops and sort (gcc, small
input) translated at -O2 with the hints xlate --suggest-hints finds (their libc
memcpy/memmove/memset become MEMCPY/MEMMOVE/MEMSET) prove, and `uvm verify --elf`
(same options) prints exactly the expected output of the host build."""
import json, os, subprocess, sys, tempfile

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
        # the proof does not verify for the translation without native ops
        r = subprocess.run([uvm, "verify", proof, "--elf", elf, "-O1"], capture_output=True,
                           timeout=600)
        assert r.returncode != 0, r.stderr
        print("ok: %s: %d MEMCPY/MEMMOVE calls, %d word rows, %d cells" %
              (prog, calls, words, js["cells"]))
