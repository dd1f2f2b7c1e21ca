/* folio-strip, run as a user runs it, on the seed page,
 * the samples and (when present) a long Dutch report from the corpus. */
#include "folio-test.h"

#include <string.h>

static const char *
bin (const char *var)
{
  const char *p = g_getenv (var);

  ck_assert_msg (p != NULL, "%s not set (run through meson test)", var);
  return p;
}

/* folio-extract INPUT -o TMP, then the path of TMP. */
static char *
extracted (const char *input)
{
  static guint n;
  char *out = g_strdup_printf ("%s/extract-%u.jsonl", folio_test_tmpdir (), n++);
  const char *argv[] = { bin ("FOLIO_EXTRACT"), input, "-o", out, NULL };
  g_autoptr (FolioRun) r = folio_test_run (argv, NULL);

  ck_assert_msg (r->status == 0 || r->status == FOLIO_EXIT_NO_TEXT, "extract %s: %s", input, r->err);
  return out;
}

static FolioRun *
strip (const char *stream, const char *a1, const char *a2)
{
  const char *argv[] = { bin ("FOLIO_STRIP"), stream, a1, a2, NULL };

  return folio_test_run (argv, NULL);
}

static FolioDocument *
parse (const FolioRun *run)
{
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_data (run->out, run->out_len, NULL);
  g_autoptr (GError) error = NULL;
  FolioDocument *doc = folio_stream_read (in, "stdout", &error);

  ck_assert_msg (doc != NULL, "not a valid stream: %s", error ? error->message : "");
  return doc;
}

static guint
count_role (const FolioDocument *doc, FolioRole role, gboolean kept)
{
  guint n = 0;

  for (guint p = 0; p < doc->pages->len; p++)
    {
      FolioPage *page = g_ptr_array_index (doc->pages, p);

      for (guint i = 0; i < page->lines->len; i++)
        {
          FolioLine *line = g_ptr_array_index (page->lines, i);

          if (line->role == role && line->kept == kept)
            n++;
        }
    }
  return n;
}

/* Every line of @before is in @after, in order, as body or furniture. */
static void
assert_nothing_lost (const FolioDocument *before, const FolioDocument *after)
{
  ck_assert_int_eq (before->pages->len, after->pages->len);
  for (guint p = 0; p < before->pages->len; p++)
    {
      FolioPage *a = g_ptr_array_index (before->pages, p), *b = g_ptr_array_index (after->pages, p);

      ck_assert_int_eq (a->lines->len, b->lines->len);
      for (guint i = 0; i < a->lines->len; i++)
        ck_assert_str_eq (folio_line_text (g_ptr_array_index (a->lines, i)),
                          folio_line_text (g_ptr_array_index (b->lines, i)));
    }
}

static FolioDocument *
read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  FolioDocument *doc = folio_stream_read_file (path, &error);

  ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
  return doc;
}

START_TEST (seed_page_loses_head_and_footer_only)
{
  g_autofree char *seed = folio_test_seed ("selectielijst-mivd-p113.txt");
  g_autofree char *stream = NULL;
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  g_autoptr (FolioDocument) before = NULL;
  FolioPage *page;

  FOLIO_SKIP_UNLESS (seed, "../shared/seed/selectielijst-mivd-p113.txt");
  stream = extracted (seed);
  r = strip (stream, NULL, NULL);
  ck_assert_msg (r->status == 0, "%s", r->err);
  ck_assert_str_eq (r->err, "");
  doc = parse (r);
  before = read_file (stream);
  assert_nothing_lost (before, doc);
  page = g_ptr_array_index (doc->pages, 0);
  ck_assert_int_eq (count_role (doc, FOLIO_ROLE_HEADER, FALSE), 1);
  ck_assert_int_eq (count_role (doc, FOLIO_ROLE_PAGE_NUMBER, FALSE), 1);
  ck_assert_int_eq (count_role (doc, FOLIO_ROLE_FOOTER, FALSE) + count_role (doc, FOLIO_ROLE_MARGIN, FALSE), 0);
  ck_assert_int_eq (((FolioLine *) g_ptr_array_index (page->lines, 0))->role, FOLIO_ROLE_HEADER);
  {
    FolioLine *last = g_ptr_array_index (page->lines, page->lines->len - 1);

    ck_assert_int_eq (last->role, FOLIO_ROLE_PAGE_NUMBER);
    ck_assert_str_eq (folio_line_number (last), "113");
    ck_assert_str_eq (folio_line_total (last), "167");
  }
  ck_assert_str_eq (page->printed, "113");
  ck_assert_str_eq (folio_document_get_field (doc, "version"), "0.16");
  ck_assert_str_eq (folio_document_get_field (doc, "status"), "ter inzagelegging");
  ck_assert_str_eq (folio_document_get_field (doc, "date"), "2015-03");
  ck_assert_str_eq (folio_document_get_field (doc, "title"), "Generieke Selectielijst MIVD");
}
END_TEST

START_TEST (dutch_letter_footers)
{
  g_autofree char *pdf = folio_test_sample ("draagmoederschap.pdf");
  g_autofree char *stream = NULL;
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (FolioDocument) doc = NULL;

  FOLIO_SKIP_UNLESS (pdf, "samples/draagmoederschap.pdf");
  stream = extracted (pdf);
  r = strip (stream, NULL, NULL);
  ck_assert_int_eq (r->status, 0);
  doc = parse (r);
  for (guint p = 0; p < 3; p++)
    {
      FolioPage *page = g_ptr_array_index (doc->pages, p);
      g_autofree char *want = g_strdup_printf ("Pagina %u van 3", p + 1);
      gboolean found = FALSE;

      for (guint i = 0; i < page->lines->len; i++)
        {
          FolioLine *line = g_ptr_array_index (page->lines, i);

          if (strcmp (folio_line_text (line), want) == 0)
            {
              ck_assert_int_eq (line->role, FOLIO_ROLE_PAGE_NUMBER);
              ck_assert_str_eq (folio_line_total (line), "3");
              found = TRUE;
            }
        }
      ck_assert_msg (found, "no footer %s", want);
      {
        g_autofree char *number = g_strdup_printf ("%u", p + 1);

        ck_assert_str_eq (page->printed, number);
      }
    }
}
END_TEST

/* The IETF draft: running head on pages 2-15, "[Page N]" foot on all. */
START_TEST (ietf_draft_heads_and_feet)
{
  g_autofree char *txt = folio_test_sample ("draft-ietf-appsawg-file-scheme-00.txt");
  g_autofree char *stream = NULL;
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (FolioRun) bare = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  g_autoptr (FolioDocument) nr = NULL;
  g_autoptr (GRegex) page_ref = g_regex_new ("\\[Page \\d+\\]$", 0, 0, NULL);

  FOLIO_SKIP_UNLESS (txt, "samples/draft-ietf-appsawg-file-scheme-00.txt");
  stream = extracted (txt);
  r = strip (stream, NULL, NULL);
  ck_assert_int_eq (r->status, 0);
  doc = parse (r);
  for (guint p = 0; p < doc->pages->len; p++)
    {
      FolioPage *page = g_ptr_array_index (doc->pages, p);
      g_autofree char *want = g_strdup_printf ("%u", p + 1);
      guint heads = 0;

      ck_assert_str_eq (page->printed, want);
      for (guint i = 0; i < page->lines->len; i++)
        {
          FolioLine *line = g_ptr_array_index (page->lines, i);

          if (line->role == FOLIO_ROLE_BODY)
            ck_assert_msg (!g_regex_match (page_ref, folio_line_text (line), 0, NULL),
                           "page %u: footer left in the body: %s", page->index, folio_line_text (line));
          if (line->role == FOLIO_ROLE_HEADER)
            {
              ck_assert (g_str_has_prefix (folio_line_text (line), "Internet-Draft"));
              heads++;
            }
        }
      ck_assert_int_eq (heads, p == 0 ? 0 : 1);
    }
  ck_assert_str_eq (folio_document_get_field (doc, "date"), "2015-02");

  /* --no-repetition: nothing by repetition; the page numbers still go,
   * and the heads by their shape alone (status "Draft", a date). */
  bare = strip (stream, "--no-repetition", NULL);
  ck_assert_int_eq (bare->status, 0);
  ck_assert (strstr (bare->out, "\"rule\":\"repeated-") == NULL);
  ck_assert (strstr (bare->out, "\"rule\":\"head-shape\"") != NULL);
  nr = parse (bare);
  ck_assert_int_eq (count_role (nr, FOLIO_ROLE_FOOTER, FALSE), 15);
}
END_TEST

START_TEST (keep_marks_without_removing)
{
  g_autofree char *seed = folio_test_seed ("selectielijst-mivd-p113.txt");
  g_autofree char *stream = NULL;
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (FolioDocument) doc = NULL;

  FOLIO_SKIP_UNLESS (seed, "../shared/seed/selectielijst-mivd-p113.txt");
  stream = extracted (seed);
  r = strip (stream, "--keep", NULL);
  ck_assert_int_eq (r->status, 0);
  ck_assert (strstr (r->out, "\"type\":\"furniture\"") == NULL);
  doc = parse (r);
  ck_assert_int_eq (count_role (doc, FOLIO_ROLE_HEADER, TRUE), 1);
  ck_assert_int_eq (count_role (doc, FOLIO_ROLE_PAGE_NUMBER, TRUE), 1);
}
END_TEST

START_TEST (explain_says_what_and_why)
{
  g_autofree char *seed = folio_test_seed ("selectielijst-mivd-p113.txt");
  g_autofree char *stream = NULL;
  g_autoptr (FolioRun) r = NULL;

  FOLIO_SKIP_UNLESS (seed, "../shared/seed/selectielijst-mivd-p113.txt");
  stream = extracted (seed);
  r = strip (stream, "--explain", NULL);
  ck_assert_int_eq (r->status, 0);
  ck_assert (strstr (r->err, "page 1 (printed 113): 2 furniture lines") != NULL);
  ck_assert (strstr (r->err, "\"Pagina 113 van 167\": page number 113 of 167") != NULL);
  ck_assert (strstr (r->err, "version: 0.16") != NULL);
  folio_document_free (parse (r));
}
END_TEST

START_TEST (bad_patterns_and_streams)
{
  g_autofree char *seed = folio_test_seed ("selectielijst-mivd-p113.txt");
  g_autofree char *stream = NULL;
  g_autofree char *pat = g_build_filename (folio_test_tmpdir (), "patterns.txt", NULL);
  g_autofree char *bad = g_build_filename (folio_test_tmpdir (), "bad.jsonl", NULL);

  FOLIO_SKIP_UNLESS (seed, "../shared/seed/selectielijst-mivd-p113.txt");
  stream = extracted (seed);
  {
    g_autoptr (FolioRun) r = NULL;

    ck_assert (g_file_set_contents (pat, "# mine\nfolio\tFolio (?<num>\\d+\n", -1, NULL));
    r = strip (stream, "--patterns", pat);
    ck_assert_int_eq (r->status, FOLIO_EXIT_USAGE);
    ck_assert_msg (strstr (r->err, pat) && strstr (r->err, ":2:") && strstr (r->err, "Folio (?<num>")
                   && strstr (r->err, "missing closing parenthesis"), "%s", r->err);
    ck_assert_int_eq (r->out_len, 0);
  }
  {
    g_autoptr (FolioRun) r = NULL;
    g_autoptr (FolioDocument) doc = NULL;

    /* A good user pattern is used. */
    ck_assert (g_file_set_contents (pat, "roman-stelling\tStelling (?<num>[IVX]+)\n", -1, NULL));
    r = strip (stream, "--patterns", pat);
    ck_assert_int_eq (r->status, 0);
    folio_document_free (parse (r));
  }
  {
    g_autoptr (FolioRun) r = strip (stream, "--patterns", "/nonexistent/patterns");

    ck_assert_int_eq (r->status, FOLIO_EXIT_NOT_FOUND);
  }
  {
    /* A stream cut short, and one with a wrong record, on stdin. */
    g_autofree char *contents = NULL;
    const char *argv[] = { bin ("FOLIO_STRIP"), NULL };
    gsize len;

    ck_assert (g_file_get_contents (stream, &contents, &len, NULL));
    ck_assert (g_file_set_contents (bad, contents, len / 2, NULL));
    {
      g_autoptr (FolioRun) r = folio_test_run (argv, bad);

      ck_assert_int_eq (r->status, FOLIO_EXIT_BAD_STREAM);
      ck_assert_msg (g_str_has_prefix (r->err, "folio-strip: stdin:"), "%s", r->err);
      ck_assert_int_eq (r->out_len, 0);
    }
    ck_assert (g_file_set_contents (bad, "{\"type\":\"document\",\"format\":\"folio-stream\",\"format_version\":\"1.0\","
                                         "\"source\":\"x\",\"media_type\":\"text/plain\",\"page_count\":1}\n"
                                         "{\"type\":\"line\",\"page\":1,\"text\":\"x\"}\n", -1, NULL));
    {
      g_autoptr (FolioRun) r = folio_test_run (argv, bad);

      ck_assert_int_eq (r->status, FOLIO_EXIT_BAD_STREAM);
      ck_assert_msg (strstr (r->err, "stdin:2: line on page 1 does not follow") != NULL, "%s", r->err);
    }
  }
}
END_TEST

/* A 93-page Dutch pentest report: "Vertrouwelijk" on every page,
 * "Pagina N van 93" on pages 2-93, and nothing else. */
START_TEST (long_dutch_report)
{
  g_autofree char *pdf = folio_test_corpus ("nl/coronamelder/Bijlage_K_-_Rapportage_Penetratietest.pdf");
  g_autofree char *stream = NULL;
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (FolioDocument) doc = NULL;

  FOLIO_SKIP_UNLESS (pdf, "the shared corpus");
  stream = extracted (pdf);
  r = strip (stream, NULL, NULL);
  ck_assert_int_eq (r->status, 0);
  doc = parse (r);
  ck_assert_int_eq (count_role (doc, FOLIO_ROLE_HEADER, FALSE), 93);
  ck_assert_int_eq (count_role (doc, FOLIO_ROLE_PAGE_NUMBER, FALSE), 92);
  ck_assert_int_eq (count_role (doc, FOLIO_ROLE_FOOTER, FALSE) + count_role (doc, FOLIO_ROLE_MARGIN, FALSE), 0);
  for (guint p = 1; p < doc->pages->len; p++)
    {
      FolioPage *page = g_ptr_array_index (doc->pages, p);
      g_autofree char *want = g_strdup_printf ("%u", p + 1);

      ck_assert_str_eq (page->printed, want);
    }
}
END_TEST

static Suite *
strip_suite (void)
{
  const FolioTestCase cases[] = {
    { "seed", seed_page_loses_head_and_footer_only },
    { "letter", dutch_letter_footers },
    { "ietf", ietf_draft_heads_and_feet },
    { "keep", keep_marks_without_removing },
    { "explain", explain_says_what_and_why },
    { "bad-input", bad_patterns_and_streams },
    { "corpus-report", long_dutch_report },
  };

  return folio_test_suite ("cli-strip", cases, G_N_ELEMENTS (cases));
}

int
main (void)
{
  return folio_test_main (strip_suite ());
}
