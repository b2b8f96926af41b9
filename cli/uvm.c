/* uvm.c — placeholder main until the VM lands. */
#include <stdio.h>
int main(void) { fputs("uvm: not built yet\n", stderr); return 1; }
