/* The error domain and the exit codes the programs map its errors to
 * (include/folio/folio-error.h, docs/exit-codes.md). */
#include "folio-test.h"

#include <stdio.h>   /* FOLIO_SKIP_UNLESS uses fprintf; folio-test.h does not include it */
#include <stdlib.h>
#include <string.h>

/* The documented table: each FolioError code and the exit code it maps to. */
static const struct {
  FolioError code;
  FolioExitCode exit;
} mapping[] = {
  { FOLIO_ERROR_FAILED, FOLIO_EXIT_FAILED },
  { FOLIO_ERROR_INVALID_ARGUMENT, FOLIO_EXIT_USAGE },
  { FOLIO_ERROR_NOT_FOUND, FOLIO_EXIT_NOT_FOUND },
  { FOLIO_ERROR_NOT_SUPPORTED, FOLIO_EXIT_NOT_SUPPORTED },
  { FOLIO_ERROR_CORRUPT, FOLIO_EXIT_CORRUPT },
  { FOLIO_ERROR_ENCRYPTED, FOLIO_EXIT_ENCRYPTED },
  { FOLIO_ERROR_NO_TEXT, FOLIO_EXIT_NO_TEXT },
  { FOLIO_ERROR_BAD_STREAM, FOLIO_EXIT_BAD_STREAM },
  { FOLIO_ERROR_LIMIT, FOLIO_EXIT_LIMIT },
  { FOLIO_ERROR_WRITE, FOLIO_EXIT_WRITE },
  { FOLIO_ERROR_PAGES_SKIPPED, FOLIO_EXIT_PAGES_SKIPPED },
};

START_TEST (test_exit_code_for_each_error)
{
  g_autoptr (GError) error = g_error_new (FOLIO_ERROR, mapping[_i].code, "x: test");

  ck_assert_int_eq (folio_error_exit_code (error), mapping[_i].exit);
}
END_TEST

/* Every code of the enum has a row above: a code added to the header
 * without a mapping would fail here. */
START_TEST (test_every_code_listed)
{
  ck_assert_uint_eq (G_N_ELEMENTS (mapping), FOLIO_ERROR_PAGES_SKIPPED + 1);
  for (gsize i = 0; i < G_N_ELEMENTS (mapping); i++)
    ck_assert_int_eq (mapping[i].code, (FolioError) i);
}
END_TEST

START_TEST (test_exit_code_success)
{
  ck_assert_int_eq (folio_error_exit_code (NULL), FOLIO_EXIT_OK);
  ck_assert_int_eq (FOLIO_EXIT_OK, 0);
}
END_TEST

/* An error outside the domain, or a code the domain does not have, is a
 * bug somewhere: exit 1. */
START_TEST (test_exit_code_foreign)
{
  g_autoptr (GError) io = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "x: not found");
  g_autoptr (GError) file = g_error_new (G_FILE_ERROR, G_FILE_ERROR_NOENT, "x: no such file");
  g_autoptr (GError) unknown = g_error_new (FOLIO_ERROR, 1000, "x: from the future");
  g_autoptr (GError) negative = g_error_new (FOLIO_ERROR, -1, "x: nonsense");

  ck_assert_int_eq (folio_error_exit_code (io), FOLIO_EXIT_FAILED);
  ck_assert_int_eq (folio_error_exit_code (file), FOLIO_EXIT_FAILED);
  ck_assert_int_eq (folio_error_exit_code (unknown), FOLIO_EXIT_FAILED);
  ck_assert_int_eq (folio_error_exit_code (negative), FOLIO_EXIT_FAILED);
}
END_TEST

/* The numbers are a public interface (scripts test them): they must stay
 * as documented in folio-error.h and docs/exit-codes.md. */
START_TEST (test_exit_code_numbers)
{
  ck_assert_int_eq (FOLIO_EXIT_OK, 0);
  ck_assert_int_eq (FOLIO_EXIT_FAILED, 1);
  ck_assert_int_eq (FOLIO_EXIT_USAGE, 2);
  ck_assert_int_eq (FOLIO_EXIT_NOT_FOUND, 3);
  ck_assert_int_eq (FOLIO_EXIT_NOT_SUPPORTED, 4);
  ck_assert_int_eq (FOLIO_EXIT_CORRUPT, 5);
  ck_assert_int_eq (FOLIO_EXIT_ENCRYPTED, 6);
  ck_assert_int_eq (FOLIO_EXIT_NO_TEXT, 7);
  ck_assert_int_eq (FOLIO_EXIT_BAD_STREAM, 8);
  ck_assert_int_eq (FOLIO_EXIT_LIMIT, 9);
  ck_assert_int_eq (FOLIO_EXIT_WRITE, 10);
  ck_assert_int_eq (FOLIO_EXIT_SOME_FAILED, 11);
  ck_assert_int_eq (FOLIO_EXIT_LOCKED, 12);
  ck_assert_int_eq (FOLIO_EXIT_PAGES_SKIPPED, 13);

  /* and so the mapping, in numbers */
  {
    static const int numbers[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13 };

    for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
      {
        g_autoptr (GError) error = g_error_new (FOLIO_ERROR, (int) i, "x");

        ck_assert_int_eq (folio_error_exit_code (error), numbers[i]);
      }
  }
}
END_TEST

/* docs/exit-codes.md agrees with the header: each row "| N | `FOLIO_EXIT_X` |
 * ... | `FOLIO_ERROR_Y`, ... |" has the number the header gives FOLIO_EXIT_X,
 * and folio_error_exit_code() maps each FOLIO_ERROR_Y it lists to N. */
static const struct {
  const char *name;
  int value;
} exit_names[] = {
  { "FOLIO_EXIT_OK", FOLIO_EXIT_OK }, { "FOLIO_EXIT_FAILED", FOLIO_EXIT_FAILED },
  { "FOLIO_EXIT_USAGE", FOLIO_EXIT_USAGE }, { "FOLIO_EXIT_NOT_FOUND", FOLIO_EXIT_NOT_FOUND },
  { "FOLIO_EXIT_NOT_SUPPORTED", FOLIO_EXIT_NOT_SUPPORTED }, { "FOLIO_EXIT_CORRUPT", FOLIO_EXIT_CORRUPT },
  { "FOLIO_EXIT_ENCRYPTED", FOLIO_EXIT_ENCRYPTED }, { "FOLIO_EXIT_NO_TEXT", FOLIO_EXIT_NO_TEXT },
  { "FOLIO_EXIT_BAD_STREAM", FOLIO_EXIT_BAD_STREAM }, { "FOLIO_EXIT_LIMIT", FOLIO_EXIT_LIMIT },
  { "FOLIO_EXIT_WRITE", FOLIO_EXIT_WRITE }, { "FOLIO_EXIT_SOME_FAILED", FOLIO_EXIT_SOME_FAILED },
  { "FOLIO_EXIT_LOCKED", FOLIO_EXIT_LOCKED },
  { "FOLIO_EXIT_PAGES_SKIPPED", FOLIO_EXIT_PAGES_SKIPPED },
}, error_names[] = {
  { "FOLIO_ERROR_FAILED", FOLIO_ERROR_FAILED }, { "FOLIO_ERROR_INVALID_ARGUMENT", FOLIO_ERROR_INVALID_ARGUMENT },
  { "FOLIO_ERROR_NOT_FOUND", FOLIO_ERROR_NOT_FOUND }, { "FOLIO_ERROR_NOT_SUPPORTED", FOLIO_ERROR_NOT_SUPPORTED },
  { "FOLIO_ERROR_CORRUPT", FOLIO_ERROR_CORRUPT }, { "FOLIO_ERROR_ENCRYPTED", FOLIO_ERROR_ENCRYPTED },
  { "FOLIO_ERROR_NO_TEXT", FOLIO_ERROR_NO_TEXT }, { "FOLIO_ERROR_BAD_STREAM", FOLIO_ERROR_BAD_STREAM },
  { "FOLIO_ERROR_LIMIT", FOLIO_ERROR_LIMIT }, { "FOLIO_ERROR_WRITE", FOLIO_ERROR_WRITE },
  { "FOLIO_ERROR_PAGES_SKIPPED", FOLIO_ERROR_PAGES_SKIPPED },
};

static int
lookup (const char *name, gboolean exit_code)
{
  gsize n = exit_code ? G_N_ELEMENTS (exit_names) : G_N_ELEMENTS (error_names);

  for (gsize i = 0; i < n; i++)
    {
      const char *known = exit_code ? exit_names[i].name : error_names[i].name;

      if (strcmp (known, name) == 0)
        return exit_code ? exit_names[i].value : error_names[i].value;
    }
  ck_abort_msg ("docs/exit-codes.md names %s, which the header does not have", name);
  return -1;
}

START_TEST (test_exit_codes_doc)
{
  const char *data = g_getenv ("FOLIO_TEST_DATA");
  g_autofree char *path = data ? g_build_filename (data, "..", "..", "docs", "exit-codes.md", NULL) : NULL;
  g_autofree char *text = NULL;
  g_autoptr (GRegex) row = NULL, error_re = NULL;
  g_autoptr (GMatchInfo) m = NULL;
  guint rows = 0, errors = 0;

  if (path != NULL && !g_file_test (path, G_FILE_TEST_EXISTS))
    g_clear_pointer (&path, g_free);
  FOLIO_SKIP_UNLESS (path, "docs/exit-codes.md");
  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  row = g_regex_new ("^\\| *([0-9]+) *\\| *`(FOLIO_EXIT_[A-Z_]+)` *\\|.*\\|([^|]*)\\| *$",
                     G_REGEX_MULTILINE, 0, NULL);
  error_re = g_regex_new ("`(FOLIO_ERROR_[A-Z_]+)`", 0, 0, NULL);
  ck_assert (row != NULL && error_re != NULL);

  for (g_regex_match (row, text, 0, &m); g_match_info_matches (m); g_match_info_next (m, NULL))
    {
      g_autofree char *number = g_match_info_fetch (m, 1);
      g_autofree char *name = g_match_info_fetch (m, 2);
      g_autofree char *mapped = g_match_info_fetch (m, 3);
      g_autoptr (GMatchInfo) em = NULL;
      int value = atoi (number);

      ck_assert_msg (lookup (name, TRUE) == value, "docs say %s is %d, the header says %d",
                     name, value, lookup (name, TRUE));
      rows++;
      for (g_regex_match (error_re, mapped, 0, &em); g_match_info_matches (em); g_match_info_next (em, NULL))
        {
          g_autofree char *ename = g_match_info_fetch (em, 1);
          g_autoptr (GError) error = g_error_new (FOLIO_ERROR, lookup (ename, FALSE), "x");

          ck_assert_msg ((int) folio_error_exit_code (error) == value,
                         "docs map %s to %d, folio_error_exit_code() to %d",
                         ename, value, folio_error_exit_code (error));
          errors++;
        }
    }
  ck_assert_uint_eq (rows, G_N_ELEMENTS (exit_names));
  ck_assert_uint_eq (errors, G_N_ELEMENTS (error_names));
}
END_TEST

START_TEST (test_domain)
{
  GQuark q = FOLIO_ERROR;

  ck_assert_uint_ne (q, 0);
  ck_assert_uint_eq (q, folio_error_quark ());
  ck_assert_str_eq (g_quark_to_string (q), "folio-error-quark");
}
END_TEST

static Suite *
error_suite (void)
{
  Suite *s = suite_create ("error");
  TCase *tc;

  tc = tcase_create ("exit-code");
  tcase_add_loop_test (tc, test_exit_code_for_each_error, 0, G_N_ELEMENTS (mapping));
  tcase_add_test (tc, test_every_code_listed);
  tcase_add_test (tc, test_exit_code_success);
  tcase_add_test (tc, test_exit_code_foreign);
  suite_add_tcase (s, tc);

  tc = tcase_create ("documented-numbers");
  tcase_add_test (tc, test_exit_code_numbers);
  tcase_add_test (tc, test_exit_codes_doc);
  suite_add_tcase (s, tc);

  tc = tcase_create ("domain");
  tcase_add_test (tc, test_domain);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return folio_test_main (error_suite ());
}
