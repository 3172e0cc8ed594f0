/* stdio over files: fopen, fprintf, fgets, fseek, ftell, fread, fwrite, ungetc. */
#include "guest.h"

int main(void)
{
    FILE *f = fopen("s.txt", "w+");
    if (!f) { printf("fopen: %s\n", err_name(errno)); return 1; }
    for (int i = 0; i < 500; i++) fprintf(f, "line %04d value %d %s\n", i, i * i, i % 3 ? "odd" : "even");
    printf("ftell=%ld\n", ftell(f));
    rewind(f);
    char line[128];
    int n = 0;
    unsigned long h = 5381;
    while (fgets(line, sizeof line, f)) {
        n++;
        for (char *p = line; *p; p++) h = h * 33 + (unsigned char)*p;
    }
    printf("lines=%d hash=%lu feof=%d\n", n, h, feof(f));
    fseek(f, 10, SEEK_SET);
    int c = fgetc(f);
    ungetc('Z', f);
    printf("c='%c' then '%c'\n", c, fgetc(f));
    fseek(f, -20, SEEK_END);
    size_t got = fread(line, 1, 20, f);
    printf("tail=%.*s", (int)got, line);
    fclose(f);
    printf("fopen missing: %s\n", fopen("missing/x", "r") ? "?" : err_name(errno));
    FILE *a = fopen("s.txt", "a");
    fputs("appended\n", a);
    fclose(a);
    f = fopen("s.txt", "r");
    fseek(f, 0, SEEK_END);
    printf("size=%ld\n", ftell(f));
    fclose(f);
    /* Binary round trip. */
    double vals[100];
    for (int i = 0; i < 100; i++) vals[i] = i / 7.0;
    f = fopen("b.bin", "wb");
    fwrite(vals, sizeof vals[0], 100, f);
    fclose(f);
    double back[100];
    f = fopen("b.bin", "rb");
    size_t nread = fread(back, sizeof back[0], 100, f);
    printf("fread=%zu same=%s\n", nread, yesno(memcmp(vals, back, sizeof vals) == 0));
    fclose(f);
    fprintf(stderr, "a line on stderr\n");
    return 0;
}
