/* core_env.c — reads UVM_PORTABLE once; later calls return the cached value. */
#include "core_env.h"

#include <stdlib.h>

int core_portable(void)
{
    /* -1 = not read yet; a benign race: every thread computes the same value. */
    static _Atomic int cached = -1;
    int v = cached;
    if (v < 0) {
        const char *e = getenv("UVM_PORTABLE");
        v = e && e[0] == '1';
        cached = v;
    }
    return v;
}
