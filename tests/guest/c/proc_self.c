/* A few /proc/self facts that every Linux program relies on. */
#include "guest.h"

int main(int argc, char **argv)
{
    (void)argc;
    char buf[4096], cwd[4096];
    long n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n >= 0) buf[n] = 0;
    printf("/proc/self/exe == argv[0]: %s\n", n >= 0 ? yesno(strcmp(buf, argv[0]) == 0) : err_name(errno));
    getcwd(cwd, sizeof cwd);
    n = readlink("/proc/self/cwd", buf, sizeof buf - 1);
    if (n >= 0) buf[n] = 0;
    printf("/proc/self/cwd == getcwd: %s\n", n >= 0 ? yesno(strcmp(buf, cwd) == 0) : err_name(errno));
    put_file("target.txt", "x");
    int fd = open("target.txt", O_RDONLY);
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    n = readlink(link, buf, sizeof buf - 1);
    if (n >= 0) buf[n] = 0;
    char want[4200];
    snprintf(want, sizeof want, "%s/target.txt", cwd);
    printf("/proc/self/fd/N names the file: %s\n", n >= 0 ? yesno(strcmp(buf, want) == 0) : err_name(errno));
    struct stat st;
    printf("/proc/self is a directory: %s\n", stat("/proc/self", &st) == 0 ? yesno(S_ISDIR(st.st_mode)) : err_name(errno));
    /* /proc/self/stat starts with "pid (comm) state". */
    FILE *f = fopen("/proc/self/stat", "r");
    if (f) {
        int pid = 0;
        char comm[64] = {0}, state = '?';
        int got = fscanf(f, "%d (%63[^)]) %c", &pid, comm, &state);
        fclose(f);
        printf("stat: fields=%d pid matches=%s comm=%s state=%c\n", got, yesno(pid == getpid()), comm, state);
    } else {
        printf("/proc/self/stat: %s\n", err_name(errno));
    }
    /* /proc/self/cmdline is argv joined by NULs. */
    f = fopen("/proc/self/cmdline", "r");
    if (f) {
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        printf("cmdline length == strlen(argv[0])+1: %s\n", yesno(len == strlen(argv[0]) + 1));
    } else {
        printf("/proc/self/cmdline: %s\n", err_name(errno));
    }
    T(access("/proc/self/maps", R_OK));
    T(open("/proc/self/no-such-file", O_RDONLY));
    return 0;
}
