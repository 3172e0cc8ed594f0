/* open(2)/creat(2): flags and every error a test can reach. */
#include "guest.h"

int main(void)
{
    put_file("file.txt", "content\n");
    T(mkdir("dir", 0755));
    T(symlink("file.txt", "link"));
    T(symlink("missing", "dangling"));

    int fd = T(open("file.txt", O_RDONLY));
    T(close(fd));
    T(open("new.txt", O_WRONLY | O_CREAT | O_EXCL, 0640));
    T(open("new.txt", O_WRONLY | O_CREAT | O_EXCL, 0640));        /* EEXIST */
    T(open("link", O_WRONLY | O_CREAT | O_EXCL, 0640));           /* EEXIST: symlink not followed */
    T(open("file.txt", O_RDONLY | O_DIRECTORY));                  /* ENOTDIR */
    T(open("dir", O_WRONLY));                                     /* EISDIR */
    T(open("dir", O_RDWR));                                       /* EISDIR */
    T(open("dir", O_RDONLY | O_CREAT, 0644));                     /* EISDIR */
    T(open("link", O_RDONLY | O_NOFOLLOW));                       /* ELOOP */
    T(open("missing.txt", O_RDONLY));                             /* ENOENT */
    T(open("nodir/x", O_RDONLY | O_CREAT, 0644));                 /* ENOENT */
    T(open("dangling", O_RDONLY));                                /* ENOENT */
    T(open("file.txt/x", O_RDONLY));                              /* ENOTDIR */
    T(open("", O_RDONLY));                                        /* ENOENT */

    char longname[300];
    memset(longname, 'n', 299);
    longname[299] = 0;
    T(open(longname, O_RDONLY | O_CREAT, 0644));                  /* ENAMETOOLONG: component */
    static char longpath[5000];
    for (int i = 0; i < 4999; i++) longpath[i] = (i % 2) ? '/' : 'a';
    longpath[4999] = 0;
    T(open(longpath, O_RDONLY));                                  /* ENAMETOOLONG: whole path */

    R("open(BADPTR, O_RDONLY)", SYS_open, (long)BADPTR, O_RDONLY);/* EFAULT */
    R("open(\"file.txt\", bad flags)", SYS_open, (long)"file.txt", O_RDONLY | 0x40000000);

    /* Through a symlink, O_TRUNC and O_APPEND. */
    fd = T(open("link", O_WRONLY | O_TRUNC));
    T(write(fd, "abc", 3));
    T(close(fd));
    fd = T(open("file.txt", O_WRONLY | O_APPEND));
    T(lseek(fd, 0, SEEK_SET));
    T(write(fd, "def", 3));
    T(close(fd));
    char buf[16] = {0};
    fd = T(open("file.txt", O_RDONLY));
    T(read(fd, buf, 15));
    printf("file.txt='%s'\n", buf);

    /* Lowest free descriptor is reused. */
    int a = open("file.txt", O_RDONLY), b = open("file.txt", O_RDONLY);
    close(a);
    int c = open("file.txt", O_RDONLY);
    printf("lowest reused: %s, b>a: %s\n", yesno(c == a), yesno(b > a));

    /* creat() == open(O_CREAT|O_WRONLY|O_TRUNC). */
    fd = T(creat("made.txt", 0600));
    T(write(fd, "x", 1));
    T(read(fd, buf, 1));                                          /* EBADF: write-only */
    T(close(fd));
    T(creat("dir", 0600));                                        /* EISDIR */
    struct stat st;
    T(stat("made.txt", &st));
    printf("made.txt mode=%o size=%ld\n", st.st_mode & 07777, (long)st.st_size);
    T(stat("new.txt", &st));
    printf("new.txt mode=%o\n", st.st_mode & 07777);
    /* O_CLOEXEC shows in F_GETFD. */
    fd = T(open("file.txt", O_RDONLY | O_CLOEXEC));
    T(fcntl(fd, F_GETFD));
    /* O_TMPFILE needs a directory. */
    fd = open(".", O_TMPFILE | O_RDWR, 0600);
    printf("O_TMPFILE on .: %s\n", fd >= 0 ? "ok" : err_name(errno));
    T(open("file.txt", O_TMPFILE | O_RDWR, 0600));                /* ENOTDIR */
    return 0;
}
