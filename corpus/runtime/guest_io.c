/* guest_io.c — input/output helpers of guest.h over the uvm_* calls; identical on
 * the RISC-V and host builds. Output is written in full or the program exits 1. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"

uint8_t *guest_read_all(size_t *len)
{
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap + 1);
    if (!buf)
        guest_fail(GUEST_EXIT_NOMEM, "read_all: out of memory");
    for (;;) {
        if (n == cap) {
            cap *= 2;
            uint8_t *nb = realloc(buf, cap + 1);
            if (!nb)
                guest_fail(GUEST_EXIT_NOMEM, "read_all: out of memory");
            buf = nb;
        }
        long r = uvm_read(0, buf + n, cap - n);
        if (r < 0)
            guest_fail(1, "read_all: read failed");
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

static void write_fd(int fd, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    while (len > 0) {
        long r = uvm_write(fd, p, len);
        if (r <= 0)
            uvm_exit(1);
        p += r;
        len -= (size_t)r;
    }
}

void guest_write(const void *buf, size_t len)
{
    write_fd(1, buf, len);
}

void guest_puts(const char *s)
{
    write_fd(1, s, strlen(s));
}

static void vprint(int fd, const char *fmt, va_list ap)
{
    char line[512];
    int n = vsnprintf(line, sizeof line, fmt, ap);
    if (n < 0)
        uvm_exit(1);
    write_fd(fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

void guest_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint(1, fmt, ap);
    va_end(ap);
}

void guest_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint(2, fmt, ap);
    va_end(ap);
}

void guest_hex(const char *label, const uint8_t *buf, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    char chunk[129];
    guest_puts(label);
    guest_puts(": ");
    while (len > 0) {
        size_t k = len < 64 ? len : 64;
        for (size_t i = 0; i < k; i++) {
            chunk[2 * i] = digits[buf[i] >> 4];
            chunk[2 * i + 1] = digits[buf[i] & 15];
        }
        guest_write(chunk, 2 * k);
        buf += k;
        len -= k;
    }
    guest_puts("\n");
}

uint32_t guest_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t guest_le64(const uint8_t *p)
{
    return (uint64_t)guest_le32(p) | (uint64_t)guest_le32(p + 4) << 32;
}

void guest_fail(int code, const char *what)
{
    write_fd(2, what, strlen(what));
    write_fd(2, "\n", 1);
    uvm_exit(code);
}
