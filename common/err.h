/* err.h — the one-line error record every library fills instead of printing.
 * Invariant: a function that fails returns non-zero and leaves exactly one line
 * (no trailing newline) in err->msg; only main() prints it. */
#ifndef UVM_ERR_H
#define UVM_ERR_H

#include <stddef.h>

#define UVM_ERR_MAX 512

typedef struct uvm_err {
    char msg[UVM_ERR_MAX];
} uvm_err;

/* Formats one line into err (if non-NULL) and returns -1, so callers can write
 * `return uvm_errf(err, "...");`. Newlines in the result are replaced by spaces. */
int uvm_errf(uvm_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prefixes an existing message: "prefix: old message". Returns -1. */
int uvm_err_prefix(uvm_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
