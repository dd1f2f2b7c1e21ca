/* The folio stream codec: writer output, reader checks, and the fixtures in
 * tests/data/streams/ (y_ must be read, n_ must fail as the table says). */
#include "folio-test.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------- helpers */

/* Writes @doc with folio_stream_write() into memory. */
static GBytes *
write_to_bytes (const FolioDocument *doc)
{
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;

  ck_assert_msg (folio_stream_write (out, "memory", doc, &error),
                 "write failed: %s", error ? error->message : "?");
  ck_assert (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static FolioDocument *
read_from_data (const char *data, gsize len, const char *name, GError **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, len);
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);

  return folio_stream_read (in, name, error);
}

static FolioDocument *
read_from_bytes (GBytes *bytes, GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return read_from_data (data, len, "memory", error);
}

/* Whether @error is FOLIO_ERROR/@code with a message beginning "NAME:LINE: "
 * (just "NAME: " when @line is 0: a stream with no record has no line);
 * if not, says why in @why. */
static gboolean
stream_error_ok (const GError *error, FolioError code, const char *name, guint line,
                 char *why, gsize why_size)
{
  g_autofree char *prefix = line > 0 ? g_strdup_printf ("%s:%u: ", name, line)
                                     : g_strdup_printf ("%s: ", name);

  if (error == NULL)
    g_snprintf (why, why_size, "%s: expected an error", name);
  else if (!g_error_matches (error, FOLIO_ERROR, code))
    g_snprintf (why, why_size, "%s: expected code %d, got %s/%d: %s", name, code,
                g_quark_to_string (error->domain), error->code, error->message);
  else if (!g_str_has_prefix (error->message, prefix))
    g_snprintf (why, why_size, "%s: message \"%s\" does not begin with \"%s\"",
                name, error->message, prefix);
  else
    return TRUE;
  return FALSE;
}

/* The assertions come after the cleanup, so that a failing check (which
 * does not return, and under CK_FORK=no skips g_autoptr) leaks nothing for
 * valgrind to report on top of the failure itself. */
static char why[2048];

static void
assert_stream_error (const GError *error, FolioError code, const char *name, guint line)
{
  ck_assert_msg (stream_error_ok (error, code, name, line, why, sizeof why), "%s", why);
}

static FolioLine *
pdf_line (guint page, const char *text, FolioBBox bbox, const char *font,
          double size, gboolean bold, gboolean italic)
{
  FolioLine *line = folio_line_new (page, text);

  line->has_geometry = TRUE;
  folio_line_set_bbox (line, bbox);
  line->font = g_intern_string (font);
  line->size = size;
  line->bold = bold;
  line->italic = italic;
  return line;
}

/* A PDF document with everything the writer can write, pages 2-3 of 5.
 * Numbers have more than two decimals on purpose; see pdf_expected_*. */
static FolioDocument *
make_pdf_document (void)
{
  g_autoptr (FolioDocument) doc = folio_document_new ();
  g_autoptr (FolioPage) p2 = folio_page_new (2);
  g_autoptr (FolioPage) p3 = folio_page_new (3);

  doc->source = g_strdup ("reports/jaarverslag 2015.pdf");
  doc->sha256 = g_strdup ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  doc->size = G_GUINT64_CONSTANT (5000000000);
  doc->media_type = FOLIO_MEDIA_PDF;
  doc->page_count = 5;
  doc->first_page = 2;
  doc->last_page = 3;
  doc->encrypted = TRUE;
  doc->info.title = g_strdup ("Jaarverslag \"2015\"");
  doc->info.author = g_strdup ("Ministerie van Defensie");
  doc->info.producer = g_strdup ("Acrobat Distiller 10.0");
  doc->info.created = g_strdup ("2015-03-01T10:00:00+01:00");
  doc->info.pdf_version = g_strdup ("PDF-1.6");
  g_ptr_array_add (doc->outline, folio_outline_entry_new ("Inleiding", 1, 2));
  g_ptr_array_add (doc->outline, folio_outline_entry_new ("Bijlage § 2", 2, 0));
  doc->outline_truncated = TRUE;

  p2->label = g_strdup ("ii");
  p2->width = 595.276;
  p2->height = 841.89;
  g_ptr_array_add (p2->lines, pdf_line (2, "Hoofdstuk 1", (FolioBBox) { 72.004, 100.126, 300.5, 112.999 },
                                        "Helvetica-Bold", 11.955, TRUE, FALSE));
  g_ptr_array_add (p2->lines, pdf_line (2, "cursief, zonder font", (FolioBBox) { -0.001, 0.004, 10, 20.555 },
                                        NULL, 0, FALSE, TRUE));
  g_ptr_array_add (p2->lines, pdf_line (2, "", (FolioBBox) { 1, 2, 3, 4 }, "Times", 9, FALSE, FALSE));
  p3->width = 612;
  p3->height = 792;
  g_ptr_array_add (doc->pages, g_steal_pointer (&p2));
  g_ptr_array_add (doc->pages, g_steal_pointer (&p3));
  return g_steal_pointer (&doc);
}

/* A text document: lines without geometry, a blank line, an empty page. */
static FolioDocument *
make_text_document (void)
{
  g_autoptr (FolioDocument) doc = folio_document_new ();
  g_autoptr (FolioPage) p1 = folio_page_new (1);
  g_autoptr (FolioPage) p2 = folio_page_new (2);
  g_autoptr (FolioPage) p3 = folio_page_new (3);

  doc->source = g_strdup ("-");
  doc->sha256 = g_strdup ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  doc->size = 42;
  doc->media_type = FOLIO_MEDIA_TEXT;
  doc->encoding = g_strdup ("windows-1252");
  doc->page_count = 3;
  doc->first_page = 1;
  doc->last_page = 3;
  g_ptr_array_add (p1->lines, folio_line_new (1, "Versie 0.16 | maart 2015"));
  g_ptr_array_add (p1->lines, folio_line_new (1, ""));
  g_ptr_array_add (p1->lines, folio_line_new (1, "café €"));
  g_ptr_array_add (p3->lines, folio_line_new (3, "Pagina 3 van 3"));
  g_ptr_array_add (doc->pages, g_steal_pointer (&p1));
  g_ptr_array_add (doc->pages, g_steal_pointer (&p2));
  g_ptr_array_add (doc->pages, g_steal_pointer (&p3));
  return g_steal_pointer (&doc);
}

#define ck_assert_number(actual, expected) ck_assert_double_eq_tol ((actual), (expected), 1e-9)

static FolioPage *
page_at (const FolioDocument *doc, guint i)
{
  ck_assert_uint_lt (i, doc->pages->len);
  return g_ptr_array_index (doc->pages, i);
}

static FolioLine *
line_at (const FolioPage *page, guint i)
{
  ck_assert_uint_lt (i, page->lines->len);
  return g_ptr_array_index (page->lines, i);
}

/* ---------------------------------------------------------- round trip */

START_TEST (test_round_trip_pdf)
{
  g_autoptr (FolioDocument) doc = make_pdf_document ();
  g_autoptr (GBytes) bytes = write_to_bytes (doc);
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) back = read_from_bytes (bytes, &error);
  const FolioOutlineEntry *e;
  const FolioPage *p;
  const FolioLine *l;

  ck_assert_msg (back != NULL, "read failed: %s", error ? error->message : "?");
  ck_assert_ptr_null (error);

  ck_assert_str_eq (back->source, doc->source);
  ck_assert_str_eq (back->sha256, doc->sha256);
  ck_assert_uint_eq (back->size, doc->size);
  ck_assert_int_eq (back->media_type, FOLIO_MEDIA_PDF);
  ck_assert_ptr_null (back->encoding);
  ck_assert_uint_eq (back->page_count, 5);
  ck_assert_uint_eq (back->first_page, 2);
  ck_assert_uint_eq (back->last_page, 3);
  ck_assert (back->encrypted);
  ck_assert (back->outline_truncated);

  ck_assert_str_eq (back->info.title, "Jaarverslag \"2015\"");
  ck_assert_str_eq (back->info.author, "Ministerie van Defensie");
  ck_assert_ptr_null (back->info.subject);
  ck_assert_ptr_null (back->info.keywords);
  ck_assert_ptr_null (back->info.creator);
  ck_assert_str_eq (back->info.producer, "Acrobat Distiller 10.0");
  ck_assert_str_eq (back->info.created, "2015-03-01T10:00:00+01:00");
  ck_assert_ptr_null (back->info.modified);
  ck_assert_str_eq (back->info.pdf_version, "PDF-1.6");

  ck_assert_uint_eq (back->outline->len, 2);
  e = g_ptr_array_index (back->outline, 0);
  ck_assert_str_eq (e->title, "Inleiding");
  ck_assert_uint_eq (e->level, 1);
  ck_assert_uint_eq (e->page, 2);
  e = g_ptr_array_index (back->outline, 1);
  ck_assert_str_eq (e->title, "Bijlage § 2");
  ck_assert_uint_eq (e->level, 2);
  ck_assert_uint_eq (e->page, 0);

  ck_assert_uint_eq (back->pages->len, 2);
  p = page_at (back, 0);
  ck_assert_uint_eq (p->index, 2);
  ck_assert_str_eq (p->label, "ii");
  ck_assert_number (p->width, 595.28);   /* 595.276 rounded */
  ck_assert_number (p->height, 841.89);
  ck_assert_uint_eq (p->lines->len, 3);

  l = line_at (p, 0);
  ck_assert_uint_eq (l->page, 2);
  ck_assert_str_eq (folio_line_text (l), "Hoofdstuk 1");
  ck_assert (l->has_geometry);
  ck_assert_number (folio_line_bbox (l).x0, 72.0);
  ck_assert_number (folio_line_bbox (l).y0, 100.13);
  ck_assert_number (folio_line_bbox (l).x1, 300.5);
  ck_assert_number (folio_line_bbox (l).y1, 113.0);
  ck_assert_str_eq (l->font, "Helvetica-Bold");
  ck_assert_number (l->size, 11.96);
  ck_assert (l->bold);
  ck_assert (!l->italic);

  l = line_at (p, 1);
  ck_assert_str_eq (folio_line_text (l), "cursief, zonder font");
  ck_assert (l->has_geometry);
  ck_assert_number (folio_line_bbox (l).x0, 0.0);    /* -0.001 rounds to 0, written "0" */
  ck_assert_number (folio_line_bbox (l).y0, 0.0);
  ck_assert_number (folio_line_bbox (l).x1, 10.0);
  ck_assert_number (folio_line_bbox (l).y1, 20.56);
  ck_assert_ptr_null (l->font);
  ck_assert_number (l->size, 0.0);
  ck_assert (!l->bold);
  ck_assert (l->italic);

  l = line_at (p, 2);
  ck_assert_str_eq (folio_line_text (l), "");
  ck_assert_str_eq (l->font, "Times");
  ck_assert_number (l->size, 9.0);

  p = page_at (back, 1);
  ck_assert_uint_eq (p->index, 3);
  ck_assert_ptr_null (p->label);
  ck_assert_number (p->width, 612.0);
  ck_assert_number (p->height, 792.0);
  ck_assert_uint_eq (p->lines->len, 0);
}
END_TEST

START_TEST (test_round_trip_text)
{
  g_autoptr (FolioDocument) doc = make_text_document ();
  g_autoptr (GBytes) bytes = write_to_bytes (doc);
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) back = read_from_bytes (bytes, &error);
  const char *const texts[] = { "Versie 0.16 | maart 2015", "", "café €" };
  const FolioPage *p;

  ck_assert_msg (back != NULL, "read failed: %s", error ? error->message : "?");
  ck_assert_str_eq (back->source, "-");
  ck_assert_str_eq (back->sha256, doc->sha256);
  ck_assert_uint_eq (back->size, 42);
  ck_assert_int_eq (back->media_type, FOLIO_MEDIA_TEXT);
  ck_assert_str_eq (back->encoding, "windows-1252");
  ck_assert_uint_eq (back->page_count, 3);
  ck_assert_uint_eq (back->first_page, 1);
  ck_assert_uint_eq (back->last_page, 3);
  ck_assert (!back->encrypted);
  ck_assert (!back->outline_truncated);
  ck_assert_uint_eq (back->outline->len, 0);
  ck_assert_ptr_null (back->info.title);
  ck_assert_uint_eq (back->pages->len, 3);
  ck_assert_uint_eq (folio_document_count_lines (back), 4);

  p = page_at (back, 0);
  ck_assert_uint_eq (p->index, 1);
  ck_assert_ptr_null (p->label);
  ck_assert_number (p->width, 0.0);
  ck_assert_number (p->height, 0.0);
  ck_assert_uint_eq (p->lines->len, G_N_ELEMENTS (texts));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const FolioLine *l = line_at (p, i);

      ck_assert_uint_eq (l->page, 1);
      ck_assert_str_eq (folio_line_text (l), texts[i]);
      ck_assert (!l->has_geometry);
      ck_assert_ptr_null (l->font);
      ck_assert_number (l->size, 0.0);
      ck_assert (!l->bold);
      ck_assert (!l->italic);
    }
  p = page_at (back, 1);
  ck_assert_uint_eq (p->index, 2);
  ck_assert_uint_eq (p->lines->len, 0);
  p = page_at (back, 2);
  ck_assert_uint_eq (p->index, 3);
  ck_assert_uint_eq (p->lines->len, 1);
  ck_assert_str_eq (folio_line_text (line_at (p, 0)), "Pagina 3 van 3");
  ck_assert_uint_eq (line_at (p, 0)->page, 3);
}
END_TEST

/* What is read back is written again byte for byte: rounding is idempotent
 * and the reader keeps everything the writer writes. */
START_TEST (test_round_trip_stable)
{
  FolioDocument *(*const makers[]) (void) = { make_pdf_document, make_text_document };

  for (gsize i = 0; i < G_N_ELEMENTS (makers); i++)
    {
      g_autoptr (FolioDocument) doc = makers[i] ();
      g_autoptr (GBytes) first = write_to_bytes (doc);
      g_autoptr (GError) error = NULL;
      g_autoptr (FolioDocument) back = read_from_bytes (first, &error);
      g_autoptr (GBytes) second = NULL;

      ck_assert_msg (back != NULL, "read failed: %s", error ? error->message : "?");
      second = write_to_bytes (back);
      ck_assert_msg (g_bytes_equal (first, second), "second write differs:\n%.*s\n---\n%.*s",
                     (int) g_bytes_get_size (first), (const char *) g_bytes_get_data (first, NULL),
                     (int) g_bytes_get_size (second), (const char *) g_bytes_get_data (second, NULL));
    }
}
END_TEST

/* -------------------------------------------------------------- writer */

/* The shape of the output: one record per line, document first, end last
 * with the counts, numbers with at most two decimals and no "-0". */
START_TEST (test_writer_layout)
{
  g_autoptr (FolioDocument) doc = make_pdf_document ();
  g_autoptr (GBytes) bytes = write_to_bytes (doc);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto (GStrv) records = NULL;

  ck_assert (g_str_has_suffix (text, "\n"));
  records = g_strsplit (text, "\n", -1);
  /* document, page 2, 3 lines, page 3, end, and "" after the last \n */
  ck_assert_uint_eq (g_strv_length (records), 8);
  ck_assert_str_eq (records[7], "");
  ck_assert (g_str_has_prefix (records[0],
                               "{\"type\":\"document\",\"format\":\"folio-stream\",\"format_version\":\"" FOLIO_STREAM_VERSION "\","));
  ck_assert_ptr_nonnull (strstr (records[0], "\"size\":5000000000"));
  ck_assert_ptr_nonnull (strstr (records[0], "\"media_type\":\"application/pdf\""));
  ck_assert_ptr_nonnull (strstr (records[0], "\"page\":null"));
  ck_assert_str_eq (records[1],
                    "{\"type\":\"page\",\"page\":2,\"label\":\"ii\",\"width\":595.28,\"height\":841.89}");
  ck_assert_str_eq (records[2],
                    "{\"type\":\"line\",\"page\":2,\"bbox\":[72,100.13,300.5,113],\"text\":\"Hoofdstuk 1\","
                    "\"font\":\"Helvetica-Bold\",\"size\":11.96,\"bold\":true,\"italic\":false}");
  ck_assert_str_eq (records[3],
                    "{\"type\":\"line\",\"page\":2,\"bbox\":[0,0,10,20.56],\"text\":\"cursief, zonder font\","
                    "\"size\":0,\"bold\":false,\"italic\":true}");
  ck_assert_str_eq (records[5], "{\"type\":\"page\",\"page\":3,\"width\":612,\"height\":792}");
  ck_assert_str_eq (records[6], "{\"type\":\"end\",\"pages\":2,\"lines\":3}");
}
END_TEST

/* Text lines carry page and text only. */
START_TEST (test_writer_text_lines)
{
  g_autoptr (FolioDocument) doc = make_text_document ();
  g_autoptr (GBytes) bytes = write_to_bytes (doc);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  ck_assert_ptr_nonnull (strstr (text, "\"media_type\":\"text/plain\""));
  ck_assert_ptr_nonnull (strstr (text, "\"encoding\":\"windows-1252\""));
  ck_assert_ptr_null (strstr (text, "\"encrypted\""));
  ck_assert_ptr_nonnull (strstr (text, "\n{\"type\":\"page\",\"page\":2}\n{\"type\":\"page\",\"page\":3}\n"));
  ck_assert_ptr_nonnull (strstr (text, "\n{\"type\":\"line\",\"page\":1,\"text\":\"\"}\n"));
  ck_assert (g_str_has_suffix (text, "\n{\"type\":\"end\",\"pages\":3,\"lines\":4}\n"));
}
END_TEST

static const struct {
  const char *text;   /* in the model */
  const char *json;   /* as the writer must write it */
} escapes[] = {
  { "plain", "\"plain\"" },
  { "say \"hi\"", "\"say \\\"hi\\\"\"" },
  { "C:\\dir\\", "\"C:\\\\dir\\\\\"" },
  { "a/b", "\"a/b\"" },
  { "tab\there", "\"tab\\there\"" },
  { "nl\ncr\rff\fbs\b", "\"nl\\ncr\\rff\\fbs\\b\"" },
  { "\x01\x1f\x1b", "\"\\u0001\\u001f\\u001b\"" },
  { "del\x7f", "\"del\x7f\"" },
  { "é € “q” 😀 中文", "\"é € “q” 😀 中文\"" },
  { "\xe2\x80\xa8", "\"\xe2\x80\xa8\"" },
};

/* Line @i of @page with @text instead: a line's text is made with it
 * (see FolioLine). */
static void
set_text (FolioPage *page, guint i, const char *text)
{
  FolioLine *old = g_ptr_array_index (page->lines, i);
  FolioLine *line = folio_line_new (old->page, text);

  g_ptr_array_index (page->lines, i) = line;
  folio_line_free (old);
}

START_TEST (test_escape)
{
  g_autoptr (FolioDocument) doc = make_text_document ();
  FolioPage *p1 = page_at (doc, 0);
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expect = NULL;
  g_autoptr (FolioDocument) back = NULL;
  g_autoptr (GError) error = NULL;

  set_text (p1, 0, escapes[_i].text);
  g_free (doc->source);
  doc->source = g_strdup (escapes[_i].text);
  bytes = write_to_bytes (doc);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  ck_assert (g_utf8_validate (text, -1, NULL));
  expect = g_strdup_printf ("{\"type\":\"line\",\"page\":1,\"text\":%s}\n", escapes[_i].json);
  ck_assert_msg (strstr (text, expect) != NULL, "no %s in\n%s", expect, text);
  g_free (expect);
  expect = g_strdup_printf (",\"source\":%s,", escapes[_i].json);
  ck_assert_msg (strstr (text, expect) != NULL, "no %s in\n%s", expect, text);

  back = read_from_bytes (bytes, &error);
  ck_assert_msg (back != NULL, "read failed: %s", error ? error->message : "?");
  ck_assert_str_eq (folio_line_text (line_at (page_at (back, 0), 0)), escapes[_i].text);
  ck_assert_str_eq (back->source, escapes[_i].text);
}
END_TEST

/* Invalid UTF-8 in the model is repaired, never written as is. */
START_TEST (test_escape_invalid_utf8)
{
  g_autoptr (FolioDocument) doc = make_text_document ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (FolioDocument) back = NULL;
  g_autoptr (GError) error = NULL;

  set_text (page_at (doc, 0), 0, "caf\xe9 ok");
  bytes = write_to_bytes (doc);
  ck_assert (g_utf8_validate (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  back = read_from_bytes (bytes, &error);
  ck_assert_msg (back != NULL, "read failed: %s", error ? error->message : "?");
  ck_assert_str_eq (folio_line_text (line_at (page_at (back, 0), 0)), "caf\xef\xbf\xbd ok");
}
END_TEST

/* An output that fails is FOLIO_ERROR_WRITE naming the output. */
START_TEST (test_write_failure)
{
  g_autoptr (FolioDocument) doc = make_text_document ();
  g_autoptr (GOutputStream) closed = g_memory_output_stream_new_resizable ();
  char small[16];
  g_autoptr (GOutputStream) full = g_memory_output_stream_new (small, sizeof small, NULL, NULL);
  g_autoptr (GError) error = NULL;

  ck_assert (g_output_stream_close (closed, NULL, NULL));
  ck_assert (!folio_stream_write (closed, "out.jsonl", doc, &error));
  ck_assert (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_WRITE));
  ck_assert (g_str_has_prefix (error->message, "out.jsonl: "));
  g_clear_error (&error);

  ck_assert (!folio_stream_write (full, "full.jsonl", doc, &error));
  ck_assert (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_WRITE));
  ck_assert (g_str_has_prefix (error->message, "full.jsonl: "));
}
END_TEST

/* The record-by-record writer gives what folio_stream_write() gives. */
START_TEST (test_writer_incremental)
{
  g_autoptr (FolioDocument) doc = make_pdf_document ();
  g_autoptr (GBytes) whole = write_to_bytes (doc);
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (FolioStreamWriter) w = folio_stream_writer_new (out, NULL);
  g_autoptr (GBytes) parts = NULL;
  g_autoptr (GError) error = NULL;

  ck_assert (folio_stream_writer_add_document (w, doc, &error));
  for (guint i = 0; i < doc->pages->len; i++)
    ck_assert (folio_stream_writer_add_page (w, page_at (doc, i), &error));
  ck_assert (folio_stream_writer_finish (w, &error));
  ck_assert_ptr_null (error);
  ck_assert (g_output_stream_close (out, NULL, NULL));
  parts = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  ck_assert (g_bytes_equal (whole, parts));
}
END_TEST

/* ------------------------------------------------------------ fixtures */

/* Every n_ file in tests/data/streams/, with how it must fail. */
static const struct {
  const char *file;
  FolioError code;
  guint line;          /* 0: the message has no line (nothing to point at) */
} n_cases[] = {
  { "n_empty.jsonl", FOLIO_ERROR_BAD_STREAM, 0 },
  { "n_blank_only.jsonl", FOLIO_ERROR_BAD_STREAM, 0 },
  { "n_first_not_document.jsonl", FOLIO_ERROR_BAD_STREAM, 1 },
  { "n_wrong_format.jsonl", FOLIO_ERROR_BAD_STREAM, 1 },
  /* 1.1: what strip adds */
  { "n_metadata_after_page.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_metadata_twice.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_metadata_field_number.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_furniture_role_body.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_furniture_unknown_role.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_furniture_no_role.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_end_furniture_count.jsonl", FOLIO_ERROR_BAD_STREAM, 4 },
  { "n_format_version_2.jsonl", FOLIO_ERROR_BAD_STREAM, 1 },
  { "n_format_version_10.jsonl", FOLIO_ERROR_BAD_STREAM, 1 },
  { "n_format_version_no_minor.jsonl", FOLIO_ERROR_BAD_STREAM, 1 },
  { "n_first_page_zero.jsonl", FOLIO_ERROR_BAD_STREAM, 1 },
  { "n_first_after_last.jsonl", FOLIO_ERROR_BAD_STREAM, 1 },
  { "n_truncated.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_end_counts_wrong.jsonl", FOLIO_ERROR_BAD_STREAM, 4 },
  { "n_record_after_end.jsonl", FOLIO_ERROR_BAD_STREAM, 5 },
  { "n_line_before_page.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_line_other_page.jsonl", FOLIO_ERROR_BAD_STREAM, 4 },
  { "n_page_out_of_range.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_page_zero.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_pages_not_increasing.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_page_repeated.jsonl", FOLIO_ERROR_BAD_STREAM, 4 },
  { "n_page_string.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_text_number.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_table_without_rows.jsonl", FOLIO_ERROR_BAD_STREAM, 7 },
  { "n_table_cell_number.jsonl", FOLIO_ERROR_BAD_STREAM, 7 },
  { "n_table_header_rows_past_rows.jsonl", FOLIO_ERROR_BAD_STREAM, 7 },
  { "n_fields_on_caption.jsonl", FOLIO_ERROR_BAD_STREAM, 6 },
  { "n_fields_not_objects.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_text_missing.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_bbox_three.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_segment_past_text.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_segment_five_numbers.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_table_spans_shape.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_table_spans_zero.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_table_row_too_wide.jsonl", FOLIO_ERROR_LIMIT, 3 },
  { "n_table_spans_too_wide.jsonl", FOLIO_ERROR_LIMIT, 3 },
  { "n_bbox_string.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_bold_string.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_page_1e30.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_page_huge_integer.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_page_2_pow_64_plus_1.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_page_negative.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_page_integer_as_float.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_width_1e30.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_page_count_past_limit.jsonl", FOLIO_ERROR_LIMIT, 1 },
  { "n_outline_level_1001.jsonl", FOLIO_ERROR_BAD_STREAM, 1 },
  { "n_invalid_json.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_two_values_on_a_line.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  /* RFC 8259 whitespace is space, tab, CR, LF: a vertical tab is not blank */
  { "n_blank_vertical_tab.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  /* RFC 8259, not what a lenient parser lets through */
  { "n_json_single_quotes.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_json_comment.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_json_hex_number.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_json_leading_zero.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_json_raw_tab_in_string.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_json_bad_escape.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_not_object.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_string_record.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_missing_type.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_unknown_type.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_second_document.jsonl", FOLIO_ERROR_BAD_STREAM, 2 },
  { "n_invalid_utf8.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
  { "n_nul_byte.jsonl", FOLIO_ERROR_BAD_STREAM, 3 },
};

static char *
stream_fixture (const char *file)
{
  g_autofree char *rel = g_build_filename ("streams", file, NULL);
  char *path = folio_test_data (rel);

  ck_assert_msg (path != NULL, "fixture tests/data/streams/%s missing", file);
  return path;
}

/* Names of the fixtures with @prefix, sorted. */
static GPtrArray *
list_fixtures (const char *prefix)
{
  g_autofree char *dir_path = folio_test_data ("streams");
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  ck_assert_msg (dir_path != NULL, "tests/data/streams missing ($FOLIO_TEST_DATA unset?)");
  dir = g_dir_open (dir_path, 0, NULL);
  ck_assert_ptr_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".jsonl"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return g_steal_pointer (&names);
}

static gboolean
check_n_fixture (guint i)
{
  g_autofree char *rel = g_build_filename ("streams", n_cases[i].file, NULL);
  g_autofree char *path = folio_test_data (rel);
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = NULL;

  if (path == NULL)
    {
      g_snprintf (why, sizeof why, "fixture tests/data/streams/%s missing", n_cases[i].file);
      return FALSE;
    }
  doc = folio_stream_read_file (path, &error);
  if (doc != NULL)
    {
      g_snprintf (why, sizeof why, "%s was read, but must fail", n_cases[i].file);
      return FALSE;
    }
  return stream_error_ok (error, n_cases[i].code, path, n_cases[i].line, why, sizeof why);
}

START_TEST (test_n_fixture)
{
  ck_assert_msg (check_n_fixture (_i), "%s", why);
}
END_TEST

/* Each n_ file on disk has a row in the table, so none goes untested. */
START_TEST (test_n_fixtures_listed)
{
  g_autoptr (GPtrArray) names = list_fixtures ("n_");

  ck_assert_uint_ge (names->len, G_N_ELEMENTS (n_cases));
  for (guint i = 0; i < names->len; i++)
    {
      gboolean found = FALSE;

      for (gsize j = 0; j < G_N_ELEMENTS (n_cases) && !found; j++)
        found = strcmp (names->pdata[i], n_cases[j].file) == 0;
      ck_assert_msg (found, "%s has no row in n_cases", (char *) names->pdata[i]);
    }
}
END_TEST

/* Reads every y_ file; the names of those that fail go in why. */
static guint
check_y_fixtures (void)
{
  g_autoptr (GPtrArray) names = list_fixtures ("y_");
  g_autoptr (GString) failed = g_string_new (NULL);
  guint n_failed = 0;

  if (names->len < 2)
    g_string_append (failed, "fewer than 2 y_ fixtures");
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *rel = g_build_filename ("streams", names->pdata[i], NULL);
      g_autofree char *path = folio_test_data (rel);
      g_autoptr (GError) error = NULL;
      g_autoptr (FolioDocument) doc = folio_stream_read_file (path, &error);

      if (doc == NULL)
        {
          g_string_append_printf (failed, "%s must be read: %s; ", (char *) names->pdata[i],
                                  error ? error->message : "?");
          n_failed++;
        }
    }
  g_strlcpy (why, failed->str, sizeof why);
  return names->len < 2 ? 1 : n_failed;
}

/* What strip adds (1.1) survives a write and a read: roles, kept lines,
 * printed numbers, metadata, in their places. */
START_TEST (test_stripped_round_trip)
{
  g_autofree char *path = folio_test_data ("streams/y_stripped.jsonl");
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  g_autoptr (FolioDocument) again = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GBytes) bytes2 = NULL;
  FolioPage *page;
  FolioLine *line;

  ck_assert (path != NULL);
  doc = folio_stream_read_file (path, &error);
  ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
  bytes = write_to_bytes (doc);
  again = read_from_bytes (bytes, &error);
  ck_assert_msg (again != NULL, "%s", error ? error->message : "");
  bytes2 = write_to_bytes (again);
  ck_assert (g_bytes_equal (bytes, bytes2));

  ck_assert_str_eq (again->metadata_source, "Versie 0.16 | Titel | maart 2015");
  ck_assert_str_eq (folio_document_get_field (again, "version"), "0.16");
  ck_assert_str_eq (folio_document_get_field (again, "date"), "2015-03");
  page = g_ptr_array_index (again->pages, 0);
  ck_assert_str_eq (page->printed, "7");
  ck_assert_uint_eq (page->lines->len, 4);
  line = g_ptr_array_index (page->lines, 0);
  ck_assert_int_eq (line->role, FOLIO_ROLE_HEADER);
  ck_assert (!line->kept);
  ck_assert_str_eq (folio_line_rule (line), "head-shape");
  ck_assert_str_eq (folio_line_why (line), "shape");
  line = g_ptr_array_index (page->lines, 1);
  ck_assert_int_eq (line->role, FOLIO_ROLE_BODY);
  line = g_ptr_array_index (page->lines, 2);
  ck_assert_int_eq (line->role, FOLIO_ROLE_HEADER);
  ck_assert (line->kept);
  line = g_ptr_array_index (page->lines, 3);
  ck_assert_int_eq (line->role, FOLIO_ROLE_PAGE_NUMBER);
  ck_assert_str_eq (folio_line_number (line), "7");
  ck_assert_str_eq (folio_line_total (line), "9");
  {
    const char *text = g_bytes_get_data (bytes, NULL);

    ck_assert (strstr (text, "{\"type\":\"end\",\"pages\":2,\"lines\":2,\"furniture\":2}\n") != NULL);
    ck_assert (strstr (text, "{\"type\":\"line\",\"page\":1,\"text\":\"kept head\",\"role\":\"header\"") != NULL);
  }
}
END_TEST

/* Footnotes, captions, tables and fields come back as written. */
START_TEST (test_blocks_round_trip)
{
  g_autofree char *path = folio_test_data ("streams/y_blocks.jsonl");
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  const FolioBlock *b;
  const FolioField *f;
  char **row;

  ck_assert (path != NULL);
  doc = folio_stream_read_file (path, &error);
  ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (doc->blocks->len, 7);
  b = g_ptr_array_index (doc->blocks, 0);
  ck_assert_int_eq (b->type, FOLIO_BLOCK_FIELDS);
  ck_assert_uint_eq (b->fields->len, 2);
  f = g_ptr_array_index (b->fields, 1);
  ck_assert_str_eq (f->name, "Periode");
  ck_assert_str_eq (f->value, "1945-");
  b = g_ptr_array_index (doc->blocks, 3);
  ck_assert_int_eq (b->type, FOLIO_BLOCK_CAPTION);
  ck_assert_str_eq (b->marker, "Figuur 1");
  b = g_ptr_array_index (doc->blocks, 4);
  ck_assert_int_eq (b->type, FOLIO_BLOCK_TABLE);
  ck_assert_uint_eq (b->rows->len, 2);
  ck_assert_uint_eq (b->header_rows, 1);
  row = g_ptr_array_index (b->rows, 1);
  ck_assert_str_eq (row[1], "String");
  ck_assert_ptr_null (row[2]);
  b = g_ptr_array_index (doc->blocks, 6);
  ck_assert_int_eq (b->type, FOLIO_BLOCK_FOOTNOTE);
  ck_assert_str_eq (b->marker, "*");
  /* written back byte for byte */
  bytes = write_to_bytes (doc);
  ck_assert (g_file_get_contents (path, &contents, &len, NULL));
  ck_assert_uint_eq (g_bytes_get_size (bytes), len);
  ck_assert (memcmp (g_bytes_get_data (bytes, NULL), contents, len) == 0);
}
END_TEST

START_TEST (test_y_fixtures)
{
  ck_assert_msg (check_y_fixtures () == 0, "%s", why);
}
END_TEST

START_TEST (test_y_empty_document)
{
  g_autofree char *path = stream_fixture ("y_empty_document.jsonl");
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = folio_stream_read_file (path, &error);

  ck_assert_msg (doc != NULL, "%s", error ? error->message : "?");
  ck_assert_str_eq (doc->source, "empty.txt");
  ck_assert_int_eq (doc->media_type, FOLIO_MEDIA_TEXT);
  ck_assert_ptr_null (doc->sha256);
  ck_assert_ptr_null (doc->encoding);
  ck_assert_uint_eq (doc->size, 0);
  ck_assert_uint_eq (doc->page_count, 0);
  ck_assert_uint_eq (doc->first_page, 0);
  ck_assert_uint_eq (doc->last_page, 0);
  ck_assert_uint_eq (doc->pages->len, 0);
  ck_assert_uint_eq (doc->outline->len, 0);
}
END_TEST

START_TEST (test_y_blank_lines_extra_fields)
{
  g_autofree char *path = stream_fixture ("y_blank_lines_extra_fields.jsonl");
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = folio_stream_read_file (path, &error);

  ck_assert_msg (doc != NULL, "%s", error ? error->message : "?");
  ck_assert_str_eq (doc->source, "doc.txt");
  ck_assert_uint_eq (doc->page_count, 2);
  ck_assert_uint_eq (doc->pages->len, 2);
  ck_assert_uint_eq (page_at (doc, 0)->index, 1);
  ck_assert_uint_eq (page_at (doc, 0)->lines->len, 1);
  ck_assert_str_eq (folio_line_text (line_at (page_at (doc, 0), 0)), "one");
  ck_assert (!line_at (page_at (doc, 0), 0)->has_geometry);
  ck_assert_uint_eq (page_at (doc, 1)->index, 2);
  ck_assert_str_eq (folio_line_text (line_at (page_at (doc, 1), 0)), "two");
}
END_TEST

START_TEST (test_y_pdf_lines)
{
  g_autofree char *path = stream_fixture ("y_pdf_lines.jsonl");
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = folio_stream_read_file (path, &error);
  const FolioLine *l;

  ck_assert_msg (doc != NULL, "%s", error ? error->message : "?");
  ck_assert_int_eq (doc->media_type, FOLIO_MEDIA_PDF);
  l = line_at (page_at (doc, 0), 0);
  ck_assert (l->has_geometry);
  ck_assert_number (folio_line_bbox (l).y0, 100.13);
  ck_assert_str_eq (l->font, "Helvetica-Bold");
  ck_assert (l->bold);
  l = line_at (page_at (doc, 0), 1);
  ck_assert (!l->has_geometry);   /* "bbox":null */
  ck_assert_ptr_null (l->font);   /* "font":null */
  ck_assert_str_eq (page_at (doc, 1)->label, "ii");
}
END_TEST

/* A line's segments (1.4): character offsets, not bytes ("Élan"), and
 * written back as they were read. */
START_TEST (test_y_line_segments)
{
  g_autofree char *path = stream_fixture ("y_line_segments.jsonl");
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = folio_stream_read_file (path, &error);
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  const FolioLine *l;
  const FolioSegment *s;

  ck_assert_msg (doc != NULL, "%s", error ? error->message : "?");
  l = line_at (page_at (doc, 0), 0);
  ck_assert_ptr_nonnull (folio_line_segments (l));
  ck_assert_uint_eq (l->n_segments, 3);
  s = &folio_line_segments (l)[1];
  ck_assert_uint_eq (s->start, 12);
  ck_assert_uint_eq (s->end, 21);
  ck_assert_number (folio_segment_bbox (s).x0, 216.81);
  l = line_at (page_at (doc, 0), 1);
  ck_assert_uint_eq (folio_line_segments (l)[1].end, 16);
  bytes = write_to_bytes (doc);
  ck_assert (g_file_get_contents (path, &contents, &len, NULL));
  ck_assert_uint_eq (g_bytes_get_size (bytes), len);
  ck_assert (memcmp (g_bytes_get_data (bytes, NULL), contents, len) == 0);
}
END_TEST

/* A table's spans (1.4): read, asked for, and written back as read. */
START_TEST (test_y_table_spans)
{
  g_autofree char *path = stream_fixture ("y_table_spans.jsonl");
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = folio_stream_read_file (path, &error);
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  const FolioBlock *b;

  ck_assert_msg (doc != NULL, "%s", error ? error->message : "?");
  b = g_ptr_array_index (doc->blocks, 0);
  ck_assert_uint_eq (folio_block_cell_span (b, 0, 1), 2);
  ck_assert_uint_eq (folio_block_cell_span (b, 1, 1), 1);
  ck_assert_uint_eq (folio_block_row_width (b, 0), 3);
  ck_assert_uint_eq (folio_block_row_width (b, 2), 3);
  bytes = write_to_bytes (doc);
  ck_assert (g_file_get_contents (path, &contents, &len, NULL));
  ck_assert_uint_eq (g_bytes_get_size (bytes), len);
  ck_assert (memcmp (g_bytes_get_data (bytes, NULL), contents, len) == 0);
}
END_TEST

/* The reader takes any JSON escape, surrogate pairs included. */
START_TEST (test_y_escapes)
{
  g_autofree char *path = stream_fixture ("y_escapes.jsonl");
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = folio_stream_read_file (path, &error);

  ck_assert_msg (doc != NULL, "%s", error ? error->message : "?");
  ck_assert_str_eq (folio_line_text (line_at (page_at (doc, 0), 0)), "é😀/\"\\\tA");
}
END_TEST

/* Line numbers count every line, blank ones too, from 1. */
START_TEST (test_line_numbers_count_blank_lines)
{
  static const char stream[] =
    "\n"
    "{\"type\":\"document\",\"format\":\"folio-stream\",\"format_version\":\"1.0\","
    "\"source\":\"x\",\"media_type\":\"text/plain\",\"page_count\":1}\n"
    "\n"
    "   \n"
    "{\"type\":\"bogus\"}\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = read_from_data (stream, sizeof stream - 1, "blank.jsonl", &error);

  ck_assert_ptr_null (doc);
  assert_stream_error (error, FOLIO_ERROR_BAD_STREAM, "blank.jsonl", 5);
}
END_TEST

/* ----------------------------------------------------------------- json */

/* The reader's own JSON parser: RFC 8259 and nothing more, each problem
 * with its message and the byte it is at.  @record is line 3 of a stream
 * (a document and a page before it); @message is the error after
 * "json.jsonl:3: ". */
static const char json_head[] =
  "{\"type\":\"document\",\"format\":\"folio-stream\",\"format_version\":\"1.4\","
  "\"source\":\"x.pdf\",\"media_type\":\"application/pdf\",\"page_count\":1}\n"
  "{\"type\":\"page\",\"page\":1}\n";

static const struct {
  const char *record;
  const char *message;
} json_errors[] = {
  /* what lenient parsers take */
  { "{\"type\":\"line\",\"page\":1,\"text\":\"a\"} // note", "not valid JSON at byte 37: more than one JSON value on the line" },
  { "/* note */ {\"type\":\"line\"}", "not valid JSON at byte 1: unexpected character" },
  { "{'type':'line'}", "not valid JSON at byte 2: expected a member name in quotes" },
  { "{\"type\":\"line\",\"page\":1,}", "not valid JSON at byte 25: expected a member name in quotes" },
  { "{\"type\":\"line\",\"page\":1,\"bbox\":[1,2,3,4,]}", "not valid JSON at byte 41: unexpected character" },
  { "{\"type\":\"line\",\"page\":0x1}", "not valid JSON at byte 23: bad number" },
  { "{\"type\":\"line\",\"page\":01}", "not valid JSON at byte 23: bad number" },
  { "{\"type\":\"line\",\"page\":-01}", "not valid JSON at byte 23: bad number" },
  { "{\"type\":\"line\",\"page\":+1}", "not valid JSON at byte 23: unexpected character" },
  { "{\"type\":\"line\",\"page\":.5}", "not valid JSON at byte 23: unexpected character" },
  { "{\"type\":\"line\",\"page\":1.}", "not valid JSON at byte 23: bad number" },
  { "{\"type\":\"line\",\"page\":1e}", "not valid JSON at byte 23: bad number" },
  { "{\"type\":\"line\",\"page\":1e+}", "not valid JSON at byte 23: bad number" },
  { "{\"type\":\"line\",\"page\":-}", "not valid JSON at byte 23: bad number" },
  { "{\"type\":\"line\",\"page\":NaN}", "not valid JSON at byte 23: unexpected character" },
  { "{\"type\":\"line\",\"page\":Infinity}", "not valid JSON at byte 23: unexpected character" },
  { "{\"type\":\"line\",\"bold\":True}", "not valid JSON at byte 23: unexpected character" },
  { "{\"type\":\"line\",\"bold\":tru}", "not valid JSON at byte 23: unexpected character" },
  { "{\"type\":\"line\",\"bold\":nulls}", "not valid JSON at byte 27: expected ',' or '}'" },
  /* strings */
  { "{\"type\":\"line\",\"text\":\"a\tb\"}", "not valid JSON at byte 25: control character inside a string" },
  { "{\"type\":\"line\",\"text\":\"\\x41\"}", "not valid JSON at byte 25: bad escape in a string" },
  { "{\"type\":\"line\",\"text\":\"\\'\"}", "not valid JSON at byte 25: bad escape in a string" },
  { "{\"type\":\"line\",\"text\":\"\\u12G4\"}", "not valid JSON at byte 25: bad \\u escape" },
  { "{\"type\":\"line\",\"text\":\"\\u12\"}", "not valid JSON at byte 25: bad \\u escape" },
  { "{\"type\":\"line\",\"text\":\"abc", "not valid JSON at byte 27: unterminated string" },
  { "{\"type\":\"line\",\"text\":\"abc\\", "not valid JSON at byte 28: unterminated string" },
  /* surrogates: only as a pair, high then low */
  { "{\"type\":\"line\",\"text\":\"\\ud800\"}", "not valid JSON at byte 25: lone surrogate in a \\u escape" },
  { "{\"type\":\"line\",\"text\":\"\\udc00\\ud800\"}", "not valid JSON at byte 25: lone surrogate in a \\u escape" },
  { "{\"type\":\"line\",\"text\":\"\\ud800x\"}", "not valid JSON at byte 25: lone surrogate in a \\u escape" },
  { "{\"type\":\"line\",\"text\":\"\\ud800\\u0041\"}", "not valid JSON at byte 25: lone surrogate in a \\u escape" },
  { "{\"type\":\"line\",\"text\":\"\\ud800\\ud800\"}", "not valid JSON at byte 25: lone surrogate in a \\u escape" },
  { "{\"type\":\"line\",\"text\":\"\\ud800\\uDC0\"}", "not valid JSON at byte 31: bad \\u escape" },
  /* structure */
  { "{\"type\" \"line\"}", "not valid JSON at byte 9: expected ':'" },
  { "{\"type\":\"line\" \"page\":1}", "not valid JSON at byte 16: expected ',' or '}'" },
  { "{\"type\":\"line\",\"bbox\":[1,2", "not valid JSON at byte 27: expected ',' or ']'" },
  { "{\"type\":", "not valid JSON at byte 9: unexpected end of the record" },
  { "{\"type\":\"line\"} {}", "not valid JSON at byte 17: more than one JSON value on the line" },
  { "\xef\xbb\xbf{\"type\":\"line\"}", "not valid JSON at byte 1: unexpected character" },
  { "\x0b{\"type\":\"line\"}", "not valid JSON at byte 1: unexpected character" },
  { "[]", "a record must be a JSON object" },
  { "\"line\"", "a record must be a JSON object" },
  { "{\"type\":null}", "record without a string \"type\"" },
  /* integers past 64 bits are out of range, as written (json-glib wrapped them) */
  { "{\"type\":\"line\",\"page\":18446744073709551617,\"text\":\"a\"}", "field \"page\" out of range: 18446744073709551617" },
  { "{\"type\":\"line\",\"page\":-123456789012345678901234567890,\"text\":\"a\"}", "field \"page\" out of range: -123456789012345678901234567890" },
  { "{\"type\":\"line\",\"page\":9223372036854775808,\"text\":\"a\"}", "field \"page\" out of range: 9223372036854775808" },
  { "{\"type\":\"line\",\"page\":1,\"text\":\"a\",\"bbox\":[99999999999999999999,0,0,0]}", "field \"bbox\" out of range" },
  { "{\"type\":\"line\",\"page\":1,\"text\":\"a\",\"bbox\":[1e400,0,0,0]}", "field \"bbox\" out of range" },
  { "{\"type\":\"line\",\"page\":1.0,\"text\":\"a\"}", "field \"page\" must be an integer" },
  { "{\"type\":\"line\",\"page\":1e0,\"text\":\"a\"}", "field \"page\" must be an integer" },
  /* -0 is the integer 0 */
  { "{\"type\":\"line\",\"page\":-0,\"text\":\"a\"}", "line on page 0 does not follow that page's record" },
};

static FolioDocument *
read_json_case (const char *record, GError **error)
{
  g_autofree char *stream = g_strconcat (json_head, record, "\n", NULL);

  return read_from_data (stream, strlen (stream), "json.jsonl", error);
}

START_TEST (test_json_error)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = read_json_case (json_errors[_i].record, &error);
  g_autofree char *want = g_strconcat ("json.jsonl:3: ", json_errors[_i].message, NULL);

  ck_assert_msg (doc == NULL, "%s was read", json_errors[_i].record);
  ck_assert (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM));
  ck_assert_str_eq (error->message, want);
}
END_TEST

/* Nesting: 64 levels are read, 65 are not, however deep it goes on. */
START_TEST (test_json_depth)
{
  static const guint levels[] = { 63, 64, 65, 66, 100000 };

  for (gsize k = 0; k < G_N_ELEMENTS (levels); k++)
    {
      /* the record itself is one level; "x" holds the rest */
      g_autoptr (GString) rec = g_string_new ("{\"type\":\"line\",\"page\":1,\"text\":\"a\",\"x\":");
      g_autoptr (GError) error = NULL;
      g_autoptr (FolioDocument) doc = NULL;
      gsize at = rec->len;

      for (guint i = 1; i < levels[k]; i++)
        g_string_append_c (rec, '[');
      for (guint i = 1; i < levels[k]; i++)
        g_string_append_c (rec, ']');
      g_string_append (rec, "}\n{\"type\":\"end\",\"pages\":1,\"lines\":1}");
      doc = read_json_case (rec->str, &error);
      if (levels[k] <= FOLIO_STREAM_MAX_DEPTH)
        ck_assert_msg (doc != NULL, "%u levels: %s", levels[k], error ? error->message : "?");
      else
        {
          g_autofree char *want = g_strdup_printf ("json.jsonl:3: not valid JSON at byte %" G_GSIZE_FORMAT
                                                   ": nested too deep", at + FOLIO_STREAM_MAX_DEPTH);

          ck_assert_ptr_null (doc);
          ck_assert_str_eq (error->message, want);
        }
    }
}
END_TEST

/* What the parser makes of valid JSON: what json-glib made of it. */
START_TEST (test_json_values)
{
  static const char stream[] =
    "{\"type\":\"document\",\"format\":\"folio-stream\",\"format_version\":\"1.4\","
    "\"source\":\"x.pdf\",\"media_type\":\"application/pdf\",\"page_count\":1}\n"
    /* a name given twice: where it first stood, with the last value (a
     * member name with a \u0000 ends there) */
    "{\"type\":\"metadata\",\"fields\":{\"b\":1,\"a\":\"2\",\"b\":\"3\",\"c\\u0000x\":\"4\",\"c\":\"5\"}}\n"
    "{\"type\":\"page\",\"page\":1,\"width\":0.1,\"height\":841.89}\n"
    "{\"type\":\"line\",\"page\":7,\"text\":\"first\",\"page\":1,\"text\":\"second\"}\n"
    /* \u0000 ends a string; the escapes of JSON */
    "{\"type\":\"line\",\"page\":1,\"text\":\"ab\\u0000cd\",\"font\":\"F\\/\\\"\\\\\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"}\n"
    /* numbers as strtod reads them, -0.0 included; spaces where JSON allows them */
    " { \"type\" : \"line\" , \"page\" : 1 , \"text\" : \"n\" , \"bbox\" : [ 72.004 , -0.0 , 123456.78901234567 , 5E-1 ] ,"
    " \"size\" : 1e1 , \"x\" : [ { } , [ ] , { \"y\" : null } , true , false ] } \r\n"
    "{\"type\":\"line\",\"type\":\"end\",\"pages\":1,\"lines\":3}\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = read_from_data (stream, sizeof stream - 1, "json.jsonl", &error);
  const FolioField *f;
  const FolioLine *l;
  const FolioPage *p;

  ck_assert_msg (doc != NULL, "%s", error ? error->message : "?");
  ck_assert_uint_eq (doc->metadata->len, 3);
  f = g_ptr_array_index (doc->metadata, 0);
  ck_assert_str_eq (f->name, "b");
  ck_assert_str_eq (f->value, "3");
  f = g_ptr_array_index (doc->metadata, 1);
  ck_assert_str_eq (f->name, "a");
  f = g_ptr_array_index (doc->metadata, 2);
  ck_assert_str_eq (f->name, "c");
  ck_assert_str_eq (f->value, "5");
  p = page_at (doc, 0);
  ck_assert (p->width == g_ascii_strtod ("0.1", NULL));
  ck_assert (p->height == g_ascii_strtod ("841.89", NULL));
  l = line_at (p, 0);
  ck_assert_str_eq (folio_line_text (l), "second");
  l = line_at (p, 1);
  ck_assert_str_eq (folio_line_text (l), "ab");
  ck_assert_str_eq (l->font, "F/\"\\\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
  l = line_at (p, 2);
  /* (a line's box is kept in hundredths of a point) */
  ck_assert (folio_line_bbox (l).x0 == g_ascii_strtod ("72.00", NULL));
  ck_assert (folio_line_bbox (l).y0 == 0);
  ck_assert (folio_line_bbox (l).x1 == g_ascii_strtod ("123456.79", NULL));
  ck_assert (folio_line_bbox (l).y1 == 0.5);
  ck_assert (l->size == 10);
}
END_TEST

/* A record of many members (the node array grows, then shrinks back) and
 * a long string with escapes, then a small record again. */
START_TEST (test_json_big_record)
{
  g_autoptr (GString) s = g_string_new (json_head);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = NULL;

  g_string_append (s, "{\"type\":\"line\",\"page\":1,\"text\":\"");
  for (guint i = 0; i < 10000; i++)
    {
      g_string_append (s, "\\u00e9x\\n");
      g_string_append (text, "\xc3\xa9x\n");
    }
  g_string_append (s, "\",\"extra\":[");
  for (guint i = 0; i < 300000; i++)
    g_string_append (s, i ? ",{\"k\":[1.5,\"v\"]}" : "{\"k\":[1.5,\"v\"]}");
  g_string_append (s, "]}\n{\"type\":\"line\",\"page\":1,\"text\":\"after\"}\n"
                      "{\"type\":\"end\",\"pages\":1,\"lines\":2}\n");
  doc = read_from_data (s->str, s->len, "big.jsonl", &error);
  ck_assert_msg (doc != NULL, "%s", error ? error->message : "?");
  ck_assert_str_eq (folio_line_text (line_at (page_at (doc, 0), 0)), text->str);
  ck_assert_str_eq (folio_line_text (line_at (page_at (doc, 0), 1)), "after");
}
END_TEST

/* --------------------------------------------------------------- limits */

/* A record of more values than FOLIO_JSON_MAX_VALUES ("[0,0,...]": two
 * bytes a value, 32 bytes a node) is refused, not parsed into gigabytes
 * of nodes; one value fewer is read. */
START_TEST (test_too_many_values)
{
  gboolean over = _i;
  g_autoptr (GString) s = g_string_new (json_head);
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  /* the record's own values: the object, "type", "page", "text", "extra", the array */
  guint zeros = 4194304 - 5 + (over ? 1 : 0);

  g_string_append (s, "{\"type\":\"line\",\"page\":1,\"text\":\"x\",\"extra\":[");
  for (guint i = 0; i < zeros; i++)
    g_string_append (s, i ? ",0" : "0");
  g_string_append (s, "]}\n{\"type\":\"end\",\"pages\":1,\"lines\":1}\n");
  doc = read_from_data (s->str, s->len, "values.jsonl", &error);
  if (!over)
    {
      ck_assert_msg (doc != NULL, "%s", error ? error->message : "?");
      return;
    }
  ck_assert_ptr_null (doc);
  ck_assert_msg (error && g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM)
                 && strstr (error->message, "more values in one record than folio's limit of 4194304"),
                 "%s", error ? error->message : "no error");
}
END_TEST

/* A record past FOLIO_STREAM_MAX_RECORD_BYTES fails with FOLIO_ERROR_LIMIT
 * as soon as the cap is passed: the reader neither waits for its newline nor
 * hands it to the JSON parser (it is not JSON, which would be BAD_STREAM). */
START_TEST (test_record_too_long)
{
  static const char head[] =
    "{\"type\":\"document\",\"format\":\"folio-stream\",\"format_version\":\"1.0\","
    "\"source\":\"x\",\"media_type\":\"text/plain\",\"page_count\":1}\n";
  static const char tail[] = "\n{\"type\":\"end\",\"pages\":0,\"lines\":0}\n";
  gsize body = FOLIO_STREAM_MAX_RECORD_BYTES + 4 * 1024 * 1024;
  gsize len = (sizeof head - 1) + body + (sizeof tail - 1);
  char *data = g_malloc (len);
  g_autoptr (GInputStream) in = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  goffset consumed;

  memcpy (data, head, sizeof head - 1);
  memset (data + sizeof head - 1, 'x', body);
  memcpy (data + sizeof head - 1 + body, tail, sizeof tail - 1);
  in = g_memory_input_stream_new_from_data (data, len, g_free);

  doc = folio_stream_read (in, "big.jsonl", &error);
  ck_assert_ptr_null (doc);
  assert_stream_error (error, FOLIO_ERROR_LIMIT, "big.jsonl", 2);
  consumed = g_seekable_tell (G_SEEKABLE (in));
  ck_assert_msg ((gsize) consumed < (sizeof head - 1) + body,
                 "read %" G_GOFFSET_FORMAT " of %" G_GSIZE_FORMAT " bytes before giving up",
                 consumed, len);
}
END_TEST

/* --------------------------------------------------------------- suite */

static Suite *
stream_suite (void)
{
  Suite *s = suite_create ("stream");
  TCase *tc;

  tc = tcase_create ("round-trip");
  tcase_add_test (tc, test_round_trip_pdf);
  tcase_add_test (tc, test_round_trip_text);
  tcase_add_test (tc, test_round_trip_stable);
  suite_add_tcase (s, tc);

  tc = tcase_create ("writer");
  tcase_add_test (tc, test_writer_layout);
  tcase_add_test (tc, test_writer_text_lines);
  tcase_add_test (tc, test_writer_incremental);
  tcase_add_test (tc, test_write_failure);
  suite_add_tcase (s, tc);

  tc = tcase_create ("escape");
  tcase_add_loop_test (tc, test_escape, 0, G_N_ELEMENTS (escapes));
  tcase_add_test (tc, test_escape_invalid_utf8);
  suite_add_tcase (s, tc);

  tc = tcase_create ("malformed");
  tcase_add_loop_test (tc, test_n_fixture, 0, G_N_ELEMENTS (n_cases));
  tcase_add_test (tc, test_n_fixtures_listed);
  tcase_add_test (tc, test_line_numbers_count_blank_lines);
  suite_add_tcase (s, tc);

  tc = tcase_create ("valid");
  tcase_add_test (tc, test_y_fixtures);
  tcase_add_test (tc, test_stripped_round_trip);
  tcase_add_test (tc, test_blocks_round_trip);
  tcase_add_test (tc, test_y_empty_document);
  tcase_add_test (tc, test_y_blank_lines_extra_fields);
  tcase_add_test (tc, test_y_pdf_lines);
  tcase_add_test (tc, test_y_escapes);
  tcase_add_test (tc, test_y_line_segments);
  tcase_add_test (tc, test_y_table_spans);
  suite_add_tcase (s, tc);

  tc = tcase_create ("json");
  tcase_add_loop_test (tc, test_json_error, 0, G_N_ELEMENTS (json_errors));
  tcase_add_test (tc, test_json_depth);
  tcase_add_test (tc, test_json_values);
  tcase_add_test (tc, test_json_big_record);
  suite_add_tcase (s, tc);

  tc = tcase_create ("limits");
  tcase_add_test (tc, test_record_too_long);
  tcase_add_loop_test (tc, test_too_many_values, 0, 2);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return folio_test_main (stream_suite ());
}
