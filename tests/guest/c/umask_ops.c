/* umask(2) and how it shapes created modes. */
#include "guest.h"

static void mode(const char *p) { struct stat st; stat(p, &st); printf("  %s mode=%o\n", p, st.st_mode & 07777); }

int main(void)
{
    mode_t old = umask(077);
    printf("initial umask=%o\n", old);
    T(umask(022));
    T(umask(0777 | 07000));
    T(umask(0));
    T(umask(0));
    umask(022);
    put_file("a", ""); mode("a");
    T(creat("b", 0777)); mode("b");
    T(mkdir("c", 0777)); mode("c");
    umask(0);
    T(creat("e", 0777)); mode("e");
    T(mkdir("f", 01777)); mode("f");
    umask(0277);
    T(open("g", O_CREAT | O_RDWR, 0666)); mode("g");
    T(mkdirat(AT_FDCWD, "h", 0777)); mode("h");
    return 0;
}
