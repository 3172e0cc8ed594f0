/* Error paths of the kernel core's syscalls, as their man pages list them. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#define BAD ((void *)16)
#define T(expr) do { errno = 0; long r_ = (long)(expr); printf("%-60s %ld %s\n", #expr, r_, r_ < 0 ? strerror(errno) : "-"); } while (0)

static char area[64] __attribute__((aligned(32)));

int main(void) {
  gid_t g[64];
  T(syscall(SYS_getgroups, -1, g));
  T(syscall(SYS_getgroups, 0, NULL) >= 0 ? 0 : -1);
  T(syscall(SYS_getgroups, 64, BAD));
  T(syscall(SYS_getresuid, BAD, BAD, BAD));
  T(syscall(SYS_getresgid, g, g, BAD));
  cpu_set_t set;
  CPU_ZERO(&set);
  T(sched_setaffinity(0, sizeof set, &set));
  CPU_SET(0, &set);
  T(sched_setaffinity(0x7ffffff0, sizeof set, &set));
  T(sched_getaffinity(0x7ffffff0, sizeof set, &set));
  T(syscall(SYS_sched_getaffinity, 0, sizeof set, BAD));
  T(syscall(SYS_sched_setaffinity, 0, sizeof set, BAD));
  T(sched_setaffinity(0, sizeof set, &set));
  void *head; size_t len;
  T(syscall(SYS_get_robust_list, 0x7ffffff0, &head, &len));
  T(syscall(SYS_get_robust_list, 0, &head, &len));
  T(syscall(SYS_get_robust_list, 0, BAD, &len));
  T(syscall(SYS_set_robust_list, area, 23));
  T(syscall(SYS_arch_prctl, 0x1003, BAD));
  T(syscall(SYS_prctl, PR_GET_NAME, BAD));
  T(syscall(SYS_prctl, PR_SET_NAME, BAD));
  T(syscall(SYS_uname, BAD));
  T(syscall(SYS_sysinfo, BAD));
  T(syscall(SYS_times, BAD));
  T(syscall(SYS_gettimeofday, BAD, NULL));
  T(syscall(SYS_gettimeofday, NULL, BAD));
  T(syscall(SYS_time, BAD));
  T(syscall(SYS_clock_getres, CLOCK_REALTIME, BAD));
  T(syscall(SYS_clock_getres, 99, NULL));
  T(syscall(SYS_clock_gettime, CLOCK_BOOTTIME, BAD));
  T(syscall(SYS_nanosleep, BAD, NULL));
  struct timespec neg = { -1, 0 };
  T(syscall(SYS_nanosleep, &neg, NULL));
  struct timespec past = { 1, 0 };
  T(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL));
  T(syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &past, NULL));
  T(syscall(SYS_clock_nanosleep, 99, 0, &past, NULL));
  T(syscall(SYS_tkill, -1, SIGUSR1));
  T(syscall(SYS_tkill, 0x7ffffff0, 0));
  T(syscall(SYS_tkill, (long)syscall(SYS_gettid), 0));
  T(kill(-0x7ffffff0, 0));
  T(kill(0, 0));
  T(kill(-1, 0) == 0 || errno == ESRCH ? 0 : -1);
  struct rlimit rl;
  T(prlimit(0, 99, NULL, &rl));
  T(prlimit(0, RLIMIT_NOFILE, BAD, NULL));
  T(prlimit(0, RLIMIT_NOFILE, NULL, BAD));
  struct rlimit huge = { 1 << 21, 1 << 21 };
  T(setrlimit(RLIMIT_NOFILE, &huge));
  struct rlimit inf = { RLIM_INFINITY, RLIM_INFINITY };
  T(syscall(SYS_setrlimit, RLIMIT_CPU, &inf));
  T(syscall(SYS_setrlimit, RLIMIT_CPU, BAD));
  T(syscall(SYS_rt_sigpending, &set, 16));
  T(syscall(SYS_rt_sigpending, BAD, 8));
  T(syscall(SYS_rt_sigprocmask, SIG_BLOCK, BAD, NULL, 8));
  T(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, BAD, 8));
  T(syscall(SYS_rt_sigaction, SIGUSR1, BAD, NULL, 8));
  T(syscall(SYS_rt_sigaction, SIGUSR1, NULL, BAD, 8));
  stack_t ss = { .ss_sp = area, .ss_size = 16, .ss_flags = 0 };
  T(sigaltstack(&ss, NULL));
  ss.ss_flags = SS_DISABLE;
  T(sigaltstack(&ss, NULL));
  stack_t old;
  T(sigaltstack(NULL, &old));
  printf("old flags %d size %zu\n", old.ss_flags, old.ss_size);
  T(sigaltstack(BAD, NULL));
  T(mlockall(0));
  T(mlockall(MCL_CURRENT));
  T(munlockall());
  char b[4];
  T(syscall(SYS_getrandom, b, 0, 0));
  T(syscall(SYS_getcpu, BAD, NULL, NULL));
  T(syscall(SYS_sched_yield));
  T(syscall(SYS_exit_group + 1000));
  /* set*id: first as root (when started as root), then unprivileged */
  int root = geteuid() == 0;
  printf("root %d\n", root);
  T(syscall(SYS_setgroups, -1, g));
  T(syscall(SYS_setuid, -1));
  T(syscall(SYS_setresuid, -1, -1, -1));
  T(syscall(SYS_setfsuid, -1) == (long)geteuid() ? 0 : -1);
  if (root) {
    T(syscall(SYS_setgroups, 1, BAD));
    T(syscall(SYS_setgroups, 0, NULL));
    T(syscall(SYS_setresgid, 65534, 65534, 0));
    T(syscall(SYS_setreuid, 1000, 65534));
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    printf("uids %u %u %u\n", r, e, s);
    T(syscall(SYS_setuid, 0));
    T(syscall(SYS_setresuid, 0, 0, 0));
    T(syscall(SYS_setresuid, 65534, 1000, 65534));
    T(syscall(SYS_setgroups, 0, NULL));
    T(syscall(SYS_setgid, 0));
    T(syscall(SYS_setgid, 65534));
    T(syscall(SYS_setfsuid, 4242));
    T(syscall(SYS_setfsuid, 1000));
    T(syscall(SYS_setregid, 0, -1));
    struct rlimit up = { 4096, 8192 };
    T(setrlimit(RLIMIT_NOFILE, &up));
  }
  return 0;
}
