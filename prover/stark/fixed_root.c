/* fixed_root.c — the verifier's commitments to preprocessed (fixed) columns.
 * Every LDE sits on the coset g (stark_lde_shift), so a fixed group's root is
 * a function of (hash, blowup, the exact column values) alone: it is looked up
 * by a SHA-256 key of exactly those, first in a small process-wide memo of
 * the roots used, then in the compiled-in table (fixed_known.c), and computed
 * (LDE + Merkle tree) only on a miss.
 * Invariant: a root is only ever used for the contents its key hashes, so the
 * verifier still binds the exact fixed columns (up to a SHA-256 collision). */
#include <pthread.h>
#include <string.h>

#include "sha256.h"
#include "stark_int.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "fixed_root.c hashes field elements as in-memory bytes: little-endian hosts only"
#endif

#define MEMO_CAP 32

static stark_fixed_entry memo[MEMO_CAP];
static size_t memo_len, memo_next;
static pthread_mutex_t memo_mu = PTHREAD_MUTEX_INITIALIZER;

/* key = SHA-256("uvm/fixed-root/v1" zero-padded to 24 bytes || LE32 hash kind
 *               || LE32 log_blowup || LE64 rows || LE64 cols || the row-major
 *               elements as LE64). */
static void fixed_key(const hash_ops *h, unsigned log_blowup, const gl_matrix *m, uint8_t key[32])
{
    uint8_t hdr[48] = "uvm/fixed-root/v1";
    uint64_t f[3] = {(uint64_t)h->kind | (uint64_t)log_blowup << 32, m->rows, m->cols};
    memcpy(hdr + 24, f, sizeof f);
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, hdr, sizeof hdr);
    sha256_update(&c, (const uint8_t *)m->data, m->rows * m->cols * sizeof(gl_t));
    sha256_final(&c, key);
}

static void remember(const uint8_t key[32], const hash_digest *root, size_t rows, size_t cols);

/* The memo first, then the known table; a known hit is remembered too, so the
 * memo lists every root this process used (stark_fixed_table prints it). */
static int lookup(const uint8_t key[32], hash_digest *root)
{
    int hit = 0;
    pthread_mutex_lock(&memo_mu);
    for (size_t i = 0; i < memo_len && !hit; i++)
        if (!memcmp(memo[i].key, key, 32)) {
            *root = memo[i].root;
            hit = 1;
        }
    pthread_mutex_unlock(&memo_mu);
    size_t nk;
    const stark_fixed_entry *k = stark_fixed_known(&nk);
    for (size_t i = 0; i < nk && !hit; i++)
        if (!memcmp(k[i].key, key, 32)) {
            *root = k[i].root;
            remember(key, root, k[i].rows, k[i].cols);
            hit = 1;
        }
    return hit;
}

static void remember(const uint8_t key[32], const hash_digest *root, size_t rows, size_t cols)
{
    pthread_mutex_lock(&memo_mu);
    stark_fixed_entry *e = &memo[memo_next];
    memcpy(e->key, key, 32);
    e->root = *root;
    e->rows = (uint32_t)rows;
    e->cols = (uint32_t)cols;
    memo_next = (memo_next + 1) % MEMO_CAP;
    if (memo_len < MEMO_CAP)
        memo_len++;
    pthread_mutex_unlock(&memo_mu);
}

int stark_fixed_root(const hash_ops *h, unsigned log_blowup, const gl_matrix *cols,
                     hash_digest *root, uvm_err *err)
{
    uint8_t key[32];
    fixed_key(h, log_blowup, cols, key);
    if (lookup(key, root))
        return 0;
    gl_matrix lde = {0};
    merkle_tree mt = {0};
    int rc = 0;
    if (ntt_lde(cols, log_blowup, stark_lde_shift(), &lde) || merkle_commit(&mt, h, &lde))
        rc = uvm_errf(err, "verify: out of memory (fixed commitment)");
    else {
        *root = merkle_root(&mt);
        remember(key, root, cols->rows, cols->cols);
    }
    merkle_free(&mt);
    gl_matrix_free(&lde);
    return rc;
}

size_t stark_fixed_memo_list(stark_fixed_entry *out, size_t max)
{
    pthread_mutex_lock(&memo_mu);
    size_t n = memo_len < max ? memo_len : max;
    memcpy(out, memo, n * sizeof *out);
    pthread_mutex_unlock(&memo_mu);
    return n;
}

void stark_fixed_memo_clear(void)
{
    pthread_mutex_lock(&memo_mu);
    memo_len = memo_next = 0;
    pthread_mutex_unlock(&memo_mu);
}
