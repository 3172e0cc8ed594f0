/* Exercises the kernel core's syscalls; prints only what is the same on every Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/random.h>
#include <sys/sysinfo.h>
#include <sys/mman.h>
#include <fcntl.h>

#define CHECK(expr) printf("%-40s %s\n", #expr, (expr) ? "ok" : strerror(errno))
#define ERR(expr) do { errno = 0; long r_ = (long)(expr); printf("%-40s %ld %s\n", #expr, r_, r_ < 0 ? strerror(errno) : "-"); } while (0)

int main(int argc, char **argv) {
  (void)argc;
  struct utsname u;
  CHECK(uname(&u) == 0);
  printf("sysname=%s machine=%s\n", u.sysname, u.machine);
  printf("pid>1 %d, tid==pid %d, ppid>0 %d\n", getpid() > 1, (long)syscall(SYS_gettid) == getpid(), getppid() > 0);
  printf("uid==euid %d gid==egid %d\n", getuid() == geteuid(), getgid() == getegid());
  uid_t r, e, s;
  CHECK(getresuid(&r, &e, &s) == 0 && r == getuid() && s == getuid());

  struct rlimit rl;
  CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
  printf("nofile %ld %ld\n", (long)rl.rlim_cur, (long)rl.rlim_max);
  CHECK(getrlimit(RLIMIT_STACK, &rl) == 0);
  printf("stack %ld inf=%d\n", (long)rl.rlim_cur, rl.rlim_max == RLIM_INFINITY);
  struct rlimit bad = { 10, 5 };
  ERR(setrlimit(RLIMIT_NOFILE, &bad));
  ERR(syscall(SYS_getrlimit, 1000, &rl));
  ERR(syscall(SYS_getrlimit, RLIMIT_NOFILE, (void *)8));
  struct rlimit low = { 100, 200 };
  ERR(setrlimit(RLIMIT_NOFILE, &low));
  CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 100 && rl.rlim_max == 200);
  ERR(prlimit(0, RLIMIT_NOFILE, NULL, &rl));
  ERR(prlimit(0x7ffffff0, RLIMIT_NOFILE, NULL, &rl));

  struct timespec ts;
  CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec > 1600000000);
  CHECK(clock_gettime(CLOCK_MONOTONIC, &ts) == 0);
  CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0);
  ERR(syscall(SYS_clock_gettime, 42, &ts));
  ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)16));
  CHECK(clock_getres(CLOCK_MONOTONIC, &ts) == 0 && ts.tv_sec == 0 && ts.tv_nsec == 1);
  struct timeval tv;
  CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 1600000000);
  time_t now = time(NULL);
  CHECK(now > 1600000000);
  struct timespec t0, t1, d = { 0, 20 * 1000 * 1000 };
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CHECK(nanosleep(&d, NULL) == 0);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
  printf("slept>=20ms %d\n", ms >= 20);
  struct timespec badts = { 0, 1000000000 };
  ERR(syscall(SYS_nanosleep, &badts, NULL));
  ERR(syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &d, NULL));

  unsigned char buf[64];
  ERR(getrandom(buf, sizeof buf, 0));
  ERR(getrandom(buf, sizeof buf, 0x40));
  ERR(getrandom(buf, sizeof buf, GRND_RANDOM | GRND_INSECURE));
  ERR(getrandom((void *)8, 8, 0));

  char name[32] = {0};
  CHECK(prctl(PR_SET_NAME, "renamed-process-long") == 0);
  CHECK(prctl(PR_GET_NAME, name) == 0);
  printf("name=%s\n", name);
  ERR(prctl(PR_GET_DUMPABLE));
  ERR(prctl(PR_SET_DUMPABLE, 7));
  ERR(prctl(PR_SET_PDEATHSIG, 99));
  int pdeath = -1;
  CHECK(prctl(PR_SET_PDEATHSIG, SIGTERM) == 0 && prctl(PR_GET_PDEATHSIG, &pdeath) == 0 && pdeath == SIGTERM);
  ERR(prctl(0x7777));

  struct sigaction sa = {0}, old;
  sa.sa_handler = SIG_IGN;
  ERR(sigaction(SIGKILL, &sa, NULL));
  ERR(sigaction(SIGSTOP, &sa, NULL));
  ERR(sigaction(0, &sa, NULL));
  ERR(sigaction(SIGUSR1, &sa, &old));
  ERR(sigaction(SIGUSR1, NULL, &old));
  printf("old is SIG_IGN %d\n", old.sa_handler == SIG_IGN);
  ERR(syscall(SYS_rt_sigaction, SIGUSR1, &sa, NULL, 4));
  sigset_t set, oset;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  ERR(sigprocmask(SIG_BLOCK, &set, &oset));
  ERR(syscall(SYS_rt_sigprocmask, 99, &set, NULL, 8));
  ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 16));
  ERR(kill(getpid(), SIGUSR2));
  sigset_t pend;
  sigemptyset(&pend);
  CHECK(sigpending(&pend) == 0);
  printf("USR2 pending %d USR1 pending %d\n", sigismember(&pend, SIGUSR2), sigismember(&pend, SIGUSR1));
  ERR(kill(getpid(), 0));
  ERR(kill(getpid(), 1000));
  ERR(kill(0x7ffffff0, SIGTERM));
  ERR(kill(getpid(), SIGUSR1));
  ERR(syscall(SYS_tgkill, getpid(), getpid(), 0));
  ERR(syscall(SYS_tgkill, getpid(), 0x7ffffff0, 0));
  ERR(syscall(SYS_tgkill, 0, getpid(), 0));
  ERR(kill(getpid(), SIGCHLD));
  stack_t ss = { .ss_sp = buf, .ss_size = 100, .ss_flags = 0 };
  ERR(sigaltstack(&ss, NULL));
  ss.ss_flags = 99;
  ERR(sigaltstack(&ss, NULL));

  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  CHECK(sched_getaffinity(0, sizeof cpus, &cpus) == 0 && CPU_COUNT(&cpus) >= 1);
  ERR(syscall(SYS_sched_getaffinity, 0, 3, &cpus));
  ERR(sched_yield());
  struct rusage ru;
  ERR(getrusage(RUSAGE_SELF, &ru));
  ERR(getrusage(RUSAGE_CHILDREN, &ru));
  ERR(getrusage(5, &ru));
  struct tms tm;
  CHECK(times(&tm) != (clock_t)-1);
  struct sysinfo si;
  CHECK(sysinfo(&si) == 0 && si.totalram > 0 && si.procs >= 1);

  void *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  memset(p, 1, 1 << 20);
  ERR(mprotect(p, 4096, PROT_READ));
  ERR(munmap(p, 1 << 20));
  ERR(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 12345, 0) == MAP_FAILED ? -1 : 0);
  ERR(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
  ERR(munmap((void *)4097, 10));
  int self = open(argv[0], O_RDONLY);
  char *img = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, self, 0);
  CHECK(img != MAP_FAILED && memcmp(img, "\177ELF", 4) == 0);
  char *img2 = mmap(NULL, 4096, PROT_READ, MAP_SHARED, self, 4096);
  CHECK(img2 != MAP_FAILED && memcmp(img2, img + 4096, 64) == 0);
  ERR(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, self, 0) == MAP_FAILED ? -1 : 0);
  ERR(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, self, 0) == MAP_FAILED ? -1 : 0);
  ERR(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, self, 100) == MAP_FAILED ? -1 : 0);
  int dir = open("/", O_RDONLY | O_DIRECTORY);
  ERR(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, dir, 0) == MAP_FAILED ? -1 : 0);
  int wr = open("/dev/null", O_WRONLY);
  ERR(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, wr, 0) == MAP_FAILED ? -1 : 0);
  unsigned char vec[4];
  ERR(mincore(img, 8192, vec));
  ERR(mincore((void *)4096, 4096, vec));
  ERR(msync(img, 4096, MS_SYNC));
  ERR(msync(img, 4096, MS_SYNC | MS_ASYNC));
  ERR(madvise(img, 4096, MADV_DONTNEED));
  ERR(madvise(img, 4096, 12345));
  void *q = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  void *q2 = mremap(q, 8192, 65536, MREMAP_MAYMOVE);
  CHECK(q2 != MAP_FAILED);
  ERR(mremap(q2, 65536, 1 << 20, 0) == MAP_FAILED ? -1 : 0);
  void *b0 = sbrk(0);
  CHECK(brk((char *)b0 + 65536) == 0 && sbrk(0) == (char *)b0 + 65536);
  ERR(syscall(SYS_arch_prctl, 0x9999, 0));
  ERR(syscall(SYS_set_robust_list, (void *)0, 1));
  ERR(syscall(999));
  fflush(stdout);
  fprintf(stderr, "done\n");
  return 7;
}
