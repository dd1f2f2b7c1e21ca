/* folio-extract and folio extract/convert, run as a user runs them, on
 * real documents (samples/, the seed page, the shared corpus) and on the
 * bad inputs scripts/make-fixtures builds from them. */
#include "folio-test.h"

#include <glib/gstdio.h>
#include <string.h>

static char *fixtures;

static const char *
extract_bin (void)
{
  const char *p = g_getenv ("FOLIO_EXTRACT");

  ck_assert_msg (p != NULL, "FOLIO_EXTRACT not set (run through meson test)");
  return p;
}

static const char *
folio_bin (void)
{
  const char *p = g_getenv ("FOLIO");

  ck_assert_msg (p != NULL, "FOLIO not set (run through meson test)");
  return p;
}

static char *
fixture (const char *name)
{
  if (fixtures == NULL)
    {
      const char *script = g_getenv ("FOLIO_MAKE_FIXTURES");
      g_autofree char *dir = g_build_filename (folio_test_tmpdir (), "fixtures", NULL);
      const char *argv[] = { "bash", script, dir, NULL };
      g_autofree char *err = NULL;
      int status = -1;

      ck_assert (script != NULL);
      ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   NULL, &err, &status, NULL) && status == 0,
                     "make-fixtures failed: %s", err ? err : "");
      fixtures = g_steal_pointer (&dir);
    }
  return g_build_filename (fixtures, name, NULL);
}

/* The run's stdout must be a complete, valid stream; returns it parsed. */
static FolioDocument *
parse_stream (const FolioRun *run)
{
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_data (run->out, run->out_len, NULL);
  g_autoptr (GError) error = NULL;
  FolioDocument *doc = folio_stream_read (in, "stdout", &error);

  ck_assert_msg (doc != NULL, "output is not a valid folio stream: %s", error ? error->message : "");
  return doc;
}

/* stderr is exactly one line, naming @name. */
static void
assert_one_line_naming (const FolioRun *run, const char *name)
{
  const char *nl = strchr (run->err, '\n');

  ck_assert_msg (nl != NULL && nl[1] == '\0', "stderr is not one line: [%s]", run->err);
  ck_assert_msg (strstr (run->err, name) != NULL, "stderr does not name %s: [%s]", name, run->err);
}

static FolioRun *
extract (const char *path, const char *opt1, const char *opt2)
{
  const char *argv[] = { extract_bin (), path, opt1, opt2, NULL };

  return folio_test_run (argv, NULL);
}

static const FolioLine *
find_line (const FolioDocument *doc, const char *text)
{
  for (guint i = 0; i < doc->pages->len; i++)
    {
      FolioPage *page = g_ptr_array_index (doc->pages, i);

      for (guint j = 0; j < page->lines->len; j++)
        {
          const FolioLine *line = g_ptr_array_index (page->lines, j);

          if (strcmp (folio_line_text (line), text) == 0)
            return line;
        }
    }
  return NULL;
}

/* ------------------------------------------------------------ the programs */

START_TEST (help_and_version)
{
  const char *progs[] = { extract_bin (), folio_bin () };

  for (gsize i = 0; i < G_N_ELEMENTS (progs); i++)
    {
      const char *help[] = { progs[i], "--help", NULL };
      const char *version[] = { progs[i], "--version", NULL };
      g_autoptr (FolioRun) h = folio_test_run (help, NULL);
      g_autoptr (FolioRun) v = folio_test_run (version, NULL);

      ck_assert_int_eq (h->status, 0);
      ck_assert (strstr (h->out, "Usage:") != NULL);
      ck_assert_int_eq (v->status, 0);
      ck_assert_msg (strstr (v->out, FOLIO_VERSION) != NULL, "%s", v->out);
      /* and the build, the digest of the sources folio batch records */
      ck_assert_msg (g_regex_match_simple ("^folio(-extract)? \\(folio\\) [0-9.]+, build [0-9a-f]{16}\n$",
                                           v->out, 0, 0), "%s", v->out);
    }
  {
    const char *argv[] = { folio_bin (), "extract", "--help", NULL };
    g_autoptr (FolioRun) r = folio_test_run (argv, NULL);

    ck_assert_int_eq (r->status, 0);
    ck_assert (strstr (r->out, "--password") != NULL);
  }
}
END_TEST

START_TEST (usage_errors)
{
  const char *cases[][4] = {
    { "", NULL },                      /* no input */
    { "--no-such-option", "x.pdf", NULL },
    { "a.pdf", "b.pdf", NULL },
    { "--type=word", "x.pdf", NULL },
    { "-f", "-3", "x.pdf", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[6] = { extract_bin () };
      g_autoptr (FolioRun) r = NULL;

      for (int j = 0; j < 4 && cases[i][j]; j++)
        if (*cases[i][j])
          argv[j + 1] = cases[i][j];
        else
          break;
      r = folio_test_run (argv, NULL);
      ck_assert_msg (r->status == FOLIO_EXIT_USAGE, "case %zu: exit %d", i, r->status);
      ck_assert_msg (g_str_has_prefix (r->err, "folio-extract: "), "case %zu: %s", i, r->err);
      ck_assert_int_eq (r->out_len, 0);
    }
  {
    const char *argv[] = { folio_bin (), "frobnicate", NULL };
    g_autoptr (FolioRun) r = folio_test_run (argv, NULL);

    ck_assert_int_eq (r->status, FOLIO_EXIT_USAGE);
    ck_assert (strstr (r->err, "frobnicate") != NULL);
  }
}
END_TEST

/* ---------------------------------------------------------------- real PDF */

START_TEST (pdf_dutch_letter)
{
  g_autofree char *path = folio_test_sample ("draagmoederschap.pdf");
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  const FolioLine *footer;
  FolioBBox box;

  FOLIO_SKIP_UNLESS (path, "samples/draagmoederschap.pdf");
  r = extract (path, NULL, NULL);
  ck_assert_msg (r->status == 0, "exit %d: %s", r->status, r->err);
  ck_assert_str_eq (r->err, "");
  doc = parse_stream (r);
  ck_assert_int_eq (doc->media_type, FOLIO_MEDIA_PDF);
  ck_assert_int_eq (doc->page_count, 3);
  ck_assert_int_eq (doc->pages->len, 3);
  ck_assert_int_eq (doc->size, 27209);
  ck_assert_str_eq (doc->sha256, "7a9d55e2c13f5bb66b6a4d3d401ef3fdc4197d6398e79ad314b61f1ce4cee679");
  ck_assert_str_eq (doc->info.producer, "Acrobat Distiller 8.0.0 (Windows)");
  ck_assert_str_eq (doc->info.pdf_version, "PDF-1.4");
  ck_assert (g_str_has_prefix (doc->info.created, "2011-03-01T14:34:22"));
  for (guint i = 0; i < 3; i++)
    {
      FolioPage *page = g_ptr_array_index (doc->pages, i);
      g_autofree char *label = g_strdup_printf ("%u", i + 1);

      ck_assert_int_eq (page->index, i + 1);
      ck_assert_str_eq (page->label, label);
      ck_assert (page->width > 594 && page->width < 596);
      ck_assert (page->height > 841 && page->height < 843);
      ck_assert (page->lines->len > 10);
    }
  /* The footer of the last page, where it is printed and in its font. */
  footer = find_line (doc, "Pagina 3 van 3");
  ck_assert (footer != NULL);
  ck_assert_int_eq (footer->page, 3);
  ck_assert (footer->has_geometry);
  box = folio_line_bbox (footer);
  ck_assert (box.y0 > 780 && box.y1 < 842);
  ck_assert (box.x0 > 400 && box.x1 < 595);
  ck_assert (box.x0 < box.x1 && box.y0 < box.y1);
  ck_assert_str_eq (footer->font, "Verdana");
  ck_assert (footer->size > 6 && footer->size < 7);
  ck_assert (!footer->bold && !footer->italic);
  /* Lines come top to bottom within the letter's body column. */
  {
    const FolioLine *a = find_line (doc, "Aan de Voorzitter van de Tweede Kamer");
    const FolioLine *b = find_line (doc, "der Staten-Generaal");

    ck_assert (a && b && a->page == 1 && b->page == 1 && folio_line_bbox (a).y0 < folio_line_bbox (b).y0);
  }
}
END_TEST

START_TEST (pdf_page_labels)
{
  g_autofree char *path = folio_test_sample ("pagelabels.pdf");
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  /* As the PDF labels them: the last page restarts at 1. */
  const char *labels[] = { "iii", "iv", "1", "2", "1" };
  const FolioLine *heading;

  FOLIO_SKIP_UNLESS (path, "samples/pagelabels.pdf");
  r = extract (path, NULL, NULL);
  ck_assert_int_eq (r->status, 0);
  doc = parse_stream (r);
  ck_assert_int_eq (doc->pages->len, G_N_ELEMENTS (labels));
  for (guint i = 0; i < doc->pages->len; i++)
    ck_assert_str_eq (((FolioPage *) g_ptr_array_index (doc->pages, i))->label, labels[i]);
  /* TeX fonts: CMBX is bold extended, CMR roman. */
  heading = find_line (doc, "First section");
  ck_assert (heading != NULL);
  ck_assert_str_eq (heading->font, "CMBX12");
  ck_assert (heading->bold && !heading->italic);
  ck_assert (find_line (doc, "Some text here...") && !find_line (doc, "Some text here...")->bold);
}
END_TEST

START_TEST (pdf_outline)
{
  g_autofree char *path = folio_test_sample ("bookmark_sample.pdf");
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  const struct { const char *title; guint level, page; } want[] = {
    { "PART I - DEFINITIONS", 1, 1 }, { "1. Interpretation", 2, 1 },
    { "2. Construction of Terms", 2, 1 }, { "PART II - OBLIGATIONS", 1, 2 },
    { "3. Payment Terms", 2, 2 }, { "3.1 Payment Schedule", 3, 2 },
    { "4. Termination", 2, 3 }, { "PART III - MISCELLANEOUS", 1, 3 },
  };

  FOLIO_SKIP_UNLESS (path, "samples/bookmark_sample.pdf");
  r = extract (path, NULL, NULL);
  ck_assert_int_eq (r->status, 0);
  doc = parse_stream (r);
  ck_assert_int_eq (doc->outline->len, G_N_ELEMENTS (want));
  for (guint i = 0; i < doc->outline->len; i++)
    {
      FolioOutlineEntry *e = g_ptr_array_index (doc->outline, i);

      ck_assert_str_eq (e->title, want[i].title);
      ck_assert_int_eq (e->level, want[i].level);
      ck_assert_int_eq (e->page, want[i].page);
    }
}
END_TEST

START_TEST (pdf_page_range)
{
  g_autofree char *path = folio_test_sample ("draagmoederschap.pdf");
  FOLIO_SKIP_UNLESS (path, "samples/draagmoederschap.pdf");
  {
    const char *argv[] = { extract_bin (), "-f", "2", "-l", "3", path, NULL };
    g_autoptr (FolioRun) r = folio_test_run (argv, NULL);
    g_autoptr (FolioDocument) doc = NULL;

    ck_assert_int_eq (r->status, 0);
    doc = parse_stream (r);
    ck_assert_int_eq (doc->page_count, 3);
    ck_assert_int_eq (doc->first_page, 2);
    ck_assert_int_eq (doc->last_page, 3);
    ck_assert_int_eq (doc->pages->len, 2);
    ck_assert_int_eq (((FolioPage *) g_ptr_array_index (doc->pages, 0))->index, 2);
    ck_assert (find_line (doc, "Pagina 1 van 3") == NULL);
    ck_assert (find_line (doc, "Pagina 2 van 3") != NULL);
  }
  {
    /* -l past the end is clamped, like pdftotext. */
    const char *argv[] = { extract_bin (), "-l", "99", path, NULL };
    g_autoptr (FolioRun) r = folio_test_run (argv, NULL);
    g_autoptr (FolioDocument) doc = NULL;

    ck_assert_int_eq (r->status, 0);
    doc = parse_stream (r);
    ck_assert_int_eq (doc->pages->len, 3);
  }
  {
    const char *bad[][5] = { { "-f", "4", NULL }, { "-f", "3", "-l", "2", NULL } };

    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        const char *argv[7] = { extract_bin () };
        g_autoptr (FolioRun) r = NULL;
        int n = 1;

        for (int j = 0; bad[i][j]; j++)
          argv[n++] = bad[i][j];
        argv[n] = path;
        r = folio_test_run (argv, NULL);
        ck_assert_int_eq (r->status, FOLIO_EXIT_USAGE);
        assert_one_line_naming (r, path);
        ck_assert_int_eq (r->out_len, 0);
      }
  }
}
END_TEST

START_TEST (pdf_no_text_layer)
{
  g_autofree char *path = folio_test_sample ("ocr_test.pdf");
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (FolioDocument) doc = NULL;

  FOLIO_SKIP_UNLESS (path, "samples/ocr_test.pdf");
  r = extract (path, NULL, NULL);
  ck_assert_int_eq (r->status, FOLIO_EXIT_NO_TEXT);
  assert_one_line_naming (r, path);
  ck_assert (strstr (r->err, "no text layer") != NULL);
  /* The pages are written all the same, and the stream is complete. */
  doc = parse_stream (r);
  ck_assert_int_eq (doc->pages->len, 1);
}
END_TEST

START_TEST (pdf_encrypted)
{
  g_autofree char *path = folio_test_sample ("password-example.pdf");
  FOLIO_SKIP_UNLESS (path, "samples/password-example.pdf");
  {
    g_autoptr (FolioRun) r = extract (path, NULL, NULL);

    ck_assert_int_eq (r->status, FOLIO_EXIT_ENCRYPTED);
    assert_one_line_naming (r, path);
    ck_assert (strstr (r->err, "password") != NULL);
    ck_assert_int_eq (r->out_len, 0);
  }
  {
    g_autoptr (FolioRun) r = extract (path, "--password", "wrong");

    ck_assert_int_eq (r->status, FOLIO_EXIT_ENCRYPTED);
    ck_assert (strstr (r->err, "wrong") != NULL);
  }
  {
    g_autoptr (FolioRun) r = extract (path, "--password", "test");
    g_autoptr (FolioDocument) doc = NULL;

    ck_assert_msg (r->status == 0, "%s", r->err);
    doc = parse_stream (r);
    ck_assert (doc->encrypted);
    ck_assert (folio_document_count_lines (doc) > 0);
  }
}
END_TEST

/* Made from the samples by scripts/make-fixtures. */
START_TEST (pdf_bad_inputs)
{
  const struct { const char *name; int status; const char *says; } cases[] = {
    { "truncated-1k.pdf", FOLIO_EXIT_CORRUPT, "damaged or truncated" },
    { "truncated-half.pdf", FOLIO_EXIT_CORRUPT, "damaged or truncated" },
    { "encrypted-user.pdf", FOLIO_EXIT_ENCRYPTED, "password" },
    { "html.pdf", FOLIO_EXIT_NOT_SUPPORTED, "HTML" },
    { "png.pdf", FOLIO_EXIT_NOT_SUPPORTED, "PNG" },
    { "junk.bin", FOLIO_EXIT_NOT_SUPPORTED, "not a PDF" },
    { "empty.pdf", FOLIO_EXIT_NOT_SUPPORTED, "empty" },
    { "empty.txt", FOLIO_EXIT_NOT_SUPPORTED, "empty" },
    { "nul.txt", FOLIO_EXIT_NOT_SUPPORTED, "binary" },
    { "dir.pdf", FOLIO_EXIT_NOT_FOUND, "directory" },
    { "no-such-file.pdf", FOLIO_EXIT_NOT_FOUND, "No such file" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture (cases[i].name);
      g_autoptr (FolioRun) r = extract (path, NULL, NULL);

      ck_assert_msg (r->status == cases[i].status, "%s: exit %d, want %d (%s)",
                     cases[i].name, r->status, cases[i].status, r->err);
      assert_one_line_naming (r, path);
      ck_assert_msg (strstr (r->err, cases[i].says) != NULL, "%s: %s", cases[i].name, r->err);
      ck_assert_msg (r->out_len == 0, "%s: wrote output", cases[i].name);
    }
  {
    g_autofree char *broken = folio_test_sample ("test_broken.pdf");
    g_autoptr (FolioRun) r = extract (broken, NULL, NULL);

    ck_assert_int_eq (r->status, FOLIO_EXIT_CORRUPT);
    assert_one_line_naming (r, broken);
  }
  {
    g_autofree char *path = fixture ("encrypted-user.pdf");
    g_autoptr (FolioRun) r = extract (path, "--password", "secret");
    g_autoptr (FolioDocument) doc = NULL;

    ck_assert_msg (r->status == 0, "%s", r->err);
    doc = parse_stream (r);
    ck_assert (doc->encrypted);
    ck_assert (find_line (doc, "Pagina 1 van 3") != NULL);
  }
  {
    /* Encrypted with an empty user password: opens as any reader would. */
    g_autofree char *path = fixture ("encrypted-open.pdf");
    g_autoptr (FolioRun) r = extract (path, NULL, NULL);
    g_autoptr (FolioDocument) doc = NULL;

    ck_assert_msg (r->status == 0, "%s", r->err);
    doc = parse_stream (r);
    ck_assert (doc->encrypted);
  }
  {
    /* Damaged but repairable: whatever poppler recovers, the stream is whole. */
    g_autofree char *path = fixture ("flipped.pdf");
    g_autoptr (FolioRun) r = extract (path, NULL, NULL);

    ck_assert_msg (r->status == 0 || r->status == FOLIO_EXIT_CORRUPT
                   || r->status == FOLIO_EXIT_NO_TEXT, "exit %d", r->status);
    if (r->status != FOLIO_EXIT_CORRUPT)
      folio_document_free (parse_stream (r));
  }
}
END_TEST

/* --------------------------------------------------------------- text input */

START_TEST (text_seed_page)
{
  g_autofree char *path = folio_test_seed ("selectielijst-mivd-p113.txt");
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  FolioPage *page;

  FOLIO_SKIP_UNLESS (path, "../shared/seed/selectielijst-mivd-p113.txt");
  r = extract (path, NULL, NULL);
  ck_assert_msg (r->status == 0, "%s", r->err);
  doc = parse_stream (r);
  ck_assert_int_eq (doc->media_type, FOLIO_MEDIA_TEXT);
  ck_assert_str_eq (doc->encoding, "utf-8");
  ck_assert_int_eq (doc->page_count, 1);
  page = g_ptr_array_index (doc->pages, 0);
  ck_assert_str_eq (folio_line_text (g_ptr_array_index (page->lines, 0)),
                    "Versie 0.16 ter inzagelegging | Generieke Selectielijst MIVD | maart 2015");
  ck_assert_str_eq (folio_line_text (g_ptr_array_index (page->lines, page->lines->len - 1)),
                    "Pagina 113 van 167");
  ck_assert (find_line (doc, "Europese Unie (EU)") != NULL);
  ck_assert (find_line (doc, "missies en door de uitrol van de EU ambassades overal ter") != NULL);
  ck_assert (!((FolioLine *) g_ptr_array_index (page->lines, 0))->has_geometry);
}
END_TEST

START_TEST (text_ietf_draft)
{
  g_autofree char *path = folio_test_sample ("draft-ietf-appsawg-file-scheme-00.txt");
  g_autofree char *crlf = NULL;
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (FolioRun) r2 = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  g_autoptr (FolioDocument) doc2 = NULL;

  FOLIO_SKIP_UNLESS (path, "samples/draft-ietf-appsawg-file-scheme-00.txt");
  r = extract (path, NULL, NULL);
  ck_assert_int_eq (r->status, 0);
  doc = parse_stream (r);
  ck_assert_int_eq (doc->page_count, 15);
  ck_assert_int_eq (doc->pages->len, 15);
  ck_assert (find_line (doc, "Kerwin                   Expires August 15, 2015                [Page 2]") != NULL);
  ck_assert_int_eq (find_line (doc, "Kerwin                   Expires August 15, 2015                [Page 2]")->page, 2);

  /* The same text with CRLF line ends gives the same lines. */
  crlf = fixture ("crlf.txt");
  r2 = extract (crlf, NULL, NULL);
  ck_assert_int_eq (r2->status, 0);
  doc2 = parse_stream (r2);
  ck_assert_int_eq (doc2->pages->len, doc->pages->len);
  ck_assert_int_eq (folio_document_count_lines (doc2), folio_document_count_lines (doc));
  for (guint i = 0; i < doc->pages->len; i++)
    {
      FolioPage *a = g_ptr_array_index (doc->pages, i), *b = g_ptr_array_index (doc2->pages, i);

      for (guint j = 0; j < a->lines->len; j++)
        ck_assert_str_eq (folio_line_text (g_ptr_array_index (a->lines, j)),
                          folio_line_text (g_ptr_array_index (b->lines, j)));
    }
}
END_TEST

START_TEST (text_encodings)
{
  g_autofree char *cp1252 = fixture ("cp1252.txt");
  g_autofree char *bom = fixture ("bom.txt");
  g_autoptr (FolioRun) r = extract (cp1252, NULL, NULL);
  g_autoptr (FolioRun) r2 = extract (bom, NULL, NULL);
  g_autoptr (FolioDocument) doc = NULL;
  g_autoptr (FolioDocument) doc2 = NULL;

  ck_assert_msg (r->status == 0, "%s", r->err);
  doc = parse_stream (r);
  ck_assert_str_eq (doc->encoding, "windows-1252");
  ck_assert_int_eq (doc->pages->len, 2);
  ck_assert (find_line (doc, "Café à la crème € 10") != NULL);
  ck_assert (find_line (doc, "naïef") != NULL);

  ck_assert_int_eq (r2->status, 0);
  doc2 = parse_stream (r2);
  ck_assert (find_line (doc2, "with a byte order mark") != NULL);
}
END_TEST

START_TEST (stdin_input)
{
  g_autofree char *path = folio_test_sample ("draagmoederschap.pdf");
  const char *argv[] = { extract_bin (), "-", NULL };
  g_autoptr (FolioRun) by_path = NULL;
  g_autoptr (FolioRun) by_stdin = NULL;
  g_autoptr (FolioDocument) a = NULL;
  g_autoptr (FolioDocument) b = NULL;

  FOLIO_SKIP_UNLESS (path, "samples/draagmoederschap.pdf");
  by_path = extract (path, NULL, NULL);
  by_stdin = folio_test_run (argv, path);
  ck_assert_msg (by_stdin->status == 0, "%s", by_stdin->err);
  a = parse_stream (by_path);
  b = parse_stream (by_stdin);
  ck_assert_str_eq (b->source, "-");
  ck_assert_str_eq (a->sha256, b->sha256);
  ck_assert_int_eq (folio_document_count_lines (a), folio_document_count_lines (b));
  /* Past the document record, the two streams are the same bytes. */
  ck_assert_str_eq (strchr (by_path->out, '\n'), strchr (by_stdin->out, '\n'));
}
END_TEST

/* Standard input that the caller has partly read already (a regular file,
 * so folio may read it at offsets): the document starts where it stands.
 * A file of 1 MiB or more, which folio reads into huge pages. */
START_TEST (stdin_partly_read)
{
  g_autofree char *path = folio_test_corpus ("nl/coronamelder/Bijlage_K_-_Rapportage_Penetratietest.pdf");
  g_autofree char *prefixed = g_build_filename (folio_test_tmpdir (), "prefixed.pdf", NULL);
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_autoptr (GString) with_prefix = g_string_new ("twenty bytes before:");
  const char *argv[] = { "sh", "-c", "dd bs=20 count=1 of=/dev/null 2>/dev/null; exec \"$0\" -",
                         extract_bin (), NULL };
  g_autoptr (FolioRun) by_path = NULL;
  g_autoptr (FolioRun) by_stdin = NULL;
  g_autoptr (FolioDocument) a = NULL;
  g_autoptr (FolioDocument) b = NULL;

  FOLIO_SKIP_UNLESS (path, "corpus nl/coronamelder/Bijlage_K_-_Rapportage_Penetratietest.pdf");
  ck_assert (g_file_get_contents (path, &bytes, &len, NULL));
  ck_assert_uint_ge (len, 1 << 20);
  ck_assert_uint_eq (with_prefix->len, 20);
  g_string_append_len (with_prefix, bytes, (gssize) len);
  ck_assert (g_file_set_contents (prefixed, with_prefix->str, (gssize) with_prefix->len, NULL));
  by_path = extract (path, NULL, NULL);
  by_stdin = folio_test_run (argv, prefixed);
  ck_assert_msg (by_stdin->status == 0, "%s", by_stdin->err);
  a = parse_stream (by_path);
  b = parse_stream (by_stdin);
  ck_assert_str_eq (a->sha256, b->sha256);
  ck_assert_uint_eq (b->size, len);
  ck_assert_str_eq (strchr (by_path->out, '\n'), strchr (by_stdin->out, '\n'));
}
END_TEST

/* ------------------------------------------------------------------ output */

START_TEST (output_file_is_all_or_nothing)
{
  g_autofree char *path = folio_test_sample ("draagmoederschap.pdf");
  g_autofree char *out = g_build_filename (folio_test_tmpdir (), "out.jsonl", NULL);
  g_autofree char *junk = fixture ("html.pdf");
  g_autofree char *contents = NULL;
  g_autoptr (GDir) dir = NULL;
  const char *name;

  FOLIO_SKIP_UNLESS (path, "samples/draagmoederschap.pdf");
  {
    g_autoptr (FolioRun) r = extract (path, "-o", out);

    ck_assert_msg (r->status == 0, "%s", r->err);
    ck_assert_int_eq (r->out_len, 0);
    ck_assert (g_file_get_contents (out, &contents, NULL, NULL));
    ck_assert (strstr (contents, "{\"type\":\"end\"") != NULL);
  }
  {
    /* A failed run leaves the earlier output as it was. */
    g_autoptr (FolioRun) r = extract (junk, "-o", out);
    g_autofree char *after = NULL;

    ck_assert_int_eq (r->status, FOLIO_EXIT_NOT_SUPPORTED);
    ck_assert (g_file_get_contents (out, &after, NULL, NULL));
    ck_assert_str_eq (after, contents);
  }
  /* And no temporary file is left behind. */
  dir = g_dir_open (folio_test_tmpdir (), 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    ck_assert_msg (strstr (name, ".tmp.") == NULL, "left behind: %s", name);
}
END_TEST

START_TEST (write_failures)
{
  g_autofree char *path = folio_test_sample ("draagmoederschap.pdf");

  FOLIO_SKIP_UNLESS (path, "samples/draagmoederschap.pdf");
  {
    g_autoptr (FolioRun) r = extract (path, "-o", "/nonexistent-dir/out.jsonl");

    ck_assert_int_eq (r->status, FOLIO_EXIT_WRITE);
    assert_one_line_naming (r, "/nonexistent-dir/out.jsonl");
  }
  if (g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_autoptr (FolioRun) r = extract (path, "-o", "/dev/full");

      /* /dev/full cannot take the temporary file beside it either. */
      ck_assert_int_eq (r->status, FOLIO_EXIT_WRITE);
    }
  if (g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      /* stdout on a full disk */
      g_autofree char *cmd = g_strdup_printf ("exec \"$0\" \"$1\" > /dev/full");
      const char *argv[] = { "sh", "-c", cmd, extract_bin (), path, NULL };
      g_autoptr (FolioRun) r = folio_test_run (argv, NULL);

      ck_assert_int_eq (r->status, FOLIO_EXIT_WRITE);
      ck_assert (strstr (r->err, "stdout: write failed") != NULL);
    }
}
END_TEST

/* ------------------------------------------------------------------- folio */

START_TEST (folio_dispatches_extract)
{
  g_autofree char *path = folio_test_sample ("draagmoederschap.pdf");
  const char *sub[] = { folio_bin (), "extract", path, NULL };
  g_autoptr (FolioRun) e = NULL;
  g_autoptr (FolioRun) direct = NULL;

  FOLIO_SKIP_UNLESS (path, "samples/draagmoederschap.pdf");
  e = folio_test_run (sub, NULL);
  direct = extract (path, NULL, NULL);
  ck_assert_int_eq (e->status, 0);
  ck_assert_str_eq (e->err, "");
  ck_assert_str_eq (e->out, direct->out);
}
END_TEST

/* Word-level agreement with pdftotext on every sample with text. */
START_TEST (words_agree_with_pdftotext)
{
  const char *names[] = { "draagmoederschap.pdf", "pagelabels.pdf", "bookmark_sample.pdf" };
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  FOLIO_SKIP_UNLESS (pdftotext, "pdftotext");
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = folio_test_sample (names[i]);
      const char *argv[] = { pdftotext, path, "-", NULL };
      g_autoptr (FolioRun) ref = NULL;
      g_autoptr (FolioRun) r = NULL;
      g_autoptr (FolioDocument) doc = NULL;
      g_autoptr (GHashTable) count = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_auto (GStrv) ref_words = NULL;
      guint n_ref = 0, n_ours = 0, common = 0;

      if (path == NULL)
        continue;
      /* pdftotext runs bare, not under the test wrapper. */
      {
        g_autofree char *out = NULL;
        int status;

        ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status, NULL));
        ref_words = g_regex_split_simple ("\\s+", out, 0, 0);
      }
      for (int k = 0; ref_words[k]; k++)
        if (*ref_words[k])
          {
            gpointer c = g_hash_table_lookup (count, ref_words[k]);

            g_hash_table_insert (count, g_strdup (ref_words[k]), GUINT_TO_POINTER (GPOINTER_TO_UINT (c) + 1));
            n_ref++;
          }
      r = extract (path, NULL, NULL);
      ck_assert_int_eq (r->status, 0);
      doc = parse_stream (r);
      for (guint p = 0; p < doc->pages->len; p++)
        {
          FolioPage *page = g_ptr_array_index (doc->pages, p);

          for (guint l = 0; l < page->lines->len; l++)
            {
              g_auto (GStrv) words = g_regex_split_simple ("\\s+", folio_line_text (g_ptr_array_index (page->lines, l)), 0, 0);

              for (int k = 0; words[k]; k++)
                if (*words[k])
                  {
                    guint c = GPOINTER_TO_UINT (g_hash_table_lookup (count, words[k]));

                    n_ours++;
                    if (c > 0)
                      {
                        common++;
                        g_hash_table_insert (count, g_strdup (words[k]), GUINT_TO_POINTER (c - 1));
                      }
                  }
            }
        }
      ck_assert_msg (common * 100 >= 99 * MAX (n_ref, n_ours),
                     "%s: %u words in common of %u (pdftotext) and %u (folio)",
                     names[i], common, n_ref, n_ours);
    }
}
END_TEST

/* Segments mark a line's wide gaps (a table's cells poppler joined), not
 * the spaces of a monospaced font, which are wider than a proportional
 * font's: ReportLab's "8.1 DocAssign(self, var, ...)" in Courier is one
 * segment; redp5110's table row "CLIENT_HOST VARCHAR(255) Host name ..."
 * is three. */
START_TEST (pdf_segments)
{
  g_autofree char *guide = folio_test_corpus ("debian/python-reportlab-doc/reportlab-userguide.pdf");
  g_autofree char *redp = folio_test_corpus ("docling/pdf/redp5110_sampled.pdf");

  FOLIO_SKIP_UNLESS (guide, "the shared corpus");
  FOLIO_SKIP_UNLESS (redp, "the shared corpus");
  {
    g_autoptr (FolioRun) r = extract (guide, "--first-page=91", "--last-page=91");
    g_autoptr (FolioDocument) doc = parse_stream (r);
    const FolioLine *l = find_line (doc, "8.1 DocAssign(self, var, expr, life='forever')");

    ck_assert_int_eq (r->status, 0);
    ck_assert_ptr_nonnull (l);
    ck_assert_ptr_null (folio_line_segments (l));
  }
  {
    g_autoptr (FolioRun) r = extract (redp, "--first-page=12", "--last-page=12");
    g_autoptr (FolioDocument) doc = parse_stream (r);
    guint cut = 0;

    ck_assert_int_eq (r->status, 0);
    for (guint j = 0; j < ((FolioPage *) g_ptr_array_index (doc->pages, 0))->lines->len; j++)
      {
        const FolioLine *l = g_ptr_array_index (((FolioPage *) g_ptr_array_index (doc->pages, 0))->lines, j);

        if (g_str_has_prefix (folio_line_text (l), "CLIENT_HOST"))
          cut = folio_line_segments (l) ? l->n_segments : 1;
      }
    ck_assert_uint_eq (cut, 3);
  }
}
END_TEST

static Suite *
cli_suite (void)
{
  const FolioTestCase cases[] = {
    { "programs", help_and_version },
    { "usage", usage_errors },
    { "pdf-letter", pdf_dutch_letter },
    { "pdf-labels", pdf_page_labels },
    { "pdf-outline", pdf_outline },
    { "pdf-range", pdf_page_range },
    { "pdf-no-text", pdf_no_text_layer },
    { "pdf-encrypted", pdf_encrypted },
    { "pdf-bad", pdf_bad_inputs },
    { "pdf-segments", pdf_segments },
    { "text-seed", text_seed_page },
    { "text-ietf", text_ietf_draft },
    { "text-encodings", text_encodings },
    { "stdin", stdin_input },
    { "stdin-partly-read", stdin_partly_read },
    { "output-file", output_file_is_all_or_nothing },
    { "write-failures", write_failures },
    { "folio", folio_dispatches_extract },
    { "pdftotext-agreement", words_agree_with_pdftotext },
  };

  return folio_test_suite ("cli-extract", cases, G_N_ELEMENTS (cases));
}

int
main (void)
{
  int status = folio_test_main (cli_suite ());

  g_free (fixtures);
  return status;
}
