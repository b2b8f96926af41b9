/* io.c — whole-file reading and writing (see io.h). */
#include "io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int io_read_all(const char *path, size_t max_bytes, uint8_t **data, size_t *len, uvm_err *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return uvm_errf(err, "%s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    if (!buf) {
        if (!is_stdin)
            fclose(f);
        return uvm_errf(err, "%s: out of memory", path);
    }
    for (;;) {
        if (n == cap) {
            if (cap > max_bytes) {
                free(buf);
                if (!is_stdin)
                    fclose(f);
                return uvm_errf(err, "%s: larger than the limit of %zu bytes", path, max_bytes);
            }
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                if (!is_stdin)
                    fclose(f);
                return uvm_errf(err, "%s: out of memory", path);
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f), why = errno; /* e.g. EISDIR: fopen accepts a directory */
    if (!is_stdin)
        fclose(f);
    if (bad) {
        free(buf);
        return uvm_errf(err, "%s: %s", path, why ? strerror(why) : "read error");
    }
    if (n > max_bytes) {
        free(buf);
        return uvm_errf(err, "%s: larger than the limit of %zu bytes", path, max_bytes);
    }
    *data = buf;
    *len = n;
    return 0;
}

int io_write_all(const char *path, const void *data, size_t len, uvm_err *err)
{
    int is_stdout = strcmp(path, "-") == 0;
    FILE *f = is_stdout ? stdout : fopen(path, "wb");
    if (!f)
        return uvm_errf(err, "%s: %s", path, strerror(errno));
    size_t put = fwrite(data, 1, len, f);
    int bad = put != len || fflush(f) != 0;
    if (!is_stdout && fclose(f) != 0)
        bad = 1;
    if (bad)
        return uvm_errf(err, "%s: write error", path);
    return 0;
}
