/* mlp.c — a fixed-point multilayer perceptron (int8 weights and activations, int32
 * accumulators) classifying int8 vectors. Input: "MLP1", u8 layer count L, u16 sizes
 * n_0..n_L (LE), then per layer: n_out*n_in int8 weights (row-major), n_out int32
 * biases, u16 multiplier m and u8 shift s; then int8 samples of n_0 values to the end.
 * A layer computes acc = b + sum w*x (mod 2^32, as int32) and requantizes y = clamp((acc * m) >> s) to int8
 * (64-bit product, arithmetic shift), with ReLU except on the last layer. Prints the
 * class histogram (argmax, first on a tie) and a hash of every output vector. */
#include <stdlib.h>

#include "guest.h"

enum { MAX_LAYERS = 8, MAX_WIDTH = 1024 };

struct layer {
    uint32_t n_in, n_out, shift, mult;
    const int8_t *w;
    const uint8_t *bias; /* n_out int32 LE */
};

struct reader {
    const uint8_t *p, *end;
};

static const uint8_t *take(struct reader *r, size_t n)
{
    if ((size_t)(r->end - r->p) < n)
        guest_fail(GUEST_EXIT_BADINPUT, "mlp: input too short");
    const uint8_t *q = r->p;
    r->p += n;
    return q;
}

static void forward(const struct layer *l, const int8_t *x, int8_t *y, int last)
{
    for (uint32_t o = 0; o < l->n_out; o++) {
        const int8_t *w = l->w + o * l->n_in;
        uint32_t acc = guest_le32(l->bias + 4 * o); /* wraps mod 2^32 on any input */
        for (uint32_t i = 0; i < l->n_in; i++)
            acc += (uint32_t)(w[i] * x[i]);
        int64_t v = ((int64_t)(int32_t)acc * l->mult) >> l->shift;
        int lo = last ? -128 : 0;
        y[o] = (int8_t)(v < lo ? lo : v > 127 ? 127 : v);
    }
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    struct reader r = {in, in + len};
    const uint8_t *magic = take(&r, 4);
    if (magic[0] != 'M' || magic[1] != 'L' || magic[2] != 'P' || magic[3] != '1')
        guest_fail(GUEST_EXIT_BADINPUT, "mlp: bad magic");
    uint32_t nl = *take(&r, 1), size[MAX_LAYERS + 1];
    if (nl < 1 || nl > MAX_LAYERS)
        guest_fail(GUEST_EXIT_BADINPUT, "mlp: 1 to 8 layers");
    for (uint32_t k = 0; k <= nl; k++) {
        const uint8_t *p = take(&r, 2);
        size[k] = p[0] | (uint32_t)p[1] << 8;
        if (size[k] < 1 || size[k] > MAX_WIDTH)
            guest_fail(GUEST_EXIT_BADINPUT, "mlp: layer width 1 to 1024");
    }
    struct layer l[MAX_LAYERS];
    for (uint32_t k = 0; k < nl; k++) {
        l[k].n_in = size[k];
        l[k].n_out = size[k + 1];
        l[k].w = (const int8_t *)take(&r, (size_t)size[k] * size[k + 1]);
        l[k].bias = take(&r, 4 * (size_t)size[k + 1]);
        const uint8_t *q = take(&r, 3);
        l[k].mult = q[0] | (uint32_t)q[1] << 8;
        l[k].shift = q[2];
        if (l[k].shift > 40)
            guest_fail(GUEST_EXIT_BADINPUT, "mlp: shift above 40");
    }
    size_t rest = (size_t)(r.end - r.p);
    if (rest == 0 || rest % size[0])
        guest_fail(GUEST_EXIT_BADINPUT, "mlp: samples must fill whole input vectors");
    uint32_t ns = (uint32_t)(rest / size[0]), classes = size[nl];
    int8_t a[MAX_WIDTH], b[MAX_WIDTH];
    uint32_t *hist = calloc(classes, sizeof *hist);
    if (!hist)
        guest_fail(GUEST_EXIT_NOMEM, "mlp: out of memory");
    uint32_t h = 2166136261u;
    for (uint32_t s = 0; s < ns; s++) {
        const int8_t *x = (const int8_t *)r.p + (size_t)s * size[0];
        for (uint32_t i = 0; i < size[0]; i++)
            a[i] = x[i];
        int8_t *cur = a, *nxt = b;
        for (uint32_t k = 0; k < nl; k++) {
            forward(&l[k], cur, nxt, k == nl - 1);
            int8_t *t = cur;
            cur = nxt;
            nxt = t;
        }
        uint32_t best = 0;
        for (uint32_t c = 0; c < classes; c++) {
            h = (h ^ (uint8_t)cur[c]) * 16777619u;
            best = cur[c] > cur[best] ? c : best;
        }
        hist[best]++;
    }
    guest_printf("samples=%lu layers=%lu classes=%lu outputs_fnv=%08lx\nhistogram:",
                 (unsigned long)ns, (unsigned long)nl, (unsigned long)classes, (unsigned long)h);
    for (uint32_t c = 0; c < classes; c++)
        guest_printf(" %lu", (unsigned long)hist[c]);
    guest_printf("\n");
    free(hist);
    free(in);
    return 0;
}
