/* setjmp/longjmp across frames, and sigsetjmp without signals. */
#include "guest.h"
#include <setjmp.h>

static jmp_buf env;
static int depth_reached;

static void dive(int depth)
{
    volatile char pad[256];
    pad[0] = (char)depth;
    depth_reached = depth + pad[0] - pad[0];
    if (depth == 50) longjmp(env, depth);
    dive(depth + 1);
}

static long fib_jmp(int n)
{
    jmp_buf local;
    volatile long result = 0;
    int v = setjmp(local);
    if (v == 0) {
        long a = 0, b = 1;
        for (int i = 0; i < n; i++) { long t = a + b; a = b; b = t; }
        result = a;
        longjmp(local, 2);
    }
    return result * v;
}

int main(void)
{
    volatile int count = 0;
    int r = setjmp(env);
    printf("setjmp returned %d\n", r);
    if (count++ < 3) {
        if (r == 0) dive(0);
        else longjmp(env, 0); /* 0 becomes 1 */
    }
    printf("count=%d depth=%d\n", count, depth_reached);
    printf("fib_jmp=%ld\n", fib_jmp(40));
    sigjmp_buf s;
    volatile int times = 0;
    if (sigsetjmp(s, 1) < 3) {
        times++;
        siglongjmp(s, times);
    }
    printf("sigsetjmp loops=%d\n", times);
    return 0;
}
