/* poseidon2.c — Poseidon2 (Goldilocks, t = 8) and its hash_ops.
 * Permutation: M_E; 4 x (add rc, x^7 on all, M_E); 22 x (add rc to s0, x^7 on
 * s0, M_I); 4 x (add rc, x^7 on all, M_E). M_E = circ(2 M4, M4) built from the
 * cheap 4x4 MDS M4; M_I = 1 + diag(d). Constants: HorizenLabs/poseidon2,
 * plain_implementations poseidon2_instance_goldilocks.rs (t = 8).
 *
 * Hashing (sponge rate 4, capacity 4, adding absorbed elements to the rate):
 *   leaf(row[0..n)) : capacity starts as (n, 1, 0, 0); chunks of 4 (the last
 *                     zero-filled; the length in the capacity keeps that
 *                     injective); output s[0..4) after the last permutation
 *   node(l, r)      : first 4 elements of P(l || r) (a truncated permutation,
 *                     as Plonky3's TruncatedPermutation); fixed-depth trees
 *                     and the leaf capacity tag keep leaves and nodes apart
 *   bytes(d[0..len)): 7 bytes per element (always < p), capacity (len, 2, 0, 0)
 * A digest is the 4 output elements as 8-byte little-endian words. */
#include <string.h>

#include "hash_internal.h"
#include "poseidon2.h"

static const gl_t rc_ext[8][8] = {
    {0xdd5743e7f2a5a5d9ull, 0xcb3a864e58ada44bull, 0xffa2449ed32f8cdcull, 0x42025f65d6bd13eeull,
     0x7889175e25506323ull, 0x34b98bb03d24b737ull, 0xbdcc535ecc4faa2aull, 0x5b20ad869fc0d033ull},
    {0xf1dda5b9259dfcb4ull, 0x27515210be112d59ull, 0x4227d1718c766c3full, 0x26d333161a5bd794ull,
     0x49b938957bf4b026ull, 0x4a56b5938b213669ull, 0x1120426b48c8353dull, 0x6b323c3f10a56cadull},
    {0xce57d6245ddca6b2ull, 0xb1fc8d402bba1eb1ull, 0xb5c5096ca959bd04ull, 0x6db55cd306d31f7full,
     0xc49d293a81cb9641ull, 0x1ce55a4fe979719full, 0xa92e60a9d178a4d1ull, 0x002cc64973bcfd8cull},
    {0xcea721cce82fb11bull, 0xe5b55eb8098ece81ull, 0x4e30525c6f1ddd66ull, 0x43c6702827070987ull,
     0xaca68430a7b5762aull, 0x3674238634df9c93ull, 0x88cee1c825e33433ull, 0xde99ae8d74b57176ull},
    {0x014ef1197d341346ull, 0x9725e20825d07394ull, 0xfdb25aef2c5bae3bull, 0xbe5402dc598c971eull,
     0x93a5711f04cdca3dull, 0xc45a9a5b2f8fb97bull, 0xfe8946a924933545ull, 0x2af997a27369091cull},
    {0xaa62c88e0b294011ull, 0x058eb9d810ce9f74ull, 0xb3cb23eced349ae4ull, 0xa3648177a77b4a84ull,
     0x43153d905992d95dull, 0xf4e2a97cda44aa4bull, 0x5baa2702b908682full, 0x082923bdf4f750d1ull},
    {0x98ae09a325893803ull, 0xf8a6475077968838ull, 0xceb0735bf00b2c5full, 0x0a1a5d953888e072ull,
     0x2fcb190489f94475ull, 0xb5be06270dec69fcull, 0x739cb934b09acf8bull, 0x537750b75ec7f25bull},
    {0xe9dd318bae1f3961ull, 0xf7462137299efe1aull, 0xb1f6b8eee9adb940ull, 0xbdebcc8a809dfe6bull,
     0x40fc1f791b178113ull, 0x3ac1c3362d014864ull, 0x9a016184bdb8aebaull, 0x95f2394459fbc25eull},
};

static const gl_t rc_int[22] = {
    0x488897d85ff51f56ull, 0x1140737ccb162218ull, 0xa7eeb9215866ed35ull, 0x9bd2976fee49fcc9ull,
    0xc0c8f0de580a3fccull, 0x4fb2dae6ee8fc793ull, 0x343a89f35f37395bull, 0x223b525a77ca72c8ull,
    0x56ccb62574aaa918ull, 0xc4d507d8027af9edull, 0xa080673cf0b7e95cull, 0xf0184884eb70dcf8ull,
    0x044f10b0cb3d5c69ull, 0xe9e3f7993938f186ull, 0x1b761c80e772f459ull, 0x606cec607a1b5facull,
    0x14a0c2e1d45f03cdull, 0x4eace8855398574full, 0xf905ca7103eff3e6ull, 0xf8c8f8d20862c059ull,
    0xb524fe8bdd678e5aull, 0xfbb7865901a1ec41ull,
};

/* d_i of M_I = 1 + diag(d): s_i <- d_i s_i + sum(s) */
static const gl_t diag_m1[8] = {
    0xa98811a1fed4e3a5ull, 0x1cc48b54f377e2a0ull, 0xe40cd4f6c5609a26ull, 0x11de79ebca97a4a3ull,
    0x9177c73d8b7e929cull, 0x2a6fe8085797e791ull, 0x3de6e93329f8d5adull, 0x3f7af9125da962feull,
};

static inline gl_t sbox(gl_t x)
{
    gl_t x2 = gl_sqr(x), x3 = gl_mul(x2, x), x4 = gl_sqr(x2);
    return gl_mul(x3, x4);
}

/* M4 = [[5,7,1,3],[4,6,1,1],[1,3,5,7],[1,1,4,6]] by the reference's additions. */
static inline void m4(gl_t *s)
{
    gl_t t0 = gl_add(s[0], s[1]), t1 = gl_add(s[2], s[3]);
    gl_t t2 = gl_add(gl_add(s[1], s[1]), t1), t3 = gl_add(gl_add(s[3], s[3]), t0);
    gl_t t1_4 = gl_add(t1, t1), t0_4 = gl_add(t0, t0);
    gl_t t4 = gl_add(gl_add(t1_4, t1_4), t3), t5 = gl_add(gl_add(t0_4, t0_4), t2);
    s[0] = gl_add(t3, t5);
    s[1] = t5;
    s[2] = gl_add(t2, t4);
    s[3] = t4;
}

static inline void m_ext(gl_t *s)
{
    m4(s);
    m4(s + 4);
    for (int l = 0; l < 4; l++) {
        gl_t sum = gl_add(s[l], s[4 + l]);
        s[l] = gl_add(s[l], sum);
        s[4 + l] = gl_add(s[4 + l], sum);
    }
}

static inline void full_round(gl_t *s, const gl_t *rc)
{
    for (int i = 0; i < 8; i++)
        s[i] = sbox(gl_add(s[i], rc[i]));
    m_ext(s);
}

void poseidon2_permute(gl_t s[POSEIDON2_WIDTH])
{
    m_ext(s);
    for (int r = 0; r < 4; r++)
        full_round(s, rc_ext[r]);
    for (int r = 0; r < 22; r++) {
        /* s1..s7 are summed (as a tree) while the S-box works on s0, so the
         * round's critical path is the S-box, one add and one multiply */
        gl_t rest = gl_add(gl_add(gl_add(s[1], s[2]), gl_add(s[3], s[4])),
                           gl_add(gl_add(s[5], s[6]), s[7]));
        s[0] = sbox(gl_add(s[0], rc_int[r]));
        gl_t sum = gl_add(s[0], rest);
        for (int i = 0; i < 8; i++)
            s[i] = gl_add(gl_mul(s[i], diag_m1[i]), sum);
    }
    for (int r = 4; r < 8; r++)
        full_round(s, rc_ext[r]);
}

static void put_digest(const gl_t *s, hash_digest *out)
{
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 8; k++)
            out->b[8 * i + k] = (uint8_t)(s[i] >> (8 * k));
}

/* Reads a digest's 4 words; non-canonical words are reduced (merkle_verify
 * rejects them before they get here; this keeps the permutation's input
 * canonical whatever the caller does). */
static void get_digest(const hash_digest *d, gl_t *s)
{
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int k = 0; k < 8; k++)
            w |= (uint64_t)d->b[8 * i + k] << (8 * k);
        s[i] = gl_from_u64(w);
    }
}

static void p2_leaf(const gl_t *row, size_t n, hash_digest *out)
{
    gl_t s[8] = {0, 0, 0, 0, gl_from_u64((uint64_t)n), 1, 0, 0};
    size_t i = 0;
    do {
        for (size_t k = 0; k < POSEIDON2_RATE && i + k < n; k++)
            s[k] = gl_add(s[k], row[i + k]);
        poseidon2_permute(s);
        i += POSEIDON2_RATE;
    } while (i < n);
    put_digest(s, out);
}

static void p2_node(const hash_digest *l, const hash_digest *r, hash_digest *out)
{
    gl_t s[8];
    get_digest(l, s);
    get_digest(r, s + 4);
    poseidon2_permute(s);
    put_digest(s, out);
}

static void p2_bytes(const void *data, size_t len, hash_digest *out)
{
    const uint8_t *p = data;
    gl_t s[8] = {0, 0, 0, 0, gl_from_u64((uint64_t)len), 2, 0, 0};
    size_t i = 0;
    do { /* one permutation per 4 x 7 = 28 bytes */
        for (size_t k = 0; k < POSEIDON2_RATE; k++) {
            uint64_t w = 0;
            for (size_t b = 0; b < 7 && i < len; b++, i++)
                w |= (uint64_t)p[i] << (8 * b);
            s[k] = gl_add(s[k], w);
        }
        poseidon2_permute(s);
    } while (i < len);
    put_digest(s, out);
}

const hash_ops hash_poseidon2_ops = {
    .kind = HASH_POSEIDON2,
    .name = "poseidon2",
    .leaf = p2_leaf,
    .node = p2_node,
    .bytes = p2_bytes,
};
