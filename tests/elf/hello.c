/* The real program the ELF tests start from: fuzzed copies of its static build must never crash sysgate. */
#include <stdio.h>

int main(int argc, char **argv) {
    printf("hello from %s with %d argument(s)\n", argc > 0 ? argv[0] : "?", argc - 1);
    return 0;
}
