/* Code written by one thread, run by another: both CPUs run on one address space, so a rewrite of
 * a code page the other thread has already executed must be seen by it. */
#include "guest.h"
#include <pthread.h>
#include <sys/mman.h>

static unsigned char *code;
static volatile int turn;
static int results[4];

static void emit(int value)
{
    /* mov eax, imm32 ; ret */
    code[0] = 0xb8;
    memcpy(code + 1, &value, 4);
    code[5] = 0xc3;
}

static void *runner(void *arg)
{
    (void)arg;
    for (int i = 0; i < 4; i++) {
        while (__atomic_load_n(&turn, __ATOMIC_SEQ_CST) != 2 * i + 1) sched_yield();
        int (*fn)(void) = (int (*)(void))code;
        results[i] = fn();
        __atomic_store_n(&turn, 2 * i + 2, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

int main(void)
{
    code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    pthread_t t;
    pthread_create(&t, NULL, runner, NULL);
    for (int i = 0; i < 4; i++) {
        emit(100 + i);
        __atomic_store_n(&turn, 2 * i + 1, __ATOMIC_SEQ_CST);
        while (__atomic_load_n(&turn, __ATOMIC_SEQ_CST) != 2 * i + 2) sched_yield();
    }
    pthread_join(t, NULL);
    printf("the other thread ran: %d %d %d %d\n", results[0], results[1], results[2], results[3]);
    return 0;
}
