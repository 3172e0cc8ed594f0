/* cpu-diff guest harness.
 *
 * Reads test cases from stdin (one per line, see tests/cpu-diff/format.ts), places each case's code in
 * its own 64-byte slot of an executable region (the slot depends only on the case id, so a restarted
 * run puts the same case at the same address), then for every case loads the full register state,
 * runs the code and prints the resulting state as one line of hex.  The same static binary runs natively
 * and under sysgate; the runner compares the two outputs line by line.
 *
 * Everything the test code can observe lives at fixed addresses (the binary is linked non-PIE), so
 * rip-relative results, pushed return addresses and pointers into scratch memory are identical in both
 * runs.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include "state.h"

#define SLOT_SIZE 64
#define NSLOTS 16384
#define MAX_CODE 48
#define SCRATCH_SIZE 256
#define SCRATCH_OFFSET 4096

/* Read by enter.S. */
uint8_t in_state[ST_SIZE] __attribute__((aligned(16)));
uint8_t out_state[ST_SIZE] __attribute__((aligned(16)));
uint64_t code_entry;
uint8_t in_fx[512] __attribute__((aligned(16)));
uint8_t out_fx[512] __attribute__((aligned(16)));
uint32_t use_fx;
extern void run_case(void);
extern char case_return[];

static uint8_t code_region[SLOT_SIZE * NSLOTS] __attribute__((aligned(4096)));
static uint8_t arena[2 * 4096] __attribute__((aligned(4096)));
static uint8_t alt_stack[64 * 1024] __attribute__((aligned(16)));
static volatile int fault_sig;

struct test_case {
    unsigned long id;
    unsigned slot;
    uint64_t gpr[16];
    uint64_t rflags;
    uint32_t mxcsr;
    uint8_t xmm[16][16];
    uint8_t mem[SCRATCH_SIZE];
    /* optional x87 state: control word and the values pushed (st[0] is ST(0)) */
    int has_x87;
    uint16_t fcw;
    int nst;
    uint8_t st[8][10];
};

static void die(const char *msg) {
    (void)!write(2, "cpu-diff harness: ", 18);
    (void)!write(2, msg, strlen(msg));
    (void)!write(2, "\n", 1);
    _exit(2);
}

static void write_all(const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(1, p, n);
        if (w <= 0) _exit(3);
        p += w;
        n -= (size_t)w;
    }
}

/* ---- input parsing -------------------------------------------------------------------------- */

static const char *cur;

static void skip_spaces(void) { while (*cur == ' ' || *cur == '\t') cur++; }

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static const char *token(size_t *len) {
    skip_spaces();
    const char *start = cur;
    while (*cur && *cur != ' ' && *cur != '\t' && *cur != '\n') cur++;
    *len = (size_t)(cur - start);
    if (*len == 0) die("truncated case line");
    return start;
}

static uint64_t parse_hex64(const char *p, size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        int d = hexval(p[i]);
        if (d < 0) die("bad hex number");
        v = (v << 4) | (uint64_t)d;
    }
    return v;
}

static uint64_t parse_dec(const char *p, size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') die("bad decimal number");
        v = v * 10 + (uint64_t)(p[i] - '0');
    }
    return v;
}

/* Hex bytes in memory order; returns the byte count. */
static size_t parse_bytes(const char *p, size_t n, uint8_t *out, size_t max) {
    if (n % 2 != 0 || n / 2 > max) die("bad byte string");
    for (size_t i = 0; i < n / 2; i++) {
        int a = hexval(p[2 * i]), b = hexval(p[2 * i + 1]);
        if (a < 0 || b < 0) die("bad byte string");
        out[i] = (uint8_t)(a << 4 | b);
    }
    return n / 2;
}

static uint8_t *scratch(void) { return arena + SCRATCH_OFFSET; }

/* A register value: plain hex, or "S+hex" meaning an address inside the scratch block. */
static uint64_t parse_reg(const char *p, size_t n) {
    if (n > 2 && p[0] == 'S' && p[1] == '+') return (uint64_t)(uintptr_t)scratch() + parse_hex64(p + 2, n - 2);
    if (n > 16) die("register value too long");
    return parse_hex64(p, n);
}

/* xmm value written most significant digit first (as a 128-bit number). */
static void parse_xmm(const char *p, size_t n, uint8_t *out) {
    if (n != 32) die("xmm value must have 32 hex digits");
    uint64_t hi = parse_hex64(p, 16), lo = parse_hex64(p + 16, 16);
    memcpy(out, &lo, 8);
    memcpy(out + 8, &hi, 8);
}

static void parse_case(struct test_case *tc) {
    size_t n;
    const char *t;
    uint8_t code[MAX_CODE];
    t = token(&n); tc->id = parse_dec(t, n);
    t = token(&n); size_t clen = parse_bytes(t, n, code, MAX_CODE);
    t = token(&n); tc->rflags = parse_hex64(t, n);
    t = token(&n); tc->mxcsr = (uint32_t)parse_hex64(t, n);
    for (int r = 0; r < 16; r++) { t = token(&n); tc->gpr[r] = parse_reg(t, n); }
    for (int r = 0; r < 16; r++) { t = token(&n); parse_xmm(t, n, tc->xmm[r]); }
    t = token(&n); parse_bytes(t, n, tc->mem, SCRATCH_SIZE);

    /* Optional: "x" FCW { "," 20-hex-digit 80-bit value (sign+exponent, then significand) } */
    skip_spaces();
    if (*cur == 'x') {
        t = token(&n);
        tc->has_x87 = 1;
        const char *e = t + n, *p = t + 1, *q = p;
        while (q < e && *q != ',') q++;
        tc->fcw = (uint16_t)parse_hex64(p, (size_t)(q - p));
        while (q < e) {
            p = q + 1;
            q = p;
            while (q < e && *q != ',') q++;
            if (q - p != 20 || tc->nst >= 8) die("bad x87 value");
            uint64_t hi = parse_hex64(p, 4), lo = parse_hex64(p + 4, 16);
            memcpy(tc->st[tc->nst], &lo, 8);
            tc->st[tc->nst][8] = (uint8_t)hi;
            tc->st[tc->nst][9] = (uint8_t)(hi >> 8);
            tc->nst++;
        }
    }

    tc->slot = (unsigned)(tc->id % NSLOTS);
    uint8_t *slot = code_region + (size_t)tc->slot * SLOT_SIZE;
    if (slot[SLOT_SIZE - 1] != 0) die("two cases share a code slot (case ids must differ mod 16384)");
    memcpy(slot, code, clen);
    /* jmp qword ptr [rip+0] ; .quad case_return */
    uint8_t *j = slot + clen;
    j[0] = 0xff; j[1] = 0x25; j[2] = j[3] = j[4] = j[5] = 0;
    uint64_t back = (uint64_t)(uintptr_t)case_return;
    memcpy(j + 6, &back, 8);
    slot[SLOT_SIZE - 1] = 0xcc; /* marks the slot as used; never reached */
}

/* ---- faults --------------------------------------------------------------------------------- */

static void on_fault(int sig, siginfo_t *info, void *ctx) {
    (void)info;
    ucontext_t *uc = ctx;
    fault_sig = sig;
    /* Resume in case_return with the registers as they were at the fault. */
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)case_return;
}

static void install_handlers(void) {
    stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0 };
    sigaltstack(&ss, 0); /* may be unsupported under sysgate: then faults simply end the run */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    int sigs[] = { SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, 0);
}

/* ---- output --------------------------------------------------------------------------------- */

static const char digits[] = "0123456789abcdef";

static char *put_hex(char *o, uint64_t v, int ndigits) {
    for (int i = ndigits - 1; i >= 0; i--) o[ndigits - 1 - i] = digits[(v >> (4 * i)) & 15];
    return o + ndigits;
}

static char *put_dec(char *o, uint64_t v) {
    char tmp[24];
    int n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) *o++ = tmp[--n];
    return o;
}

static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static unsigned get16(const uint8_t *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }

/* FXSAVE image for an x87 case: the stack holds nst values, ST(0) = st[0]. */
static void build_fx(const struct test_case *tc) {
    memset(in_fx, 0, sizeof in_fx);
    unsigned top = (unsigned)(8 - tc->nst) & 7;
    unsigned tags = 0;
    for (int i = 0; i < tc->nst; i++) tags |= 1u << ((top + (unsigned)i) & 7);
    in_fx[0] = (uint8_t)tc->fcw; in_fx[1] = (uint8_t)(tc->fcw >> 8);
    unsigned fsw = top << 11;
    in_fx[2] = (uint8_t)fsw; in_fx[3] = (uint8_t)(fsw >> 8);
    in_fx[4] = (uint8_t)tags;
    memcpy(in_fx + 24, &tc->mxcsr, 4);
    uint32_t mask = 0xffff;
    memcpy(in_fx + 28, &mask, 4);
    for (int i = 0; i < tc->nst; i++) memcpy(in_fx + 32 + 16 * i, tc->st[i], 10);
    memcpy(in_fx + 160, tc->xmm, sizeof tc->xmm);
}

static void print_result(const struct test_case *tc) {
    static char line[4096];
    char *o = line;
    o = put_dec(o, tc->id); *o++ = ' ';
    o = put_dec(o, (uint64_t)fault_sig);
    for (int r = 0; r < 16; r++) { *o++ = ' '; o = put_hex(o, get64(out_state + ST_GPR + 8 * r), 16); }
    *o++ = ' '; o = put_hex(o, get64(out_state + ST_RFLAGS) & 0xcd5, 4);
    *o++ = ' '; o = put_hex(o, get64(out_state + ST_MXCSR) & 0xffffffff, 8);
    for (int r = 0; r < 16; r++) {
        *o++ = ' ';
        o = put_hex(o, get64(out_state + ST_XMM + 16 * r + 8), 16);
        o = put_hex(o, get64(out_state + ST_XMM + 16 * r), 16);
    }
    *o++ = ' ';
    for (int i = 0; i < SCRATCH_SIZE; i++) { *o++ = digits[scratch()[i] >> 4]; *o++ = digits[scratch()[i] & 15]; }
    if (tc->has_x87) {
        /* " x" FCW "," FSW "," abridged tags { "," ST(i) } for i = 0..7 */
        *o++ = ' '; *o++ = 'x';
        o = put_hex(o, get16(out_fx), 4); *o++ = ',';
        o = put_hex(o, get16(out_fx + 2), 4); *o++ = ',';
        o = put_hex(o, out_fx[4], 2);
        for (int i = 0; i < 8; i++) {
            *o++ = ',';
            o = put_hex(o, get16(out_fx + 32 + 16 * i + 8), 4);
            o = put_hex(o, get64(out_fx + 32 + 16 * i), 16);
        }
    }
    *o++ = '\n';
    write_all(line, (size_t)(o - line));
}

int main(void) {
    /* Slurp stdin. */
    size_t cap = 1 << 20, len = 0;
    char *buf = malloc(cap);
    if (!buf) die("out of memory");
    for (;;) {
        if (len + 65536 + 1 > cap) { cap *= 2; buf = realloc(buf, cap); if (!buf) die("out of memory"); }
        ssize_t r = read(0, buf + len, cap - len - 1);
        if (r < 0) die("read failed");
        if (r == 0) break;
        len += (size_t)r;
    }
    buf[len] = 0;

    size_t ncases = 0;
    for (size_t i = 0; i < len; i++) if (buf[i] == '\n') ncases++;
    struct test_case *cases = calloc(ncases + 1, sizeof *cases);
    if (!cases) die("out of memory");
    size_t count = 0;
    cur = buf;
    while (*cur) {
        skip_spaces();
        if (*cur == '\n') { cur++; continue; }
        if (*cur == '#') { while (*cur && *cur != '\n') cur++; continue; }
        parse_case(&cases[count++]);
        skip_spaces();
        if (*cur == '\n') cur++;
        else if (*cur) die("trailing data on a case line");
    }

    /* All code is written before anything runs, so no code is ever modified after it executed. */
    if (mprotect(code_region, sizeof code_region, PROT_READ | PROT_EXEC) != 0)
        (void)!write(2, "cpu-diff harness: warning: mprotect(PROT_READ|PROT_EXEC) failed\n", 65);
    /* GS (unused by both libcs) points at the scratch block, so gs: operands address it. */
    if (syscall(SYS_arch_prctl, 0x1001 /* ARCH_SET_GS */, (unsigned long)(uintptr_t)scratch()) != 0)
        (void)!write(2, "cpu-diff harness: warning: arch_prctl(ARCH_SET_GS) failed\n", 58);

    /* CPU_DIFF_NO_HANDLERS=1 lets faults end the process, as under a kernel without signal delivery. */
    const char *nh = getenv("CPU_DIFF_NO_HANDLERS");
    if (!nh || nh[0] != '1') install_handlers();

    static char hdr[128];
    char *o = hdr;
    memcpy(o, "# scratch=", 10); o += 10; o = put_hex(o, (uint64_t)(uintptr_t)scratch(), 16);
    memcpy(o, " code=", 6); o += 6; o = put_hex(o, (uint64_t)(uintptr_t)code_region, 16);
    *o++ = '\n';
    write_all(hdr, (size_t)(o - hdr));

    for (size_t i = 0; i < count; i++) {
        struct test_case *tc = &cases[i];
        memcpy(in_state + ST_GPR, tc->gpr, sizeof tc->gpr);
        uint64_t fl = (tc->rflags & 0xcd5) | 0x202;
        memcpy(in_state + ST_RFLAGS, &fl, 8);
        memcpy(in_state + ST_MXCSR, &tc->mxcsr, 4);
        memcpy(in_state + ST_XMM, tc->xmm, sizeof tc->xmm);
        memcpy(scratch(), tc->mem, SCRATCH_SIZE);
        code_entry = (uint64_t)(uintptr_t)(code_region + (size_t)tc->slot * SLOT_SIZE);
        fault_sig = 0;
        use_fx = (uint32_t)tc->has_x87;
        if (tc->has_x87) build_fx(tc);
        run_case();
        print_result(tc);
    }
    return 0;
}
