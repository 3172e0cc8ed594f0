/* /proc/self/fd and fdinfo: link targets (a file in the cwd, a pipe, /dev/null), opening through
 * the links, fdinfo's pos/flags/mnt_id/ino, seq-file lseek, and writes to read-only files. */
#include "procfs.h"
#include <dirent.h>

static char *target(int fd)
{
    static char buf[4096];
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    long n = readlink(link, buf, sizeof buf - 1);
    if (n < 0) return (char *)err_name(errno);
    buf[n] = 0;
    return buf;
}

static void fdinfo(const char *label, int fd)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    char *s = slurp(path);
    if (!s) { printf("%s fdinfo: %s\n", label, err_name(errno)); return; }
    struct stat st;
    fstat(fd, &st);
    const char *fl = field(s, "flags");
    printf("%s fdinfo: pos %ld flags %.*s mnt_id is a number: %s ino == st_ino: %s first names: %.3s %.5s\n", label,
           field_long(s, "pos"), (int)strcspn(fl, "\n"), fl, yesno(field_long(s, "mnt_id") > 0),
           yesno(field_long(s, "ino") == (long)st.st_ino), s, strchr(s, '\n') + 1);
}

static int listed(int fd)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d) return 0;
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d))) if (atoi(e->d_name) == fd && e->d_name[0] != '.') found = e->d_type == DT_LNK ? 1 : 2;
    closedir(d);
    return found;
}

int main(void)
{
    char cwd[4096], want[4200];
    getcwd(cwd, sizeof cwd);
    put_file("data.txt", "0123456789abcdef\n");
    int f = open("data.txt", O_RDONLY);
    int pfd[2];
    pipe(pfd);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

    snprintf(want, sizeof want, "%s/data.txt", cwd);
    printf("file link is cwd/data.txt: %s\n", yesno(strcmp(target(f), want) == 0));
    char r[64], w[64];
    snprintf(r, sizeof r, "%s", target(pfd[0]));
    snprintf(w, sizeof w, "%s", target(pfd[1]));
    struct stat pst;
    fstat(pfd[0], &pst);
    char pipe_name[64];
    snprintf(pipe_name, sizeof pipe_name, "pipe:[%lu]", (unsigned long)pst.st_ino);
    printf("pipe links: same: %s, pipe:[st_ino]: %s\n", yesno(strcmp(r, w) == 0), yesno(strcmp(r, pipe_name) == 0));
    printf("/dev/null link: %s\n", target(null));
    printf("listed as links: file %d pipe %d %d null %d\n", listed(f), listed(pfd[0]), listed(pfd[1]), listed(null));

    struct stat ls;
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", f);
    lstat(link, &ls);
    printf("fd link mode: %o\n", ls.st_mode & 07777);
    snprintf(link, sizeof link, "/proc/self/fd/%d", pfd[1]);
    lstat(link, &ls);
    printf("write-end link mode: %o\n", ls.st_mode & 07777);
    struct stat fs;
    lstat("/proc/self/fd", &fs);
    printf("fd dir mode: %o\n", fs.st_mode & 07777);

    char buf[64] = {0};
    T(read(f, buf, 3));
    fdinfo("file", f);
    fdinfo("pipe read", pfd[0]);
    fdinfo("pipe write", pfd[1]);
    fdinfo("null (cloexec)", null);

    /* Opening through the link: a new description of the same file, with its own offset. */
    snprintf(link, sizeof link, "/proc/self/fd/%d", f);
    int g = open(link, O_RDONLY);
    memset(buf, 0, sizeof buf);
    T(read(g, buf, 4));
    printf("read through link: %s\n", buf);
    close(g);
    snprintf(link, sizeof link, "/proc/self/fd/%d", pfd[1]);
    int pw = open(link, O_WRONLY);
    T(write(pw, "via-proc", 8));
    close(pw);
    memset(buf, 0, sizeof buf);
    T(read(pfd[0], buf, sizeof buf - 1));
    printf("pipe got: %s\n", buf);
    fdinfo("dir", open("/proc/self", O_RDONLY | O_DIRECTORY));

    /* seq files: lseek from the start and the current position; SEEK_END is refused. */
    int s = open("/proc/self/status", O_RDONLY);
    T(lseek(s, 0, SEEK_END));
    T(lseek(s, 6, SEEK_SET));
    memset(buf, 0, sizeof buf);
    T(read(s, buf, 8));
    printf("status at 6: [%s]\n", buf);
    T(lseek(s, 0, SEEK_CUR));
    T(lseek(s, -100, SEEK_CUR));
    T(write(s, "x", 1));
    close(s);
    s = open("/proc/self/status", O_WRONLY);
    if (s < 0) printf("open status O_WRONLY: %s\n", err_name(errno));
    else T(write(s, "x", 1));
    s = open("/proc/self/stat", O_RDWR);
    if (s < 0) printf("open stat O_RDWR: %s\n", err_name(errno));
    else T(write(s, "x", 1));
    T(open("/proc/self/fd/999", O_RDONLY));
    T(readlink("/proc/self/fd/999", buf, sizeof buf));
    T(open("/proc/self/fdinfo/999", O_RDONLY));
    T(unlink("/proc/self/status"));
    return 0;
}
