/* Touches 16 MiB blocks until memory runs out: under a small machine cap it is OOM-killed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) { size_t total = 0; for (int i = 0; i < 100; i++) { char *p = malloc(16 << 20); if (!p) { printf("malloc failed after %zu MiB\n", total >> 20); return 3; } memset(p, 1, 16 << 20); total += 16 << 20; } printf("ok %zu\n", total >> 20); return 0; }
