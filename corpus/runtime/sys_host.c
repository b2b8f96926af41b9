/* sys_host.c — the same uvm_* calls as sys_rv.c over POSIX, so a host (x86)
 * build of a corpus program produces the reference output for the RISC-V builds. */
#include <stddef.h>
#include <unistd.h>

#include "guest.h"

long uvm_write(int fd, const void *buf, size_t len)
{
    return (long)write(fd, buf, len);
}

long uvm_read(int fd, void *buf, size_t len)
{
    return (long)read(fd, buf, len);
}

void uvm_exit(int code)
{
    _exit(code);
}
