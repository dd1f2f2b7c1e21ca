#include "folio/folio-stream.h"
#include "folio/folio-error.h"
#include "folio/folio-version.h"
#include "folio-json-private.h"

#include <gio/gunixinputstream.h>
#include <string.h>

/* ------------------------------------------------------------------ writer */

#define FLUSH_AT (64 * 1024)

struct _FolioStreamWriter {
  GOutputStream *out;
  char *name;
  GString *buf;
  guint64 pages;
  guint64 lines;
  guint64 furniture;
  guint64 blocks;
  gboolean started;
};

FolioStreamWriter *
folio_stream_writer_new (GOutputStream *out, const char *name)
{
  FolioStreamWriter *w = g_new0 (FolioStreamWriter, 1);

  w->out = g_object_ref (out);
  w->name = g_strdup (name ? name : "output");
  w->buf = g_string_sized_new (FLUSH_AT + 4096);
  return w;
}

void
folio_stream_writer_free (FolioStreamWriter *w)
{
  if (w == NULL)
    return;
  g_object_unref (w->out);
  g_free (w->name);
  g_string_free (w->buf, TRUE);
  g_free (w);
}

static gboolean
writer_flush (FolioStreamWriter *w, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (w->buf->len > 0
      && !g_output_stream_write_all (w->out, w->buf->str, w->buf->len, NULL, NULL, &local))
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE,
                   "%s: write failed: %s", w->name, local->message);
      return FALSE;
    }
  g_string_truncate (w->buf, 0);
  return TRUE;
}

static gboolean
writer_end_record (FolioStreamWriter *w, GError **error)
{
  g_string_append (w->buf, "}\n");
  return w->buf->len < FLUSH_AT || writer_flush (w, error);
}

static void
opt_string (GString *b, const char *key, const char *value)
{
  if (value == NULL)
    return;
  folio_json_key (b, key, FALSE);
  folio_json_string (b, value);
}

gboolean
folio_stream_writer_add_document (FolioStreamWriter *w,
                                  const FolioDocument *doc,
                                  GError **error)
{
  GString *b = w->buf;
  const FolioPdfInfo *info = &doc->info;

  g_return_val_if_fail (!w->started, FALSE);
  w->started = TRUE;

  g_string_append (b, "{\"type\":\"document\"");
  opt_string (b, "format", FOLIO_STREAM_FORMAT);
  opt_string (b, "format_version", FOLIO_STREAM_VERSION);
  opt_string (b, "generator", "folio " FOLIO_VERSION);
  opt_string (b, "source", doc->source);
  folio_json_key (b, "stages", FALSE);
  g_string_append_c (b, '[');
  for (guint i = 0; i < doc->stages->len; i++)
    {
      if (i > 0)
        g_string_append_c (b, ',');
      folio_json_string (b, g_ptr_array_index (doc->stages, i));
    }
  g_string_append_c (b, ']');
  opt_string (b, "sha256", doc->sha256);
  folio_json_key (b, "size", FALSE);
  folio_json_uint (b, doc->size);
  opt_string (b, "media_type", folio_media_type_to_string (doc->media_type));
  opt_string (b, "encoding", doc->encoding);
  folio_json_key (b, "page_count", FALSE);
  folio_json_uint (b, doc->page_count);
  folio_json_key (b, "first_page", FALSE);
  folio_json_uint (b, doc->first_page);
  folio_json_key (b, "last_page", FALSE);
  folio_json_uint (b, doc->last_page);
  if (doc->media_type == FOLIO_MEDIA_PDF)
    {
      folio_json_key (b, "encrypted", FALSE);
      folio_json_bool (b, doc->encrypted);
      folio_json_key (b, "info", FALSE);
      g_string_append_c (b, '{');
      /* A key is written only when set; the first one has no comma. */
      {
        const struct { const char *key, *value; } fields[] = {
          { "title", info->title }, { "author", info->author },
          { "subject", info->subject }, { "keywords", info->keywords },
          { "creator", info->creator }, { "producer", info->producer },
          { "created", info->created }, { "modified", info->modified },
          { "pdf_version", info->pdf_version },
        };
        gboolean first = TRUE;

        for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
          if (fields[i].value != NULL)
            {
              folio_json_key (b, fields[i].key, first);
              folio_json_string (b, fields[i].value);
              first = FALSE;
            }
      }
      g_string_append_c (b, '}');
      folio_json_key (b, "outline", FALSE);
      g_string_append_c (b, '[');
      for (guint i = 0; i < doc->outline->len; i++)
        {
          const FolioOutlineEntry *e = g_ptr_array_index (doc->outline, i);

          if (i > 0)
            g_string_append_c (b, ',');
          g_string_append (b, "{\"title\":");
          folio_json_string (b, e->title);
          folio_json_key (b, "level", FALSE);
          folio_json_uint (b, e->level);
          folio_json_key (b, "page", FALSE);
          if (e->page > 0)
            folio_json_uint (b, e->page);
          else
            g_string_append (b, "null");
          g_string_append_c (b, '}');
        }
      g_string_append_c (b, ']');
      if (doc->outline_truncated)
        {
          folio_json_key (b, "outline_truncated", FALSE);
          folio_json_bool (b, TRUE);
        }
    }
  if (!writer_end_record (w, error))
    return FALSE;

  if (doc->metadata->len > 0 || doc->metadata_source != NULL)
    {
      g_string_append (b, "{\"type\":\"metadata\"");
      opt_string (b, "source", doc->metadata_source);
      folio_json_key (b, "fields", FALSE);
      g_string_append_c (b, '{');
      for (guint i = 0; i < doc->metadata->len; i++)
        {
          const FolioField *f = g_ptr_array_index (doc->metadata, i);

          folio_json_key (b, f->name, i == 0);
          folio_json_string (b, f->value);
        }
      g_string_append_c (b, '}');
      return writer_end_record (w, error);
    }
  return TRUE;
}

static void
write_line (GString *b, const FolioLine *line)
{
  gboolean furniture = line->role != FOLIO_ROLE_BODY && !line->kept;

  g_string_append (b, furniture ? "{\"type\":\"furniture\",\"page\":" : "{\"type\":\"line\",\"page\":");
  folio_json_uint (b, line->page);
  if (line->has_geometry)
    {
      /* (the box in hundredths, written as they are) */
      g_string_append (b, ",\"bbox\":");
      for (guint k = 0; k < 4; k++)
        {
          g_string_append_c (b, k ? ',' : '[');
          folio_json_hundredths (b, line->box[k]);
        }
      g_string_append_c (b, ']');
    }
  folio_json_key (b, "text", FALSE);
  folio_json_string (b, folio_line_text (line));
  if (line->has_geometry)
    {
      opt_string (b, "font", line->font);
      folio_json_key (b, "size", FALSE);
      folio_json_number (b, line->size);
      folio_json_key (b, "bold", FALSE);
      folio_json_bool (b, line->bold);
      folio_json_key (b, "italic", FALSE);
      folio_json_bool (b, line->italic);
    }
  if (line->n_segments > 0)
    {
      folio_json_key (b, "segments", FALSE);
      g_string_append_c (b, '[');
      for (guint i = 0; i < line->n_segments; i++)
        {
          const FolioSegment *sg = &folio_line_segments (line)[i];

          g_string_append (b, i ? ",[" : "[");
          folio_json_uint (b, sg->start);
          g_string_append_c (b, ',');
          folio_json_uint (b, sg->end);
          for (guint k = 0; k < 4; k++)
            {
              g_string_append_c (b, ',');
              folio_json_hundredths (b, sg->box[k]);
            }
          g_string_append_c (b, ']');
        }
      g_string_append_c (b, ']');
    }
  if (line->role != FOLIO_ROLE_BODY)
    {
      opt_string (b, "role", folio_role_to_string (line->role));
      opt_string (b, "rule", folio_line_rule (line));
      opt_string (b, "why", folio_line_why (line));
      opt_string (b, "number", folio_line_number (line));
      opt_string (b, "total", folio_line_total (line));
    }
}

gboolean
folio_stream_writer_add_page (FolioStreamWriter *w,
                              const FolioPage *page,
                              GError **error)
{
  GString *b = w->buf;

  g_return_val_if_fail (w->started, FALSE);

  g_string_append (b, "{\"type\":\"page\",\"page\":");
  folio_json_uint (b, page->index);
  if (page->label != NULL)
    opt_string (b, "label", page->label);
  opt_string (b, "printed", page->printed);
  opt_string (b, "skipped", page->skipped);
  if (page->width > 0 || page->height > 0)
    {
      folio_json_key (b, "width", FALSE);
      folio_json_number (b, page->width);
      folio_json_key (b, "height", FALSE);
      folio_json_number (b, page->height);
    }
  if (!writer_end_record (w, error))
    return FALSE;
  w->pages++;

  for (guint i = 0; i < page->lines->len; i++)
    {
      const FolioLine *line = g_ptr_array_index (page->lines, i);

      write_line (b, line);
      if (!writer_end_record (w, error))
        return FALSE;
      if (line->role != FOLIO_ROLE_BODY && !line->kept)
        w->furniture++;
      else
        w->lines++;
    }
  return TRUE;
}

static void
write_box (GString *b, guint page, const FolioBBox *box)
{
  g_string_append_c (b, '[');
  folio_json_uint (b, page);
  g_string_append_c (b, ',');
  folio_json_number (b, box->x0);
  g_string_append_c (b, ',');
  folio_json_number (b, box->y0);
  g_string_append_c (b, ',');
  folio_json_number (b, box->x1);
  g_string_append_c (b, ',');
  folio_json_number (b, box->y1);
  g_string_append_c (b, ']');
}

/* A table's rows as arrays: each cell's text, or with @spans how many
 * columns it spans. */
static void
write_grid (GString *b, const FolioBlock *block, gboolean spans)
{
  g_string_append_c (b, '[');
  for (guint i = 0; i < block->rows->len; i++)
    {
      char **cells = g_ptr_array_index (block->rows, i);

      g_string_append (b, i > 0 ? ",[" : "[");
      for (guint k = 0; cells[k] != NULL; k++)
        {
          if (k > 0)
            g_string_append_c (b, ',');
          if (spans)
            folio_json_uint (b, folio_block_cell_span (block, i, k));
          else
            folio_json_string (b, cells[k]);
        }
      g_string_append_c (b, ']');
    }
  g_string_append_c (b, ']');
}

gboolean
folio_stream_writer_add_block (FolioStreamWriter *w, const FolioBlock *block, GError **error)
{
  GString *b = w->buf;

  g_return_val_if_fail (w->started, FALSE);
  g_string_append (b, "{\"type\":");
  folio_json_string (b, folio_block_type_to_string (block->type));
  g_string_append (b, ",\"pages\":[");
  folio_json_uint (b, block->first_page);
  g_string_append_c (b, ',');
  folio_json_uint (b, block->last_page);
  g_string_append_c (b, ']');
  if (block->type == FOLIO_BLOCK_HEADING)
    {
      folio_json_key (b, "level", FALSE);
      folio_json_uint (b, block->level);
      opt_string (b, "number", block->number);
    }
  opt_string (b, "marker", block->marker);
  folio_json_key (b, "text", FALSE);
  folio_json_string (b, block->text);
  opt_string (b, "evidence", block->evidence);
  if (block->continues)
    {
      folio_json_key (b, "continues", FALSE);
      folio_json_bool (b, TRUE);
    }
  if (block->rows != NULL)
    {
      folio_json_key (b, "rows", FALSE);
      write_grid (b, block, FALSE);
      if (block->header_rows > 0)
        {
          folio_json_key (b, "header_rows", FALSE);
          folio_json_uint (b, block->header_rows);
        }
      if (block->spans != NULL)
        {
          folio_json_key (b, "spans", FALSE);
          write_grid (b, block, TRUE);
        }
    }
  if (block->fields != NULL)
    {
      folio_json_key (b, "fields", FALSE);
      g_string_append_c (b, '[');
      for (guint i = 0; i < block->fields->len; i++)
        {
          const FolioField *f = g_ptr_array_index (block->fields, i);

          g_string_append (b, i > 0 ? ",{" : "{");
          folio_json_key (b, "name", TRUE);
          folio_json_string (b, f->name);
          folio_json_key (b, "value", FALSE);
          folio_json_string (b, f->value);
          g_string_append_c (b, '}');
        }
      g_string_append_c (b, ']');
    }
  if (folio_block_n_boxes (block) > 0)
    {
      folio_json_key (b, "boxes", FALSE);
      g_string_append_c (b, '[');
      for (guint i = 0; i < block->boxes->len; i++)
        {
          const FolioBox *box = &g_array_index (block->boxes, FolioBox, i);

          if (i > 0)
            g_string_append_c (b, ',');
          write_box (b, box->page, &box->bbox);
        }
      g_string_append_c (b, ']');
    }
  w->blocks++;
  return writer_end_record (w, error);
}

gboolean
folio_stream_writer_finish (FolioStreamWriter *w, GError **error)
{
  g_autoptr (GError) local = NULL;

  g_string_append (w->buf, "{\"type\":\"end\",\"pages\":");
  folio_json_uint (w->buf, w->pages);
  g_string_append (w->buf, ",\"lines\":");
  folio_json_uint (w->buf, w->lines);
  if (w->furniture > 0)
    {
      g_string_append (w->buf, ",\"furniture\":");
      folio_json_uint (w->buf, w->furniture);
    }
  if (w->blocks > 0)
    {
      g_string_append (w->buf, ",\"blocks\":");
      folio_json_uint (w->buf, w->blocks);
    }
  g_string_append (w->buf, "}\n");
  if (!writer_flush (w, error))
    return FALSE;
  if (!g_output_stream_flush (w->out, NULL, &local))
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE,
                   "%s: write failed: %s", w->name, local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
folio_stream_write (GOutputStream *out,
                    const char *name,
                    const FolioDocument *doc,
                    GError **error)
{
  g_autoptr (FolioStreamWriter) w = folio_stream_writer_new (out, name);

  if (!folio_stream_writer_add_document (w, doc, error))
    return FALSE;
  for (guint i = 0; i < doc->pages->len; i++)
    if (!folio_stream_writer_add_page (w, g_ptr_array_index (doc->pages, i), error))
      return FALSE;
  for (guint i = 0; i < doc->blocks->len; i++)
    if (!folio_stream_writer_add_block (w, g_ptr_array_index (doc->blocks, i), error))
      return FALSE;
  return folio_stream_writer_finish (w, error);
}

/* ------------------------------------------------------------------ reader */

typedef struct {
  const char *name;
  guint64 lineno;
  FolioDocument *doc;
  FolioPage *page;       /* last page record read (owned by doc) */
  guint64 n_pages;
  guint64 n_lines;
  guint64 n_furniture;
  guint64 n_blocks;
  gboolean metadata_seen;
  gboolean stages_given;
  gboolean ended;
} Reader;

G_GNUC_PRINTF (3, 4) static gboolean
bad (Reader *r, GError **error, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM,
               "%s:%" G_GUINT64_FORMAT ": %s", r->name, r->lineno, msg);
  return FALSE;
}

/* Field getters: absent optional fields leave *out alone; a field of the
 * wrong type is an error. */

static gboolean
get_member (Reader *r, const FolioJsonNode *o, const char *key, gboolean required,
            const FolioJsonNode **node, GError **error)
{
  *node = folio_json_member (o, key);
  if (*node == NULL && required)
    return bad (r, error, "missing field \"%s\"", key);
  return TRUE;
}

/* "field \"KEY\" out of range: N", N as written. */
static gboolean
int_out_of_range (Reader *r, const char *key, const FolioJsonNode *n, GError **error)
{
  g_autofree char *v = folio_json_int_to_string (n);

  return bad (r, error, "field \"%s\" out of range: %s", key, v);
}

static gboolean
get_uint (Reader *r, const FolioJsonNode *o, const char *key, gboolean required,
          guint64 max, guint64 *out, GError **error)
{
  const FolioJsonNode *n;

  if (!get_member (r, o, key, required, &n, error))
    return FALSE;
  if (n == NULL)
    return TRUE;
  if (!folio_json_is_int (n))
    return bad (r, error, "field \"%s\" must be an integer", key);
  if (n->big || n->v.i < 0 || (guint64) n->v.i > max)
    return int_out_of_range (r, key, n, error);
  *out = (guint64) n->v.i;
  return TRUE;
}

/* A coordinate or size: any number within ±1e7 (NaN fails the test). */
static inline gboolean
in_range (double v)
{
  return v >= -1e7 && v <= 1e7;
}

static gboolean
get_double (Reader *r, const FolioJsonNode *o, const char *key, double *out, GError **error)
{
  const FolioJsonNode *n;
  double v;

  if (!get_member (r, o, key, FALSE, &n, error))
    return FALSE;
  if (n == NULL)
    return TRUE;
  if (!folio_json_is_number (n))
    return bad (r, error, "field \"%s\" must be a number", key);
  v = folio_json_double (n);
  if (!in_range (v))
    return bad (r, error, "field \"%s\" out of range", key);
  *out = v;
  return TRUE;
}

/* The string held by @n, or NULL. */
static inline const char *
node_string (const FolioJsonNode *n)
{
  return n != NULL && n->type == FOLIO_JSON_STRING ? n->v.s : NULL;
}

/* Strings may be null where the spec says nullable (@nullable). */
static gboolean
get_string (Reader *r, const FolioJsonNode *o, const char *key, gboolean required,
            gboolean nullable, char **out, GError **error)
{
  const FolioJsonNode *n;

  if (!get_member (r, o, key, required, &n, error))
    return FALSE;
  if (n == NULL || (nullable && n->type == FOLIO_JSON_NULL))
    return TRUE;
  if (n->type != FOLIO_JSON_STRING)
    return bad (r, error, "field \"%s\" must be a string", key);
  g_free (*out);
  *out = g_strndup (n->v.s, n->len);
  return TRUE;
}

/* A line's font: nullable, interned as FolioLine.font says. */
static gboolean
get_font (Reader *r, const FolioJsonNode *o, const char **out, GError **error)
{
  g_autofree char *font = NULL;

  if (!get_string (r, o, "font", FALSE, TRUE, &font, error))
    return FALSE;
  if (font != NULL)
    *out = g_intern_string (font);
  return TRUE;
}

static gboolean
get_bool (Reader *r, const FolioJsonNode *o, const char *key, gboolean *out, GError **error)
{
  const FolioJsonNode *n;

  if (!get_member (r, o, key, FALSE, &n, error))
    return FALSE;
  if (n == NULL)
    return TRUE;
  if (n->type != FOLIO_JSON_BOOL)
    return bad (r, error, "field \"%s\" must be true or false", key);
  *out = n->v.b;
  return TRUE;
}

static gboolean
read_outline (Reader *r, const FolioJsonNode *o, GError **error)
{
  const FolioJsonNode *n, *en;

  if (!get_member (r, o, "outline", FALSE, &n, error))
    return FALSE;
  if (n == NULL)
    return TRUE;
  if (n->type != FOLIO_JSON_ARRAY)
    return bad (r, error, "field \"outline\" must be an array");
  en = n + 1;
  for (guint i = 0; i < n->len; i++, en = folio_json_next (en))
    {
      const FolioJsonNode *page;
      g_autofree char *title = NULL;
      guint64 level = 0, pageno = 0;

      if (en->type != FOLIO_JSON_OBJECT)
        return bad (r, error, "outline entry %u is not an object", i + 1);
      if (!get_string (r, en, "title", TRUE, FALSE, &title, error)
          || !get_uint (r, en, "level", TRUE, 1000, &level, error))
        return FALSE;
      page = folio_json_member (en, "page");
      if (page != NULL && page->type != FOLIO_JSON_NULL
          && !get_uint (r, en, "page", FALSE, r->doc->page_count, &pageno, error))
        return FALSE;
      if (level < 1)
        return bad (r, error, "outline entry %u has level 0", i + 1);
      g_ptr_array_add (r->doc->outline, folio_outline_entry_new (title, level, pageno));
    }
  return TRUE;
}

static gboolean
read_document (Reader *r, const FolioJsonNode *o, GError **error)
{
  FolioDocument *doc = r->doc;
  g_autofree char *format = NULL, *version = NULL, *media = NULL;
  guint64 u;
  const FolioJsonNode *info;

  if (!get_string (r, o, "format", TRUE, FALSE, &format, error)
      || !get_string (r, o, "format_version", TRUE, FALSE, &version, error))
    return FALSE;
  if (strcmp (format, FOLIO_STREAM_FORMAT) != 0)
    return bad (r, error, "format is \"%s\", not \"" FOLIO_STREAM_FORMAT "\"", format);
  if (!g_regex_match_simple ("^" G_STRINGIFY (FOLIO_STREAM_VERSION_MAJOR) "\\.[0-9]{1,6}$",
                             version, 0, 0))
    return bad (r, error, "format_version %s is not supported (this folio reads %d.x)",
                version, FOLIO_STREAM_VERSION_MAJOR);

  {
    const FolioJsonNode *stages = folio_json_member (o, "stages");

    if (stages == NULL)
      folio_document_add_stage (doc, "extract"); /* a 1.0 or 1.1 stream */
    else
      {
        const FolioJsonNode *e = stages + 1;

        r->stages_given = TRUE;
        if (stages->type != FOLIO_JSON_ARRAY)
          return bad (r, error, "field \"stages\" must be an array of strings");
        for (guint i = 0; i < stages->len; i++, e = folio_json_next (e))
          {
            if (e->type != FOLIO_JSON_STRING)
              return bad (r, error, "field \"stages\" must be an array of strings");
            folio_document_add_stage (doc, e->v.s);
          }
      }
  }
  if (!get_string (r, o, "source", TRUE, FALSE, &doc->source, error)
      || !get_string (r, o, "sha256", FALSE, TRUE, &doc->sha256, error)
      || !get_string (r, o, "media_type", TRUE, FALSE, &media, error)
      || !get_string (r, o, "encoding", FALSE, TRUE, &doc->encoding, error))
    return FALSE;
  if (strcmp (media, "application/pdf") == 0)
    doc->media_type = FOLIO_MEDIA_PDF;
  else if (strcmp (media, "text/plain") == 0)
    doc->media_type = FOLIO_MEDIA_TEXT;
  else
    return bad (r, error, "unknown media_type \"%s\"", media);

  if (!get_uint (r, o, "size", FALSE, G_MAXINT64, &doc->size, error))
    return FALSE;
  u = 0;
  if (!get_uint (r, o, "page_count", TRUE, G_MAXINT64, &u, error))
    return FALSE;
  if (u > FOLIO_STREAM_MAX_PAGES)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_LIMIT,
                   "%s:%" G_GUINT64_FORMAT ": page_count %" G_GUINT64_FORMAT
                   " is past folio's limit of %u pages",
                   r->name, r->lineno, u, FOLIO_STREAM_MAX_PAGES);
      return FALSE;
    }
  doc->page_count = (guint) u;
  u = doc->page_count ? 1 : 0;
  if (!get_uint (r, o, "first_page", FALSE, doc->page_count, &u, error))
    return FALSE;
  doc->first_page = (guint) u;
  u = doc->page_count;
  if (!get_uint (r, o, "last_page", FALSE, doc->page_count, &u, error))
    return FALSE;
  doc->last_page = (guint) u;
  if (doc->page_count > 0 && doc->first_page == 0)
    return bad (r, error, "first_page must be at least 1");
  if (doc->first_page > doc->last_page)
    return bad (r, error, "first_page %u is after last_page %u", doc->first_page, doc->last_page);

  if (!get_bool (r, o, "encrypted", &doc->encrypted, error)
      || !get_bool (r, o, "outline_truncated", &doc->outline_truncated, error))
    return FALSE;

  info = folio_json_member (o, "info");
  if (info != NULL && info->type != FOLIO_JSON_NULL)
    {
      if (info->type != FOLIO_JSON_OBJECT)
        return bad (r, error, "field \"info\" must be an object");
      if (!get_string (r, info, "title", FALSE, TRUE, &doc->info.title, error)
          || !get_string (r, info, "author", FALSE, TRUE, &doc->info.author, error)
          || !get_string (r, info, "subject", FALSE, TRUE, &doc->info.subject, error)
          || !get_string (r, info, "keywords", FALSE, TRUE, &doc->info.keywords, error)
          || !get_string (r, info, "creator", FALSE, TRUE, &doc->info.creator, error)
          || !get_string (r, info, "producer", FALSE, TRUE, &doc->info.producer, error)
          || !get_string (r, info, "created", FALSE, TRUE, &doc->info.created, error)
          || !get_string (r, info, "modified", FALSE, TRUE, &doc->info.modified, error)
          || !get_string (r, info, "pdf_version", FALSE, TRUE, &doc->info.pdf_version, error))
        return FALSE;
    }
  return read_outline (r, o, error);
}

static gboolean
read_page (Reader *r, const FolioJsonNode *o, GError **error)
{
  guint64 index = 0;
  guint prev = r->page ? r->page->index : 0;
  g_autoptr (FolioPage) page = NULL;

  if (!get_uint (r, o, "page", TRUE, G_MAXINT64, &index, error))
    return FALSE;
  if (index < r->doc->first_page || index > r->doc->last_page)
    return bad (r, error, "page %" G_GUINT64_FORMAT " is outside the document's pages %u-%u",
                index, r->doc->first_page, r->doc->last_page);
  if (index <= prev)
    return bad (r, error, "page %" G_GUINT64_FORMAT " comes after page %u", index, prev);
  page = folio_page_new ((guint) index);
  if (!get_string (r, o, "label", FALSE, TRUE, &page->label, error)
      || !get_string (r, o, "printed", FALSE, TRUE, &page->printed, error)
      || !get_string (r, o, "skipped", FALSE, TRUE, &page->skipped, error)
      || !get_double (r, o, "width", &page->width, error)
      || !get_double (r, o, "height", &page->height, error))
    return FALSE;
  if (page->width < 0 || page->height < 0)
    return bad (r, error, "page size must not be negative");
  r->page = page;
  g_ptr_array_add (r->doc->pages, g_steal_pointer (&page));
  r->n_pages++;
  return TRUE;
}

static gboolean
read_metadata (Reader *r, const FolioJsonNode *o, GError **error)
{
  const FolioJsonNode *fields, *m;
  g_autoptr (GHashTable) last = NULL;

  if (r->metadata_seen)
    return bad (r, error, "a second metadata record");
  if (r->page != NULL || r->n_blocks > 0)
    return bad (r, error, "the metadata record must come before the first page");
  r->metadata_seen = TRUE;
  if (!r->stages_given)
    folio_document_add_stage (r->doc, "strip");
  if (!get_string (r, o, "source", FALSE, TRUE, &r->doc->metadata_source, error)
      || !get_member (r, o, "fields", TRUE, &fields, error))
    return FALSE;
  if (fields->type != FOLIO_JSON_OBJECT)
    return bad (r, error, "field \"fields\" must be an object");
  /* A name given twice stands where it first did, with its last value
   * (what json-glib's JsonObject made of it). */
  last = g_hash_table_new (g_str_hash, g_str_equal);
  m = fields + 1;
  for (guint i = 0; i < fields->len; i++, m = folio_json_next (m))
    g_hash_table_insert (last, (gpointer) m->key, (gpointer) m);
  m = fields + 1;
  for (guint i = 0; i < fields->len; i++, m = folio_json_next (m))
    {
      const FolioJsonNode *value = g_hash_table_lookup (last, m->key);

      if (value == NULL)
        continue; /* given again earlier */
      g_hash_table_remove (last, m->key);
      if (value->type != FOLIO_JSON_STRING)
        return bad (r, error, "field \"%s\" must be a string", m->key);
      g_ptr_array_add (r->doc->metadata, folio_field_new (m->key, value->v.s));
    }
  return TRUE;
}

/* Past one of the reader's caps: FOLIO_ERROR_LIMIT (exit 9). */
static gboolean G_GNUC_PRINTF (3, 4)
past_limit (Reader *r, GError **error, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_LIMIT, "%s:%" G_GUINT64_FORMAT ": %s is past folio's limit of %u columns",
               r->name, r->lineno, msg, FOLIO_STREAM_MAX_COLUMNS);
  return FALSE;
}

/* A line's "segments": [[start, end, x0, y0, x1, y1], ...], character
 * offsets within its text and a box. */
static gboolean
read_segments (Reader *r, const FolioJsonNode *o, const char *text, GArray **out, GError **error)
{
  static const char shape[] = "field \"segments\" must be an array of [start, end, x0, y0, x1, y1]";
  const FolioJsonNode *n = folio_json_member (o, "segments"), *e;
  g_autoptr (GArray) segments = NULL;
  glong chars;

  if (n == NULL || n->type == FOLIO_JSON_NULL)
    return TRUE;
  if (n->type != FOLIO_JSON_ARRAY)
    return bad (r, error, shape);
  if (n->len > FOLIO_LINE_MAX_SEGMENTS)
    return bad (r, error, "more than %u segments", FOLIO_LINE_MAX_SEGMENTS);
  chars = g_utf8_strlen (text, -1);
  segments = g_array_sized_new (FALSE, FALSE, sizeof (FolioSegment), n->len);
  e = n + 1;
  for (guint i = 0; i < n->len; i++, e = folio_json_next (e))
    {
      const FolioJsonNode *x = e + 1;
      double d[6];
      FolioSegment sg;

      if (e->type != FOLIO_JSON_ARRAY || e->len != 6)
        return bad (r, error, shape);
      for (guint k = 0; k < 6; k++, x = folio_json_next (x))
        {
          if (!(k < 2 ? folio_json_is_int (x) : folio_json_is_number (x)))
            return bad (r, error, shape);
          d[k] = folio_json_double (x);
          if (!in_range (d[k]))
            return bad (r, error, "a segment is out of range");
        }
      if (d[0] < 0 || d[1] < d[0] || d[1] > chars)
        return bad (r, error, "a segment is out of range");
      sg = (FolioSegment) { (guint) d[0], (guint) d[1], { 0 } };
      folio_segment_set_bbox (&sg, (FolioBBox) { d[2], d[3], d[4], d[5] });
      g_array_append_val (segments, sg);
    }
  if (segments->len > 0)
    *out = g_steal_pointer (&segments);
  return TRUE;
}

static gboolean
read_line (Reader *r, const FolioJsonNode *o, gboolean furniture, GError **error)
{
  guint64 index = 0;
  g_autoptr (FolioLine) line = NULL;
  g_autofree char *text = NULL, *role = NULL, *rule = NULL, *why = NULL, *number = NULL;
  g_autofree char *total = NULL;
  g_autoptr (GArray) segments = NULL;
  /* the fields but text and segments, which the line is made with once
   * they are read (see FolioLine) */
  FolioLine f = { 0 };
  FolioRole line_role = FOLIO_ROLE_BODY;
  FolioBBox box = { 0 };
  gboolean bold = FALSE, italic = FALSE;
  const FolioJsonNode *bbox;

  if (r->n_blocks > 0)
    return bad (r, error, "a %s record after the blocks", furniture ? "furniture" : "line");
  if (!get_uint (r, o, "page", TRUE, G_MAXINT64, &index, error))
    return FALSE;
  if (r->page == NULL || index != r->page->index)
    return bad (r, error, "%s on page %" G_GUINT64_FORMAT " does not follow that page's record",
                furniture ? "furniture" : "line", index);
  if (!get_string (r, o, "text", TRUE, FALSE, &text, error)
      || !get_font (r, o, &f.font, error)
      || !get_double (r, o, "size", &f.size, error)
      || !get_bool (r, o, "bold", &bold, error)
      || !get_bool (r, o, "italic", &italic, error))
    return FALSE;
  if (f.size < 0)
    return bad (r, error, "field \"size\" must not be negative");
  if (!get_string (r, o, "role", furniture, TRUE, &role, error)
      || !get_string (r, o, "rule", FALSE, TRUE, &rule, error)
      || !get_string (r, o, "why", FALSE, TRUE, &why, error)
      || !get_string (r, o, "number", FALSE, TRUE, &number, error)
      || !get_string (r, o, "total", FALSE, TRUE, &total, error))
    return FALSE;
  if (role != NULL && !folio_role_from_string (role, &line_role))
    return bad (r, error, "unknown role \"%s\"", role);
  if (furniture && line_role == FOLIO_ROLE_BODY)
    return bad (r, error, "furniture with role \"body\"");

  bbox = folio_json_member (o, "bbox");
  if (bbox != NULL && bbox->type != FOLIO_JSON_NULL)
    {
      const FolioJsonNode *x = bbox + 1;
      double v[4];

      if (bbox->type != FOLIO_JSON_ARRAY || bbox->len != 4)
        return bad (r, error, "field \"bbox\" must be an array of 4 numbers");
      for (guint i = 0; i < 4; i++, x = folio_json_next (x))
        {
          if (!folio_json_is_number (x))
            return bad (r, error, "field \"bbox\" must be an array of 4 numbers");
          v[i] = folio_json_double (x);
          if (!in_range (v[i]))
            return bad (r, error, "field \"bbox\" out of range");
        }
      f.has_geometry = TRUE;
      box = (FolioBBox) { v[0], v[1], v[2], v[3] };
    }
  if (!read_segments (r, o, text, &segments, error))
    return FALSE;
  line = folio_line_new_full ((guint) index, text, -1,
                              segments ? (const FolioSegment *) segments->data : NULL,
                              segments ? segments->len : 0);
  line->role = line_role;
  folio_line_set_bbox (line, box);
  line->has_geometry = f.has_geometry;
  line->font = f.font;
  line->size = f.size;
  line->bold = bold != FALSE;
  line->italic = italic != FALSE;
  /* A line record with a role is furniture marked but kept (--keep). */
  line->kept = !furniture && line_role != FOLIO_ROLE_BODY;
  if (rule || why || number || total)
    {
      FolioMark *m = folio_line_mark (line);

      m->rule = g_steal_pointer (&rule);
      m->why = g_steal_pointer (&why);
      m->number = g_steal_pointer (&number);
      m->total = g_steal_pointer (&total);
    }
  g_ptr_array_add (r->page->lines, g_steal_pointer (&line));
  if (furniture)
    {
      r->n_furniture++;
      /* A 1.1 stream names no stages; its furniture says strip ran. */
      if (!r->stages_given)
        folio_document_add_stage (r->doc, "strip");
    }
  else
    r->n_lines++;
  return TRUE;
}

/* A table's "spans": [[1, 2], ...], one integer per cell of "rows". */
static gboolean
read_spans (Reader *r, const FolioJsonNode *o, FolioBlock *block, GError **error)
{
  static const char shape[] = "field \"spans\" must be an array of arrays of integers, one per cell of \"rows\"";
  const FolioJsonNode *n = folio_json_member (o, "spans"), *e;

  if (n == NULL || n->type == FOLIO_JSON_NULL)
    return TRUE;
  if (n->type != FOLIO_JSON_ARRAY || n->len != block->rows->len)
    return bad (r, error, shape);
  block->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  e = n + 1;
  for (guint i = 0; i < n->len; i++, e = folio_json_next (e))
    {
      guint cells = g_strv_length (g_ptr_array_index (block->rows, i));
      const FolioJsonNode *x = e + 1;
      GArray *spans;
      guint64 width = 0;

      if (e->type != FOLIO_JSON_ARRAY || e->len != cells)
        return bad (r, error, shape);
      spans = g_array_sized_new (FALSE, FALSE, sizeof (guint), cells);
      g_ptr_array_add (block->spans, spans);
      for (guint k = 0; k < cells; k++, x = folio_json_next (x))
        {
          if (!folio_json_is_int (x))
            return bad (r, error, shape);
          if (x->big || x->v.i < 1 || x->v.i > 1000)
            return int_out_of_range (r, "spans", x, error);
          /* a row of a thousand columns at most: every writer pads the
           * rows to the widest */
          width += (guint64) x->v.i;
          if (width > FOLIO_STREAM_MAX_COLUMNS)
            return past_limit (r, error, "a table row spanning %" G_GUINT64_FORMAT " columns or more", width);
          g_array_append_val (spans, (guint) { (guint) x->v.i });
        }
    }
  return TRUE;
}

/* A table's "rows": [["cell", ...], ...] and "header_rows". */
static gboolean
read_rows (Reader *r, const FolioJsonNode *o, FolioBlock *block, GError **error)
{
  static const char shape[] = "field \"rows\" must be an array of arrays of strings";
  const FolioJsonNode *n = folio_json_member (o, "rows"), *e;
  guint64 head = 0;

  if (n == NULL || n->type == FOLIO_JSON_NULL)
    return block->type != FOLIO_BLOCK_TABLE || bad (r, error, "a table without \"rows\"");
  if (block->type != FOLIO_BLOCK_TABLE)
    return bad (r, error, "field \"rows\" on a %s", folio_block_type_to_string (block->type));
  if (n->type != FOLIO_JSON_ARRAY)
    return bad (r, error, shape);
  block->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  e = n + 1;
  for (guint i = 0; i < n->len; i++, e = folio_json_next (e))
    {
      const FolioJsonNode *x = e + 1;
      char **cells;

      if (e->type != FOLIO_JSON_ARRAY)
        return bad (r, error, shape);
      /* Every writer pads a table's rows to the widest: a row of a
       * million empty cells over a thousand rows would be a billion. */
      if (e->len > FOLIO_STREAM_MAX_COLUMNS)
        return past_limit (r, error, "a table row of %u cells", e->len);
      cells = g_new0 (char *, e->len + 1);
      g_ptr_array_add (block->rows, cells);
      for (guint k = 0; k < e->len; k++, x = folio_json_next (x))
        {
          const char *t = node_string (x);

          if (t == NULL)
            return bad (r, error, shape);
          cells[k] = g_strndup (t, x->len);
        }
    }
  if (!get_uint (r, o, "header_rows", FALSE, block->rows->len, &head, error))
    return FALSE;
  block->header_rows = (guint) head;
  return read_spans (r, o, block, error);
}

/* A fields block's "fields": [{"name": ..., "value": ...}, ...]. */
static gboolean
read_fields (Reader *r, const FolioJsonNode *o, FolioBlock *block, GError **error)
{
  static const char shape[] = "field \"fields\" must be an array of {\"name\", \"value\"}";
  const FolioJsonNode *n = folio_json_member (o, "fields"), *e;

  if (n == NULL || n->type == FOLIO_JSON_NULL)
    return block->type != FOLIO_BLOCK_FIELDS || bad (r, error, "a fields block without \"fields\"");
  if (block->type != FOLIO_BLOCK_FIELDS)
    return bad (r, error, "field \"fields\" on a %s", folio_block_type_to_string (block->type));
  if (n->type != FOLIO_JSON_ARRAY)
    return bad (r, error, shape);
  e = n + 1;
  for (guint i = 0; i < n->len; i++, e = folio_json_next (e))
    {
      const char *name, *value;

      if (e->type != FOLIO_JSON_OBJECT
          || (name = node_string (folio_json_member (e, "name"))) == NULL
          || (value = node_string (folio_json_member (e, "value"))) == NULL)
        return bad (r, error, shape);
      folio_block_add_field (block, name, value);
    }
  return TRUE;
}

static gboolean
read_block (Reader *r, const FolioJsonNode *o, FolioBlockType type, GError **error)
{
  g_autoptr (FolioBlock) block = folio_block_new (type);
  const FolioJsonNode *n, *e;
  guint64 level = 0;

  if (!get_member (r, o, "pages", TRUE, &n, error))
    return FALSE;
  if (n->type != FOLIO_JSON_ARRAY || n->len != 2)
    return bad (r, error, "field \"pages\" must be [first, last]");
  e = n + 1;
  for (guint i = 0; i < 2; i++, e = folio_json_next (e))
    {
      gint64 v;

      if (!folio_json_is_int (e))
        return bad (r, error, "field \"pages\" must be [first, last]");
      v = e->v.i;
      if (e->big || v < r->doc->first_page || v > r->doc->last_page || v < 1)
        {
          g_autofree char *s = folio_json_int_to_string (e);

          return bad (r, error, "page %s is outside the document's pages %u-%u",
                      s, r->doc->first_page, r->doc->last_page);
        }
      if (i == 0)
        block->first_page = (guint) v;
      else
        block->last_page = (guint) v;
    }
  if (block->first_page > block->last_page)
    return bad (r, error, "field \"pages\" runs backwards");
  if (!get_string (r, o, "text", TRUE, FALSE, &block->text, error)
      || !get_string (r, o, "number", FALSE, TRUE, &block->number, error)
      || !get_string (r, o, "evidence", FALSE, TRUE, &block->evidence, error)
      || !get_string (r, o, "marker", FALSE, TRUE, &block->marker, error)
      || !get_bool (r, o, "continues", &block->continues, error)
      || !get_uint (r, o, "level", type == FOLIO_BLOCK_HEADING, 1000, &level, error))
    return FALSE;
  if (type == FOLIO_BLOCK_HEADING && level == 0)
    return bad (r, error, "a heading's level starts at 1");
  block->level = (guint) level;
  n = folio_json_member (o, "boxes");
  if (n != NULL && n->type != FOLIO_JSON_NULL)
    {
      if (n->type != FOLIO_JSON_ARRAY)
        return bad (r, error, "field \"boxes\" must be an array");
      e = n + 1;
      for (guint i = 0; i < n->len; i++, e = folio_json_next (e))
        {
          const FolioJsonNode *x = e + 1;
          double v[5];
          FolioBox box;

          if (e->type != FOLIO_JSON_ARRAY || e->len != 5)
            return bad (r, error, "a box must be [page, x0, y0, x1, y1]");
          for (guint k = 0; k < 5; k++, x = folio_json_next (x))
            {
              if (!(k == 0 ? folio_json_is_int (x) : folio_json_is_number (x)))
                return bad (r, error, "a box must be [page, x0, y0, x1, y1]");
              v[k] = folio_json_double (x);
              if (!in_range (v[k]))
                return bad (r, error, "a box is out of range");
            }
          if (v[0] < block->first_page || v[0] > block->last_page)
            return bad (r, error, "a box on page %g, outside the block's pages", v[0]);
          box.page = (guint) v[0];
          box.bbox = (FolioBBox) { v[1], v[2], v[3], v[4] };
          folio_block_add_box (block, &box);
        }
    }
  if (!read_rows (r, o, block, error) || !read_fields (r, o, block, error))
    return FALSE;
  g_ptr_array_add (r->doc->blocks, g_steal_pointer (&block));
  r->n_blocks++;
  return TRUE;
}

static gboolean
read_end (Reader *r, const FolioJsonNode *o, GError **error)
{
  guint64 pages = 0, lines = 0, furniture = 0, blocks = 0;

  if (!get_uint (r, o, "pages", TRUE, G_MAXINT64, &pages, error)
      || !get_uint (r, o, "lines", TRUE, G_MAXINT64, &lines, error)
      || !get_uint (r, o, "furniture", FALSE, G_MAXINT64, &furniture, error)
      || !get_uint (r, o, "blocks", FALSE, G_MAXINT64, &blocks, error))
    return FALSE;
  if (blocks != r->n_blocks)
    return bad (r, error, "end record counts %" G_GUINT64_FORMAT " blocks, the stream has %"
                G_GUINT64_FORMAT, blocks, r->n_blocks);
  if (furniture != r->n_furniture)
    return bad (r, error, "end record counts %" G_GUINT64_FORMAT " furniture records, the stream has %"
                G_GUINT64_FORMAT, furniture, r->n_furniture);
  if (pages != r->n_pages || lines != r->n_lines)
    return bad (r, error, "end record counts %" G_GUINT64_FORMAT " pages and %"
                G_GUINT64_FORMAT " lines, the stream has %" G_GUINT64_FORMAT
                " and %" G_GUINT64_FORMAT,
                pages, lines, r->n_pages, r->n_lines);
  r->ended = TRUE;
  return TRUE;
}

/* One record, @text[0..@len): parsed in place (its strings decoded and
 * NUL-terminated where they stand), then read into the document. */
static gboolean
read_record (Reader *r, FolioJsonParser *parser, char *text, gsize len, GError **error)
{
  const FolioJsonNode *o, *t;
  const char *type, *why = NULL;
  gsize offset = 0;

  if (r->ended)
    return bad (r, error, "record after the end record");
  if (!g_utf8_validate (text, len, NULL))
    return bad (r, error, "not valid UTF-8");
  if (!folio_json_parse (parser, text, len, FOLIO_STREAM_MAX_DEPTH, &why, &offset))
    return bad (r, error, "not valid JSON at byte %" G_GSIZE_FORMAT ": %s", offset + 1, why);
  o = &parser->nodes[0];
  if (o->type != FOLIO_JSON_OBJECT)
    return bad (r, error, "a record must be a JSON object");
  t = folio_json_member (o, "type");
  if (t == NULL || t->type != FOLIO_JSON_STRING)
    return bad (r, error, "record without a string \"type\"");
  type = t->v.s;

  if (r->doc->source == NULL)
    {
      if (strcmp (type, "document") != 0)
        return bad (r, error, "the first record must be \"document\", not \"%s\"", type);
      return read_document (r, o, error);
    }
  if (strcmp (type, "page") == 0)
    {
      if (r->n_blocks > 0)
        return bad (r, error, "a page record after the blocks");
      return read_page (r, o, error);
    }
  {
    FolioBlockType btype;

    if (folio_block_type_from_string (type, &btype))
      return read_block (r, o, btype, error);
  }
  if (strcmp (type, "line") == 0)
    return read_line (r, o, FALSE, error);
  if (strcmp (type, "furniture") == 0)
    return read_line (r, o, TRUE, error);
  if (strcmp (type, "metadata") == 0)
    return read_metadata (r, o, error);
  if (strcmp (type, "end") == 0)
    return read_end (r, o, error);
  if (strcmp (type, "document") == 0)
    return bad (r, error, "a second document record");
  return bad (r, error, "unknown record type \"%s\"", type);
}

FolioDocument *
folio_stream_read (GInputStream *in, const char *name, GError **error)
{
  g_autoptr (FolioDocument) doc = folio_document_new ();
  g_auto (FolioJsonParser) parser = FOLIO_JSON_PARSER_INIT;
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  Reader r = { .name = name ? name : "stream", .doc = doc };
  guint8 chunk[64 * 1024];
  gsize start = 0;          /* where the next record begins in buf */
  gsize scanned = 0;        /* buf[start..scanned) is known to hold no '\n' */
  gboolean eof = FALSE;

  for (;;)
    {
      guint8 *nl = NULL;
      gsize len, i;

      if (buf->len > scanned)
        nl = memchr (buf->data + scanned, '\n', buf->len - scanned);
      if (nl == NULL && !eof)
        {
          g_autoptr (GError) local = NULL;
          gssize n;

          /* Drop consumed records only when refilling: once per chunk. */
          g_byte_array_remove_range (buf, 0, start);
          start = 0;
          scanned = buf->len;
          if (buf->len > FOLIO_STREAM_MAX_RECORD_BYTES)
            {
              g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_LIMIT,
                           "%s:%" G_GUINT64_FORMAT ": record longer than folio's limit of %u bytes",
                           r.name, r.lineno + 1, FOLIO_STREAM_MAX_RECORD_BYTES);
              return NULL;
            }
          n = g_input_stream_read (in, chunk, sizeof chunk, NULL, &local);
          if (n < 0)
            {
              g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND,
                           "%s: read failed: %s", r.name, local->message);
              return NULL;
            }
          if (n == 0)
            eof = TRUE;
          else
            g_byte_array_append (buf, chunk, n);
          continue;
        }
      if (nl == NULL && start == buf->len)
        break;
      len = (nl ? (gsize) (nl - buf->data) : buf->len) - start;
      r.lineno++;
      if (len > FOLIO_STREAM_MAX_RECORD_BYTES)
        {
          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_LIMIT,
                       "%s:%" G_GUINT64_FORMAT ": record longer than folio's limit of %u bytes",
                       r.name, r.lineno, FOLIO_STREAM_MAX_RECORD_BYTES);
          return NULL;
        }
      /* Blank lines (e.g. a trailing one added by hand) carry nothing;
       * blank as JSON means it: space, tab, CR. */
      for (i = 0; i < len && strchr (" \t\r", buf->data[start + i]) && buf->data[start + i]; i++)
        ;
      if (i < len
          && !read_record (&r, &parser, (char *) buf->data + start, len, error))
        return NULL;
      start += len + (nl ? 1 : 0);
      scanned = start;
    }

  if (doc->source == NULL)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM,
                   "%s: empty stream (no document record)", r.name);
      return NULL;
    }
  if (!r.ended)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM,
                   "%s:%" G_GUINT64_FORMAT ": stream ends without its end record (truncated?)",
                   r.name, r.lineno);
      return NULL;
    }
  return g_steal_pointer (&doc);
}

FolioDocument *
folio_stream_read_file (const char *path, GError **error)
{
  g_autoptr (GInputStream) in = NULL;

  if (strcmp (path, "-") == 0)
    in = g_unix_input_stream_new (0, FALSE);
  else
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);
      g_autoptr (GError) local = NULL;

      in = G_INPUT_STREAM (g_file_read (file, NULL, &local));
      if (in == NULL)
        {
          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND,
                       "%s: cannot open: %s", path, local->message);
          return NULL;
        }
    }
  return folio_stream_read (in, strcmp (path, "-") == 0 ? "stdin" : path, error);
}
