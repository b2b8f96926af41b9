/* container.c — placeholder until the .uisa reader/writer lands. */
#include "uisa.h"
#include <stdlib.h>
int uisa_save(const uisa_program *p, int compress, uint8_t **out, size_t *out_len, uvm_err *err)
{ (void)p; (void)compress; (void)out; (void)out_len; return uvm_errf(err, "uisa_save: not built yet"); }
int uisa_load(const uint8_t *data, size_t len, uisa_program *p, uvm_err *err)
{ (void)data; (void)len; (void)p; return uvm_errf(err, "uisa_load: not built yet"); }
void uisa_program_free(uisa_program *p) { (void)p; }
const uisa_symbol *uisa_symbol_at(const uisa_program *p, uint32_t addr) { (void)p; (void)addr; return NULL; }
