/* Emit: the section tree, ids from content, and the document JSON. */
#include "folio/folio-emit.h"
#include "folio/folio-error.h"
#include "folio/folio-version.h"
#include "folio-json-private.h"

#include <string.h>

typedef struct _Section Section;
struct _Section {
  const FolioBlock *heading;  /* NULL for text before the first heading */
  guint level;
  char *id;
  guint first_page, last_page;
  GPtrArray *blocks;          /* (element-type FolioBlock) not owned */
  GPtrArray *children;        /* (element-type Section) owned */
};

static Section *
section_new (const FolioBlock *heading, guint level)
{
  Section *s = g_new0 (Section, 1);

  s->heading = heading;
  s->level = level;
  s->blocks = g_ptr_array_new ();
  s->children = g_ptr_array_new ();
  return s;
}

static void
section_free (Section *s)
{
  for (guint i = 0; i < s->children->len; i++)
    section_free (g_ptr_array_index (s->children, i));
  g_ptr_array_unref (s->children);
  g_ptr_array_unref (s->blocks);
  g_free (s->id);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Section, section_free)

static void
widen (Section *s, guint first, guint last)
{
  if (first == 0)
    return;
  if (s->first_page == 0 || first < s->first_page)
    s->first_page = first;
  s->last_page = MAX (s->last_page, last);
}

/* The tree: a heading opens a section under the nearest one above it of a
 * lower level. */
static Section *
build_tree (const FolioDocument *doc)
{
  Section *root = section_new (NULL, 0);
  g_autoptr (GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, root);
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const FolioBlock *b = g_ptr_array_index (doc->blocks, i);
      Section *top = g_ptr_array_index (stack, stack->len - 1);

      if (b->type == FOLIO_BLOCK_HEADING)
        {
          Section *s;

          while (stack->len > 1
                 && (top->heading == NULL || top->level >= b->level))
            {
              g_ptr_array_set_size (stack, stack->len - 1);
              top = g_ptr_array_index (stack, stack->len - 1);
            }
          s = section_new (b, b->level);
          widen (s, b->first_page, b->last_page);
          g_ptr_array_add (top->children, s);
          g_ptr_array_add (stack, s);
          continue;
        }
      if (top == root)
        {
          Section *front = section_new (NULL, 0);

          g_ptr_array_add (root->children, front);
          g_ptr_array_add (stack, front);
          top = front;
        }
      g_ptr_array_add (top->blocks, (gpointer) b);
      widen (top, b->first_page, b->last_page);
    }
  return root;
}

/* "Europese Unie (EU)" -> "europese-unie-eu" */
static char *
slug (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *out = g_string_new (NULL);

  for (const char *c = ascii; *c && out->len < 60; c++)
    {
      if (g_ascii_isalnum (*c))
        g_string_append_c (out, g_ascii_tolower (*c));
      else if (out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);
  if (out->len == 0)
    g_string_append (out, "section");
  return g_string_free (out, FALSE);
}

static void
assign_ids (Section *s, const char *parent, GHashTable *used)
{
  for (guint i = 0; i < s->children->len; i++)
    {
      Section *c = g_ptr_array_index (s->children, i);
      g_autofree char *own = c->heading ? slug (c->heading->text) : g_strdup ("front");
      g_autofree char *base = parent ? g_strconcat (parent, "/", own, NULL) : g_strdup (own);
      char *id = g_strdup (base);

      /* The same heading twice at one place: an ordinal tells them apart. */
      for (guint n = 2; g_hash_table_contains (used, id); n++)
        {
          g_free (id);
          id = g_strdup_printf ("%s-%u", base, n);
        }
      g_hash_table_add (used, id);
      c->id = g_strdup (id);
      assign_ids (c, c->id, used);
      widen (s, c->first_page, c->last_page);
    }
}

/* ------------------------------------------------------------------ JSON */

static void
key (GString *o, const char *k, gboolean *first)
{
  folio_json_key (o, k, *first);
  *first = FALSE;
}

static void
opt_str (GString *o, const char *k, const char *v, gboolean *first)
{
  if (v == NULL)
    return;
  key (o, k, first);
  folio_json_string (o, v);
}

static void
pages_pair (GString *o, guint a, guint b)
{
  g_string_append_c (o, '[');
  folio_json_uint (o, a);
  g_string_append_c (o, ',');
  folio_json_uint (o, b);
  g_string_append_c (o, ']');
}

static void
write_source (GString *o, const FolioDocument *doc)
{
  gboolean first = TRUE;
  const FolioPdfInfo *info = &doc->info;

  g_string_append_c (o, '{');
  opt_str (o, "path", doc->source, &first);
  opt_str (o, "sha256", doc->sha256, &first);
  key (o, "size", &first);
  folio_json_uint (o, doc->size);
  opt_str (o, "media_type", folio_media_type_to_string (doc->media_type), &first);
  opt_str (o, "encoding", doc->encoding, &first);
  key (o, "page_count", &first);
  folio_json_uint (o, doc->page_count);
  key (o, "first_page", &first);
  folio_json_uint (o, doc->first_page);
  key (o, "last_page", &first);
  folio_json_uint (o, doc->last_page);
  if (doc->media_type == FOLIO_MEDIA_PDF)
    {
      gboolean f2 = TRUE;

      key (o, "encrypted", &first);
      folio_json_bool (o, doc->encrypted);
      key (o, "info", &first);
      g_string_append_c (o, '{');
      opt_str (o, "title", info->title, &f2);
      opt_str (o, "author", info->author, &f2);
      opt_str (o, "subject", info->subject, &f2);
      opt_str (o, "keywords", info->keywords, &f2);
      opt_str (o, "creator", info->creator, &f2);
      opt_str (o, "producer", info->producer, &f2);
      opt_str (o, "created", info->created, &f2);
      opt_str (o, "modified", info->modified, &f2);
      opt_str (o, "pdf_version", info->pdf_version, &f2);
      g_string_append_c (o, '}');
      key (o, "outline", &first);
      g_string_append_c (o, '[');
      for (guint i = 0; i < doc->outline->len; i++)
        {
          const FolioOutlineEntry *e = g_ptr_array_index (doc->outline, i);

          if (i)
            g_string_append_c (o, ',');
          folio_json_literal (o, "{\"title\":");
          folio_json_string (o, e->title);
          folio_json_literal (o, ",\"level\":");
          folio_json_uint (o, e->level);
          folio_json_literal (o, ",\"page\":");
          if (e->page)
            folio_json_uint (o, e->page);
          else
            folio_json_literal (o, "null");
          g_string_append_c (o, '}');
        }
      g_string_append_c (o, ']');
      if (doc->outline_truncated)
        {
          key (o, "outline_truncated", &first);
          folio_json_bool (o, TRUE);
        }
    }
  g_string_append_c (o, '}');
}

static void
write_metadata (GString *o, const FolioDocument *doc)
{
  gboolean first = TRUE;

  g_string_append_c (o, '{');
  for (guint i = 0; i < doc->metadata->len; i++)
    {
      const FolioField *f = g_ptr_array_index (doc->metadata, i);

      /* "from" is ours: the running head the fields came from. */
      if (strcmp (f->name, "from") != 0)
        opt_str (o, f->name, f->value, &first);
    }
  opt_str (o, "from", doc->metadata_source, &first);
  g_string_append_c (o, '}');
}

static void
write_pages (GString *o, const FolioDocument *doc)
{
  g_string_append_c (o, '[');
  for (guint i = 0; i < doc->pages->len; i++)
    {
      const FolioPage *p = g_ptr_array_index (doc->pages, i);
      gboolean first = TRUE;

      if (i)
        g_string_append_c (o, ',');
      g_string_append_c (o, '{');
      key (o, "index", &first);
      folio_json_uint (o, p->index);
      opt_str (o, "label", p->label, &first);
      opt_str (o, "printed", p->printed, &first);
      opt_str (o, "skipped", p->skipped, &first);
      if (p->width > 0)
        {
          key (o, "width", &first);
          folio_json_number (o, p->width);
          key (o, "height", &first);
          folio_json_number (o, p->height);
        }
      g_string_append_c (o, '}');
    }
  g_string_append_c (o, ']');
}

/* "@v|@rule|" then @text's template, numbers as '#' (the lines of one
 * template share it), onto @out: a group's hash key, made without printf
 * or an allocation for each line.  Returns where the template starts. */
static gsize
append_furniture_key (GString *out, int v, const char *rule, const char *text)
{
  char num[16], *e = num + sizeof num;
  guint u = v < 0 ? 0u - (guint) v : (guint) v;
  gsize at;

  do
    *--e = (char) ('0' + u % 10);
  while (u /= 10);
  if (v < 0)
    *--e = '-';
  g_string_append_len (out, e, num + sizeof num - e);
  g_string_append_c (out, '|');
  g_string_append (out, rule);
  g_string_append_c (out, '|');
  at = out->len;
  for (const char *c = text; *c; c++)
    {
      if (g_ascii_isdigit (*c))
        {
          if (out->str[out->len - 1] != '#')
            g_string_append_c (out, '#');
        }
      else
        g_string_append_c (out, *c);
    }
  return at;
}

typedef struct {
  const FolioLine *first;
  char *template;
  GArray *pages;  /* guint */
} FurnitureGroup;

static void
furniture_group_free (FurnitureGroup *g)
{
  g_free (g->template);
  g_array_unref (g->pages);
  g_free (g);
}

/* What strip took out, grouped by role, rule and template, with the runs
 * of pages each was on. */
static void
write_furniture (GString *o, const FolioDocument *doc)
{
  g_autoptr (GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) furniture_group_free);
  g_autoptr (GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GString) group_key = g_string_new (NULL);

  for (guint i = 0; i < doc->pages->len; i++)
    {
      const FolioPage *p = g_ptr_array_index (doc->pages, i);

      for (guint j = 0; j < p->lines->len; j++)
        {
          const FolioLine *l = g_ptr_array_index (p->lines, j);
          const char *rule = folio_line_rule (l) ? folio_line_rule (l) : "";
          FurnitureGroup *g;
          gsize template_at;

          if (l->role == FOLIO_ROLE_BODY)
            continue;
          g_string_truncate (group_key, 0);
          template_at = append_furniture_key (group_key, (int) l->role, rule, folio_line_text (l));
          g = g_hash_table_lookup (by_key, group_key->str);
          if (g == NULL)
            {
              g = g_new0 (FurnitureGroup, 1);
              g->first = l;
              g->template = g_strdup (group_key->str + template_at);
              g->pages = g_array_new (FALSE, FALSE, sizeof (guint));
              g_ptr_array_add (groups, g);
              g_hash_table_insert (by_key, g_strdup (group_key->str), g);
            }
          if (g->pages->len == 0 || g_array_index (g->pages, guint, g->pages->len - 1) != p->index)
            g_array_append_val (g->pages, p->index);
        }
    }
  g_string_append_c (o, '[');
  for (guint i = 0; i < groups->len; i++)
    {
      FurnitureGroup *g = g_ptr_array_index (groups, i);
      gboolean first = TRUE;

      if (i)
        g_string_append_c (o, ',');
      g_string_append_c (o, '{');
      opt_str (o, "role", folio_role_to_string (g->first->role), &first);
      opt_str (o, "rule", folio_line_rule (g->first), &first);
      opt_str (o, "template", g->template, &first);
      opt_str (o, "text", folio_line_text (g->first), &first);
      key (o, "pages", &first);
      g_string_append_c (o, '[');
      for (guint k = 0; k < g->pages->len;)
        {
          guint a = g_array_index (g->pages, guint, k), b = a;

          while (k + 1 < g->pages->len && g_array_index (g->pages, guint, k + 1) == b + 1)
            b = g_array_index (g->pages, guint, ++k);
          k++;
          if (o->str[o->len - 1] != '[')
            g_string_append_c (o, ',');
          pages_pair (o, a, b);
        }
      folio_json_literal (o, "]}");
    }
  g_string_append_c (o, ']');
}

/* "europese-unie-eu#p1": the section's id, then each kind of block
 * counted apart: p paragraphs, l list items, f footnotes, c captions,
 * t tables, d fields.  @n counts per block type; the block's ordinal
 * among its kind is returned. */
static guint
block_nth (const FolioBlock *b, guint *n)
{
  guint t = (guint) b->type <= FOLIO_BLOCK_FIELDS ? (guint) b->type : FOLIO_BLOCK_PARAGRAPH;

  return ++n[t];
}

/* The id of @b, the @nth of its kind in the section @section, onto @out
 * (not printf: one for every block). */
static void
append_block_id (GString *out, const char *section, const FolioBlock *b, guint nth)
{
  static const char letter[] = { [FOLIO_BLOCK_HEADING] = 'h', [FOLIO_BLOCK_PARAGRAPH] = 'p',
                                 [FOLIO_BLOCK_LIST_ITEM] = 'l', [FOLIO_BLOCK_FOOTNOTE] = 'f',
                                 [FOLIO_BLOCK_CAPTION] = 'c', [FOLIO_BLOCK_TABLE] = 't',
                                 [FOLIO_BLOCK_FIELDS] = 'd' };
  guint t = (guint) b->type < G_N_ELEMENTS (letter) ? (guint) b->type : FOLIO_BLOCK_PARAGRAPH;

  g_string_append (out, section);
  g_string_append_c (out, '#');
  g_string_append_c (out, letter[t]);
  folio_json_uint (out, nth);
}

static char *
block_id (const Section *s, const FolioBlock *b, guint *n)
{
  GString *id = g_string_sized_new (strlen (s->id) + 16);

  append_block_id (id, s->id, b, block_nth (b, n));
  return g_string_free (id, FALSE);
}

/* The table a caption describes: the nearest table in its section, the
 * one after it first ("Tabel 2" above its table), on the same page or the
 * next; its index in the section, or G_MAXUINT. */
static guint
captioned (const Section *s, guint i)
{
  const FolioBlock *c = g_ptr_array_index (s->blocks, i);

  for (guint k = i + 1; k < s->blocks->len && k <= i + 2; k++)
    {
      const FolioBlock *b = g_ptr_array_index (s->blocks, k);

      if (b->type == FOLIO_BLOCK_TABLE && b->first_page <= c->last_page + 1)
        return k;
    }
  for (guint k = i; k-- > 0 && k + 2 >= i;)
    {
      const FolioBlock *b = g_ptr_array_index (s->blocks, k);

      if (b->type == FOLIO_BLOCK_TABLE && b->last_page + 1 >= c->first_page)
        return k;
    }
  return G_MAXUINT;
}

static void
write_rows (GString *o, const FolioBlock *b, gboolean *first)
{
  key (o, "rows", first);
  g_string_append_c (o, '[');
  for (guint r = 0; r < b->rows->len; r++)
    {
      char **cells = g_ptr_array_index (b->rows, r);

      if (r)
        g_string_append_c (o, ',');
      folio_json_literal (o, "{\"header\":");
      folio_json_bool (o, r < b->header_rows);
      folio_json_literal (o, ",\"cells\":[");
      for (guint k = 0; cells[k]; k++)
        {
          if (k)
            g_string_append_c (o, ',');
          folio_json_literal (o, "{\"text\":");
          folio_json_string (o, cells[k]);
          folio_json_literal (o, ",\"span\":");
          folio_json_uint (o, folio_block_cell_span (b, r, k));
          g_string_append_c (o, '}');
        }
      folio_json_literal (o, "]}");
    }
  g_string_append_c (o, ']');
}

static void
write_fields (GString *o, const FolioBlock *b, gboolean *first)
{
  key (o, "fields", first);
  g_string_append_c (o, '[');
  for (guint k = 0; k < b->fields->len; k++)
    {
      const FolioField *f = g_ptr_array_index (b->fields, k);

      if (k)
        g_string_append_c (o, ',');
      folio_json_literal (o, "{\"label\":");
      folio_json_string (o, f->name);
      folio_json_literal (o, ",\"value\":");
      folio_json_string (o, f->value);
      g_string_append_c (o, '}');
    }
  g_string_append_c (o, ']');
}

/* Where the text goes as it is made: with a writer, the buffer is handed
 * on whenever it holds 64 KiB, so a long document is never held whole. */
typedef struct {
  FolioEmitWriteFunc write;  /* (nullable) none: everything stays in the buffer */
  gpointer data;
  GError *error;             /* the writer's first failure; nothing is written after it */
} Sink;

#define SINK_CHUNK (64 * 1024)

/* Hands on what @o holds but its trailing newlines (Markdown trims them at
 * the very end), when there is enough of it or @all. */
static void
sink_spill (Sink *sink, GString *o, gboolean all)
{
  gsize n = o->len;

  if (sink == NULL || sink->write == NULL || (!all && n < SINK_CHUNK))
    return;
  if (!all)
    while (n > 0 && o->str[n - 1] == '\n')
      n--;
  if (sink->error == NULL && n > 0)
    sink->write (o->str, n, sink->data, &sink->error);
  g_string_erase (o, 0, (gssize) n);
}

static void
write_section (GString *o, const Section *s, Sink *sink)
{
  gboolean first = TRUE;
  guint n[FOLIO_BLOCK_FIELDS + 1] = { 0 };
  /* each block's ordinal among its kind, for its id and a caption's */
  g_autofree guint *nth = g_new (guint, s->blocks->len);
  g_autoptr (GString) id = g_string_new (NULL);

  for (guint i = 0; i < s->blocks->len; i++)
    nth[i] = block_nth (g_ptr_array_index (s->blocks, i), n);
  g_string_append_c (o, '{');
  opt_str (o, "id", s->id, &first);
  key (o, "heading", &first);
  if (s->heading)
    folio_json_string (o, s->heading->text);
  else
    folio_json_literal (o, "null");
  key (o, "level", &first);
  folio_json_uint (o, s->level);
  if (s->heading)
    {
      opt_str (o, "number", s->heading->number, &first);
      opt_str (o, "evidence", s->heading->evidence, &first);
    }
  key (o, "pages", &first);
  pages_pair (o, s->first_page, s->last_page);
  key (o, "blocks", &first);
  g_string_append_c (o, '[');
  for (guint i = 0; i < s->blocks->len; i++)
    {
      const FolioBlock *b = g_ptr_array_index (s->blocks, i);
      gboolean f2 = TRUE;
      guint table = b->type == FOLIO_BLOCK_CAPTION ? captioned (s, i) : G_MAXUINT;

      if (i)
        g_string_append_c (o, ',');
      g_string_append_c (o, '{');
      g_string_truncate (id, 0);
      append_block_id (id, s->id, b, nth[i]);
      opt_str (o, "id", id->str, &f2);
      opt_str (o, "type", folio_block_type_to_string (b->type), &f2);
      opt_str (o, b->type == FOLIO_BLOCK_CAPTION ? "label" : "marker", b->marker, &f2);
      if (table != G_MAXUINT)
        {
          g_string_truncate (id, 0);
          append_block_id (id, s->id, g_ptr_array_index (s->blocks, table), nth[table]);
          opt_str (o, "refers_to", id->str, &f2);
        }
      opt_str (o, "text", b->text, &f2);
      if (b->type == FOLIO_BLOCK_TABLE && b->rows != NULL)
        write_rows (o, b, &f2);
      if (b->type == FOLIO_BLOCK_FIELDS && b->fields != NULL)
        write_fields (o, b, &f2);
      key (o, "pages", &f2);
      pages_pair (o, b->first_page, b->last_page);
      if (b->continues)
        {
          key (o, "continues", &f2);
          folio_json_bool (o, TRUE);
        }
      g_string_append_c (o, '}');
      sink_spill (sink, o, FALSE);
    }
  g_string_append_c (o, ']');
  key (o, "sections", &first);
  g_string_append_c (o, '[');
  for (guint i = 0; i < s->children->len; i++)
    {
      if (i)
        g_string_append_c (o, ',');
      write_section (o, g_ptr_array_index (s->children, i), sink);
    }
  folio_json_literal (o, "]}");
}

/* -------------------------------------------------------------- Markdown */

/* A cell as Markdown: pipes escaped. */
static void
markdown_cell (GString *o, const char *text)
{
  g_string_append_c (o, ' ');
  for (const char *c = text; *c; c++)
    {
      if (*c == '|')
        g_string_append_c (o, '\\');
      g_string_append_c (o, *c);
    }
  folio_string_literal (o, " |");
}

/* A pipe table; Markdown needs a head row, so the first row serves when
 * the table has none of its own. */
static void
markdown_table (GString *o, const FolioBlock *b)
{
  guint cols = 0;

  for (guint r = 0; r < b->rows->len; r++)
    cols = MAX (cols, folio_block_row_width (b, r));
  for (guint r = 0; r < b->rows->len; r++)
    {
      char **cells = g_ptr_array_index (b->rows, r);
      guint w = 0;

      /* Markdown has no spans: a spanning cell, then empty ones */
      g_string_append_c (o, '|');
      for (guint k = 0; cells[k]; k++)
        {
          markdown_cell (o, cells[k]);
          for (guint x = 1; x < folio_block_cell_span (b, r, k); x++)
            markdown_cell (o, "");
          w += folio_block_cell_span (b, r, k);
        }
      for (; w < cols; w++)
        markdown_cell (o, "");
      g_string_append_c (o, '\n');
      /* GFM: the delimiter row follows the first row, whatever the head
       * (a head of two rows goes on as the body's first) */
      if (r == 0)
        {
          g_string_append_c (o, '|');
          for (guint k = 0; k < cols; k++)
            folio_string_literal (o, " --- |");
          g_string_append_c (o, '\n');
        }
    }
}

static void
markdown_section (GString *o, const Section *s, Sink *sink)
{
  if (s->heading)
    {
      for (guint i = 0; i < MIN (MAX (s->level, 1), 6); i++)
        g_string_append_c (o, '#');
      g_string_append_printf (o, " %s\n\n", s->heading->text);
    }
  for (guint i = 0; i < s->blocks->len; i++)
    {
      const FolioBlock *b = g_ptr_array_index (s->blocks, i);
      gboolean numbered = b->marker && g_ascii_isdigit (b->marker[0]);

      if (b->type == FOLIO_BLOCK_LIST_ITEM)
        g_string_append_printf (o, "%s %s\n", numbered ? b->marker : "-", b->text);
      else if (b->type == FOLIO_BLOCK_FOOTNOTE)
        g_string_append_printf (o, "[^%s]: %s\n", b->marker ? b->marker : "*", b->text);
      else if (b->type == FOLIO_BLOCK_CAPTION)
        g_string_append_printf (o, "*%s*\n", b->text);
      else if (b->type == FOLIO_BLOCK_TABLE && b->rows != NULL)
        markdown_table (o, b);
      else if (b->type == FOLIO_BLOCK_FIELDS && b->fields != NULL)
        for (guint k = 0; k < b->fields->len; k++)
          {
            const FolioField *f = g_ptr_array_index (b->fields, k);

            g_string_append_printf (o, "**%s:** %s%s\n", f->name, f->value, k + 1 < b->fields->len ? "  " : "");
          }
      else
        g_string_append_printf (o, "%s\n", b->text);
      /* Items of one list stay together; everything else is a paragraph. */
      if (!(b->type == FOLIO_BLOCK_LIST_ITEM && i + 1 < s->blocks->len
            && ((const FolioBlock *) g_ptr_array_index (s->blocks, i + 1))->type == FOLIO_BLOCK_LIST_ITEM))
        g_string_append_c (o, '\n');
      sink_spill (sink, o, FALSE);
    }
  for (guint i = 0; i < s->children->len; i++)
    markdown_section (o, g_ptr_array_index (s->children, i), sink);
}

static void
collect_ids (const Section *s, GHashTable *ids)
{
  guint n[FOLIO_BLOCK_FIELDS + 1] = { 0 };

  if (s->heading)
    g_hash_table_insert (ids, (gpointer) s->heading, g_strdup (s->id));
  for (guint i = 0; i < s->blocks->len; i++)
    {
      const FolioBlock *b = g_ptr_array_index (s->blocks, i);

      g_hash_table_insert (ids, (gpointer) b, block_id (s, b, n));
    }
  for (guint i = 0; i < s->children->len; i++)
    collect_ids (g_ptr_array_index (s->children, i), ids);
}

static gboolean
check_segmented (const FolioDocument *doc, GError **error)
{
  if (folio_document_has_stage (doc, "segment"))
    return TRUE;
  g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM,
               "%s: no headings or paragraphs: run folio-segment before folio-emit",
               doc->source ? doc->source : "stream");
  return FALSE;
}

GPtrArray *
folio_emit_block_ids (const FolioDocument *doc, GError **error)
{
  g_autoptr (Section) root = NULL;
  g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) ids = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  GPtrArray *out;

  if (!check_segmented (doc, error))
    return NULL;
  root = build_tree (doc);
  assign_ids (root, NULL, used);
  collect_ids (root, ids);
  out = g_ptr_array_new_full (doc->blocks->len, g_free);
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      gpointer id = NULL;

      g_hash_table_steal_extended (ids, g_ptr_array_index (doc->blocks, i), NULL, &id);
      g_ptr_array_add (out, id);
    }
  return out;
}

static gboolean
emit (const FolioDocument *doc, const FolioEmitOptions *opts, GString *out, Sink *sink, GError **error)
{
  static const FolioEmitOptions defaults = FOLIO_EMIT_OPTIONS_INIT;
  g_autoptr (Section) root = NULL;
  g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (opts == NULL)
    opts = &defaults;
  if (!check_segmented (doc, error))
    return FALSE;
  root = build_tree (doc);
  assign_ids (root, NULL, used);

  if (opts->format == FOLIO_EMIT_MARKDOWN)
    {
      markdown_section (out, root, sink);
      while (out->len >= 2 && out->str[out->len - 1] == '\n' && out->str[out->len - 2] == '\n')
        g_string_truncate (out, out->len - 1);
      return TRUE;
    }

  folio_json_literal (out, "{\"format\":\"" FOLIO_FORMAT_NAME "\",\"format_version\":\"" FOLIO_FORMAT_VERSION
                        "\",\"generator\":\"folio " FOLIO_VERSION "\",\"source\":");
  write_source (out, doc);
  folio_json_literal (out, ",\"metadata\":");
  write_metadata (out, doc);
  folio_json_literal (out, ",\"pages\":");
  write_pages (out, doc);
  folio_json_literal (out, ",\"furniture\":");
  write_furniture (out, doc);
  folio_json_literal (out, ",\"sections\":[");
  for (guint i = 0; i < root->children->len; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      write_section (out, g_ptr_array_index (root->children, i), sink);
    }
  folio_json_literal (out, "]}\n");
  return TRUE;
}

gboolean
folio_emit_run (const FolioDocument *doc, const FolioEmitOptions *opts,
                GString *out, GError **error)
{
  return emit (doc, opts, out, NULL, error);
}

gboolean
folio_emit_write (const FolioDocument *doc, const FolioEmitOptions *opts,
                  FolioEmitWriteFunc write, gpointer data, GError **error)
{
  g_autoptr (GString) out = g_string_sized_new (SINK_CHUNK + 4096);
  Sink sink = { write, data, NULL };

  if (!emit (doc, opts, out, &sink, error))
    return FALSE;
  sink_spill (&sink, out, TRUE);
  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  return TRUE;
}
