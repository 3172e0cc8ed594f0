/* Interrupted calls: a pipe read interrupted by a timer fails with EINTR, or restarts with
 * SA_RESTART; nanosleep reports the remaining time; a signal with no handler (SIGCONT) restarts. */
#include "guest.h"
#include <signal.h>
#include <time.h>
#include <sys/time.h>
#include <sys/wait.h>

static volatile int alarms;
static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

static void arm(long ms)
{
    struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    int p[2];
    pipe(p);
    char buf[16];

    arm(50);
    errno = 0;
    ssize_t n = read(p[0], buf, sizeof buf);
    printf("read without SA_RESTART: %zd %s alarms %d\n", n, err_name(errno), alarms);

    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    pid_t c = fork();
    if (c == 0) {
        struct timespec d = {0, 500 * 1000 * 1000};
        nanosleep(&d, NULL);
        write(p[1], "hello", 5);
        _exit(0);
    }
    arm(50);
    n = read(p[0], buf, sizeof buf);
    printf("read with SA_RESTART: %zd alarms %d\n", n, alarms);
    waitpid(c, NULL, 0);

    /* nanosleep: interrupted, remaining time reported */
    sa.sa_flags = 0;
    sigaction(SIGALRM, &sa, NULL);
    arm(100);
    struct timespec req = {2, 0}, rem = {0, 0};
    errno = 0;
    int r = nanosleep(&req, &rem);
    long remms = rem.tv_sec * 1000 + rem.tv_nsec / 1000000;
    printf("nanosleep %d %s remaining in (1000,1990): %d\n", r, err_name(errno), remms > 1000 && remms < 1990);
    arm(100);
    rem.tv_sec = rem.tv_nsec = 0;
    r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
    remms = rem.tv_sec * 1000 + rem.tv_nsec / 1000000;
    printf("clock_nanosleep %d remaining in (1000,1990): %d\n", r, remms > 1000 && remms < 1990);

    /* getitimer / setitimer old value */
    struct itimerval it = {{1, 0}, {10, 0}}, old;
    setitimer(ITIMER_REAL, &it, NULL);
    getitimer(ITIMER_REAL, &old);
    printf("getitimer interval %ld value in (9,10]: %d\n", (long)old.it_interval.tv_sec,
           old.it_value.tv_sec == 9 || (old.it_value.tv_sec == 10 && old.it_value.tv_usec == 0));
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, &old);
    getitimer(ITIMER_REAL, &it);
    printf("disarmed %ld %ld\n", (long)it.it_value.tv_sec, (long)it.it_value.tv_usec);
    it.it_value.tv_usec = 2000000;
    errno = 0;
    printf("bad usec %d %s\n", setitimer(ITIMER_REAL, &it, NULL), err_name(errno));

    /* a periodic timer fires repeatedly */
    alarms = 0;
    struct itimerval per = {{0, 20000}, {0, 20000}};
    setitimer(ITIMER_REAL, &per, NULL);
    while (alarms < 3) pause();
    memset(&per, 0, sizeof per);
    setitimer(ITIMER_REAL, &per, NULL);
    printf("periodic alarms %d\n", alarms);

    /* a stop/continue of a sleeping child: its sleep goes on, not EINTR */
    c = fork();
    if (c == 0) {
        struct timespec d = {0, 700 * 1000 * 1000};
        int rr = nanosleep(&d, NULL);
        printf("child nanosleep %d\n", rr);
        _exit(0);
    }
    struct timespec d = {0, 50 * 1000 * 1000};
    nanosleep(&d, NULL);
    kill(c, SIGSTOP);
    int st;
    waitpid(c, &st, WUNTRACED);
    printf("child stopped %d by %d\n", WIFSTOPPED(st), WSTOPSIG(st));
    kill(c, SIGCONT);
    waitpid(c, &st, 0);
    printf("child exit %d\n", WEXITSTATUS(st));
    return 0;
}
