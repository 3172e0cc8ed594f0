/* lseek(2) on a pipe is ESPIPE; pread/pwrite too. */
#include "guest.h"

int main(void)
{
    int p[2];
    T(pipe(p));
    T(write(p[1], "hi", 2));
    T(lseek(p[0], 0, SEEK_SET));
    T(lseek(p[1], 0, SEEK_CUR));
    char b[4];
    T(pread(p[0], b, 1, 0));
    T(pwrite(p[1], b, 1, 0));
    T(read(p[0], b, 4));
    T(fcntl(p[0], F_GETFL) & O_ACCMODE);
    T(fcntl(p[1], F_GETFL) & O_ACCMODE);
    T(write(p[0], "x", 1));      /* EBADF: read end */
    struct stat st;
    T(fstat(p[0], &st));
    printf("type=%s\n", type_name(st.st_mode));
    return 0;
}
