/* getdents64(2) and readdir(3): a sorted listing of a directory we build. */
#include "guest.h"
#include <dirent.h>

struct ent { char name[256]; unsigned char type; };
static int cmp(const void *a, const void *b) { return strcmp(((const struct ent *)a)->name, ((const struct ent *)b)->name); }
static const char *dt(unsigned char t)
{
    switch (t) { case DT_REG: return "reg"; case DT_DIR: return "dir"; case DT_LNK: return "lnk"; case DT_UNKNOWN: return "unknown"; default: return "other"; }
}

int main(void)
{
    T(mkdir("list", 0755));
    char name[64];
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "list/file-%02d-%.*s", i, i, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
        put_file(name, "x");
    }
    T(mkdir("list/subdir", 0755));
    T(symlink("file-00-", "list/link"));

    int fd = T(open("list", O_RDONLY | O_DIRECTORY));
    static struct ent ents[100];
    int count = 0, calls = 0;
    char buf[512] __attribute__((aligned(8)));
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n < 0) { printf("getdents64 error %s\n", err_name(errno)); return 1; }
        if (n == 0) break;
        calls++;
        for (long off = 0; off < n;) {
            unsigned short reclen = *(unsigned short *)(buf + off + 16);
            unsigned char type = *(unsigned char *)(buf + off + 18);
            const char *nm = buf + off + 19;
            if (reclen % 8 != 0) printf("reclen not aligned\n");
            if (count < 100) { snprintf(ents[count].name, 256, "%s", nm); ents[count].type = type; count++; }
            off += reclen;
        }
    }
    printf("entries=%d, needed more than one call: %s\n", count, yesno(calls > 1));
    qsort(ents, count, sizeof ents[0], cmp);
    for (int i = 0; i < count; i++) printf("  %s %s\n", dt(ents[i].type), ents[i].name);
    T(syscall(SYS_getdents64, fd, buf, sizeof buf)); /* at end: 0 */
    T(lseek(fd, 0, SEEK_SET));
    long n = T(syscall(SYS_getdents64, fd, buf, 8));  /* EINVAL: too small */
    (void)n;
    T(syscall(SYS_getdents64, 99, buf, sizeof buf));  /* EBADF */
    int f = T(open("list/link", O_RDONLY));
    T(syscall(SYS_getdents64, f, buf, sizeof buf));    /* ENOTDIR */
    R("getdents64(fd, BADPTR)", SYS_getdents64, fd, (long)BADPTR, 4096);

    /* readdir(3) sees the same set. */
    DIR *dir = opendir("list");
    int seen = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) seen++;
    closedir(dir);
    printf("readdir saw %d\n", seen);
    T(opendir("missing") == NULL);
    printf("opendir missing errno=%s\n", err_name(errno));
    return 0;
}
