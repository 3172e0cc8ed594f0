/* Coverage: flag validation and the special names ".", "..", "/" for the creating, removing and
 * renaming calls (EINVAL, EBUSY, EEXIST, ENOTEMPTY, EISDIR, ENOTDIR per the man pages). */
#include "guest.h"

#ifndef SYS_renameat2
#define SYS_renameat2 316
#endif
#ifndef SYS_statx
#define SYS_statx 332
#endif
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4
#endif

static char buf[512];

int main(void)
{
    put_file("file", "x");
    T(mkdir("dir", 0755));
    T(mkdir("dir/sub", 0755));
    T(mkdir("empty", 0755));
    long B = (long)buf;
    /* open flags. */
    R("open(dir, O_TMPFILE|O_RDONLY)", SYS_open, (long)"dir", O_TMPFILE | O_RDONLY, 0600);
    R("open(new, O_CREAT|O_DIRECTORY)", SYS_open, (long)"new", O_CREAT | O_DIRECTORY | O_RDONLY, 0600);
    R("open(file, O_WRONLY|O_RDWR)", SYS_open, (long)"file", 3);
    int three = (int)RAW(SYS_open, (long)"file", 3);
    R("read(accmode-3 fd)", SYS_read, three, B, 1);
    R("write(accmode-3 fd)", SYS_write, three, B, 1);
    R("fcntl(accmode-3 fd, F_GETFL) & 3", SYS_fcntl, three, F_GETFL) ;
    R("open(dir, accmode 3)", SYS_open, (long)"dir", 3);
    R("open(dir, O_PATH|O_WRONLY)", SYS_open, (long)"dir", O_PATH | O_WRONLY);
    R("openat(file fd, \"\", O_RDONLY)", SYS_openat, RAW(SYS_open, (long)"file", O_RDONLY), (long)"", O_RDONLY);
    /* *at flags. */
    R("unlinkat(bad flags)", SYS_unlinkat, AT_FDCWD, (long)"file", 0x1);
    R("unlinkat(file, AT_REMOVEDIR)", SYS_unlinkat, AT_FDCWD, (long)"file", AT_REMOVEDIR);
    R("unlinkat(dir, AT_REMOVEDIR)", SYS_unlinkat, AT_FDCWD, (long)"dir", AT_REMOVEDIR);
    R("unlinkat(dir, 0)", SYS_unlinkat, AT_FDCWD, (long)"dir", 0);
    R("linkat(bad flags)", SYS_linkat, AT_FDCWD, (long)"file", AT_FDCWD, (long)"l1", 0x1);
    R("fchownat(bad flags)", SYS_fchownat, AT_FDCWD, (long)"file", -1, -1, 0x1);
    R("newfstatat(bad flags)", SYS_newfstatat, AT_FDCWD, (long)"file", B, 0x1);
    R("statx(bad flags)", SYS_statx, AT_FDCWD, (long)"file", 0x1, 0x7ff, B);
    R("statx(both sync types)", SYS_statx, AT_FDCWD, (long)"file", 0x6000, 0x7ff, B);
    R("statx(reserved mask bit)", SYS_statx, AT_FDCWD, (long)"file", 0, 0x80000000, B);
    R("renameat2(EXCHANGE|NOREPLACE)", SYS_renameat2, AT_FDCWD, (long)"file", AT_FDCWD, (long)"f2", RENAME_EXCHANGE | RENAME_NOREPLACE);
    R("renameat2(bad flag 8)", SYS_renameat2, AT_FDCWD, (long)"file", AT_FDCWD, (long)"f2", 8);
    R("renameat2(EXCHANGE, missing target)", SYS_renameat2, AT_FDCWD, (long)"file", AT_FDCWD, (long)"nothere", RENAME_EXCHANGE);
    R("renameat2(NOREPLACE, existing)", SYS_renameat2, AT_FDCWD, (long)"file", AT_FDCWD, (long)"dir", RENAME_NOREPLACE);
    R("readlink(bufsiz 0)", SYS_readlink, (long)"file", B, 0);
    R("readlink(bufsiz -1)", SYS_readlink, (long)"file", B, -1);
    /* Special names. */
    R("rmdir(\".\")", SYS_rmdir, (long)".");
    R("rmdir(\"empty/.\")", SYS_rmdir, (long)"empty/.");
    R("rmdir(\"..\")", SYS_rmdir, (long)"..");
    R("rmdir(\"empty/..\")", SYS_rmdir, (long)"empty/..");
    R("rmdir(\"/\")", SYS_rmdir, (long)"/");
    R("mkdir(\"/\")", SYS_mkdir, (long)"/", 0755);
    R("mkdir(\".\")", SYS_mkdir, (long)".", 0755);
    R("mkdir(\"..\")", SYS_mkdir, (long)"..", 0755);
    R("mkdir(\"new/\")", SYS_mkdir, (long)"new/", 0755);
    R("rmdir(\"new/\")", SYS_rmdir, (long)"new/");
    R("unlink(\".\")", SYS_unlink, (long)".");
    R("unlink(\"/\")", SYS_unlink, (long)"/");
    R("unlink(\"dir/\")", SYS_unlink, (long)"dir/");
    R("rename(\".\", \"x\")", SYS_rename, (long)".", (long)"x");
    R("rename(\"x\", \".\")", SYS_rename, (long)"file", (long)".");
    R("rename(\"dir\", \"..\")", SYS_rename, (long)"dir", (long)"..");
    R("rename(\"dir\", \"dir/sub/in\")", SYS_rename, (long)"dir", (long)"dir/sub/in");
    R("rename(\"dir\", \"dir\")", SYS_rename, (long)"dir", (long)"dir");
    R("rename(\"file\", \"file\")", SYS_rename, (long)"file", (long)"file");
    R("rename(\"dir\", \"empty\") (empty target ok)", SYS_rename, (long)"dir", (long)"empty");
    R("rename(\"empty\", \"file\")", SYS_rename, (long)"empty", (long)"file");
    R("rename(\"file\", \"empty\")", SYS_rename, (long)"file", (long)"empty");
    R("rename(\"file\", \"file2/\")", SYS_rename, (long)"file", (long)"file2/");
    R("link(\"file\", \"file2/\")", SYS_link, (long)"file", (long)"file2/");
    R("link(\".\", \"x\")", SYS_link, (long)".", (long)"x");
    R("symlink(\"t\", \"s/\")", SYS_symlink, (long)"t", (long)"s/");
    R("symlink(\"t\", \".\")", SYS_symlink, (long)"t", (long)".");
    R("creat(\"x/\")", SYS_creat, (long)"x/", 0644);
    R("open(\".\", O_CREAT)", SYS_open, (long)".", O_CREAT | O_RDONLY, 0644);
    R("open(\"file/.\")", SYS_open, (long)"file/.", O_RDONLY);
    R("open(\"empty/..\", O_RDONLY)", SYS_open, (long)"empty/..", O_RDONLY);
    R("chdir(\"file/..\")", SYS_chdir, (long)"file/..");
    return 0;
}
