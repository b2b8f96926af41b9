/* zk_file.h — the .uvp container: statement (program hash, exit code, entry,
 * input bytes and how many the run consumed, public output, touched keys) then the STARK proof bytes, then a
 * SHA-256 of everything before it. Invariant: zk_file_parse bounds-checks
 * every field and rejects truncated, trailing or corrupted input. */
#ifndef UVM_ZK_FILE_H
#define UVM_ZK_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define ZK_FILE_MAGIC "UVMZKP\0\1"
#define ZK_FILE_VERSION 2u
#define ZK_MAX_TOUCHED (1ull << 28)

typedef struct zk_file {
    uint8_t elf_hash[32];
    uint32_t exit_code, entry;
    uint32_t input_len, input_used; /* used <= len: the prefix the guest read */
    const uint8_t *input;    /* points into the parsed buffer */
    uint32_t output_len;
    const uint8_t *output;   /* points into the parsed buffer */
    uint64_t n_touched;
    uint64_t *keys;          /* owned (parse) / borrowed (write) */
    const uint8_t *stark;    /* STARK proof bytes (stark_proof_save) */
    size_t stark_len;
} zk_file;

int zk_file_write(const zk_file *f, uint8_t **out, size_t *len, uvm_err *err);
int zk_file_parse(const uint8_t *buf, size_t len, zk_file *f, uvm_err *err);

/* SHA-256 of the statement (everything but the STARK bytes), in 8 public
 * inputs of 32 bits each, so the transcript binds the touched set and I/O. */
void zk_file_digest(const zk_file *f, uint64_t out[8]);

#endif
