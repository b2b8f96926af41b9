/* uvm_mpi.h — `uvm prove --mpi`: one run's segment STARKs shared out over
 * Open MPI ranks (uvm_mpi.c, built only with Open MPI: UVM_HAVE_MPI).
 * Invariant: every rank computes the same owner for every segment from the
 * same witnesses, and only rank 0 ever holds the whole proof. */
#ifndef UVM_CLI_UVM_MPI_H
#define UVM_CLI_UVM_MPI_H

#include <stdint.h>

#include "zkvm.h"

typedef struct uvm_mpi uvm_mpi;

/* MPI_Init and this rank's state; NULL (message printed) on failure. */
uvm_mpi *uvm_mpi_start(int *argc, char ***argv);
int uvm_mpi_rank(const uvm_mpi *m);
int uvm_mpi_size(const uvm_mpi *m);
/* Collective: 1 if every rank passed ok != 0; *bad: the lowest rank that did not. */
int uvm_mpi_agree(uvm_mpi *m, int ok, int *bad);
/* Sets zo->dist so that zk_prove proves this rank's share of the segments. */
void uvm_mpi_hooks(uvm_mpi *m, zk_prove_opts *zo);
/* Segments proved so far on all ranks as rank 0 has heard (rank 0 only; polls). */
uint32_t uvm_mpi_done(uvm_mpi *m);
/* The rank that proves segment seg (after zk_prove); -1 if unknown. */
int uvm_mpi_owner(const uvm_mpi *m, uint32_t seg);
/* Whether zk_prove's error is one every rank met alike (more ranks than
 * segments): then rank 0 alone reports it and nothing is aborted. */
int uvm_mpi_same_everywhere(const uvm_mpi *m);
/* After zk_prove failed here: prints one line naming this rank and the
 * segment it was on, then MPI_Abort (every rank ends; rank 0 has written no
 * proof, since it writes only once every segment arrived). */
_Noreturn void uvm_mpi_abort(uvm_mpi *m, const char *msg);
/* After zk_prove succeeded: a worker waits until rank 0 took its sends. Then
 * MPI_Finalize and free. */
void uvm_mpi_end(uvm_mpi *m);

#endif
