#include "folio-extract-private.h"
#include "folio/folio-error.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads all of @fd; a GByteArray caps it at 4 GiB, far past any document. */
static GBytes *
read_fd (int fd, const char *name, GError **error)
{
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  struct stat st;

  if (fstat (fd, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND,
                       "%s: is a directory", name);
          return NULL;
        }
      if (S_ISREG (st.st_mode) && st.st_size > 0 && (guint64) st.st_size < G_MAXUINT)
        {
          g_byte_array_unref (buf);
          buf = g_byte_array_sized_new ((guint) st.st_size + 1);
        }
    }
  for (;;)
    {
      guint8 chunk[64 * 1024];
      ssize_t n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND,
                       "%s: cannot read: %s", name, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      if (buf->len > G_MAXUINT - sizeof chunk)
        {
          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_LIMIT,
                       "%s: larger than folio's limit of 4 GiB", name);
          return NULL;
        }
      g_byte_array_append (buf, chunk, (guint) n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

static GBytes *
read_input (const char *path, GError **error)
{
  GBytes *bytes;
  int fd;

  if (strcmp (path, "-") == 0)
    return read_fd (0, "stdin", error);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND,
                   "%s: cannot open: %s", path, g_strerror (saved));
      return NULL;
    }
  bytes = read_fd (fd, path, error);
  close (fd);
  return bytes;
}

static gboolean
has_prefix_ci (const guint8 *p, gsize len, const char *prefix)
{
  gsize n = strlen (prefix);

  return len >= n && g_ascii_strncasecmp ((const char *) p, prefix, n) == 0;
}

/* What a non-PDF file looks like, for the error message. */
static const char *
describe_content (const guint8 *p, gsize len)
{
  gsize i = 0;

  if (len >= 8 && memcmp (p, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "a PNG image";
  if (len >= 3 && memcmp (p, "\xff\xd8\xff", 3) == 0)
    return "a JPEG image";
  if (len >= 4 && memcmp (p, "PK\x03\x04", 4) == 0)
    return "a ZIP archive (or an office document)";
  if (len >= 2 && memcmp (p, "\x1f\x8b", 2) == 0)
    return "gzip-compressed (gunzip it first)";
  if (len >= 4 && (memcmp (p, "II*\0", 4) == 0 || memcmp (p, "MM\0*", 4) == 0))
    return "a TIFF image";
  while (i < len && i < 512 && g_ascii_isspace (p[i]))
    i++;
  if (has_prefix_ci (p + i, len - i, "<!doctype html") || has_prefix_ci (p + i, len - i, "<html")
      || has_prefix_ci (p + i, len - i, "<head"))
    return "HTML (an error page saved instead of the document?)";
  if (has_prefix_ci (p + i, len - i, "<?xml"))
    return "XML";
  return NULL;
}

/* PDF readers accept the header anywhere in the first KiB. */
static gboolean
looks_like_pdf (const guint8 *p, gsize len)
{
  return memmem (p, MIN (len, 1024), "%PDF-", 5) != NULL;
}

static FolioInputType
detect_type (const char *path, GBytes *data, GError **error)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (data, &len);
  const char *what;

  if (looks_like_pdf (p, len))
    return FOLIO_INPUT_PDF;
  what = describe_content (p, len);
  /* A name ending in .pdf promises a PDF: an HTML error page or an image
   * behind it is a failed download, not a text to convert. */
  if (g_str_has_suffix (path, ".pdf") || g_str_has_suffix (path, ".PDF") || what != NULL)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_SUPPORTED,
                   "%s: not a PDF%s%s", path, what ? ": the content is " : " (no %PDF header)",
                   what ? what : "");
      return FOLIO_INPUT_AUTO;
    }
  return FOLIO_INPUT_TEXT;
}

FolioExtractor *
folio_extractor_open (const char *path,
                      const FolioExtractOptions *opts,
                      GError **error)
{
  g_autoptr (GBytes) data = NULL;

  /* A bad range is a usage error whatever the file. */
  if (opts != NULL && opts->first_page > 0 && opts->last_page > 0
      && opts->first_page > opts->last_page)
    return folio_extractor_open_bytes (NULL, path, opts, error);
  data = read_input (path, error);
  if (data == NULL)
    return NULL;
  return folio_extractor_open_bytes (data, path, opts, error);
}

FolioExtractor *
folio_extractor_open_bytes (GBytes *data,
                            const char *path,
                            const FolioExtractOptions *opts,
                            GError **error)
{
  static const FolioExtractOptions defaults = FOLIO_EXTRACT_OPTIONS_INIT;
  g_autoptr (FolioExtractor) ex = NULL;
  FolioInputType type;
  gsize len;
  const guint8 *p;
  const char *name = strcmp (path, "-") == 0 ? "stdin" : path;

  if (opts == NULL)
    opts = &defaults;
  if (opts->first_page > 0 && opts->last_page > 0 && opts->first_page > opts->last_page)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_INVALID_ARGUMENT,
                   "%s: first page %u is after last page %u", name,
                   opts->first_page, opts->last_page);
      return NULL;
    }

  ex = g_new0 (FolioExtractor, 1);
  ex->doc = folio_document_new ();
  ex->doc->source = g_strdup (path);
  folio_document_add_stage (ex->doc, "extract");
  ex->data = data ? g_bytes_ref (data) : g_bytes_new (NULL, 0);
  p = g_bytes_get_data (ex->data, &len);
  ex->doc->size = len;
  ex->doc->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, p, len);

  if (len == 0)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_SUPPORTED,
                   "%s: empty file (0 bytes)", name);
      return NULL;
    }
  type = opts->input_type;
  if (type == FOLIO_INPUT_AUTO)
    {
      type = detect_type (name, ex->data, error);
      if (type == FOLIO_INPUT_AUTO)
        return NULL;
    }

  if (type == FOLIO_INPUT_PDF)
    {
      ex->doc->media_type = FOLIO_MEDIA_PDF;
      if (!folio_extract_pdf_open (ex, opts->password, error))
        return NULL;
    }
  else
    {
      ex->doc->media_type = FOLIO_MEDIA_TEXT;
      if (!folio_extract_text_open (ex, error))
        return NULL;
    }

  if (ex->doc->page_count > FOLIO_EXTRACT_MAX_PAGES)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_LIMIT,
                   "%s: %u pages is past folio's limit of %u", name,
                   ex->doc->page_count, FOLIO_EXTRACT_MAX_PAGES);
      return NULL;
    }
  if (ex->doc->page_count == 0)
    {
      ex->doc->first_page = ex->doc->last_page = 0;
      ex->next = 1;
      return g_steal_pointer (&ex);
    }
  ex->doc->first_page = opts->first_page ? opts->first_page : 1;
  ex->doc->last_page = opts->last_page ? MIN (opts->last_page, ex->doc->page_count)
                                       : ex->doc->page_count;
  if (ex->doc->first_page > ex->doc->page_count)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_INVALID_ARGUMENT,
                   "%s: first page %u is past the last page (%u)", name,
                   ex->doc->first_page, ex->doc->page_count);
      return NULL;
    }
  ex->next = ex->doc->first_page;
  return g_steal_pointer (&ex);
}

void
folio_extractor_free (FolioExtractor *ex)
{
  if (ex == NULL)
    return;
  if (ex->backend_free && ex->backend)
    ex->backend_free (ex->backend);
  folio_document_free (ex->doc);
  if (ex->data)
    g_bytes_unref (ex->data);
  g_free (ex);
}

const FolioDocument *
folio_extractor_get_document (FolioExtractor *ex)
{
  return ex->doc;
}

static guint64
count_chars (const FolioPage *page)
{
  guint64 n = 0;

  for (guint i = 0; i < page->lines->len; i++)
    {
      const FolioLine *line = g_ptr_array_index (page->lines, i);

      for (const char *c = line->text; *c; c++)
        if (!g_ascii_isspace (*c))
          n++;
    }
  return n;
}

FolioPage *
folio_extractor_next_page (FolioExtractor *ex, GError **error)
{
  FolioPage *page;

  if (ex->doc->page_count == 0 || ex->next > ex->doc->last_page)
    return NULL;
  page = ex->read_page (ex, ex->backend, ex->next, error);
  if (page == NULL)
    return NULL;
  ex->next++;
  ex->n_chars += count_chars (page);
  return page;
}

/* ------------------------------------------------------- pages in parallel */

/* Hands the document over; the extractor keeps its header (check_text). */
static FolioDocument *
take_document (FolioExtractor *ex)
{
  FolioDocument *doc = ex->doc;

  ex->doc = folio_document_copy_header (doc);
  return doc;
}

#define CHUNK 4   /* pages a worker takes at a time: small, for balance */

typedef struct {
  FolioExtractor *ex;
  FolioPage **slots;         /* one per page of the rest of the range */
  guint first, count;
  gint next_chunk;           /* atomic */
  gint done;                 /* atomic: pages read */
  GMutex lock;
  GError *error;             /* the first error, under lock */
} Shared;

static gpointer
worker (gpointer data)
{
  Shared *sh = data;
  g_autoptr (GError) local = NULL;
  gpointer state = sh->ex->open_worker (sh->ex, &local);

  while (state != NULL)
    {
      guint chunk = (guint) g_atomic_int_add (&sh->next_chunk, 1);
      guint from = chunk * CHUNK;

      if (from >= sh->count || g_atomic_pointer_get (&sh->error) != NULL)
        break;
      for (guint k = from; k < MIN (from + CHUNK, sh->count); k++)
        {
          sh->slots[k] = sh->ex->read_page (sh->ex, state, sh->first + k, &local);
          if (sh->slots[k] == NULL)
            break;
          g_atomic_int_inc (&sh->done);
        }
      if (local != NULL)
        break;
    }
  if (local != NULL)
    {
      g_mutex_lock (&sh->lock);
      if (sh->error == NULL)
        sh->error = g_steal_pointer (&local);
      g_mutex_unlock (&sh->lock);
    }
  if (state != NULL)
    sh->ex->backend_free (state);
  return NULL;
}

FolioDocument *
folio_extractor_read_all (FolioExtractor *ex, guint threads, FolioExtractProgress progress,
                          gpointer user_data, GError **error)
{
  guint first = ex->next, last = ex->doc->last_page;
  guint count = ex->doc->page_count == 0 || first > last ? 0 : last - first + 1;

  if (threads > count / CHUNK)
    threads = MAX (1, count / CHUNK);
  if (threads <= 1 || ex->open_worker == NULL)
    {
      FolioPage *page;
      g_autoptr (GError) local = NULL;

      while ((page = folio_extractor_next_page (ex, &local)) != NULL)
        {
          g_ptr_array_add (ex->doc->pages, page);
          if (progress)
            progress (page->index - ex->doc->first_page + 1, last - ex->doc->first_page + 1, user_data);
        }
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  else
    {
      Shared sh = { ex, g_new0 (FolioPage *, count), first, count, 0, 0 };
      g_autoptr (GPtrArray) workers = g_ptr_array_new ();

      g_mutex_init (&sh.lock);
      for (guint t = 0; t < threads; t++)
        g_ptr_array_add (workers, g_thread_new ("folio-extract", worker, &sh));
      /* Report progress while the workers read; they never wait on us. */
      while (progress && (guint) g_atomic_int_get (&sh.done) < count && g_atomic_pointer_get (&sh.error) == NULL)
        {
          progress ((guint) g_atomic_int_get (&sh.done), count, user_data);
          g_usleep (100000);
        }
      for (guint t = 0; t < workers->len; t++)
        g_thread_join (g_ptr_array_index (workers, t));
      if (progress)
        progress ((guint) g_atomic_int_get (&sh.done), count, user_data);
      g_mutex_clear (&sh.lock);
      if (sh.error != NULL)
        {
          for (guint k = 0; k < count; k++)
            folio_page_free (sh.slots[k]);
          g_free (sh.slots);
          g_propagate_error (error, sh.error);
          return NULL;
        }
      /* In page order: the same document as one thread reads. */
      for (guint k = 0; k < count; k++)
        {
          ex->n_chars += count_chars (sh.slots[k]);
          g_ptr_array_add (ex->doc->pages, sh.slots[k]);
        }
      g_free (sh.slots);
      ex->next = last + 1;
    }
  return take_document (ex);
}

gboolean
folio_extractor_check_text (FolioExtractor *ex, GError **error)
{
  if (ex->doc->media_type == FOLIO_MEDIA_PDF && ex->doc->page_count > 0 && ex->n_chars == 0)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NO_TEXT,
                   "%s: no text layer on pages %u-%u (a scan? run OCR first)",
                   strcmp (ex->doc->source, "-") == 0 ? "stdin" : ex->doc->source,
                   ex->doc->first_page, ex->doc->last_page);
      return FALSE;
    }
  return TRUE;
}

FolioDocument *
folio_extract_file (const char *path, const FolioExtractOptions *opts, GError **error)
{
  g_autoptr (FolioExtractor) ex = folio_extractor_open (path, opts, error);

  if (ex == NULL)
    return NULL;
  return folio_extractor_read_all (ex, opts ? opts->threads : 1, NULL, NULL, error);
}
