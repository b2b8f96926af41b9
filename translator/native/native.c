/* native.c — native ops from hints (-O2): not implemented yet; asking for it is an error. */
#include "passes.h"

int xl_native_pass(const xl_image *img, const xl_options *opt, uisa_program *p, uvm_err *err)
{
    (void)img, (void)opt, (void)p;
    return uvm_errf(err, "native ops (-O2, --native) are not implemented yet");
}
