/* sysgate's own /dev: null, zero, full, random, urandom, and /dev/fd. */
#include "guest.h"
#include <sys/sysmacros.h>

int main(void)
{
    char buf[64];
    struct stat st;
    int null = T(open("/dev/null", O_RDWR));
    T(write(null, "discarded", 9));
    T(read(null, buf, sizeof buf));                 /* EOF at once */
    T(fstat(null, &st));
    printf("/dev/null chardev: %s rdev=%u:%u\n", yesno(S_ISCHR(st.st_mode)), major(st.st_rdev), minor(st.st_rdev));
    int zero = T(open("/dev/zero", O_RDONLY));
    memset(buf, 'x', sizeof buf);
    T(read(zero, buf, sizeof buf));
    int allzero = 1;
    for (size_t i = 0; i < sizeof buf; i++) allzero &= buf[i] == 0;
    printf("/dev/zero gives zeros: %s\n", yesno(allzero));
    fstat(zero, &st);
    printf("/dev/zero rdev=%u:%u\n", major(st.st_rdev), minor(st.st_rdev));
    int full = T(open("/dev/full", O_WRONLY));
    T(write(full, "x", 1));                         /* ENOSPC */
    int fr = T(open("/dev/full", O_RDONLY));
    T(read(fr, buf, 8));                            /* reads zeros */
    int ur = T(open("/dev/urandom", O_RDONLY));
    unsigned char a[32], b[32];
    T(read(ur, a, sizeof a));
    T(read(ur, b, sizeof b));
    printf("urandom draws differ: %s\n", yesno(memcmp(a, b, sizeof a) != 0));
    int r = T(open("/dev/random", O_RDONLY));
    T(read(r, a, 16));
    fstat(ur, &st);
    printf("/dev/urandom rdev=%u:%u\n", major(st.st_rdev), minor(st.st_rdev));
    T(lseek(null, 100, SEEK_SET));
    T(lseek(zero, 100, SEEK_SET));
    /* /dev/fd/N reopens descriptor N. */
    put_file("f.txt", "through /dev/fd\n");
    int f = T(open("f.txt", O_RDONLY));
    char path[32];
    snprintf(path, sizeof path, "/dev/fd/%d", f);
    int again = open(path, O_RDONLY);
    printf("open /dev/fd/N: %s\n", again >= 0 ? "ok" : err_name(errno));
    memset(buf, 0, sizeof buf);
    if (again >= 0) read(again, buf, sizeof buf - 1);
    printf("content: %s", buf);
    T(access("/dev/stdin", F_OK));
    T(access("/dev/stdout", F_OK));
    T(open("/dev/does-not-exist", O_RDONLY));       /* ENOENT */
    T(stat("/dev", &st));
    printf("/dev is a dir: %s\n", yesno(S_ISDIR(st.st_mode)));
    return 0;
}
