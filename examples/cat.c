/* cat: copy files (or stdin) to stdout with open/read/write/close, reporting errors like cat does. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static int put(int fd, const char *s) { return (int)write(fd, s, strlen(s)); }

static int copy(int in, const char *name)
{
    char buf[65536];
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n == 0) return 0;
        if (n < 0) {
            if (errno == EINTR) continue;
            put(2, "cat: "); put(2, name); put(2, ": "); put(2, strerror(errno)); put(2, "\n");
            return 1;
        }
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(1, buf + off, (size_t)(n - off));
            if (w < 0) { if (errno == EINTR) continue; return 1; }
            off += w;
        }
    }
}

int main(int argc, char **argv)
{
    int status = 0;
    if (argc < 2) return copy(0, "-");
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) { status |= copy(0, "-"); continue; }
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            put(2, "cat: "); put(2, argv[i]); put(2, ": "); put(2, strerror(errno)); put(2, "\n");
            status = 1;
            continue;
        }
        status |= copy(fd, argv[i]);
        close(fd);
    }
    return status;
}
