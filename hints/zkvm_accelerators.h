/* zkvm_accelerators.h — guest header: the part of the Ethereum zkVM standards'
 * accelerator C interface (eth-act/zkvm-standards, c-interface-accelerators) that
 * uvm serves with native ops. Implemented in plain C by zkvm_accel.c on top of the
 * corpus hash library (corpus/lib: keccak_f1600 and sha256_compress, annotated with
 * UISA_NATIVE), so a guest written against this API runs unchanged on qemu or any
 * RISC-V machine, and under `xlate -O2` gets the native ops with no hints file.
 *
 * Served: zkvm_keccak256 (keccak_f1600 per 136-byte block), zkvm_sha256
 * (sha256_compress per 64-byte block).
 * Not served (no native op yet; not declared here, so a guest using them fails to
 * link rather than silently running slow code): zkvm_secp256k1_verify,
 * zkvm_secp256k1_ecrecover, zkvm_ripemd160, zkvm_modexp, zkvm_bn254_g1_add,
 * zkvm_bn254_g1_mul, zkvm_bn254_pairing, zkvm_blake2f, zkvm_kzg_point_eval,
 * zkvm_bls12_g1_add, zkvm_bls12_g1_msm, zkvm_bls12_g2_add, zkvm_bls12_g2_msm,
 * zkvm_bls12_pairing, zkvm_bls12_map_fp_to_g1, zkvm_bls12_map_fp2_to_g2,
 * zkvm_secp256r1_verify. */
#ifndef UVM_ZKVM_ACCELERATORS_H
#define UVM_ZKVM_ACCELERATORS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 0 success, non-zero failure (the standard's values). */
typedef enum {
    ZKVM_EOK = 0,
    ZKVM_EFAIL = -1
} zkvm_status;

typedef struct {
    uint8_t data[32];
} zkvm_bytes_32;

typedef zkvm_bytes_32 zkvm_keccak256_hash;
typedef zkvm_bytes_32 zkvm_sha256_hash;

/* Keccak-256 (the original Keccak padding 0x01 .. 0x80, as Ethereum uses) of
 * data[0 .. len). ZKVM_EFAIL if output is NULL, or data is NULL with len > 0. */
zkvm_status zkvm_keccak256(const uint8_t *data, size_t len, zkvm_keccak256_hash *output);

/* SHA-256 (FIPS 180-4) of data[0 .. len); failures as zkvm_keccak256. */
zkvm_status zkvm_sha256(const uint8_t *data, size_t len, zkvm_sha256_hash *output);

#ifdef __cplusplus
}
#endif

#endif
