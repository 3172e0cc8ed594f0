/* Coverage: EACCES and EPERM. Root bypasses these checks, so when started as root (CI) the
 * program sets up its fixtures first and then drops to uid/gid 65534; started unprivileged it
 * prints a note and skips (the fixtures could not be given to another owner). */
#include "guest.h"
#include <dirent.h>

#ifndef SYS_statx
#define SYS_statx 332
#endif
#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif

static char buf[512];

int main(void)
{
    if (geteuid() != 0) {
        printf("not started as root: EACCES/EPERM fixtures need root to set up, skipped\n");
        return 0;
    }
    umask(022);
    put_file("secret", "root only\n");
    chmod("secret", 0600);
    put_file("public", "everyone reads\n");
    chmod("public", 0644);
    T(mkdir("locked", 0700));
    put_file("locked/inner", "hidden\n");
    T(symlink("target", "locked/link"));
    T(mkdir("open", 0777));
    T(chmod("open", 0777));
    put_file("open/theirs", "root's file in a world-writable dir\n");
    T(mkdir("sticky", 01777));
    T(chmod("sticky", 01777));
    put_file("sticky/theirs", "root's file in a sticky dir\n");
    T(chmod(".", 0755));
    int keep = T(open("public", O_RDONLY));
    int lockedfd = T(open("locked", O_RDONLY | O_DIRECTORY));

    T(setresgid(65534, 65534, 65534));
    T(setresuid(65534, 65534, 65534));
    printf("unprivileged now: %s\n", yesno(geteuid() != 0));

    /* open/creat: read, write and search rights, creation in a directory we cannot write. */
    T(open("secret", O_RDONLY));
    T(open("public", O_WRONLY));
    T(open("public", O_RDWR));
    T(open("public", O_RDONLY | O_TRUNC));
    T(open("locked/inner", O_RDONLY));
    T(open("locked", O_RDONLY | O_DIRECTORY));
    T(open("new", O_WRONLY | O_CREAT, 0644));
    T(openat(AT_FDCWD, "new", O_WRONLY | O_CREAT, 0644));
    T(creat("new", 0644));
    T(open("public", O_RDONLY | O_NOATIME));                   /* EPERM: not the owner */
    int fd = T(open("public", O_RDONLY));
    T(close(fd));
    /* stat family: search permission on the way. */
    struct stat st;
    T(stat("locked/inner", &st));
    T(lstat("locked/inner", &st));
    T(fstatat(AT_FDCWD, "locked/inner", &st, 0));
    R("statx(locked/inner)", SYS_statx, AT_FDCWD, (long)"locked/inner", 0, 0x7ff, (long)buf);
    T(stat("locked", &st));
    printf("locked mode=%o uid=%d\n", st.st_mode & 07777, (int)st.st_uid);
    T(readlink("locked/link", buf, sizeof buf));
    /* access family. */
    T(access("public", R_OK));
    T(access("public", W_OK));
    T(access("secret", R_OK));
    T(access("locked/inner", F_OK));
    T(faccessat(AT_FDCWD, "public", W_OK, AT_EACCESS));
    R("faccessat2(public, W_OK, 0)", SYS_faccessat2, AT_FDCWD, (long)"public", W_OK, 0);
    /* Directories. */
    T(chdir("locked"));
    T(mkdir("newdir", 0755));
    T(mkdir("locked/newdir", 0755));
    T(rmdir("locked"));
    T(unlink("public"));
    T(unlink("locked/inner"));
    T(rename("public", "renamed"));
    T(rename("open/theirs", "open/mine"));                    /* ok: world-writable dir */
    T(rename("sticky/theirs", "sticky/mine"));                /* EPERM: sticky, not owner */
    T(unlink("sticky/theirs"));                               /* EPERM: sticky, not owner */
    T(symlink("target", "newlink"));
    /* (link(2)'s EPERM for others' files depends on the host's fs.protected_hardlinks: not tested.) */
    /* Search permission through a held descriptor and through a path, for the *at family. */
    T(fchdir(lockedfd));                                      /* EACCES: no x on it for us */
    T(openat(lockedfd, "inner", O_RDONLY));
    T(mkdirat(lockedfd, "sub", 0755));
    T(unlinkat(lockedfd, "inner", 0));
    T(renameat(lockedfd, "inner", AT_FDCWD, "open/x"));
    T(linkat(lockedfd, "inner", AT_FDCWD, "open/x", 0));
    T(symlinkat("t", lockedfd, "sym"));
    T(readlinkat(lockedfd, "link", buf, sizeof buf));
    T(fchmodat(lockedfd, "inner", 0644, 0));
    T(fchownat(lockedfd, "inner", -1, -1, 0));
    T(faccessat(lockedfd, "inner", F_OK, 0));
    T(chmod("locked/inner", 0644));
    T(chown("locked/inner", -1, -1));
    T(lchown("locked/inner", -1, -1));
    T(truncate("locked/inner", 0));
    T(rename("open", "locked/open"));
    T(link("open/theirs", "locked/x"));
    char lb[64];
    printf("getdents64 on the fd opened before the drop: %s\n",
           syscall(SYS_getdents64, lockedfd, lb, sizeof lb) > 0 ? "entries" : err_name(errno));
    DIR *d = opendir("locked");
    printf("opendir(locked): %s\n", d ? "ok" : err_name(errno));
    /* Attributes: only the owner may chmod; chown to someone else needs CAP_CHOWN. */
    T(chmod("public", 0666));
    T(fchmod(keep, 0666));
    T(fchmodat(AT_FDCWD, "public", 0666, 0));
    T(chown("public", 65534, -1));
    T(fchown(keep, 65534, 65534));
    T(lchown("public", -1, 65534));
    T(fchownat(AT_FDCWD, "public", 65534, -1, 0));
    T(chown("public", -1, -1));                               /* no change asked: still EPERM? */
    T(truncate("public", 0));
    T(truncate("secret", 0));
    T(ftruncate(keep, 0));                                    /* EINVAL: read-only fd */
    /* In the world-writable dir we create files we own, and then everything works. */
    fd = T(open("open/own", O_RDWR | O_CREAT, 0600));
    T(fchmod(fd, 0640));
    T(fchown(fd, -1, -1));
    T(fchown(fd, 65534, 65534));
    T(fchown(fd, 0, -1));                                     /* EPERM: giving away */
    T(fstat(fd, &st));
    printf("own mode=%o uid=%d gid=%d\n", st.st_mode & 07777, (int)st.st_uid, (int)st.st_gid);
    T(close(fd));
    T(unlink("open/own"));
    return 0;
}
