/* A small C program whose static musl and glibc builds feed the decoder test (and later CPU runs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv) {
  char buf[256];
  unsigned long sum = 0;
  for (int i = 0; i < argc; i++) sum += strlen(argv[i]);
  snprintf(buf, sizeof buf, "fib(20)=%lu args=%d len=%lu %s", fib(20), argc, sum, argc > 1 ? argv[1] : "-");
  char *copy = malloc(strlen(buf) + 1);
  strcpy(copy, buf);
  puts(copy);
  free(copy);
  return (int)(sum & 0x7f) == 0 ? 0 : 0;
}
