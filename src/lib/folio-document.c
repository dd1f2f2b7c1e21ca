#include "folio/folio-document.h"
#include "folio-document-private.h"

#include <string.h>

const char *
folio_media_type_to_string (FolioMediaType type)
{
  return type == FOLIO_MEDIA_PDF ? "application/pdf" : "text/plain";
}

static const char *const role_names[] = {
  [FOLIO_ROLE_BODY] = "body",
  [FOLIO_ROLE_HEADER] = "header",
  [FOLIO_ROLE_FOOTER] = "footer",
  [FOLIO_ROLE_PAGE_NUMBER] = "page-number",
  [FOLIO_ROLE_MARGIN] = "margin",
};

const char *
folio_role_to_string (FolioRole role)
{
  return (guint) role < G_N_ELEMENTS (role_names) ? role_names[role] : "body";
}

gboolean
folio_role_from_string (const char *name, FolioRole *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (name, role_names[i]) == 0)
      {
        *role = (FolioRole) i;
        return TRUE;
      }
  return FALSE;
}

static const char *const block_names[] = {
  [FOLIO_BLOCK_HEADING] = "heading",
  [FOLIO_BLOCK_PARAGRAPH] = "paragraph",
  [FOLIO_BLOCK_LIST_ITEM] = "list-item",
  [FOLIO_BLOCK_FOOTNOTE] = "footnote",
  [FOLIO_BLOCK_CAPTION] = "caption",
  [FOLIO_BLOCK_TABLE] = "table",
  [FOLIO_BLOCK_FIELDS] = "fields",
};

const char *
folio_block_type_to_string (FolioBlockType type)
{
  return (guint) type < G_N_ELEMENTS (block_names) ? block_names[type] : "paragraph";
}

gboolean
folio_block_type_from_string (const char *name, FolioBlockType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (block_names); i++)
    if (g_strcmp0 (name, block_names[i]) == 0)
      {
        *type = (FolioBlockType) i;
        return TRUE;
      }
  return FALSE;
}

FolioBlock *
folio_block_new (FolioBlockType type)
{
  FolioBlock *block = g_new0 (FolioBlock, 1);

  block->type = type;
  return block;
}

void
folio_block_add_box (FolioBlock *block, const FolioBox *box)
{
  /* Made at the first: convert's blocks have none, and an empty array
   * for each was 1.6 MB of refman.pdf's peak. */
  if (block->boxes == NULL)
    block->boxes = g_array_new (FALSE, FALSE, sizeof (FolioBox));
  g_array_append_vals (block->boxes, box, 1);
}

void
folio_block_free (FolioBlock *block)
{
  if (block == NULL)
    return;
  g_free (block->text);
  if (block->boxes)
    g_array_unref (block->boxes);
  g_free (block->number);
  g_free (block->evidence);
  g_free (block->marker);
  if (block->rows)
    g_ptr_array_unref (block->rows);
  if (block->spans)
    g_ptr_array_unref (block->spans);
  if (block->fields)
    g_ptr_array_unref (block->fields);
  g_free (block);
}

void
folio_block_add_row (FolioBlock *block, char **cells)
{
  folio_block_add_row_spans (block, cells, NULL);
}

static void
free_spans (GArray *spans)
{
  if (spans)
    g_array_unref (spans);
}

void
folio_block_add_row_spans (FolioBlock *block, char **cells, const guint *spans)
{
  guint n = g_strv_length (cells);
  gboolean wide = FALSE;

  if (block->rows == NULL)
    block->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint k = 0; spans && k < n; k++)
    wide = wide || spans[k] > 1;
  /* Rows of single cells cost nothing until some cell spans more. */
  if (wide && block->spans == NULL)
    {
      block->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) free_spans);
      g_ptr_array_set_size (block->spans, block->rows->len);
    }
  if (block->spans)
    {
      GArray *a = NULL;

      if (wide)
        {
          a = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
          for (guint k = 0; k < n; k++)
            {
              guint v = MAX (spans[k], 1);

              g_array_append_val (a, v);
            }
        }
      g_ptr_array_add (block->spans, a);
    }
  g_ptr_array_add (block->rows, cells);
}

guint
folio_block_cell_span (const FolioBlock *block, guint r, guint k)
{
  GArray *a;

  if (block->spans == NULL || r >= block->spans->len)
    return 1;
  a = g_ptr_array_index (block->spans, r);
  return a != NULL && k < a->len ? g_array_index (a, guint, k) : 1;
}

guint
folio_block_row_width (const FolioBlock *block, guint r)
{
  char **cells = g_ptr_array_index (block->rows, r);
  guint w = 0;

  for (guint k = 0; cells[k]; k++)
    w += folio_block_cell_span (block, r, k);
  return w;
}

void
folio_block_add_field (FolioBlock *block, const char *name, const char *value)
{
  if (block->fields == NULL)
    block->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_field_free);
  g_ptr_array_add (block->fields, folio_field_new (name, value));
}

gboolean
folio_document_has_stage (const FolioDocument *doc, const char *stage)
{
  for (guint i = 0; i < doc->stages->len; i++)
    if (strcmp (g_ptr_array_index (doc->stages, i), stage) == 0)
      return TRUE;
  return FALSE;
}

void
folio_document_add_stage (FolioDocument *doc, const char *stage)
{
  if (!folio_document_has_stage (doc, stage))
    g_ptr_array_add (doc->stages, g_strdup (stage));
}

FolioField *
folio_field_new (const char *name, const char *value)
{
  FolioField *field = g_new0 (FolioField, 1);

  field->name = g_strdup (name);
  field->value = g_strdup (value);
  return field;
}

void
folio_field_free (FolioField *field)
{
  if (field == NULL)
    return;
  g_free (field->name);
  g_free (field->value);
  g_free (field);
}

const char *
folio_document_get_field (const FolioDocument *doc, const char *name)
{
  for (guint i = 0; i < doc->metadata->len; i++)
    {
      const FolioField *f = g_ptr_array_index (doc->metadata, i);

      if (strcmp (f->name, name) == 0)
        return f->value;
    }
  return NULL;
}

FolioLine *
folio_line_new (guint page, const char *text)
{
  return folio_line_new_full (page, text, -1, NULL, 0);
}

/* [FolioLine][segments][text]: one malloc, one free, and no chunk
 * headers or rounding but the one; the segments and the text are found
 * from the struct (folio_line_segments(), folio_line_text()), which is a
 * multiple of 8 bytes, as are the segments. */
G_STATIC_ASSERT (sizeof (FolioLine) % 8 == 0);
#if GLIB_SIZEOF_VOID_P == 8
/* what a long document keeps of a line besides its text (see FolioLine) */
G_STATIC_ASSERT (sizeof (FolioLine) == 48);
G_STATIC_ASSERT (sizeof (FolioSegment) == 24);
#endif
G_STATIC_ASSERT (sizeof (FolioSegment) % G_ALIGNOF (FolioSegment) == 0);
G_STATIC_ASSERT (G_ALIGNOF (FolioLine) >= G_ALIGNOF (FolioSegment));

FolioLine *
folio_line_new_full (guint page, const char *text, gssize len, const FolioSegment *segments,
                     guint n_segments)
{
  gsize n = text == NULL ? 0 : len < 0 ? strlen (text) : (gsize) len;
  gsize seg_bytes;
  FolioLine *line;
  char *at;

  if (segments == NULL || n_segments > FOLIO_LINE_MAX_SEGMENTS)
    n_segments = 0;
  seg_bytes = n_segments * sizeof (FolioSegment);
  /* (a line's bytes are bounded far below, by folio's limits on a line
   * and on a document's size) */
  line = g_malloc (sizeof (FolioLine) + seg_bytes + n + 1);
  at = (char *) (line + 1);
  /* the other fields zero by assignment: cheaper than g_new0's calloc(),
   * and a PDF makes tens of thousands of lines */
  *line = (FolioLine) { .page = page, .n_segments = n_segments };
  if (seg_bytes > 0)
    memcpy (at, segments, seg_bytes);
  at += seg_bytes;
  if (n > 0)
    memcpy (at, text, n);
  at[n] = '\0';
  return line;
}

void
folio_line_free (FolioLine *line)
{
  if (line == NULL)
    return;
  folio_line_unmark (line);
  if (!line->in_block)
    g_free (line);
}

FolioMark *
folio_line_mark (FolioLine *line)
{
  if (line->mark == NULL)
    line->mark = g_new0 (FolioMark, 1);
  return line->mark;
}

void
folio_line_unmark (FolioLine *line)
{
  FolioMark *m = g_steal_pointer (&line->mark);

  if (m == NULL)
    return;
  g_free (m->rule);
  g_free (m->why);
  g_free (m->number);
  g_free (m->total);
  g_free (m);
}

/* ----------------------------------------------- a page's lines in a block */

/* [FolioLine][segments][text], each line from a multiple of 8 bytes */
static gsize
block_entry_size (gsize text_len, guint n_segments)
{
  return (sizeof (FolioLine) + n_segments * sizeof (FolioSegment) + text_len + 1 + 7) & ~(gsize) 7;
}

void
folio_line_block_clear (FolioLineBlock *b)
{
  g_clear_pointer (&b->buf, g_free);
  g_clear_pointer (&b->offsets, g_array_unref);
  b->len = b->size = 0;
}

FolioLine *
folio_line_block_add (FolioLineBlock *b, guint page, const char *text, gsize len,
                      const FolioSegment *segments, guint n_segments)
{
  gsize need, off = b->len;
  FolioLine *line;
  char *at;

  if (segments == NULL || n_segments > FOLIO_LINE_MAX_SEGMENTS)
    n_segments = 0;
  need = block_entry_size (len, n_segments);
  if (b->offsets == NULL)
    b->offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  if (b->size - b->len < need)
    {
      b->size = MAX (MAX (b->size * 2, 16 * 1024), b->len + need);
      b->buf = g_realloc (b->buf, b->size);
    }
  b->len += need;
  g_array_append_val (b->offsets, off);
  line = (FolioLine *) (b->buf + off);
  at = (char *) (line + 1);
  *line = (FolioLine) { .page = page, .n_segments = n_segments, .in_block = TRUE };
  if (n_segments > 0)
    memcpy (at, segments, n_segments * sizeof (FolioSegment));
  at += n_segments * sizeof (FolioSegment);
  if (len > 0)
    memcpy (at, text, len);
  at[len] = '\0';
  return line;
}

void
folio_page_take_lines (FolioPage *page, FolioLineBlock *b)
{
  guint n = b->offsets ? b->offsets->len : 0;
  char *block;

  if (n == 0)
    return;
  g_assert (page->lines_block == NULL);
  /* a block of its own size: the builder's room stays for the next page */
  block = page->lines_block = g_memdup2 (b->buf, b->len);
  if (page->lines->len == 0)
    {
      /* room for them all at once */
      g_ptr_array_set_size (page->lines, n);
      g_ptr_array_set_size (page->lines, 0);
    }
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (page->lines, block + g_array_index (b->offsets, gsize, i));
  b->len = 0;
  g_array_set_size (b->offsets, 0);
}

FolioPage *
folio_page_new (guint index)
{
  FolioPage *page = g_new0 (FolioPage, 1);

  page->index = index;
  page->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_line_free);
  return page;
}

void
folio_page_free (FolioPage *page)
{
  if (page == NULL)
    return;
  g_free (page->label);
  g_free (page->printed);
  g_free (page->skipped);
  g_ptr_array_unref (page->lines);
  g_free (page->lines_block);
  g_free (page);
}

FolioOutlineEntry *
folio_outline_entry_new (const char *title, guint level, guint page)
{
  FolioOutlineEntry *entry = g_new0 (FolioOutlineEntry, 1);

  entry->title = g_strdup (title ? title : "");
  entry->level = level;
  entry->page = page;
  return entry;
}

void
folio_outline_entry_free (FolioOutlineEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->title);
  g_free (entry);
}

FolioDocument *
folio_document_new (void)
{
  FolioDocument *doc = g_new0 (FolioDocument, 1);

  doc->outline = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_outline_entry_free);
  doc->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_page_free);
  doc->metadata = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_field_free);
  doc->stages = g_ptr_array_new_with_free_func (g_free);
  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_block_free);
  return doc;
}

static void
pdf_info_clear (FolioPdfInfo *info)
{
  g_free (info->title);
  g_free (info->author);
  g_free (info->subject);
  g_free (info->keywords);
  g_free (info->creator);
  g_free (info->producer);
  g_free (info->created);
  g_free (info->modified);
  g_free (info->pdf_version);
}

void
folio_document_free (FolioDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->source);
  g_free (doc->sha256);
  g_free (doc->encoding);
  pdf_info_clear (&doc->info);
  g_ptr_array_unref (doc->outline);
  g_ptr_array_unref (doc->pages);
  g_ptr_array_unref (doc->metadata);
  g_ptr_array_unref (doc->stages);
  g_ptr_array_unref (doc->blocks);
  g_free (doc->metadata_source);
  g_free (doc);
}

FolioDocument *
folio_document_copy_header (const FolioDocument *doc)
{
  FolioDocument *copy = folio_document_new ();
  const FolioPdfInfo *i = &doc->info;

  copy->source = g_strdup (doc->source);
  copy->sha256 = g_strdup (doc->sha256);
  copy->size = doc->size;
  copy->media_type = doc->media_type;
  copy->page_count = doc->page_count;
  copy->first_page = doc->first_page;
  copy->last_page = doc->last_page;
  copy->encrypted = doc->encrypted;
  copy->encoding = g_strdup (doc->encoding);
  copy->info = (FolioPdfInfo) {
    g_strdup (i->title), g_strdup (i->author), g_strdup (i->subject), g_strdup (i->keywords),
    g_strdup (i->creator), g_strdup (i->producer), g_strdup (i->created), g_strdup (i->modified),
    g_strdup (i->pdf_version),
  };
  for (guint k = 0; k < doc->outline->len; k++)
    {
      const FolioOutlineEntry *e = g_ptr_array_index (doc->outline, k);

      g_ptr_array_add (copy->outline, folio_outline_entry_new (e->title, e->level, e->page));
    }
  copy->outline_truncated = doc->outline_truncated;
  for (guint k = 0; k < doc->metadata->len; k++)
    {
      const FolioField *f = g_ptr_array_index (doc->metadata, k);

      g_ptr_array_add (copy->metadata, folio_field_new (f->name, f->value));
    }
  copy->metadata_source = g_strdup (doc->metadata_source);
  for (guint k = 0; k < doc->stages->len; k++)
    g_ptr_array_add (copy->stages, g_strdup (g_ptr_array_index (doc->stages, k)));
  return copy;
}

guint
folio_document_count_lines (const FolioDocument *doc)
{
  guint n = 0;

  for (guint i = 0; i < doc->pages->len; i++)
    n += ((FolioPage *) g_ptr_array_index (doc->pages, i))->lines->len;
  return n;
}
