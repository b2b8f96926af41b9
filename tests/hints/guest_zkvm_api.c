/* guest_zkvm_api.c — a guest written against the zkVM accelerator C API only
 * (hints/zkvm_accelerators.h): prints keccak256 and sha256 of its input and of
 * "abc", then the two NULL-argument refusals. zkvm_api.py runs it at -O0 and at
 * -O2 with no hints file and checks the digests and that -O2 used native ops. */
#include "guest.h"
#include "zkvm_accelerators.h"

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    zkvm_keccak256_hash k;
    zkvm_sha256_hash s;
    if (zkvm_keccak256(in, len, &k) || zkvm_sha256(in, len, &s))
        guest_fail(1, "accelerator failed");
    guest_hex("keccak256", k.data, sizeof k.data);
    guest_hex("sha256", s.data, sizeof s.data);
    if (zkvm_keccak256((const uint8_t *)"abc", 3, &k) || zkvm_sha256((const uint8_t *)"abc", 3, &s))
        guest_fail(1, "accelerator failed");
    guest_hex("keccak256(abc)", k.data, sizeof k.data);
    guest_hex("sha256(abc)", s.data, sizeof s.data);
    guest_printf("null: %d %d\n", (int)zkvm_keccak256(NULL, 1, &k), (int)zkvm_sha256(in, len, NULL));
    return 0;
}
