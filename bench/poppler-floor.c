/* poppler-floor: what folio's PDF reading costs in poppler-glib alone.
 *
 * Makes exactly the poppler-glib calls that `folio convert` makes to read
 * a PDF, and nothing of folio's own: it opens the document from its bytes
 * in memory, reads the document information and the outline (every
 * bookmark's action, named destinations looked up), and for each page
 * loads it, takes its size, label, text, glyph boxes and text attributes,
 * and frees them.  With -j N > 1, N workers each open a document of their
 * own and take the pages a few at a time, the first reading the outline
 * before its pages, as folio's page-parallel reader does.
 *
 * scripts/bench times it beside folio and pdftotext: its time over
 * pdftotext's is the floor folio's own ratio cannot go under through
 * poppler-glib, and folio's time over its time is folio's own work (lines,
 * strip, segment, emit, the output).  Not installed; not a test.
 *
 *   poppler-floor [-j N] FILE.pdf
 *
 * Exits 0, or 1 with a one-line error when the file cannot be read or
 * opened. */
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 4 /* pages a worker takes at a time, as folio's do */

typedef struct {
  GBytes *data;
  int n_pages;
  gint next_chunk;
  gint failed;
  gint outline_taken; /* by the first worker */
  guint64 glyphs; /* what was read, summed, so that it is used */
} Shared;

static PopplerDocument *
open_document (GBytes *data, GError **error)
{
  /* as folio opens a PDF without a password: read in place */
  return poppler_document_new_from_bytes (data, NULL, error);
}

static guint64
read_page (PopplerDocument *pdf, int index)
{
  PopplerPage *page = poppler_document_get_page (pdf, index);
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  GList *attrs;
  double width, height;
  char *label, *text;
  guint64 n = 0;

  if (page == NULL)
    return 0;
  poppler_page_get_size (page, &width, &height);
  label = poppler_page_get_label (page);
  text = poppler_page_get_text (page);
  if (text != NULL && *text != '\0')
    {
      if (!poppler_page_get_text_layout (page, &rects, &n_rects))
        n_rects = 0;
      attrs = poppler_page_get_text_attributes (page);
      n = n_rects + g_list_length (attrs) + strlen (text);
      poppler_page_free_text_attributes (attrs);
      g_free (rects);
    }
  g_free (text);
  g_free (label);
  g_object_unref (page);
  return n;
}

static void read_outline (PopplerDocument *pdf);

static gpointer
worker (gpointer data)
{
  Shared *sh = data;
  g_autoptr (GError) error = NULL;
  PopplerDocument *pdf = open_document (sh->data, &error);
  guint64 n = 0;

  if (pdf == NULL)
    {
      g_atomic_int_set (&sh->failed, 1);
      return NULL;
    }
  if (g_atomic_int_compare_and_exchange (&sh->outline_taken, 0, 1))
    read_outline (pdf);
  for (;;)
    {
      int from = g_atomic_int_add (&sh->next_chunk, 1) * CHUNK;

      if (from >= sh->n_pages)
        break;
      for (int i = from; i < from + CHUNK && i < sh->n_pages; i++)
        n += read_page (pdf, i);
    }
  g_object_unref (pdf);
  return GSIZE_TO_POINTER ((gsize) n);
}

static guint
walk_outline (PopplerDocument *pdf, PopplerIndexIter *iter)
{
  guint n = 0;

  do
    {
      PopplerAction *action = poppler_index_iter_get_action (iter);
      PopplerIndexIter *child;

      n++;
      if (action != NULL && action->type == POPPLER_ACTION_GOTO_DEST
          && action->goto_dest.dest != NULL
          && action->goto_dest.dest->type == POPPLER_DEST_NAMED)
        {
          PopplerDest *dest = poppler_document_find_dest (pdf, action->goto_dest.dest->named_dest);

          if (dest != NULL)
            poppler_dest_free (dest);
        }
      if (action != NULL)
        poppler_action_free (action);
      child = poppler_index_iter_get_child (iter);
      if (child != NULL)
        {
          n += walk_outline (pdf, child);
          poppler_index_iter_free (child);
        }
    }
  while (poppler_index_iter_next (iter));
  return n;
}

static void
read_outline (PopplerDocument *pdf)
{
  PopplerIndexIter *iter = poppler_index_iter_new (pdf);

  if (iter != NULL)
    {
      walk_outline (pdf, iter);
      poppler_index_iter_free (iter);
    }
}

/* The document information, as folio reads it. */
static void
read_info (PopplerDocument *pdf)
{
  char *s[] = {
    poppler_document_get_title (pdf),    poppler_document_get_author (pdf),
    poppler_document_get_subject (pdf),  poppler_document_get_keywords (pdf),
    poppler_document_get_creator (pdf),  poppler_document_get_producer (pdf),
    poppler_document_get_pdf_version_string (pdf),
  };
  GDateTime *created = poppler_document_get_creation_date_time (pdf);
  GDateTime *modified = poppler_document_get_modification_date_time (pdf);

  for (gsize i = 0; i < G_N_ELEMENTS (s); i++)
    g_free (s[i]);
  if (created)
    g_date_time_unref (created);
  if (modified)
    g_date_time_unref (modified);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMappedFile) file = NULL;
  g_autoptr (GBytes) data = NULL;
  PopplerDocument *pdf;
  Shared sh = { 0 };
  const char *path;
  int threads = 1;

  if (argc == 4 && strcmp (argv[1], "-j") == 0)
    {
      threads = atoi (argv[2]);
      path = argv[3];
    }
  else if (argc == 2)
    path = argv[1];
  else
    {
      fprintf (stderr, "usage: poppler-floor [-j N] FILE.pdf\n");
      return 2;
    }
  if (threads < 1)
    threads = 1;
  file = g_mapped_file_new (path, FALSE, &error);
  if (file == NULL)
    {
      fprintf (stderr, "poppler-floor: %s\n", error->message);
      return 1;
    }
  data = g_mapped_file_get_bytes (file);
  pdf = open_document (data, &error);
  if (pdf == NULL)
    {
      fprintf (stderr, "poppler-floor: %s: %s\n", path, error->message);
      return 1;
    }
  read_info (pdf);
  sh.data = data;
  sh.n_pages = poppler_document_get_n_pages (pdf);

  GThread *workers[threads > 1 ? threads : 1];
  if (threads > 1)
    {
      for (int i = 0; i < threads; i++)
        workers[i] = g_thread_new ("floor", worker, &sh);
      g_clear_object (&pdf);
      for (int i = 0; i < threads; i++)
        sh.glyphs += GPOINTER_TO_SIZE (g_thread_join (workers[i]));
    }
  else
    {
      read_outline (pdf);
      for (int i = 0; i < sh.n_pages; i++)
        sh.glyphs += read_page (pdf, i);
    }
  if (sh.failed)
    {
      fprintf (stderr, "poppler-floor: %s: cannot open again for a worker\n", path);
      return 1;
    }
  g_clear_object (&pdf);
  printf ("%d pages, %" G_GUINT64_FORMAT " glyphs and attributes\n", sh.n_pages, sh.glyphs);
  return 0;
}
