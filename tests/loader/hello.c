/* A tiny program for the loader tests: built with gcc -static, gcc -static-pie and musl-gcc -static. */
#include <stdio.h>

static char bss_buffer[100000];
int data_word = 42;

int main(int argc, char **argv) {
  bss_buffer[argc] = (char)data_word;
  printf("hello from %s with %d args\n", argv[0], argc);
  return bss_buffer[argc] == 42 ? 0 : 1;
}
