/* The thread-group leader leaves first (pthread_exit in main): the process lives on in its other
 * threads with the same pid; when the last one leaves with a raw exit(7), that is the process's
 * status, as Linux reports it. Also: exit_group from a thread ends every thread. */
#include "guest.h"
#include <pthread.h>
#include <sys/wait.h>
#include <sched.h>

static pid_t pid0;
static int leader_alive = 1;

static void *last_one(void *arg)
{
    (void)arg;
    /* the leader's clear_child_tid word: 0 (and a futex wake) once it is really gone */
    while (__atomic_load_n(&leader_alive, __ATOMIC_SEQ_CST) != 0) syscall(SYS_futex, &leader_alive, 0, 1, NULL, NULL, 0);
    printf("leader gone, pid unchanged: %s\n", yesno(getpid() == pid0));
    fflush(stdout);
    syscall(SYS_exit, 7);
    return NULL;
}

static void *spinner(void *arg)
{
    (void)arg;
    for (;;) sched_yield();
    return NULL;
}

static void *group_exit(void *arg)
{
    (void)arg;
    fflush(stdout);
    syscall(SYS_exit_group, 9);
    return NULL;
}

int main(void)
{
    pid_t c = fork();
    if (c == 0) {
        pid0 = getpid();
        pthread_t t;
        pthread_create(&t, NULL, last_one, NULL);
        syscall(SYS_set_tid_address, &leader_alive);
        pthread_exit(NULL);
    }
    int st = 0;
    waitpid(c, &st, 0);
    printf("leader-first process: exited %s, status %d\n", yesno(WIFEXITED(st)), WEXITSTATUS(st));

    c = fork();
    if (c == 0) {
        pthread_t a, b;
        pthread_create(&a, NULL, spinner, NULL);
        pthread_create(&b, NULL, group_exit, NULL);
        for (;;) sched_yield();
    }
    waitpid(c, &st, 0);
    printf("exit_group from a thread: status %d\n", WEXITSTATUS(st));
    return 0;
}
