/* uvm_zk.h — the `uvm prove` and `uvm verify` subcommands (uvm_zk.c) and the
 * helpers they share with uvm.c. Invariant: only these mains print. */
#ifndef UVM_CLI_UVM_ZK_H
#define UVM_CLI_UVM_ZK_H

#include <stdint.h>

#include "err.h"
#include "uisa.h"
#include "vm.h"

#define EXIT_UVM_ERROR 2
#define MAX_FILE_BYTES (1ull << 30)

/* Decimal u64 without sign; 0 or -1. */
int uvm_parse_u64(const char *s, uint64_t *v);
/* Reads and parses a .uisa file ("-": stdin); errors prefixed by the path. */
int uvm_load_program(const char *path, uisa_program *p, uvm_err *err);

/* The one line a guest fault is reported with by run and prove: "guest fault at
 * pc 0x00010644: unsupported instruction 0xc0001073 (csrrw, Zicsr extension)". */
void uvm_fault_line(const uisa_program *p, const vm_result *r, char *buf, size_t size);

int uvm_cmd_prove(int argc, char **argv);
int uvm_cmd_verify(int argc, char **argv);

#endif
