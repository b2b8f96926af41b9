/* uvm_zk.h — the `uvm prove` and `uvm verify` subcommands (uvm_zk.c) and the
 * helpers they share with uvm.c. Invariant: only these mains print. */
#ifndef UVM_CLI_UVM_ZK_H
#define UVM_CLI_UVM_ZK_H

#include <stdint.h>

#include "err.h"
#include "uisa.h"

#define EXIT_UVM_ERROR 2
#define MAX_FILE_BYTES (1ull << 30)

/* Decimal u64 without sign; 0 or -1. */
int uvm_parse_u64(const char *s, uint64_t *v);
/* Reads and parses a .uisa file ("-": stdin); errors prefixed by the path. */
int uvm_load_program(const char *path, uisa_program *p, uvm_err *err);

int uvm_cmd_prove(int argc, char **argv);
int uvm_cmd_verify(int argc, char **argv);

#endif
