/* Hostile and broken input, limits, faults: the programs run as a user
 * runs them, on damaged copies of real documents (a seeded sample of the
 * shared corpus; scripts/torture does all of it), on what
 * scripts/make-fixtures --hostile builds, on hand-made streams, and against
 * a full disk, a read-only directory, a closed pipe and signals.  Each case
 * gets its documented exit code (docs/exit-codes.md) and one line on
 * stderr naming the file; none may crash or hang.  docs/reliability.md. */
#include "folio-test.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *fixtures;

static const char *
bin (const char *var)
{
  const char *p = g_getenv (var);

  ck_assert_msg (p != NULL, "%s not set (run through meson test)", var);
  return p;
}

/* Under valgrind everything is 20-50 times slower: the heavy cases are
 * left to the normal and sanitizer runs. */
static gboolean
wrapped (void)
{
  const char *w = g_getenv ("FOLIO_TEST_WRAPPER");

  return w != NULL && *w != '\0';
}

/* Made once, before the tests fork: scripts/make-fixtures DIR --hostile. */
static void
make_fixtures (void)
{
  const char *script = g_getenv ("FOLIO_MAKE_FIXTURES");
  g_autofree char *dir = g_build_filename (folio_test_tmpdir (), "fixtures", NULL);
  const char *argv[] = { "bash", script, dir, "--hostile", NULL };
  g_autofree char *err = NULL;
  int status = -1;

  if (script != NULL
      && g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &err, &status, NULL)
      && status == 0)
    fixtures = g_steal_pointer (&dir);
  else
    fprintf (stderr, "# make-fixtures failed: %s\n", err ? err : "");
}

static char *
fixture (const char *name)
{
  ck_assert_msg (fixtures != NULL, "scripts/make-fixtures --hostile failed");
  return g_build_filename (fixtures, name, NULL);
}

static FolioRun *
run5 (const char *a0, const char *a1, const char *a2, const char *a3, const char *a4)
{
  const char *argv[] = { a0, a1, a2, a3, a4, NULL };

  return folio_test_run (argv, NULL);
}

/* Runs @argv with the test hook @hook set to @value for this run only:
 * under valgrind the tests share a process, and a failed check must not
 * leave the hook to the next test. */
static FolioRun *
run_hooked (const char *const *argv, const char *hook, const char *value)
{
  FolioRun *r;

  g_setenv (hook, value, TRUE);
  r = folio_test_run (argv, NULL);
  g_unsetenv (hook);
  return r;
}

/* No crash (a signal, or a sanitizer's report), and stderr one line per
 * message, each naming @name. */
static void
assert_sane (const FolioRun *r, const char *what, const char *name)
{
  ck_assert_msg (r->status < 128, "%s: killed by signal %d", what, r->status - 128);
  ck_assert_msg (strstr (r->err, "Sanitizer") == NULL && strstr (r->err, "runtime error") == NULL,
                 "%s: sanitizer report: %s", what, r->err);
  if (r->status != 0)
    {
      const char *nl = strchr (r->err, '\n');

      ck_assert_msg (nl != NULL && nl[1] == '\0', "%s: stderr is not one line: [%s]", what, r->err);
      ck_assert_msg (strstr (r->err, name) != NULL, "%s: stderr does not name %s: [%s]", what, name, r->err);
    }
}

/* The run's stdout is a complete stream folio reads. */
static FolioDocument *
parse_stream (const FolioRun *run)
{
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_data (run->out, run->out_len, NULL);
  g_autoptr (GError) error = NULL;
  FolioDocument *doc = folio_stream_read (in, "stdout", &error);

  ck_assert_msg (doc != NULL, "output is not a valid folio stream: %s", error ? error->message : "");
  return doc;
}

static gboolean
is_whole_json (const char *text)
{
  g_autoptr (JsonParser) p = json_parser_new ();

  return json_parser_load_from_data (p, text, -1, NULL);
}

static void
write_file (const char *path, const void *data, gsize len)
{
  g_autoptr (GError) error = NULL;

  ck_assert_msg (g_file_set_contents (path, data, (gssize) len, &error), "%s", error ? error->message : "");
}

/* ------------------------------------------------------- damaged PDFs */

/* The corpus PDFs the sample is drawn from, sorted; falls back to samples/. */
static GPtrArray *
corpus_pdfs (void)
{
  g_autofree char *root = folio_test_corpus ("");
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  const char *argv[] = { "find", root ? root : "", "-name", "*.pdf", "-size", "-400k", NULL };
  g_autofree char *list = NULL;

  if (root != NULL && g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                    NULL, NULL, &list, NULL, NULL, NULL))
    {
      g_auto (GStrv) lines = g_strsplit (list, "\n", -1);

      for (int i = 0; lines[i]; i++)
        if (*lines[i])
          g_ptr_array_add (out, g_strdup (lines[i]));
    }
  if (out->len == 0)
    {
      g_ptr_array_add (out, folio_test_sample ("draagmoederschap.pdf"));
      g_ptr_array_add (out, folio_test_sample ("pagelabels.pdf"));
      g_ptr_array_add (out, folio_test_sample ("bookmark_sample.pdf"));
    }
  return out;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* A seeded sample of corpus PDFs, each truncated at three points and with
 * bytes flipped twice over, through folio-extract and folio convert: the
 * exit codes a damaged PDF may get, no crash, the message naming the file,
 * and when it succeeds a complete stream. */
START_TEST (damaged_corpus_sample)
{
  g_autoptr (GPtrArray) pdfs = corpus_pdfs ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (8);
  guint n_docs = wrapped () ? 1 : 4, runs = 0;

  g_ptr_array_sort (pdfs, compare_paths);
  for (guint d = 0; d < n_docs && pdfs->len > 0; d++)
    {
      guint pick = g_rand_int_range (rand, 0, (gint32) pdfs->len);
      const char *src = g_ptr_array_index (pdfs, pick);
      g_autofree char *data = NULL;
      gsize len = 0;

      ck_assert (g_file_get_contents (src, &data, &len, NULL));
      for (guint m = 0; m < (wrapped () ? 2u : 5u); m++)
        {
          g_autofree char *path = g_strdup_printf ("%s/damaged-%u-%u.pdf", folio_test_tmpdir (), d, m);
          g_autofree char *copy = g_memdup2 (data, len);
          gsize keep = len;
          g_autoptr (FolioRun) x = NULL;

          if (m < 3)                       /* cut at 10 %, 50 %, 90 % */
            keep = len * (m == 0 ? 1 : m == 1 ? 5 : 9) / 10;
          else                             /* 1 byte in 500 set at random */
            for (gsize k = 0; k < len / 500 + 1; k++)
              copy[g_rand_int_range (rand, 0, (gint32) len)] = (char) g_rand_int_range (rand, 0, 256);
          write_file (path, copy, keep);
          x = run5 (bin ("FOLIO_EXTRACT"), path, NULL, NULL, NULL);
          assert_sane (x, src, path);
          ck_assert_msg (x->status == 0 || x->status == FOLIO_EXIT_CORRUPT || x->status == FOLIO_EXIT_NO_TEXT
                         || x->status == FOLIO_EXIT_PAGES_SKIPPED || x->status == FOLIO_EXIT_ENCRYPTED,
                         "%s mutation %u: exit %d: %s", src, m, x->status, x->err);
          if (x->status == 0 || x->status == FOLIO_EXIT_NO_TEXT || x->status == FOLIO_EXIT_PAGES_SKIPPED)
            folio_document_free (parse_stream (x));
          else
            ck_assert_int_eq (x->out_len, 0);
          if (!wrapped ())
            {
              g_autoptr (FolioRun) c = run5 (bin ("FOLIO"), "convert", path, NULL, NULL);

              assert_sane (c, src, path);
              ck_assert_msg (c->status == x->status, "%s mutation %u: convert exits %d, extract %d",
                             src, m, c->status, x->status);
              if (c->status == 0)
                ck_assert (is_whole_json (c->out));
            }
          runs++;
        }
    }
  ck_assert (runs > 0);
}
END_TEST

/* --------------------------------------------------------- bad inputs */

/* Not PDFs, encrypted, oversized, odd text: one table, through folio convert
 * (folio-extract has its own test of most of them). */
START_TEST (bad_inputs_convert)
{
  const struct { const char *name; int status; const char *says; gboolean heavy; } cases[] = {
    { "truncated-1k.pdf", FOLIO_EXIT_CORRUPT, "damaged or truncated" },
    { "encrypted-user.pdf", FOLIO_EXIT_ENCRYPTED, "password" },
    { "html.pdf", FOLIO_EXIT_NOT_SUPPORTED, "HTML" },
    { "png.pdf", FOLIO_EXIT_NOT_SUPPORTED, "PNG" },
    { "empty.pdf", FOLIO_EXIT_NOT_SUPPORTED, "empty" },
    { "nul.txt", FOLIO_EXIT_NOT_SUPPORTED, "binary" },
    { "nul-amid.txt", FOLIO_EXIT_NOT_SUPPORTED, "binary" },
    { "dir.pdf", FOLIO_EXIT_NOT_FOUND, "directory" },
    { "pages-100001.txt", FOLIO_EXIT_LIMIT, "100001 pages is past folio's limit of 100000" },
    { "line-2mib.txt", FOLIO_EXIT_LIMIT, "line 2 is longer than folio's limit" },
    { "line-512kib.txt", 0, NULL },
    { "bad-utf8.txt", 0, NULL },
    { "crlf-ff.txt", 0, NULL },
    { "deep-outline.pdf", 0, NULL },
    { "bad-date.pdf", 0, NULL },
    { "pages-2500.txt", 0, NULL, TRUE },
    { "pages-1002.pdf", 0, NULL, TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture (cases[i].name);
      g_autoptr (FolioRun) r = NULL;

      if (cases[i].heavy && wrapped ())
        continue;
      r = run5 (bin ("FOLIO"), "convert", path, NULL, NULL);
      assert_sane (r, cases[i].name, path);
      ck_assert_msg (r->status == cases[i].status, "%s: exit %d, want %d (%s)",
                     cases[i].name, r->status, cases[i].status, r->err);
      if (cases[i].says)
        ck_assert_msg (strstr (r->err, cases[i].says) != NULL, "%s: %s", cases[i].name, r->err);
      if (r->status == 0)
        {
          ck_assert_msg (is_whole_json (r->out), "%s: output is not whole JSON", cases[i].name);
          /* Nothing on stderr, poppler's own warnings included. */
          ck_assert_msg (r->err[0] == '\0', "%s: stderr: %s", cases[i].name, r->err);
        }
      else
        ck_assert_int_eq (r->out_len, 0);
    }
}
END_TEST

/* Every PDF read in place (FOLIO_IN_MEMORY_MAX=0, as a PDF file past 32
 * MiB is) gives what it gives read whole: the damaged, the encrypted, the
 * odd; and a FOLIO_IN_MEMORY_MAX that is not a size is a usage error. */
START_TEST (bad_inputs_in_place)
{
  const char *names[] = { "truncated-1k.pdf", "truncated-half.pdf", "encrypted-user.pdf",
                          "encrypted-open.pdf", "flipped.pdf", "html.pdf", "png.pdf",
                          "empty.pdf", "dir.pdf", "deep-outline.pdf", "bad-date.pdf" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = fixture (names[i]);
      const char *argv[] = { bin ("FOLIO"), "convert", path, NULL };
      g_autoptr (FolioRun) whole = folio_test_run (argv, NULL);
      g_autoptr (FolioRun) in_place = run_hooked (argv, "FOLIO_IN_MEMORY_MAX", "0");

      assert_sane (in_place, names[i], path);
      ck_assert_msg (in_place->status == whole->status, "%s: exit %d in place, %d whole (%s)",
                     names[i], in_place->status, whole->status, in_place->err);
      ck_assert_str_eq (in_place->err, whole->err);
      ck_assert_uint_eq (in_place->out_len, whole->out_len);
      ck_assert_msg (memcmp (in_place->out, whole->out, whole->out_len) == 0, "%s: other output",
                     names[i]);
    }
  {
    g_autofree char *pdf = folio_test_sample ("draagmoederschap.pdf");
    const char *argv[] = { bin ("FOLIO"), "convert", pdf, NULL };
    g_autoptr (FolioRun) r = run_hooked (argv, "FOLIO_IN_MEMORY_MAX", "32X");

    ck_assert_int_eq (r->status, FOLIO_EXIT_USAGE);
    ck_assert_msg (strstr (r->err, "FOLIO_IN_MEMORY_MAX") != NULL, "%s", r->err);
    ck_assert_int_eq (r->out_len, 0);
  }
}
END_TEST

/* What each odd input gives: the numbers, not just the exit code. */
START_TEST (odd_inputs_read_right)
{
  {
    g_autofree char *path = fixture ("deep-outline.pdf");
    g_autoptr (FolioRun) r = run5 (bin ("FOLIO_EXTRACT"), path, NULL, NULL, NULL);
    g_autoptr (FolioDocument) doc = NULL;

    ck_assert_int_eq (r->status, 0);
    doc = parse_stream (r);
    /* 100 levels of bookmarks: the first 32 kept, the cut said. */
    ck_assert_uint_eq (doc->outline->len, FOLIO_EXTRACT_MAX_OUTLINE_DEPTH);
    ck_assert (doc->outline_truncated);
  }
  {
    g_autofree char *path = fixture ("bad-utf8.txt");
    g_autoptr (FolioRun) r = run5 (bin ("FOLIO_EXTRACT"), path, NULL, NULL, NULL);
    g_autoptr (FolioDocument) doc = NULL;

    ck_assert_int_eq (r->status, 0);
    doc = parse_stream (r);
    /* Neither UTF-8 nor Windows-1252: read as Latin-1, nothing lost. */
    ck_assert_str_eq (doc->encoding, "iso-8859-1");
    ck_assert_uint_eq (doc->pages->len, 2);
  }
  {
    g_autofree char *path = fixture ("crlf-ff.txt");
    g_autoptr (FolioRun) r = run5 (bin ("FOLIO_EXTRACT"), path, NULL, NULL, NULL);
    g_autoptr (FolioDocument) doc = NULL;
    FolioPage *p2;

    ck_assert_int_eq (r->status, 0);
    doc = parse_stream (r);
    ck_assert_uint_eq (doc->pages->len, 2);
    p2 = g_ptr_array_index (doc->pages, 1);
    ck_assert (strchr (folio_line_text (g_ptr_array_index (p2->lines, 1)), '\r') == NULL);
  }
  if (!wrapped ())
    {
      g_autofree char *path = fixture ("pages-1002.pdf");
      g_autoptr (FolioRun) r = run5 (bin ("FOLIO_EXTRACT"), path, NULL, NULL, NULL);
      g_autoptr (FolioDocument) doc = NULL;

      ck_assert_int_eq (r->status, 0);
      doc = parse_stream (r);
      ck_assert_uint_eq (doc->pages->len, 1002);
    }
}
END_TEST

/* Encrypted copies of a corpus PDF made by qpdf now: no password, the
 * wrong one, the right one, and on stdin. */
START_TEST (encrypted_corpus_pdf)
{
  g_autofree char *src = folio_test_corpus ("debian/libtasn1-doc/libtasn1.pdf");
  g_autofree char *enc = g_build_filename (folio_test_tmpdir (), "libtasn1-aes.pdf", NULL);
  g_autofree char *enc40 = g_build_filename (folio_test_tmpdir (), "libtasn1-rc4.pdf", NULL);
  const char *aes[] = { "qpdf", "--encrypt", "user pw", "owner", "256", "--", src, enc, NULL };
  const char *rc4[] = { "qpdf", "--allow-weak-crypto", "--encrypt", "user pw", "owner", "40", "--", src, enc40, NULL };
  int status = -1;

  FOLIO_SKIP_UNLESS (src, "the shared corpus");
  ck_assert (g_spawn_sync (NULL, (char **) aes, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL));
  ck_assert_int_eq (status, 0);
  ck_assert (g_spawn_sync (NULL, (char **) rc4, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL));
  ck_assert_int_eq (status, 0);
  for (int k = 0; k < (wrapped () ? 1 : 2); k++)
    {
      const char *path = k ? enc40 : enc;
      g_autoptr (FolioRun) none = run5 (bin ("FOLIO"), "convert", path, NULL, NULL);
      g_autoptr (FolioRun) wrong = run5 (bin ("FOLIO"), "convert", "--password", "nope", path);
      g_autoptr (FolioRun) right = run5 (bin ("FOLIO"), "convert", "--password", "user pw", path);
      const char *argv[] = { bin ("FOLIO_EXTRACT"), "-", NULL };
      g_autoptr (FolioRun) in = folio_test_run (argv, path);

      assert_sane (none, "no password", path);
      ck_assert_int_eq (none->status, FOLIO_EXIT_ENCRYPTED);
      ck_assert (strstr (none->err, "a password is needed") != NULL);
      assert_sane (wrong, "wrong password", path);
      ck_assert_int_eq (wrong->status, FOLIO_EXIT_ENCRYPTED);
      ck_assert (strstr (wrong->err, "the password is wrong") != NULL);
      ck_assert_msg (right->status == 0, "%s", right->err);
      ck_assert (is_whole_json (right->out));
      ck_assert_int_eq (in->status, FOLIO_EXIT_ENCRYPTED);
      ck_assert_msg (strstr (in->err, "stdin") != NULL, "%s", in->err);
    }
}
END_TEST

/* ------------------------------------------------------------- streams */

/* Every n_ stream fixture through every stage that reads a stream: exit 8
 * or 9, one line naming the file and the line. */
START_TEST (bad_streams_every_stage)
{
  const char *stages[] = { "FOLIO_STRIP", "FOLIO_SEGMENT", "FOLIO_EMIT" };
  g_autofree char *dir = folio_test_data ("streams");
  g_autoptr (GDir) d = NULL;
  const char *name;
  guint n = 0;

  FOLIO_SKIP_UNLESS (dir, "tests/data/streams");
  d = g_dir_open (dir, 0, NULL);
  ck_assert (d != NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_str_has_prefix (name, "n_"))
        continue;
      /* Under valgrind, a quarter of them, through folio-strip only. */
      if (wrapped () && g_str_hash (name) % 4 != 0)
        continue;
      for (gsize s = 0; s < (wrapped () ? 1 : G_N_ELEMENTS (stages)); s++)
        {
          g_autoptr (FolioRun) r = run5 (bin (stages[s]), path, NULL, NULL, NULL);

          assert_sane (r, name, path);
          ck_assert_msg (r->status == FOLIO_EXIT_BAD_STREAM || r->status == FOLIO_EXIT_LIMIT,
                         "%s through %s: exit %d (%s)", name, stages[s], r->status, r->err);
          ck_assert_int_eq (r->out_len, 0);
          n++;
        }
    }
  ck_assert_uint_gt (n, wrapped () ? 5 : 100);
}
END_TEST

static const char doc_record[] =
  "{\"type\":\"document\",\"format\":\"folio-stream\",\"format_version\":\"1.3\",\"source\":\"x.txt\","
  "\"media_type\":\"text/plain\",\"page_count\":2,\"first_page\":1,\"last_page\":2}\n";

/* Streams written by hand or by other tools: records missing, versions
 * and types wrong, numbers huge, a line of 100 MB. */
START_TEST (hand_made_streams)
{
  const struct { const char *text; int status; const char *says; } cases[] = {
    /* missing records */
    { "", FOLIO_EXIT_BAD_STREAM, "empty stream" },
    { "{\"type\":\"page\",\"page\":1}\n{\"type\":\"end\",\"pages\":1,\"lines\":0}\n", FOLIO_EXIT_BAD_STREAM, ":1:" },
    { "@DOC{\"type\":\"page\",\"page\":1}\n", FOLIO_EXIT_BAD_STREAM, "without its end record" },
    { "@DOC{\"type\":\"line\",\"page\":1,\"text\":\"a\"}\n{\"type\":\"end\",\"pages\":0,\"lines\":1}\n",
      FOLIO_EXIT_BAD_STREAM, ":2:" },
    /* versions */
    { "{\"type\":\"document\",\"format\":\"folio-stream\",\"format_version\":\"2.0\",\"source\":\"x\","
      "\"media_type\":\"text/plain\",\"page_count\":0}\n{\"type\":\"end\",\"pages\":0,\"lines\":0}\n",
      FOLIO_EXIT_BAD_STREAM, "version" },
    { "{\"type\":\"document\",\"format\":\"folio-stream\",\"format_version\":1.3,\"source\":\"x\","
      "\"media_type\":\"text/plain\",\"page_count\":0}\n{\"type\":\"end\",\"pages\":0,\"lines\":0}\n",
      FOLIO_EXIT_BAD_STREAM, "format_version" },
    /* types */
    { "@DOC{\"type\":\"page\",\"page\":\"1\"}\n", FOLIO_EXIT_BAD_STREAM, ":2:" },
    { "@DOC{\"type\":\"page\",\"page\":1,\"skipped\":true}\n", FOLIO_EXIT_BAD_STREAM, "skipped" },
    { "@DOC{\"type\":\"paragraf\",\"text\":\"x\"}\n", FOLIO_EXIT_BAD_STREAM, "unknown record type" },
    { "@DOC[1,2,3]\n", FOLIO_EXIT_BAD_STREAM, ":2:" },
    /* huge numbers */
    { "@DOC{\"type\":\"page\",\"page\":18446744073709551617}\n", FOLIO_EXIT_BAD_STREAM, ":2:" },
    { "@DOC{\"type\":\"page\",\"page\":1,\"width\":1e308}\n", FOLIO_EXIT_BAD_STREAM, ":2:" },
    { "{\"type\":\"document\",\"format\":\"folio-stream\",\"format_version\":\"1.3\",\"source\":\"x\","
      "\"media_type\":\"text/plain\",\"page_count\":4294967296}\n", FOLIO_EXIT_LIMIT, "limit" },
    /* a skipped page (stream 1.3) is read, and kept */
    { "@DOC{\"type\":\"page\",\"page\":1,\"skipped\":\"timeout\"}\n{\"type\":\"page\",\"page\":2}\n"
      "{\"type\":\"line\",\"page\":2,\"text\":\"Some text\"}\n{\"type\":\"end\",\"pages\":2,\"lines\":1}\n", 0, NULL },
  };
  g_autofree char *path = g_build_filename (folio_test_tmpdir (), "hand.jsonl", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_str_has_prefix (cases[i].text, "@DOC")
                                ? g_strconcat (doc_record, cases[i].text + 4, NULL)
                                : g_strdup (cases[i].text);
      g_autoptr (FolioRun) r = NULL;

      write_file (path, text, strlen (text));
      r = run5 (bin ("FOLIO_STRIP"), path, NULL, NULL, NULL);
      assert_sane (r, cases[i].text, path);
      ck_assert_msg (r->status == cases[i].status, "case %zu: exit %d, want %d: %s", i, r->status,
                     cases[i].status, r->err);
      if (cases[i].says)
        ck_assert_msg (strstr (r->err, cases[i].says) != NULL, "case %zu: %s", i, r->err);
      if (r->status == 0)
        {
          g_autoptr (FolioDocument) doc = parse_stream (r);

          ck_assert_str_eq (((FolioPage *) g_ptr_array_index (doc->pages, 0))->skipped, "timeout");
        }
    }
  if (!wrapped ())
    {
      /* A record of 100 MB: past the 64 MiB cap, refused without reading
       * the rest into memory. */
      FILE *f = fopen (path, "w");
      static char chunk[1 << 20];
      g_autoptr (FolioRun) r = NULL;

      ck_assert (f != NULL);
      memset (chunk, 'a', sizeof chunk);
      fputs (doc_record, f);
      fputs ("{\"type\":\"line\",\"page\":1,\"text\":\"", f);
      for (int k = 0; k < 100; k++)
        ck_assert (fwrite (chunk, 1, sizeof chunk, f) == sizeof chunk);
      fputs ("\"}\n", f);
      ck_assert (fclose (f) == 0);
      r = run5 (bin ("FOLIO_SEGMENT"), path, NULL, NULL, NULL);
      assert_sane (r, "100 MB line", path);
      ck_assert_msg (r->status == FOLIO_EXIT_LIMIT, "exit %d: %s", r->status, r->err);
      ck_assert (strstr (r->err, ":2: record longer than folio's limit") != NULL);
      g_unlink (path);
    }
}
END_TEST

/* folio diff reads document JSON from anywhere: nested past its depth cap,
 * cut short, or a damaged PDF on one side, it says so (status 2, as
 * diff(1) has it) and names the file. */
START_TEST (diff_bad_inputs)
{
  g_autofree char *pdf = folio_test_sample ("draagmoederschap.pdf");
  g_autofree char *deep = g_build_filename (folio_test_tmpdir (), "deep.json", NULL);
  g_autofree char *cut = g_build_filename (folio_test_tmpdir (), "cut.json", NULL);
  g_autofree char *broken = fixture ("truncated-half.pdf");
  g_autoptr (GString) text = g_string_new ("{\"format\":\"folio\",\"sections\":");
  g_autoptr (FolioRun) whole = NULL;

  FOLIO_SKIP_UNLESS (pdf, "samples/draagmoederschap.pdf");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  for (int i = 0; i < 100000; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  write_file (deep, text->str, text->len);
  whole = run5 (bin ("FOLIO"), "convert", pdf, NULL, NULL);
  ck_assert_int_eq (whole->status, 0);
  write_file (cut, whole->out, whole->out_len / 2);
  {
    const char *cases[][2] = { { deep, "nested too deep" }, { cut, "not a folio document" },
                               { broken, "damaged or truncated" } };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr (FolioRun) r = run5 (bin ("FOLIO"), "diff", cases[i][0], pdf, NULL);

        assert_sane (r, cases[i][0], cases[i][0]);
        ck_assert_msg (r->status == 2, "%s: exit %d: %s", cases[i][0], r->status, r->err);
        ck_assert_msg (strstr (r->err, cases[i][1]) != NULL, "%s", r->err);
      }
  }
}
END_TEST

/* ------------------------------------------------- slow and damaged pages */

/* A page that never finishes (the FOLIO_TEST_HANG_PAGE hook stands in for
 * poppler stuck on it): skipped after --page-timeout, the rest written,
 * exit 13; with -j 1 and -j 2, extract and convert alike. */
START_TEST (page_timeout_skips_the_page)
{
  g_autofree char *pdf = folio_test_sample ("draagmoederschap.pdf");
  /* Long enough for every other page, even under valgrind. */
  const char *limit = wrapped () ? "30" : "2";
  g_autofree char *says = g_strdup_printf ("page 2 (took longer than %s s", limit);
  const char *variants[][6] = {
    { "FOLIO_EXTRACT", "--page-timeout", limit, NULL },
    { "FOLIO", "convert", "--page-timeout", limit, "-j", "1" },
    { "FOLIO", "convert", "--page-timeout", limit, "-j", "2" },
  };

  FOLIO_SKIP_UNLESS (pdf, "samples/draagmoederschap.pdf");
  for (gsize v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      const char *argv[8] = { bin (variants[v][0]) };
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr (FolioRun) r = NULL;
      int n = 1;

      for (int k = 1; k < 6 && variants[v][k]; k++)
        argv[n++] = variants[v][k];
      argv[n] = pdf;
      r = run_hooked (argv, "FOLIO_TEST_HANG_PAGE", "2");
      assert_sane (r, "hang", pdf);
      ck_assert_msg (r->status == FOLIO_EXIT_PAGES_SKIPPED, "variant %zu: exit %d: %s", v, r->status, r->err);
      ck_assert_msg (strstr (r->err, "warning:") && strstr (r->err, says), "%s", r->err);
      /* Not the hour the page would take. */
      ck_assert_msg (g_get_monotonic_time () - t0 < 120 * G_USEC_PER_SEC, "too slow");
      if (v == 0)
        {
          g_autoptr (FolioDocument) doc = parse_stream (r);
          FolioPage *p2 = g_ptr_array_index (doc->pages, 1);

          ck_assert_uint_eq (doc->pages->len, 3);
          ck_assert_str_eq (p2->skipped, "timeout");
          ck_assert_uint_eq (p2->lines->len, 0);
          ck_assert_uint_gt (((FolioPage *) g_ptr_array_index (doc->pages, 2))->lines->len, 10);
        }
      else
        {
          ck_assert (is_whole_json (r->out));
          ck_assert (strstr (r->out, "{\"index\":2,\"skipped\":\"timeout\"}") != NULL);
          ck_assert (strstr (r->out, "F. Teeven") != NULL);  /* page 3 */
        }
    }
  {
    /* folio batch: the document is written with the page skipped, its
     * manifest entry a warning with convert's exit code, and the run goes
     * on to the end. */
    g_autofree char *out = g_build_filename (folio_test_tmpdir (), "batch-timeout", NULL);
    g_autofree char *manifest = g_build_filename (out, "manifest.json", NULL);
    g_autofree char *json = NULL;
    const char *argv[] = { bin ("FOLIO"), "batch", "--page-timeout", limit, "-q", "-o", out, pdf, NULL };
    g_autoptr (FolioRun) r = NULL;

    r = run_hooked (argv, "FOLIO_TEST_HANG_PAGE", "2");
    ck_assert_msg (r->status == FOLIO_EXIT_OK, "batch exit %d: %s", r->status, r->err);
    ck_assert_msg (strstr (r->err, says) != NULL, "%s", r->err);
    ck_assert (g_file_get_contents (manifest, &json, NULL, NULL));
    {
      g_autoptr (JsonNode) root = json_from_string (json, NULL);
      JsonObject *doc;

      ck_assert_ptr_nonnull (root);
      doc = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "documents"), 0);
      ck_assert_str_eq (json_object_get_string_member (doc, "status"), "warning");
      ck_assert_int_eq (json_object_get_int_member (doc, "exit_code"), FOLIO_EXIT_PAGES_SKIPPED);
    }
  }
  {
    /* poppler stuck opening the document (FOLIO_TEST_HANG_OPEN): under
     * --page-timeout the document fails in time (opening may take as
     * long as a page, and 10 s at least), exit 9, and -o FILE is not
     * written. */
    g_autofree char *out = g_build_filename (folio_test_tmpdir (), "hang-open.json", NULL);
    const char *argv[] = { bin ("FOLIO"), "convert", "--page-timeout", "3", "-o", out, pdf, NULL };
    gint64 t0 = g_get_monotonic_time ();
    g_autoptr (FolioRun) r = NULL;

    r = run_hooked (argv, "FOLIO_TEST_HANG_OPEN", "1");
    ck_assert_msg (r->status == FOLIO_EXIT_LIMIT, "exit %d: %s", r->status, r->err);
    ck_assert_msg (strstr (r->err, "opening the PDF took longer than 10 s (--page-timeout)") != NULL, "%s", r->err);
    ck_assert_msg (!g_file_test (out, G_FILE_TEST_EXISTS), "%s written", out);
    ck_assert_msg (g_get_monotonic_time () - t0 < 60 * G_USEC_PER_SEC, "too slow");
  }
  {
    /* A page poppler cannot load: skipped without any timeout. */
    const char *argv[] = { bin ("FOLIO"), "convert", pdf, NULL };
    g_autoptr (FolioRun) r = run_hooked (argv, "FOLIO_TEST_DAMAGED_PAGE", "1");
    assert_sane (r, "damaged page", pdf);
    ck_assert_int_eq (r->status, FOLIO_EXIT_PAGES_SKIPPED);
    ck_assert (strstr (r->err, "page 1 (damaged") != NULL);
    ck_assert (strstr (r->out, "{\"index\":1,\"skipped\":\"damaged\"}") != NULL);
  }
  {
    /* A timeout no page reaches changes nothing, byte for byte. */
    g_autoptr (FolioRun) plain = run5 (bin ("FOLIO"), "convert", pdf, NULL, NULL);
    g_autoptr (FolioRun) timed = run5 (bin ("FOLIO"), "convert", "--page-timeout", "300", pdf);
    g_autoptr (FolioRun) x1 = run5 (bin ("FOLIO_EXTRACT"), pdf, NULL, NULL, NULL);
    g_autoptr (FolioRun) x2 = run5 (bin ("FOLIO_EXTRACT"), "--page-timeout", "300", pdf, NULL);

    ck_assert_int_eq (timed->status, 0);
    ck_assert_str_eq (plain->out, timed->out);
    ck_assert_int_eq (x2->status, 0);
    ck_assert_str_eq (x1->out, x2->out);
  }
  {
    g_autoptr (FolioRun) r = run5 (bin ("FOLIO"), "convert", "--page-timeout", "-1", pdf);

    ck_assert_int_eq (r->status, FOLIO_EXIT_USAGE);
  }
  {
    g_autofree char *out = g_build_filename (folio_test_tmpdir (), "batch-bad-timeout", NULL);
    const char *argv[] = { bin ("FOLIO"), "batch", "--page-timeout=-1", "-o", out, pdf, NULL };
    g_autoptr (FolioRun) r = folio_test_run (argv, NULL);

    ck_assert_int_eq (r->status, FOLIO_EXIT_USAGE);
  }
}
END_TEST

/* poppler stuck in the bookmarks (FOLIO_TEST_HANG_OUTLINE): under
 * --page-timeout the outline is left out after the time it may take (10 s
 * at least), every page is read, the output is written, and the warning
 * says so with exit 13; with a timeout the outline meets, the output is
 * byte for byte what it is without one. */
/* A library that reads the pages itself, page by page, after the outline
 * took too long: the pages come from the PDF opened again, none skipped.
 * In this process: the thread left in the outline sleeps in the test hook,
 * outside poppler, until the process ends. */
START_TEST (outline_timeout_library_pages)
{
  g_autofree char *pdf = folio_test_sample ("bookmark_sample.pdf");
  FolioExtractOptions opts = FOLIO_EXTRACT_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) warning = NULL;
  FolioExtractor *ex;
  FolioPage *page;
  guint n = 0, pages;

  FOLIO_SKIP_UNLESS (pdf, "samples/bookmark_sample.pdf");
  opts.page_timeout = 2;
  ex = folio_extractor_open (pdf, &opts, &error);
  ck_assert_msg (ex != NULL, "%s", error ? error->message : "");
  /* The outline is read with the header, on the first call that needs it. */
  g_setenv ("FOLIO_TEST_HANG_OUTLINE", "1", TRUE);
  pages = folio_extractor_get_document (ex)->page_count;
  while ((page = folio_extractor_next_page (ex, &error)) != NULL)
    {
      ck_assert_msg (page->skipped == NULL, "page %u skipped: %s", page->index, page->skipped);
      ck_assert_uint_gt (page->lines->len, 0);
      folio_page_free (page);
      n++;
    }
  g_unsetenv ("FOLIO_TEST_HANG_OUTLINE");
  ck_assert_msg (error == NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (n, pages);
  ck_assert (folio_extractor_get_document (ex)->outline_truncated);
  ck_assert_uint_eq (folio_extractor_get_document (ex)->outline->len, 0);
  ck_assert (!folio_extractor_check_text (ex, &warning));
  ck_assert_msg (strstr (warning->message, "outline (bookmarks) skipped"), "%s", warning->message);
  ck_assert_uint_eq (folio_extractor_abandoned_threads (ex), 1);
  folio_extractor_free (ex);
}
END_TEST

START_TEST (page_timeout_skips_the_outline)
{
  g_autofree char *pdf = folio_test_sample ("bookmark_sample.pdf");
  g_autofree char *out = g_build_filename (folio_test_tmpdir (), "hang-outline.json", NULL);

  FOLIO_SKIP_UNLESS (pdf, "samples/bookmark_sample.pdf");
  {
    g_autoptr (FolioRun) plain = run5 (bin ("FOLIO_EXTRACT"), pdf, NULL, NULL, NULL);
    g_autoptr (FolioRun) timed = run5 (bin ("FOLIO_EXTRACT"), "--page-timeout", "300", pdf, NULL);
    g_autoptr (FolioDocument) doc = NULL;

    ck_assert_int_eq (plain->status, 0);
    ck_assert_int_eq (timed->status, 0);
    ck_assert_str_eq (plain->out, timed->out);
    doc = parse_stream (plain);
    ck_assert_uint_gt (doc->outline->len, 0);
  }
  {
    const char *argv[] = { bin ("FOLIO_EXTRACT"), "--page-timeout", "2", pdf, NULL };
    gint64 t0 = g_get_monotonic_time ();
    g_autoptr (FolioRun) r = NULL;
    g_autoptr (FolioDocument) doc = NULL;

    r = run_hooked (argv, "FOLIO_TEST_HANG_OUTLINE", "1");
    assert_sane (r, "hang outline", pdf);
    ck_assert_msg (r->status == FOLIO_EXIT_PAGES_SKIPPED, "exit %d: %s", r->status, r->err);
    ck_assert_msg (strstr (r->err, "warning:")
                   && strstr (r->err, "outline (bookmarks) skipped: reading it took longer than 10 s"),
                   "%s", r->err);
    ck_assert_msg (g_get_monotonic_time () - t0 < 120 * G_USEC_PER_SEC, "too slow");
    doc = parse_stream (r);
    ck_assert_uint_eq (doc->outline->len, 0);
    ck_assert (doc->outline_truncated);
    ck_assert_uint_eq (doc->pages->len, doc->page_count);
    for (guint i = 0; i < doc->pages->len; i++)
      ck_assert_ptr_null (((FolioPage *) g_ptr_array_index (doc->pages, i))->skipped);
  }
  {
    const char *argv[] = { bin ("FOLIO"), "convert", "--page-timeout", "2", "-o", out, pdf, NULL };
    g_autoptr (FolioRun) r = NULL;

    r = run_hooked (argv, "FOLIO_TEST_HANG_OUTLINE", "1");
    assert_sane (r, "hang outline", pdf);
    ck_assert_msg (r->status == FOLIO_EXIT_PAGES_SKIPPED, "exit %d: %s", r->status, r->err);
    ck_assert_msg (g_file_test (out, G_FILE_TEST_EXISTS), "%s not written", out);
  }
}
END_TEST

/* Real pages, a timeout they cannot all meet, no hook. */
START_TEST (page_timeout_real_pages)
{
  g_autofree char *pdf = folio_test_corpus ("debian/libtasn1-doc/libtasn1.pdf");
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (FolioDocument) doc = NULL;

  FOLIO_SKIP_UNLESS (pdf, "the shared corpus");
  if (wrapped ())
    return;
  {
    const char *argv[] = { bin ("FOLIO_EXTRACT"), "--page-timeout", "0.000001", "-l", "6", pdf, NULL };

    r = folio_test_run (argv, NULL);
  }
  assert_sane (r, "tiny timeout", pdf);
  ck_assert_msg (r->status == FOLIO_EXIT_PAGES_SKIPPED, "exit %d: %s", r->status, r->err);
  doc = parse_stream (r);
  ck_assert_uint_eq (doc->pages->len, 6);
  /* Which pages a microsecond is too short for is up to the machine; the
   * watchdog looks every millisecond.  At least one is, and the others
   * are read whole. */
  {
    guint skipped = 0;

    for (guint i = 0; i < doc->pages->len; i++)
      {
        FolioPage *page = g_ptr_array_index (doc->pages, i);

        if (page->skipped)
          {
            ck_assert_str_eq (page->skipped, "timeout");
            ck_assert_uint_eq (page->lines->len, 0);
            skipped++;
          }
      }
    ck_assert_uint_gt (skipped, 0);
  }
}
END_TEST

/* ------------------------------------------------------------- faults */

/* A full disk, a read-only directory, a closed pipe: a clear error, exit
 * 10, the earlier output intact, nothing left behind. */
START_TEST (output_faults)
{
  g_autofree char *pdf = folio_test_sample ("draagmoederschap.pdf");
  g_autofree char *txt = folio_test_sample ("draft-ietf-appsawg-file-scheme-00.txt");
  g_autofree char *ro = g_build_filename (folio_test_tmpdir (), "read-only", NULL);
  g_autofree char *target = g_build_filename (ro, "out.json", NULL);

  FOLIO_SKIP_UNLESS (pdf, "samples/draagmoederschap.pdf");
  if (g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      const char *progs[][3] = {
        { "FOLIO", "convert", NULL }, { "FOLIO", "extract", NULL }, { "FOLIO_EXTRACT", NULL },
      };

      for (gsize i = 0; i < G_N_ELEMENTS (progs); i++)
        {
          g_autoptr (FolioRun) r = NULL;

          if (progs[i][1])
            r = run5 (bin (progs[i][0]), progs[i][1], "-o", "/dev/full", pdf);
          else
            r = run5 (bin (progs[i][0]), "-o", "/dev/full", pdf, NULL);
          assert_sane (r, "/dev/full", "/dev/full");
          ck_assert_msg (r->status == FOLIO_EXIT_WRITE, "exit %d: %s", r->status, r->err);
          ck_assert (strstr (r->err, "No space left on device") != NULL);
        }
      {
        /* stdout on a full disk, for the stream readers too */
        g_autofree char *stream = g_build_filename (folio_test_tmpdir (), "letter.jsonl", NULL);
        g_autoptr (FolioRun) x = run5 (bin ("FOLIO_EXTRACT"), "-o", stream, pdf, NULL);
        const char *argv[] = { "sh", "-c", "exec \"$0\" \"$1\" > /dev/full", bin ("FOLIO_STRIP"), stream, NULL };
        g_autoptr (FolioRun) r = NULL;

        ck_assert_int_eq (x->status, 0);
        r = folio_test_run (argv, NULL);
        assert_sane (r, "strip > /dev/full", "stdout");
        ck_assert_int_eq (r->status, FOLIO_EXIT_WRITE);
      }
    }

  /* A read-only directory with an earlier output in it. */
  ck_assert (g_mkdir (ro, 0755) == 0);
  write_file (target, "earlier output\n", 15);
  ck_assert (chmod (ro, 0555) == 0);
  if (access (ro, W_OK) == 0)
    fprintf (stderr, "# skip: read-only directory (running as root)\n");
  else
    {
      g_autoptr (FolioRun) r = run5 (bin ("FOLIO"), "convert", "-o", target, pdf);
      g_autofree char *after = NULL;

      assert_sane (r, "read-only", target);
      ck_assert_msg (r->status == FOLIO_EXIT_WRITE, "exit %d: %s", r->status, r->err);
      ck_assert (strstr (r->err, "Permission denied") != NULL);
      ck_assert (g_file_get_contents (target, &after, NULL, NULL));
      ck_assert_str_eq (after, "earlier output\n");
    }
  chmod (ro, 0755);
  /* A file system that takes no new file, root or not. */
  {
    g_autoptr (FolioRun) r = run5 (bin ("FOLIO"), "convert", "-o", "/proc/folio-out.json", pdf);

    assert_sane (r, "/proc", "/proc/folio-out.json");
    ck_assert_msg (r->status == FOLIO_EXIT_WRITE, "exit %d: %s", r->status, r->err);
  }

  /* A closed pipe: `| head -c 1`.  SIGPIPE is no silent death: exit 10,
   * one line.  2,500 pages make far more than a pipe holds. */
  {
    g_autofree char *big = fixture ("pages-2500.txt");
    const char *progs[] = { "FOLIO_EXTRACT", "FOLIO" };

    for (gsize i = 0; i < G_N_ELEMENTS (progs); i++)
      {
        g_autofree char *cmd = g_strdup_printf ("\"$0\" %s \"$1\" | head -c 1 >/dev/null; exit ${PIPESTATUS[0]}",
                                                i ? "convert" : "");
        const char *argv[] = { "bash", "-c", cmd, bin (progs[i]), big, NULL };
        g_autoptr (FolioRun) r = folio_test_run (argv, NULL);

        assert_sane (r, "closed pipe", "stdout");
        ck_assert_msg (r->status == FOLIO_EXIT_WRITE, "%s: exit %d: %s", progs[i], r->status, r->err);
        ck_assert (strstr (r->err, "stdout: write failed") != NULL);
        ck_assert (strstr (r->err, "Broken pipe") != NULL);
      }
  }
}
END_TEST

/* Starts @argv (with the valgrind wrapper if any) without waiting. */
static GSubprocess *
spawn (const char *const *argv)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) wrapper = NULL;
  g_autoptr (GError) error = NULL;
  const char *w = g_getenv ("FOLIO_TEST_WRAPPER");
  GSubprocess *proc;

  if (w && *w && g_shell_parse_argv (w, NULL, &wrapper, NULL))
    for (int i = 0; wrapper[i]; i++)
      g_ptr_array_add (args, g_strdup (wrapper[i]));
  for (int i = 0; argv[i]; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  g_ptr_array_add (args, NULL);
  proc = g_subprocess_newv ((const char *const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  ck_assert_msg (proc != NULL, "%s", error ? error->message : "");
  return proc;
}

/* The temporary files beside @target (OUT.tmp.XXXXXX). */
static guint
count_temps (const char *dir, const char *base)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strconcat (base, ".tmp.", NULL);
  const char *name;
  guint n = 0;

  while (d && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      n++;
  return n;
}

/* SIGTERM and SIGKILL in the middle of a run with -o FILE: the earlier
 * FILE stays whole; SIGTERM leaves no temporary file, SIGKILL may (the
 * next run is not confused by it). */
START_TEST (killed_runs_leave_file_intact)
{
  g_autofree char *pdf = folio_test_sample ("draagmoederschap.pdf");
  g_autofree char *dir = g_build_filename (folio_test_tmpdir (), "killed", NULL);
  g_autofree char *target = g_build_filename (dir, "out.json", NULL);
  const int sigs[] = { SIGTERM, SIGKILL, SIGINT };

  FOLIO_SKIP_UNLESS (pdf, "samples/draagmoederschap.pdf");
  ck_assert (g_mkdir (dir, 0755) == 0);
  for (gsize s = 0; s < G_N_ELEMENTS (sigs); s++)
    for (int prog = 0; prog < 2; prog++)
      {
        g_autofree char *earlier = g_strdup_printf ("earlier output %zu %d\n", s, prog);
        g_autofree char *after = NULL;
        g_autoptr (GSubprocess) proc = NULL;
        const char *x[] = { bin ("FOLIO_EXTRACT"), "-o", target, pdf, NULL };
        const char *c[] = { bin ("FOLIO"), "convert", "-o", target, pdf, NULL };
        gint64 until;
        guint temps_before = count_temps (dir, "out.json");

        write_file (target, earlier, strlen (earlier));
        /* Page 2 hangs: the run is certainly in the middle when killed. */
        g_setenv ("FOLIO_TEST_HANG_PAGE", "2", TRUE);
        proc = spawn (prog ? c : x);
        g_unsetenv ("FOLIO_TEST_HANG_PAGE");
        /* extract opens its temporary file first, then reads: wait for it. */
        until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
        while (prog == 0 && count_temps (dir, "out.json") == temps_before && g_get_monotonic_time () < until)
          g_usleep (20000);
        g_usleep (wrapped () ? 3 * G_USEC_PER_SEC : 300000);
        g_subprocess_send_signal (proc, sigs[s]);
        ck_assert (g_subprocess_wait (proc, NULL, NULL));
        ck_assert_msg (g_subprocess_get_if_signaled (proc) && g_subprocess_get_term_sig (proc) == sigs[s],
                       "signal %d: not killed by it", sigs[s]);
        ck_assert (g_file_get_contents (target, &after, NULL, NULL));
        ck_assert_str_eq (after, earlier);
        if (sigs[s] != SIGKILL)
          ck_assert_msg (count_temps (dir, "out.json") == temps_before, "signal %d left a temporary file", sigs[s]);
      }
  /* After a SIGKILL, a temporary file may be left; the next run still
   * writes FILE whole, and cleans up after itself. */
  {
    guint before = count_temps (dir, "out.json");
    g_autoptr (FolioRun) r = run5 (bin ("FOLIO"), "convert", "-o", target, pdf);
    g_autofree char *after = NULL;

    ck_assert_int_eq (r->status, 0);
    ck_assert (g_file_get_contents (target, &after, NULL, NULL));
    ck_assert (is_whole_json (after));
    ck_assert_uint_eq (count_temps (dir, "out.json"), before);
  }
}
END_TEST

static Suite *
reliability_suite (void)
{
  const FolioTestCase cases[] = {
    { "damaged-corpus", damaged_corpus_sample },
    { "bad-inputs", bad_inputs_convert },
    { "bad-inputs-in-place", bad_inputs_in_place },
    { "odd-inputs", odd_inputs_read_right },
    { "encrypted", encrypted_corpus_pdf },
    { "bad-streams", bad_streams_every_stage },
    { "hand-made-streams", hand_made_streams },
    { "diff-bad-inputs", diff_bad_inputs },
    { "page-timeout", page_timeout_skips_the_page },
    { "page-timeout-outline", page_timeout_skips_the_outline },
    { "outline-timeout-library", outline_timeout_library_pages },
    { "page-timeout-real", page_timeout_real_pages },
    { "output-faults", output_faults },
    { "killed", killed_runs_leave_file_intact },
  };

  return folio_test_suite ("cli-reliability", cases, G_N_ELEMENTS (cases));
}

int
main (void)
{
  make_fixtures ();
  return folio_test_main (reliability_suite ());
}
