/* mmap(2), munmap(2), mprotect(2): success and the EINVAL/EEXIST/EBADF/ENOMEM/EACCES paths. */
#include "guest.h"
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#define PG 4096L

static void emap(const char *what, void *p) { printf("%s = %s\n", what, p == MAP_FAILED ? err_name(errno) : "mapped"); }

int main(void)
{
    char *a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    emap("anon 4 pages", a);
    printf("page aligned: %s zeroed: %s\n", yesno(((long)a & (PG - 1)) == 0), yesno(a[0] == 0 && a[4 * PG - 1] == 0));
    memset(a, 7, 4 * PG);
    errno = 0;
    emap("len 0", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    emap("no private/shared", mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0));
    emap("both private and shared", mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_SHARED | MAP_ANONYMOUS, -1, 0));
    emap("fixed unaligned", mmap(a + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    emap("file offset unaligned", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 0, 100));
    emap("bad fd", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 77, 0));
    errno = 0;
    void *q = mmap(a + PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    emap("fixed_noreplace over existing", q);
    char *f = mmap(a + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED replaces at same address: %s, new page zero: %s, neighbours kept: %s\n",
           yesno(f == a + PG), yesno(f[0] == 0), yesno(a[0] == 7 && a[2 * PG] == 7));

    T(munmap(a + 2 * PG, PG));
    char *h = mmap(a + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("fixed_noreplace into the hole: %s\n", h == a + 2 * PG ? "same address" : err_name(errno));
    T(munmap(a + 1, PG));               /* EINVAL */
    T(munmap(a, 0));                    /* EINVAL */
    T(munmap(a + 2 * PG, PG));
    T(munmap(a + 2 * PG, PG));          /* unmapping nothing is fine */

    T(mprotect(a, PG, PROT_READ));
    printf("still readable: %d\n", a[0]);
    T(mprotect(a + 3, PG, PROT_READ));  /* EINVAL */
    T(mprotect(a + 2 * PG, PG, PROT_READ)); /* ENOMEM: a hole */
    T(mprotect(a, PG, 0x100));          /* EINVAL: bad prot */
    T(mprotect(a, PG, PROT_READ | PROT_WRITE));
    a[1] = 9;
    printf("writable again: %d\n", a[1]);

    /* Private file mapping sees the file; writes stay private. */
    put_file("m.txt", "mapped file contents\n");
    int fd = open("m.txt", O_RDWR);
    char *m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    emap("private file", m);
    printf("contents: %.20s, tail zero: %s\n", m, yesno(m[21] == 0 && m[PG - 1] == 0));
    m[0] = 'M';
    char buf[8] = {0};
    pread(fd, buf, 6, 0);
    printf("file after private write: %s\n", buf);
    /* Shared file mapping writes through. */
    char *s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    emap("shared file", s);
    s[0] = 'S';
    pread(fd, buf, 6, 0);
    printf("file after shared write: %s\n", buf);
    pwrite(fd, "W", 1, 1);
    printf("mapping after pwrite: %.6s\n", s);
    T(msync(s, PG, MS_SYNC));
    int ro = open("m.txt", O_RDONLY);
    emap("shared writable on O_RDONLY", mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0));
    emap("private writable on O_RDONLY", mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0));
    int wo = open("m.txt", O_WRONLY);
    emap("read map on O_WRONLY", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wo, 0));
    int dir = open(".", O_RDONLY);
    emap("map a directory", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, dir, 0));
    /* Shared anonymous memory. */
    char *sa = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    emap("shared anon", sa);
    sa[5] = 5;
    printf("shared anon value=%d\n", sa[5]);
    /* A hint address that is free is honoured. */
    char *hint = (char *)0x200000000000L;
    char *hh = mmap(hint, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("free hint honoured: %s\n", yesno(hh == hint));
    /* Kernel half is refused. */
    emap("fixed in kernel half", mmap((void *)0xffff800000000000UL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    emap("too large", mmap(NULL, 1UL << 62, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    return 0;
}
