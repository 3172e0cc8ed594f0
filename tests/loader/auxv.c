/* Prints where the kernel put the initial stack's pieces, for the loader's native comparison. */
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp) {
  printf("brk=%p\n", sbrk(0));
  printf("argv=%p\n", (void *)argv);
  for (int i = 0; i < argc; i++) printf("arg=%p\n", (void *)argv[i]);
  for (char **e = envp; *e; e++) printf("env=%p\n", (void *)*e);
  printf("random=%#lx\n", getauxval(AT_RANDOM));
  printf("platform=%#lx\n", getauxval(AT_PLATFORM));
  printf("execfn=%#lx\n", getauxval(AT_EXECFN));
  printf("phdr=%#lx\n", getauxval(AT_PHDR));
  printf("entry=%#lx\n", getauxval(AT_ENTRY));
  char **e = envp;
  while (*e) e++;
  unsigned long *aux = (unsigned long *)(e + 1);
  printf("auxtypes=");
  for (; aux[0] != 0; aux += 2) printf("%lu,", aux[0]);
  printf("\n");
  return 0;
}
