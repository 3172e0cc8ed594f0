/*
 * What a program sees of the descriptors it was started with: fds 0, 1, 2 and 9, whatever the
 * caller made of them (pipes in the differential suite; /dev/null, files, `2>&1` and `9>>FILE`
 * in tests/cli/fds.test.ts). Prints only what is the same from run to run: the kind of file, a
 * device's numbers, the access mode and O_APPEND, lseek's answer, the /proc/self/fd name without
 * the inode number of a pipe. Then it writes to 1, 2 and 9 in turns (with `>out 2>&1` the lines
 * must interleave in one file) and reads three bytes of stdin.
 */
#include "guest.h"
#include <sys/sysmacros.h>

static void describe(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        printf("fd %d: fstat -1 %s\n", fd, err_name(errno));
        return;
    }
    char kind[48];
    switch (st.st_mode & S_IFMT) {
    case S_IFREG: snprintf(kind, sizeof kind, "file"); break;
    case S_IFIFO: snprintf(kind, sizeof kind, "fifo"); break;
    case S_IFSOCK: snprintf(kind, sizeof kind, "socket"); break;
    case S_IFDIR: snprintf(kind, sizeof kind, "dir"); break;
    case S_IFCHR:
        snprintf(kind, sizeof kind, "char %u:%u", major(st.st_rdev), minor(st.st_rdev));
        break;
    default: snprintf(kind, sizeof kind, "other"); break;
    }
    int fl = fcntl(fd, F_GETFL);
    const char *acc = (fl & O_ACCMODE) == O_RDONLY ? "r" : (fl & O_ACCMODE) == O_WRONLY ? "w" : "rw";
    errno = 0;
    off_t pos = lseek(fd, 0, SEEK_CUR);
    char at[32];
    if (pos < 0) snprintf(at, sizeof at, "%s", err_name(errno));
    else snprintf(at, sizeof at, "%lld", (long long)pos);
    char link[256], path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(path, link, sizeof link - 1);
    if (n < 0) n = 0;
    link[n] = 0;
    /* a pipe's or socket's inode number differs between runs; a file's directory too */
    char *br = strchr(link, '[');
    if (br) br[1] = 0;
    const char *slash = strrchr(link, '/');
    const char *name = (br || !slash || strncmp(link, "/dev/", 5) == 0) ? link : slash + 1;
    printf("fd %d: %s %s%s cloexec=%d pos=%s name=%s\n", fd, kind, acc, (fl & O_APPEND) ? " append" : "",
           fcntl(fd, F_GETFD) & FD_CLOEXEC, at, name);
}

static void say(int fd, const char *text)
{
    errno = 0;
    ssize_t r = write(fd, text, strlen(text));
    if (fd != 1 && fd != 2) printf("write(%d) = %ld %s\n", fd, (long)r, r < 0 ? err_name(errno) : "");
}

int main(void)
{
    describe(0);
    describe(1);
    describe(2);
    describe(9);
    say(1, "one (stdout)\n");
    say(2, "two (stderr)\n");
    say(1, "three (stdout)\n");
    say(9, "nine\n");
    say(2, "four (stderr)\n");
    char b[4] = {0};
    errno = 0;
    ssize_t r = read(0, b, 3);
    printf("read(0) = %ld %s \"%s\"\n", (long)r, r < 0 ? err_name(errno) : "", r > 0 ? b : "");
    describe(1);
    return 0;
}
