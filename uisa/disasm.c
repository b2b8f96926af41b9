/* disasm.c — placeholder until the disassembler lands. */
#include "uisa.h"
int uisa_disasm(const uisa_uop *u, uint32_t pc, char *buf, size_t size)
{ (void)pc; return snprintf(buf, size, "%s", uisa_ops[u->op].name); }
