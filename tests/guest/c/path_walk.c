/* Path resolution: ".", "..", repeated and trailing slashes, symlink chains, loops, dangling links. */
#include "guest.h"

static void show(const char *p)
{
    struct stat st;
    if (stat(p, &st) == 0) printf("  stat %-28s %s size=%ld\n", p, type_name(st.st_mode), S_ISREG(st.st_mode) ? (long)st.st_size : 0L);
    else printf("  stat %-28s %s\n", p, err_name(errno));
}

int main(void)
{
    T(mkdir("a", 0755));
    T(mkdir("a/b", 0755));
    put_file("a/b/f", "file");
    T(symlink("b", "a/lb"));                 /* relative, to a dir */
    T(symlink("a/lb/f", "lf"));              /* chain through a link */
    T(symlink("lf", "lf2"));
    T(symlink("/", "root"));                 /* absolute */
    T(symlink("nowhere/x", "dangling"));
    T(symlink("self", "self"));
    char cwd[4096];
    getcwd(cwd, sizeof cwd);
    char abs[4200];
    snprintf(abs, sizeof abs, "%s/a/b", cwd);
    T(symlink(abs, "absdir"));

    show("a/b/f");
    show("a//b///f");
    show("./a/./b/./f");
    show("a/b/../b/f");
    show("a/b/f/");
    show("a/b/f/.");
    show("a/lb/f");
    show("a/lb/");
    show("lf");
    show("lf2");
    show("absdir/f");
    show("root");
    show("dangling");
    show("self");
    show("a/b/../../a/lb/../b/f");
    show("/..");
    show("a/nope/..");

    /* 40 links is the limit. */
    char name[32], target[32];
    put_file("end", "end");
    snprintf(target, sizeof target, "end");
    for (int i = 0; i < 45; i++) {
        snprintf(name, sizeof name, "c%02d", i);
        symlink(target, name);
        snprintf(target, sizeof target, "%s", name);
    }
    show("c38");
    show("c39");
    show("c40");
    show("c44");

    /* O_CREAT through a dangling link creates its target; O_EXCL refuses. */
    T(symlink("made-by-link", "tolink"));
    T(open("tolink", O_WRONLY | O_CREAT, 0644));
    show("made-by-link");
    T(symlink("nodir/file", "tolink2"));
    T(open("tolink2", O_WRONLY | O_CREAT, 0644));   /* ENOENT */
    /* Trailing slash on a new name that is not a directory. */
    T(open("newfile/", O_WRONLY | O_CREAT, 0644));  /* EISDIR */
    T(mkdir("newdir/", 0755));
    show("newdir");
    /* A long but legal path. */
    char deep[4000] = "";
    size_t len = 0;
    for (int i = 0; i < 30; i++) {
        len += (size_t)snprintf(deep + len, sizeof deep - len, "%sd%02d", i ? "/" : "", i);
        if (mkdir(deep, 0755) != 0) { printf("mkdir deep failed %s\n", err_name(errno)); break; }
    }
    printf("deep path length=%zu\n", len);
    T(chdir(deep));
    T(access("../../d28/d29", F_OK));
    char back[4096];
    getcwd(back, sizeof back);
    printf("deep cwd ok: %s\n", yesno(strlen(back) == strlen(cwd) + 1 + len));
    return 0;
}
