/* native.h — native ops from hints (the translator side): where hints come from
 * (source annotations, a hints file) and how candidates are discovered.
 * A hints file has one hint per line, "OP TARGET", TARGET a symbol name or a
 * 0x-prefixed hex address, OP a name from hints/hints.h (keccak_f1600, ...);
 * '#' starts a comment; blank lines are ignored. */
#ifndef UVM_XL_NATIVE_H
#define UVM_XL_NATIVE_H

#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "uisa.h"

/* Prefix of the symbols UISA_NATIVE() (hints/uvm_hints.h) emits:
 * "__uvm_native.<op>.<fn>" at fn's address. */
#define XL_NATIVE_SYM_PREFIX "__uvm_native."

/* The hints a -O2/--native translation applied are recorded in the .uisa header
 * (uisa_program.hints_hash) as the SHA-256 of their canonical hints file: one
 * line "OP 0xADDRESS\n" per hinted address (OP its hint name, ADDRESS 8 lowercase
 * hex digits), sorted by address, duplicates once; whether a hint came from an
 * annotation or a --hints file, by symbol or by address, does not change it. */

/* The native uop for hint op name (e.g. "memcpy" -> UOP_MEMCPY), or UOP_COUNT. */
int xl_native_uop(const char *hint_name);

/* The hint op name of a native uop, or NULL if op is not native. */
const char *xl_native_name(int op);

/* Finds likely native-op candidates in p (an -O0 translation with its symbols):
 * functions that form the address of the Keccak round constants or of the
 * SHA-256 K table in their code (lui/auipc + addi/load), and memcpy, memset,
 * memmove by symbol name. Writes them to f as a ready hints file (sorted by
 * address, deterministic). Returns the number of hints written, or -1 on a
 * write error (err filled). */
int xl_suggest_hints(const uisa_program *p, const char *elf_name, FILE *f, uvm_err *err);

#endif
