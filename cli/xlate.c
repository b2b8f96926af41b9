/* xlate.c — placeholder main until the translator lands. */
#include <stdio.h>
int main(void) { fputs("xlate: not built yet\n", stderr); return 1; }
