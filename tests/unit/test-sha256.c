/* The input's sha256 (src/lib/folio-sha256.c): the digest on the CPU's SHA
 * extensions must be the standard's, byte for byte, at every length the
 * padding treats apart, and what the extractor records for a real PDF
 * must be the file's sha256. */
#include "folio-test.h"
#include "folio-sha256-private.h"

#include <string.h>

/* FIPS 180-4's examples (NIST's SHA256.pdf) */
static const struct {
  const char *message;
  const char *digest;
} known[] = {
  { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
  { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
  { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
};

START_TEST (test_known_digests)
{
  const char *m = known[_i].message;
  g_autofree char *fast = folio_sha256_hex ((const guint8 *) m, strlen (m));
  g_autofree char *portable = folio_sha256_hex_portable ((const guint8 *) m, strlen (m));

  ck_assert_str_eq (fast, known[_i].digest);
  if (*m == '\0')
    {
      /* an empty file's bytes: no data at all */
      g_autofree char *none = folio_sha256_hex (NULL, 0);

      ck_assert_str_eq (none, known[_i].digest);
    }
  ck_assert_str_eq (portable, known[_i].digest);
}
END_TEST

/* Every length from 0 to 300 bytes (the tail of one and of two blocks,
 * 55/56/63/64 among them), and longer ones, of pseudo-random bytes. */
START_TEST (test_every_length)
{
  static const gsize longer[] = { 1000, 4095, 4096, 4097, 65536 + 7, 1048576 + 13 };
  gsize max = 1048576 + 13;
  g_autofree guint8 *data = g_malloc (max);
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261129);

  if (!folio_sha256_accelerated ())
    fprintf (stderr, "# note: no SHA extensions on this CPU: both digests are GChecksum's\n");
  for (gsize i = 0; i < max; i++)
    data[i] = (guint8) g_rand_int (rand);
  for (gsize n = 0; n <= 300 + G_N_ELEMENTS (longer); n++)
    {
      gsize len = n <= 300 ? n : longer[n - 301];
      g_autofree char *fast = folio_sha256_hex (data, len);
      g_autofree char *portable = folio_sha256_hex_portable (data, len);

      ck_assert_msg (strcmp (fast, portable) == 0, "length %zu: %s, GChecksum says %s",
                     len, fast, portable);
    }
}
END_TEST

/* In pieces of every size from 1 to 130 bytes (a file read in chunks):
 * the same digest as in one go. */
START_TEST (test_in_pieces)
{
  gsize len = 4096 + 77;
  g_autofree guint8 *data = g_malloc (len);
  g_autoptr (GRand) rand = g_rand_new_with_seed (29112026);
  g_autofree char *whole = NULL;

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) g_rand_int (rand);
  whole = folio_sha256_hex_portable (data, len);
  for (gsize piece = 1; piece <= 130; piece++)
    {
      FolioSha256 s;
      g_autofree char *sum = NULL;

      folio_sha256_init (&s);
      for (gsize at = 0; at < len; at += piece)
        folio_sha256_update (&s, data + at, MIN (piece, len - at));
      sum = folio_sha256_finish (&s);
      ck_assert_msg (strcmp (sum, whole) == 0, "pieces of %zu: %s, GChecksum says %s", piece, sum, whole);
    }
}
END_TEST

/* Through the extractor: a small PDF (hashed as it is opened) and one
 * large enough to be hashed on a thread of its own. */
START_TEST (test_extractor_records_file_digest)
{
  g_autofree char *path = _i == 0 ? folio_test_sample ("draagmoederschap.pdf")
                                  : folio_test_corpus ("nl/coronamelder/Bijlage_K_-_Rapportage_Penetratietest.pdf");
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioExtractor) ex = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  gsize len;

  FOLIO_SKIP_UNLESS (path, _i == 0 ? "samples/draagmoederschap.pdf" : "the corpus's Bijlage_K");
  ck_assert (g_file_get_contents (path, &contents, &len, NULL));
  ck_assert_uint_gt (len, _i == 0 ? 0 : 256 * 1024);
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) contents, len);
  ex = folio_extractor_open (path, NULL, &error);
  ck_assert_msg (ex != NULL, "%s", error ? error->message : "?");
  ck_assert_str_eq (folio_extractor_get_document (ex)->sha256, expected);
}
END_TEST

static Suite *
sha256_suite (void)
{
  Suite *s = suite_create ("sha256");
  TCase *tc;

  tc = tcase_create ("digest");
  tcase_add_loop_test (tc, test_known_digests, 0, G_N_ELEMENTS (known));
  tcase_add_test (tc, test_every_length);
  tcase_add_test (tc, test_in_pieces);
  suite_add_tcase (s, tc);

  tc = tcase_create ("extractor");
  tcase_add_loop_test (tc, test_extractor_records_file_digest, 0, 2);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return folio_test_main (sha256_suite ());
}
