/* bst.c — malloc/free-heavy workload: an unbalanced binary search tree driven by the
 * input's 5-byte records (u8 op: 0 insert, 1 delete, 2 find; u32 LE key). Each node
 * carries a malloc'ed label whose size depends on the key, so the allocator sees mixed
 * sizes. Prints counts, height and an FNV-1a hash of the in-order keys and labels. */
#include <stdlib.h>
#include <string.h>

#include "guest.h"

typedef struct node {
    uint32_t key;
    struct node *left, *right;
    char *label;
} node;

static node *make_node(uint32_t key)
{
    node *n = malloc(sizeof *n);
    size_t ll = 1 + key % 23;
    char *label = malloc(ll + 1);
    if (!n || !label)
        guest_fail(GUEST_EXIT_NOMEM, "bst: out of memory");
    for (size_t i = 0; i < ll; i++)
        label[i] = (char)('a' + (key >> (i % 29)) % 26);
    label[ll] = 0;
    n->key = key;
    n->left = n->right = NULL;
    n->label = label;
    return n;
}

static void free_node(node *n)
{
    free(n->label);
    free(n);
}

/* Returns 1 if inserted, 0 if the key was present. */
static int insert(node **root, uint32_t key)
{
    node **p = root;
    while (*p) {
        if (key == (*p)->key)
            return 0;
        p = key < (*p)->key ? &(*p)->left : &(*p)->right;
    }
    *p = make_node(key);
    return 1;
}

static int erase(node **root, uint32_t key)
{
    node **p = root;
    while (*p && (*p)->key != key)
        p = key < (*p)->key ? &(*p)->left : &(*p)->right;
    node *n = *p;
    if (!n)
        return 0;
    if (n->left && n->right) { /* splice out the successor and move it here */
        node **s = &n->right;
        while ((*s)->left)
            s = &(*s)->left;
        node *succ = *s;
        *s = succ->right;
        succ->left = n->left;
        succ->right = n->right;
        *p = succ;
    } else {
        *p = n->left ? n->left : n->right;
    }
    free_node(n);
    return 1;
}

static int find(const node *n, uint32_t key)
{
    while (n && n->key != key)
        n = key < n->key ? n->left : n->right;
    return n != NULL;
}

static uint32_t height(const node *n)
{
    if (!n)
        return 0;
    uint32_t l = height(n->left), r = height(n->right);
    return 1 + (l > r ? l : r);
}

static void walk(const node *n, uint32_t *h, uint32_t *count)
{
    if (!n)
        return;
    walk(n->left, h, count);
    for (int k = 0; k < 4; k++)
        *h = (*h ^ ((n->key >> (8 * k)) & 0xff)) * 16777619u;
    for (const char *c = n->label; *c; c++)
        *h = (*h ^ (uint8_t)*c) * 16777619u;
    ++*count;
    walk(n->right, h, count);
}

static void destroy(node *n)
{
    if (!n)
        return;
    destroy(n->left);
    destroy(n->right);
    free_node(n);
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    if (len == 0 || len % 5 != 0)
        guest_fail(GUEST_EXIT_BADINPUT, "bst: want 5-byte records");
    node *root = NULL;
    uint32_t ins = 0, del = 0, hits = 0, size = 0;
    for (size_t off = 0; off < len; off += 5) {
        uint32_t key = guest_le32(in + off + 1);
        switch (in[off]) {
        case 0:
            ins += insert(&root, key);
            break;
        case 1:
            del += erase(&root, key);
            break;
        case 2:
            hits += find(root, key);
            break;
        default:
            guest_fail(GUEST_EXIT_BADINPUT, "bst: unknown op");
        }
    }
    uint32_t h = 2166136261u;
    walk(root, &h, &size);
    guest_printf("ops=%lu inserted=%lu deleted=%lu found=%lu size=%lu height=%lu fnv=%08lx\n",
                 (unsigned long)(len / 5), (unsigned long)ins, (unsigned long)del,
                 (unsigned long)hits, (unsigned long)size, (unsigned long)height(root),
                 (unsigned long)h);
    destroy(root);
    free(in);
    return size == ins - del ? 0 : 1;
}
