/* folio diff OLD NEW, run as a user runs it: exit status as diff(1), real
 * version pairs from the shared corpus, a re-paginated text, inputs mixed
 * (PDF, text, document JSON), the three formats, and the HTML report
 * opened in a headless browser at a phone's width. */
#include "folio-test.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define IETF_16 "versions/ietf-file-scheme/draft-ietf-appsawg-file-scheme-16.txt"
#define IETF_17 "versions/ietf-file-scheme/draft-ietf-appsawg-file-scheme-17.txt"
#define AP_0929 "versions/ap-advies-coronamelder/Bijlage_B_Advies_AP_2020-09-29.pdf"
#define AP_0930 "versions/ap-advies-coronamelder/Bijlage_B_Advies_AP_2020-09-30.pdf"
#define IETF_SAMPLE "draft-ietf-appsawg-file-scheme-00.txt"

/* Freed at the end of each test, pass or fail: folio_test_track(). */
#define track folio_test_track

#define EXIT_SAME 0
#define EXIT_CHANGED 1
#define EXIT_TROUBLE 2

static const char *
bin (const char *var)
{
  const char *p = g_getenv (var);

  ck_assert_msg (p != NULL, "%s not set (run through meson test)", var);
  return p;
}

static void
setup (void)
{
  folio_test_track_begin ();
}

static void
teardown (void)
{
  folio_test_track_end ();
}

static const char *
sample (const char *name)
{
  return track (folio_test_sample (name), g_free);
}

static const char *
corpus (const char *relpath)
{
  return track (folio_test_corpus (relpath), g_free);
}

static const char *
tmp_path (const char *name)
{
  return track (g_build_filename (folio_test_tmpdir (), name, NULL), g_free);
}

static const char *
concat (const char *a, const char *b)
{
  return track (g_strconcat (a, b, NULL), g_free);
}

static FolioRun *
run (const char *const *argv)
{
  return track (folio_test_run (argv, NULL), (GDestroyNotify) folio_run_free);
}

/* folio diff with up to four more arguments (NULL ends them). */
static FolioRun *
diff (const char *a1, const char *a2, const char *a3, const char *a4)
{
  const char *argv[] = { bin ("FOLIO"), "diff", a1, a2, a3, a4, NULL };

  return run (argv);
}

static JsonObject *
parse_json (const char *text)
{
  JsonParser *parser = track (json_parser_new (), g_object_unref);
  GError *error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    {
      track (error, (GDestroyNotify) g_error_free);
      ck_abort_msg ("not JSON: %s", error->message);
    }
  root = json_parser_get_root (parser);
  ck_assert_msg (root && JSON_NODE_HOLDS_OBJECT (root), "not a JSON object: %.200s", text);
  return json_node_get_object (root);
}

static gint64
summary_count (JsonObject *report, const char *name)
{
  JsonObject *s = json_object_get_object_member (report, "summary");

  ck_assert_msg (json_object_has_member (s, name), "summary.%s missing", name);
  return json_object_get_int_member (s, name);
}

/* The word operations of a report's hunks, "op:text" each, in order. */
static GPtrArray *
word_ops (JsonObject *report)
{
  GPtrArray *ops = track (g_ptr_array_new_with_free_func (g_free), (GDestroyNotify) g_ptr_array_unref);
  JsonArray *sections = json_object_get_array_member (report, "sections");

  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonArray *hunks = json_object_get_array_member (json_array_get_object_element (sections, i), "hunks");

      for (guint k = 0; k < json_array_get_length (hunks); k++)
        {
          JsonObject *h = json_array_get_object_element (hunks, k);
          JsonArray *w = json_object_has_member (h, "words") ? json_object_get_array_member (h, "words") : NULL;

          for (guint j = 0; w && j < json_array_get_length (w); j++)
            {
              JsonObject *op = json_array_get_object_element (w, j);
              g_autofree char *text = g_strdup (json_object_get_string_member (op, "text"));

              g_ptr_array_add (ops, g_strdup_printf ("%s:%s", json_object_get_string_member (op, "op"),
                                                     g_strstrip (text)));
            }
        }
    }
  return ops;
}

static gboolean
has_op (GPtrArray *ops, const char *op)
{
  for (guint i = 0; i < ops->len; i++)
    if (strcmp (g_ptr_array_index (ops, i), op) == 0)
      return TRUE;
  return FALSE;
}

/* ----------------------------------------------------------- no change */

START_TEST (same_file)
{
  const char *pdf = sample ("draagmoederschap.pdf");
  FolioRun *r;

  FOLIO_SKIP_UNLESS (pdf, "samples/draagmoederschap.pdf");
  r = diff (pdf, pdf, NULL, NULL);
  ck_assert_msg (r->status == EXIT_SAME, "exit %d: %s", r->status, r->err);
  ck_assert_str_eq (r->err, "");
  ck_assert_msg (strstr (r->out, "\n0 sections changed") != NULL, "%s", r->out);
  ck_assert (strstr (r->out, "@@") == NULL);
  /* not a terminal: no color by default */
  ck_assert (strchr (r->out, '\033') == NULL);
}
END_TEST

/* A paginated text with its pages cut anew: the page furniture (running
 * head, "[Page N]" foot) and the form feeds taken out, the body lines
 * joined, and cut again every N lines, with the furniture regenerated or
 * with bare form feeds.  folio diff is to be blind to all of it. */

/* As folio's segmenter reads a line's end (src/lib/folio-segment.c). */
static gboolean
ends_sentence (const char *line)
{
  gsize n = strlen (line);

  while (n > 0 && (g_ascii_isspace (line[n - 1]) || strchr ("\"')]", line[n - 1])))
    n--;
  return n > 0 && strchr (".!?:;", line[n - 1]) != NULL;
}

/* The body indentation of IETF drafts: three spaces. */
#define BODY_INDENT 3

static guint
indent (const char *line)
{
  guint n = 0;

  while (line[n] == ' ')
    n++;
  return n;
}

static gboolean
blank (const char *line)
{
  for (; *line; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

static const char *
repaginate (const char *text, guint per_page, gboolean furniture)
{
  g_auto (GStrv) pages = g_strsplit (text, "\f", -1);
  g_autoptr (GPtrArray) body = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GRegex) foot = g_regex_new ("^(\\S.*?)\\s+\\[Page \\d+\\]\\s*$", 0, 0, NULL);
  g_autofree char *head = NULL, *foot_text = NULL;
  GString *out = g_string_new (NULL);
  guint page = 0;

  for (guint p = 0; pages[p]; p++)
    {
      g_auto (GStrv) lines = g_strsplit (pages[p], "\n", -1);
      guint first = 0, end = g_strv_length (lines);

      /* The running head: the first line of every page but the first. */
      while (first < end && blank (lines[first]))
        first++;
      if (p > 0 && first < end)
        {
          if (head == NULL)
            head = g_strdup (lines[first]);
          first++;
        }
      while (end > first && blank (lines[end - 1]))
        end--;
      if (end > first)
        {
          g_autoptr (GMatchInfo) m = NULL;

          if (g_regex_match (foot, lines[end - 1], 0, &m))
            {
              if (foot_text == NULL)
                foot_text = g_match_info_fetch (m, 1);
              end--;
            }
        }
      while (first < end && blank (lines[first]))
        first++;
      while (end > first && blank (lines[end - 1]))
        end--;
      if (end == first)
        continue;
      /* Where a page ended (with its blank margin), a new paragraph begins
       * if a heading (set flush left) is on either side, if preformatted
       * lines (indented deeper) are on either side, or if running text
       * ended its sentence. */
      if (body->len > 0)
        {
          const char *last = g_ptr_array_index (body, body->len - 1);
          gboolean pre_last = indent (last) > BODY_INDENT + 2, pre_next = indent (lines[first]) > BODY_INDENT + 2;

          if (!g_ascii_isspace (last[0]) || !g_ascii_isspace (lines[first][0]) || pre_last || pre_next
              || ends_sentence (last))
            g_ptr_array_add (body, g_strdup (""));
        }
      for (guint i = first; i < end; i++)
        g_ptr_array_add (body, g_strdup (lines[i]));
    }
  if (head == NULL || foot_text == NULL)
    {
      g_string_free (out, TRUE);
      return NULL; /* no page furniture found to take out */
    }

  /* Pages of about @per_page lines, cut at a blank line (between
   * paragraphs) near there, as a typesetter would. */
  for (guint i = 0, next = 0; i < body->len; i = next)
    {
      next = MIN (i + per_page, body->len);
      while (next < body->len && next < i + per_page + 20 && !blank (g_ptr_array_index (body, next - 1)))
        next++;
      page++;
      if (page > 1)
        {
          g_string_append (out, "\f\n");
          if (furniture)
            g_string_append_printf (out, "%s\n\n\n", head);
        }
      for (guint k = i; k < next; k++)
        g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (body, k));
      if (furniture)
        {
          g_autofree char *num = g_strdup_printf ("[Page %u]", page);

          /* 72 columns, as the original's. */
          g_string_append_printf (out, "\n\n\n%s%*s\n", foot_text, (int) (72 - strlen (foot_text)), num);
        }
    }
  return track (g_string_free (out, FALSE), g_free);
}

static const struct {
  guint per_page;
  gboolean furniture;
} repaginations[] = {
  { 50, TRUE },   /* 50 body lines a page, head and foot regenerated */
  { 40, FALSE },  /* 40 lines a page, bare form feeds */
};

START_TEST (repaginated_text)
{
  const char *orig = sample (IETF_SAMPLE);
  const char *name = track (g_strdup_printf ("repaginated-%u%s.txt", repaginations[_i].per_page,
                                             repaginations[_i].furniture ? "-heads" : ""), g_free);
  const char *path = tmp_path (name);
  char *text = NULL;
  const char *re;
  FolioRun *r, *j;
  JsonObject *report;

  FOLIO_SKIP_UNLESS (orig, "samples/" IETF_SAMPLE);
  ck_assert (g_file_get_contents (orig, &text, NULL, NULL));
  track (text, g_free);
  re = repaginate (text, repaginations[_i].per_page, repaginations[_i].furniture);
  ck_assert_msg (re != NULL, "no running head or page foot found in %s", orig);
  ck_assert (g_file_set_contents (path, re, -1, NULL));

  j = diff ("--format=json", orig, path, NULL);
  ck_assert_msg (j->status == EXIT_SAME || j->status == EXIT_CHANGED, "exit %d: %s", j->status, j->err);
  report = parse_json (j->out);
  /* the pages did move */
  ck_assert_int_ne (json_object_get_int_member (json_object_get_object_member (report, "old"), "page_count"),
                    json_object_get_int_member (json_object_get_object_member (report, "new"), "page_count"));
  r = diff (orig, path, NULL, NULL);
  g_remove (path); /* a failed check leaves by _exit(), past the tmpdir's atexit() */
  ck_assert_msg (r->status == EXIT_SAME && j->status == EXIT_SAME,
                 "%s (%u lines a page%s) differs from the original:\n%.3000s", name,
                 repaginations[_i].per_page, repaginations[_i].furniture ? ", heads" : "", r->out);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (report, "sections")), 0);
  ck_assert_int_eq (summary_count (report, "blocks_added") + summary_count (report, "blocks_removed")
                    + summary_count (report, "blocks_modified"), 0);
  ck_assert_msg (strstr (r->out, "\n0 sections changed") != NULL, "%s", r->out);
}
END_TEST

/* ------------------------------------------------------- real versions */

/* draft-ietf-appsawg-file-scheme-16 and -17 differ in the draft's name. */
START_TEST (ietf_pair)
{
  const char *a = corpus (IETF_16), *b = corpus (IETF_17);
  FolioRun *r, *t;
  GPtrArray *ops;
  JsonObject *report, *s;
  JsonArray *sections, *hunks;

  FOLIO_SKIP_UNLESS (a && b ? a : NULL, "../shared/corpus/" IETF_16 " and -17");
  r = diff ("--format=json", a, b, NULL);
  ck_assert_msg (r->status == EXIT_CHANGED, "exit %d: %s", r->status, r->err);
  ck_assert_str_eq (r->err, "");
  report = parse_json (r->out);
  ck_assert_str_eq (json_object_get_string_member (report, "format"), "folio-diff");
  ck_assert (json_object_get_boolean_member (report, "changed"));
  sections = json_object_get_array_member (report, "sections");
  ck_assert_uint_eq (json_array_get_length (sections), 1);
  ck_assert_int_eq (summary_count (report, "sections_modified"), 1);
  ck_assert_int_eq (summary_count (report, "sections_added") + summary_count (report, "sections_removed")
                    + summary_count (report, "sections_moved") + summary_count (report, "sections_renamed"), 0);
  ck_assert_int_gt (summary_count (report, "sections_unchanged"), 20);
  s = json_array_get_object_element (sections, 0);
  ck_assert (json_object_get_boolean_member (s, "modified"));
  hunks = json_object_get_array_member (s, "hunks");
  ck_assert_uint_eq (json_array_get_length (hunks), 1);
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (hunks, 0), "kind"), "modified");
  ops = word_ops (report);
  ck_assert_msg (has_op (ops, "deleted:draft-ietf-appsawg-file-scheme-16"), "no deletion of the old name");
  ck_assert_msg (has_op (ops, "inserted:draft-ietf-appsawg-file-scheme-17"), "no insertion of the new name");
  ck_assert_int_eq (summary_count (report, "words_inserted"), 1);
  ck_assert_int_eq (summary_count (report, "words_deleted"), 1);

  t = diff (a, b, NULL, NULL);
  ck_assert_int_eq (t->status, EXIT_CHANGED);
  ck_assert_msg (strstr (t->out, "[-draft-ietf-appsawg-file-scheme-16-] {+draft-ietf-appsawg-file-scheme-17+}")
                 != NULL, "%s", t->out);
  ck_assert_msg (strstr (t->out, "\n1 section changed (1 modified") != NULL, "%s", t->out);
}
END_TEST

/* The advice of 2020-09-30 drops a name from the 09-29 copy. */
START_TEST (ap_pair)
{
  const char *a = corpus (AP_0929), *b = corpus (AP_0930);
  FolioRun *r;
  GPtrArray *ops;
  JsonObject *report;

  FOLIO_SKIP_UNLESS (a && b ? a : NULL, "../shared/corpus/" AP_0929 " and 09-30");
  r = diff ("--format=json", a, b, NULL);
  ck_assert_msg (r->status == EXIT_CHANGED, "exit %d: %s", r->status, r->err);
  report = parse_json (r->out);
  ops = word_ops (report);
  ck_assert_msg (has_op (ops, "deleted:Gerald Hopster"), "no deletion of the name");
  ck_assert_int_eq (summary_count (report, "words_deleted"), 2);
  ck_assert_int_eq (summary_count (report, "words_inserted"), 0);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (report, "sections")), 1);
  /* The pages read on one thread or two (22 pages: two workers), the
   * report is the same. */
  for (int j = 1; j <= 2; j++)
    {
      FolioRun *rj = diff ("--format=json", j == 1 ? "-j1" : "-j2", a, b);

      ck_assert_msg (rj->status == EXIT_CHANGED, "-j%d: exit %d: %s", j, rj->status, rj->err);
      ck_assert_uint_eq (rj->out_len, r->out_len);
      ck_assert_msg (memcmp (rj->out, r->out, r->out_len) == 0, "-j%d: another report", j);
    }
}
END_TEST

/* A document JSON from folio convert -o, on either side, diffs as the PDF. */
START_TEST (json_input)
{
  const char *pdf = sample ("draagmoederschap.pdf");
  const char *a = corpus (AP_0929), *b = corpus (AP_0930);
  const char *pdf_json = tmp_path ("draagmoederschap.json");

  FOLIO_SKIP_UNLESS (pdf, "samples/draagmoederschap.pdf");
  {
    const char *argv[] = { bin ("FOLIO"), "convert", pdf, "-o", pdf_json, NULL };
    FolioRun *c = run (argv);
    FolioRun *r1, *r2;

    ck_assert_msg (c->status == 0, "%s", c->err);
    r1 = diff (pdf, pdf_json, NULL, NULL);
    ck_assert_msg (r1->status == EXIT_SAME, "exit %d: %s%s", r1->status, r1->err, r1->out);
    ck_assert (strstr (r1->out, "\n0 sections changed") != NULL);
    r2 = diff (pdf_json, pdf_json, NULL, NULL);
    ck_assert_msg (r2->status == EXIT_SAME, "exit %d: %s", r2->status, r2->err);
  }
  if (a == NULL || b == NULL)
    {
      fprintf (stderr, "# skip: ../shared/corpus/%s not available\n", AP_0929);
      return;
    }
  {
    const char *a_json = tmp_path ("ap-0929.json"), *b_json = tmp_path ("ap-0930.json");
    const char *c1[] = { bin ("FOLIO"), "convert", "-o", a_json, a, NULL };
    const char *c2[] = { bin ("FOLIO"), "convert", "-o", b_json, b, NULL };
    FolioRun *r1 = run (c1);
    FolioRun *r2 = run (c2);
    FolioRun *from_pdf, *mixed, *from_json;
    JsonObject *p, *m, *j;
    const char *members[] = { "changed", "summary", "metadata", "sections" };

    ck_assert_msg (r1->status == 0 && r2->status == 0, "%s%s", r1->err, r2->err);
    from_pdf = diff ("--format=json", a, b, NULL);
    mixed = diff ("--format=json", a_json, b, NULL);
    from_json = diff ("--format=json", a_json, b_json, NULL);
    ck_assert_int_eq (from_pdf->status, EXIT_CHANGED);
    ck_assert_int_eq (mixed->status, EXIT_CHANGED);
    ck_assert_int_eq (from_json->status, EXIT_CHANGED);
    p = parse_json (from_pdf->out);
    m = parse_json (mixed->out);
    j = parse_json (from_json->out);
    for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
      {
        JsonNode *pn = json_object_get_member (p, members[i]);

        ck_assert_msg (json_node_equal (pn, json_object_get_member (m, members[i])),
                       "%s differs, JSON vs PDF", members[i]);
        ck_assert_msg (json_node_equal (pn, json_object_get_member (j, members[i])),
                       "%s differs, JSON vs JSON", members[i]);
      }
  }
}
END_TEST

/* ------------------------------------------------------------- trouble */

START_TEST (missing_file)
{
  const char *pdf = sample ("draagmoederschap.pdf");
  const char *missing = tmp_path ("no-such-draft.pdf");

  FOLIO_SKIP_UNLESS (pdf, "samples/draagmoederschap.pdf");
  for (int side = 0; side < 2; side++)
    {
      FolioRun *r = side == 0 ? diff (missing, pdf, NULL, NULL) : diff (pdf, missing, NULL, NULL);

      ck_assert_msg (r->status == EXIT_TROUBLE, "exit %d", r->status);
      ck_assert_msg (strstr (r->err, "no-such-draft.pdf") != NULL, "stderr: %s", r->err);
      ck_assert_int_eq (r->out_len, 0);
    }
}
END_TEST

/* Every way of asking wrongly is trouble, exit 2, with a word on stderr. */
static const struct {
  const char *a1, *a2, *a3;
  const char *says;
} usage_errors[] = {
  { "--color=bogus", "@PDF", "@PDF", "--color" },
  { "--format=docx", "@PDF", "@PDF", "--format" },
  { "@PDF", NULL, NULL, "two files" },
  { "@PDF", "@PDF", "@PDF", "two files" },
  { "--no-such-option", "@PDF", "@PDF", "no-such-option" },
  { "--jobs=-1", "@PDF", "@PDF", "-j takes a number of threads" },
  { "@NOTFOLIO", "@PDF", NULL, "not a folio document" },
  /* says "folio", but a block's text is a number */
  { "@PDF", "@DAMAGED", NULL, "damaged.json" },
};

START_TEST (usage)
{
  const char *pdf = sample ("draagmoederschap.pdf");
  const char *notfolio = tmp_path ("other.json"), *damaged = tmp_path ("damaged.json");
  const char *args[3] = { usage_errors[_i].a1, usage_errors[_i].a2, usage_errors[_i].a3 };
  FolioRun *r;

  FOLIO_SKIP_UNLESS (pdf, "samples/draagmoederschap.pdf");
  ck_assert (g_file_set_contents (notfolio, "{\"format\":\"something-else\",\"sections\":[]}\n", -1, NULL));
  ck_assert (g_file_set_contents (damaged, "{\"format\":\"folio\",\"source\":{\"path\":\"x\",\"page_count\":1},"
                                  "\"metadata\":{},\"sections\":[{\"id\":\"a\",\"heading\":\"A\",\"pages\":[1,1],"
                                  "\"blocks\":[{\"id\":\"b\",\"type\":\"paragraph\",\"text\":5}],\"sections\":[]}]}\n",
                                  -1, NULL));
  for (int i = 0; i < 3; i++)
    if (args[i] && strcmp (args[i], "@PDF") == 0)
      args[i] = pdf;
    else if (args[i] && strcmp (args[i], "@NOTFOLIO") == 0)
      args[i] = notfolio;
    else if (args[i] && strcmp (args[i], "@DAMAGED") == 0)
      args[i] = damaged;
  r = diff (args[0], args[1], args[2], NULL);
  ck_assert_msg (r->status == EXIT_TROUBLE, "%s: exit %d", usage_errors[_i].says, r->status);
  ck_assert_msg (strstr (r->err, usage_errors[_i].says) != NULL, "stderr: %s", r->err);
  ck_assert_int_eq (r->out_len, 0);
}
END_TEST

/* ------------------------------------------------------------- formats */

/* The IETF pair when the corpus is there; else the sample text and a copy
 * of it with one word changed. */
static void
changed_pair (const char **a, const char **b)
{
  const char *orig;
  char *text = NULL, *at;

  *a = corpus (IETF_16);
  *b = corpus (IETF_17);
  if (*a && *b)
    return;
  orig = sample (IETF_SAMPLE);
  ck_assert_msg (orig != NULL, "samples/" IETF_SAMPLE " missing");
  ck_assert (g_file_get_contents (orig, &text, NULL, NULL));
  track (text, g_free);
  at = strstr (text, "informational RFC");
  ck_assert (at != NULL);
  memcpy (at, "instructional", strlen ("instructional")); /* 13 letters over 13 */
  *a = orig;
  *b = tmp_path ("changed.txt");
  ck_assert (g_file_set_contents (*b, text, -1, NULL));
}

START_TEST (html_file)
{
  const char *a, *b;
  const char *out = tmp_path ("report.html");
  char *html = NULL;
  FolioRun *r;

  changed_pair (&a, &b);
  r = diff ("--format=html", concat ("--output=", out), a, b);
  ck_assert_msg (r->status == EXIT_CHANGED, "exit %d: %s", r->status, r->err);
  ck_assert_int_eq (r->out_len, 0);
  ck_assert (g_file_get_contents (out, &html, NULL, NULL));
  track (html, g_free);
  ck_assert (g_str_has_prefix (html, "<!DOCTYPE html>"));
  ck_assert (strstr (html, "id=\"summary\"") != NULL);
  ck_assert (strstr (html, "<ins>") != NULL && strstr (html, "<del>") != NULL);
  ck_assert (strstr (html, "<nav>") != NULL);
}
END_TEST

START_TEST (color)
{
  const char *a, *b;
  FolioRun *always, *never, *dflt, *json;

  changed_pair (&a, &b);
  always = diff ("--color=always", a, b, NULL);
  never = diff ("--color=never", a, b, NULL);
  dflt = diff (a, b, NULL, NULL);
  json = diff ("--color=always", "--format=json", a, b);
  ck_assert_int_eq (always->status, EXIT_CHANGED);
  ck_assert_int_eq (never->status, EXIT_CHANGED);
  ck_assert_msg (strstr (always->out, "\033[31m[-") != NULL, "%s", always->out);
  ck_assert (strstr (always->out, "\033[32m{+") != NULL);
  ck_assert (strchr (never->out, '\033') == NULL);
  ck_assert (strchr (dflt->out, '\033') == NULL);
  ck_assert_str_eq (never->out, dflt->out);
  /* JSON is JSON, colour or not */
  ck_assert (strchr (json->out, '\033') == NULL);
  parse_json (json->out);
}
END_TEST

START_TEST (stat_only)
{
  const char *a, *b;
  FolioRun *r, *full;

  changed_pair (&a, &b);
  r = diff ("--stat", a, b, NULL);
  full = diff (a, b, NULL, NULL);
  ck_assert_int_eq (r->status, EXIT_CHANGED);
  ck_assert (strstr (r->out, "@@") == NULL);
  ck_assert (g_str_has_prefix (r->out, "--- "));
  ck_assert (strstr (r->out, "\n+++ ") != NULL);
  ck_assert (g_str_has_suffix (r->out, "\n") && strstr (r->out, " changed (") != NULL);
  ck_assert (g_str_has_prefix (full->out, r->out));
  ck_assert (strstr (full->out, "@@ ") != NULL);
}
END_TEST

/* The JSON report against docs/diff.schema.json, with python3-jsonschema. */
START_TEST (json_schema)
{
  const char *python = track (g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)
                               ? g_strdup ("/usr/bin/python3") : g_find_program_in_path ("python3"), g_free);
  const char *schema = track (g_build_filename (g_getenv ("FOLIO_DOCS"), "diff.schema.json", NULL), g_free);
  const char *a, *b;
  const char *pdf = sample ("draagmoederschap.pdf");
  const char *out1 = tmp_path ("report-1.json"), *out2 = tmp_path ("report-2.json");
  char *err = NULL;
  const char *check = "import json,sys,jsonschema\n"
                      "s=json.load(open(sys.argv[1]))\n"
                      "jsonschema.Draft202012Validator.check_schema(s)\n"
                      "for p in sys.argv[2:]:\n"
                      "  jsonschema.validate(json.load(open(p)), s, cls=jsonschema.Draft202012Validator)\n";
  int status = -1;

  FOLIO_SKIP_UNLESS (python, "python3");
  FOLIO_SKIP_UNLESS (g_file_test (schema, G_FILE_TEST_EXISTS) ? schema : NULL, "docs/diff.schema.json");
  FOLIO_SKIP_UNLESS (pdf, "samples/draagmoederschap.pdf");
  {
    const char *probe[] = { python, "-c", "import jsonschema", NULL };

    if (!g_spawn_sync (NULL, (char **) probe, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                       &status, NULL) || status != 0)
      {
        fprintf (stderr, "# skip: python3-jsonschema not installed\n");
        return;
      }
  }
  changed_pair (&a, &b);
  {
    FolioRun *r1 = diff ("--format=json", concat ("--output=", out1), a, b);
    FolioRun *r2 = diff ("--format=json", concat ("--output=", out2), pdf, pdf);
    const char *argv[] = { python, "-c", check, schema, out1, out2, NULL };

    ck_assert_int_eq (r1->status, EXIT_CHANGED);
    ck_assert_int_eq (r2->status, EXIT_SAME);
    ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, &err, &status, NULL));
    track (err, g_free);
    ck_assert_msg (g_spawn_check_wait_status (status, NULL), "schema check failed: %s", err);
  }
}
END_TEST

/* ------------------------------------------------- in a headless browser */

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *p = g_build_filename (path, name, NULL);

          remove_tree (p);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}

/* Runs chromium headless on @url with one or two options (@extra2 may be
 * NULL), not under valgrind, with a fresh profile and no name resolution,
 * killed after a minute; returns its stdout. */
static const char *
chromium (const char *chrome, const char *url, const char *extra1, const char *extra2, int *status)
{
  const char *dir = track (g_dir_make_tmp ("folio-chromium-XXXXXX", NULL), g_free);
  const char *profile = concat ("--user-data-dir=", dir);
  const char *argv[] = { "timeout", "-k", "10", "60", chrome, "--headless", "--no-sandbox", "--disable-gpu",
                         "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                         "--host-resolver-rules=MAP * ~NOTFOUND", profile, extra1, extra2, url, NULL };
  GError *error = NULL;
  char *out = NULL;
  gboolean ran;

  ck_assert (dir != NULL);
  if (extra2 == NULL)
    {
      argv[G_N_ELEMENTS (argv) - 3] = url;
      argv[G_N_ELEMENTS (argv) - 2] = NULL;
    }
  ran = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &out, NULL, status, &error);

  /* The profile goes now: a failed check leaves by _exit(), past atexit(). */
  remove_tree (dir);
  track (error, (GDestroyNotify) g_error_free);
  ck_assert_msg (ran, "spawn chromium: %s", error ? error->message : "");
  return track (out, g_free);
}

static guint32
be32 (const guchar *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

START_TEST (html_in_browser)
{
  const char *chrome = "/usr/bin/chromium";
  const char *a, *b, *dom, *url;
  const char *out = tmp_path ("browser.html");
  const char *shot = tmp_path ("shot.png");
  char *png = NULL;
  FolioRun *r;
  gsize png_len = 0;
  int status = -1;

  FOLIO_SKIP_UNLESS (g_file_test (chrome, G_FILE_TEST_IS_EXECUTABLE) ? chrome : NULL, chrome);
  changed_pair (&a, &b);
  r = diff ("--format=html", concat ("--output=", out), a, b);
  ck_assert_msg (r->status == EXIT_CHANGED, "exit %d: %s", r->status, r->err);
  url = track (g_filename_to_uri (out, NULL, NULL), g_free);
  ck_assert (url != NULL);

  /* The page as the browser built it. */
  dom = chromium (chrome, url, "--dump-dom", NULL, &status);
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "chromium --dump-dom failed (status %d)", status);
  ck_assert_msg (dom && strstr (dom, "id=\"summary\"") != NULL, "no summary in the DOM:\n%.2000s", dom);
  ck_assert_msg (strstr (dom, "<ins>") != NULL && strstr (dom, "<del>") != NULL, "no <ins>/<del>:\n%.2000s", dom);
  ck_assert (strstr (dom, "<nav>") != NULL);
  ck_assert (strstr (dom, "</main>") != NULL);

  /* And drawn at a phone's width. */
  chromium (chrome, url, concat ("--screenshot=", shot), "--window-size=390,844", &status);
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "chromium --screenshot failed (status %d)", status);
  ck_assert_msg (g_file_get_contents (shot, &png, &png_len, NULL), "no screenshot written");
  track (png, g_free);
  g_remove (shot);
  ck_assert_msg (png_len > 5000, "screenshot of %zu bytes: blank?", png_len);
  ck_assert (memcmp (png, "\x89PNG\r\n\x1a\n", 8) == 0);
  ck_assert (memcmp (png + 12, "IHDR", 4) == 0);
  ck_assert_uint_eq (be32 ((guchar *) png + 16), 390);
  ck_assert_uint_eq (be32 ((guchar *) png + 20), 844);
}
END_TEST

static TCase *
new_tcase (const char *name)
{
  TCase *tc = tcase_create (name);

  tcase_add_checked_fixture (tc, setup, teardown);
  return tc;
}

static Suite *
diff_suite (void)
{
  Suite *s = suite_create ("cli-diff");
  TCase *tc;

  tc = new_tcase ("same");
  tcase_add_test (tc, same_file);
  tcase_add_loop_test (tc, repaginated_text, 0, G_N_ELEMENTS (repaginations));
  suite_add_tcase (s, tc);

  tc = new_tcase ("versions");
  tcase_add_test (tc, ietf_pair);
  tcase_add_test (tc, ap_pair);
  tcase_add_test (tc, json_input);
  suite_add_tcase (s, tc);

  tc = new_tcase ("trouble");
  tcase_add_test (tc, missing_file);
  tcase_add_loop_test (tc, usage, 0, G_N_ELEMENTS (usage_errors));
  suite_add_tcase (s, tc);

  tc = new_tcase ("formats");
  tcase_add_test (tc, html_file);
  tcase_add_test (tc, color);
  tcase_add_test (tc, stat_only);
  tcase_add_test (tc, json_schema);
  suite_add_tcase (s, tc);

  tc = new_tcase ("browser");
  tcase_add_test (tc, html_in_browser);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return folio_test_main (diff_suite ());
}
