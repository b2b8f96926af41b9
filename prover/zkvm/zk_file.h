/* zk_file.h — the .uvp container: the run's statement (ELF hash, program-table
 * digest, translation level, flags and hints hash, entry, exit code, input bytes
 * and how many the run consumed, public output, segment count), then per segment
 * its boundary (start pc and step index, step count, end pc or exit, touched keys
 * with their final values: zk_bound.h, a zstd frame; then its brk events: u32
 * count and (ts, old, brk) u32 triples, zk_memmap.h) and its STARK proof bytes,
 * then the proof id (below). Invariant: zk_file_parse bounds-checks every field
 * and rejects truncated, trailing or corrupted input, owning nothing on failure.
 *
 * One proof, one identity. zstd frames are not unique encodings of their content
 * (levels, raw or compressed blocks, library versions all differ), so the file's
 * last 32 bytes are not a hash of its bytes but the proof id: SHA-256 of the
 * canonical content: "uvm proof id v1\n", the statement as written, then per
 * segment its boundary fields as in the file (without the frame's length), the
 * SHA-256 of its decoded boundary (zk_bound_pack's canonical varints), its brk
 * events as in the file (count and triples) and the
 * stark_proof_id of its STARK proof (its decoded, canonical body). Every byte outside a frame is a parsed
 * value that enters the id, and every frame is decoded strictly, so two files
 * with the same id are the same proof (they differ at most in how zstd encoded
 * the same bytes), and a file whose content changed fails the id check. `uvm
 * verify` prints the id: use it, not the file's hash, to name a proof. */
#ifndef UVM_ZK_FILE_H
#define UVM_ZK_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "uisa.h"
#include "zk_memmap.h"

#define ZK_FILE_MAGIC "UVMZKP\0\1"
#define ZK_FILE_VERSION 5u /* 3: boundary compressed (zk_bound.h); 4: program digest,
                              level, flags, hints hash; the trailer is the proof id;
                              5: per segment its brk events */
/* Keys one segment may touch: 2^24 (64 MiB of RAM words; a default segment of
 * 2^21 uops touches at most ~2^23 outside native ops), so a hostile boundary
 * costs the verifier at most ~2^24 * 30 bytes before any check; the prover
 * refuses a segment past it before allocating its tables. */
#define ZK_MAX_TOUCHED (1ull << 24)
#define ZK_MAX_SEGMENTS (1u << 20)
#define ZK_MAX_SEG_STEPS (1ull << 28) /* timestamps 4*ts+k stay far below 2^32 */
/* brk events one segment may list (each takes a step and 12 file bytes: the
 * parser allocates at most what the file holds, and at most this many). */
#define ZK_MAX_BRK_EVENTS (1u << 24)

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
    uint32_t n_brk;
    zk_brk_ev *brk;             /* its brk calls in ts order (zk_memmap.h) */
    const uint8_t *stark;       /* STARK proof bytes (stark_proof_save) */
    size_t stark_len;
} zk_seg;

typedef struct zk_file {
    uint8_t elf_hash[32];
    uint8_t prog_digest[32]; /* zk_program_digest of the program the proof is for */
    uint32_t level, flags;   /* the .uisa header's -O level and UISA_FLAG_* */
    uint8_t hints_hash[32];  /* the .uisa header's hints hash (zero without native ops) */
    uint32_t exit_code, entry;
    uint32_t input_len, input_used; /* used <= len: the prefix the guest read */
    const uint8_t *input;    /* points into the parsed buffer */
    uint32_t output_len;
    const uint8_t *output;
    uint32_t n_seg;
    zk_seg *seg;   /* parse: owned (with keys/final), free with zk_file_free; write: borrowed */
    uint8_t id[32]; /* the proof id: set by zk_file_parse and zk_file_write */
} zk_file;

/* Writes f (f->id is set). */
int zk_file_write(zk_file *f, uint8_t **out, size_t *len, uvm_err *err);
int zk_file_parse(const uint8_t *buf, size_t len, zk_file *f, uvm_err *err);
void zk_file_free(zk_file *f);
/* The id of buf's content, whatever its last 32 bytes hold (tests and tools
 * that rewrite a file use it to restamp the trailer); -1 if it does not parse. */
int zk_file_content_id(const uint8_t *buf, size_t len, uint8_t id[32], uvm_err *err);

/* The program digest: SHA-256 of what the verifier derives from the program and
 * checks the proof against, in little-endian u32s: "uvm program v1\n"; n_prog,
 * then per program-table row (zk_prog_build) pc, op, rd, rs1, rs2, imm, npc,
 * e[0..ZK_PROG_EXTRA); the entry, the heap's start and limit (abi_heap_bounds)
 * and the initial sp; n_segments, then per segment vaddr, memsz, filesz, flags
 * and its filesz data bytes (the image the initial memory values come from). */
struct zk_prow;
void zk_program_digest(const uisa_program *p, const struct zk_prow *prog, uint32_t n_prog,
                       uint8_t out[32]);

/* SHA-256 of segment i's statement — the run's statement, i, segment i's
 * boundary, the initial values init[] of its keys and its brk events — in 8 public inputs of
 * 32 bits each, so each segment's transcript binds the whole run, its place
 * in it and its memory boundary. */
void zk_file_digest(const zk_file *f, uint32_t i, const uint32_t *init, uint64_t out[8]);

#endif
