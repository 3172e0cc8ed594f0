/* 64-bit and 128-bit integer arithmetic: mul, div, shifts, overflow builtins. */
#include "guest.h"

typedef unsigned __int128 u128;
typedef __int128 i128;

static void p128(const char *label, u128 v)
{
    char buf[48];
    int i = 47;
    buf[i] = 0;
    if (v == 0) buf[--i] = '0';
    while (v) { buf[--i] = (char)('0' + (int)(v % 10)); v /= 10; }
    printf("%s=%s\n", label, buf + i);
}

int main(void)
{
    uint64_t x = 0x123456789abcdef0ULL, y = 0xfedcba9876543210ULL;
    u128 m = (u128)x * y;
    p128("x*y", m);
    printf("hi=%016llx lo=%016llx\n", (unsigned long long)(m >> 64), (unsigned long long)m);
    p128("m/7", m / 7);
    p128("m%1000000007", m % 1000000007);
    p128("m/x", m / x);
    i128 neg = -(i128)m / 3;
    printf("neg/3 negative: %s low=%016llx\n", yesno(neg < 0), (unsigned long long)neg);
    u128 f = 1;
    for (int i = 1; i <= 34; i++) f *= i;
    p128("34!", f);
    printf("div/mod 64: %llu %llu %lld %lld\n", (unsigned long long)(y / 12345), (unsigned long long)(y % 12345),
           (long long)((int64_t)y / -777), (long long)((int64_t)y % -777));
    int64_t a = INT64_MIN;
    printf("shifts: %lld %llu %lld\n", (long long)(a >> 63), (unsigned long long)((uint64_t)a >> 63), (long long)(x << 4));
    uint64_t acc = 0;
    for (uint64_t i = 1; i < 100000; i++) acc += (x * i) ^ (y / i) ^ (i << (i & 31)) ^ ((uint64_t)(int64_t)(int32_t)i);
    printf("acc=%llu\n", (unsigned long long)acc);
    long long ov1, ov2, ov3;
    int o1 = __builtin_add_overflow(INT64_MAX, 1LL, &ov1);
    int o2 = __builtin_mul_overflow(1LL << 40, 1LL << 30, &ov2);
    int o3 = __builtin_sub_overflow(INT64_MIN, 1LL, &ov3);
    printf("overflow add=%d mul=%d sub=%d wrapped=%lld %lld %lld\n", o1, o2, o3, ov1, ov2, ov3);
    printf("clz=%d ctz=%d popcount=%d parity=%d bswap=%016llx\n", __builtin_clzll(0x00f0ULL), __builtin_ctzll(0x8000ULL),
           __builtin_popcountll(y), __builtin_parityll(x), (unsigned long long)__builtin_bswap64(x));
    uint32_t r32 = 0xdeadbeef;
    printf("rotl=%08x rotr=%08x\n", (r32 << 7) | (r32 >> 25), (r32 >> 9) | (r32 << 23));
    int16_t s16 = -12345;
    int8_t s8 = -100;
    printf("sign extensions: %d %d %u %u\n", (int)s16, (int)s8, (unsigned)(uint16_t)s16, (unsigned)(uint8_t)s8);
    volatile uint32_t d1 = 4000000000u, d2 = 3;
    printf("u32 div=%u mod=%u\n", d1 / d2, d1 % d2);
    volatile int32_t e1 = -2000000000, e2 = 7;
    printf("i32 div=%d mod=%d\n", e1 / e2, e1 % e2);
    volatile uint8_t b1 = 250, b2 = 7;
    printf("u8 div=%u mod=%u\n", b1 / b2, b1 % b2);
    /* gcd and modular exponentiation with 128-bit intermediates. */
    uint64_t mod = 0xffffffffffffffc5ULL, base = 0x1234567, e = 0xfffffffffffULL, res = 1;
    while (e) { if (e & 1) res = (uint64_t)(((u128)res * base) % mod); base = (uint64_t)(((u128)base * base) % mod); e >>= 1; }
    printf("powmod=%llu\n", (unsigned long long)res);
    return 0;
}
