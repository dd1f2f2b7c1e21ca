/* Text extraction: paginated plain text (pdftotext or OCR output) into
 * pages and lines, with the rules of docs/stream-format.md section 5.1. */
#include "folio-test.h"

#include <stdio.h>   /* FOLIO_SKIP_UNLESS uses fprintf; folio-test.h does not include it */
#include <string.h>

/* ------------------------------------------------------------- helpers */

/* Writes @len bytes of @data (-1: a C string) to a file @name in the test's
 * temporary directory; returns its path. */
static char *
write_input (const char *name, const char *data, gssize len)
{
  char *path = g_build_filename (folio_test_tmpdir (), name, NULL);
  g_autoptr (GError) error = NULL;

  ck_assert_msg (g_file_set_contents (path, data, len, &error), "%s: %s", path,
                 error ? error->message : "?");
  return path;
}

/* Extracts @data, written to @name, with @opts; fails the test on error. */
static FolioDocument *
extract_data (const char *name, const char *data, gssize len, const FolioExtractOptions *opts)
{
  g_autofree char *path = write_input (name, data, len);
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = folio_extract_file (path, opts, &error);

  ck_assert_msg (doc != NULL, "%s: %s", name, error ? error->message : "?");
  ck_assert_ptr_null (error);
  ck_assert_int_eq (doc->media_type, FOLIO_MEDIA_TEXT);
  ck_assert_uint_eq (doc->pages->len, doc->last_page - doc->first_page + 1);
  return g_steal_pointer (&doc);
}

static FolioDocument *
extract_text (const char *text)
{
  return extract_data ("input.txt", text, -1, NULL);
}

/* Extracting @data written to @name must fail with @code, the message
 * naming the file. */
static void
assert_extract_fails (const char *name, const char *data, gssize len,
                      const FolioExtractOptions *opts, FolioError code)
{
  g_autofree char *path = write_input (name, data, len);
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = folio_extract_file (path, opts, &error);

  ck_assert_msg (doc == NULL, "%s was extracted, but must fail", name);
  ck_assert_msg (g_error_matches (error, FOLIO_ERROR, code), "%s: expected code %d, got %s",
                 name, code, error ? error->message : "no error");
  ck_assert_msg (strstr (error->message, path) != NULL, "message \"%s\" does not name %s",
                 error->message, path);
}

static const FolioPage *
page_at (const FolioDocument *doc, guint i)
{
  ck_assert_uint_lt (i, doc->pages->len);
  return g_ptr_array_index (doc->pages, i);
}

/* Asserts @page has index @index and exactly the lines @texts (NULL-ended),
 * each a text line of that page. */
static void
assert_page (const FolioPage *page, guint index, const char *const *texts)
{
  guint n = texts ? g_strv_length ((char **) texts) : 0;

  ck_assert_uint_eq (page->index, index);
  ck_assert_ptr_null (page->label);
  ck_assert_double_eq (page->width, 0);
  ck_assert_double_eq (page->height, 0);
  for (guint i = 0; i < page->lines->len && i < n; i++)
    {
      const FolioLine *line = g_ptr_array_index (page->lines, i);

      ck_assert_msg (strcmp (folio_line_text (line), texts[i]) == 0,
                     "page %u line %u: \"%s\", expected \"%s\"", index, i + 1, folio_line_text (line), texts[i]);
      ck_assert_uint_eq (line->page, index);
      ck_assert (!line->has_geometry);
      ck_assert_ptr_null (line->font);
    }
  ck_assert_msg (page->lines->len == n, "page %u has %u lines, expected %u", index,
                 page->lines->len, n);
}

#define LINES(...) ((const char *const[]) { __VA_ARGS__, NULL })
#define NO_LINES NULL

/* ---------------------------------------------------------- pagination */

START_TEST (test_one_page)
{
  g_autoptr (FolioDocument) doc = extract_text ("first\nsecond\n");

  ck_assert_uint_eq (doc->page_count, 1);
  ck_assert_uint_eq (doc->first_page, 1);
  ck_assert_uint_eq (doc->last_page, 1);
  assert_page (page_at (doc, 0), 1, LINES ("first", "second"));
}
END_TEST

START_TEST (test_no_final_newline)
{
  g_autoptr (FolioDocument) doc = extract_text ("first\nsecond");

  ck_assert_uint_eq (doc->page_count, 1);
  assert_page (page_at (doc, 0), 1, LINES ("first", "second"));
}
END_TEST

START_TEST (test_form_feeds)
{
  g_autoptr (FolioDocument) doc = extract_text ("p1 a\np1 b\n\fp2\n\fp3");

  ck_assert_uint_eq (doc->page_count, 3);
  ck_assert_uint_eq (doc->first_page, 1);
  ck_assert_uint_eq (doc->last_page, 3);
  assert_page (page_at (doc, 0), 1, LINES ("p1 a", "p1 b"));
  assert_page (page_at (doc, 1), 2, LINES ("p2"));
  assert_page (page_at (doc, 2), 3, LINES ("p3"));
}
END_TEST

/* A form feed ends a page; the one pdftotext puts after the last page does
 * not start another, and neither does whitespace after it. */
static const struct {
  const char *input;
  const char *const *last_page;   /* lines of page 2, the last */
} trailing_ff[] = {
  { "p1\fp2\f", LINES ("p2") },
  { "p1\n\fp2\n\f", LINES ("p2") },           /* what pdftotext writes */
  { "p1\n\fp2\n\f\n", LINES ("p2") },         /* ... and an editor's final newline */
  { "p1\n\fp2\n\f \n\t\n", LINES ("p2") },
  { "p1\r\n\fp2\r\n\f\r\n", LINES ("p2") },
};

START_TEST (test_trailing_form_feed)
{
  g_autoptr (FolioDocument) doc = extract_text (trailing_ff[_i].input);
  g_autofree char *shown = g_strescape (trailing_ff[_i].input, NULL);

  ck_assert_msg (doc->page_count == 2, "\"%s\": %u pages, expected 2", shown, doc->page_count);
  assert_page (page_at (doc, 0), 1, LINES ("p1"));
  assert_page (page_at (doc, 1), 2, trailing_ff[_i].last_page);
}
END_TEST

/* Text after the last form feed is a page. */
START_TEST (test_text_after_last_form_feed)
{
  g_autoptr (FolioDocument) doc = extract_text ("p1\n\fp2\n\f  p3\n");

  ck_assert_uint_eq (doc->page_count, 3);
  assert_page (page_at (doc, 2), 3, LINES ("  p3"));
}
END_TEST

/* Two form feeds in a row make a page without lines; so does a page of one
 * blank line. */
START_TEST (test_empty_page)
{
  g_autoptr (FolioDocument) doc = extract_text ("p1\n\f\fp3\n\f\n\fp5\n");

  ck_assert_uint_eq (doc->page_count, 5);
  assert_page (page_at (doc, 0), 1, LINES ("p1"));
  assert_page (page_at (doc, 1), 2, NO_LINES);
  assert_page (page_at (doc, 2), 3, LINES ("p3"));
  assert_page (page_at (doc, 3), 4, NO_LINES);
  assert_page (page_at (doc, 4), 5, LINES ("p5"));
}
END_TEST

/* A file of form feeds only is pages without lines. */
START_TEST (test_only_form_feeds)
{
  g_autoptr (FolioDocument) doc = extract_text ("\f\f");

  ck_assert_uint_eq (doc->page_count, 2);
  assert_page (page_at (doc, 0), 1, NO_LINES);
  assert_page (page_at (doc, 1), 2, NO_LINES);
}
END_TEST

/* ---------------------------------------------------------------- lines */

START_TEST (test_crlf)
{
  g_autoptr (FolioDocument) doc = extract_text ("dos\r\nline\r\n\r\nmac\rold\r\fp2\r\n");

  ck_assert_uint_eq (doc->page_count, 2);
  assert_page (page_at (doc, 0), 1, LINES ("dos", "line", "", "mac", "old"));
  assert_page (page_at (doc, 1), 2, LINES ("p2"));
}
END_TEST

START_TEST (test_trailing_whitespace)
{
  g_autoptr (FolioDocument) doc = extract_text ("spaces   \ntabs\t\t\nmixed \t \n   indented  \nin  side\n");

  assert_page (page_at (doc, 0), 1, LINES ("spaces", "tabs", "mixed", "   indented", "in  side"));
}
END_TEST

START_TEST (test_blank_lines)
{
  g_autoptr (FolioDocument) doc = extract_text ("\nparagraph one\n\n   \n\t\nparagraph two\n\n");

  /* The last newline ends the last (blank) line; it does not add another. */
  assert_page (page_at (doc, 0), 1, LINES ("", "paragraph one", "", "", "", "paragraph two", ""));
}
END_TEST

/* Lines up to FOLIO_EXTRACT_MAX_LINE_BYTES are fine; one byte more is
 * FOLIO_ERROR_LIMIT. */
START_TEST (test_line_limit)
{
  gsize max = FOLIO_EXTRACT_MAX_LINE_BYTES;
  g_autofree char *text = g_malloc (max + 2 + 8);
  g_autoptr (FolioDocument) doc = NULL;

  memset (text, 'a', max);
  strcpy (text + max, "\nshort\n");
  doc = extract_data ("long-ok.txt", text, -1, NULL);
  ck_assert_uint_eq (page_at (doc, 0)->lines->len, 2);
  ck_assert_uint_eq (strlen (folio_line_text (g_ptr_array_index (page_at (doc, 0)->lines, 0))), max);

  memset (text, 'a', max + 1);
  strcpy (text + max + 1, "\nshort\n");
  assert_extract_fails ("long.txt", text, -1, NULL, FOLIO_ERROR_LIMIT);
}
END_TEST

/* ------------------------------------------------------------- encoding */

START_TEST (test_utf8)
{
  g_autoptr (FolioDocument) doc = extract_text ("café “quoted” €5 😀\n");

  ck_assert_str_eq (doc->encoding, "utf-8");
  assert_page (page_at (doc, 0), 1, LINES ("café “quoted” €5 😀"));
}
END_TEST

START_TEST (test_utf8_bom)
{
  static const char text[] = "\xef\xbb\xbfmet BOM\n";
  g_autoptr (FolioDocument) doc = extract_text (text);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  ck_assert_str_eq (doc->encoding, "utf-8");
  assert_page (page_at (doc, 0), 1, LINES ("met BOM"));
  /* size and hash are of the bytes as read, BOM included */
  ck_assert_uint_eq (doc->size, sizeof text - 1);
  ck_assert_str_eq (doc->sha256, sha);
}
END_TEST

START_TEST (test_windows_1252)
{
  g_autoptr (FolioDocument) doc = extract_text ("caf\xe9 \x93quoted\x94 \x80" "5\nna\xefve\n");

  ck_assert_str_eq (doc->encoding, "windows-1252");
  assert_page (page_at (doc, 0), 1, LINES ("café “quoted” €5", "naïve"));
}
END_TEST

/* The five bytes Windows-1252 leaves undefined do not make the text
 * unreadable: every byte still becomes a character. */
START_TEST (test_windows_1252_undefined_bytes)
{
  g_autoptr (FolioDocument) doc = extract_text ("caf\xe9 \x81\x8d\x8f\x90\x9d end\n");
  const FolioLine *line;

  ck_assert_ptr_nonnull (doc->encoding);
  ck_assert_str_ne (doc->encoding, "utf-8");
  ck_assert_uint_eq (page_at (doc, 0)->lines->len, 1);
  line = g_ptr_array_index (page_at (doc, 0)->lines, 0);
  ck_assert (g_utf8_validate (folio_line_text (line), -1, NULL));
  ck_assert (g_str_has_prefix (folio_line_text (line), "café "));
  ck_assert (g_str_has_suffix (folio_line_text (line), " end"));
  ck_assert_uint_eq (g_utf8_strlen (folio_line_text (line), -1), (glong) g_utf8_strlen ("café  end", -1) + 5);
}
END_TEST

/* ---------------------------------------------------------- not text */

START_TEST (test_nul_bytes)
{
  static const char data[] = "looks like text\n\0but is not\n";

  assert_extract_fails ("nul.txt", data, sizeof data - 1, NULL, FOLIO_ERROR_NOT_SUPPORTED);
}
END_TEST

START_TEST (test_binary)
{
  char data[256];

  for (gsize i = 0; i < sizeof data; i++)
    data[i] = (char) (1 + i % 31);   /* control characters, no NUL */
  assert_extract_fails ("binary.dat", data, sizeof data, NULL, FOLIO_ERROR_NOT_SUPPORTED);
}
END_TEST

START_TEST (test_pdf_name_not_pdf)
{
  assert_extract_fails ("report.pdf", "just some text\n", -1, NULL, FOLIO_ERROR_NOT_SUPPORTED);
  assert_extract_fails ("REPORT.PDF", "just some text\n", -1, NULL, FOLIO_ERROR_NOT_SUPPORTED);
  assert_extract_fails ("page.txt", "<!DOCTYPE html>\n<html><body>404</body></html>\n", -1, NULL,
                        FOLIO_ERROR_NOT_SUPPORTED);
}
END_TEST

/* Told it is text, folio believes it, whatever the name. */
START_TEST (test_forced_text)
{
  FolioExtractOptions opts = FOLIO_EXTRACT_OPTIONS_INIT;
  g_autoptr (FolioDocument) doc = NULL;

  opts.input_type = FOLIO_INPUT_TEXT;
  doc = extract_data ("named.pdf", "text after all\n", -1, &opts);
  assert_page (page_at (doc, 0), 1, LINES ("text after all"));
}
END_TEST

START_TEST (test_empty_file)
{
  assert_extract_fails ("empty.txt", "", 0, NULL, FOLIO_ERROR_NOT_SUPPORTED);
}
END_TEST

START_TEST (test_missing_file)
{
  g_autofree char *path = g_build_filename (folio_test_tmpdir (), "no-such-file.txt", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = folio_extract_file (path, NULL, &error);

  ck_assert_ptr_null (doc);
  ck_assert (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND));
  ck_assert (g_str_has_prefix (error->message, path));
  g_clear_error (&error);

  /* a directory is not an input either */
  doc = folio_extract_file (folio_test_tmpdir (), NULL, &error);
  ck_assert_ptr_null (doc);
  ck_assert (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND));
}
END_TEST

/* ---------------------------------------------------------- page range */

/* No form feed after the last page: that case has tests of its own. */
static const char four_pages[] = "one\n\ftwo\n\fthree\n\ffour\n";

static const struct {
  guint first, last;           /* options */
  guint want_first, want_last; /* the range read */
} ranges[] = {
  { 0, 0, 1, 4 },
  { 2, 3, 2, 3 },
  { 3, 0, 3, 4 },
  { 0, 2, 1, 2 },
  { 4, 4, 4, 4 },
  { 2, 99, 2, 4 },   /* last page past the end is clamped */
};

START_TEST (test_range)
{
  static const char *const texts[] = { "one", "two", "three", "four" };
  FolioExtractOptions opts = FOLIO_EXTRACT_OPTIONS_INIT;
  g_autoptr (FolioDocument) doc = NULL;

  opts.first_page = ranges[_i].first;
  opts.last_page = ranges[_i].last;
  doc = extract_data ("four.txt", four_pages, -1, &opts);
  ck_assert_uint_eq (doc->page_count, 4);
  ck_assert_uint_eq (doc->first_page, ranges[_i].want_first);
  ck_assert_uint_eq (doc->last_page, ranges[_i].want_last);
  ck_assert_uint_eq (doc->pages->len, ranges[_i].want_last - ranges[_i].want_first + 1);
  for (guint i = 0; i < doc->pages->len; i++)
    {
      guint index = ranges[_i].want_first + i;

      assert_page (page_at (doc, i), index, LINES (texts[index - 1]));
    }
}
END_TEST

START_TEST (test_range_invalid)
{
  FolioExtractOptions opts = FOLIO_EXTRACT_OPTIONS_INIT;

  opts.first_page = 3;
  opts.last_page = 2;
  assert_extract_fails ("four.txt", four_pages, -1, &opts, FOLIO_ERROR_INVALID_ARGUMENT);

  opts.first_page = 5;
  opts.last_page = 0;
  assert_extract_fails ("four.txt", four_pages, -1, &opts, FOLIO_ERROR_INVALID_ARGUMENT);

  opts.first_page = 5;
  opts.last_page = 9;
  assert_extract_fails ("four.txt", four_pages, -1, &opts, FOLIO_ERROR_INVALID_ARGUMENT);
}
END_TEST

/* ------------------------------------------------------------ extractor */

/* The page-by-page API: the header first, then each page of the range, then
 * NULL with no error, and NULL again after that. */
START_TEST (test_extractor)
{
  g_autofree char *path = write_input ("pages.txt", four_pages, -1);
  FolioExtractOptions opts = FOLIO_EXTRACT_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioExtractor) ex = NULL;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, four_pages, -1);
  const FolioDocument *doc;
  guint expect = 2;

  opts.first_page = 2;
  ex = folio_extractor_open (path, &opts, &error);
  ck_assert_msg (ex != NULL, "%s", error ? error->message : "?");
  doc = folio_extractor_get_document (ex);
  ck_assert_str_eq (doc->source, path);
  ck_assert_uint_eq (doc->size, strlen (four_pages));
  ck_assert_str_eq (doc->sha256, sha);
  ck_assert_int_eq (doc->media_type, FOLIO_MEDIA_TEXT);
  ck_assert_str_eq (doc->encoding, "utf-8");
  ck_assert_uint_eq (doc->page_count, 4);
  ck_assert_uint_eq (doc->first_page, 2);
  ck_assert_uint_eq (doc->last_page, 4);
  ck_assert (!doc->encrypted);
  ck_assert_uint_eq (doc->outline->len, 0);

  for (;;)
    {
      g_autoptr (FolioPage) page = folio_extractor_next_page (ex, &error);

      ck_assert_ptr_null (error);
      if (page == NULL)
        break;
      ck_assert_uint_eq (page->index, expect);
      ck_assert_uint_eq (page->lines->len, 1);
      expect++;
    }
  ck_assert_uint_eq (expect, 5);
  ck_assert_uint_eq (doc->pages->len, 0);   /* pages are the caller's */
  ck_assert_ptr_null (folio_extractor_next_page (ex, &error));
  ck_assert_ptr_null (error);
  /* text input has text by definition */
  ck_assert (folio_extractor_check_text (ex, &error));
  ck_assert_ptr_null (error);
}
END_TEST

/* ------------------------------------------------------------ real data */

/* One page of pdftotext output from a Dutch government PDF. */
START_TEST (test_seed_page)
{
  g_autofree char *path = folio_test_seed ("selectielijst-mivd-p113.txt");
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  const FolioPage *page;
  guint blank = 0;

  FOLIO_SKIP_UNLESS (path, "seed selectielijst-mivd-p113.txt");
  doc = folio_extract_file (path, NULL, &error);
  ck_assert_msg (doc != NULL, "%s", error ? error->message : "?");
  ck_assert_int_eq (doc->media_type, FOLIO_MEDIA_TEXT);
  ck_assert_str_eq (doc->encoding, "utf-8");
  ck_assert_uint_eq (doc->page_count, 1);
  ck_assert_uint_eq (doc->pages->len, 1);
  page = page_at (doc, 0);
  ck_assert_uint_eq (page->index, 1);
  ck_assert_uint_gt (page->lines->len, 2);
  ck_assert_str_eq (folio_line_text (g_ptr_array_index (page->lines, 0)),
                    "Versie 0.16 ter inzagelegging | Generieke Selectielijst MIVD | maart 2015");
  ck_assert_str_eq (folio_line_text (g_ptr_array_index (page->lines, page->lines->len - 1)),
                    "Pagina 113 van 167");
  for (guint i = 0; i < page->lines->len; i++)
    {
      const FolioLine *line = g_ptr_array_index (page->lines, i);
      gsize len = strlen (folio_line_text (line));

      ck_assert_uint_eq (line->page, 1);
      ck_assert_msg (len == 0 || !g_ascii_isspace (folio_line_text (line)[len - 1]),
                     "line %u has trailing whitespace: \"%s\"", i + 1, folio_line_text (line));
      ck_assert (g_utf8_validate (folio_line_text (line), -1, NULL));
      if (len == 0)
        blank++;
    }
  ck_assert_uint_gt (blank, 0);
}
END_TEST

/* --------------------------------------------------------------- suite */

static Suite *
extract_text_suite (void)
{
  Suite *s = suite_create ("extract-text");
  TCase *tc;

  tc = tcase_create ("pages");
  tcase_add_test (tc, test_one_page);
  tcase_add_test (tc, test_no_final_newline);
  tcase_add_test (tc, test_form_feeds);
  tcase_add_test (tc, test_text_after_last_form_feed);
  suite_add_tcase (s, tc);

  tc = tcase_create ("trailing-form-feed");
  tcase_add_loop_test (tc, test_trailing_form_feed, 0, G_N_ELEMENTS (trailing_ff));
  suite_add_tcase (s, tc);

  tc = tcase_create ("empty-page");
  tcase_add_test (tc, test_empty_page);
  tcase_add_test (tc, test_only_form_feeds);
  suite_add_tcase (s, tc);

  tc = tcase_create ("line-ends");
  tcase_add_test (tc, test_crlf);
  suite_add_tcase (s, tc);

  tc = tcase_create ("whitespace");
  tcase_add_test (tc, test_trailing_whitespace);
  tcase_add_test (tc, test_blank_lines);
  suite_add_tcase (s, tc);

  tc = tcase_create ("line-limit");
  tcase_add_test (tc, test_line_limit);
  suite_add_tcase (s, tc);

  tc = tcase_create ("encoding");
  tcase_add_test (tc, test_utf8);
  tcase_add_test (tc, test_utf8_bom);
  tcase_add_test (tc, test_windows_1252);
  tcase_add_test (tc, test_windows_1252_undefined_bytes);
  suite_add_tcase (s, tc);

  tc = tcase_create ("not-text");
  tcase_add_test (tc, test_nul_bytes);
  tcase_add_test (tc, test_binary);
  tcase_add_test (tc, test_pdf_name_not_pdf);
  tcase_add_test (tc, test_forced_text);
  tcase_add_test (tc, test_empty_file);
  suite_add_tcase (s, tc);

  tc = tcase_create ("not-found");
  tcase_add_test (tc, test_missing_file);
  suite_add_tcase (s, tc);

  tc = tcase_create ("page-range");
  tcase_add_loop_test (tc, test_range, 0, G_N_ELEMENTS (ranges));
  tcase_add_test (tc, test_range_invalid);
  suite_add_tcase (s, tc);

  tc = tcase_create ("extractor");
  tcase_add_test (tc, test_extractor);
  suite_add_tcase (s, tc);

  tc = tcase_create ("seed");
  tcase_add_test (tc, test_seed_page);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return folio_test_main (extract_text_suite ());
}
