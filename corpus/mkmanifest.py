#!/usr/bin/env python3
"""mkmanifest.py OUT ENTRY... — writes the corpus manifest (JSON) from meson's
'program|group|variant|march|elf|input_name|input|host|expected|expected_rc' strings
(group: 'hotspot' or 'ordinary', from corpus/meson.build), reading
each expected exit code from its file; output is sorted so the same configuration always
gives the same bytes."""
import json
import sys


def main(argv):
    out, rows = argv[1], argv[2:]
    entries, programs = [], {}
    for row in rows:
        f = row.split('|')
        if len(f) != 10 or f[1] not in ("hotspot", "ordinary"):
            sys.exit(f"mkmanifest: bad entry {row!r}")
        prog, group, variant, march, elf, input_name, inp, host, expected, expected_rc = f
        with open(expected_rc) as fp:
            rc = int(fp.read())
        entries.append({"program": prog, "group": group, "variant": variant, "march": march, "elf": elf,
                        "input_name": input_name, "input": inp, "host": host,
                        "expected": expected, "expected_exit": rc})
        p = programs.setdefault(prog, {"group": group, "host": host, "inputs": {}, "elfs": {}})
        p["inputs"][input_name] = inp
        p["elfs"][variant] = elf
    entries.sort(key=lambda e: (e["program"], e["variant"], e["input_name"]))
    with open(out, "w") as fp:
        json.dump({"version": 1, "entries": entries, "programs": programs}, fp,
                  indent=1, sort_keys=True)
        fp.write("\n")


if __name__ == "__main__":
    main(sys.argv)
