/* zk_security.h — internal to prover/zkvm: the public LogUp fractions of a
 * segment, which its verifier adds to the chips' (security.h counts both).
 * Invariant: an upper bound on what public_sum (zk_air.c) and zk_io_public
 * (chip_sys.c) add for this context. */
#ifndef UVM_ZK_SECURITY_H
#define UVM_ZK_SECURITY_H

#include <stdint.h>

#include "zk_int.h"

uint64_t zk_pub_fractions(const zk_pub_ctx *pc);

#endif
