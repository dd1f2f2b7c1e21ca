/* The diff's change model: sections aligned by id, then by heading and
 * content; blocks by longest common subsequence; words likewise, bounded. */
#include "folio/folio-diff.h"
#include "folio/folio-emit.h"
#include "folio/folio-error.h"
#include "folio/folio-extract.h"
#include "folio/folio-stream.h"
#include "folio-json-private.h"

#include <string.h>

/* --------------------------------------------------------------- loading */

static gboolean
is_folio_json (JsonNode *root)
{
  JsonObject *o;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  o = json_node_get_object (root);
  return g_strcmp0 (json_object_get_string_member_with_default (o, "format", ""), FOLIO_FORMAT_NAME) == 0
         && json_object_has_member (o, "sections");
}

static char *check_document (JsonNode *root);

JsonNode *
folio_diff_load_data (const char *data, gsize len, const char *name, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;
  g_autofree char *why = NULL;
  const char *problem = NULL;
  gsize offset = 0;

  /* json-glib recurses without a bound and takes what RFC 8259 does not:
   * the same gate as the stream reader's, with room for deep sections. */
  if (!folio_json_check (data, len, FOLIO_DIFF_MAX_JSON_DEPTH, &problem, &offset))
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM,
                   "%s: not a folio document: invalid JSON at byte %" G_GSIZE_FORMAT ": %s",
                   name, offset, problem);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local)
      || !is_folio_json (json_parser_get_root (parser)))
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM,
                   "%s: JSON, but not a folio document (what folio convert writes)%s%s",
                   name, local ? ": " : "", local ? local->message : "");
      return NULL;
    }
  why = check_document (json_parser_get_root (parser));
  if (why != NULL)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM, "%s: damaged folio document: %s",
                   name, why);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
folio_diff_load (const char *path, const FolioDiffLoadOptions *opts, GError **error)
{
  static const FolioDiffLoadOptions defaults = FOLIO_DIFF_LOAD_OPTIONS_INIT;
  FolioExtractOptions xopts = FOLIO_EXTRACT_OPTIONS_INIT;
  FolioSegmentOptions gopts;
  const char *name = strcmp (path, "-") == 0 ? "stdin" : path;
  g_autoptr (FolioDocument) doc = NULL;
  g_autoptr (GString) text = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (opts == NULL)
    opts = &defaults;
  /* A document JSON is read as it is; anything else is converted. */
  if (strcmp (path, "-") != 0 && g_file_get_contents (path, &contents, &len, NULL))
    {
      gsize i = 0;

      while (i < len && g_ascii_isspace (contents[i]))
        i++;
      if (i < len && contents[i] == '{')
        return folio_diff_load_data (contents, len, name, error);
    }
  xopts.password = opts->password;
  xopts.in_memory_max = opts->in_memory_max;
  xopts.threads = opts->threads;
  gopts = opts->segment;
  gopts.no_boxes = TRUE; /* the document JSON has none */
  gopts.threads = opts->threads;
  doc = folio_extract_file (path, &xopts, error);
  if (doc == NULL)
    return NULL;
  text = g_string_new (NULL);
  if (!folio_strip_run (doc, &opts->strip, error) || !folio_segment_run (doc, &gopts, error)
      || !folio_emit_run (doc, NULL, text, error))
    return NULL;
  /* the document is its JSON now: not kept beside the tree made of it */
  g_clear_pointer (&doc, folio_document_free);
  if (!json_parser_load_from_data (parser, text->str, text->len, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* -------------------------------------------------------------- the model */

static void
word_op_free (FolioWordOp *op)
{
  g_free (op->text);
  g_free (op);
}

static void
hunk_free (FolioHunk *h)
{
  g_free (h->type);
  g_free (h->old_text);
  g_free (h->new_text);
  if (h->words)
    g_ptr_array_unref (h->words);
  g_free (h);
}

static void
section_diff_free (FolioSectionDiff *s)
{
  g_free (s->old_id);
  g_free (s->new_id);
  g_free (s->old_heading);
  g_free (s->new_heading);
  g_free (s->old_path);
  g_free (s->new_path);
  g_ptr_array_unref (s->split_into);
  g_ptr_array_unref (s->merged_from);
  g_ptr_array_unref (s->hunks);
  g_free (s);
}

static void
meta_change_free (FolioMetaChange *m)
{
  g_free (m->name);
  g_free (m->old_value);
  g_free (m->new_value);
  g_free (m);
}

void
folio_diff_free (FolioDiff *diff)
{
  if (diff == NULL)
    return;
  g_free (diff->old_source);
  g_free (diff->new_source);
  g_ptr_array_unref (diff->sections);
  g_ptr_array_unref (diff->metadata);
  g_free (diff);
}

gboolean
folio_diff_has_changes (const FolioDiff *diff)
{
  return diff->sections->len > 0;
}

/* --------------------------------------------------- flattening a document */

typedef struct {
  const char *type;
  const char *text;
  const char *norm;        /* blanks collapsed: what equality means (often @text) */
  guint pages[2];
} Block;

typedef struct {
  const char *id;
  const char *heading;     /* nullable */
  char *path;
  guint pages[2];
  GArray *blocks;          /* Block */
  GHashTable *words;       /* set of lowercased words, for similarity */
  guint index;             /* position in reading order */
  int match;               /* index of the matched section on the other side, -1 */
  int claimed;             /* part of a split or merge with that section on the other side, -1 */
  GPtrArray *spread;       /* split into / merged from: the other side's ids */
} Sect;

static void
sect_clear (Sect *s)
{
  g_free (s->path);
  g_array_unref (s->blocks);
  g_hash_table_unref (s->words);
  g_ptr_array_unref (s->spread);
}

/* @text with its blanks collapsed to single spaces, none at the ends;
 * NULL when it is so already (as the document JSON's texts mostly are). */
static char *
normalise (const char *text)
{
  GString *out;
  gboolean blank = TRUE; /* (at the start, as after a blank) */

  for (const char *c = text; *c; c++)
    {
      if (g_ascii_isspace (*c) && (*c != ' ' || blank))
        break;
      blank = *c == ' ';
      if (c[1] == '\0' && !blank)
        return NULL;
    }
  if (*text == '\0')
    return NULL;
  out = g_string_new (NULL);

  for (const char *c = text; *c; c++)
    {
      if (g_ascii_isspace (*c))
        {
          if (out->len && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *c);
    }
  if (out->len && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static void
pages_of (JsonObject *o, guint pages[2])
{
  JsonArray *a = json_object_has_member (o, "pages") ? json_object_get_array_member (o, "pages") : NULL;

  pages[0] = pages[1] = 0;
  if (a && json_array_get_length (a) == 2)
    {
      pages[0] = (guint) json_array_get_int_element (a, 0);
      pages[1] = (guint) json_array_get_int_element (a, 1);
    }
}

/* Adds @text's words, lowercased, to @set: kept in @chunk, or when @chunk
 * is NULL, each its own (freed by @set). */
static void
add_words (GHashTable *set, const char *text, GStringChunk *chunk)
{
  g_auto (GStrv) words = g_strsplit_set (text, " \t\n", -1);

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      {
        char *lower = g_utf8_strdown (words[i], -1);

        if (chunk == NULL)
          g_hash_table_add (set, lower);
        else
          {
            if (!g_hash_table_contains (set, lower))
              g_hash_table_add (set, g_string_chunk_insert (chunk, lower));
            g_free (lower);
          }
      }
}

/* The sections of a document JSON, depth first, into @out (element-type
 * Sect), their strings copied into @chunk. */
static void
flatten (JsonArray *sections, const char *parent, GArray *out, GStringChunk *chunk)
{
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonObject *o = json_array_get_object_element (sections, i);
      JsonNode *h = json_object_get_member (o, "heading");
      Sect s = { 0 };
      JsonArray *blocks;
      const char *heading = h && JSON_NODE_HOLDS_VALUE (h) ? json_node_get_string (h) : NULL;

      s.id = g_string_chunk_insert (chunk, json_object_get_string_member_with_default (o, "id", ""));
      s.heading = heading ? g_string_chunk_insert (chunk, heading) : NULL;
      s.path = parent ? g_strdup_printf ("%s › %s", parent, s.heading ? s.heading : "(untitled)")
                      : g_strdup (s.heading ? s.heading : "(before the first heading)");
      pages_of (o, s.pages);
      s.blocks = g_array_new (FALSE, TRUE, sizeof (Block));
      s.words = g_hash_table_new (g_str_hash, g_str_equal);
      s.match = -1;
      s.claimed = -1;
      s.spread = g_ptr_array_new_with_free_func (g_free);
      if (s.heading)
        add_words (s.words, s.heading, chunk);
      blocks = json_object_has_member (o, "blocks") ? json_object_get_array_member (o, "blocks") : NULL;
      for (guint k = 0; blocks && k < json_array_get_length (blocks); k++)
        {
          JsonObject *bo = json_array_get_object_element (blocks, k);
          Block b = { 0 };
          g_autofree char *norm = NULL;

          b.type = g_string_chunk_insert_const (chunk, json_object_get_string_member_with_default (bo, "type", "paragraph"));
          b.text = g_string_chunk_insert (chunk, json_object_get_string_member_with_default (bo, "text", ""));
          norm = normalise (b.text);
          b.norm = norm ? g_string_chunk_insert (chunk, norm) : b.text;
          pages_of (bo, b.pages);
          add_words (s.words, b.text, chunk);
          g_array_append_val (s.blocks, b);
        }
      s.index = out->len;
      g_array_append_val (out, s);
      if (json_object_has_member (o, "sections"))
        flatten (json_object_get_array_member (o, "sections"), g_array_index (out, Sect, out->len - 1).path,
                 out, chunk);
    }
}

/* |A ∩ B| / |A ∪ B| */
static double
jaccard (GHashTable *a, GHashTable *b)
{
  GHashTableIter it;
  gpointer key;
  guint common = 0, total;

  if (g_hash_table_size (a) == 0 && g_hash_table_size (b) == 0)
    return 1;
  g_hash_table_iter_init (&it, a);
  while (g_hash_table_iter_next (&it, &key, NULL))
    common += g_hash_table_contains (b, key);
  total = g_hash_table_size (a) + g_hash_table_size (b) - common;
  return total ? (double) common / total : 0;
}

static double
text_similarity (const char *a, const char *b)
{
  g_autoptr (GHashTable) sa = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) sb = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  add_words (sa, a ? a : "", NULL);
  add_words (sb, b ? b : "", NULL);
  return jaccard (sa, sb);
}

/* ------------------------------------------------------------ word diff */

/* Splits into words, each with the blanks after it, so that joining the
 * pieces gives the text back. */
static GPtrArray *
tokens (const char *text)
{
  GPtrArray *t = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (*p)
    {
      const char *start = p;

      while (*p && !g_ascii_isspace (*p))
        p++;
      while (*p && g_ascii_isspace (*p))
        p++;
      g_ptr_array_add (t, g_strndup (start, p - start));
    }
  return t;
}

static gboolean
token_equal (const char *a, const char *b)
{
  /* Compare words without their trailing blanks. */
  gsize la = strlen (a), lb = strlen (b);

  while (la && g_ascii_isspace (a[la - 1]))
    la--;
  while (lb && g_ascii_isspace (b[lb - 1]))
    lb--;
  return la == lb && memcmp (a, b, la) == 0;
}

static void
push_op (GPtrArray *ops, FolioWordOpKind kind, const char *text, FolioDiffSummary *sum)
{
  FolioWordOp *last = ops->len ? g_ptr_array_index (ops, ops->len - 1) : NULL;

  if (kind == FOLIO_WORD_INSERTED)
    sum->words_inserted++;
  else if (kind == FOLIO_WORD_DELETED)
    sum->words_deleted++;
  if (last && last->kind == kind)
    {
      char *joined = g_strconcat (last->text, text, NULL);

      g_free (last->text);
      last->text = joined;
      return;
    }
  last = g_new0 (FolioWordOp, 1);
  last->kind = kind;
  last->text = g_strdup (text);
  g_ptr_array_add (ops, last);
}

/* Word operations turning @a into @b: common start and end set aside,
 * then an LCS table over the middle, or, past FOLIO_DIFF_MAX_WORD_CELLS,
 * the middle as one deletion and one insertion. */
static GPtrArray *
word_diff (const char *a, const char *b, FolioDiffSummary *sum)
{
  g_autoptr (GPtrArray) ta = tokens (a), tb = tokens (b);
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) word_op_free);
  guint n = ta->len, m = tb->len, pre = 0, suf = 0;

  while (pre < n && pre < m && token_equal (ta->pdata[pre], tb->pdata[pre]))
    pre++;
  while (suf < n - pre && suf < m - pre && token_equal (ta->pdata[n - 1 - suf], tb->pdata[m - 1 - suf]))
    suf++;
  for (guint i = 0; i < pre; i++)
    push_op (ops, FOLIO_WORD_SAME, tb->pdata[i], sum);
  {
    guint n2 = n - pre - suf, m2 = m - pre - suf;
    char **A = (char **) ta->pdata + pre, **B = (char **) tb->pdata + pre;

    if ((guint64) n2 * m2 > FOLIO_DIFF_MAX_WORD_CELLS)
      {
        for (guint i = 0; i < n2; i++)
          push_op (ops, FOLIO_WORD_DELETED, A[i], sum);
        for (guint j = 0; j < m2; j++)
          push_op (ops, FOLIO_WORD_INSERTED, B[j], sum);
      }
    else if (n2 > 0 || m2 > 0)
      {
        /* L[i][j]: LCS length of A[i..] and B[j..] */
        g_autofree guint32 *L = g_new0 (guint32, (gsize) (n2 + 1) * (m2 + 1));
        guint i = 0, j = 0;

#define AT(i, j) L[(gsize) (i) * (m2 + 1) + (j)]
        for (guint ii = n2; ii-- > 0;)
          for (guint jj = m2; jj-- > 0;)
            AT (ii, jj) = token_equal (A[ii], B[jj]) ? AT (ii + 1, jj + 1) + 1
                                                     : MAX (AT (ii + 1, jj), AT (ii, jj + 1));
        while (i < n2 || j < m2)
          {
            /* Deletions before insertions, as diff(1) shows them. */
            if (i < n2 && j < m2 && token_equal (A[i], B[j]))
              push_op (ops, FOLIO_WORD_SAME, B[j], sum), i++, j++;
            else if (i < n2 && (j == m2 || AT (i + 1, j) >= AT (i, j + 1)))
              push_op (ops, FOLIO_WORD_DELETED, A[i++], sum);
            else
              push_op (ops, FOLIO_WORD_INSERTED, B[j++], sum);
          }
#undef AT
      }
  }
  for (guint i = m - suf; i < m; i++)
    push_op (ops, FOLIO_WORD_SAME, tb->pdata[i], sum);
  return ops;
}

/* ----------------------------------------------------------- block diff */

static FolioHunk *
hunk_new (FolioHunkKind kind, const Block *a, const Block *b)
{
  FolioHunk *h = g_new0 (FolioHunk, 1);

  h->kind = kind;
  h->type = g_strdup (b ? b->type : a->type);
  if (a)
    {
      h->old_text = g_strdup (a->text);
      h->old_pages[0] = a->pages[0];
      h->old_pages[1] = a->pages[1];
    }
  if (b)
    {
      h->new_text = g_strdup (b->text);
      h->new_pages[0] = b->pages[0];
      h->new_pages[1] = b->pages[1];
    }
  return h;
}

/* Between two common anchors: removed and added blocks, paired up as
 * modified when they read alike. */
/* The blocks [from, to) as one text: where paragraphs break is not text. */
static char *
joined (const Sect *s, guint from, guint to)
{
  GString *out = g_string_new (NULL);

  for (guint k = from; k < to; k++)
    {
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append (out, g_array_index (s->blocks, Block, k).norm);
    }
  return g_string_free (out, FALSE);
}

static void
gap_hunks (const Sect *o, guint oi, guint oj, const Sect *n, guint ni, guint nj,
           GPtrArray *hunks, FolioDiffSummary *sum)
{
  /* The same words cut into paragraphs elsewhere (a page break read as
   * one, a sentence joined over another) is no change. */
  if (oi < oj && ni < nj)
    {
      g_autofree char *a = joined (o, oi, oj), *b = joined (n, ni, nj);

      if (strcmp (a, b) == 0)
        return;
    }
  while (oi < oj || ni < nj)
    {
      const Block *a = oi < oj ? &g_array_index (o->blocks, Block, oi) : NULL;
      const Block *b = ni < nj ? &g_array_index (n->blocks, Block, ni) : NULL;

      if (a && b && text_similarity (a->norm, b->norm) >= 0.4)
        {
          FolioHunk *h = hunk_new (FOLIO_HUNK_MODIFIED, a, b);

          h->words = word_diff (a->norm, b->norm, sum);
          g_ptr_array_add (hunks, h);
          sum->blocks_modified++;
          oi++, ni++;
        }
      else if (a && (!b || oj - oi >= nj - ni))
        {
          g_ptr_array_add (hunks, hunk_new (FOLIO_HUNK_REMOVED, a, NULL));
          sum->blocks_removed++;
          oi++;
        }
      else
        {
          g_ptr_array_add (hunks, hunk_new (FOLIO_HUNK_ADDED, NULL, b));
          sum->blocks_added++;
          ni++;
        }
    }
}

static void
block_diff (const Sect *o, const Sect *n, GPtrArray *hunks, FolioDiffSummary *sum)
{
  guint on = o->blocks->len, nn = n->blocks->len;
  g_autofree guint32 *L = g_new0 (guint32, (gsize) (on + 1) * (nn + 1));
  guint i = 0, j = 0, gi = 0, gj = 0;

#define AT(i, j) L[(gsize) (i) * (nn + 1) + (j)]
#define EQ(i, j) (strcmp (g_array_index (o->blocks, Block, i).norm, g_array_index (n->blocks, Block, j).norm) == 0)
  for (guint ii = on; ii-- > 0;)
    for (guint jj = nn; jj-- > 0;)
      AT (ii, jj) = EQ (ii, jj) ? AT (ii + 1, jj + 1) + 1 : MAX (AT (ii + 1, jj), AT (ii, jj + 1));
  while (i < on || j < nn)
    {
      if (i < on && j < nn && EQ (i, j))
        {
          gap_hunks (o, gi, i, n, gj, j, hunks, sum);
          i++, j++;
          gi = i, gj = j;
        }
      else if (j < nn && (i == on || AT (i, j + 1) >= AT (i + 1, j)))
        j++;
      else
        i++;
    }
  gap_hunks (o, gi, on, n, gj, nn, hunks, sum);
#undef EQ
#undef AT
}

/* ------------------------------------------------------------ alignment */

static FolioSectionDiff *
section_diff_new (const Sect *o, const Sect *n)
{
  FolioSectionDiff *s = g_new0 (FolioSectionDiff, 1);

  s->split_into = g_ptr_array_new_with_free_func (g_free);
  s->merged_from = g_ptr_array_new_with_free_func (g_free);
  s->hunks = g_ptr_array_new_with_free_func ((GDestroyNotify) hunk_free);
  if (o)
    {
      s->old_id = g_strdup (o->id);
      s->old_heading = g_strdup (o->heading);
      s->old_path = g_strdup (o->path);
      s->old_pages[0] = o->pages[0];
      s->old_pages[1] = o->pages[1];
    }
  if (n)
    {
      s->new_id = g_strdup (n->id);
      s->new_heading = g_strdup (n->heading);
      s->new_path = g_strdup (n->path);
      s->new_pages[0] = n->pages[0];
      s->new_pages[1] = n->pages[1];
    }
  return s;
}

static void
all_blocks (const Sect *s, FolioHunkKind kind, GPtrArray *hunks, FolioDiffSummary *sum)
{
  for (guint k = 0; k < s->blocks->len; k++)
    {
      const Block *b = &g_array_index (s->blocks, Block, k);

      g_ptr_array_add (hunks, kind == FOLIO_HUNK_ADDED ? hunk_new (kind, NULL, b) : hunk_new (kind, b, NULL));
      if (kind == FOLIO_HUNK_ADDED)
        sum->blocks_added++;
      else
        sum->blocks_removed++;
    }
}

/* How many times each block text stands in a document. */
static GHashTable *
block_counts (GArray *sects)
{
  GHashTable *counts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint s = 0; s < sects->len; s++)
    {
      const Sect *x = &g_array_index (sects, Sect, s);

      for (guint k = 0; k < x->blocks->len; k++)
        {
          const char *t = g_array_index (x->blocks, Block, k).norm;

          g_hash_table_insert (counts, (gpointer) t,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, t)) + 1));
        }
    }
  return counts;
}

/* Which of @others's free sections (unmatched, unclaimed) hold @o's blocks:
 * a section split in two (or, the other way round, two merged) shows as
 * its blocks found in two sections or more, covering half of them, with
 * none holding most of them alone (that is a rename).  Only blocks said
 * once on either side count: boilerplate proves nothing.  Those sections
 * are claimed for @o (index @self) and their ids put in @o->spread. */
static void
find_spread (Sect *o, int self, GArray *others, GHashTable *mine, GHashTable *theirs)
{
  guint found = 0, unique = 0, most = 0;
  g_autoptr (GHashTable) hits = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint k = 0; k < o->blocks->len; k++)
    {
      const Block *b = &g_array_index (o->blocks, Block, k);

      if (GPOINTER_TO_UINT (g_hash_table_lookup (mine, b->norm)) != 1
          || GPOINTER_TO_UINT (g_hash_table_lookup (theirs, b->norm)) != 1)
        continue;
      unique++;
      for (guint s = 0; s < others->len; s++)
        {
          const Sect *x = &g_array_index (others, Sect, s);
          gboolean hit = FALSE;

          if (x->match >= 0 || x->claimed >= 0)
            continue;
          for (guint m = 0; m < x->blocks->len && !hit; m++)
            hit = strcmp (g_array_index (x->blocks, Block, m).norm, b->norm) == 0;
          if (hit)
            {
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (hits, GUINT_TO_POINTER (s + 1))) + 1;

              g_hash_table_insert (hits, GUINT_TO_POINTER (s + 1), GUINT_TO_POINTER (n));
              most = MAX (most, n);
              found++;
              break;
            }
        }
    }
  if (g_hash_table_size (hits) < 2 || found * 2 < unique || most * 10 > found * 7)
    return;
  for (guint s = 0; s < others->len; s++)
    if (g_hash_table_contains (hits, GUINT_TO_POINTER (s + 1)))
      {
        Sect *x = &g_array_index (others, Sect, s);

        x->claimed = self;
        g_ptr_array_add (o->spread, g_strdup (x->id));
      }
  o->claimed = self; /* itself: the whole of a split or a merge */
}

/* The value of field @name in @fields (names and values by turns), or NULL. */
static const char *
field_value (GPtrArray *fields, const char *name)
{
  for (guint i = 0; i + 1 < fields->len; i += 2)
    if (strcmp (g_ptr_array_index (fields, i), name) == 0)
      return g_ptr_array_index (fields, i + 1);
  return NULL;
}

/* The metadata fields that differ, in @a's order, then @b's. */
static void
diff_metadata (GPtrArray *a, GPtrArray *b, GPtrArray *out)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < a->len + b->len; i += 2)
    {
      const char *name = i < a->len ? g_ptr_array_index (a, i) : g_ptr_array_index (b, i - a->len);
      const char *va = field_value (a, name), *vb = field_value (b, name);
      FolioMetaChange *m;

      if (!g_hash_table_add (seen, (gpointer) name) || strcmp (name, "from") == 0 || g_strcmp0 (va, vb) == 0)
        continue;
      m = g_new0 (FolioMetaChange, 1);
      m->name = g_strdup (name);
      m->old_value = g_strdup (va);
      m->new_value = g_strdup (vb);
      g_ptr_array_add (out, m);
    }
}

/* A candidate match, by similarity. */
typedef struct {
  double score;
  guint i, j;
} Pair;

static int
compare_pairs (gconstpointer a, gconstpointer b)
{
  const Pair *x = a, *y = b;

  if (x->score != y->score)
    return x->score < y->score ? 1 : -1;
  /* Ties in reading order, so the result does not depend on the sort. */
  if (x->i != y->i)
    return x->i < y->i ? -1 : 1;
  return x->j < y->j ? -1 : x->j > y->j;
}

/* ------------------------------------------------------------ checking */

static gboolean
is_string (JsonObject *o, const char *key, gboolean nullable)
{
  JsonNode *n = json_object_get_member (o, key);

  if (n == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  return JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING;
}

static gboolean
pages_ok (JsonObject *o)
{
  JsonNode *n = json_object_get_member (o, "pages");
  JsonArray *a;

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (n) || json_array_get_length (a = json_node_get_array (n)) != 2)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *e = json_array_get_element (a, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_INT64
          || json_node_get_int (e) < 0 || json_node_get_int (e) > G_MAXINT)
        return FALSE;
    }
  return TRUE;
}

/* Says what is wrong with a section list, or NULL: the diff reads JSON
 * from anywhere, so every member it uses is checked first. */
static char *
check_sections (JsonNode *node, const char *where, guint depth)
{
  JsonArray *a;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup_printf ("%s is not an array", where);
  if (depth > 64)
    return g_strdup_printf ("%s: sections nested too deep", where);
  a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      JsonObject *o;
      JsonNode *blocks;
      g_autofree char *here = g_strdup_printf ("%s[%u]", where, i);
      char *why;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        return g_strdup_printf ("%s is not an object", here);
      o = json_node_get_object (e);
      if (!is_string (o, "id", FALSE) || !is_string (o, "heading", TRUE) || !pages_ok (o))
        return g_strdup_printf ("%s: id, heading or pages missing or of the wrong type", here);
      blocks = json_object_get_member (o, "blocks");
      if (blocks == NULL || !JSON_NODE_HOLDS_ARRAY (blocks))
        return g_strdup_printf ("%s.blocks is not an array", here);
      for (guint k = 0; k < json_array_get_length (json_node_get_array (blocks)); k++)
        {
          JsonNode *b = json_array_get_element (json_node_get_array (blocks), k);

          if (!JSON_NODE_HOLDS_OBJECT (b) || !is_string (json_node_get_object (b), "text", FALSE)
              || !is_string (json_node_get_object (b), "type", FALSE) || !pages_ok (json_node_get_object (b)))
            return g_strdup_printf ("%s.blocks[%u]: not an object with a text, a type and pages", here, k);
        }
      if (json_object_has_member (o, "sections"))
        {
          g_autofree char *sub = g_strdup_printf ("%s.sections", here);

          if ((why = check_sections (json_object_get_member (o, "sections"), sub, depth + 1)) != NULL)
            return why;
        }
    }
  return NULL;
}

static char *
check_document (JsonNode *root)
{
  JsonObject *o = json_node_get_object (root);
  JsonNode *n;

  n = json_object_get_member (o, "source");
  if (n == NULL || !JSON_NODE_HOLDS_OBJECT (n) || !is_string (json_node_get_object (n), "path", FALSE))
    return g_strdup ("source is not an object with a path");
  n = json_object_get_member (o, "metadata");
  if (n != NULL)
    {
      g_autoptr (GList) names = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return g_strdup ("metadata is not an object");
      names = json_object_get_members (json_node_get_object (n));
      for (GList *l = names; l; l = l->next)
        if (!is_string (json_node_get_object (n), l->data, FALSE))
          return g_strdup_printf ("metadata.%s is not a string", (char *) l->data);
    }
  return check_sections (json_object_get_member (o, "sections"), "sections", 0);
}

/* ---------------------------------------------------------- the two sides */

struct _FolioDiffSide {
  GArray *sects;           /* (element-type Sect) in reading order */
  GStringChunk *strings;   /* their ids, headings and blocks' texts */
  char *source;            /* the source's path, "" when unknown */
  guint page_count;
  GPtrArray *metadata;     /* (element-type utf8) names and values (nullable) by turns */
};

void
folio_diff_side_free (FolioDiffSide *side)
{
  if (side == NULL)
    return;
  g_array_unref (side->sects);
  g_string_chunk_free (side->strings);
  g_free (side->source);
  g_ptr_array_unref (side->metadata);
  g_free (side);
}

/* A side of a checked document JSON. */
static FolioDiffSide *
side_of (JsonNode *doc)
{
  JsonObject *o = json_node_get_object (doc);
  JsonObject *src = json_object_get_object_member (o, "source");
  JsonObject *meta = json_object_has_member (o, "metadata") ? json_object_get_object_member (o, "metadata") : NULL;
  FolioDiffSide *side = g_new0 (FolioDiffSide, 1);

  side->sects = g_array_new (FALSE, TRUE, sizeof (Sect));
  g_array_set_clear_func (side->sects, (GDestroyNotify) sect_clear);
  side->strings = g_string_chunk_new (64 * 1024);
  flatten (json_object_get_array_member (o, "sections"), NULL, side->sects, side->strings);
  side->source = g_strdup (src ? json_object_get_string_member_with_default (src, "path", "") : "");
  side->page_count = src ? (guint) json_object_get_int_member_with_default (src, "page_count", 0) : 0;
  side->metadata = g_ptr_array_new_with_free_func (g_free);
  if (meta != NULL)
    {
      g_autoptr (GList) names = json_object_get_members (meta);

      for (GList *l = names; l; l = l->next)
        {
          g_ptr_array_add (side->metadata, g_strdup (l->data));
          g_ptr_array_add (side->metadata, g_strdup (json_object_get_string_member (meta, l->data)));
        }
    }
  return side;
}

FolioDiffSide *
folio_diff_side_new (JsonNode *doc, const char *which, GError **error)
{
  g_autofree char *why = NULL;

  if (!is_folio_json (doc))
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM, "the %s is not a folio document JSON", which);
      return NULL;
    }
  why = check_document (doc);
  if (why != NULL)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM, "the %s document: %s", which, why);
      return NULL;
    }
  return side_of (doc);
}

FolioDiff *
folio_diff_compute (JsonNode *old_doc, JsonNode *new_doc, GError **error)
{
  if (!is_folio_json (old_doc) || !is_folio_json (new_doc))
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM,
                   "%s is not a folio document JSON", is_folio_json (old_doc) ? "the new" : "the old");
      return NULL;
    }
  for (int k = 0; k < 2; k++)
    {
      g_autofree char *why = check_document (k == 0 ? old_doc : new_doc);

      if (why != NULL)
        {
          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM, "the %s document: %s",
                       k == 0 ? "old" : "new", why);
          return NULL;
        }
    }
  return folio_diff_compute_sides (side_of (old_doc), side_of (new_doc));
}

FolioDiff *
folio_diff_compute_sides (FolioDiffSide *old_side, FolioDiffSide *new_side)
{
  g_autoptr (FolioDiffSide) o_side = old_side, n_side = new_side;
  GArray *os = o_side->sects, *ns = n_side->sects;
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gboolean *moved = NULL;
  FolioDiff *diff;
  FolioDiffSummary *sum;

  diff = g_new0 (FolioDiff, 1);
  diff->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_diff_free);
  diff->metadata = g_ptr_array_new_with_free_func ((GDestroyNotify) meta_change_free);
  sum = &diff->summary;
  diff->old_source = g_strdup (o_side->source);
  diff->new_source = g_strdup (n_side->source);
  diff->old_page_count = o_side->page_count;
  diff->new_page_count = n_side->page_count;
  diff_metadata (o_side->metadata, n_side->metadata, diff->metadata);

  /* 1. Same id: the same heading path. */
  for (guint j = 0; j < ns->len; j++)
    g_hash_table_insert (by_id, (gpointer) g_array_index (ns, Sect, j).id, GUINT_TO_POINTER (j + 1));
  for (guint i = 0; i < os->len; i++)
    {
      Sect *o = &g_array_index (os, Sect, i);
      guint j = GPOINTER_TO_UINT (g_hash_table_lookup (by_id, o->id));

      if (j && g_array_index (ns, Sect, j - 1).match < 0)
        {
          o->match = (int) j - 1;
          g_array_index (ns, Sect, j - 1).match = (int) i;
        }
    }
  /* 2. Split and merged: one section's blocks now in two or more, or two
   * or more sections' blocks now in one. */
  {
    g_autoptr (GHashTable) ocount = block_counts (os), ncount = block_counts (ns);

    for (guint i = 0; i < os->len; i++)
      if (g_array_index (os, Sect, i).match < 0)
        find_spread (&g_array_index (os, Sect, i), (int) i, ns, ocount, ncount);
    for (guint j = 0; j < ns->len; j++)
      if (g_array_index (ns, Sect, j).match < 0 && g_array_index (ns, Sect, j).claimed < 0)
        find_spread (&g_array_index (ns, Sect, j), (int) j, os, ncount, ocount);
  }

  /* 3. The rest by what they say: renamed or moved sections keep most of
   * their words.  Best pairs first. */
  {
    g_autoptr (GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));

    for (guint i = 0; i < os->len; i++)
      {
        Sect *o = &g_array_index (os, Sect, i);

        if (o->match >= 0 || o->claimed >= 0)
          continue;
        for (guint j = 0; j < ns->len; j++)
          {
            Sect *n = &g_array_index (ns, Sect, j);
            double content, heading, score;

            if (n->match >= 0 || n->claimed >= 0)
              continue;
            content = jaccard (o->words, n->words);
            heading = o->heading && n->heading ? text_similarity (o->heading, n->heading) : 0;
            score = MAX (content, heading >= 0.8 && content >= 0.2 ? heading : 0);
            if (score >= 0.5)
              {
                Pair p = { score, i, j };

                g_array_append_val (pairs, p);
              }
          }
      }
    /* Best pairs first; each section once.  Scored once: no rescans. */
    g_array_sort (pairs, compare_pairs);
    for (guint k = 0; k < pairs->len; k++)
      {
        const Pair *p = &g_array_index (pairs, Pair, k);
        Sect *o = &g_array_index (os, Sect, p->i), *n = &g_array_index (ns, Sect, p->j);

        if (o->match >= 0 || n->match >= 0)
          continue;
        o->match = (int) p->j;
        n->match = (int) p->i;
      }
  }
  /* 4. Moved: matched sections off the longest run kept in order. */
  moved = g_new0 (gboolean, ns->len + 1);
  {
    g_autofree int *seq = g_new0 (int, ns->len + 1);
    g_autofree int *len = g_new0 (int, ns->len + 1);
    g_autofree int *prev = g_new0 (int, ns->len + 1);
    int count = 0, best_end = -1, best_len = 0;

    for (guint j = 0; j < ns->len; j++)
      if (g_array_index (ns, Sect, j).match >= 0)
        seq[count++] = (int) j;
    for (int a = 0; a < count; a++)
      {
        len[a] = 1;
        prev[a] = -1;
        for (int b = 0; b < a; b++)
          if (g_array_index (ns, Sect, seq[b]).match < g_array_index (ns, Sect, seq[a]).match
              && len[b] + 1 > len[a])
            len[a] = len[b] + 1, prev[a] = b;
        if (len[a] > best_len)
          best_len = len[a], best_end = a;
      }
    for (int a = 0; a < count; a++)
      moved[seq[a]] = TRUE;
    for (int a = best_end; a >= 0; a = prev[a])
      moved[seq[a]] = FALSE;
  }

  /* 5. The change list, in the new document's order, each section that
   * is gone placed after the one that stood before it. */
  {
    g_autoptr (GPtrArray) after = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

    /* after[0]: gone before any kept section; after[j + 1]: after new j */
    for (guint j = 0; j <= ns->len; j++)
      g_ptr_array_add (after, g_array_new (FALSE, FALSE, sizeof (guint)));
    for (guint i = 0, anchor = 0; i < os->len; i++)
      {
        const Sect *o = &g_array_index (os, Sect, i);

        if (o->match >= 0)
          anchor = (guint) o->match + 1;
        else
          g_array_append_val (g_ptr_array_index (after, anchor), i);
      }
    for (guint j = 0; j <= ns->len; j++)
      {
        GArray *gone = g_ptr_array_index (after, j);

        if (j > 0)
          {
            const Sect *n = &g_array_index (ns, Sect, j - 1);
            FolioSectionDiff *d;

            if (n->match < 0 && n->claimed >= 0 && n->spread->len == 0)
              ; /* a part of an old section that was split: reported there */
            else if (n->match < 0)
              {
                d = section_diff_new (NULL, n);
                for (guint k = 0; k < n->spread->len; k++)
                  g_ptr_array_add (d->merged_from, g_strdup (g_ptr_array_index (n->spread, k)));
                d->added = d->merged_from->len == 0;
                if (d->added)
                  {
                    all_blocks (n, FOLIO_HUNK_ADDED, d->hunks, sum);
                    sum->sections_added++;
                  }
                else
                  sum->sections_merged++;
                g_ptr_array_add (diff->sections, d);
              }
            else
              {
                const Sect *o = &g_array_index (os, Sect, n->match);

                d = section_diff_new (o, n);
                d->renamed = g_strcmp0 (o->heading, n->heading) != 0;
                d->moved = moved[j - 1];
                block_diff (o, n, d->hunks, sum);
                d->modified = d->hunks->len > 0;
                sum->sections_renamed += d->renamed;
                sum->sections_moved += d->moved;
                sum->sections_modified += d->modified;
                if (d->renamed || d->moved || d->modified)
                  g_ptr_array_add (diff->sections, d);
                else
                  {
                    sum->sections_unchanged++;
                    section_diff_free (d);
                  }
              }
          }
        for (guint k = 0; k < gone->len; k++)
          {
            const Sect *o = &g_array_index (os, Sect, g_array_index (gone, guint, k));
            FolioSectionDiff *d;

            if (o->claimed >= 0 && o->spread->len == 0)
              continue; /* merged into a new section: reported there */
            d = section_diff_new (o, NULL);
            for (guint m = 0; m < o->spread->len; m++)
              g_ptr_array_add (d->split_into, g_strdup (g_ptr_array_index (o->spread, m)));
            d->removed = d->split_into->len == 0;
            if (d->removed)
              {
                all_blocks (o, FOLIO_HUNK_REMOVED, d->hunks, sum);
                sum->sections_removed++;
              }
            else
              sum->sections_split++;
            g_ptr_array_add (diff->sections, d);
          }
      }
  }
  return diff;
}
