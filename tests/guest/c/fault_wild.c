/* Reading an unmapped high address and writing a read-only page: SIGSEGV. */
#include "guest.h"
#include <sys/mman.h>

static int recurse(int depth)
{
    volatile char pad[4096];
    pad[0] = (char)depth;
    return recurse(depth + 1) + pad[0];
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "unmapped";
    printf("mode=%s\n", mode);
    if (strcmp(mode, "unmapped") == 0) {
        volatile char *p = (volatile char *)0x7ff000001000UL;
        return *p;
    }
    if (strcmp(mode, "readonly") == 0) {
        char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        p[0] = 1;
        mprotect(p, 4096, PROT_READ);
        printf("read ok: %d\n", p[0]);
        *(volatile char *)p = 2;
    }
    if (strcmp(mode, "rodata") == 0) {
        static const char s[] = "constant";
        *(volatile char *)(uintptr_t)s = 'C';
    }
    if (strcmp(mode, "exec") == 0) {
        char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        p[0] = (char)0xc3; /* ret, but the page is not executable */
        ((void (*)(void))p)();
    }
    if (strcmp(mode, "stack") == 0) {
        /* Unbounded recursion runs off the stack. */
        return recurse(1);
    }
    printf("not reached\n");
    return 0;
}
