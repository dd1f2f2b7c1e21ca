/* Printers of the change model: JSON (docs/diff.schema.json) and text. */
#include "folio/folio-diff.h"
#include "folio/folio-version.h"
#include "folio-json-private.h"

#include <string.h>

static const char *
hunk_kind (FolioHunkKind k)
{
  return k == FOLIO_HUNK_ADDED ? "added" : k == FOLIO_HUNK_REMOVED ? "removed" : "modified";
}

static const char *
word_kind (FolioWordOpKind k)
{
  return k == FOLIO_WORD_SAME ? "same" : k == FOLIO_WORD_INSERTED ? "inserted" : "deleted";
}

/* ------------------------------------------------------------------ JSON */

static void
jstr (GString *o, const char *key, const char *value, gboolean *first)
{
  folio_json_key (o, key, *first);
  *first = FALSE;
  if (value)
    folio_json_string (o, value);
  else
    g_string_append (o, "null");
}

static void
juint (GString *o, const char *key, guint value, gboolean *first)
{
  folio_json_key (o, key, *first);
  *first = FALSE;
  folio_json_uint (o, value);
}

static void
jbool (GString *o, const char *key, gboolean value, gboolean *first)
{
  folio_json_key (o, key, *first);
  *first = FALSE;
  folio_json_bool (o, value);
}

static void
jpages (GString *o, const char *key, const guint pages[2], gboolean *first)
{
  folio_json_key (o, key, *first);
  *first = FALSE;
  if (pages[0] == 0)
    {
      g_string_append (o, "null");
      return;
    }
  g_string_append_printf (o, "[%u,%u]", pages[0], pages[1]);
}

static void
jids (GString *o, const char *key, GPtrArray *ids, gboolean *first)
{
  folio_json_key (o, key, *first);
  *first = FALSE;
  g_string_append_c (o, '[');
  for (guint i = 0; i < ids->len; i++)
    {
      if (i)
        g_string_append_c (o, ',');
      folio_json_string (o, g_ptr_array_index (ids, i));
    }
  g_string_append_c (o, ']');
}

void
folio_diff_print_json (const FolioDiff *d, GString *o)
{
  const FolioDiffSummary *s = &d->summary;
  gboolean first = TRUE;

  g_string_append_c (o, '{');
  jstr (o, "format", FOLIO_DIFF_FORMAT, &first);
  jstr (o, "format_version", FOLIO_DIFF_VERSION, &first);
  jstr (o, "generator", "folio " FOLIO_VERSION, &first);
  folio_json_key (o, "old", FALSE);
  g_string_append (o, "{\"source\":");
  folio_json_string (o, d->old_source);
  g_string_append_printf (o, ",\"page_count\":%u}", d->old_page_count);
  folio_json_key (o, "new", FALSE);
  g_string_append (o, "{\"source\":");
  folio_json_string (o, d->new_source);
  g_string_append_printf (o, ",\"page_count\":%u}", d->new_page_count);
  jbool (o, "changed", folio_diff_has_changes (d), &first);

  folio_json_key (o, "summary", FALSE);
  {
    gboolean f = TRUE;

    g_string_append_c (o, '{');
    juint (o, "sections_added", s->sections_added, &f);
    juint (o, "sections_removed", s->sections_removed, &f);
    juint (o, "sections_modified", s->sections_modified, &f);
    juint (o, "sections_moved", s->sections_moved, &f);
    juint (o, "sections_renamed", s->sections_renamed, &f);
    juint (o, "sections_split", s->sections_split, &f);
    juint (o, "sections_merged", s->sections_merged, &f);
    juint (o, "sections_unchanged", s->sections_unchanged, &f);
    juint (o, "blocks_added", s->blocks_added, &f);
    juint (o, "blocks_removed", s->blocks_removed, &f);
    juint (o, "blocks_modified", s->blocks_modified, &f);
    juint (o, "words_inserted", s->words_inserted, &f);
    juint (o, "words_deleted", s->words_deleted, &f);
    juint (o, "metadata_changed", d->metadata->len, &f);
    g_string_append_c (o, '}');
  }

  folio_json_key (o, "metadata", FALSE);
  g_string_append_c (o, '[');
  for (guint i = 0; i < d->metadata->len; i++)
    {
      const FolioMetaChange *m = g_ptr_array_index (d->metadata, i);
      gboolean f = TRUE;

      if (i)
        g_string_append_c (o, ',');
      g_string_append_c (o, '{');
      jstr (o, "name", m->name, &f);
      jstr (o, "old", m->old_value, &f);
      jstr (o, "new", m->new_value, &f);
      g_string_append_c (o, '}');
    }
  g_string_append_c (o, ']');

  folio_json_key (o, "sections", FALSE);
  g_string_append_c (o, '[');
  for (guint i = 0; i < d->sections->len; i++)
    {
      const FolioSectionDiff *sd = g_ptr_array_index (d->sections, i);
      gboolean f = TRUE;

      if (i)
        g_string_append_c (o, ',');
      g_string_append_c (o, '{');
      jstr (o, "old_id", sd->old_id, &f);
      jstr (o, "new_id", sd->new_id, &f);
      jstr (o, "old_heading", sd->old_heading, &f);
      jstr (o, "new_heading", sd->new_heading, &f);
      jstr (o, "old_path", sd->old_path, &f);
      jstr (o, "new_path", sd->new_path, &f);
      jpages (o, "old_pages", sd->old_pages, &f);
      jpages (o, "new_pages", sd->new_pages, &f);
      jbool (o, "added", sd->added, &f);
      jbool (o, "removed", sd->removed, &f);
      jbool (o, "renamed", sd->renamed, &f);
      jbool (o, "moved", sd->moved, &f);
      jbool (o, "modified", sd->modified, &f);
      jids (o, "split_into", sd->split_into, &f);
      jids (o, "merged_from", sd->merged_from, &f);
      folio_json_key (o, "hunks", FALSE);
      g_string_append_c (o, '[');
      for (guint k = 0; k < sd->hunks->len; k++)
        {
          const FolioHunk *h = g_ptr_array_index (sd->hunks, k);
          gboolean g = TRUE;

          if (k)
            g_string_append_c (o, ',');
          g_string_append_c (o, '{');
          jstr (o, "kind", hunk_kind (h->kind), &g);
          jstr (o, "type", h->type, &g);
          jpages (o, "old_pages", h->old_pages, &g);
          jpages (o, "new_pages", h->new_pages, &g);
          jstr (o, "old_text", h->old_text, &g);
          jstr (o, "new_text", h->new_text, &g);
          if (h->words)
            {
              folio_json_key (o, "words", FALSE);
              g_string_append_c (o, '[');
              for (guint w = 0; w < h->words->len; w++)
                {
                  const FolioWordOp *op = g_ptr_array_index (h->words, w);

                  if (w)
                    g_string_append_c (o, ',');
                  g_string_append (o, "{\"op\":");
                  folio_json_string (o, word_kind (op->kind));
                  g_string_append (o, ",\"text\":");
                  folio_json_string (o, op->text);
                  g_string_append_c (o, '}');
                }
              g_string_append_c (o, ']');
            }
          g_string_append_c (o, '}');
        }
      g_string_append (o, "]}");
    }
  g_string_append (o, "]}\n");
}

/* ------------------------------------------------------------------ text */

#define RED "\033[31m"
#define GREEN "\033[32m"
#define CYAN "\033[36m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static void
pages_text (GString *o, const char *which, const guint p[2])
{
  if (p[0] == 0)
    return;
  if (p[0] == p[1])
    g_string_append_printf (o, " %s p. %u", which, p[0]);
  else
    g_string_append_printf (o, " %s pp. %u-%u", which, p[0], p[1]);
}

/* @text without its trailing blanks. */
static void
append_trimmed (GString *o, const char *text)
{
  gsize n = strlen (text);

  while (n && g_ascii_isspace (text[n - 1]))
    n--;
  g_string_append_len (o, text, n);
}

static void
summary_line (const FolioDiff *d, GString *o)
{
  const FolioDiffSummary *s = &d->summary;

  g_string_append_printf (o, "%u section%s changed (%u modified, %u added, %u removed, %u moved, %u renamed",
                          d->sections->len, d->sections->len == 1 ? "" : "s", s->sections_modified,
                          s->sections_added, s->sections_removed, s->sections_moved, s->sections_renamed);
  if (s->sections_split || s->sections_merged)
    g_string_append_printf (o, ", %u split, %u merged", s->sections_split, s->sections_merged);
  g_string_append_printf (o, "), %u unchanged; blocks: %u modified, %u added, %u removed; words: +%u -%u\n",
                          s->sections_unchanged, s->blocks_modified, s->blocks_added, s->blocks_removed,
                          s->words_inserted, s->words_deleted);
}

void
folio_diff_print_text (const FolioDiff *d, gboolean color, gboolean stat_only, GString *o)
{
  const char *red = color ? RED : "", *green = color ? GREEN : "", *cyan = color ? CYAN : "";
  const char *bold = color ? BOLD : "", *reset = color ? RESET : "";

  g_string_append_printf (o, "%s--- %s (%u pages)%s\n", bold, d->old_source, d->old_page_count, reset);
  g_string_append_printf (o, "%s+++ %s (%u pages)%s\n", bold, d->new_source, d->new_page_count, reset);
  for (guint i = 0; i < d->metadata->len; i++)
    {
      const FolioMetaChange *m = g_ptr_array_index (d->metadata, i);

      g_string_append_printf (o, "metadata %s: %s%s%s -> %s%s%s\n", m->name, red,
                              m->old_value ? m->old_value : "(none)", reset, green,
                              m->new_value ? m->new_value : "(none)", reset);
    }
  summary_line (d, o);
  if (stat_only)
    return;

  for (guint i = 0; i < d->sections->len; i++)
    {
      const FolioSectionDiff *s = g_ptr_array_index (d->sections, i);
      g_autoptr (GString) what = g_string_new (NULL);

      if (s->added)
        g_string_append (what, "added");
      if (s->removed)
        g_string_append (what, "removed");
      if (s->split_into->len)
        g_string_append_printf (what, "split into %u sections", s->split_into->len);
      if (s->merged_from->len)
        g_string_append_printf (what, "merged from %u sections", s->merged_from->len);
      if (s->renamed)
        g_string_append_printf (what, "%srenamed from \"%s\"", what->len ? ", " : "",
                                s->old_heading ? s->old_heading : "(none)");
      if (s->moved)
        g_string_append_printf (what, "%smoved", what->len ? ", " : "");
      if (s->modified)
        g_string_append_printf (what, "%smodified", what->len ? ", " : "");
      g_string_append_printf (o, "\n%s@@ %s @@ %s", cyan, s->new_path ? s->new_path : s->old_path, what->str);
      pages_text (o, "old", s->old_pages);
      pages_text (o, "new", s->new_pages);
      g_string_append_printf (o, "%s\n", reset);

      for (guint k = 0; k < s->hunks->len; k++)
        {
          const FolioHunk *h = g_ptr_array_index (s->hunks, k);

          if (h->kind == FOLIO_HUNK_REMOVED)
            g_string_append_printf (o, "%s-%s%s\n", red, h->old_text, reset);
          else if (h->kind == FOLIO_HUNK_ADDED)
            g_string_append_printf (o, "%s+%s%s\n", green, h->new_text, reset);
          else
            {
              /* One line with the changes marked inline, git --word-diff style. */
              g_string_append_c (o, '~');
              for (guint w = 0; w < h->words->len; w++)
                {
                  const FolioWordOp *op = g_ptr_array_index (h->words, w);

                  if (op->kind == FOLIO_WORD_SAME)
                    g_string_append (o, op->text);
                  else
                    {
                      gboolean del = op->kind == FOLIO_WORD_DELETED;

                      g_string_append_printf (o, "%s%s", del ? red : green, del ? "[-" : "{+");
                      append_trimmed (o, op->text);
                      g_string_append_printf (o, "%s%s ", del ? "-]" : "+}", reset);
                    }
                }
              g_string_append_c (o, '\n');
            }
        }
    }
}
