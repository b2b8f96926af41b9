#!/usr/bin/env python3
"""elf_layout.py MANIFEST — checks every corpus ELF against the layout the runtime
promises (corpus/runtime/link.ld): static ELF32 RISC-V executable; exactly two PT_LOAD
segments, R+X text at 0x10000 and a page-aligned R+W data segment after it, never W+X;
PT_TLS inside the data segment; entry in the text; RVC flag set exactly for the gcc-rvc
variant; keccak_f1600 / sha256_compress kept as function symbols where used."""
import json
import struct
import sys

PT_LOAD, PT_TLS, PF_X, PF_W, PF_R = 1, 7, 1, 2, 4
NEEDS = {"keccak": ["keccak_f1600"], "sha256": ["sha256_compress"], "merkle": ["sha256_compress"]}


def func_symbols(b, shoff, shentsize, shnum):
    secs = [struct.unpack_from("<IIIIIIIIII", b, shoff + i * shentsize) for i in range(shnum)]
    names = set()
    for s in secs:
        if s[1] != 2:  # SHT_SYMTAB
            continue
        strtab = secs[s[6]]
        for off in range(s[4], s[4] + s[5], 16):
            name, value, size, info = struct.unpack_from("<IIIB", b, off)
            if info & 0xF == 2 and size > 0:  # STT_FUNC
                end = b.index(b"\0", strtab[4] + name)
                names.add(b[strtab[4] + name:end].decode())
    return names


def check(e):
    b = open(e["elf"], "rb").read()
    errs = []
    if b[:4] != b"\x7fELF" or b[4] != 1 or b[5] != 1:
        return ["not a little-endian ELF32 file"]
    (etype, mach, _, entry, phoff, shoff, flags, _, phentsize, phnum, shentsize, shnum,
     _) = struct.unpack_from("<HHIIIIIHHHHHH", b, 16)
    if etype != 2 or mach != 243:
        errs.append(f"type {etype} machine {mach}, want ET_EXEC (2) RISC-V (243)")
    phs = [struct.unpack_from("<IIIIIIII", b, phoff + i * phentsize) for i in range(phnum)]
    loads = [p for p in phs if p[0] == PT_LOAD]
    if len(loads) != 2:
        return errs + [f"{len(loads)} PT_LOAD segments, want 2"]
    text, data = loads
    if text[2] != 0x10000 or text[6] & (PF_R | PF_W | PF_X) != PF_R | PF_X:
        errs.append(f"text segment at {text[2]:#x} flags {text[6]}, want 0x10000 R+X")
    if data[6] & (PF_R | PF_W | PF_X) != PF_R | PF_W or data[2] % 0x1000:
        errs.append(f"data segment at {data[2]:#x} flags {data[6]}, want page-aligned R+W")
    if data[2] < text[2] + text[5] or data[5] < data[4]:
        errs.append("data segment overlaps text or memsz < filesz")
    if not text[2] <= entry < text[2] + text[5]:
        errs.append(f"entry {entry:#x} outside the text segment")
    for p in phs:
        if p[0] == PT_TLS and not (data[2] <= p[2] and p[2] + p[5] <= data[2] + data[5]):
            errs.append("PT_TLS outside the data segment")
    if bool(flags & 1) != (e["variant"] == "gcc-rvc"):
        errs.append(f"e_flags {flags:#x}: RVC bit does not match variant {e['variant']}")
    missing = set(NEEDS.get(e["program"], [])) - func_symbols(b, shoff, shentsize, shnum)
    if missing:
        errs.append(f"function symbols missing: {sorted(missing)}")
    return errs


def main(argv):
    elfs = {e["elf"]: e for e in json.load(open(argv[1]))["entries"]}
    bad = 0
    for path, e in sorted(elfs.items()):
        errs = check(e)
        bad += bool(errs)
        print(("FAIL " if errs else "ok   ") + path + "".join("\n     " + x for x in errs))
    print(f"{len(elfs) - bad}/{len(elfs)} ELFs have the promised layout")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
