/* prctl(2) PR_SET_SECCOMP: strict mode and classic-BPF filters (errno, trap, kill), no_new_privs. */
#include "guest.h"
#include <stddef.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

/* The kernel's ABI, spelled here: musl has no linux/ headers. */
struct sock_filter { unsigned short code; unsigned char jt, jf; unsigned int k; };
struct sock_fprog { unsigned short len; struct sock_filter *filter; };
#define BPF_STMT(code, k) { (unsigned short)(code), 0, 0, k }
#define BPF_JUMP(code, k, jt, jf) { (unsigned short)(code), jt, jf, k }
#define BPF_LD 0x00
#define BPF_W 0x00
#define BPF_B 0x10
#define BPF_ABS 0x20
#define BPF_JMP 0x05
#define BPF_JEQ 0x10
#define BPF_K 0x00
#define BPF_RET 0x06
#define SECCOMP_MODE_STRICT 1
#define SECCOMP_MODE_FILTER 2
#define SECCOMP_RET_KILL_PROCESS 0x80000000U
#define SECCOMP_RET_TRAP 0x00030000U
#define SECCOMP_RET_ERRNO 0x00050000U
#define SECCOMP_RET_ALLOW 0x7fff0000U
#define SECCOMP_DATA_NR 0
#define SECCOMP_DATA_ARG0 16

static volatile int trapped;
static void on_sys(int sig, siginfo_t *si, void *u)
{
    (void)sig; (void)u;
    trapped = si->si_code;
}

static struct sock_filter allow_all[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };

int main(void)
{
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
        BPF_JUMP(BPF_JMP | BPF_K | BPF_JEQ, SYS_getppid, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_JUMP(BPF_JMP | BPF_K | BPF_JEQ, SYS_getuid, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
        BPF_JUMP(BPF_JMP | BPF_K | BPF_JEQ, SYS_setsid, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_ARG0),
        BPF_JUMP(BPF_JMP | BPF_K | BPF_JEQ, 12345, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 0x7fff),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { sizeof f / sizeof f[0], f };
    struct sock_filter bad_load[] = { BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), BPF_STMT(BPF_RET | BPF_K, 0) };
    struct sock_filter no_ret[] = { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0) };
    struct sock_filter far_jump[] = { BPF_JUMP(BPF_JMP | BPF_K | BPF_JEQ, 0, 5, 0), BPF_STMT(BPF_RET | BPF_K, 0) };
    struct sock_fprog bad1 = { 2, bad_load }, bad2 = { 1, no_ret }, bad3 = { 2, far_jump }, empty = { 0, allow_all };
    struct sock_fprog allow = { 1, allow_all };

    T(prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
    T(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    T(prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0));
    T(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
    T(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    T(prctl(PR_SET_SECCOMP, 7, 0, 0, 0));
    T(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &bad1, 0, 0));
    T(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &bad2, 0, 0));
    T(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &bad3, 0, 0));
    T(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &empty, 0, 0));
    R("prctl(PR_SET_SECCOMP, FILTER, BADPTR)", SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, (long)BADPTR);
    T(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &allow, 0, 0));
    T(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0));
    T(prctl(PR_GET_SECCOMP, 0, 0, 0, 0));

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sys;
    sa.sa_flags = SA_SIGINFO;
    T(sigaction(SIGSYS, &sa, 0));
    R("getppid()", SYS_getppid, 0);
    R("getuid()", SYS_getuid, 0);
    printf("trapped si_code=%d\n", trapped);
    R("dup(12345)", SYS_dup, 12345);
    R("dup(-1)", SYS_dup, -1);
    fflush(stdout);

    pid_t c = fork();
    if (c == 0) {
        syscall(SYS_setsid);
        _exit(0);
    }
    int st = 0;
    waitpid(c, &st, 0);
    printf("child: signaled=%d sig=%d\n", WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : -1);

    fflush(stdout);
    c = fork();
    if (c == 0) {
        /* strict mode: write is fine, anything else is SIGKILL */
        syscall(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0);
        syscall(SYS_write, 1, "strict write\n", 13);
        syscall(SYS_getpid);
        syscall(SYS_exit, 0);
    }
    waitpid(c, &st, 0);
    printf("strict child: signaled=%d sig=%d\n", WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    return 0;
}
