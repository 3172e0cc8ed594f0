/* Exercises libc string/memory functions (glibc's SSE2 variants) over many lengths and alignments;
   prints a checksum so native and emulated runs can be compared. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <stdint.h>

static uint64_t h = 1469598103934665603ull;
static void mix(uint64_t v) { h = (h ^ v) * 1099511628211ull; }

int main(void) {
  static char a[1024], b[1024];
  for (int i = 0; i < 1024; i++) { a[i] = (char)('a' + (i * 7) % 26); b[i] = a[i]; }
  for (int off = 0; off < 33; off++) {
    for (int len = 0; len < 300; len += (len < 40 ? 1 : 13)) {
      char *s = a + off;
      char save = s[len];
      s[len] = 0;
      mix(strlen(s));
      mix(strnlen(s, len / 2 + 1));
      mix((uint64_t)(strchr(s, 'q') ? strchr(s, 'q') - s : -1));
      mix((uint64_t)(strrchr(s, 'c') ? strrchr(s, 'c') - s : -1));
      mix((uint64_t)(memchr(s, 'z', len) ? (char *)memchr(s, 'z', len) - s : -1));
      memcpy(b + (off ^ 5), s, len + 1);
      mix((uint64_t)strcmp(s, b + (off ^ 5)));
      if (len > 3) { b[(off ^ 5) + len - 2] ^= 1; mix((uint64_t)(strcmp(s, b + (off ^ 5)) > 0)); mix((uint64_t)(memcmp(s, b + (off ^ 5), len) < 0)); mix((uint64_t)(strncmp(s, b + (off ^ 5), len - 3))); }
      memmove(b + 1, b, len);
      memset(b + off, 'x', len);
      mix((uint64_t)strspn(b + off, "x"));
      mix((uint64_t)strcspn(s, "mno"));
      char *d = strdup(s);
      mix(strlen(d));
      strcat(d, "");
      mix((uint64_t)(strstr(s, "hov") ? strstr(s, "hov") - s : -1));
      free(d);
      s[len] = save;
    }
  }
  char buf[64];
  snprintf(buf, sizeof buf, "%d %ld %x %s", -42, 1234567890123L, 0xbeef, "str");
  mix(strlen(buf));
  printf("%s %016llx\n", buf, (unsigned long long)h);
  return 0;
}
