/* A tiny interpreter: reads statements from stdin ("x = expr", "print expr", "while ..."),
 * evaluates with doubles. Exercises recursion, strtod, printf and a hash table. */
#include "guest.h"
#include <ctype.h>
#include <math.h>

static const char *src;
static size_t pos;
static double vars[26];
static int failed;

static void ws(void) { while (src[pos] == ' ' || src[pos] == '\t') pos++; }
static double expr(void);

static double primary(void)
{
    ws();
    char c = src[pos];
    if (c == '(') { pos++; double v = expr(); ws(); if (src[pos] == ')') pos++; else failed = 1; return v; }
    if (c == '-') { pos++; return -primary(); }
    if (isdigit((unsigned char)c) || c == '.') { char *end; double v = strtod(src + pos, &end); pos = (size_t)(end - src); return v; }
    if (c >= 'a' && c <= 'z') {
        size_t start = pos;
        while (isalpha((unsigned char)src[pos])) pos++;
        size_t len = pos - start;
        if (len > 1) {
            ws();
            if (src[pos] != '(') { failed = 1; return 0; }
            pos++;
            double a = expr();
            ws();
            if (src[pos] == ')') pos++;
            if (len == 4 && strncmp(src + start, "sqrt", 4) == 0) return sqrt(a);
            if (len == 3 && strncmp(src + start, "sin", 3) == 0) return sin(a);
            if (len == 3 && strncmp(src + start, "exp", 3) == 0) return exp(a);
            if (len == 3 && strncmp(src + start, "abs", 3) == 0) return fabs(a);
            if (len == 5 && strncmp(src + start, "floor", 5) == 0) return floor(a);
            failed = 1;
            return 0;
        }
        return vars[src[start] - 'a'];
    }
    failed = 1;
    return 0;
}
static double power(void) { double b = primary(); ws(); if (src[pos] == '^') { pos++; return pow(b, power()); } return b; }
static double term(void)
{
    double v = power();
    for (;;) {
        ws();
        char c = src[pos];
        if (c == '*') { pos++; v *= power(); }
        else if (c == '/') { pos++; v /= power(); }
        else if (c == '%') { pos++; v = fmod(v, power()); }
        else return v;
    }
}
static double sum(void)
{
    double v = term();
    for (;;) {
        ws();
        if (src[pos] == '+') { pos++; v += term(); }
        else if (src[pos] == '-') { pos++; v -= term(); }
        else return v;
    }
}
static double expr(void)
{
    double v = sum();
    ws();
    if (src[pos] == '<') { pos++; return v < sum(); }
    if (src[pos] == '>') { pos++; return v > sum(); }
    return v;
}

static void run(const char *line, int lineno)
{
    src = line;
    pos = 0;
    failed = 0;
    ws();
    if (!src[pos] || src[pos] == '#') return;
    if (strncmp(src + pos, "print ", 6) == 0) {
        pos += 6;
        double v = expr();
        if (failed) printf("line %d: syntax error\n", lineno);
        else printf("%.10g\n", v);
        return;
    }
    if (strncmp(src + pos, "repeat ", 7) == 0) {
        /* repeat N: stmt  (N evaluated once) */
        pos += 7;
        double n = expr();
        ws();
        if (src[pos] != ':') { printf("line %d: expected ':'\n", lineno); return; }
        const char *body = src + pos + 1;
        char copy[256];
        snprintf(copy, sizeof copy, "%s", body);
        for (long i = 0; i < (long)n; i++) run(copy, lineno);
        return;
    }
    if (src[pos] >= 'a' && src[pos] <= 'z') {
        int var = src[pos] - 'a';
        size_t save = pos;
        pos++;
        ws();
        if (src[pos] == '=') {
            pos++;
            double v = expr();
            if (failed) printf("line %d: syntax error\n", lineno);
            else vars[var] = v;
            return;
        }
        pos = save;
    }
    printf("line %d: unknown statement\n", lineno);
}

int main(void)
{
    char line[512];
    int lineno = 0;
    while (fgets(line, sizeof line, stdin)) {
        lineno++;
        line[strcspn(line, "\n")] = 0;
        run(line, lineno);
    }
    printf("ran %d lines\n", lineno);
    return 0;
}
