/* Loops that gcc -O2 vectorizes with SSE2 (and code that uses SSE2 intrinsics directly). */
#include "guest.h"
#include <emmintrin.h>

#define N 4099

int main(void)
{
    static float fa[N], fb[N], fc[N];
    static double da[N], db[N];
    static int ia[N], ib[N];
    static unsigned char ua[N], ub[N];
    static short sa[N];
    for (int i = 0; i < N; i++) {
        fa[i] = (float)i * 0.25f; fb[i] = (float)(N - i) * 0.5f;
        da[i] = i * 1.5; db[i] = (i % 17) - 8.0;
        ia[i] = i * 3 - 5000; ib[i] = (i * 7919) % 1000;
        ua[i] = (unsigned char)(i * 13); ub[i] = (unsigned char)(255 - i);
        sa[i] = (short)(i * 37);
    }
    for (int i = 0; i < N; i++) fc[i] = fa[i] * fb[i] + fa[i];
    double dsum = 0;
    for (int i = 0; i < N; i++) dsum += da[i] * db[i];
    long long isum = 0;
    for (int i = 0; i < N; i++) isum += (long long)ia[i] * ib[i];
    int imax = ia[0], imin = ia[0];
    for (int i = 0; i < N; i++) { imax = ia[i] > imax ? ia[i] : imax; imin = ia[i] < imin ? ia[i] : imin; }
    unsigned usum = 0;
    for (int i = 0; i < N; i++) { unsigned char m = ua[i] > ub[i] ? ua[i] : ub[i]; usum += m; }
    int ssum = 0;
    for (int i = 0; i < N; i++) ssum += sa[i] >> 3;
    float fsum = 0;
    for (int i = 0; i < N; i++) fsum += fc[i];
    printf("fsum=%a dsum=%a isum=%lld max=%d min=%d usum=%u ssum=%d\n", (double)fsum, dsum, isum, imax, imin, usum, ssum);

    /* Direct intrinsics: packed arithmetic, shuffles, compares, conversions, saturation. */
    __m128i x = _mm_setr_epi32(1, -2, 3, -4), y = _mm_setr_epi32(100, 200, -300, 400);
    __m128i s = _mm_add_epi32(x, y), m = _mm_mullo_epi16(x, y), sh = _mm_shuffle_epi32(s, 0x1b);
    __m128i cmp = _mm_cmpgt_epi32(x, _mm_setzero_si128());
    __m128i sat = _mm_adds_epu8(_mm_set1_epi8((char)200), _mm_set1_epi8(100));
    __m128i pk = _mm_packs_epi32(y, x);
    __m128i sad = _mm_sad_epu8(_mm_setr_epi8(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16), _mm_set1_epi8(8));
    int out[4];
    _mm_storeu_si128((__m128i *)out, s); printf("add %d %d %d %d\n", out[0], out[1], out[2], out[3]);
    _mm_storeu_si128((__m128i *)out, m); printf("mullo16 %08x %08x %08x %08x\n", out[0], out[1], out[2], out[3]);
    _mm_storeu_si128((__m128i *)out, sh); printf("shuffle %d %d %d %d\n", out[0], out[1], out[2], out[3]);
    _mm_storeu_si128((__m128i *)out, cmp); printf("cmpgt %d %d %d %d\n", out[0], out[1], out[2], out[3]);
    _mm_storeu_si128((__m128i *)out, sat); printf("adds_epu8 %08x\n", out[0]);
    _mm_storeu_si128((__m128i *)out, pk); printf("packs %08x %08x %08x %08x\n", out[0], out[1], out[2], out[3]);
    _mm_storeu_si128((__m128i *)out, sad); printf("sad %d %d\n", out[0], out[2]);
    printf("movemask %x\n", _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_setr_epi8(1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0), _mm_setzero_si128())));
    __m128d a = _mm_setr_pd(1.5, -2.25), b = _mm_setr_pd(0.5, 4.0);
    double d2[2];
    _mm_storeu_pd(d2, _mm_div_pd(a, b)); printf("divpd %g %g\n", d2[0], d2[1]);
    _mm_storeu_pd(d2, _mm_sqrt_pd(b)); printf("sqrtpd %g %g\n", d2[0], d2[1]);
    _mm_storeu_pd(d2, _mm_min_pd(a, b)); printf("minpd %g %g\n", d2[0], d2[1]);
    _mm_storeu_pd(d2, _mm_unpackhi_pd(a, b)); printf("unpackhi %g %g\n", d2[0], d2[1]);
    __m128 fv = _mm_setr_ps(1.5f, -2.5f, 3.49f, -0.5f);
    _mm_storeu_si128((__m128i *)out, _mm_cvtps_epi32(fv)); printf("cvtps2dq %d %d %d %d\n", out[0], out[1], out[2], out[3]);
    _mm_storeu_si128((__m128i *)out, _mm_cvttps_epi32(fv)); printf("cvttps2dq %d %d %d %d\n", out[0], out[1], out[2], out[3]);
    float f4[4];
    _mm_storeu_ps(f4, _mm_rsqrt_ps(_mm_set1_ps(4.0f)));
    printf("rsqrt close: %s\n", yesno(f4[0] > 0.49f && f4[0] < 0.51f));
    return 0;
}
