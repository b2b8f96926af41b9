/* uvm_mpi.c — `uvm prove --mpi`: the zk_prove_opts.dist hooks over Open MPI.
 * Every rank runs the guest and builds every segment's witness (executing is
 * cheap next to proving), so every rank knows every boundary; each segment's
 * STARK is proved by one rank, chosen by the same greedy rule on every rank
 * (the rank with the least cost so far, lowest rank on ties; cost = committed
 * main-trace cells), and sent to rank 0, which alone writes the .uvp.
 * Invariant: owner[] is identical on all ranks (it depends only on the run),
 * so rank 0 knows whom to wait for, and no message is ever unmatched. */
#include <mpi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uvm_mpi.h"

enum { TAG_NOTE = 1, TAG_BYTES = 2 };

/* Sent by a worker per segment it proved (tag TAG_NOTE); its STARK bytes
 * follow as one TAG_BYTES message. Same binary on every rank: sent as bytes. */
typedef struct note {
    uint32_t seg;
    int32_t rank;
    zk_seg_report sr;
} note;

struct uvm_mpi {
    int rank, size;
    uint32_t n_seg;
    int32_t *owner;     /* n_seg: the rank proving each segment (-1: not yet known) */
    uint64_t *load;     /* size: cost given to each rank so far */
    note *notes;        /* n_seg: a worker's outgoing, rank 0's incoming notes */
    uint8_t *have;      /* n_seg, rank 0: note received */
    uint8_t **out;      /* n_seg, worker: copies of the STARKs being sent */
    MPI_Request *req;   /* worker: its sends (2 per proved segment) */
    int n_req;
    uint32_t done_here, heard;
    uint32_t cur;       /* the last segment the hooks saw, for the failure line */
    int in_cur;         /* whether this rank is still on it (its STARK, a hook) */
    int same_everywhere;
    int fail_rank, fail_nth, fail_kill, mine_count; /* UVM_MPI_TEST_FAIL */
};

uvm_mpi *uvm_mpi_start(int *argc, char ***argv)
{
    if (MPI_Init(argc, argv) != MPI_SUCCESS) {
        fprintf(stderr, "uvm: prove: --mpi: MPI_Init failed\n");
        return NULL;
    }
    uvm_mpi *m = calloc(1, sizeof *m);
    if (!m) {
        fprintf(stderr, "uvm: prove: --mpi: out of memory\n");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &m->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m->size);
    m->fail_rank = -1;
    /* tests only: "R:N" makes rank R fail when it reaches the STARK of its
     * N-th segment; "R:N:kill" makes it die there by SIGKILL instead */
    const char *f = getenv("UVM_MPI_TEST_FAIL");
    char how[8] = "";
    if (f && sscanf(f, "%d:%d:%7s", &m->fail_rank, &m->fail_nth, how) >= 2)
        m->fail_kill = !strcmp(how, "kill");
    return m;
}

int uvm_mpi_rank(const uvm_mpi *m) { return m->rank; }
int uvm_mpi_size(const uvm_mpi *m) { return m->size; }

int uvm_mpi_agree(uvm_mpi *m, int ok, int *bad)
{
    int mine = ok ? m->size : m->rank, lowest;
    MPI_Allreduce(&mine, &lowest, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    *bad = lowest < m->size ? lowest : -1;
    return lowest == m->size;
}

/* Rank 0: takes every note that has arrived (eager, small), without waiting. */
static void poll_notes(uvm_mpi *m)
{
    for (;;) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_NOTE, MPI_COMM_WORLD, &flag, &st);
        if (!flag)
            return;
        note n;
        MPI_Recv(&n, sizeof n, MPI_BYTE, st.MPI_SOURCE, TAG_NOTE, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        if (n.seg < m->n_seg && !m->have[n.seg]) {
            m->notes[n.seg] = n;
            m->have[n.seg] = 1;
            m->heard++;
        }
    }
}

static int mine(void *ctx, uint32_t seg, uint32_t n_seg, uint64_t cost, uvm_err *err)
{
    uvm_mpi *m = ctx;
    m->cur = seg;
    m->in_cur = 1;
    if (!m->owner) {
        if ((uint32_t)m->size > n_seg) {
            m->same_everywhere = 1;
            return uvm_errf(err, "--mpi: %d ranks for %u segment%s: run at most %u rank%s "
                            "(mpirun -n), or lower --segment-uops", m->size, n_seg,
                            n_seg == 1 ? "" : "s", n_seg, n_seg == 1 ? "" : "s");
        }
        m->n_seg = n_seg;
        m->owner = malloc(n_seg * sizeof *m->owner);
        m->load = calloc((size_t)m->size, sizeof *m->load);
        m->notes = calloc(n_seg, sizeof *m->notes);
        m->have = calloc(n_seg, 1);
        m->out = calloc(n_seg, sizeof *m->out);
        m->req = calloc(2 * (size_t)n_seg, sizeof *m->req);
        if (!m->owner || !m->load || !m->notes || !m->have || !m->out || !m->req)
            return uvm_errf(err, "--mpi: out of memory for %u segments", n_seg);
        for (uint32_t i = 0; i < n_seg; i++)
            m->owner[i] = -1;
    }
    int best = 0;
    for (int k = 1; k < m->size; k++)
        if (m->load[k] < m->load[best])
            best = k;
    m->owner[seg] = best;
    m->load[best] += cost;
    if (m->rank == 0)
        poll_notes(m);
    else if (m->n_req) { /* lets a rendezvous send to rank 0 move on */
        int flag;
        MPI_Testall(m->n_req, m->req, &flag, MPI_STATUSES_IGNORE);
    }
    if (best != m->rank) {
        m->in_cur = 0; /* what fails next is in the segments after it */
        return 0;
    }
    if (m->rank == m->fail_rank && ++m->mine_count == m->fail_nth) {
        if (m->fail_kill)
            raise(SIGKILL);
        return uvm_errf(err, "test fault (UVM_MPI_TEST_FAIL=%s)", getenv("UVM_MPI_TEST_FAIL"));
    }
    return 1;
}

static int proved(void *ctx, uint32_t seg, const uint8_t *stark, size_t len,
                  const zk_seg_report *sr, uvm_err *err)
{
    uvm_mpi *m = ctx;
    m->done_here++;
    if (m->rank == 0) {
        m->in_cur = 0;
        return 0;
    }
    if (len > (size_t)INT32_MAX)
        return uvm_errf(err, "--mpi: a %zu-byte STARK is too large for one message", len);
    m->notes[seg] = (note){.seg = seg, .rank = m->rank, .sr = *sr};
    m->out[seg] = malloc(len ? len : 1);
    if (!m->out[seg])
        return uvm_errf(err, "--mpi: out of memory for a %zu-byte STARK", len);
    memcpy(m->out[seg], stark, len);
    MPI_Isend(&m->notes[seg], sizeof(note), MPI_BYTE, 0, TAG_NOTE, MPI_COMM_WORLD,
              &m->req[m->n_req++]);
    MPI_Isend(m->out[seg], (int)len, MPI_BYTE, 0, TAG_BYTES, MPI_COMM_WORLD,
              &m->req[m->n_req++]);
    m->in_cur = 0;
    return 0;
}

/* Rank 0 receives segment seg from its owner; a worker writes no proof. Each
 * worker sends its segments in increasing order and rank 0 asks for them in
 * increasing order, so the next TAG_BYTES message from owner[seg] is seg's. */
static int gather(void *ctx, uint32_t seg, uint8_t **stark, size_t *len, zk_seg_report *sr,
                  uvm_err *err)
{
    uvm_mpi *m = ctx;
    if (m->rank != 0)
        return 1;
    m->cur = seg;
    m->in_cur = 1;
    int src = m->owner[seg];
    if (src <= 0 || src >= m->size)
        return uvm_errf(err, "--mpi: segment %u has no owner (bug)", seg);
    while (!m->have[seg]) {
        note n;
        MPI_Recv(&n, sizeof n, MPI_BYTE, src, TAG_NOTE, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (n.seg >= m->n_seg || m->owner[n.seg] != src)
            return uvm_errf(err, "--mpi: rank %d sent segment %u, which is not its (bug)", src,
                            n.seg);
        m->notes[n.seg] = n;
        m->have[n.seg] = 1;
        m->heard++;
    }
    MPI_Status st;
    int count;
    MPI_Probe(src, TAG_BYTES, MPI_COMM_WORLD, &st);
    MPI_Get_count(&st, MPI_BYTE, &count);
    uint8_t *b = malloc(count ? (size_t)count : 1);
    if (!b)
        return uvm_errf(err, "--mpi: out of memory for a %d-byte STARK from rank %d", count, src);
    MPI_Recv(b, count, MPI_BYTE, src, TAG_BYTES, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    *stark = b;
    *len = (size_t)count;
    *sr = m->notes[seg].sr;
    return 0;
}

void uvm_mpi_hooks(uvm_mpi *m, zk_prove_opts *zo)
{
    zo->dist.mine = mine;
    zo->dist.proved = proved;
    zo->dist.gather = gather;
    zo->dist.ctx = m;
}

uint32_t uvm_mpi_done(uvm_mpi *m)
{
    if (m->rank == 0 && m->owner)
        poll_notes(m);
    return m->done_here + m->heard;
}

int uvm_mpi_owner(const uvm_mpi *m, uint32_t seg)
{
    return m->owner && seg < m->n_seg ? m->owner[seg] : -1;
}

int uvm_mpi_same_everywhere(const uvm_mpi *m) { return m->same_everywhere; }

_Noreturn void uvm_mpi_abort(uvm_mpi *m, const char *msg)
{
    if (m->owner)
        fprintf(stderr, "uvm: prove: rank %d, %ssegment %u: %s; no proof written\n", m->rank,
                m->in_cur ? "" : "after ", m->cur, msg);
    else
        fprintf(stderr, "uvm: prove: rank %d: %s; no proof written\n", m->rank, msg);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1); /* not reached: MPI_Abort ends the job */
}

void uvm_mpi_end(uvm_mpi *m)
{
    if (m->n_req)
        MPI_Waitall(m->n_req, m->req, MPI_STATUSES_IGNORE);
    MPI_Finalize();
    for (uint32_t i = 0; m->out && i < m->n_seg; i++)
        free(m->out[i]);
    free(m->out);
    free(m->owner);
    free(m->load);
    free(m->notes);
    free(m->have);
    free(m->req);
    free(m);
}
