/* Diff (src/lib/folio-diff.c, folio-diff-print.c, folio-diff-html.c): the
 * change model computed from two document JSONs built here in the shape
 * folio emit writes (sections aligned by id, then by heading and content;
 * blocks by LCS; words by a bounded LCS), and its three printers. */
#include "folio-test.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* ----------------------------------------------------- cleanup and errors */

static GError *error;

/* Freed at the end of each test: folio_test_track(). */
#define track folio_test_track

/* GLib criticals (json-glib's g_return_if_fail) counted, not just printed:
 * a damaged document is to be refused, not read past assertions. */
static guint criticals;
static guint log_handler;

static void
count_critical (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  criticals++;
  fprintf (stderr, "# %s-CRITICAL: %s\n", domain ? domain : "", message);
}

static void
setup (void)
{
  folio_test_track_begin ();
  error = NULL;
  criticals = 0;
  log_handler = g_log_set_handler ("Json", G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING, count_critical, NULL);
}

static void
teardown (void)
{
  g_log_remove_handler ("Json", log_handler);
  folio_test_track_end ();
  g_clear_error (&error);
}

static void
string_free (gpointer s)
{
  g_string_free (s, TRUE);
}

/* A GString, a JsonParser freed at the end of the test. */
static GString *
new_string (void)
{
  return track (g_string_new (NULL), string_free);
}

static JsonParser *
new_parser (void)
{
  return track (json_parser_new (), g_object_unref);
}

/* ------------------------------------------------------ building documents */

/* JSON written with ' for " so that the tables below stay readable; the
 * texts here have no apostrophes. */
static char *
dq (const char *s)
{
  char *out = g_strdup (s);

  g_strdelimit (out, "'", '"');
  return out;
}

/* A paragraph block on pages [p0, p1]. */
static char *
para (const char *id, const char *text, guint p0, guint p1)
{
  return track (g_strdup_printf ("{\"id\":\"%s\",\"type\":\"paragraph\",\"text\":\"%s\",\"pages\":[%u,%u]}",
                                 id, text, p0, p1), g_free);
}

/* A section: @blocks and @children are JSON array contents (may be ""). */
static char *
sect (const char *id, const char *heading, guint p0, guint p1, const char *blocks, const char *children)
{
  return track (g_strdup_printf ("{\"id\":\"%s\",\"heading\":\"%s\",\"level\":1,\"pages\":[%u,%u],"
                                 "\"blocks\":[%s],\"sections\":[%s]}",
                                 id, heading, p0, p1, blocks, children ? children : ""), g_free);
}

static char *
join (const char *a, const char *b)
{
  return track (g_strconcat (a, ",", b, NULL), g_free);
}

static char *
join3 (const char *a, const char *b, const char *c)
{
  return track (g_strconcat (a, ",", b, ",", c, NULL), g_free);
}

/* A document JSON as folio emit writes it: @sections is the array's
 * contents, @version the metadata's version (or NULL). */
static JsonNode *
doc_json (const char *path, guint page_count, const char *version, const char *sections)
{
  const char *text = track (g_strdup_printf (
    "{\"format\":\"folio\",\"format_version\":\"1.0\",\"generator\":\"folio test\","
    "\"source\":{\"path\":\"%s\",\"media_type\":\"application/pdf\",\"page_count\":%u,"
    "\"first_page\":1,\"last_page\":%u},"
    "\"metadata\":{%s%s%s},\"pages\":[],\"furniture\":[],\"sections\":[%s]}",
    path, page_count, page_count, version ? "\"version\":\"" : "", version ? version : "",
    version ? "\"" : "", sections), g_free);
  JsonParser *parser = new_parser ();

  ck_assert_msg (json_parser_load_from_data (parser, text, -1, &error), "%s in:\n%s",
                 error ? error->message : "", text);
  return track (json_node_copy (json_parser_get_root (parser)), (GDestroyNotify) json_node_unref);
}

static JsonNode *
old_doc (const char *sections)
{
  return doc_json ("old.pdf", 4, "0.16", sections);
}

static JsonNode *
new_doc (const char *sections)
{
  return doc_json ("new.pdf", 4, "0.16", sections);
}

/* folio_diff_compute (), checked against folio_diff_compute_sides () of
 * the same two documents: the same diff, as its JSON says. */
static FolioDiff *
compute (JsonNode *a, JsonNode *b)
{
  FolioDiff *d, *by_sides;
  FolioDiffSide *sa, *sb;
  GString *one = new_string (), *two = new_string ();

  g_clear_error (&error);
  d = folio_diff_compute (a, b, &error);
  ck_assert_msg (d != NULL, "folio_diff_compute: %s", error ? error->message : "(no error)");
  ck_assert_ptr_null (error);
  sa = folio_diff_side_new (a, "old", &error);
  ck_assert_msg (sa != NULL, "folio_diff_side_new: %s", error ? error->message : "(no error)");
  sb = folio_diff_side_new (b, "new", &error);
  ck_assert_msg (sb != NULL, "folio_diff_side_new: %s", error ? error->message : "(no error)");
  by_sides = track (folio_diff_compute_sides (sa, sb), (GDestroyNotify) folio_diff_free);
  folio_diff_print_json (d, one);
  folio_diff_print_json (by_sides, two);
  ck_assert_str_eq (two->str, one->str);
  return track (d, (GDestroyNotify) folio_diff_free);
}

static FolioSectionDiff *
changed (const FolioDiff *d, guint i)
{
  ck_assert_msg (i < d->sections->len, "changed section %u of %u", i, d->sections->len);
  return g_ptr_array_index (d->sections, i);
}

static FolioHunk *
hunk (const FolioSectionDiff *s, guint i)
{
  ck_assert_msg (i < s->hunks->len, "hunk %u of %u", i, s->hunks->len);
  return g_ptr_array_index (s->hunks, i);
}

/* ------------------------------------------------------------ a document */

#define TEXT_INTRO "This guide explains how the register is kept and who may read it."
#define TEXT_SCOPE "The rules apply to every office that keeps a copy of the register."
#define TEXT_TERMS "A record is one entry; a holder is the office that keeps the record."
#define TEXT_FEES "Copies cost five euro each and are sent within ten working days."
#define TEXT_APPEAL "An appeal goes to the board within six weeks of the decision."

/* Four sections, the second with a subsection: the "old" document most
 * tests change one thing in. */
static char *
base_sections (void)
{
  const char *intro = sect ("introduction", "Introduction", 1, 1, para ("p1", TEXT_INTRO, 1, 1), NULL);
  const char *terms = sect ("scope/terms", "Terms", 2, 2, para ("p3", TEXT_TERMS, 2, 2), NULL);
  const char *scope = sect ("scope", "Scope", 1, 2, para ("p2", TEXT_SCOPE, 1, 2), terms);
  const char *fees = sect ("fees", "Fees", 3, 3, para ("p4", TEXT_FEES, 3, 3), NULL);
  const char *appeal = sect ("appeal", "Appeal", 4, 4, para ("p5", TEXT_APPEAL, 4, 4), NULL);

  return join (join (intro, scope), join (fees, appeal));
}

/* ------------------------------------------------------------- identical */

START_TEST (test_identical)
{
  const char *s = base_sections ();
  FolioDiff *d = compute (old_doc (s), new_doc (s));

  ck_assert_uint_eq (d->sections->len, 0);
  ck_assert_uint_eq (d->metadata->len, 0);
  ck_assert (!folio_diff_has_changes (d));
  ck_assert_uint_eq (d->summary.sections_unchanged, 5);
  ck_assert_uint_eq (d->summary.sections_modified + d->summary.sections_added + d->summary.sections_removed
                     + d->summary.sections_moved + d->summary.sections_renamed, 0);
  ck_assert_uint_eq (d->summary.words_inserted + d->summary.words_deleted, 0);
  ck_assert_str_eq (d->old_source, "old.pdf");
  ck_assert_str_eq (d->new_source, "new.pdf");
  ck_assert_uint_eq (d->old_page_count, 4);
}
END_TEST

/* The same text paginated differently, and wrapped differently: only the
 * pages fields and the blanks differ. */
START_TEST (test_repaginated)
{
  const char *intro = sect ("introduction", "Introduction", 1, 2,
                            para ("p1", "This guide explains how the register\\nis kept and  who may read it.",
                                  2, 2),
                            NULL);
  const char *terms = sect ("scope/terms", "Terms", 3, 3, para ("p3", TEXT_TERMS, 3, 3), NULL);
  const char *scope = sect ("scope", "Scope", 2, 3, para ("p2", TEXT_SCOPE, 2, 3), terms);
  const char *fees = sect ("fees", "Fees", 4, 5, para ("p4", TEXT_FEES, 4, 5), NULL);
  const char *appeal = sect ("appeal", "Appeal", 6, 6, para ("p5", TEXT_APPEAL, 6, 6), NULL);
  JsonNode *b = doc_json ("new.txt", 6, "0.16", join (join (intro, scope), join (fees, appeal)));
  FolioDiff *d = compute (old_doc (base_sections ()), b);

  ck_assert_msg (d->sections->len == 0, "%u sections reported changed", d->sections->len);
  ck_assert (!folio_diff_has_changes (d));
  ck_assert_uint_eq (d->summary.sections_unchanged, 5);
  ck_assert_uint_eq (d->new_page_count, 6);
}
END_TEST

/* Metadata is reported but is no change in the body. */
START_TEST (test_metadata_only)
{
  const char *s = base_sections ();
  FolioDiff *d = compute (doc_json ("old.pdf", 4, "0.16", s), doc_json ("new.pdf", 4, "0.17", s));
  const FolioMetaChange *m;

  ck_assert_uint_eq (d->sections->len, 0);
  ck_assert (!folio_diff_has_changes (d));
  ck_assert_uint_eq (d->metadata->len, 1);
  m = g_ptr_array_index (d->metadata, 0);
  ck_assert_str_eq (m->name, "version");
  ck_assert_str_eq (m->old_value, "0.16");
  ck_assert_str_eq (m->new_value, "0.17");

  /* A field only on one side. */
  d = compute (doc_json ("old.pdf", 4, NULL, s), doc_json ("new.pdf", 4, "0.17", s));
  ck_assert_uint_eq (d->metadata->len, 1);
  m = g_ptr_array_index (d->metadata, 0);
  ck_assert_str_eq (m->name, "version");
  ck_assert_ptr_null (m->old_value);
  ck_assert_str_eq (m->new_value, "0.17");
  ck_assert (!folio_diff_has_changes (d));
}
END_TEST

/* Blanks are no change: runs of them, tabs, a line break, at the ends
 * or inside, on either side. */
START_TEST (test_blanks_only)
{
  static const char *const texts[][2] = {
    { "Fees are due within thirty days.", "Fees are due  within thirty days." },
    { "Fees are due within thirty days.", " Fees are due within thirty days. " },
    { "Fees are due\\twithin thirty days.", "Fees are due\\nwithin thirty days." },
    { "Fees are due within thirty days.\\n", "Fees  are due within thirty days." },
    { "", " " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const char *o = sect ("s", "Section", 1, 1, para ("p", texts[i][0], 1, 1), NULL);
      const char *n = sect ("s", "Section", 1, 1, para ("p", texts[i][1], 1, 1), NULL);
      FolioDiff *d = compute (old_doc (join (o, base_sections ())), new_doc (join (n, base_sections ())));

      ck_assert_msg (!folio_diff_has_changes (d), "\"%s\" against \"%s\": a change", texts[i][0], texts[i][1]);
    }
  /* but a blank between two words that were one is */
  {
    const char *o = sect ("s", "Section", 1, 1, para ("p", "Fees are due within thirty days.", 1, 1), NULL);
    const char *n = sect ("s", "Section", 1, 1, para ("p", "Fees are due with in thirty days.", 1, 1), NULL);

    ck_assert (folio_diff_has_changes (compute (old_doc (join (o, base_sections ())),
                                                new_doc (join (n, base_sections ())))));
  }
}
END_TEST

/* ------------------------------------------------------------ word level */

/* One word changed in a paragraph that also moved to the next page. */
START_TEST (test_one_word)
{
  const char *old_s = sect ("fees", "Fees", 3, 3,
                            para ("p4", "Copies cost five euro each and are sent within ten working days.", 3, 3),
                            NULL);
  const char *new_s = sect ("fees", "Fees", 3, 4,
                            para ("p4", "Copies cost six euro each and are sent within ten working days.", 4, 4),
                            NULL);
  const char *intro = sect ("introduction", "Introduction", 1, 2, para ("p1", TEXT_INTRO, 1, 2), NULL);
  FolioDiff *d = compute (old_doc (join (intro, old_s)), new_doc (join (intro, new_s)));
  const struct { FolioWordOpKind kind; const char *text; } ops[] = {
    { FOLIO_WORD_SAME, "Copies cost " },
    { FOLIO_WORD_DELETED, "five " },
    { FOLIO_WORD_INSERTED, "six " },
    { FOLIO_WORD_SAME, "euro each and are sent within ten working days." },
  };
  FolioSectionDiff *s;
  FolioHunk *h;

  ck_assert_uint_eq (d->sections->len, 1);
  ck_assert (folio_diff_has_changes (d));
  s = changed (d, 0);
  ck_assert (s->modified);
  ck_assert (!s->added && !s->removed && !s->renamed && !s->moved);
  ck_assert_uint_eq (s->old_pages[0], 3);
  ck_assert_uint_eq (s->old_pages[1], 3);
  ck_assert_uint_eq (s->new_pages[0], 3);
  ck_assert_uint_eq (s->new_pages[1], 4);
  ck_assert_uint_eq (s->hunks->len, 1);
  h = hunk (s, 0);
  ck_assert_int_eq (h->kind, FOLIO_HUNK_MODIFIED);
  ck_assert_str_eq (h->type, "paragraph");
  ck_assert_str_eq (h->old_text, "Copies cost five euro each and are sent within ten working days.");
  ck_assert_str_eq (h->new_text, "Copies cost six euro each and are sent within ten working days.");
  ck_assert_uint_eq (h->old_pages[0], 3);
  ck_assert_uint_eq (h->old_pages[1], 3);
  ck_assert_uint_eq (h->new_pages[0], 4);
  ck_assert_uint_eq (h->new_pages[1], 4);
  ck_assert_ptr_nonnull (h->words);
  ck_assert_uint_eq (h->words->len, G_N_ELEMENTS (ops));
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      const FolioWordOp *op = g_ptr_array_index (h->words, i);

      ck_assert_msg (op->kind == ops[i].kind, "op %u: kind %d, not %d", i, op->kind, ops[i].kind);
      ck_assert_str_eq (op->text, ops[i].text);
    }
  ck_assert_uint_eq (d->summary.sections_modified, 1);
  ck_assert_uint_eq (d->summary.blocks_modified, 1);
  ck_assert_uint_eq (d->summary.blocks_added + d->summary.blocks_removed, 0);
  ck_assert_uint_eq (d->summary.words_inserted, 1);
  ck_assert_uint_eq (d->summary.words_deleted, 1);
}
END_TEST

/* Word operations, table-driven: joined they give the new text back (same
 * and inserted) and the old one (same and deleted). */
static const struct {
  const char *old_text, *new_text;
  const char *ops; /* "=" same, "-" deleted, "+" inserted, one a run */
  guint inserted, deleted;
} word_cases[] = {
  { "a b c d e f", "a b x d e f", "=-+=", 1, 1 },
  { "a b c d e f", "a b c d e f g", "=+", 1, 0 },
  { "z a b c d e f", "a b c d e f", "-=", 0, 1 },
  { "a b c d e f", "a b c q r d e f", "=+=", 2, 0 },
  { "a b c d e f", "a b e f", "=-=", 0, 2 },
  { "a b c d e f", "x b c d e y", "-+=-+", 2, 2 },
  /* blanks are not words: a re-wrapped line is no change */
  { "a b c  d\ne f", "a b c d e f", NULL, 0, 0 },
};

START_TEST (test_words)
{
  const char *o_text = word_cases[_i].old_text, *n_text = word_cases[_i].new_text;
  const char *o_esc = track (g_strescape (o_text, NULL), g_free);
  const char *n_esc = track (g_strescape (n_text, NULL), g_free);
  const char *o = sect ("s", "Section", 1, 1, para ("p", o_esc, 1, 1), NULL);
  const char *n = sect ("s", "Section", 1, 1, para ("p", n_esc, 1, 1), NULL);
  FolioDiff *d = compute (old_doc (o), new_doc (n));
  GString *kinds = new_string (), *old_back = new_string (), *new_back = new_string ();
  const char *o_norm, *n_norm;
  FolioHunk *h;

  if (word_cases[_i].ops == NULL)
    {
      ck_assert_uint_eq (d->sections->len, 0);
      return;
    }
  ck_assert_uint_eq (d->sections->len, 1);
  ck_assert_uint_eq (changed (d, 0)->hunks->len, 1);
  h = hunk (changed (d, 0), 0);
  ck_assert_int_eq (h->kind, FOLIO_HUNK_MODIFIED);
  for (guint i = 0; i < h->words->len; i++)
    {
      const FolioWordOp *op = g_ptr_array_index (h->words, i);

      g_string_append_c (kinds, op->kind == FOLIO_WORD_SAME ? '=' : op->kind == FOLIO_WORD_DELETED ? '-' : '+');
      if (op->kind != FOLIO_WORD_INSERTED)
        g_string_append (old_back, op->text);
      if (op->kind != FOLIO_WORD_DELETED)
        g_string_append (new_back, op->text);
    }
  ck_assert_str_eq (kinds->str, word_cases[_i].ops);
  ck_assert_uint_eq (d->summary.words_inserted, word_cases[_i].inserted);
  ck_assert_uint_eq (d->summary.words_deleted, word_cases[_i].deleted);
  /* Up to the blank at the end of a run. */
  o_norm = g_strstrip (track (g_strdup (old_back->str), g_free));
  n_norm = g_strstrip (track (g_strdup (new_back->str), g_free));
  ck_assert_str_eq (n_norm, n_text);
  ck_assert_str_eq (o_norm, o_text);
}
END_TEST

/* A long paragraph (5000 words) with its first and last words changed:
 * past FOLIO_DIFF_MAX_WORD_CELLS the middle is one deletion and one
 * insertion, fast, instead of a 25-million-cell table. */
static char *
words_text (guint n, const char *prefix, const char *first, const char *last)
{
  GString *s = g_string_new (first);

  for (guint i = 1; i + 1 < n; i++)
    g_string_append_printf (s, " %s%u", prefix, i);
  g_string_append_printf (s, " %s", last);
  return track (g_string_free (s, FALSE), g_free);
}

START_TEST (test_long_paragraph)
{
  const guint n = 5000;
  const char *o = sect ("s", "Section", 1, 9, para ("p", words_text (n, "w", "start", "end"), 1, 9), NULL);
  const char *nw = sect ("s", "Section", 1, 9, para ("p", words_text (n, "w", "begin", "finish"), 1, 9), NULL);
  gint64 t0 = g_get_monotonic_time ();
  FolioDiff *d = compute (old_doc (o), new_doc (nw));
  double secs = (g_get_monotonic_time () - t0) / 1e6;
  FolioHunk *h;
  const FolioWordOp *del, *ins;

  ck_assert_uint_eq ((guint64) n * n > FOLIO_DIFF_MAX_WORD_CELLS, TRUE);
  ck_assert_msg (secs < (folio_test_under_valgrind () ? 120 : 5), "took %.1f s", secs);
  ck_assert_uint_eq (d->sections->len, 1);
  ck_assert_uint_eq (changed (d, 0)->hunks->len, 1);
  h = hunk (changed (d, 0), 0);
  ck_assert_int_eq (h->kind, FOLIO_HUNK_MODIFIED);
  ck_assert_uint_eq (h->words->len, 2);
  del = g_ptr_array_index (h->words, 0);
  ins = g_ptr_array_index (h->words, 1);
  ck_assert_int_eq (del->kind, FOLIO_WORD_DELETED);
  ck_assert_int_eq (ins->kind, FOLIO_WORD_INSERTED);
  ck_assert (g_str_has_prefix (del->text, "start w1 w2 "));
  ck_assert (g_str_has_suffix (del->text, " w4998 end"));
  ck_assert (g_str_has_prefix (ins->text, "begin w1 w2 "));
  ck_assert (g_str_has_suffix (ins->text, " w4998 finish"));
  ck_assert_uint_eq (d->summary.words_deleted, n);
  ck_assert_uint_eq (d->summary.words_inserted, n);
}
END_TEST

/* 5000 words, every one of them changed: a removed and an added block,
 * no word diff at all; and one word changed in the middle of 5000: the
 * common start and end set aside, three runs. */
START_TEST (test_long_paragraph_other)
{
  const guint n = 5000;
  const char *o = sect ("s", "Section", 1, 9, para ("p", words_text (n, "w", "start", "end"), 1, 9), NULL);
  const char *all = sect ("s", "Section", 1, 9, para ("p", words_text (n, "v", "go", "stop"), 1, 9), NULL);
  char *mid_text = track (g_strdup (words_text (n, "w", "start", "end")), g_free);
  char *w2500 = strstr (mid_text, " w2500 ");
  const char *mid;
  gint64 t0 = g_get_monotonic_time ();
  FolioDiff *d = compute (old_doc (o), new_doc (all));
  double secs = (g_get_monotonic_time () - t0) / 1e6;
  FolioSectionDiff *s;

  ck_assert_msg (secs < (folio_test_under_valgrind () ? 120 : 5), "took %.1f s", secs);
  ck_assert_uint_eq (d->sections->len, 1);
  s = changed (d, 0);
  ck_assert_uint_eq (s->hunks->len, 2);
  ck_assert_int_eq (hunk (s, 0)->kind, FOLIO_HUNK_REMOVED);
  ck_assert_int_eq (hunk (s, 1)->kind, FOLIO_HUNK_ADDED);
  ck_assert_ptr_null (hunk (s, 0)->words);
  ck_assert_uint_eq (d->summary.blocks_removed, 1);
  ck_assert_uint_eq (d->summary.blocks_added, 1);

  ck_assert_ptr_nonnull (w2500);
  memcpy (w2500 + 1, "X2500", 5);
  mid = sect ("s", "Section", 1, 9, para ("p", mid_text, 1, 9), NULL);
  t0 = g_get_monotonic_time ();
  d = compute (old_doc (o), new_doc (mid));
  secs = (g_get_monotonic_time () - t0) / 1e6;
  ck_assert_msg (secs < (folio_test_under_valgrind () ? 120 : 5), "took %.1f s", secs);
  ck_assert_uint_eq (d->sections->len, 1);
  s = changed (d, 0);
  ck_assert_uint_eq (s->hunks->len, 1);
  ck_assert_uint_eq (hunk (s, 0)->words->len, 4);
  ck_assert_str_eq (((FolioWordOp *) g_ptr_array_index (hunk (s, 0)->words, 1))->text, "w2500 ");
  ck_assert_str_eq (((FolioWordOp *) g_ptr_array_index (hunk (s, 0)->words, 2))->text, "X2500 ");
  ck_assert_uint_eq (d->summary.words_deleted, 1);
  ck_assert_uint_eq (d->summary.words_inserted, 1);
}
END_TEST

/* ----------------------------------------------------------- block level */

/* Paragraphs added and removed in a section of three, table-driven. */
static const struct {
  const char *name;
  const char *old_blocks, *new_blocks; /* letters: a paragraph each */
  const char *kinds;                   /* hunks: "+" added, "-" removed */
} block_cases[] = {
  { "added at the end", "abc", "abcd", "+" },
  { "added in the middle", "abc", "abdc", "+" },
  { "added at the start", "abc", "dabc", "+" },
  { "removed at the end", "abc", "ab", "-" },
  { "removed in the middle", "abc", "ac", "-" },
  { "removed at the start", "abc", "bc", "-" },
  { "one replaced by another", "abc", "adc", "-+" },
  { "two added", "ab", "acdb", "++" },
};

static const char *const block_texts[] = {
  ['a'] = "Alpha paragraph about registers and offices and holders.",
  ['b'] = "Bravo paragraph on the fees that each copy of a record costs.",
  ['c'] = "Charlie paragraph says where an appeal against a decision goes.",
  ['d'] = "Delta paragraph, quite new, with a word list nobody has read yet.",
};

static const char *
blocks_of (const char *letters)
{
  const char *out = "";

  for (const char *c = letters; *c; c++)
    {
      const char *id = track (g_strdup_printf ("p-%c", *c), g_free);
      const char *b = para (id, block_texts[(guchar) *c], 1, 1);

      out = *out ? join (out, b) : b;
    }
  return out;
}

START_TEST (test_blocks)
{
  const char *o = sect ("s", "Section", 1, 1, blocks_of (block_cases[_i].old_blocks), NULL);
  const char *n = sect ("s", "Section", 1, 1, blocks_of (block_cases[_i].new_blocks), NULL);
  FolioDiff *d = compute (old_doc (join (o, base_sections ())), new_doc (join (n, base_sections ())));
  GString *kinds = new_string ();
  guint added = 0, removed = 0;
  FolioSectionDiff *s;

  ck_assert_msg (d->sections->len == 1, "%s: %u sections changed", block_cases[_i].name, d->sections->len);
  s = changed (d, 0);
  ck_assert (s->modified && !s->added && !s->removed);
  ck_assert_str_eq (s->new_id, "s");
  for (guint i = 0; i < s->hunks->len; i++)
    {
      FolioHunk *h = hunk (s, i);

      if (h->kind == FOLIO_HUNK_ADDED)
        {
          g_string_append_c (kinds, '+');
          added++;
          ck_assert_ptr_null (h->old_text);
          ck_assert_ptr_nonnull (h->new_text);
          ck_assert_uint_eq (h->old_pages[0], 0);
          ck_assert_uint_eq (h->new_pages[0], 1);
        }
      else if (h->kind == FOLIO_HUNK_REMOVED)
        {
          g_string_append_c (kinds, '-');
          removed++;
          ck_assert_ptr_null (h->new_text);
          ck_assert_ptr_nonnull (h->old_text);
          ck_assert_uint_eq (h->new_pages[0], 0);
          ck_assert_uint_eq (h->old_pages[0], 1);
        }
      else
        g_string_append_c (kinds, '~');
      ck_assert_ptr_null (h->words);
    }
  ck_assert_msg (strcmp (kinds->str, block_cases[_i].kinds) == 0, "%s: hunks %s, not %s",
                 block_cases[_i].name, kinds->str, block_cases[_i].kinds);
  ck_assert_uint_eq (d->summary.blocks_added, added);
  ck_assert_uint_eq (d->summary.blocks_removed, removed);
  ck_assert_uint_eq (d->summary.blocks_modified, 0);
  ck_assert_uint_eq (d->summary.sections_unchanged, 5);
  /* The paragraph added is "Delta"; the one removed is the missing letter. */
  if (strchr (block_cases[_i].new_blocks, 'd') && added == 1)
    for (guint i = 0; i < s->hunks->len; i++)
      if (hunk (s, i)->kind == FOLIO_HUNK_ADDED)
        ck_assert_str_eq (hunk (s, i)->new_text, block_texts['d']);
}
END_TEST

/* --------------------------------------------------------- section level */

#define TEXT_ANNEX "The annex lists every form with its number, its owner and its use."

START_TEST (test_section_added)
{
  const char *annex = sect ("annex", "Annex", 5, 5, para ("p6", TEXT_ANNEX, 5, 5), NULL);
  FolioDiff *d = compute (old_doc (base_sections ()), new_doc (join (base_sections (), annex)));
  FolioSectionDiff *s;

  ck_assert (folio_diff_has_changes (d));
  ck_assert_uint_eq (d->sections->len, 1);
  s = changed (d, 0);
  ck_assert (s->added && !s->removed && !s->renamed && !s->moved);
  ck_assert_ptr_null (s->old_id);
  ck_assert_str_eq (s->new_id, "annex");
  ck_assert_str_eq (s->new_heading, "Annex");
  ck_assert_uint_eq (s->new_pages[0], 5);
  ck_assert_uint_eq (s->old_pages[0], 0);
  ck_assert_uint_eq (s->hunks->len, 1);
  ck_assert_int_eq (hunk (s, 0)->kind, FOLIO_HUNK_ADDED);
  ck_assert_str_eq (hunk (s, 0)->new_text, TEXT_ANNEX);
  ck_assert_uint_eq (d->summary.sections_added, 1);
  ck_assert_uint_eq (d->summary.sections_removed, 0);
  ck_assert_uint_eq (d->summary.sections_unchanged, 5);
  ck_assert_uint_eq (d->summary.blocks_added, 1);
}
END_TEST

START_TEST (test_section_removed)
{
  const char *annex = sect ("annex", "Annex", 5, 5, para ("p6", TEXT_ANNEX, 5, 5), NULL);
  /* in the middle: after the subsection of "scope", before "fees" */
  const char *intro = sect ("introduction", "Introduction", 1, 1, para ("p1", TEXT_INTRO, 1, 1), NULL);
  const char *terms = sect ("scope/terms", "Terms", 2, 2, para ("p3", TEXT_TERMS, 2, 2), NULL);
  const char *scope = sect ("scope", "Scope", 1, 2, para ("p2", TEXT_SCOPE, 1, 2), terms);
  const char *fees = sect ("fees", "Fees", 3, 3, para ("p4", TEXT_FEES, 3, 3), NULL);
  const char *appeal = sect ("appeal", "Appeal", 4, 4, para ("p5", TEXT_APPEAL, 4, 4), NULL);
  const char *with = join3 (join (intro, scope), annex, join (fees, appeal));
  FolioDiff *d = compute (old_doc (with), new_doc (base_sections ()));
  FolioSectionDiff *s;

  ck_assert (folio_diff_has_changes (d));
  ck_assert_uint_eq (d->sections->len, 1);
  s = changed (d, 0);
  ck_assert (s->removed && !s->added && !s->renamed && !s->moved);
  ck_assert_str_eq (s->old_id, "annex");
  ck_assert_ptr_null (s->new_id);
  ck_assert_str_eq (s->old_path, "Annex");
  ck_assert_uint_eq (s->hunks->len, 1);
  ck_assert_int_eq (hunk (s, 0)->kind, FOLIO_HUNK_REMOVED);
  ck_assert_str_eq (hunk (s, 0)->old_text, TEXT_ANNEX);
  ck_assert_uint_eq (d->summary.sections_removed, 1);
  ck_assert_uint_eq (d->summary.sections_added, 0);
  ck_assert_uint_eq (d->summary.blocks_removed, 1);
}
END_TEST

/* Same content under a new heading (and so a new id): renamed, not an
 * addition and a removal. */
START_TEST (test_section_renamed)
{
  const char *intro = sect ("introduction", "Introduction", 1, 1, para ("p1", TEXT_INTRO, 1, 1), NULL);
  const char *terms = sect ("scope/terms", "Terms", 2, 2, para ("p3", TEXT_TERMS, 2, 2), NULL);
  const char *scope = sect ("scope", "Scope", 1, 2, para ("p2", TEXT_SCOPE, 1, 2), terms);
  const char *fees = sect ("charges", "Charges", 3, 3, para ("p4", TEXT_FEES, 3, 3), NULL);
  const char *appeal = sect ("appeal", "Appeal", 4, 4, para ("p5", TEXT_APPEAL, 4, 4), NULL);
  FolioDiff *d = compute (old_doc (base_sections ()), new_doc (join (join (intro, scope), join (fees, appeal))));
  FolioSectionDiff *s;

  ck_assert (folio_diff_has_changes (d));
  ck_assert_uint_eq (d->sections->len, 1);
  s = changed (d, 0);
  ck_assert (s->renamed);
  ck_assert (!s->added && !s->removed && !s->moved && !s->modified);
  ck_assert_str_eq (s->old_id, "fees");
  ck_assert_str_eq (s->new_id, "charges");
  ck_assert_str_eq (s->old_heading, "Fees");
  ck_assert_str_eq (s->new_heading, "Charges");
  ck_assert_uint_eq (s->hunks->len, 0);
  ck_assert_uint_eq (d->summary.sections_renamed, 1);
  ck_assert_uint_eq (d->summary.sections_added + d->summary.sections_removed, 0);
  ck_assert_uint_eq (d->summary.sections_unchanged, 4);
}
END_TEST

/* Two sections swapped: one of them moved, nothing added or removed. */
START_TEST (test_section_moved)
{
  const char *intro = sect ("introduction", "Introduction", 1, 1, para ("p1", TEXT_INTRO, 1, 1), NULL);
  const char *terms = sect ("scope/terms", "Terms", 2, 2, para ("p3", TEXT_TERMS, 2, 2), NULL);
  const char *scope = sect ("scope", "Scope", 1, 2, para ("p2", TEXT_SCOPE, 1, 2), terms);
  const char *fees = sect ("fees", "Fees", 4, 4, para ("p4", TEXT_FEES, 4, 4), NULL);
  const char *appeal = sect ("appeal", "Appeal", 3, 3, para ("p5", TEXT_APPEAL, 3, 3), NULL);
  FolioDiff *d = compute (old_doc (base_sections ()), new_doc (join (join (intro, scope), join (appeal, fees))));
  FolioSectionDiff *s;

  ck_assert (folio_diff_has_changes (d));
  ck_assert_uint_eq (d->sections->len, 1);
  s = changed (d, 0);
  ck_assert (s->moved);
  ck_assert (!s->added && !s->removed && !s->renamed && !s->modified);
  ck_assert (strcmp (s->new_id, "fees") == 0 || strcmp (s->new_id, "appeal") == 0);
  ck_assert_str_eq (s->old_id, s->new_id);
  ck_assert_uint_eq (s->hunks->len, 0);
  ck_assert_uint_eq (d->summary.sections_moved, 1);
  ck_assert_uint_eq (d->summary.sections_unchanged, 4);
  ck_assert_uint_eq (d->summary.sections_added + d->summary.sections_removed, 0);
}
END_TEST

#define TEXT_RULES_A "Offices keep the register in one place and lock it every evening after work."
#define TEXT_RULES_B "Readers sign the visitor book, show a pass and never take pages home with them."
#define TEXT_RULES_C "Visitors from abroad bring a letter from their own archive before any reading starts."

/* One section and the sections it is split into (or merged from), each
 * with a heading of its own; the paragraphs are the same. */
static const struct {
  const char *name;
  guint parts;
} splits[] = {
  { "in two", 2 },
  { "in three", 3 },
};

static const char *
whole_section (guint parts)
{
  const char *blocks = join (para ("pa", TEXT_RULES_A, 2, 2), para ("pb", TEXT_RULES_B, 3, 3));

  if (parts == 3)
    blocks = join (blocks, para ("pc", TEXT_RULES_C, 3, 3));
  return sect ("rules", "Rules", 2, 3, blocks, NULL);
}

static const char *
parts_sections (guint parts)
{
  const char *first = sect ("office-rules", "Office rules", 2, 2, para ("pa", TEXT_RULES_A, 2, 2), NULL);
  const char *second = sect ("reader-rules", "Reader rules", 3, 3, para ("pb", TEXT_RULES_B, 3, 3), NULL);
  const char *third = sect ("visitor-rules", "Visitor rules", 3, 3, para ("pc", TEXT_RULES_C, 3, 3), NULL);

  return parts == 3 ? join3 (first, second, third) : join (first, second);
}

static const char *const part_ids[] = { "office-rules", "reader-rules", "visitor-rules" };

/* One section split into parts with new headings: split_into names them
 * all, in order. */
START_TEST (test_section_split)
{
  guint parts = splits[_i].parts;
  FolioDiff *d = compute (old_doc (join (base_sections (), whole_section (parts))),
                          new_doc (join (base_sections (), parts_sections (parts))));
  FolioSectionDiff *split = NULL;

  ck_assert (folio_diff_has_changes (d));
  for (guint i = 0; i < d->sections->len; i++)
    if (changed (d, i)->split_into->len)
      {
        ck_assert_ptr_null (split);
        split = changed (d, i);
      }
  ck_assert_msg (split != NULL, "split %s: no section split among %u changed (%u renamed, %u added)",
                 splits[_i].name, d->sections->len, d->summary.sections_renamed, d->summary.sections_added);
  ck_assert_str_eq (split->old_id, "rules");
  ck_assert_ptr_null (split->new_id);
  ck_assert (!split->removed);
  ck_assert_uint_eq (split->split_into->len, parts);
  for (guint k = 0; k < parts; k++)
    ck_assert_str_eq (g_ptr_array_index (split->split_into, k), part_ids[k]);
  ck_assert_uint_eq (d->summary.sections_split, 1);
  ck_assert_uint_eq (d->summary.sections_removed, 0);
  ck_assert_uint_eq (d->summary.sections_renamed, 0);
}
END_TEST

/* The other way round: sections merged into one. */
START_TEST (test_section_merged)
{
  guint parts = splits[_i].parts;
  FolioDiff *d = compute (old_doc (join (base_sections (), parts_sections (parts))),
                          new_doc (join (base_sections (), whole_section (parts))));
  FolioSectionDiff *merged = NULL;

  for (guint i = 0; i < d->sections->len; i++)
    if (changed (d, i)->merged_from->len)
      merged = changed (d, i);
  ck_assert_msg (merged != NULL, "merged %s: no section merged among %u changed (%u renamed, %u removed)",
                 splits[_i].name, d->sections->len, d->summary.sections_renamed, d->summary.sections_removed);
  ck_assert_str_eq (merged->new_id, "rules");
  ck_assert_ptr_null (merged->old_id);
  ck_assert (!merged->added);
  ck_assert_uint_eq (merged->merged_from->len, parts);
  for (guint k = 0; k < parts; k++)
    ck_assert_str_eq (g_ptr_array_index (merged->merged_from, k), part_ids[k]);
  ck_assert_uint_eq (d->summary.sections_merged, 1);
  ck_assert_uint_eq (d->summary.sections_added, 0);
  ck_assert_uint_eq (d->summary.sections_renamed, 0);
}
END_TEST

/* The paragraphs of a split section were not added, nor those of merged
 * ones removed: they moved. */
START_TEST (test_split_moves_text)
{
  FolioDiff *split = compute (old_doc (join (base_sections (), whole_section (3))),
                              new_doc (join (base_sections (), parts_sections (3))));
  FolioDiff *merged = compute (old_doc (join (base_sections (), parts_sections (3))),
                               new_doc (join (base_sections (), whole_section (3))));

  ck_assert_uint_eq (split->summary.sections_split, 1);
  ck_assert_msg (split->summary.sections_added == 0 && split->summary.blocks_added == 0,
                 "split: %u sections and %u paragraphs reported added", split->summary.sections_added,
                 split->summary.blocks_added);
  ck_assert_uint_eq (merged->summary.sections_merged, 1);
  ck_assert_msg (merged->summary.sections_removed == 0 && merged->summary.blocks_removed == 0,
                 "merge: %u sections and %u paragraphs reported removed", merged->summary.sections_removed,
                 merged->summary.blocks_removed);
}
END_TEST

/* ---------------------------------------------------------------- errors */

static const struct {
  const char *json;
  gboolean old_side;
} not_folio[] = {
  { "{'format':'something-else','sections':[]}", TRUE },
  { "{'format':'something-else','sections':[]}", FALSE },
  { "{'format':'folio-stream','stages':['extract']}", TRUE },
  { "{'format':'folio'}", FALSE },
  { "[1,2,3]", TRUE },
  { "'folio'", FALSE },
  { "null", TRUE },
};

START_TEST (test_not_folio)
{
  JsonParser *parser = new_parser ();
  const char *text = track (dq (not_folio[_i].json), g_free);
  JsonNode *good = old_doc (base_sections ()), *bad;
  FolioDiff *d;

  ck_assert (json_parser_load_from_data (parser, text, -1, NULL));
  bad = json_parser_get_root (parser);
  d = not_folio[_i].old_side ? folio_diff_compute (bad, good, &error) : folio_diff_compute (good, bad, &error);
  ck_assert_ptr_null (d);
  ck_assert_msg (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM), "%s: %s", text,
                 error ? error->message : "(no error)");
  ck_assert_ptr_nonnull (strstr (error->message, not_folio[_i].old_side ? "old" : "new"));
  /* a side of it is refused the same way */
  g_clear_error (&error);
  ck_assert_ptr_null (folio_diff_side_new (bad, not_folio[_i].old_side ? "old" : "new", &error));
  ck_assert_msg (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM), "%s: %s", text,
                 error ? error->message : "(no error)");
  ck_assert_ptr_nonnull (strstr (error->message, not_folio[_i].old_side ? "the old" : "the new"));
}
END_TEST

/* Documents that say "folio" but are damaged: each is refused with
 * FOLIO_ERROR_BAD_STREAM (or, where marked, may be read), and never read
 * past a json-glib assertion or into a crash.  Kept last in the suite: a
 * crash without fork (valgrind) ends the run. */
static const struct {
  const char *name;
  const char *json;
  gboolean refuse;
} damaged[] = {
  { "sections not an array",
    "{'format':'folio','source':{'path':'x','page_count':1},'metadata':{},'sections':{}}", TRUE },
  { "a section not an object",
    "{'format':'folio','source':{'path':'x','page_count':1},'metadata':{},'sections':[1,2]}", TRUE },
  { "blocks not an array",
    "{'format':'folio','source':{'path':'x','page_count':1},'metadata':{},"
    "'sections':[{'id':'a','heading':'A','pages':[1,1],'blocks':5,'sections':[]}]}", TRUE },
  { "a block not an object",
    "{'format':'folio','source':{'path':'x','page_count':1},'metadata':{},"
    "'sections':[{'id':'a','heading':'A','pages':[1,1],'blocks':[1],'sections':[]}]}", TRUE },
  { "subsections not an array",
    "{'format':'folio','source':{'path':'x','page_count':1},'metadata':{},"
    "'sections':[{'id':'a','heading':'A','pages':[1,1],'blocks':[],'sections':'x'}]}", TRUE },
  { "metadata not an object",
    "{'format':'folio','source':{'path':'x','page_count':1},'metadata':[],'sections':[]}", FALSE },
  { "a metadata value not a string",
    "{'format':'folio','source':{'path':'x','page_count':1},'metadata':{'version':['0.17']},'sections':[]}",
    FALSE },
  { "no source",
    "{'format':'folio','metadata':{},'sections':[]}", FALSE },
  /* last: it crashes folio_diff_compute, and without fork the run with it */
  { "a block text not a string",
    "{'format':'folio','source':{'path':'x','page_count':1},'metadata':{},"
    "'sections':[{'id':'a','heading':'A','pages':[1,1],'blocks':[{'id':'b','type':'paragraph','text':5,"
    "'pages':[1,1]}],'sections':[]}]}", TRUE },
};

START_TEST (test_damaged)
{
  JsonParser *parser = new_parser ();
  const char *text = track (dq (damaged[_i].json), g_free);
  JsonNode *good = old_doc (base_sections ()), *bad;
  FolioDiff *d;

  ck_assert (json_parser_load_from_data (parser, text, -1, NULL));
  bad = json_parser_get_root (parser);
  d = track (folio_diff_compute (good, bad, &error), (GDestroyNotify) folio_diff_free);
  ck_assert_msg (criticals == 0, "%s: %u criticals", damaged[_i].name, criticals);
  if (damaged[_i].refuse)
    ck_assert_msg (d == NULL, "%s: read as a document", damaged[_i].name);
  if (d == NULL)
    ck_assert_msg (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM), "%s: %s", damaged[_i].name,
                   error ? error->message : "(no error)");
}
END_TEST

/* -------------------------------------------------------------- printers */

/* A diff with something of every kind, and a nested section path. */
static FolioDiff *
busy_diff (void)
{
  const char *intro = sect ("introduction", "Introduction", 1, 1, para ("p1", TEXT_INTRO, 1, 1), NULL);
  const char *terms = sect ("scope/terms", "Terms", 2, 2,
                            para ("p3", "A record is one entry; a holder is the <office> & keeper of the record.",
                                  2, 2),
                            NULL);
  const char *scope = sect ("scope", "Scope", 1, 2, para ("p2", TEXT_SCOPE, 1, 2), terms);
  const char *fees = sect ("charges", "Charges", 3, 3, para ("p4", TEXT_FEES, 3, 3), NULL);
  const char *annex = sect ("annex", "Annex", 5, 5, para ("p6", TEXT_ANNEX, 5, 5), NULL);

  return compute (doc_json ("old.pdf", 4, "0.16", base_sections ()),
                  doc_json ("new.pdf", 5, "0.17", join3 (join (intro, scope), fees, annex)));
}

static char *
print_text (const FolioDiff *d, gboolean color, gboolean stat_only)
{
  GString *out = g_string_new (NULL);

  folio_diff_print_text (d, color, stat_only, out);
  return track (g_string_free (out, FALSE), g_free);
}

START_TEST (test_print_json)
{
  FolioDiff *d = busy_diff ();
  GString *out = new_string ();
  JsonParser *parser = new_parser ();
  JsonObject *o, *sum;
  JsonArray *sections;
  const struct { const char *name; guint value; } counts[] = {
    { "sections_added", d->summary.sections_added },
    { "sections_removed", d->summary.sections_removed },
    { "sections_modified", d->summary.sections_modified },
    { "sections_moved", d->summary.sections_moved },
    { "sections_renamed", d->summary.sections_renamed },
    { "sections_split", d->summary.sections_split },
    { "sections_merged", d->summary.sections_merged },
    { "sections_unchanged", d->summary.sections_unchanged },
    { "blocks_added", d->summary.blocks_added },
    { "blocks_removed", d->summary.blocks_removed },
    { "blocks_modified", d->summary.blocks_modified },
    { "words_inserted", d->summary.words_inserted },
    { "words_deleted", d->summary.words_deleted },
    { "metadata_changed", d->metadata->len },
  };
  gboolean words_seen = FALSE;

  /* what busy_diff() is made of */
  ck_assert_uint_eq (d->summary.sections_added, 1);
  ck_assert_uint_eq (d->summary.sections_removed, 1);
  ck_assert_uint_eq (d->summary.sections_modified, 1);
  ck_assert_uint_eq (d->summary.sections_renamed, 1);
  ck_assert_uint_eq (d->metadata->len, 1);

  folio_diff_print_json (d, out);
  ck_assert (g_str_has_suffix (out->str, "}\n"));
  ck_assert_msg (json_parser_load_from_data (parser, out->str, -1, &error), "%s in:\n%s",
                 error ? error->message : "", out->str);
  o = json_node_get_object (json_parser_get_root (parser));
  ck_assert_str_eq (json_object_get_string_member (o, "format"), "folio-diff");
  ck_assert_str_eq (json_object_get_string_member (o, "format_version"), FOLIO_DIFF_VERSION);
  ck_assert (json_object_get_boolean_member (o, "changed"));
  ck_assert_str_eq (json_object_get_string_member (json_object_get_object_member (o, "old"), "source"), "old.pdf");
  ck_assert_int_eq (json_object_get_int_member (json_object_get_object_member (o, "new"), "page_count"), 5);
  sum = json_object_get_object_member (o, "summary");
  for (gsize i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      gint64 v;

      ck_assert_msg (json_object_has_member (sum, counts[i].name), "summary.%s missing", counts[i].name);
      v = json_object_get_int_member (sum, counts[i].name);
      ck_assert_msg (v == counts[i].value, "summary.%s: %" G_GINT64_FORMAT " not %u", counts[i].name, v,
                     counts[i].value);
    }
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (o, "metadata")), 1);
  sections = json_object_get_array_member (o, "sections");
  ck_assert_uint_eq (json_array_get_length (sections), d->sections->len);
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonObject *s = json_array_get_object_element (sections, i);
      JsonArray *hunks = json_object_get_array_member (s, "hunks");

      ck_assert_uint_eq (json_array_get_length (hunks), changed (d, i)->hunks->len);
      for (guint k = 0; k < json_array_get_length (hunks); k++)
        {
          JsonObject *h = json_array_get_object_element (hunks, k);

          if (strcmp (json_object_get_string_member (h, "kind"), "modified") == 0)
            {
              JsonArray *w = json_object_get_array_member (h, "words");

              ck_assert_uint_gt (json_array_get_length (w), 0);
              JsonObject *first_op = json_array_get_object_element (w, 0);

              ck_assert_str_eq (json_object_get_string_member (first_op, "op"), "same");
              words_seen = TRUE;
            }
        }
    }
  ck_assert (words_seen);

  /* No change: "changed" false, no sections. */
  {
    FolioDiff *same = compute (old_doc (base_sections ()), new_doc (base_sections ()));
    GString *out2 = new_string ();
    JsonParser *p2 = new_parser ();

    folio_diff_print_json (same, out2);
    ck_assert (json_parser_load_from_data (p2, out2->str, -1, NULL));
    o = json_node_get_object (json_parser_get_root (p2));
    ck_assert (!json_object_get_boolean_member (o, "changed"));
    ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (o, "sections")), 0);
  }
}
END_TEST

START_TEST (test_print_text)
{
  FolioDiff *d = busy_diff ();
  const char *plain = print_text (d, FALSE, FALSE);
  const char *color = print_text (d, TRUE, FALSE);

  ck_assert_msg (strchr (plain, '\033') == NULL, "escape in:\n%s", plain);
  ck_assert (g_str_has_prefix (plain, "--- old.pdf (4 pages)\n+++ new.pdf (5 pages)\n"));
  ck_assert_msg (strstr (plain, "\n@@ Scope › Terms @@ modified") != NULL, "%s", plain);
  ck_assert_msg (strstr (plain, "\n@@ Charges @@ renamed from \"Fees\"") != NULL, "%s", plain);
  ck_assert_msg (strstr (plain, "\n@@ Annex @@ added") != NULL, "%s", plain);
  ck_assert_msg (strstr (plain, "\n@@ Appeal @@ removed") != NULL, "%s", plain);
  ck_assert_msg (strstr (plain, "\n+" TEXT_ANNEX "\n") != NULL, "%s", plain);
  ck_assert_msg (strstr (plain, "\n-" TEXT_APPEAL "\n") != NULL, "%s", plain);
  ck_assert_msg (strstr (plain, "[-office that keeps-]") != NULL
                 && strstr (plain, "{+<office> & keeper of+}") != NULL, "%s", plain);
  ck_assert_msg (strstr (plain, "metadata version: 0.16 -> 0.17\n") != NULL, "%s", plain);
  ck_assert_msg (strstr (plain, "4 sections changed") != NULL, "%s", plain);

  ck_assert_msg (strstr (color, "\033[") != NULL, "no escape in:\n%s", color);
  ck_assert (strstr (color, "\033[0m") != NULL);
  ck_assert_msg (strstr (color, "@@ Scope › Terms @@") != NULL, "%s", color);
}
END_TEST

START_TEST (test_print_stat)
{
  FolioDiff *d = busy_diff ();
  const char *stat = print_text (d, FALSE, TRUE);
  char **lines = track (g_strsplit (stat, "\n", -1), (GDestroyNotify) g_strfreev);

  /* --- and +++, one line of metadata, the summary, and the final "" */
  ck_assert_msg (g_strv_length (lines) == 5, "%s", stat);
  ck_assert (g_str_has_prefix (lines[0], "--- old.pdf"));
  ck_assert (g_str_has_prefix (lines[1], "+++ new.pdf"));
  ck_assert (g_str_has_prefix (lines[2], "metadata version:"));
  ck_assert (g_str_has_prefix (lines[3], "4 sections changed"));
  ck_assert_str_eq (lines[4], "");
  ck_assert (strstr (stat, "@@") == NULL);
  ck_assert (strchr (stat, '\033') == NULL);
  /* the summary is the full text's, word for word */
  ck_assert (strstr (print_text (d, FALSE, FALSE), lines[3]) != NULL);
}
END_TEST

START_TEST (test_print_html)
{
  FolioDiff *d = busy_diff ();
  GString *out = new_string ();
  const char *lower;

  folio_diff_print_html (d, out);
  lower = track (g_ascii_strdown (out->str, -1), g_free);
  ck_assert (g_str_has_prefix (out->str, "<!DOCTYPE html>"));
  ck_assert (g_str_has_suffix (out->str, "</html>\n"));
  ck_assert (strstr (out->str, "<ins>") != NULL);
  ck_assert (strstr (out->str, "<del>") != NULL);
  ck_assert (strstr (out->str, "id=\"summary\"") != NULL);
  ck_assert (strstr (out->str, "<nav") != NULL);
  ck_assert (strstr (out->str, "name=\"viewport\"") != NULL);
  /* a link per changed section, to its anchor */
  for (guint i = 1; i <= d->sections->len; i++)
    {
      const char *href = track (g_strdup_printf ("href=\"#c%u\"", i), g_free);
      const char *id = track (g_strdup_printf ("id=\"c%u\"", i), g_free);

      ck_assert_msg (strstr (out->str, href) && strstr (out->str, id), "%s", href);
    }
  /* Self-contained: nothing fetched. */
  ck_assert_msg (strstr (lower, "http") == NULL, "a web address in the report");
  ck_assert (strstr (lower, "<link") == NULL);
  ck_assert (strstr (lower, "<script") == NULL);
  ck_assert (strstr (lower, "src=") == NULL);
  ck_assert (strstr (lower, "url(") == NULL);
  ck_assert (strstr (lower, "@import") == NULL);
  /* The document's text is escaped. */
  ck_assert (strstr (out->str, "<office>") == NULL);
  ck_assert_msg (strstr (out->str, "&lt;office&gt;") != NULL, "%s", out->str);
  ck_assert (strstr (out->str, "&amp; keeper") != NULL);
  ck_assert (strstr (out->str, "Scope › Terms") != NULL);

  /* No change: said so, no nav. */
  {
    FolioDiff *same = compute (old_doc (base_sections ()), new_doc (base_sections ()));
    GString *out2 = new_string ();

    folio_diff_print_html (same, out2);
    ck_assert (strstr (out2->str, "id=\"nochange\"") != NULL);
    ck_assert (strstr (out2->str, "id=\"summary\"") != NULL);
    ck_assert (strstr (out2->str, "<nav") == NULL);
  }
}
END_TEST

/* ------------------------------------------------------------------ suite */

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
  Suite *s = suite_create ("diff");
  TCase *tc;

  tc = new_tcase ("same");
  tcase_add_test (tc, test_identical);
  tcase_add_test (tc, test_repaginated);
  tcase_add_test (tc, test_metadata_only);
  tcase_add_test (tc, test_blanks_only);
  suite_add_tcase (s, tc);

  tc = new_tcase ("words");
  tcase_add_test (tc, test_one_word);
  tcase_add_loop_test (tc, test_words, 0, G_N_ELEMENTS (word_cases));
  tcase_add_test (tc, test_long_paragraph);
  tcase_add_test (tc, test_long_paragraph_other);
  suite_add_tcase (s, tc);

  tc = new_tcase ("blocks");
  tcase_add_loop_test (tc, test_blocks, 0, G_N_ELEMENTS (block_cases));
  suite_add_tcase (s, tc);

  tc = new_tcase ("sections");
  tcase_add_test (tc, test_section_added);
  tcase_add_test (tc, test_section_removed);
  tcase_add_test (tc, test_section_renamed);
  tcase_add_test (tc, test_section_moved);
  tcase_add_loop_test (tc, test_section_split, 0, G_N_ELEMENTS (splits));
  tcase_add_loop_test (tc, test_section_merged, 0, G_N_ELEMENTS (splits));
  tcase_add_test (tc, test_split_moves_text);
  suite_add_tcase (s, tc);

  tc = new_tcase ("errors");
  tcase_add_loop_test (tc, test_not_folio, 0, G_N_ELEMENTS (not_folio));
  suite_add_tcase (s, tc);

  tc = new_tcase ("printers");
  tcase_add_test (tc, test_print_json);
  tcase_add_test (tc, test_print_text);
  tcase_add_test (tc, test_print_stat);
  tcase_add_test (tc, test_print_html);
  suite_add_tcase (s, tc);

  tc = new_tcase ("damaged");
  tcase_add_loop_test (tc, test_damaged, 0, G_N_ELEMENTS (damaged));
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return folio_test_main (diff_suite ());
}
