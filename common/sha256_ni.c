/* sha256_ni.c — SHA-256 compression with the x86 SHA extensions (SHA-NI).
 * Built with -msha -msse4.1 and only called after sha256_dispatch.c has
 * checked CPUID; must give exactly sha256_compress_portable's results. */
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

#define K sha256_k

void sha256_compress_ni(uint32_t state[8], const uint8_t *blocks, size_t nblocks)
{
    /* sha256rnds2 wants the state as two registers {A,B,E,F} and {C,D,G,H}
     * (highest lane first); the message words big-endian within lanes. */
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bll, 0x0405060700010203ll);
    __m128i t = _mm_loadu_si128((const __m128i *)state);        /* D C B A */
    __m128i s1 = _mm_loadu_si128((const __m128i *)(state + 4)); /* H G F E */
    t = _mm_shuffle_epi32(t, 0xB1);                             /* C D A B */
    s1 = _mm_shuffle_epi32(s1, 0x1B);                           /* E F G H */
    __m128i s0 = _mm_alignr_epi8(t, s1, 8);                     /* A B E F */
    s1 = _mm_blend_epi16(s1, t, 0xF0);                          /* C D G H */

    for (; nblocks; nblocks--, blocks += 64) {
        __m128i save0 = s0, save1 = s1, m[4];
#pragma GCC unroll 16
        for (int g = 0; g < 16; g++) {
            if (g < 4)
                m[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 16 * g)), bswap);
            else /* W[4g..4g+3] from the previous 16 words */
                m[g & 3] = _mm_sha256msg2_epu32(
                    _mm_add_epi32(_mm_sha256msg1_epu32(m[g & 3], m[(g + 1) & 3]),
                                  _mm_alignr_epi8(m[(g + 3) & 3], m[(g + 2) & 3], 4)),
                    m[(g + 3) & 3]);
            __m128i k = _mm_add_epi32(m[g & 3], _mm_load_si128((const __m128i *)(K + 4 * g)));
            s1 = _mm_sha256rnds2_epu32(s1, s0, k);
            s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(k, 0x0E));
        }
        s0 = _mm_add_epi32(s0, save0);
        s1 = _mm_add_epi32(s1, save1);
    }

    t = _mm_shuffle_epi32(s0, 0x1B);        /* F E B A */
    s1 = _mm_shuffle_epi32(s1, 0xB1);       /* D C H G */
    s0 = _mm_blend_epi16(t, s1, 0xF0);      /* D C B A */
    s1 = _mm_alignr_epi8(s1, t, 8);         /* H G F E */
    _mm_storeu_si128((__m128i *)state, s0);
    _mm_storeu_si128((__m128i *)(state + 4), s1);
}

/* Two independent streams in lockstep: sha256rnds2 has a latency of several
 * cycles, so one stream leaves the unit idle; interleaving two hides it.
 * Same results as two sha256_compress_ni calls. */
#define LOAD_STATE(st, s0, s1)                                                   \
    do {                                                                         \
        __m128i t_ = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(st)), 0xB1); \
        __m128i u_ = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)((st) + 4)), 0x1B); \
        s0 = _mm_alignr_epi8(t_, u_, 8);                                         \
        s1 = _mm_blend_epi16(u_, t_, 0xF0);                                      \
    } while (0)
#define STORE_STATE(st, s0, s1)                                                  \
    do {                                                                         \
        __m128i t_ = _mm_shuffle_epi32(s0, 0x1B);                                \
        __m128i u_ = _mm_shuffle_epi32(s1, 0xB1);                                \
        _mm_storeu_si128((__m128i *)(st), _mm_blend_epi16(t_, u_, 0xF0));        \
        _mm_storeu_si128((__m128i *)((st) + 4), _mm_alignr_epi8(u_, t_, 8));     \
    } while (0)

void sha256_compress_ni_x2(uint32_t sa[8], const uint8_t *ba, uint32_t sb[8], const uint8_t *bb,
                           size_t nblocks)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bll, 0x0405060700010203ll);
    __m128i a0, a1, b0, b1;
    LOAD_STATE(sa, a0, a1);
    LOAD_STATE(sb, b0, b1);
    for (; nblocks; nblocks--, ba += 64, bb += 64) {
        __m128i sva0 = a0, sva1 = a1, svb0 = b0, svb1 = b1, ma[4], mb[4];
#pragma GCC unroll 16
        for (int g = 0; g < 16; g++) {
            if (g < 4) {
                ma[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(ba + 16 * g)), bswap);
                mb[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(bb + 16 * g)), bswap);
            } else {
                ma[g & 3] = _mm_sha256msg2_epu32(
                    _mm_add_epi32(_mm_sha256msg1_epu32(ma[g & 3], ma[(g + 1) & 3]),
                                  _mm_alignr_epi8(ma[(g + 3) & 3], ma[(g + 2) & 3], 4)),
                    ma[(g + 3) & 3]);
                mb[g & 3] = _mm_sha256msg2_epu32(
                    _mm_add_epi32(_mm_sha256msg1_epu32(mb[g & 3], mb[(g + 1) & 3]),
                                  _mm_alignr_epi8(mb[(g + 3) & 3], mb[(g + 2) & 3], 4)),
                    mb[(g + 3) & 3]);
            }
            __m128i k = _mm_load_si128((const __m128i *)(K + 4 * g));
            __m128i ka = _mm_add_epi32(ma[g & 3], k), kb = _mm_add_epi32(mb[g & 3], k);
            a1 = _mm_sha256rnds2_epu32(a1, a0, ka);
            b1 = _mm_sha256rnds2_epu32(b1, b0, kb);
            a0 = _mm_sha256rnds2_epu32(a0, a1, _mm_shuffle_epi32(ka, 0x0E));
            b0 = _mm_sha256rnds2_epu32(b0, b1, _mm_shuffle_epi32(kb, 0x0E));
        }
        a0 = _mm_add_epi32(a0, sva0);
        a1 = _mm_add_epi32(a1, sva1);
        b0 = _mm_add_epi32(b0, svb0);
        b1 = _mm_add_epi32(b1, svb1);
    }
    STORE_STATE(sa, a0, a1);
    STORE_STATE(sb, b0, b1);
}
