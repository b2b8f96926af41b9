/* zk_file.h — the .uvp container: the run's statement (program hash, entry,
 * exit code, input bytes and how many the run consumed, public output, segment count), then per segment its
 * boundary (start pc and step index, step count, end pc or exit, touched keys
 * with their final values: zk_bound.h, a zstd frame) and its STARK proof bytes, then a SHA-256 of
 * everything before it. Invariant: zk_file_parse bounds-checks every field
 * and rejects truncated, trailing or corrupted input, owning nothing on failure. */
#ifndef UVM_ZK_FILE_H
#define UVM_ZK_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define ZK_FILE_MAGIC "UVMZKP\0\1"
#define ZK_FILE_VERSION 3u /* 3: boundary compressed (zk_bound.h) */
#define ZK_MAX_TOUCHED (1ull << 28)  /* per segment */
#define ZK_MAX_SEGMENTS (1u << 20)
#define ZK_MAX_SEG_STEPS (1ull << 28) /* timestamps 4*ts+k stay far below 2^32 */

/* One segment's public boundary and proof. Initial values are not stored:
 * the verifier derives them (the latest final value of the key in an earlier
 * segment, else the program image) and the statement digest binds them. */
typedef struct zk_seg {
    uint32_t start_pc, end_pc;  /* end_pc: the next uop's pc (0 if ends_exit) */
    uint64_t start_step, n_steps; /* execution steps (EXEC timestamps: one per uop, two per
                                   fused uop): global index of the first; count (>= 1) */
    uint32_t ends_exit;         /* 1: its last uop is the run's exit */
    uint64_t n_touched;
    uint64_t *keys;             /* sorted, unique */
    uint32_t *final;            /* value of each key at the segment's end */
    const uint8_t *stark;       /* STARK proof bytes (stark_proof_save) */
    size_t stark_len;
} zk_seg;

typedef struct zk_file {
    uint8_t elf_hash[32];
    uint32_t exit_code, entry;
    uint32_t input_len, input_used; /* used <= len: the prefix the guest read */
    const uint8_t *input;    /* points into the parsed buffer */
    uint32_t output_len;
    const uint8_t *output;
    uint32_t n_seg;
    zk_seg *seg;   /* parse: owned (with keys/final), free with zk_file_free; write: borrowed */
} zk_file;

int zk_file_write(const zk_file *f, uint8_t **out, size_t *len, uvm_err *err);
int zk_file_parse(const uint8_t *buf, size_t len, zk_file *f, uvm_err *err);
void zk_file_free(zk_file *f);

/* SHA-256 of segment i's statement — the run's statement, i, segment i's
 * boundary and the initial values init[] of its keys — in 8 public inputs of
 * 32 bits each, so each segment's transcript binds the whole run, its place
 * in it and its memory boundary. */
void zk_file_digest(const zk_file *f, uint32_t i, const uint32_t *init, uint64_t out[8]);

#endif
