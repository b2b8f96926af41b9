/* guest.h — what corpus programs include: raw syscalls (uvm_*) and small helpers to
 * read the whole private input, write public output and print hex/decimal.
 * The same header serves the RISC-V build (sys_rv.c) and the host build (sys_host.c),
 * so a program's output must depend only on its input, never on addresses. */
#ifndef CORPUS_GUEST_H
#define CORPUS_GUEST_H

#include <stddef.h>
#include <stdint.h>

/* Keeps a function a real, separately callable function (no inlining, no clones
 * with changed signatures), so the translator can find and replace it by name. */
#if defined(__clang__)
#define GUEST_NOINLINE __attribute__((noinline, used))
#else
#define GUEST_NOINLINE __attribute__((noipa, used))
#endif

/* Raw calls: return bytes moved or a negative errno, like the Linux syscalls. */
long uvm_write(int fd, const void *buf, size_t len);
long uvm_read(int fd, void *buf, size_t len);
_Noreturn void uvm_exit(int code);

/* Exit codes programs use for bad input, so a harness can tell them apart. */
enum { GUEST_EXIT_BADINPUT = 2, GUEST_EXIT_NOMEM = 3 };

/* Reads fd 0 to end of file into a malloc'ed buffer (NUL-terminated one past *len,
 * the terminator not counted). Exits with GUEST_EXIT_NOMEM if memory runs out. */
uint8_t *guest_read_all(size_t *len);

/* Writes all len bytes to fd 1 (public output); exits 1 if the write fails. */
void guest_write(const void *buf, size_t len);
void guest_puts(const char *s);                 /* s as is, no newline added */
void guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void guest_log(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* fd 2 */

/* "label: <lowercase hex of buf>\n" on fd 1. */
void guest_hex(const char *label, const uint8_t *buf, size_t len);

/* Little-endian loads from a byte buffer (no alignment needed). */
uint32_t guest_le32(const uint8_t *p);
uint64_t guest_le64(const uint8_t *p);

/* Prints a message on fd 2 and exits with code. */
_Noreturn void guest_fail(int code, const char *what);

#endif
