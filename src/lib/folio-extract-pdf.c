/* PDF through poppler-glib: lines with geometry and fonts, labels, outline. */
#include "folio-extract-private.h"
#include "folio-document-private.h"
#include "folio/folio-error.h"

#include <poppler.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerIndexIter, poppler_index_iter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerAction, poppler_action_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDest, poppler_dest_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

static const char *
display_name (FolioExtractor *ex)
{
  return strcmp (ex->doc->source, "-") == 0 ? "stdin" : ex->doc->source;
}

/* "ABCDEF+Arial-BoldMT" -> "Arial-BoldMT": the subset tag says nothing. */
static const char *
strip_subset (const char *font)
{
  if (font && strlen (font) > 7 && font[6] == '+')
    {
      for (int i = 0; i < 6; i++)
        if (!g_ascii_isupper (font[i]))
          return font;
      return font + 7;
    }
  return font;
}

/* Weight and slant from the font name: PostScript names ("Arial-BoldMT",
 * "Helvetica-Oblique", "Calibri,Bold") and TeX's Computer Modern and Latin
 * Modern ("CMBX10", "CMTI10", "LMRoman10-Bold"). */
static void
font_style (const char *font, gboolean *bold, gboolean *italic)
{
  static const char *const bold_words[] = { "bold", "black", "heavy", "semibold", "demi",
                                            "extrabold", "ultrabold", NULL };
  static const char *const tex_bold[] = { "CMBX", "CMB", "CMSSBX", "CMBXSL", "CMBXTI",
                                          "SFBX", "SFSX", "LMBX", NULL };
  static const char *const tex_italic[] = { "CMTI", "CMSL", "CMMI", "CMBXTI", "CMBXSL",
                                            "CMSSI", "SFTI", "SFSL", "SFBI", "SFXI", NULL };
  const char *style;
  g_autofree char *lower = NULL;

  *bold = *italic = FALSE;
  if (font == NULL)
    return;
  for (int i = 0; tex_bold[i]; i++)
    if (g_str_has_prefix (font, tex_bold[i]) && g_ascii_isdigit (font[strlen (tex_bold[i])]))
      *bold = TRUE;
  for (int i = 0; tex_italic[i]; i++)
    if (g_str_has_prefix (font, tex_italic[i]) && g_ascii_isdigit (font[strlen (tex_italic[i])]))
      *italic = TRUE;
  /* The style follows the family after '-' or ','; without one, look at
   * the whole name ("TimesNewRomanBold", "ArialItalic"). */
  style = strpbrk (font, "-,");
  style = style ? style + 1 : font;
  lower = g_ascii_strdown (style, -1);
  for (int i = 0; bold_words[i]; i++)
    if (strstr (lower, bold_words[i]))
      *bold = TRUE;
  if (strstr (lower, "italic") || strstr (lower, "oblique") || strstr (lower, "kursiv")
      || (style != font && (g_str_has_prefix (style, "It") || g_str_has_suffix (style, "It")
                            || strstr (style, "ItMT") || g_str_has_prefix (style, "BoldIt")
                            || strstr (style, "BdIt") || strstr (style, "BoldIt"))))
    *italic = TRUE;
}

/* A poppler document over @ex's source.  Bytes in memory, poppler reads
 * in place (a MemStream): 45 M instructions fewer on the 400-page file
 * than through a GInputStream, which poppler reads a buffer at a time.
 * But not with a password: in poppler 22.x, _from_bytes (and _from_data)
 * crash on a wrong one (their retry with the unconverted password reuses
 * a stream the first attempt released); _from_stream does not retry.  A
 * file read in place (ex->fd, never with a password) is a dup of the
 * descriptor each, which poppler reads with pread and closes. */
static PopplerDocument *
open_pdf (FolioExtractor *ex, const char *password, GError **error)
{
  g_autoptr (GInputStream) in = NULL;

  if (ex->fd >= 0)
    {
      int fd = fcntl (ex->fd, F_DUPFD_CLOEXEC, 0);

      if (fd < 0)
        {
          int saved = errno;

          /* not the PDF's fault (out of descriptors): no poppler error */
          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND, "%s: cannot read: %s",
                       display_name (ex), g_strerror (saved));
          return NULL;
        }
      return poppler_document_new_from_fd (fd, NULL, error);
    }
  if (password == NULL)
    return poppler_document_new_from_bytes (ex->data, NULL, error);
  in = g_memory_input_stream_new_from_bytes (ex->data);
  return poppler_document_new_from_stream (in, (goffset) g_bytes_get_size (ex->data), password,
                                           NULL, error);
}

/* Another poppler document over the same bytes, or NULL on @error. */
static PopplerDocument *
open_again (FolioExtractor *ex, const char *password, const char *what, GError **error)
{
  g_autoptr (GError) local = NULL;
  PopplerDocument *pdf;

  pdf = open_pdf (ex, password, &local);
  if (pdf == NULL && local->domain == FOLIO_ERROR)
    g_propagate_error (error, g_steal_pointer (&local));
  else if (pdf == NULL)
    g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_CORRUPT, "%s: cannot open again for %s: %s",
                 display_name (ex), what, local->message);
  return pdf;
}

typedef struct {
  PopplerDocument *pdf;
  char *password;
  /* font name -> FONT_STYLE_* bits: a document has a few fonts and
   * thousands of lines.  Each worker has a PdfSource, so no lock. */
  GHashTable *styles;
  /* Test hooks (docs/reliability.md): FOLIO_TEST_HANG_PAGE=N makes page N
   * hang as a page poppler cannot finish would; FOLIO_TEST_DAMAGED_PAGE=N
   * makes it one poppler cannot load.  0 when unset. */
  guint hang_page, damaged_page;
  /* where a page's lines are made (each worker has its own) */
  FolioLineBlock lines;
} PdfSource;

static void
pdf_source_free (gpointer data)
{
  PdfSource *src = data;

  g_clear_object (&src->pdf);
  g_clear_pointer (&src->styles, g_hash_table_unref);
  folio_line_block_clear (&src->lines);
  g_free (src->password);
  g_free (src);
}

/* ex->backend_idle: the document goes, the password and hooks stay for
 * pdf_open_worker(). */
static void
pdf_source_idle (gpointer data)
{
  PdfSource *src = data;

  g_clear_object (&src->pdf);
  g_clear_pointer (&src->styles, g_hash_table_unref);
  folio_line_block_clear (&src->lines);
}

static guint
test_hook (const char *name)
{
  const char *v = g_getenv (name);

  return v ? (guint) g_ascii_strtoull (v, NULL, 10) : 0;
}

static char *
date_string (GDateTime *dt)
{
  char *s;

  if (dt == NULL)
    return NULL;
  s = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
  g_date_time_unref (dt);
  return s;
}

/* NULL for absent or blank values, so the stream carries no empty fields. */
static char *
nonblank (char *s)
{
  if (s != NULL && *g_strstrip (s) == '\0')
    g_clear_pointer (&s, g_free);
  return s;
}

typedef struct {
  PopplerDocument *pdf;
  GPtrArray *outline;
  gboolean truncated;
} OutlineWalk;

static guint
dest_page (PopplerDocument *pdf, PopplerDest *dest)
{
  if (dest == NULL)
    return 0;
  if (dest->type == POPPLER_DEST_NAMED)
    {
      g_autoptr (PopplerDest) named = poppler_document_find_dest (pdf, dest->named_dest);

      return named && named->page_num > 0 ? (guint) named->page_num : 0;
    }
  return dest->page_num > 0 ? (guint) dest->page_num : 0;
}

static void
walk_outline (OutlineWalk *w, PopplerIndexIter *iter, guint level)
{
  if (level > FOLIO_EXTRACT_MAX_OUTLINE_DEPTH)
    {
      w->truncated = TRUE;
      return;
    }
  do
    {
      g_autoptr (PopplerAction) action = poppler_index_iter_get_action (iter);
      g_autoptr (PopplerIndexIter) child = NULL;
      guint page = 0;
      const char *title;

      if (w->outline->len >= FOLIO_EXTRACT_MAX_OUTLINE_ENTRIES)
        {
          w->truncated = TRUE;
          return;
        }
      if (action == NULL)
        continue;
      if (action->type == POPPLER_ACTION_GOTO_DEST)
        page = dest_page (w->pdf, action->goto_dest.dest);
      title = action->any.title ? action->any.title : "";
      {
        g_autofree char *clean = g_utf8_make_valid (title, -1);

        g_strdelimit (clean, "\r\n\t", ' ');
        g_ptr_array_add (w->outline, folio_outline_entry_new (g_strstrip (clean), level, page));
      }
      child = poppler_index_iter_get_child (iter);
      if (child != NULL)
        walk_outline (w, child, level + 1);
    }
  while (poppler_index_iter_next (iter));
}

/* Opens every bookmark that walk_outline() may look into, before it
 * looks: poppler fetches a bookmark's object again to find its children
 * (OutlineItem::open), and walk_outline() in between resolves a target
 * page, which fetches page objects.  Bookmarks are stored together, most
 * often in compressed object streams, and poppler keeps only five of
 * those parsed; done in the walk, each bookmark cost a fresh parse of its
 * stream (105 M instructions for the 134 bookmarks of a 400-page file),
 * done in a row here, one parse serves them all.  @budget: bookmarks left
 * to open, under the walk's own caps. */
static void
open_outline (PopplerIndexIter *iter, guint level, guint *budget)
{
  if (level > FOLIO_EXTRACT_MAX_OUTLINE_DEPTH)
    return;
  do
    {
      g_autoptr (PopplerIndexIter) child = NULL;

      if (*budget == 0)
        return;
      (*budget)--;
      child = poppler_index_iter_get_child (iter);
      if (child != NULL)
        open_outline (child, level + 1, budget);
    }
  while (poppler_index_iter_next (iter));
}

/* The whole outline of @pdf into @outline (element-type FolioOutlineEntry). */
static void
walk_whole_outline (PopplerDocument *pdf, GPtrArray *outline, gboolean *truncated)
{
  g_autoptr (PopplerIndexIter) iter = poppler_index_iter_new (pdf);
  OutlineWalk w = { pdf, outline, FALSE };

  if (iter != NULL)
    {
      g_autoptr (PopplerIndexIter) first = poppler_index_iter_copy (iter);
      guint budget = FOLIO_EXTRACT_MAX_OUTLINE_ENTRIES;

      open_outline (first, 1, &budget);
      walk_outline (&w, iter, 1);
    }
  *truncated = w.truncated;
}

/* Reading the outline under --page-timeout: on a thread of its own, which
 * keeps the document (and frees it with itself) if it is still reading
 * when the time is up. */
typedef struct {
  gboolean truncated;
  gboolean hang;          /* FOLIO_TEST_HANG_OUTLINE */
  PopplerDocument *pdf;
  GPtrArray *outline;
} OutlineJob;

static void
outline_job_free (gpointer data)
{
  OutlineJob *job = data;

  g_clear_object (&job->pdf);
  g_clear_pointer (&job->outline, g_ptr_array_unref);
  g_free (job);
}

static void
outline_run (gpointer data)
{
  OutlineJob *job = data;

  /* Stands in for poppler stuck in a document's outline (tests only). */
  while (job->hang)
    g_usleep (G_USEC_PER_SEC);
  walk_whole_outline (job->pdf, job->outline, &job->truncated);
}

/* Reads the outline into @ex->doc, giving poppler @seconds at most.  Past
 * them the document stays with the thread still reading (the pages are
 * read by workers with documents of their own), and the outline is left
 * out: folio_extractor_check_text() says so. */
static void
read_outline_in_time (FolioExtractor *ex, double seconds)
{
  PdfSource *src = ex->backend;
  OutlineJob *job = g_new0 (OutlineJob, 1);

  job->pdf = g_object_ref (src->pdf);
  job->outline = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_outline_entry_free);
  job->hang = test_hook ("FOLIO_TEST_HANG_OUTLINE") != 0;
  if (!folio_extract_run_in_time ("folio-outline", outline_run, job, outline_job_free, seconds))
    {
      /* Not a reference of ours may touch the document again: the pages
       * still to come from this extractor (folio_extractor_next_page(),
       * where a library reads them itself) come from a new one.  Should
       * that fail, they are skipped as damaged. */
      g_clear_object (&src->pdf);
      src->pdf = open_again (ex, src->password, "its pages", NULL);
      ex->outline_skipped = TRUE;
      ex->doc->outline_truncated = TRUE;
      folio_extract_note_abandoned (ex);
      return;
    }
  g_ptr_array_extend_and_steal (ex->doc->outline, g_steal_pointer (&job->outline));
  ex->doc->outline_truncated = job->truncated;
  outline_job_free (job);
}

/* A target past the document is as good as none. */
static void
clamp_outline (GPtrArray *outline, guint page_count)
{
  for (guint i = 0; i < outline->len; i++)
    {
      FolioOutlineEntry *e = g_ptr_array_index (outline, i);

      if (e->page > page_count)
        e->page = 0;
    }
}

/* folio_extract_pdf_open leaves this for later (ex->finish_header), so
 * that with workers it runs while they read the pages: poppler walks the
 * whole page tree to find the first bookmark's page (Catalog::findPage),
 * 7 % of a short document's instructions. */
static void
read_outline (FolioExtractor *ex)
{
  PdfSource *src = ex->backend;

  if (ex->doc->page_count > FOLIO_EXTRACT_MAX_PAGES)
    return;
  /* Under --page-timeout the pages are read by workers (folio_extractor_read_all),
   * never with this document, so it may be left to a stuck thread. */
  if (ex->page_timeout > 0)
    read_outline_in_time (ex, MAX (ex->page_timeout, FOLIO_EXTRACT_MIN_WAIT));
  else
    walk_whole_outline (src->pdf, ex->doc->outline, &ex->doc->outline_truncated);
  clamp_outline (ex->doc->outline, ex->doc->page_count);
}

/* ex->worker_outline: read_outline () with a worker's document, which
 * then reads pages.  Finding the bookmarks' pages fetches every page's
 * object up to the last of them (Catalog::findPage), as reading the
 * pages does again.  Read with the reader's document, which reads no
 * page, that was done once more than needed: 0.4 s of refman.pdf's 4.9 s
 * of CPU at -j 2 (2.54 -> 2.33 s), 2 ms of the 400-page file's 210. */
static void
pdf_worker_outline (gpointer state, guint page_count, GPtrArray *outline, gboolean *truncated)
{
  PdfSource *src = state;

  if (page_count > FOLIO_EXTRACT_MAX_PAGES || src->pdf == NULL)
    return;
  walk_whole_outline (src->pdf, outline, truncated);
  clamp_outline (outline, page_count);
}

#define FONT_STYLE_BOLD 1
#define FONT_STYLE_ITALIC 2
#define FONT_STYLE_SET 4   /* a table value is never NULL */

static void
cached_font_style (PdfSource *src, const char *font, gboolean *bold, gboolean *italic)
{
  guint bits;

  if (font == NULL)
    {
      *bold = *italic = FALSE;
      return;
    }
  if (src->styles == NULL)
    src->styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  bits = GPOINTER_TO_UINT (g_hash_table_lookup (src->styles, font));
  if (bits == 0)
    {
      font_style (font, bold, italic);
      bits = FONT_STYLE_SET | (*bold ? FONT_STYLE_BOLD : 0) | (*italic ? FONT_STYLE_ITALIC : 0);
      g_hash_table_insert (src->styles, g_strdup (font), GUINT_TO_POINTER (bits));
      return;
    }
  *bold = (bits & FONT_STYLE_BOLD) != 0;
  *italic = (bits & FONT_STYLE_ITALIC) != 0;
}

typedef struct {
  PopplerTextAttributes *attr;
  guint count;
} AttrCount;

/* What add_line() carries from one line of a page to the next. */
typedef struct {
  PdfSource *src;
  FolioPage *page;
  const PopplerRectangle *rects;
  guint n_rects;
  /* The page's attribute ranges, sorted by offset: a cursor that moves
   * along, never back. */
  GList *attrs;
  /* The last line's font as poppler named it (alive as long as the
   * page's attributes) and what that gave: lines in a row mostly share
   * one, and interning and the style table cost a hash each. */
  gboolean have_font;
  const char *font_name;
  const char *font;
  gboolean bold, italic;
} PageLines;

/* The stream carries two decimals; the model holds the same, so that a
 * stage gives the same answer in one process as through a pipe. */
static double
r2 (double v)
{
  double x = v * 100.0, r;

  /* round (x) without the call into libm (130,000 of them for a 400-page
   * document): below 2^52, truncating to an integer is exact and so is
   * x - r; halves go away from zero, and a zero keeps the sign of x. */
  if (fabs (x) < 4503599627370496.0)
    {
      r = (double) (gint64) x;
      if (fabs (x - r) >= 0.5)
        r += x > 0 ? 1.0 : -1.0;
      return copysign (r, x) / 100.0;
    }
  return round (x) / 100.0;
}

/* How glyph @b follows glyph @a on a line: whether a space goes between
 * them (in *@space, asked for by @want_space) and whether a new segment
 * starts at @b (returned).  Both measure the gap in the glyphs' height;
 * the common case, glyphs of a word side by side, is ruled out first.
 *
 * A space: a gap wider than a third of the height, or a jump back left
 * (the next cell of a table row); not glyphs stacked one under the other
 * (vertical writing).
 *
 * A segment: a gap wider than about two spaces (a space is a quarter to a
 * third of the height, a justified line's widest rarely half), a jump back
 * left or down to another baseline (poppler joins a table's rows, and its
 * cells, into one line when they are close); not stacked glyphs, nor one
 * space of a monospaced font. */
#define SEGMENT_GAP 0.7

static gboolean
glyph_step (const PopplerRectangle *a, const PopplerRectangle *b, gboolean want_space,
            gboolean *space)
{
  double h = MAX (a->y2 - a->y1, b->y2 - b->y1);
  double gap, wa, wb;
  gboolean back, overlap_x;

  *space = FALSE;
  if (h <= 0)
    return FALSE;
  gap = b->x1 - a->x2;
  back = b->x2 < a->x1 - h;
  if (!back && !(gap > h / 3) && !(gap > SEGMENT_GAP * h) && !(b->y1 > a->y2 - h / 4)
      && !(b->y2 < a->y1 + h / 4))
    return FALSE;
  overlap_x = b->x1 < a->x2 && b->x2 > a->x1;
  if (want_space)
    *space = (gap > h / 3 || back) && !(overlap_x && b->y1 >= a->y2 - h / 4);
  if (!(gap > SEGMENT_GAP * h || back || b->y1 > a->y2 - h / 4 || b->y2 < a->y1 + h / 4))
    return FALSE;
  /* stacked glyphs */
  if (overlap_x)
    return FALSE;
  /* One space of a monospaced font (Courier's is 0.6 em, wider than 0.7
   * of a glyph's height): glyphs as wide as each other and the gap. */
  wa = a->x2 - a->x1;
  wb = b->x2 - b->x1;
  if (wa > 0 && fabs (wa - wb) <= 0.05 * wa && gap <= 1.05 * wa && b->y1 <= a->y2 - h / 4
      && b->y2 >= a->y1 + h / 4)
    return FALSE;
  return TRUE;
}

/* Bidi embedding marks (U+202A-U+202E) poppler wraps right-to-left words
 * in: formatting, not text. */
static gboolean
is_bidi_mark (const char *c)
{
  return (guchar) c[0] == 0xe2 && (guchar) c[1] == 0x80 && (guchar) c[2] >= 0xaa && (guchar) c[2] <= 0xae;
}

/* Copies @from..@to to @text at *@len. */
static void
copy_run (char *text, gsize *len, const char *from, const char *to)
{
  memcpy (text + *len, from, to - from);
  *len += to - from;
}

/* [*start, *end] (character offsets, @end included) of the attribute
 * range at @l; past the last, a range no offset reaches. */
static void
attr_range (GList *l, glong *start, glong *end)
{
  if (l == NULL)
    *start = *end = G_MAXLONG;
  else
    {
      *start = ((PopplerTextAttributes *) l->data)->start_index;
      *end = ((PopplerTextAttributes *) l->data)->end_index;
    }
}

/* Counts @run characters for @a in @counts, adding it if there is room. */
static void
count_attr (AttrCount *counts, guint *n_counts, guint room, PopplerTextAttributes *a, guint run)
{
  guint k;

  if (run == 0)
    return;
  for (k = 0; k < *n_counts && counts[k].attr != a; k++)
    ;
  if (k == *n_counts)
    {
      if (*n_counts == room)
        return;
      counts[(*n_counts)++] = (AttrCount) { a, 0 };
    }
  counts[k].count += run;
}

/* Not inlined: add_line() then keeps the segment's four coordinates in
 * scalar registers; inlined, gcc packs them in pairs into vector registers
 * and unpacks them at every character (1 M instructions on a 93-page
 * document). */
static G_GNUC_NO_INLINE void
append_segment (GArray *segments, guint start, guint end, double x0, double y0, double x1,
                double y1)
{
  FolioSegment seg = { start, end, { 0 } };

  folio_segment_set_bbox (&seg, (FolioBBox) { x0, y0, x1, y1 });
  g_array_append_val (segments, seg);
}

/* Adds the line @start..@end (character offsets @cfrom..) to the page;
 * returns how many characters @start..@end holds. */
static glong
add_line (PageLines *pl, const char *start, const char *end, glong cfrom)
{
  FolioLine *line;
  AttrCount counts[8];
  guint n_counts = 0, best = 0;
  /* the attribute range at the cursor, and its characters not yet in
   * @counts (ranges come in order: @counts fills in the same order) */
  glong a_start, a_end;
  guint run = 0;
  FolioBBox box = { 0, 0, 0, 0 };
  glong ci = cfrom;
  const char *t0 = start, *t1 = end;
  /* @prev is NULL or @last: NULL after a blank or a glyph without a box */
  const PopplerRectangle *prev = NULL, *last = NULL;
  const PopplerRectangle *rects = pl->rects;
  gboolean bidi = FALSE;
  char room[512];
  g_autofree char *big = NULL;
  char *text;
  gsize len = 0;  /* bytes of @text so far */
  /* the bytes read but not yet copied to @text: they go in runs, broken
   * only by a space put in or a bidi mark left out */
  const char *pending;
  /* the segments before the one under way, made once there is a second */
  g_autoptr (GArray) segments = NULL;
  /* The segment under way (from the first glyph with a box, @last set):
   * its characters [seg_start, seg_end) and its box, apart rather than a
   * FolioSegment, whose address appending takes: the compiler keeps them
   * in registers.  The box starts empty: MIN (INFINITY, v) and
   * MAX (-INFINITY, v) are v, whatever v (NaN too). */
  guint seg_start = 0, seg_end = 0;
  double sx0 = INFINITY, sy0 = INFINITY, sx1 = -INFINITY, sy1 = -INFINITY;
  guint out = 0; /* characters of @text so far */

  /* Trim blanks at either end. */
  while (t0 < t1 && g_ascii_isspace (*t0))
    t0++, ci++;
  while (t1 > t0 && g_ascii_isspace (t1[-1]))
    t1--;
  if (t0 == t1)
    return end - start;
  /* At most a space before each character; most lines fit on the stack
   * (a page's worth of room from the heap cost poppler's next page more
   * than it saved). */
  if (2 * (gsize) (t1 - t0) + 1 <= sizeof room)
    text = room;
  else
    text = big = g_malloc (2 * (t1 - t0) + 1);
  attr_range (pl->attrs, &a_start, &a_end);

  pending = t0;
  for (const char *c = t0, *next; c < t1; c = next, ci++)
    {
      /* Most text is ASCII: one byte, no table lookup. */
      next = (guchar) *c < 0x80 ? c + 1 : g_utf8_next_char (c);
      if (g_ascii_isspace (*c))
        {
          prev = NULL;
          out++;
          continue;
        }
      if (is_bidi_mark (c))
        {
          bidi = TRUE;
          copy_run (text, &len, pending, c);
          pending = next;
          continue;
        }
      /* (@ci counts up from @cfrom, never negative) */
      if ((guint) ci < pl->n_rects)
        {
          const PopplerRectangle *r = &rects[ci];

          if (last != NULL)
            {
              gboolean space;
              /* poppler joins words it puts on one line without a space when
               * the gap between them holds none (table cells, a page number
               * after a heading in a contents list): the gap says it.
               * Right-to-left glyph boxes do not follow the text order. */
              gboolean brk = glyph_step (last, r, prev != NULL && !bidi, &space);

              if (space)
                {
                  copy_run (text, &len, pending, c);
                  pending = c;
                  text[len++] = ' ', out++;
                }
              if (G_UNLIKELY (brk))
                {
                  if (segments == NULL)
                    {
                      segments = g_array_sized_new (FALSE, FALSE, sizeof (FolioSegment), 4);
                      /* the line's box so far, the same minima and maxima */
                      box.x0 = sx0, box.y0 = sy0, box.x1 = sx1, box.y1 = sy1;
                    }
                  append_segment (segments, seg_start, seg_end, sx0, sy0, sx1, sy1);
                  seg_start = out;
                  sx0 = sy0 = INFINITY;
                  sx1 = sy1 = -INFINITY;
                }
            }
          else
            seg_start = out;
          prev = r;
          sx0 = MIN (sx0, r->x1);
          sy0 = MIN (sy0, r->y1);
          sx1 = MAX (sx1, r->x2);
          sy1 = MAX (sy1, r->y2);
          last = r;

          /* Until the line breaks, its box is its one segment's. */
          if (segments != NULL)
            {
              box.x0 = MIN (box.x0, r->x1);
              box.y0 = MIN (box.y0, r->y1);
              box.x1 = MAX (box.x1, r->x2);
              box.y1 = MAX (box.y1, r->y2);
            }
        }
      else
        prev = NULL;
      out++;
      /* where the segment under way ends so far (before its first glyph,
       * no segment reads it) */
      seg_end = out;
      /* Past the range at the cursor: move along, never back. */
      if (ci > a_end)
        {
          count_attr (counts, &n_counts, G_N_ELEMENTS (counts), pl->attrs->data, run);
          run = 0;
          do
            pl->attrs = pl->attrs->next;
          while (pl->attrs && ((PopplerTextAttributes *) pl->attrs->data)->end_index < ci);
          attr_range (pl->attrs, &a_start, &a_end);
        }
      if (ci >= a_start)
        run++;
    }
  if (run > 0)
    count_attr (counts, &n_counts, G_N_ELEMENTS (counts), pl->attrs->data, run);
  if (segments == NULL && last != NULL)
    box.x0 = sx0, box.y0 = sy0, box.x1 = sx1, box.y1 = sy1;

  copy_run (text, &len, pending, t1);
  /* Right-to-left glyph boxes do not follow the text: no segments.
   * (With @segments, one is under way: a break starts the next.) */
  if (segments != NULL && !bidi)
    append_segment (segments, seg_start, seg_end, sx0, sy0, sx1, sy1);
  else
    g_clear_pointer (&segments, g_array_unref);
  /* a copy of the line's own length, and its segments, beside it in the
   * page's block: a long document keeps every line until strip has seen
   * them all */
  line = folio_line_block_add (&pl->src->lines, pl->page->index, text, len,
                               segments ? (const FolioSegment *) segments->data : NULL,
                               segments ? segments->len : 0);
  line->has_geometry = TRUE;
  folio_line_set_bbox (line, box);
  for (guint k = 1; k < n_counts; k++)
    if (counts[k].count > counts[best].count)
      best = k;
  if (n_counts > 0)
    {
      PopplerTextAttributes *a = counts[best].attr;

      if (!pl->have_font || g_strcmp0 (a->font_name, pl->font_name) != 0)
        {
          pl->have_font = TRUE;
          pl->font_name = a->font_name;
          pl->font = g_intern_string (strip_subset (a->font_name));
          cached_font_style (pl->src, pl->font, &pl->bold, &pl->italic);
        }
      line->font = pl->font;
      line->size = r2 (a->font_size);
      line->bold = pl->bold;
      line->italic = pl->italic;
    }
  /* the blanks trimmed at the end are ASCII, a character a byte */
  return ci - cfrom + (end - t1);
}

/* Never touches @ex: a worker left behind on a page past the timeout may
 * come back after the extractor is gone. */
static FolioPage *
pdf_read_page (FolioExtractor *ex, gpointer state, guint index, GError **error)
{
  PdfSource *src = state;
  g_autoptr (PopplerPage) pp = NULL;
  g_autoptr (FolioPage) page = folio_page_new (index);
  g_autofree char *text = NULL;
  g_autofree PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  GList *attrs;
  PageLines pl = { 0 };
  glong ci = 0;

  if (index == src->hang_page)
    for (int i = 0; i < 3600; i++)
      g_usleep (G_USEC_PER_SEC);
  /* (No document: it was left to a thread stuck in the outline and could
   * not be opened again.) */
  if (index != src->damaged_page && src->pdf != NULL)
    pp = poppler_document_get_page (src->pdf, (int) index - 1);
  /* One damaged page does not lose the others: it is skipped, and the
   * extractor warns (folio_extractor_check_text). */
  if (pp == NULL)
    {
      page->skipped = g_strdup ("damaged");
      return g_steal_pointer (&page);
    }
  poppler_page_get_size (pp, &page->width, &page->height);
  page->width = r2 (page->width);
  page->height = r2 (page->height);
  page->label = nonblank (poppler_page_get_label (pp));

  text = poppler_page_get_text (pp);
  if (text == NULL || *text == '\0')
    return g_steal_pointer (&page);
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }
  if (!poppler_page_get_text_layout (pp, &rects, &n_rects))
    n_rects = 0;
  attrs = poppler_page_get_text_attributes (pp);
  pl = (PageLines) { .src = src, .page = page, .rects = rects, .n_rects = n_rects, .attrs = attrs };

  /* '\n' is never inside a UTF-8 sequence: strchr() finds the lines and
   * add_line() counts their characters. */
  for (const char *c = text;;)
    {
      const char *nl = strchr (c, '\n');
      const char *end = nl ? nl : c + strlen (c);

      ci += add_line (&pl, c, end, ci);
      if (nl == NULL)
        break;
      c = nl + 1;
      ci++;
    }
  poppler_page_free_text_attributes (attrs);
  folio_page_take_lines (page, &src->lines);
  return g_steal_pointer (&page);
}

gboolean
folio_extract_has_encrypt_entry (const guint8 *p, gsize len)
{
  const guint8 *end = p + len, *at = p;

  while ((at = memmem (at, end - at, "/Encrypt", 8)) != NULL)
    {
      const guint8 *q = at + 8;

      at = q;
      while (q < end && (*q == ' ' || *q == '\r' || *q == '\n' || *q == '\t'))
        q++;
      if (q < end && (g_ascii_isdigit (*q) || (*q == '<' && q + 1 < end && q[1] == '<')))
        return TRUE;
    }
  return FALSE;
}

/* poppler documents are not to be shared between threads: each worker
 * opens its own over the same bytes. */
static gpointer
pdf_open_worker (FolioExtractor *ex, GError **error)
{
  PdfSource *main = ex->backend;
  PdfSource *src;
  PopplerDocument *pdf = open_again (ex, main->password, "a worker", error);

  if (pdf == NULL)
    return NULL;
  src = g_new0 (PdfSource, 1);
  src->pdf = pdf;
  src->password = g_strdup (main->password);
  src->hang_page = main->hang_page;
  src->damaged_page = main->damaged_page;
  return src;
}

gboolean
folio_extract_pdf_open (FolioExtractor *ex, const char *password, GError **error)
{
  g_autoptr (GError) local = NULL;
  PopplerDocument *pdf;
  PdfSource *src;
  FolioPdfInfo *info = &ex->doc->info;
  int n;

  /* Stands in for poppler stuck opening a document (tests only). */
  if (test_hook ("FOLIO_TEST_HANG_OPEN"))
    for (;;)
      g_usleep (G_USEC_PER_SEC);

  pdf = open_pdf (ex, password, &local);
  if (pdf == NULL)
    {
      const char *name = display_name (ex);

      if (local->domain == FOLIO_ERROR)
        g_propagate_error (error, g_steal_pointer (&local));
      else if (g_error_matches (local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_ENCRYPTED,
                     password ? "%s: encrypted PDF: the password is wrong"
                              : "%s: encrypted PDF: a password is needed (--password)",
                     name);
      else
        {
          g_strdelimit (local->message, "\r\n", ' ');
          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_CORRUPT,
                       "%s: damaged or truncated PDF: %s", name, local->message);
        }
      return FALSE;
    }
  src = g_new0 (PdfSource, 1);
  src->pdf = pdf;
  src->password = g_strdup (password);
  src->hang_page = test_hook ("FOLIO_TEST_HANG_PAGE");
  src->damaged_page = test_hook ("FOLIO_TEST_DAMAGED_PAGE");
  ex->backend = src;
  ex->backend_free = pdf_source_free;
  ex->read_page = pdf_read_page;
  ex->open_worker = pdf_open_worker;
  ex->worker_outline = pdf_worker_outline;
  ex->backend_idle = pdf_source_idle;

  n = poppler_document_get_n_pages (pdf);
  if (n <= 0)
    {
      /* poppler rebuilds what it can of a cut-off file; no page at all
       * means nothing of the document survived. */
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_CORRUPT,
                   "%s: damaged or truncated PDF: no pages found", display_name (ex));
      return FALSE;
    }
  ex->doc->page_count = (guint) n;
  /* poppler-glib does not say whether a document it opened was encrypted;
   * the trailer's /Encrypt entry does: looked for with the sha256. */
  if (ex->data != NULL)
    ex->encrypt_later = TRUE;
  else
    ex->doc->encrypted = ex->fd_encrypted;

  info->title = nonblank (poppler_document_get_title (pdf));
  info->author = nonblank (poppler_document_get_author (pdf));
  info->subject = nonblank (poppler_document_get_subject (pdf));
  info->keywords = nonblank (poppler_document_get_keywords (pdf));
  info->creator = nonblank (poppler_document_get_creator (pdf));
  info->producer = nonblank (poppler_document_get_producer (pdf));
  info->created = date_string (poppler_document_get_creation_date_time (pdf));
  info->modified = date_string (poppler_document_get_modification_date_time (pdf));
  info->pdf_version = nonblank (poppler_document_get_pdf_version_string (pdf));
  ex->finish_header = read_outline;
  return TRUE;
}
