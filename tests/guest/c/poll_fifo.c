/* FIFOs: mkfifo/mknod, open rules (blocking, O_NONBLOCK, ENXIO, O_RDWR), data and EOF between processes. */
#include "guest.h"
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <poll.h>

static int pmask(int fd)
{
    struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
    poll(&p, 1, 0);
    return p.revents;
}

int main(void)
{
    unlink("fifo1");
    unlink("fifo2");
    umask(022);
    T(mkfifo("fifo1", 0666));
    T(mkfifo("fifo1", 0666));
    struct stat st;
    stat("fifo1", &st);
    printf("type %s mode %o size %ld\n", type_name(st.st_mode), st.st_mode & 07777, (long)st.st_size);
    T(mknod("fifo2", S_IFIFO | 0600, 0));
    lstat("fifo2", &st);
    printf("mknod type %s mode %o\n", type_name(st.st_mode), st.st_mode & 07777);

    T(open("fifo1", O_WRONLY | O_NONBLOCK));
    int r = T(open("fifo1", O_RDONLY | O_NONBLOCK));
    char buf[64];
    T(read(r, buf, sizeof buf));
    printf("reader alone: %#x\n", pmask(r));
    int w = T(open("fifo1", O_WRONLY | O_NONBLOCK));
    printf("reader with writer: %#x writer %#x\n", pmask(r), pmask(w));
    T(write(w, "abc", 3));
    printf("reader with data: %#x\n", pmask(r));
    T(read(r, buf, sizeof buf));
    fstat(w, &st);
    printf("fstat type %s\n", type_name(st.st_mode));
    T(lseek(w, 0, SEEK_SET));
    close(w);
    printf("writer gone: %#x\n", pmask(r));
    T(read(r, buf, sizeof buf));
    close(r);

    /* A reopened FIFO starts empty. */
    int rw = T(open("fifo1", O_RDWR));
    T(write(rw, "xyz", 3));
    close(rw);
    rw = T(open("fifo1", O_RDWR | O_NONBLOCK));
    T(read(rw, buf, sizeof buf));
    close(rw);

    /* Blocking opens: the child writes, the parent reads to EOF. */
    fflush(stdout);
    pid_t kid = fork();
    if (kid == 0) {
        int fd = open("fifo1", O_WRONLY);
        for (int i = 0; i < 3; i++) {
            char m[32];
            int n = snprintf(m, sizeof m, "line %d\n", i);
            write(fd, m, n);
            usleep(5000);
        }
        _exit(0);
    }
    usleep(20000);
    r = T(open("fifo1", O_RDONLY));
    long total = 0;
    ssize_t n;
    while ((n = read(r, buf, sizeof buf)) > 0) {
        fwrite(buf, 1, n, stdout);
        total += n;
    }
    printf("total %ld, eof %zd\n", total, n);
    close(r);
    waitpid(kid, NULL, 0);

    /* The other way: the parent waits in open for a reader. */
    fflush(stdout);
    kid = fork();
    if (kid == 0) {
        usleep(20000);
        int fd = open("fifo2", O_RDONLY);
        char b[16];
        ssize_t k = read(fd, b, sizeof b);
        printf("child read %zd: %.*s\n", k, (int)(k > 0 ? k : 0), b);
        fflush(stdout);
        _exit(0);
    }
    w = open("fifo2", O_WRONLY);
    long wn = write(w, "ping", 4);
    close(w);
    waitpid(kid, NULL, 0);
    printf("parent: open %s, wrote %ld\n", yesno(w >= 0), wn);

    /* Writing after the reader is gone: EPIPE (SIGPIPE ignored). */
    signal(SIGPIPE, SIG_IGN);
    rw = open("fifo2", O_RDWR);
    w = open("fifo2", O_WRONLY);
    close(rw);
    T(write(w, "x", 1));
    close(w);
    T(unlink("fifo1"));
    T(unlink("fifo2"));
    return 0;
}
