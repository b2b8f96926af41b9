/* core_env.h — run-time switches shared by prover/core's files (internal).
 * UVM_PORTABLE=1 in the environment forces the plain reference paths for the
 * NTT and the hashes (read once per process), so tests can exercise both. */
#ifndef UVM_CORE_ENV_H
#define UVM_CORE_ENV_H

/* 1 if UVM_PORTABLE is set to a value starting with '1', else 0. Thread-safe. */
int core_portable(void);

#endif
