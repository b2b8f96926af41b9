/* native.h — native ops from hints (the translator side): where hints come from
 * (source annotations, a hints file) and how candidates are discovered.
 * A hints file has one hint per line, "OP TARGET", TARGET a symbol name or a
 * 0x-prefixed hex address, OP a name from hints/hints.h (keccak_f1600, ...),
 * for big-number ops with the limb count appended (modmul_64, montmul_8);
 * '#' starts a comment; blank lines are ignored. */
#ifndef UVM_XL_NATIVE_H
#define UVM_XL_NATIVE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "uisa.h"

/* Prefix of the symbols UISA_NATIVE() (hints/uvm_hints.h) emits:
 * "__uvm_native.<op>.<fn>" at fn's address. */
#define XL_NATIVE_SYM_PREFIX "__uvm_native."

/* The hints a -O2/--native translation applied are recorded in the .uisa header
 * (uisa_program.hints_hash) as the SHA-256 of their canonical hints file: one
 * line "OP 0xADDRESS\n" per hinted address (OP as written, ADDRESS 8 lowercase
 * hex digits), sorted by address, duplicates once; whether a hint came from an
 * annotation or a --hints file, by symbol or by address, does not change it. */

/* The native uop for a hint op as written (e.g. "memcpy" -> UOP_MEMCPY, limbs 0;
 * "modmul_64" -> UOP_MODMUL, limbs 64: hints.h hint_parse), or UOP_COUNT. */
int xl_native_uop(const char *hint_text, int32_t *limbs);

/* The hint op name of a native uop, or NULL if op is not native. */
const char *xl_native_name(int op);

/* The hint op as written for native uop op with limb count limbs (the uop's
 * imm): "memcpy", "modmul_64". Returns buf. */
const char *xl_native_text(int op, int32_t limbs, char *buf, size_t size);

/* The hint check discovery relies on (xlate passes its hint checker): 0 if the
 * function at addr agrees with native uop `uop` on every trial of the check that
 * -O2 runs (*limbs: 0 for an unsized op; for a sized op 0 on entry, and the
 * checker finds the count and returns it in *limbs), else -1 with why filled
 * ("rejected: trial ...: ..."). thorough: the candidate came from a rule, so use
 * the checker's own limits (few such); else the caller may use smaller cycle
 * limits (a run cut short only rejects). */
typedef int (*xl_hint_check_fn)(void *ctx, uint32_t addr, int uop, int32_t *limbs, int thorough,
                                uvm_err *why);

/* Hint discovery on p (an -O0 translation with its symbols). Candidates: rules
 * (functions that form the address of the Keccak round constants or the SHA-256
 * K table; memcpy, memset, memmove by symbol name; small byte loops by shape) and
 * behaviour (every function symbol against every native op, after cheap static
 * filters; a sized op at the limb count the checker finds). Each goes through check;
 * writes to f a hints file with one line per accepted (function, op), the first
 * accepted op per function, a comment line "# OP 0xADDR (NAME): rejected: ..." per
 * rejected rule candidate (behaviour candidates that fail are not listed), and a
 * comment line per accepted pair whose op the prover cannot prove (its row's NO:
 * -O2 must not emit it). Sorted by address; the output depends
 * only on p (and check). Returns the number of hints written, or -1 on a write
 * error (err filled). */
int xl_suggest_hints(const uisa_program *p, const char *elf_name, xl_hint_check_fn check,
                     void *ctx, FILE *f, uvm_err *err);

#endif
