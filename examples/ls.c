/* ls: list a directory with getdents64(2) and fstatat(2): type, mode, size, name, sorted by name. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

struct entry { char *name; struct stat st; };

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static char type_char(mode_t m)
{
    return S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b' : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : ".";
    int dir = open(path, O_RDONLY | O_DIRECTORY);
    if (dir < 0) { fprintf(stderr, "ls: %s: %s\n", path, strerror(errno)); return 1; }
    size_t cap = 64, n = 0;
    struct entry *ents = malloc(cap * sizeof *ents);
    char buf[8192] __attribute__((aligned(8)));
    for (;;) {
        long got = syscall(SYS_getdents64, dir, buf, sizeof buf);
        if (got < 0) { fprintf(stderr, "ls: getdents64: %s\n", strerror(errno)); return 1; }
        if (got == 0) break;
        for (long off = 0; off < got;) {
            unsigned short reclen = *(unsigned short *)(buf + off + 16);
            const char *name = buf + off + 19;
            off += reclen;
            if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
            if (n == cap) ents = realloc(ents, (cap *= 2) * sizeof *ents);
            ents[n].name = strdup(name);
            if (fstatat(dir, name, &ents[n].st, AT_SYMLINK_NOFOLLOW) != 0) memset(&ents[n].st, 0, sizeof ents[n].st);
            n++;
        }
    }
    qsort(ents, n, sizeof *ents, by_name);
    for (size_t i = 0; i < n; i++) {
        mode_t m = ents[i].st.st_mode;
        char perms[10];
        const char *rwx = "rwxrwxrwx";
        for (int b = 0; b < 9; b++) perms[b] = (m & (0400 >> b)) ? rwx[b] : '-';
        perms[9] = 0;
        printf("%c%s %10lld %s", type_char(m), perms, (long long)ents[i].st.st_size, ents[i].name);
        if (S_ISLNK(m)) {
            char target[4096];
            ssize_t len = readlinkat(dir, ents[i].name, target, sizeof target - 1);
            if (len >= 0) { target[len] = 0; printf(" -> %s", target); }
        }
        putchar('\n');
    }
    close(dir);
    return 0;
}
