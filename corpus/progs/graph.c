/* graph.c — graph workloads on an undirected weighted graph: shortest paths from the
 * SOURCES nodes k*n/SOURCES by Dijkstra with an indexed binary heap (decrease-key), hop
 * counts from node 0 by BFS, and
 * connected components by union-find (union by size, path halving). Input: u32 n
 * (2..65536), then edges of three u16 LE (u, v, weight) to the end. Everything printed
 * is a property of the graph (distances are unique), not of tie-breaking order. */
#include <stdlib.h>

#include "guest.h"

#define INF UINT32_MAX
enum { SOURCES = 4 };

struct heap {
    uint32_t *node, *pos, n; /* pos[v] = index of v in node[], INF if absent */
    const uint32_t *key;
};

static void swap_at(struct heap *h, uint32_t i, uint32_t j)
{
    uint32_t a = h->node[i], b = h->node[j];
    h->node[i] = b;
    h->node[j] = a;
    h->pos[b] = i;
    h->pos[a] = j;
}

static void sift_up(struct heap *h, uint32_t i)
{
    while (i > 0 && h->key[h->node[(i - 1) / 2]] > h->key[h->node[i]]) {
        swap_at(h, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

static uint32_t pop_min(struct heap *h)
{
    uint32_t top = h->node[0];
    h->pos[top] = INF;
    if (--h->n == 0)
        return top;
    h->node[0] = h->node[h->n];
    h->pos[h->node[0]] = 0;
    for (uint32_t i = 0;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && h->key[h->node[l]] < h->key[h->node[m]])
            m = l;
        if (r < h->n && h->key[h->node[r]] < h->key[h->node[m]])
            m = r;
        if (m == i)
            break;
        swap_at(h, i, m);
        i = m;
    }
    return top;
}

static uint32_t find(uint32_t *parent, uint32_t v)
{
    while (parent[v] != v) {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    return v;
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    if (len < 4 || (len - 4) % 6)
        guest_fail(GUEST_EXIT_BADINPUT, "graph: want u32 n, then (u16 u, u16 v, u16 w) edges");
    uint32_t n = guest_le32(in), m = (uint32_t)((len - 4) / 6);
    if (n < 2 || n > 65536)
        guest_fail(GUEST_EXIT_BADINPUT, "graph: n must be 2..65536");
    const uint8_t *e = in + 4;
    uint32_t *start = calloc(n + 1, 4), *adj = malloc(2 * (size_t)m * 4 + 4);
    uint32_t *wt = malloc(2 * (size_t)m * 4 + 4), *dist = malloc(n * 4), *hops = malloc(n * 4);
    uint32_t *node = malloc(n * 4), *pos = malloc(n * 4), *parent = malloc(n * 4);
    uint32_t *csize = malloc(n * 4);
    if (!start || !adj || !wt || !dist || !hops || !node || !pos || !parent || !csize)
        guest_fail(GUEST_EXIT_NOMEM, "graph: out of memory");
    /* compressed adjacency: count degrees, prefix sums, then place both directions */
    for (uint32_t i = 0; i < m; i++) {
        uint32_t u = e[6 * i] | e[6 * i + 1] << 8, v = e[6 * i + 2] | e[6 * i + 3] << 8;
        if (u >= n || v >= n)
            guest_fail(GUEST_EXIT_BADINPUT, "graph: edge endpoint out of range");
        start[u + 1]++;
        start[v + 1]++;
    }
    for (uint32_t v = 0; v < n; v++)
        start[v + 1] += start[v];
    for (uint32_t v = 0; v < n; v++)
        pos[v] = start[v]; /* fill cursor, reused as heap positions below */
    for (uint32_t i = 0; i < m; i++) {
        uint32_t u = e[6 * i] | e[6 * i + 1] << 8, v = e[6 * i + 2] | e[6 * i + 3] << 8;
        uint32_t w = e[6 * i + 4] | e[6 * i + 5] << 8;
        adj[pos[u]] = v;
        wt[pos[u]++] = w;
        adj[pos[v]] = u;
        wt[pos[v]++] = w;
    }

    uint64_t dsum = 0;
    uint32_t dmax = 0, dh = 2166136261u;
    for (uint32_t src = 0; src < SOURCES; src++) {
        uint32_t s0 = (uint32_t)((uint64_t)src * n / SOURCES);
        for (uint32_t v = 0; v < n; v++) {
            dist[v] = INF;
            pos[v] = INF;
        }
        struct heap h = {node, pos, 1, dist};
        dist[s0] = 0;
        node[0] = s0;
        pos[s0] = 0;
        while (h.n) {
            uint32_t u = pop_min(&h);
            for (uint32_t k = start[u]; k < start[u + 1]; k++) {
                uint32_t v = adj[k], d = dist[u] + wt[k];
                if (d >= dist[v])
                    continue;
                dist[v] = d;
                if (pos[v] == INF) {
                    node[h.n] = v;
                    pos[v] = h.n++;
                }
                sift_up(&h, pos[v]);
            }
        }
        for (uint32_t v = 0; v < n; v++) {
            dh = (dh ^ dist[v]) * 16777619u;
            if (dist[v] != INF) {
                dsum += dist[v];
                dmax = dist[v] > dmax ? dist[v] : dmax;
            }
        }
    }

    /* BFS: node[] becomes the queue */
    for (uint32_t v = 0; v < n; v++)
        hops[v] = INF;
    uint32_t qh = 0, qt = 0, hops_max = 0, hops_sum = 0;
    hops[0] = 0;
    node[qt++] = 0;
    while (qh < qt) {
        uint32_t u = node[qh++];
        for (uint32_t k = start[u]; k < start[u + 1]; k++)
            if (hops[adj[k]] == INF) {
                hops[adj[k]] = hops[u] + 1;
                hops_max = hops[u] + 1;
                hops_sum += hops[u] + 1;
                node[qt++] = adj[k];
            }
    }

    for (uint32_t v = 0; v < n; v++) {
        parent[v] = v;
        csize[v] = 1;
    }
    uint32_t comps = n, largest = 1;
    for (uint32_t i = 0; i < m; i++) {
        uint32_t a = find(parent, e[6 * i] | e[6 * i + 1] << 8);
        uint32_t b = find(parent, e[6 * i + 2] | e[6 * i + 3] << 8);
        if (a == b)
            continue;
        if (csize[a] < csize[b]) {
            uint32_t t = a;
            a = b;
            b = t;
        }
        parent[b] = a;
        csize[a] += csize[b];
        largest = csize[a] > largest ? csize[a] : largest;
        comps--;
    }

    guest_printf("nodes=%lu edges=%lu reachable=%lu components=%lu largest=%lu\n",
                 (unsigned long)n, (unsigned long)m, (unsigned long)qt, (unsigned long)comps,
                 (unsigned long)largest);
    guest_printf("dist_sum=%llu dist_max=%lu dist_fnv=%08lx hops_max=%lu hops_sum=%lu\n",
                 (unsigned long long)dsum, (unsigned long)dmax, (unsigned long)dh,
                 (unsigned long)hops_max, (unsigned long)hops_sum);
    free(start), free(adj), free(wt), free(dist), free(hops);
    free(node), free(pos), free(parent), free(csize);
    free(in);
    return 0;
}
