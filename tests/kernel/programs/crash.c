/* Dies in the way argv[1] says: segv, ill, fpe, trap, abort, term, exit. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
volatile int zero = 0;
int main(int argc, char **argv) {
  const char *how = argc > 1 ? argv[1] : "exit";
  printf("dying by %s\n", how);
  fflush(stdout);
  if (!strcmp(how, "segv")) *(volatile int *)16 = 1;
  if (!strcmp(how, "wsegv")) *(volatile int *)(void *)main = 1;
  if (!strcmp(how, "ill")) __asm__ volatile("ud2");
  if (!strcmp(how, "fpe")) return 10 / zero;
  if (!strcmp(how, "trap")) __asm__ volatile("int3");
  if (!strcmp(how, "abort")) abort();
  if (!strcmp(how, "term")) kill(getpid(), SIGTERM);
  if (!strcmp(how, "bus")) {
    int fd = open(argv[0], O_RDONLY);
    struct stat st;
    fstat(fd, &st);
    size_t len = ((st.st_size + 4095) & ~4095UL) + 8192;
    volatile char *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("%d\n", p[len - 1]);
  }
  if (!strcmp(how, "handled")) { signal(SIGSEGV, SIG_IGN); *(volatile int *)16 = 1; }
  return 42;
}
