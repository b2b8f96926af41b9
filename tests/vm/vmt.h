/* vmt.h — test helper: builds small uisa_program values in C (no container,
 * no translator) and runs them with vm_run, capturing guest fd 1 and fd 2.
 * Programs use 4-byte slots; code starts at VMT_CODE, data at VMT_DATA. */
#ifndef UVM_TESTS_VMT_H
#define UVM_TESTS_VMT_H

#include <stddef.h>
#include <stdint.h>

#include "vm.h"

#define VMT_CODE 0x00010000u
#define VMT_DATA 0x00020000u   /* a 2-page RW data segment */
#define VMT_RODATA 0x00030000u /* a 1-page R data segment */
#define VMT_MAX_SLOTS 4096

typedef struct vmt {
    uisa_program p;
    uisa_uop slots[VMT_MAX_SLOTS];
    uint32_t raw[VMT_MAX_SLOTS];
    uisa_segment segs[4];
    uint8_t data[2 * 4096], rodata[4096];
    uint8_t extra[64];     /* vmt_finish_extra's segment data: byte i = i * 29 + 3 */
    uint32_t rodata_flags; /* UISA_SEG_R unless a test changes it */
    uint32_t code_flags;   /* UISA_SEG_R | UISA_SEG_X unless a test changes it (RWX code) */
    uint8_t out[2][65536]; /* captured guest fd 1, fd 2 */
    size_t out_len[2];
    vm_result res;
    uvm_err err;
} vmt;

/* Starts an empty program (heap allocated; free with vmt_free). */
vmt *vmt_new(void);
/* Same with 2-byte slots (an RVC program): vmt_op then emits a 4-byte uop and
 * a TRAP_MID_INSN slot after it; vmt_op16 emits a 2-byte uop. */
vmt *vmt_new_rvc(void);
uint32_t vmt_op16(vmt *t, uisa_op op, int rd, int rs1, int rs2, int32_t imm);
void vmt_free(vmt *t);
/* pc of the next emitted uop. */
uint32_t vmt_pc(const vmt *t);
/* Emits one 4-byte uop (ninsn from the uISA table); returns its pc. */
uint32_t vmt_op(vmt *t, uisa_op op, int rd, int rs1, int rs2, int32_t imm);
/* Emits a TRAP of the given kind with raw word `word`. */
uint32_t vmt_trap(vmt *t, int kind, uint32_t word);
/* rd = v (LUI + ADDI). */
void vmt_li(vmt *t, int rd, uint32_t v);
/* a0 = code; exit. */
void vmt_exit(vmt *t, uint32_t code);
/* ecall with a7 = nr (arguments already in a0..a2). */
void vmt_syscall(vmt *t, uint32_t nr);
/* Fills t->p's segments (code code_flags, data RW, rodata R); vmt_run calls it. */
void vmt_finish(vmt *t);
/* vmt_finish, then one more page-sized segment at vaddr (below .data, above
 * the code) with the given flags and t->extra as its first bytes: for tests of
 * page permissions (the heap bounds do not depend on it). */
void vmt_finish_extra(vmt *t, uint32_t vaddr, uint32_t flags);
/* Runs the program (cfg may be NULL); returns vm_run's status. */
int vmt_run(vmt *t, const vm_config *cfg);

enum { X_ZERO = 0, X_RA = 1, X_SP = 2, X_T0 = 5, X_T1 = 6, X_T2 = 7, X_A0 = 10, X_A1 = 11,
       X_A2 = 12, X_A3 = 13, X_A7 = 17, X_S2 = 18, X_S3 = 19, X_S4 = 20 };

/* The tests' seeded xorshift generator: set vmt_rng, then draw with vmt_rnd(). */
extern uint64_t vmt_rng;
uint32_t vmt_rnd(void);

#endif
