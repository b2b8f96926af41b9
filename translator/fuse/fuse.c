/* fuse.c — fusion (-O1): not implemented yet; asking for it is an error, not a no-op. */
#include "passes.h"

int xl_fuse_pass(const xl_image *img, const xl_options *opt, uisa_program *p, uvm_err *err)
{
    (void)img, (void)opt, (void)p;
    return uvm_errf(err, "fusion (-O1) is not implemented yet");
}
