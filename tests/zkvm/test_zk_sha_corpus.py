#!/usr/bin/env python3
"""test_zk_sha_corpus.py UVM XLATE CORPUS_DIR — the corpus sha256 program (gcc,
small input) translated at -O0 with its annotated hint (--native: its
sha256_compress becomes SHA256_COMPRESS) proves, and `uvm verify --elf` (same
options) prints exactly the expected output of the host build."""
import json, os, subprocess, sys, tempfile

uvm, xlate, corpus = sys.argv[1], sys.argv[2], sys.argv[3]
elf = os.path.join(corpus, "sha256.gcc.elf")
inp = os.path.join(corpus, "sha256.small.in")
want = open(os.path.join(corpus, "sha256.small.expected"), "rb").read()

with tempfile.TemporaryDirectory() as d:
    uisa, proof = os.path.join(d, "s.uisa"), os.path.join(d, "s.uvp")
    subprocess.run([xlate, "-O0", "--native", elf, "-o", uisa], check=True)
    r = subprocess.run([uvm, "prove", "--json", "--input", inp, "-o", proof, uisa],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    js = json.loads(r.stderr.strip().splitlines()[-1])
    calls = js["chips"]["sha_io"]["rows"]
    assert calls > 0 and js["chips"]["sha"]["rows"] == 64 * calls, js["chips"]
    r = subprocess.run([uvm, "verify", proof, "--elf", elf, "-O0", "--native"],
                       capture_output=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert r.stdout == want, (len(r.stdout), len(want))
    # the same proof does not verify for the translation without the native op
    r = subprocess.run([uvm, "verify", proof, "--elf", elf, "-O0"], capture_output=True,
                       timeout=600)
    assert r.returncode != 0, r.stderr
print("ok: %d SHA256_COMPRESS calls proved, %d cells" % (calls, js["cells"]))
