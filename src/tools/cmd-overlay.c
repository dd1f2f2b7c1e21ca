/* folio overlay: each page rendered to PNG with what the stages decided
 * drawn on it (furniture, headings with their level, paragraph and list
 * item boxes, continuations across page breaks, reading order), and an
 * index.html contact sheet linking the drawings to the blocks of the
 * document JSON written beside them.  The document is made by the same
 * library calls as folio convert (folio_tool_run_stages), so what is drawn
 * is what convert did. */
#include "folio-tool.h"

#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <poppler.h>
#include <string.h>
#include <unistd.h>

#define OVERLAY_MIN_DPI 18
#define OVERLAY_MAX_DPI 600
#define OVERLAY_DEFAULT_DPI 96
/* cairo's image surfaces stop at 32767 pixels a side. */
#define OVERLAY_MAX_PIXELS 32767

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

/* The colours, documented in folio-overlay(1) and the legend of index.html.
 * Furniture's magenta is used by nothing else (its role is written in
 * black beside it), and no other colour here mixes red and blue, so that
 * a test or a script can find the furniture boxes by colour alone. */
typedef struct {
  double r, g, b;
  const char *css;
} Colour;

static const Colour FURNITURE = { 1.0, 0.0, 1.0, "#ff00ff" };
static const Colour FURNITURE_TEXT = { 0.0, 0.0, 0.0, "#000000" };
static const Colour HEADING = { 0.122, 0.373, 0.839, "#1f5fd6" };
static const Colour PARAGRAPH = { 0.102, 0.604, 0.227, "#1a9a3a" };
static const Colour LIST_ITEM = { 0.949, 0.549, 0.0, "#f28c00" };
/* Footnotes, captions, tables and fields: no blue with red, so that the
 * furniture's magenta stays the furniture's alone. */
static const Colour FOOTNOTE = { 0.6, 0.5, 0.0, "#998000" };
static const Colour CAPTION = { 0.0, 0.75, 0.9, "#00bfe6" };
static const Colour TABLE = { 0.85, 0.0, 0.0, "#d90000" };
static const Colour FIELDS = { 0.45, 0.3, 0.0, "#734d00" };
static const Colour CONTINUES = { 0.0, 0.537, 0.482, "#00897b" };
static const Colour ORDER = { 0.2, 0.2, 0.2, "#333333" };
#define FURNITURE_FILL_ALPHA 0.25

/* A block's lines on one page as one or more rectangles: a new one where
 * the next line goes back up the page (the next column). */
typedef struct {
  guint block;       /* index in doc->blocks */
  guint page;
  FolioBBox box;     /* PDF points, top-left origin */
  gboolean first;    /* the block's first part */
  gboolean last;     /* its last part */
} Part;

typedef struct {
  const FolioDocument *doc;
  GPtrArray *ids;     /* (element-type utf8) per block */
  GArray *parts;      /* (element-type Part) in reading order */
  const char *dir;
  double dpi;
} Overlay;

static const Colour *
block_colour (const FolioBlock *b)
{
  switch (b->type)
    {
    case FOLIO_BLOCK_HEADING:
      return &HEADING;
    case FOLIO_BLOCK_LIST_ITEM:
      return &LIST_ITEM;
    case FOLIO_BLOCK_FOOTNOTE:
      return &FOOTNOTE;
    case FOLIO_BLOCK_CAPTION:
      return &CAPTION;
    case FOLIO_BLOCK_TABLE:
      return &TABLE;
    case FOLIO_BLOCK_FIELDS:
      return &FIELDS;
    case FOLIO_BLOCK_PARAGRAPH:
    default:
      return &PARAGRAPH;
    }
}

static void
collect_parts (Overlay *ov)
{
  for (guint i = 0; i < ov->doc->blocks->len; i++)
    {
      const FolioBlock *b = g_ptr_array_index (ov->doc->blocks, i);
      guint first_part = ov->parts->len;
      Part cur = { 0 };
      gboolean open = FALSE;

      for (guint k = 0; k < folio_block_n_boxes (b); k++)
        {
          const FolioBox *fb = &g_array_index (b->boxes, FolioBox, k);
          const FolioBBox *x = &fb->bbox;

          if (open && fb->page == cur.page && x->y0 >= cur.box.y1 - (x->y1 - x->y0) / 2)
            {
              cur.box.x0 = MIN (cur.box.x0, x->x0);
              cur.box.y0 = MIN (cur.box.y0, x->y0);
              cur.box.x1 = MAX (cur.box.x1, x->x1);
              cur.box.y1 = MAX (cur.box.y1, x->y1);
              continue;
            }
          if (open)
            g_array_append_val (ov->parts, cur);
          cur = (Part) { i, fb->page, *x, FALSE, FALSE };
          open = TRUE;
        }
      if (open)
        g_array_append_val (ov->parts, cur);
      if (ov->parts->len > first_part)
        {
          g_array_index (ov->parts, Part, first_part).first = TRUE;
          g_array_index (ov->parts, Part, ov->parts->len - 1).last = TRUE;
        }
    }
}

static char *
page_file (guint index)
{
  return g_strdup_printf ("page-%04u.png", index);
}

/* ------------------------------------------------------------- drawing */

/* A box in device pixels, snapped outwards to whole pixels so that lines
 * drawn without antialiasing keep their exact colour. */
static void
device_box (const FolioBBox *b, double s, double pad, double *x, double *y, double *w, double *h)
{
  double x0 = floor (b->x0 * s - pad), y0 = floor (b->y0 * s - pad);
  double x1 = ceil (b->x1 * s + pad), y1 = ceil (b->y1 * s + pad);

  *x = x0;
  *y = y0;
  *w = MAX (x1 - x0, 1);
  *h = MAX (y1 - y0, 1);
}

static void
set_colour (cairo_t *cr, const Colour *c, double alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, alpha);
}

/* A small filled tag with white text; @right: its right edge at @x. */
static void
tag (cairo_t *cr, const Colour *bg, const char *text, double x, double y, gboolean right,
     double page_w, double page_h)
{
  cairo_text_extents_t te;
  cairo_font_extents_t fe;
  double pad = 2, w, h;

  cairo_font_extents (cr, &fe);
  cairo_text_extents (cr, text, &te);
  w = te.x_advance + 2 * pad;
  h = fe.ascent + fe.descent + pad;
  if (right)
    x -= w;
  x = CLAMP (x, 0, MAX (page_w - w, 0));
  y = CLAMP (y, 0, MAX (page_h - h, 0));
  set_colour (cr, bg, 0.9);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, x + pad, y + pad / 2 + fe.ascent);
  cairo_show_text (cr, text);
}

/* Where a paragraph leaves a page: a triangle pointing on, at the end of
 * its last line there, and the page it goes on to.  Where it takes up on
 * the next: the page it came from, above its first line. */
static void
continuation (cairo_t *cr, double x, double y, double size, gboolean onward, guint page,
              double page_w, double page_h)
{
  g_autofree char *label = g_strdup_printf (onward ? "to p. %u" : "from p. %u", page);
  cairo_font_extents_t fe;

  if (!onward)
    {
      cairo_font_extents (cr, &fe);
      tag (cr, &CONTINUES, label, x, y - (fe.ascent + fe.descent + 2) - 1, FALSE, page_w, page_h);
      return;
    }
  set_colour (cr, &CONTINUES, 1);
  cairo_move_to (cr, x, y - size);
  cairo_line_to (cr, x + size, y - size / 2);
  cairo_line_to (cr, x, y);
  cairo_close_path (cr);
  cairo_fill (cr);
  tag (cr, &CONTINUES, label, x + size + 2, y - size, FALSE, page_w, page_h);
}

static const char *
role_label (FolioRole role)
{
  switch (role)
    {
    case FOLIO_ROLE_HEADER:
      return "head";
    case FOLIO_ROLE_FOOTER:
      return "foot";
    case FOLIO_ROLE_PAGE_NUMBER:
      return "page no.";
    case FOLIO_ROLE_MARGIN:
      return "margin";
    case FOLIO_ROLE_BODY:
    default:
      return "";
    }
}

static void
draw_page (const Overlay *ov, cairo_t *cr, const FolioPage *page, double s, double page_w, double page_h)
{
  double font_px = CLAMP (8.5 * s, 8, 28);

  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, font_px);

  /* Blocks: outlines, then heading levels, continuation marks and the
   * reading order on top. */
  cairo_set_line_width (cr, MAX (1.0, round (s * 1.5)));
  for (guint i = 0; i < ov->parts->len; i++)
    {
      const Part *p = &g_array_index (ov->parts, Part, i);
      const FolioBlock *b = g_ptr_array_index (ov->doc->blocks, p->block);
      double x, y, w, h;

      if (p->page != page->index)
        continue;
      device_box (&p->box, s, 2, &x, &y, &w, &h);
      set_colour (cr, block_colour (b), b->type == FOLIO_BLOCK_HEADING ? 0.12 : 0.06);
      cairo_rectangle (cr, x, y, w, h);
      cairo_fill (cr);
      set_colour (cr, block_colour (b), 1);
      cairo_rectangle (cr, x, y, w, h);
      cairo_stroke (cr);
    }
  for (guint i = 0; i < ov->parts->len; i++)
    {
      const Part *p = &g_array_index (ov->parts, Part, i);
      const FolioBlock *b = g_ptr_array_index (ov->doc->blocks, p->block);
      g_autofree char *order = g_strdup_printf ("%u", p->block + 1);
      double x, y, w, h;

      if (p->page != page->index)
        continue;
      device_box (&p->box, s, 2, &x, &y, &w, &h);
      if (b->type == FOLIO_BLOCK_HEADING)
        {
          g_autofree char *level = g_strdup_printf ("H%u", b->level);

          tag (cr, &HEADING, level, x + w + 3, y, FALSE, page_w, page_h);
        }
      /* A paragraph running over a page break: marked where it leaves
       * one page and where it takes up on the next. */
      if (b->type != FOLIO_BLOCK_HEADING)
        {
          const Part *next = i + 1 < ov->parts->len ? &g_array_index (ov->parts, Part, i + 1) : NULL;
          const Part *prev = i > 0 ? &g_array_index (ov->parts, Part, i - 1) : NULL;

          if (!p->last && next && next->block == p->block && next->page != p->page)
            continuation (cr, x + w + 2, y + h, font_px, TRUE, next->page, page_w, page_h);
          else if (p->last && b->continues)
            continuation (cr, x + w + 2, y + h, font_px, TRUE, page->index + 1, page_w, page_h);
          if (!p->first && prev && prev->block == p->block && prev->page != p->page)
            continuation (cr, x, y, font_px, FALSE, prev->page, page_w, page_h);
        }
      if (p->first || (i > 0 && g_array_index (ov->parts, Part, i - 1).page != p->page))
        tag (cr, &ORDER, order, x - 3, y, TRUE, page_w, page_h);
    }

  /* Furniture last, on top: a translucent fill and a solid outline, drawn
   * without antialiasing so the outline is exactly the furniture colour. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_line_width (cr, MAX (1.0, round (s * 1.5)));
  for (guint j = 0; j < page->lines->len; j++)
    {
      const FolioLine *l = g_ptr_array_index (page->lines, j);
      double x, y, w, h, lw = cairo_get_line_width (cr);
      FolioBBox box;

      if (l->role == FOLIO_ROLE_BODY || !l->has_geometry)
        continue;
      box = folio_line_bbox (l);
      device_box (&box, s, 2, &x, &y, &w, &h);
      set_colour (cr, &FURNITURE, FURNITURE_FILL_ALPHA);
      cairo_rectangle (cr, x, y, w, h);
      cairo_fill (cr);
      set_colour (cr, &FURNITURE, 1);
      /* The stroke inside the box: every magenta pixel within it. */
      cairo_rectangle (cr, x + lw / 2, y + lw / 2, w - lw, h - lw);
      cairo_stroke (cr);
    }
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
  cairo_set_font_size (cr, font_px * 0.9);
  for (guint j = 0; j < page->lines->len; j++)
    {
      const FolioLine *l = g_ptr_array_index (page->lines, j);
      double x, y, w, h;
      FolioBBox box;

      if (l->role == FOLIO_ROLE_BODY || !l->has_geometry)
        continue;
      box = folio_line_bbox (l);
      device_box (&box, s, 2, &x, &y, &w, &h);
      if (x + w + 60 < page_w)
        tag (cr, &FURNITURE_TEXT, role_label (l->role), x + w + 2, y, FALSE, page_w, page_h);
      else
        tag (cr, &FURNITURE_TEXT, role_label (l->role), x - 2, y, TRUE, page_w, page_h);
    }
}

typedef struct {
  GOutputStream *out;
  GError *error;        /* the first write error */
} PngSink;

static cairo_status_t
write_png_chunk (void *closure, const unsigned char *data, unsigned int length)
{
  PngSink *sink = closure;

  if (sink->error == NULL && g_output_stream_write_all (sink->out, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_SUCCESS;
  return CAIRO_STATUS_WRITE_ERROR;
}

/* Renders page @page of @pdf with the overlay, to DIR/page-NNNN.png,
 * complete or not at all; @size gets its width and height in pixels. */
static gboolean
render_page (const Overlay *ov, PopplerDocument *pdf, const FolioPage *page, int size[2], GError **error)
{
  g_autoptr (PopplerPage) pp = poppler_document_get_page (pdf, (int) page->index - 1);
  g_autoptr (cairo_surface_t) surface = NULL;
  g_autoptr (cairo_t) cr = NULL;
  g_autoptr (FolioToolOutput) out = NULL;
  g_autofree char *name = page_file (page->index);
  g_autofree char *path = g_build_filename (ov->dir, name, NULL);
  double s = ov->dpi / 72.0, pw, ph;
  int w, h;
  PngSink sink = { NULL, NULL };
  cairo_status_t status;

  if (pp == NULL)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_CORRUPT, "%s: page %u cannot be rendered",
                   ov->doc->source, page->index);
      return FALSE;
    }
  poppler_page_get_size (pp, &pw, &ph);
  if (pw * s > OVERLAY_MAX_PIXELS || ph * s > OVERLAY_MAX_PIXELS)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_LIMIT,
                   "%s: page %u is too large to render at %g dpi (%.0f x %.0f pixels, at most %d); "
                   "use a lower --dpi",
                   ov->doc->source, page->index, ov->dpi, pw * s, ph * s, OVERLAY_MAX_PIXELS);
      return FALSE;
    }
  w = MAX ((int) ceil (pw * s), 1);
  h = MAX ((int) ceil (ph * s), 1);
  size[0] = w;
  size[1] = h;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cr = cairo_create (surface);
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_FAILED, "%s: page %u: cairo: %s", ov->doc->source,
                   page->index, cairo_status_to_string (cairo_status (cr)));
      return FALSE;
    }
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_save (cr);
  cairo_scale (cr, s, s);
  poppler_page_render (pp, cr);
  cairo_restore (cr);
  draw_page (ov, cr, page, s, w, h);
  cairo_surface_flush (surface);

  out = folio_tool_output_open (path, error);
  if (out == NULL)
    return FALSE;
  sink.out = folio_tool_output_stream (out);
  status = cairo_surface_write_to_png_stream (surface, write_png_chunk, &sink);
  if (sink.error == NULL && status == CAIRO_STATUS_SUCCESS)
    g_output_stream_flush (sink.out, NULL, &sink.error);
  if (sink.error != NULL || status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE, "%s: write failed: %s", path,
                   sink.error ? sink.error->message : cairo_status_to_string (status));
      g_clear_error (&sink.error);
      return FALSE;
    }
  return folio_tool_output_commit (out, error);
}

/* The PDF again, for poppler to render: the bytes the pages were read
 * from, or the file changed in between. */
static PopplerDocument *
open_for_rendering (const FolioDocument *doc, const char *password, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  char *data = NULL;
  gsize len = 0;
  g_autoptr (GInputStream) in = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *sum = NULL;
  PopplerDocument *pdf;

  /* Read, not mapped: a file cut short under a mapping kills with SIGBUS. */
  if (!g_file_get_contents (doc->source, &data, &len, &local))
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND, "%s: cannot read again: %s",
                   doc->source, local->message);
      return NULL;
    }
  bytes = g_bytes_new_take (data, len);
  sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (g_strcmp0 (sum, doc->sha256) != 0)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND,
                   "%s: changed while it was being read (run again)", doc->source);
      return NULL;
    }
  /* From a stream, as extract opens it (the _from_bytes path of poppler
   * 22.x crashes on a wrong password). */
  in = g_memory_input_stream_new_from_bytes (bytes);
  pdf = poppler_document_new_from_stream (in, (goffset) g_bytes_get_size (bytes), password, NULL, &local);
  if (pdf == NULL)
    {
      g_strdelimit (local->message, "\r\n", ' ');
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_CORRUPT, "%s: cannot open to render: %s",
                   doc->source, local->message);
      return NULL;
    }
  return pdf;
}

/* ---------------------------------------------------------- index.html */

static void
html_text (GString *o, const char *text)
{
  g_autofree char *e = g_markup_escape_text (text, -1);

  g_string_append (o, e);
}

/* The first @max characters of @text, with an ellipsis when cut. */
static void
html_excerpt (GString *o, const char *text, glong max)
{
  g_autofree char *cut = NULL;

  if (g_utf8_strlen (text, -1) <= max)
    {
      html_text (o, text);
      return;
    }
  cut = g_utf8_substring (text, 0, max);
  html_text (o, cut);
  g_string_append (o, "\xe2\x80\xa6");
}

static const char *
block_kind (const FolioBlock *b)
{
  return folio_block_type_to_string (b->type);
}

static const char INDEX_STYLE[] =
  "body{font:14px/1.4 system-ui,sans-serif;margin:0 1.5rem 3rem;color:#222}"
  "h1{font-size:1.4rem;margin:1rem 0 .3rem}h2{font-size:1.1rem;margin:0 0 .5rem}"
  ".legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:0;list-style:none}"
  ".sw{display:inline-block;width:1.6em;height:1em;vertical-align:-.15em;margin-right:.35em;"
  "border:2px solid;box-sizing:border-box}"
  ".sheet{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}"
  ".sheet a{display:block;text-align:center;color:inherit;text-decoration:none;font-size:.85rem}"
  ".sheet img{display:block;width:150px;height:auto;border:1px solid #bbb}"
  ".page{display:flex;flex-wrap:wrap;gap:1.5rem;border-top:1px solid #ccc;padding-top:1rem;margin-top:1.5rem}"
  ".pic{position:relative;align-self:flex-start;max-width:100%}"
  ".pic img{display:block;max-width:100%;height:auto;border:1px solid #bbb}"
  ".pic a{position:absolute;display:block}.pic a:hover,.pic a:focus{outline:3px solid #000}"
  ".blocks{flex:1;min-width:18rem;max-width:50rem}"
  ".blocks ol{padding-left:0;list-style:none}.blocks li{margin:.25rem 0}"
  ".blocks li:target{background:#ffef9e}"
  ".n{display:inline-block;min-width:2em;font-weight:bold}"
  "code{font-size:.85em;background:#f2f2f2;padding:0 .2em}"
  ".k{font-size:.8em;font-weight:bold;margin-right:.3em}";

static void
legend_item (GString *o, const Colour *c, double fill_alpha, const char *what)
{
  g_string_append_printf (o, "<li><span class=\"sw\" style=\"border-color:%s;background:rgba(%d,%d,%d,%.2f)\">"
                             "</span>%s</li>",
                          c->css, (int) round (c->r * 255), (int) round (c->g * 255),
                          (int) round (c->b * 255), fill_alpha, what);
}

/* Percentages of the page, so the links stay on their boxes however the
 * image is scaled. */
static void
hit_area (GString *o, const FolioPage *page, const FolioBBox *b, const char *href, const char *title)
{
  double pw = page->width > 0 ? page->width : 1, ph = page->height > 0 ? page->height : 1;

  g_string_append_printf (o, "<a href=\"%s\" title=\"", href);
  html_text (o, title);
  g_string_append_printf (o, "\" style=\"left:%.2f%%;top:%.2f%%;width:%.2f%%;height:%.2f%%\"></a>",
                          100 * b->x0 / pw, 100 * b->y0 / ph, 100 * (b->x1 - b->x0) / pw,
                          100 * (b->y1 - b->y0) / ph);
}

static GString *
build_index (const Overlay *ov, const GArray *sizes)
{
  const FolioDocument *doc = ov->doc;
  GString *o = g_string_new ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                             "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n<title>");
  g_autofree char *base = g_path_get_basename (doc->source);

  g_string_append (o, "folio overlay: ");
  html_text (o, base);
  g_string_append_printf (o, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>", INDEX_STYLE);
  html_text (o, base);
  g_string_append_printf (o, "</h1>\n<p>Pages %u to %u of %u, drawn at %g dpi with what folio decided "
                             "(the same as <code>folio convert</code>). Block ids are those of "
                             "<a href=\"document.json\">document.json</a>.</p>\n<ul class=\"legend\">",
                          doc->first_page, doc->last_page, doc->page_count, ov->dpi);
  legend_item (o, &FURNITURE, FURNITURE_FILL_ALPHA, "furniture: running head, foot, page number (taken out)");
  legend_item (o, &HEADING, 0.12, "heading, with its level H1, H2, \xe2\x80\xa6");
  legend_item (o, &PARAGRAPH, 0.06, "paragraph");
  legend_item (o, &LIST_ITEM, 0.06, "list item");
  legend_item (o, &FOOTNOTE, 0.06, "footnote");
  legend_item (o, &CAPTION, 0.06, "caption");
  legend_item (o, &TABLE, 0.06, "table");
  legend_item (o, &FIELDS, 0.06, "fields (label: value)");
  legend_item (o, &CONTINUES, 1, "paragraph running over a page break: \xe2\x80\x9cto p. N\xe2\x80\x9d, "
                                 "\xe2\x80\x9c" "from p. N\xe2\x80\x9d");
  legend_item (o, &ORDER, 1, "reading order: the block's number");
  g_string_append (o, "</ul>\n</header>\n<nav class=\"sheet\" aria-label=\"Pages\">\n");
  for (guint i = 0; i < doc->pages->len; i++)
    {
      const FolioPage *page = g_ptr_array_index (doc->pages, i);
      g_autofree char *file = page_file (page->index);

      /* A thousand pages are not fetched at once: past the first few,
       * the browser loads an image when it comes into view. */
      g_string_append_printf (o, "<a href=\"#page-%u\"><img%s src=\"%s\" width=\"%d\" height=\"%d\" alt=\"Page %u\">"
                                 "Page %u</a>\n",
                              page->index, i >= 8 ? " loading=\"lazy\"" : "", file, g_array_index (sizes, int, 2 * i),
                              g_array_index (sizes, int, 2 * i + 1), page->index, page->index);
    }
  g_string_append (o, "</nav>\n<main>\n");

  for (guint i = 0; i < doc->pages->len; i++)
    {
      const FolioPage *page = g_ptr_array_index (doc->pages, i);
      g_autofree char *file = page_file (page->index);
      gboolean any = FALSE;

      g_string_append_printf (o, "<section class=\"page\" id=\"page-%u\">\n<div class=\"pic\">"
                                 "<img%s src=\"%s\" width=\"%d\" height=\"%d\" alt=\"Page %u with what folio decided\">",
                              page->index, i >= 2 ? " loading=\"lazy\"" : "", file, g_array_index (sizes, int, 2 * i),
                              g_array_index (sizes, int, 2 * i + 1), page->index);
      for (guint k = 0; k < ov->parts->len; k++)
        {
          const Part *p = &g_array_index (ov->parts, Part, k);
          const FolioBlock *b = g_ptr_array_index (doc->blocks, p->block);
          g_autofree char *href = NULL, *title = NULL;

          if (p->page != page->index)
            continue;
          href = g_strdup_printf ("#p%u-b%u", page->index, p->block + 1);
          title = g_strdup_printf ("%u. %s %s", p->block + 1, block_kind (b),
                                   (const char *) g_ptr_array_index (ov->ids, p->block));
          hit_area (o, page, &p->box, href, title);
        }
      for (guint j = 0; j < page->lines->len; j++)
        {
          const FolioLine *l = g_ptr_array_index (page->lines, j);
          g_autofree char *href = NULL, *title = NULL;
          FolioBBox box;

          if (l->role == FOLIO_ROLE_BODY || !l->has_geometry)
            continue;
          href = g_strdup_printf ("#p%u-f%u", page->index, j + 1);
          title = g_strdup_printf ("%s: %s", folio_role_to_string (l->role), folio_line_text (l));
          box = folio_line_bbox (l);
          hit_area (o, page, &box, href, title);
        }
      g_string_append_printf (o, "</div>\n<div class=\"blocks\">\n<h2>Page %u", page->index);
      if (page->label)
        {
          g_string_append (o, " (label ");
          html_text (o, page->label);
          g_string_append (o, ")");
        }
      g_string_append_printf (o, " <small><a href=\"%s\">image</a></small></h2>\n<ol>\n", file);
      for (guint k = 0; k < ov->parts->len; k++)
        {
          const Part *p = &g_array_index (ov->parts, Part, k);
          const FolioBlock *b = g_ptr_array_index (doc->blocks, p->block);
          const Colour *c = block_colour (b);

          /* One entry per block and page, however many columns it has. */
          if (p->page != page->index
              || (k > 0 && g_array_index (ov->parts, Part, k - 1).block == p->block
                  && g_array_index (ov->parts, Part, k - 1).page == p->page))
            continue;
          any = TRUE;
          g_string_append_printf (o, "<li id=\"p%u-b%u\" data-id=\"", page->index, p->block + 1);
          html_text (o, g_ptr_array_index (ov->ids, p->block));
          g_string_append_printf (o, "\"><span class=\"n\">%u</span><span class=\"k\" style=\"color:%s\">",
                                  p->block + 1, c->css);
          if (b->type == FOLIO_BLOCK_HEADING)
            g_string_append_printf (o, "H%u", b->level);
          else
            g_string_append (o, block_kind (b));
          g_string_append (o, "</span><code>");
          html_text (o, g_ptr_array_index (ov->ids, p->block));
          g_string_append (o, "</code> ");
          if (!p->first)
            g_string_append (o, "\xe2\x80\xa6 ");
          html_excerpt (o, b->text, 140);
          if (b->first_page != b->last_page)
            g_string_append_printf (o, " <small>(pages %u\xe2\x80\x93%u)</small>", b->first_page, b->last_page);
          g_string_append (o, "</li>\n");
        }
      for (guint j = 0; j < page->lines->len; j++)
        {
          const FolioLine *l = g_ptr_array_index (page->lines, j);

          if (l->role == FOLIO_ROLE_BODY)
            continue;
          any = TRUE;
          g_string_append_printf (o, "<li id=\"p%u-f%u\"><span class=\"n\"></span><span class=\"k\" style=\"color:%s\">%s</span>",
                                  page->index, j + 1, FURNITURE_TEXT.css, folio_role_to_string (l->role));
          html_text (o, folio_line_text (l));
          if (folio_line_rule (l))
            {
              g_string_append (o, " <small>(");
              html_text (o, folio_line_rule (l));
              g_string_append (o, ")</small>");
            }
          g_string_append (o, "</li>\n");
        }
      if (!any)
        g_string_append (o, "<li>No text found on this page.</li>\n");
      g_string_append (o, "</ol>\n</div>\n</section>\n");
    }
  g_string_append (o, "</main>\n</body>\n</html>\n");
  return o;
}

/* ------------------------------------------------------------------ main */

int
folio_tool_overlay (int argc, char **argv)
{
  FolioExtractOptions xopts = FOLIO_EXTRACT_OPTIONS_INIT;
  FolioStripOptions sopts = FOLIO_STRIP_OPTIONS_INIT;
  FolioSegmentOptions gopts = FOLIO_SEGMENT_OPTIONS_INIT;
  FolioEmitOptions eopts = FOLIO_EMIT_OPTIONS_INIT;
  g_autoptr (GString) json = g_string_new (NULL);
  g_autoptr (GString) html = NULL;
  g_autoptr (FolioStripPatterns) patterns = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) warning = NULL;
  g_autoptr (FolioExtractor) ex = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  g_autoptr (PopplerDocument) pdf = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GArray) parts = g_array_new (FALSE, FALSE, sizeof (Part));
  g_autoptr (GArray) sizes = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree char *password = NULL, *dir = NULL, *patterns_file = NULL;
  g_autofree char *json_path = NULL, *html_path = NULL;
  g_auto (GStrv) inputs = NULL;
  gboolean version = FALSE, explain = FALSE, progress = FALSE, no_progress = FALSE, ok;
  int first = 0, last = 0, jobs = 0, status;
  double dpi = OVERLAY_DEFAULT_DPI;
  FolioToolProgress prog = { 0 };
  Overlay ov = { 0 };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &dir,
      "Directory for the page images, index.html and document.json (made if missing)", "DIR" },
    { "first-page", 'f', 0, G_OPTION_ARG_INT, &first, "First page to draw (1-based)", "N" },
    { "last-page", 'l', 0, G_OPTION_ARG_INT, &last, "Last page to draw", "N" },
    { "dpi", 'r', 0, G_OPTION_ARG_DOUBLE, &dpi, "Resolution of the images, 18 to 600 (default 96)", "D" },
    folio_tool_option (FOLIO_TOOL_OPT_PASSWORD, &password),
    folio_tool_option (FOLIO_TOOL_OPT_KEEP, &sopts.keep),
    folio_tool_option (FOLIO_TOOL_OPT_PATTERNS, &patterns_file),
    folio_tool_option (FOLIO_TOOL_OPT_NO_REPETITION, &sopts.no_repetition),
    folio_tool_option (FOLIO_TOOL_OPT_NO_OUTLINE, &gopts.no_outline),
    folio_tool_option (FOLIO_TOOL_OPT_EXPLAIN, &explain),
    folio_tool_option (FOLIO_TOOL_OPT_JOBS, &jobs),
    folio_tool_option (FOLIO_TOOL_OPT_PROGRESS, &progress),
    folio_tool_option (FOLIO_TOOL_OPT_NO_PROGRESS, &no_progress),
    folio_tool_option (FOLIO_TOOL_OPT_VERSION, &version),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "INPUT" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Draw on each page of a PDF what folio decided: furniture, headings with\n"
    "their level, the boxes of its blocks, paragraphs running over a page\n"
    "break, the reading order.  Writes DIR/page-NNNN.png, DIR/document.json (what\n"
    "folio convert writes) and DIR/index.html, a contact sheet with a legend.");
  g_option_context_set_description (context,
    "Colours: furniture magenta, headings blue, paragraphs green, list items\n"
    "orange, footnotes olive, captions sky blue, tables red, fields brown,\n"
    "continuations teal, reading order dark grey.  Exit status as\n"
    "folio convert; 4 for text input, which has no pages to draw.  See folio-overlay(1).");
  if (!folio_tool_parse (context, entries, &argc, &argv))
    return FOLIO_EXIT_USAGE;
  if (version)
    {
      folio_tool_print_version ();
      return FOLIO_EXIT_OK;
    }
  if (inputs == NULL || inputs[0] == NULL || inputs[1] != NULL)
    {
      folio_tool_message (inputs ? "one input at a time (see --help)" : "no input file (see --help)");
      return FOLIO_EXIT_USAGE;
    }
  if (strcmp (inputs[0], "-") == 0)
    {
      folio_tool_message ("a PDF file to draw on, not standard input (see --help)");
      return FOLIO_EXIT_USAGE;
    }
  if (dir == NULL || *dir == '\0')
    {
      folio_tool_message ("no output directory: -o DIR (see --help)");
      return FOLIO_EXIT_USAGE;
    }
  if (jobs < 0)
    {
      folio_tool_message ("-j takes a number of threads, 1 or more");
      return FOLIO_EXIT_USAGE;
    }
  if (first < 0 || last < 0)
    {
      folio_tool_message ("page numbers start at 1");
      return FOLIO_EXIT_USAGE;
    }
  if (first > 0 && last > 0 && first > last)
    {
      folio_tool_message ("first page %d is after last page %d", first, last);
      return FOLIO_EXIT_USAGE;
    }
  if (!(dpi >= OVERLAY_MIN_DPI && dpi <= OVERLAY_MAX_DPI))
    {
      folio_tool_message ("--dpi takes a resolution from %d to %d, not %g", OVERLAY_MIN_DPI,
                          OVERLAY_MAX_DPI, dpi);
      return FOLIO_EXIT_USAGE;
    }
  xopts.first_page = (guint) first;
  xopts.last_page = (guint) last;
  xopts.password = password ? password : g_getenv ("FOLIO_PASSWORD");
  if (!folio_tool_in_memory_max (&xopts.in_memory_max))
    return FOLIO_EXIT_USAGE;
  ok = folio_tool_strip_options (&sopts, patterns_file, &error);
  patterns = sopts.patterns; /* owned here, whether or not it loaded */
  if (!ok)
    return folio_tool_fail (error);

  ex = folio_extractor_open (inputs[0], &xopts, &error);
  if (ex == NULL)
    return folio_tool_fail (error);
  if (folio_extractor_get_document (ex)->media_type != FOLIO_MEDIA_PDF)
    {
      folio_tool_message ("%s: not a PDF: overlay draws on PDF pages, and text has none to draw "
                          "(folio convert reads it)", inputs[0]);
      return FOLIO_EXIT_NOT_SUPPORTED;
    }
  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      int saved = errno;

      folio_tool_message ("%s: cannot create directory: %s", dir, g_strerror (saved));
      return FOLIO_EXIT_WRITE;
    }
  prog.enabled = progress || (!no_progress && isatty (2));
  doc = folio_tool_run_stages (ex, (guint) jobs, &sopts, &gopts, explain, &prog, &warning, &error);
  if (doc == NULL || !folio_emit_run (doc, &eopts, json, &error)
      || (ids = folio_emit_block_ids (doc, &error)) == NULL
      || (pdf = open_for_rendering (doc, xopts.password, &error)) == NULL)
    return folio_tool_fail (error);

  ov.doc = doc;
  ov.ids = ids;
  ov.parts = parts;
  ov.dir = dir;
  ov.dpi = dpi;
  collect_parts (&ov);
  prog.last_us = 0;
  for (guint i = 0; i < doc->pages->len; i++)
    {
      const FolioPage *page = g_ptr_array_index (doc->pages, i);
      int wh[2];

      folio_tool_progress_update (&prog, "drawing page", i, doc->pages->len);
      if (!render_page (&ov, pdf, page, wh, &error))
        {
          folio_tool_progress_done (&prog);
          return folio_tool_fail (error);
        }
      g_array_append_vals (sizes, wh, 2);
    }
  folio_tool_progress_update (&prog, "drawing page", doc->pages->len, doc->pages->len);
  folio_tool_progress_done (&prog);

  /* index.html last: when it is there, everything it links to is too. */
  json_path = g_build_filename (dir, "document.json", NULL);
  status = folio_tool_write_text (json, json_path);
  if (status != FOLIO_EXIT_OK)
    return status;
  html = build_index (&ov, sizes);
  html_path = g_build_filename (dir, "index.html", NULL);
  status = folio_tool_write_text (html, html_path);
  if (status != FOLIO_EXIT_OK)
    return status;
  if (warning != NULL)
    {
      folio_tool_message ("warning: %s", warning->message);
      return folio_error_exit_code (warning);
    }
  return FOLIO_EXIT_OK;
}
