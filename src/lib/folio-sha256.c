/* SHA-256 (FIPS 180-4) of a whole input.  folio hashes every document it
 * reads, for the header's sha256 and for batch's change detection; glib's
 * portable code takes some 50 instructions a byte, 6 % of converting a
 * short PDF, on a thread that competes with the page workers for the
 * cores.  Where the CPU has the SHA extensions (x86-64 SHA-NI, told by
 * CPUID at run time) the 64-byte blocks go through them instead; the
 * padding and the digest's layout are the standard's, done here. */
#include "folio-sha256-private.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define FOLIO_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

char *
folio_sha256_hex_portable (const guint8 *data, gsize len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

/* GChecksum takes a gssize at a time. */
static void
portable_update (GChecksum *sum, const guint8 *data, gsize len)
{
  for (gsize done = 0; done < len; done += MIN (len - done, G_MAXSSIZE))
    g_checksum_update (sum, data + done, (gssize) MIN (len - done, G_MAXSSIZE));
}

static char *
portable_finish (FolioSha256 *s)
{
  char *hex = g_strdup (g_checksum_get_string (s->portable));

  g_clear_pointer (&s->portable, g_checksum_free);
  return hex;
}

#ifdef FOLIO_SHA_NI

static const guint32 k256[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* Runs @n 64-byte blocks at @p through the compression function.
 * @h is the state a..h.  The instructions want it as two registers,
 * (a, b, e, f) and (c, d, g, h), each with its first word in the top lane. */
__attribute__ ((target ("sha,sse4.1,ssse3")))
static void
blocks_ni (guint32 h[8], const guint8 *p, gsize n)
{
  /* big-endian words: reverse the bytes of each 32-bit lane */
  const __m128i swap = _mm_set_epi64x (0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i dcba = _mm_loadu_si128 ((const __m128i *) &h[0]);
  __m128i hgfe = _mm_loadu_si128 ((const __m128i *) &h[4]);
  __m128i cdab = _mm_shuffle_epi32 (dcba, 0xb1);
  __m128i efgh = _mm_shuffle_epi32 (hgfe, 0x1b);
  __m128i abef = _mm_alignr_epi8 (cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16 (efgh, cdab, 0xf0);

  for (; n > 0; n--, p += 64)
    {
      __m128i abef_in = abef, cdgh_in = cdgh;
      __m128i w[4];  /* the last sixteen words of the schedule, four to a register */

      for (int g = 0; g < 16; g++)
        {
          __m128i *wg = &w[g & 3], x;

          if (g < 4)
            *wg = _mm_shuffle_epi8 (_mm_loadu_si128 ((const __m128i *) (p + 16 * g)), swap);
          else
            {
              /* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four at a time:
               * msg1 adds s0 of the next to the oldest four, alignr gives
               * W[t-7..t-4], msg2 adds s1 of the newest (and of its own first two). */
              x = _mm_sha256msg1_epu32 (w[g & 3], w[(g + 1) & 3]);
              x = _mm_add_epi32 (x, _mm_alignr_epi8 (w[(g + 3) & 3], w[(g + 2) & 3], 4));
              *wg = _mm_sha256msg2_epu32 (x, w[(g + 3) & 3]);
            }
          x = _mm_add_epi32 (*wg, _mm_loadu_si128 ((const __m128i *) &k256[4 * g]));
          /* two rounds on the low two words, two on the high two */
          cdgh = _mm_sha256rnds2_epu32 (cdgh, abef, x);
          abef = _mm_sha256rnds2_epu32 (abef, cdgh, _mm_shuffle_epi32 (x, 0x0e));
        }
      abef = _mm_add_epi32 (abef, abef_in);
      cdgh = _mm_add_epi32 (cdgh, cdgh_in);
    }

  {
    __m128i feba = _mm_shuffle_epi32 (abef, 0x1b);
    __m128i dchg = _mm_shuffle_epi32 (cdgh, 0xb1);

    _mm_storeu_si128 ((__m128i *) &h[0], _mm_blend_epi16 (feba, dchg, 0xf0));
    _mm_storeu_si128 ((__m128i *) &h[4], _mm_alignr_epi8 (dchg, feba, 8));
  }
}

gboolean
folio_sha256_accelerated (void)
{
  static gsize checked;
  static gboolean has;

  if (g_once_init_enter (&checked))
    {
      unsigned a, b, c, d;
      gboolean sha = FALSE, sse = FALSE;

      if (__get_cpuid (1, &a, &b, &c, &d))
        sse = (c & bit_SSSE3) && (c & bit_SSE4_1);
      if (__get_cpuid_count (7, 0, &a, &b, &c, &d))
        sha = (b & bit_SHA) != 0;
      has = sse && sha;
      g_once_init_leave (&checked, 1);
    }
  return has;
}

void
folio_sha256_init (FolioSha256 *s)
{
  static const guint32 h0[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  };

  memset (s, 0, sizeof *s);
  if (!folio_sha256_accelerated ())
    s->portable = g_checksum_new (G_CHECKSUM_SHA256);
  memcpy (s->h, h0, sizeof h0);
}

void
folio_sha256_update (FolioSha256 *s, const guint8 *data, gsize len)
{
  gsize whole;

  if (len == 0)  /* @data may be NULL then (an empty file) */
    return;
  if (s->portable != NULL)
    {
      portable_update (s->portable, data, len);
      return;
    }
  s->total += len;
  if (s->held > 0)
    {
      gsize take = MIN (len, 64 - s->held);

      memcpy (s->block + s->held, data, take);
      s->held += take, data += take, len -= take;
      if (s->held < 64)
        return;
      blocks_ni (s->h, s->block, 1);
      s->held = 0;
    }
  whole = len / 64;
  blocks_ni (s->h, data, whole);
  memcpy (s->block, data + whole * 64, len % 64);
  s->held = len % 64;
}

char *
folio_sha256_finish (FolioSha256 *s)
{
  guint8 tail[128] = { 0 };
  guint64 bits = s->total * 8;
  gsize tail_len;
  char *hex;

  if (s->portable != NULL)
    return portable_finish (s);
  /* The rest, a 1 bit, zeros, and the length in bits (big-endian) to a
   * whole block: one, or two when fewer than 9 bytes are left in it. */
  memcpy (tail, s->block, s->held);
  tail[s->held] = 0x80;
  tail_len = s->held + 9 <= 64 ? 64 : 128;
  for (int i = 0; i < 8; i++)
    tail[tail_len - 1 - i] = (guint8) (bits >> (8 * i));
  blocks_ni (s->h, tail, tail_len / 64);

  hex = g_malloc (65);
  for (int i = 0; i < 8; i++)
    for (int j = 0; j < 8; j++)
      hex[8 * i + j] = "0123456789abcdef"[(s->h[i] >> (28 - 4 * j)) & 0xf];
  hex[64] = '\0';
  return hex;
}

#else /* no SHA extensions to use */

gboolean
folio_sha256_accelerated (void)
{
  return FALSE;
}

void
folio_sha256_init (FolioSha256 *s)
{
  memset (s, 0, sizeof *s);
  s->portable = g_checksum_new (G_CHECKSUM_SHA256);
}

void
folio_sha256_update (FolioSha256 *s, const guint8 *data, gsize len)
{
  portable_update (s->portable, data, len);
}

char *
folio_sha256_finish (FolioSha256 *s)
{
  return portable_finish (s);
}

#endif

char *
folio_sha256_hex (const guint8 *data, gsize len)
{
  FolioSha256 s;

  folio_sha256_init (&s);
  folio_sha256_update (&s, data, len);
  return folio_sha256_finish (&s);
}
