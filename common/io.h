/* io.h — whole-file reading and writing with size limits and one-line errors. */
#ifndef UVM_IO_H
#define UVM_IO_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Reads all of `path` ("-" means stdin) into a malloc'd buffer (caller frees).
 * Fails with a one-line error if the file is missing, unreadable or larger
 * than max_bytes. A zero-length file yields a non-NULL buffer and *len = 0. */
int io_read_all(const char *path, size_t max_bytes, uint8_t **data, size_t *len, uvm_err *err);

/* Writes len bytes to `path` ("-" means stdout), replacing the file. */
int io_write_all(const char *path, const void *data, size_t len, uvm_err *err);

#endif
