#include "folio-extract-private.h"
#include "folio-sha256-private.h"
#include "folio-document-private.h"
#include "folio/folio-error.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Memory for a file's bytes read whole (standard input, text, a file that
 * cannot be mapped: a PDF file is mapped, folio-map-private.h), in the
 * 2 MiB pages the kernel can give an anonymous mapping (transparent huge
 * pages, asked for with madvise).
 * A fresh 4 KiB page costs a fault, and on the virtual machines folio is
 * measured on a fault takes some 13 µs: reading a 2 MB PDF into ordinary
 * memory took about 10 ms, a sixteenth of all pdftotext takes for it, and
 * 0.7 ms into huge pages.  Where the kernel has none, these are ordinary
 * pages, as before. */
#define HUGE_PAGE (2u << 20)
#define HUGE_READ_MIN (1u << 20)

typedef struct {
  void *base;
  gsize length;
} Mapping;

static void
mapping_free (gpointer data)
{
  Mapping *m = data;

  munmap (m->base, m->length);
  g_free (m);
}

/* Reads the @size bytes of a regular file from @from on (where @fd
 * stands: standard input may come in part read) into huge pages; NULL
 * when they cannot be had or the file has changed size (the caller then
 * reads it the ordinary way, from @from). */
static GBytes *
read_huge (int fd, off_t from, gsize size)
{
  gsize length = (size + 1 + HUGE_PAGE - 1) & ~(gsize) (HUGE_PAGE - 1);
  gsize got = 0;
  char *region, *base;
  Mapping *m;

  /* One huge page more than needed, to find a boundary inside. */
  region = mmap (NULL, length + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED)
    return NULL;
  base = (char *) (((guintptr) region + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));
  if (base > region)
    munmap (region, (gsize) (base - region));
  munmap (base + length, (gsize) (region + HUGE_PAGE - base));
  madvise (base, length, MADV_HUGEPAGE);
  while (got < length)
    {
      ssize_t n = pread (fd, base + got, MIN (length - got, (gsize) 1 << 24), from + (off_t) got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got += (gsize) n;
    }
  if (got != size)
    {
      munmap (base, length);
      return NULL;
    }
  m = g_new (Mapping, 1);
  m->base = base;
  m->length = length;
  return g_bytes_new_with_free_func (base, size, mapping_free, m);
}

/* Reads all of @fd; a GByteArray caps it at 4 GiB, far past any document. */
static GBytes *
read_fd (int fd, const char *name, GError **error)
{
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  struct stat st;

  if (fstat (fd, &st) == 0)
    {
      off_t from;

      if (S_ISDIR (st.st_mode))
        {
          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND,
                       "%s: is a directory", name);
          return NULL;
        }
      from = S_ISREG (st.st_mode) ? lseek (fd, 0, SEEK_CUR) : -1;
      if (from >= 0 && st.st_size - from >= HUGE_READ_MIN && (guint64) st.st_size < G_MAXUINT)
        {
          GBytes *bytes = read_huge (fd, from, (gsize) (st.st_size - from));

          if (bytes != NULL)
            return bytes;
          /* (read_huge reads with pread: the ordinary way starts over.) */
          if (lseek (fd, from, SEEK_SET) != from)
            {
              g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND,
                           "%s: cannot read: %s", name, g_strerror (errno));
              return NULL;
            }
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
detect_type (const char *path, const guint8 *p, gsize len, GError **error)
{
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

static FolioExtractor *open_source (GBytes *data, FolioMap *map, int fd, const struct stat *st,
                                    const guint8 *head, gsize head_len, const char *path,
                                    const FolioExtractOptions *opts, GError **error);

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
  if (strcmp (path, "-") == 0)
    data = read_fd (0, "stdin", error);
  else
    {
      int fd = open (path, O_RDONLY | O_CLOEXEC);
      guint64 max = opts && opts->in_memory_max ? opts->in_memory_max : FOLIO_EXTRACT_IN_MEMORY_MAX;
      struct stat st;
      gboolean regular;

      if (fd < 0)
        {
          int saved = errno;

          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND,
                       "%s: cannot open: %s", path, g_strerror (saved));
          return NULL;
        }
      regular = fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > 0
                && (guint64) st.st_size < G_MAXUINT;
      /* A PDF file (its head says whether it is one) is mapped
       * (folio-map-private.h), not copied: a long one then holds in
       * memory what its recent pages need, not all of it.  A large one is
       * read in place (FOLIO_EXTRACT_IN_MEMORY_MAX), but not with a
       * password.  Text is read whole, as are files not regular. */
      if (regular && (opts == NULL || opts->input_type != FOLIO_INPUT_TEXT))
        {
          guint8 head[1024];
          ssize_t n;

          do
            n = pread (fd, head, sizeof head, 0);
          while (n < 0 && errno == EINTR);
          if (n > 0 && ((opts && opts->input_type == FOLIO_INPUT_PDF)
                        || looks_like_pdf (head, (gsize) n)))
            {
              FolioMap *map = NULL;

              if ((guint64) st.st_size > max && (opts == NULL || opts->password == NULL))
                return open_source (NULL, NULL, fd, &st, head, (gsize) n, path, opts, error);
              data = folio_map_file (fd, (gsize) st.st_size, &map);
              if (data != NULL)
                return open_source (data, map, fd, &st, NULL, 0, path, opts, error);
            }
        }
      data = read_fd (fd, path, error);
      close (fd);
    }
  if (data == NULL)
    return NULL;
  return folio_extractor_open_bytes (data, path, opts, error);
}

/* The sha256 of a large source is computed on a thread of its own, while
 * poppler opens the document and its pages are read, when that pays.
 * Without the CPU's SHA extensions, at some 50 instructions a byte, it is
 * 5 % of a short PDF's conversion: a thread from the start.  With them it
 * is a few instructions a byte (2 ms for 3.6 MB), and a thread would cost
 * more than it saves where the pages are read on one thread: once a
 * process has a second thread, glibc's malloc locks its arena for every
 * call, and poppler makes millions of them (the 400-page file at -j 1:
 * 229 against 223 ms, 30 rounds).  So then it waits until it is wanted
 * (finish_sha ()), or until workers read the pages, when the reader makes
 * it after the outline, while it waits for their first pages
 * (read_parallel ()). */
#define SHA_THREAD_MIN (256 * 1024)

/* The sha256 of @bytes; those of the mapping @map (nullable) are given
 * back a piece at a time as they are read, which would otherwise all be
 * in memory at once (at the end of the pages, on one thread). */
static char *
sha_of (GBytes *bytes, FolioMap *map)
{
  enum { PIECE = 1 << 20 };
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);
  FolioSha256 sha;

  if (map == NULL)
    return folio_sha256_hex (p, len);
  folio_sha256_init (&sha);
  for (gsize at = 0; at < len; at += PIECE)
    {
      gsize n = MIN ((gsize) PIECE, len - at);

      folio_sha256_update (&sha, p + at, n);
      folio_map_release (map, at, n);
    }
  return folio_sha256_finish (&sha);
}

typedef struct {
  GBytes *bytes;
  FolioMap *map; /* (nullable) the bytes' */
} ShaJob;

static gpointer
sha_thread (gpointer data)
{
  ShaJob *job = data;
  char *hex = sha_of (job->bytes, job->map);

  g_bytes_unref (job->bytes);
  g_free (job);
  return hex;
}

/* The rest of the header the back end left for later; before anyone sees
 * the header, and before the first page is read (with workers, while they
 * read theirs). */
static void
finish_header (FolioExtractor *ex)
{
  void (*finish) (FolioExtractor *ex) = g_steal_pointer (&ex->finish_header);

  if (finish != NULL && ex->backend != NULL)
    finish (ex);
}

/* What was left for later of reading the whole of @ex->data: its sha256
 * (ex->sha_later) and whether it has a trailer's /Encrypt entry
 * (ex->encrypt_later), in one pass, a piece at a time, each piece of a
 * mapping given back once read.  Left for later so that with workers
 * they are done while the pages are read, not before (the search took
 * 0.4 ms of a 2 MB file's start). */
static void
scan_later (FolioExtractor *ex)
{
  enum { PIECE = 1 << 20, OVERLAP = 4096 };
  gboolean want_sha = ex->sha_later, want_encrypt = ex->encrypt_later;
  gsize len;
  const guint8 *p = g_bytes_get_data (ex->data, &len);
  FolioSha256 sha;

  ex->sha_later = ex->encrypt_later = FALSE;
  if (want_sha)
    folio_sha256_init (&sha);
  for (gsize at = 0; at < len; at += PIECE)
    {
      gsize n = MIN ((gsize) PIECE, len - at);
      /* each piece searched with the end of the one before, so that an
       * entry across the seam is seen whole */
      gsize from = at >= OVERLAP ? at - OVERLAP : 0;

      if (want_sha)
        folio_sha256_update (&sha, p + at, n);
      if (want_encrypt && folio_extract_has_encrypt_entry (p + from, at + n - from))
        {
          ex->doc->encrypted = TRUE;
          want_encrypt = FALSE;
        }
      if (ex->map != NULL)
        folio_map_release (ex->map, from, at + n - from);
      if (!want_sha && !want_encrypt)
        break;
    }
  if (want_sha)
    {
      g_free (ex->doc->sha256);
      ex->doc->sha256 = folio_sha256_finish (&sha);
    }
}

/* Before anyone sees the header. */
static void
finish_sha (FolioExtractor *ex)
{
  if (ex->sha_later || ex->encrypt_later)
    scan_later (ex);
  if (ex->sha_thread == NULL)
    return;
  g_free (ex->doc->sha256);
  ex->doc->sha256 = g_thread_join (g_steal_pointer (&ex->sha_thread));
}

void
folio_extract_note_abandoned (FolioExtractor *ex)
{
  ex->abandoned++;
  folio_extract_count_abandoned ();
}

/* A job on a thread of its own, waited for a given time at most. */
typedef struct {
  GMutex lock;
  GCond changed;
  gboolean done, abandoned;
  void (*run) (gpointer data);
  gpointer data;
  GDestroyNotify free_data;
} Watched;

static void
watched_free (Watched *w)
{
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->changed);
  if (w->free_data)
    w->free_data (w->data);
  g_free (w);
}

static gpointer
watched_thread (gpointer p)
{
  Watched *w = p;
  gboolean abandoned;

  w->run (w->data);
  g_mutex_lock (&w->lock);
  w->done = TRUE;
  abandoned = w->abandoned;
  g_cond_signal (&w->changed);
  g_mutex_unlock (&w->lock);
  if (abandoned)
    watched_free (w);
  return NULL;
}

gboolean
folio_extract_run_in_time (const char *thread_name, void (*run) (gpointer data), gpointer data,
                           GDestroyNotify free_data, double seconds)
{
  Watched *w = g_new0 (Watched, 1);
  gint64 deadline = g_get_monotonic_time () + MAX ((gint64) (seconds * G_USEC_PER_SEC), 1);
  GThread *thread;

  g_mutex_init (&w->lock);
  g_cond_init (&w->changed);
  w->run = run;
  w->data = data;
  w->free_data = free_data;
  thread = g_thread_new (thread_name, watched_thread, w);
  g_mutex_lock (&w->lock);
  while (!w->done)
    if (!g_cond_wait_until (&w->changed, &w->lock, deadline))
      break;
  if (!w->done)
    {
      /* The thread's now, @data with it. */
      w->abandoned = TRUE;
      g_mutex_unlock (&w->lock);
      g_thread_unref (thread);
      return FALSE;
    }
  g_mutex_unlock (&w->lock);
  g_thread_join (thread);
  w->free_data = NULL; /* @data is the caller's again */
  watched_free (w);
  return TRUE;
}

/* Opening a PDF under --page-timeout: a document poppler is still opening
 * when the time is up is left to its thread (which frees it if it ever
 * finishes). */
typedef struct {
  FolioExtractor *ex;
  char *password;
  gboolean ok;
  GError *error;
} OpenJob;

static void
open_job_free (gpointer data)
{
  OpenJob *job = data;

  folio_extractor_free (job->ex);
  g_free (job->password);
  g_clear_error (&job->error);
  g_free (job);
}

static void
open_run (gpointer data)
{
  OpenJob *job = data;

  job->ok = folio_extract_pdf_open (job->ex, job->password, &job->error);
}

/* folio_extract_pdf_open (), given @seconds at most (@name: the input, for
 * the message).  On success @ex is as that leaves it; past the time, *@ex
 * is NULL (the thread still opening has it) and the error says so. */
static gboolean
pdf_open_in_time (FolioExtractor **ex, const char *name, const char *password, double seconds,
                  GError **error)
{
  OpenJob *job = g_new0 (OpenJob, 1);
  gboolean ok;

  job->ex = *ex;
  job->password = g_strdup (password);
  if (!folio_extract_run_in_time ("folio-open", open_run, job, open_job_free, seconds))
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_LIMIT,
                   "%s: opening the PDF took longer than %g s (--page-timeout)", name, seconds);
      folio_extract_count_abandoned ();
      *ex = NULL;
      return FALSE;
    }
  ok = job->ok;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&job->error));
  job->ex = NULL; /* the caller's again */
  open_job_free (job);
  return ok;
}

/* The error for a file read in place that was written over meanwhile. */
static void
set_changed_error (GError **error, const char *name)
{
  g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND,
               "%s: changed while it was being read (run again)", name);
}

/* The sha256 of the PDF file @fd of @size bytes, and whether it has an
 * /Encrypt entry, read a piece at a time; NULL on @error.  (With the
 * bytes in memory, folio_sha256_hex () and
 * folio_extract_has_encrypt_entry () read them where they are.) */
static char *
scan_file (int fd, guint64 size, const char *name, gboolean *encrypted, GError **error)
{
  /* A piece and, before it, the end of the one before: an entry across
   * the seam is seen whole (the longest it can be, blanks and all, is
   * well under the overlap). */
  enum { PIECE = 1 << 20, OVERLAP = 4096 };
  g_autofree guint8 *buf = g_malloc (OVERLAP + PIECE);
  FolioSha256 sha;
  guint64 at = 0;
  gsize kept = 0;

  folio_sha256_init (&sha);
  *encrypted = FALSE;
  while (at < size)
    {
      ssize_t n = pread (fd, buf + kept, (gsize) MIN ((guint64) PIECE, size - at), (off_t) at);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND, "%s: cannot read: %s", name,
                       g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        {
          set_changed_error (error, name); /* cut short since fstat () */
          return NULL;
        }
      folio_sha256_update (&sha, buf + kept, (gsize) n);
      if (!*encrypted)
        *encrypted = folio_extract_has_encrypt_entry (buf, kept + (gsize) n);
      at += (guint64) n;
      if (kept + (gsize) n > OVERLAP)
        {
          memmove (buf, buf + kept + (gsize) n - OVERLAP, OVERLAP);
          kept = OVERLAP;
        }
      else
        kept += (gsize) n;
    }
  return folio_sha256_finish (&sha);
}

/* What the pages read so far needed of a mapped file is given back every
 * so many pages: the pages after need other parts of it, and the parts
 * they share (the cross-reference table, object streams) are read again
 * from the page cache, a fault for every 16 pages of 4 KiB.  refman.pdf
 * at -j 2 peaks at 55 MB, against 60 with nothing given back and 63 with
 * the file read whole; every 256 pages, 55.3; no slower (6 rounds).  A
 * file of many bytes a page (a scan: poppler reads the images' bytes too)
 * is given back sooner, every MiB of the file by its average, every page
 * at most. */
#define RELEASE_EVERY 64
#define RELEASE_BYTES (1u << 20)

static gboolean source_unchanged (FolioExtractor *ex, GError **error);

/* @error, set on a failure to open or read @ex's source (@ex nullable),
 * becomes "changed while it was being read" when the file mapped or read
 * in place has changed meanwhile: what was wrong may well be that. */
static void
prefer_changed (FolioExtractor *ex, GError **error)
{
  GError *changed = NULL;

  if (ex != NULL && !source_unchanged (ex, &changed))
    {
      g_clear_error (error);
      g_propagate_error (error, changed);
    }
}

/* NULL, for a source that could not be opened: prefer_changed (). */
static FolioExtractor *
open_failed (FolioExtractor *ex, GError **error)
{
  prefer_changed (ex, error);
  return NULL;
}

/* The extractor over @data, or (@data NULL) over the PDF file @fd, whose
 * fstat is @st and first @head_len bytes @head: folio_extractor_open_bytes
 * (), and folio_extractor_open () for a large PDF file.  With @map, @data
 * is the mapping of the file @fd (fstat @st; no head).  Takes @fd. */
static FolioExtractor *
open_source (GBytes *data, FolioMap *map, int fd, const struct stat *st, const guint8 *head,
             gsize head_len, const char *path, const FolioExtractOptions *opts, GError **error)
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
      if (fd >= 0)
        close (fd);
      return NULL;
    }

  ex = g_new0 (FolioExtractor, 1);
  ex->fd = map ? -1 : fd;
  ex->map_fd = map ? fd : -1;
  ex->map = map;
  ex->doc = folio_document_new ();
  ex->doc->source = g_strdup (path);
  folio_document_add_stage (ex->doc, "extract");
  ex->page_timeout = opts->page_timeout > 0 ? opts->page_timeout : 0;
  ex->skipped = g_array_new (FALSE, FALSE, sizeof (guint));
  ex->skip_reasons = g_ptr_array_new_with_free_func (g_free);
  if (st != NULL)
    ex->fd_stat = *st;
  if (ex->fd >= 0)
    {
      ex->doc->size = (guint64) st->st_size;
      ex->doc->sha256 = scan_file (fd, (guint64) st->st_size, name, &ex->fd_encrypted, error);
      if (ex->doc->sha256 == NULL)
        return NULL;
      p = head;
      len = head_len;
    }
  else
    {
      ex->data = data ? g_bytes_ref (data) : g_bytes_new (NULL, 0);
      p = g_bytes_get_data (ex->data, &len);
      ex->doc->size = len;
      if (len >= SHA_THREAD_MIN && folio_sha256_accelerated ())
        ex->sha_later = TRUE;
      else if (len >= SHA_THREAD_MIN)
        {
          ShaJob *job = g_new (ShaJob, 1);

          job->bytes = g_bytes_ref (ex->data);
          job->map = map;
          ex->sha_thread = g_thread_new ("folio-sha256", sha_thread, job);
        }
      else
        ex->doc->sha256 = sha_of (ex->data, map);
    }

  if (len == 0)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_SUPPORTED,
                   "%s: empty file (0 bytes)", name);
      return NULL;
    }
  type = opts->input_type;
  if (type == FOLIO_INPUT_AUTO)
    {
      type = detect_type (name, p, len, error);
      if (type == FOLIO_INPUT_AUTO)
        return open_failed (ex, error);
    }

  if (type == FOLIO_INPUT_PDF)
    {
      ex->doc->media_type = FOLIO_MEDIA_PDF;
      /* As long as a page may take, and 10 s at least: a large or damaged
       * file takes poppler longer to open than a page to read. */
      if (ex->page_timeout > 0 ? !pdf_open_in_time (&ex, name, opts->password, MAX (ex->page_timeout, FOLIO_EXTRACT_MIN_WAIT), error)
                               : !folio_extract_pdf_open (ex, opts->password, error))
        return open_failed (ex, error);
    }
  else
    {
      ex->doc->media_type = FOLIO_MEDIA_TEXT;
      if (!folio_extract_text_open (ex, error))
        return open_failed (ex, error);
    }

  /* What opening read of a mapped file is given back before the pages
   * are read. */
  if (ex->map != NULL)
    {
      guint64 per_page = ex->doc->size / MAX (ex->doc->page_count, 1);

      folio_map_release (ex->map, 0, 0);
      ex->release_every = (guint) CLAMP (RELEASE_BYTES / MAX (per_page, 1), 1, RELEASE_EVERY);
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

FolioExtractor *
folio_extractor_open_bytes (GBytes *data,
                            const char *path,
                            const FolioExtractOptions *opts,
                            GError **error)
{
  return open_source (data, NULL, -1, NULL, NULL, 0, path, opts, error);
}

/* Closes the file read in place or mapped.  (Every poppler document has
 * a descriptor of its own, or the mapping.) */
static void
close_source (FolioExtractor *ex)
{
  if (ex->fd >= 0)
    close (ex->fd);
  ex->fd = -1;
  if (ex->map_fd >= 0)
    close (ex->map_fd);
  ex->map_fd = -1;
}

/* Whether the file read in place or mapped is as it was when opened (its
 * size and modification time, and no read of a mapping past its end):
 * poppler read it piece by piece, and a file written over meanwhile would
 * give a document of two versions, under the first one's sha256.  (A
 * file renamed over it is no matter: the descriptor keeps the one opened,
 * whose change time the rename moves, so that is not compared.)  A
 * mapping's sha256 is made first, from the bytes this vouches for. */
static gboolean
source_unchanged (FolioExtractor *ex, GError **error)
{
  int fd = ex->fd >= 0 ? ex->fd : ex->map_fd;
  struct stat now;

  if (fd < 0)
    return TRUE;
  if (ex->map != NULL)
    finish_sha (ex);
  if ((ex->map == NULL || !folio_map_faulted (ex->map))
      && fstat (fd, &now) == 0 && now.st_size == ex->fd_stat.st_size
      && now.st_mtim.tv_sec == ex->fd_stat.st_mtim.tv_sec
      && now.st_mtim.tv_nsec == ex->fd_stat.st_mtim.tv_nsec)
    return TRUE;
  set_changed_error (error, ex->doc->source);
  return FALSE;
}

/* Joins and frees @threads (nullable). */
static void
join_workers (GPtrArray *threads)
{
  if (threads == NULL)
    return;
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  g_ptr_array_unref (threads);
}

void
folio_extractor_free (FolioExtractor *ex)
{
  if (ex == NULL)
    return;
  close_source (ex);
  ex->sha_later = ex->encrypt_later = FALSE; /* not wanted now */
  finish_sha (ex);
  if (ex->trim_thread)
    folio_thread_join (ex->trim_thread);
  join_workers (g_steal_pointer (&ex->done_workers));
  if (ex->backend_free && ex->backend)
    ex->backend_free (ex->backend);
  folio_document_free (ex->doc);
  if (ex->skipped)
    g_array_unref (ex->skipped);
  if (ex->skip_reasons)
    g_ptr_array_unref (ex->skip_reasons);
  if (ex->data)
    g_bytes_unref (ex->data);
  g_free (ex);
}

const FolioDocument *
folio_extractor_get_document (FolioExtractor *ex)
{
  finish_header (ex);
  finish_sha (ex);
  return ex->doc;
}

static guint64
count_chars (const FolioPage *page)
{
  guint64 n = 0;

  for (guint i = 0; i < page->lines->len; i++)
    {
      const FolioLine *line = g_ptr_array_index (page->lines, i);

      for (const char *c = folio_line_text (line); *c; c++)
        if (!g_ascii_isspace (*c))
          n++;
    }
  return n;
}

/* Counts @page's text, and notes it if it was skipped. */
static void
note_page (FolioExtractor *ex, const FolioPage *page)
{
  ex->n_chars += count_chars (page);
  if (page->skipped != NULL)
    {
      g_array_append_val (ex->skipped, page->index);
      if (strcmp (page->skipped, "timeout") == 0)
        g_ptr_array_add (ex->skip_reasons,
                         g_strdup_printf ("took longer than %g s, --page-timeout", ex->page_timeout));
      else
        g_ptr_array_add (ex->skip_reasons, g_strdup ("damaged: poppler cannot load it"));
    }
}

FolioPage *
folio_extractor_next_page (FolioExtractor *ex, GError **error)
{
  FolioPage *page;

  finish_header (ex);
  if (ex->doc->page_count == 0 || ex->next > ex->doc->last_page)
    {
      source_unchanged (ex, error);
      return NULL;
    }
  page = ex->read_page (ex, ex->backend, ex->next, error);
  if (page == NULL)
    {
      prefer_changed (ex, error);
      return NULL;
    }
  ex->next++;
  note_page (ex, page);
  if (ex->map != NULL && ++ex->since_release >= ex->release_every)
    {
      folio_map_release (ex->map, 0, 0);
      ex->since_release = 0;
    }
  return page;
}

/* ------------------------------------------------------- pages in parallel */

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
/* Takes @data, the workers to join first (nullable): what they free is
 * then given back too. */
static gpointer
trim_thread (gpointer data)
{
  join_workers (data);
  malloc_trim (0);
  return NULL;
}
#endif

/* Hands the document over; the extractor keeps its header (check_text).
 * Every page is read by then, so the back end (poppler's document: its
 * cross-reference table and parsed objects) and the source bytes go too:
 * strip and segment would otherwise carry them, some 15 MiB on a long
 * PDF, to the end of the run. */
static FolioDocument *
take_document (FolioExtractor *ex, gboolean workers)
{
  FolioDocument *doc = ex->doc;

  finish_header (ex);
  finish_sha (ex);
  if (ex->backend_free && ex->backend)
    ex->backend_free (ex->backend);
  ex->backend = NULL;
  ex->map = NULL; /* the bytes' */
  g_clear_pointer (&ex->data, g_bytes_unref);
  close_source (ex);
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  /* What the workers' arenas held (their poppler documents, the pages
   * they packed) is free now, but glibc returns a thread arena's memory
   * to the system only when asked.  Not under AddressSanitizer: its
   * allocator leaves glibc's unused, so there is nothing to trim, and
   * glibc sets its arenas up on first use, here, where two of folio
   * batch's workers doing so at once crashed (1 run in 40).  Nor when
   * this thread read the pages: what it freed is in its own arena, where
   * strip and segment take it again; trimming cost 1.5 ms on the 400-page
   * file and 4 on refman.pdf, for the same peak.  On a thread of its
   * own, while strip runs (which takes little memory): it took the reader
   * 1 to 5 ms after the last page.  Started on another core than the
   * reader's (folio-thread-private.h): on the reader's, it waited there
   * for it, or for the kernel to move it. */
  if (workers && ex->trim_thread == NULL)
    {
      ex->trim_thread = folio_thread_new_elsewhere ("folio-trim", trim_thread, ex->done_workers);
      if (ex->trim_thread)
        ex->done_workers = NULL; /* the trim thread's to join */
    }
#endif
  ex->doc = folio_document_copy_header (doc);
  return doc;
}

#define CHUNK 4   /* pages a worker takes at a time: small, for balance */
#define WAKE_EVERY 16 /* pages put in their slots before the reader is woken */

/* A page as one block of memory, handed from a worker to the reader.
 * glibc gives each thread an arena of its own: lines left in a worker's
 * arena stay there, between the holes of poppler's freed objects, for the
 * rest of the run, where strip and segment (on the reader's thread) cannot
 * reuse that memory; -j 2 peaked some 16 MiB above -j 1 on refman.pdf.
 * So a worker packs each page it reads into one block and frees the page
 * itself (its arena reuses that for the next page), and the reader makes
 * the page again in its own arena.  Copying each line straight across
 * would not do: the reader's frees of small blocks go to its thread cache,
 * and its next allocations of the same size take them back from there. */
typedef struct {
  guint index;
  double width, height;
  /* After the lines, every line's segments (FolioSegments, aligned as
   * the lines are), then the strings, NUL-terminated, in this order, those
   * set only: label, printed, skipped, then each line's text and font.
   * The pointers here only say which are set. */
  const char *label, *printed, *skipped;
  guint n_lines;
  FolioLine lines[];
} PackedPage;

/* Above glibc's largest thread-cached size (1,032 bytes): freed by the
 * reader, a packed page goes back to the arena of the worker that made it. */
#define PACKED_MIN 2048

static gsize
packed_len (const char *s)
{
  return s ? strlen (s) + 1 : 0;
}

static char *
pack_str (char *at, const char *s)
{
  gsize n = packed_len (s);

  if (n > 0)
    memcpy (at, s, n);
  return at + n;
}

/* Takes @page; in the worker's thread. */
static PackedPage *
pack_page (FolioPage *page)
{
  gsize size = sizeof (PackedPage) + page->lines->len * sizeof (FolioLine);
  PackedPage *pp;
  FolioSegment *segs;
  char *at;

  size += packed_len (page->label) + packed_len (page->printed) + packed_len (page->skipped);
  for (guint i = 0; i < page->lines->len; i++)
    {
      const FolioLine *l = g_ptr_array_index (page->lines, i);

      /* (Extract marks no line: strip comes after.) */
      g_assert (l->mark == NULL);
      size += l->n_segments * sizeof (FolioSegment) + packed_len (folio_line_text (l)) + packed_len (l->font);
    }
  pp = g_malloc (MAX (size, PACKED_MIN));
  pp->index = page->index;
  pp->width = page->width;
  pp->height = page->height;
  pp->label = page->label;
  pp->printed = page->printed;
  pp->skipped = page->skipped;
  pp->n_lines = page->lines->len;
  segs = (FolioSegment *) &pp->lines[pp->n_lines];
  for (guint i = 0; i < page->lines->len; i++)
    {
      const FolioLine *l = g_ptr_array_index (page->lines, i);

      pp->lines[i] = *l;
      if (l->n_segments > 0)
        memcpy (segs, folio_line_segments (l), l->n_segments * sizeof (FolioSegment));
      segs += l->n_segments;
    }
  at = (char *) segs;
  at = pack_str (at, page->label);
  at = pack_str (at, page->printed);
  at = pack_str (at, page->skipped);
  for (guint i = 0; i < page->lines->len; i++)
    {
      const FolioLine *l = g_ptr_array_index (page->lines, i);

      at = pack_str (at, folio_line_text (l));
      at = pack_str (at, l->font);
    }
  folio_page_free (page);
  return pp;
}

/* The next string of a packed page if @set, else NULL. */
static char *
unpack_str (const char **at, const char *set)
{
  char *s;

  if (set == NULL)
    return NULL;
  s = g_strdup (*at);
  *at += strlen (*at) + 1;
  return s;
}

/* The next string of a packed page, interned, if @set, else NULL. */
static const char *
unpack_font (const char **at, const char *set)
{
  const char *s;

  if (set == NULL)
    return NULL;
  s = g_intern_string (*at);
  *at += strlen (*at) + 1;
  return s;
}

/* Takes @pp; in the reader's thread, its lines made in @lines. */
static FolioPage *
unpack_page (PackedPage *pp, FolioLineBlock *lines)
{
  FolioPage *page = folio_page_new (pp->index);
  const FolioSegment *segs = (const FolioSegment *) &pp->lines[pp->n_lines];
  const char *at;

  for (guint i = 0; i < pp->n_lines; i++)
    segs += pp->lines[i].n_segments;
  at = (const char *) segs;
  segs = (const FolioSegment *) &pp->lines[pp->n_lines];
  page->width = pp->width;
  page->height = pp->height;
  page->label = unpack_str (&at, pp->label);
  page->printed = unpack_str (&at, pp->printed);
  page->skipped = unpack_str (&at, pp->skipped);
  for (guint i = 0; i < pp->n_lines; i++)
    {
      const FolioLine *l = &pp->lines[i];
      gsize n = strlen (at);
      FolioLine *line = folio_line_block_add (lines, l->page, at, n, segs, l->n_segments);

      at += n + 1;
      segs += l->n_segments;
      /* the fields as the worker set them, in the page's block */
      *line = *l;
      line->in_block = TRUE;
      line->font = unpack_font (&at, l->font);
    }
  folio_page_take_lines (page, lines);
  g_free (pp);
  return page;
}

typedef struct _Shared Shared;

/* One worker thread, as the reader watches it. */
typedef struct {
  Shared *sh;
  GThread *thread;
  guint index;               /* the page it is reading, 0 between pages; under lock */
  gint64 since;              /* when it began that page (monotonic µs) */
  gboolean abandoned;        /* left behind on a page past the timeout; under lock */
  gboolean finished;         /* out of its loop; under lock */
  gboolean outline;          /* reads the outline first (sh->read_outline) */
} Watch;

/* What the reader and its workers share.  Reference-counted: an abandoned
 * worker may come back from poppler after the reader has returned, so it
 * touches nothing else (not the extractor, not the slots). */
struct _Shared {
  gint refs;                 /* atomic */
  FolioExtractor *ex;        /* only while the reader waits */
  FolioPage *(*read_page) (FolioExtractor *ex, gpointer state, guint index, GError **error);
  GDestroyNotify state_free;
  PackedPage **slots;        /* one per page of the rest of the range; the reader's */
  guint first, count, chunk;
  gint next_chunk;           /* atomic */
  gint done;                 /* atomic: pages in their slots */
  guint unseen;              /* pages put in slots since the reader last looked; under lock */
  FolioMap *map;             /* (nullable) the file's mapping, alive while a worker's
                              * document is (it holds the bytes) */
  guint release_every;       /* pages between givings back of the mapping (ex's) */
  guint since_release;       /* pages read since the last; under lock */
  GMutex lock;
  GCond changed;             /* a page done or a worker finished */
  GError *error;             /* the first error, under lock */
  GPtrArray *watches;        /* (element-type Watch) under lock */
  /* ex->worker_outline, when a worker reads the outline, into @outline
   * (the reader's once that worker is finished) */
  void (*read_outline) (gpointer state, guint page_count, GPtrArray *outline,
                        gboolean *truncated);
  guint page_count;
  GPtrArray *outline;
  gboolean outline_truncated;
};

static void
shared_unref (Shared *sh)
{
  if (!g_atomic_int_dec_and_test (&sh->refs))
    return;
  g_mutex_clear (&sh->lock);
  g_cond_clear (&sh->changed);
  g_clear_error (&sh->error);
  g_ptr_array_unref (sh->watches);
  g_clear_pointer (&sh->outline, g_ptr_array_unref);
  g_free (sh);
}

static gpointer worker (gpointer data);

/* Under lock, or before any worker runs.  @outline: it reads the outline
 * first. */
static void
start_worker (Shared *sh, gboolean outline)
{
  Watch *w = g_new0 (Watch, 1);

  w->sh = sh;
  w->outline = outline;
  g_atomic_int_inc (&sh->refs);
  g_ptr_array_add (sh->watches, w);
  w->thread = g_thread_new ("folio-extract", worker, w);
}

static gpointer
worker (gpointer data)
{
  Watch *w = data;
  Shared *sh = w->sh;
  g_autoptr (GError) local = NULL;
  gpointer state;
  gboolean abandoned = FALSE;

  /* The reader waits for every worker not abandoned, so ex is alive here. */
  state = sh->ex->open_worker (sh->ex, &local);
  if (state != NULL && w->outline)
    sh->read_outline (state, sh->page_count, sh->outline, &sh->outline_truncated);
  while (state != NULL && !abandoned)
    {
      guint chunk = (guint) g_atomic_int_add (&sh->next_chunk, 1);
      guint from = chunk * sh->chunk;

      if (from >= sh->count || g_atomic_pointer_get (&sh->error) != NULL)
        break;
      for (guint k = from; k < MIN (from + sh->chunk, sh->count); k++)
        {
          FolioPage *read;
          PackedPage *page = NULL;
          gboolean release = FALSE;

          g_mutex_lock (&sh->lock);
          w->index = sh->first + k;
          w->since = g_get_monotonic_time ();
          g_mutex_unlock (&sh->lock);

          read = sh->read_page (sh->ex, state, sh->first + k, &local);
          if (read != NULL)
            page = pack_page (read);

          g_mutex_lock (&sh->lock);
          w->index = 0;
          abandoned = w->abandoned;
          if (!abandoned)
            {
              sh->slots[k] = page;
              if (page != NULL)
                g_atomic_int_inc (&sh->done);
              /* The reader is woken for a batch of pages, not each: on
               * two cores busy with workers, each waking took a core from
               * one (the 400-page file: 460 switches). */
              if (++sh->unseen >= WAKE_EVERY || page == NULL)
                g_cond_signal (&sh->changed);
              /* given back by whichever worker reads the page that makes
               * the count, as the pages are read, not as the reader gets
               * round to them (every 16 pages, or fewer) */
              release = sh->map != NULL && ++sh->since_release >= sh->release_every;
              if (release)
                sh->since_release = 0;
            }
          g_mutex_unlock (&sh->lock);
          if (abandoned)
            {
              /* Too late: the page is in its slot as skipped already. */
              g_free (page);
              g_clear_error (&local);
              break;
            }
          if (release)
            folio_map_release (sh->map, 0, 0);
          if (page == NULL)
            break;
        }
      if (local != NULL)
        break;
    }
  g_mutex_lock (&sh->lock);
  if (local != NULL && sh->error == NULL)
    sh->error = g_steal_pointer (&local);
  w->finished = TRUE;
  g_cond_signal (&sh->changed);
  g_mutex_unlock (&sh->lock);
  if (state != NULL)
    sh->state_free (state);
  shared_unref (sh);
  return NULL;
}

/* Reads the range on @threads workers, watched: under lock, the reader
 * skips a page past the timeout and leaves its worker behind. */
static gboolean
read_parallel (FolioExtractor *ex, guint threads, FolioExtractProgress progress,
               gpointer user_data, GError **error)
{
  guint first = ex->next, last = ex->doc->last_page;
  guint count = last - first + 1;
  gint64 timeout_us = (gint64) (ex->page_timeout * G_USEC_PER_SEC);
  gint64 tick_us = progress ? 100000 : G_MAXINT64;
  g_autofree PackedPage **slots = g_new0 (PackedPage *, count);
  g_autofree FolioPage **pages = g_new0 (FolioPage *, count);
  /* where the reader makes each page's lines again, in its own arena */
  g_auto (FolioLineBlock) lines = FOLIO_LINE_BLOCK_INIT;
  guint unpacked = 0;
  Shared *sh = g_new0 (Shared, 1);
  g_autoptr (GPtrArray) to_join = g_ptr_array_new ();
  GError *failed = NULL;

  if (timeout_us > 0)
    {
      timeout_us = MAX (timeout_us, 1);
      tick_us = MIN (tick_us, MAX (timeout_us / 4, 1000));
      tick_us = MIN (tick_us, 50000);
    }
  sh->refs = 1;
  sh->ex = ex;
  sh->read_page = ex->read_page;
  sh->state_free = ex->backend_free;
  sh->map = ex->map;
  sh->release_every = ex->release_every;
  sh->slots = slots;
  sh->first = first;
  sh->count = count;
  /* One page at a time when pages may be skipped: an abandoned worker
   * holds on to no other page. */
  sh->chunk = timeout_us > 0 ? 1 : CHUNK;
  g_mutex_init (&sh->lock);
  g_cond_init (&sh->changed);
  sh->watches = g_ptr_array_new_with_free_func (g_free);

  /* The first worker reads the outline before its pages, unless a worker
   * may be left behind (it would take the outline with it): with the
   * reader's document, the outline's work on the page tree was done
   * once more than needed, on a third thread (folio-extract-pdf.c). */
  if (timeout_us == 0 && ex->finish_header != NULL && ex->worker_outline != NULL)
    {
      ex->finish_header = NULL;
      sh->read_outline = ex->worker_outline;
      sh->page_count = ex->doc->page_count;
      sh->outline = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_outline_entry_free);
    }

  g_mutex_lock (&sh->lock);
  for (guint t = 0; t < threads; t++)
    start_worker (sh, t == 0 && sh->outline != NULL);
  /* The workers have documents of their own: the reader's is free for
   * the header meanwhile, when no worker reads it.  (Timeouts are looked
   * at after it.) */
  g_mutex_unlock (&sh->lock);
  finish_header (ex);
  /* The reader's own document has done its part (the header): let it go
   * now, not after the last page, so that the pages' lines take its
   * memory rather than more (refman.pdf, -j 2: 72 -> 63 MiB at the peak). */
  if (ex->backend_idle && ex->backend)
    ex->backend_idle (ex->backend);
  finish_sha (ex);
  g_mutex_lock (&sh->lock);
  for (;;)
    {
      guint live = 0, ready = unpacked;
      gint64 now;

      /* A slot, once filled, is the reader's, as is a page it put in
       * @pages: those are unpacked as they come, so that at most a few
       * are ever packed, and without the lock, which the workers want. */
      sh->unseen = 0;
      while (ready < count && (pages[ready] != NULL || slots[ready] != NULL))
        ready++;
      if (ready > unpacked)
        {
          g_mutex_unlock (&sh->lock);
          for (; unpacked < ready; unpacked++)
            {
              if (pages[unpacked] == NULL)
                pages[unpacked] = unpack_page (g_steal_pointer (&slots[unpacked]), &lines);
              note_page (ex, pages[unpacked]);
            }
          g_mutex_lock (&sh->lock);
        }
      now = g_get_monotonic_time ();

      for (guint i = 0; i < sh->watches->len; i++)
        {
          Watch *w = g_ptr_array_index (sh->watches, i);

          if (w->abandoned || w->finished)
            continue;
          if (timeout_us > 0 && w->index != 0 && now - w->since > timeout_us)
            {
              FolioPage *skipped = folio_page_new (w->index);

              skipped->skipped = g_strdup ("timeout");
              pages[w->index - first] = skipped;
              g_atomic_int_inc (&sh->done);
              w->abandoned = TRUE;
              folio_extract_note_abandoned (ex);
              /* Another takes over the pages after it. */
              if (sh->error == NULL)
                start_worker (sh, FALSE);
              continue;
            }
          live++;
        }
      if (live == 0)
        break;
      if (progress)
        {
          g_mutex_unlock (&sh->lock);
          progress ((guint) g_atomic_int_get (&sh->done), count, user_data);
          g_mutex_lock (&sh->lock);
        }
      if (tick_us == G_MAXINT64)
        g_cond_wait (&sh->changed, &sh->lock);
      else
        g_cond_wait_until (&sh->changed, &sh->lock, g_get_monotonic_time () + tick_us);
    }
  /* Every worker is finished or abandoned: nothing touches the slots now. */
  for (guint i = 0; i < sh->watches->len; i++)
    {
      Watch *w = g_ptr_array_index (sh->watches, i);

      g_ptr_array_add (to_join, w);
    }
  failed = g_steal_pointer (&sh->error);
  if (failed == NULL && sh->outline != NULL)
    {
      g_ptr_array_extend_and_steal (ex->doc->outline, g_steal_pointer (&sh->outline));
      ex->doc->outline_truncated = sh->outline_truncated;
    }
  g_mutex_unlock (&sh->lock);
  /* A worker past its last page has only its document to let go of
   * (0.4 ms on a short PDF): joined later, while strip runs
   * (take_document ()), unless the reading failed. */
  if (ex->done_workers == NULL)
    ex->done_workers = g_ptr_array_new ();
  for (guint i = 0; i < to_join->len; i++)
    {
      Watch *w = g_ptr_array_index (to_join, i);

      /* The abandoned are detached: they end, if ever, on their own. */
      if (w->abandoned)
        g_thread_unref (w->thread);
      else if (failed == NULL)
        g_ptr_array_add (ex->done_workers, w->thread);
      else
        g_thread_join (w->thread);
    }
  sh->ex = NULL;
  sh->slots = NULL;
  shared_unref (sh);

  if (progress)
    progress (failed ? 0 : count, count, user_data);
  if (failed != NULL)
    {
      for (guint k = 0; k < count; k++)
        {
          g_free (slots[k]);
          folio_page_free (pages[k]);
        }
      g_propagate_error (error, failed);
      return FALSE;
    }
  /* In page order: the same document as one thread reads.  (Those
   * before @unpacked were unpacked and noted as they came.) */
  for (guint k = 0; k < count; k++)
    {
      if (k >= unpacked)
        {
          if (pages[k] == NULL)
            pages[k] = unpack_page (g_steal_pointer (&slots[k]), &lines);
          note_page (ex, pages[k]);
        }
      g_ptr_array_add (ex->doc->pages, pages[k]);
    }
  ex->next = last + 1;
  return TRUE;
}

FolioDocument *
folio_extractor_read_all (FolioExtractor *ex, guint threads, FolioExtractProgress progress,
                          gpointer user_data, GError **error)
{
  guint first = ex->next, last = ex->doc->last_page;
  guint count = ex->doc->page_count == 0 || first > last ? 0 : last - first + 1;
  gboolean watched = ex->page_timeout > 0 && ex->open_worker != NULL && count > 0;
  gboolean serial;

  if (watched)
    threads = CLAMP (threads, 1, count);
  else if (threads > count / CHUNK)
    threads = MAX (1, count / CHUNK);
  serial = !watched && (threads <= 1 || ex->open_worker == NULL);
  if (serial)
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
  else if (!read_parallel (ex, threads, progress, user_data, error))
    {
      prefer_changed (ex, error);
      return NULL;
    }
  else if (!source_unchanged (ex, error))
    return NULL;
  return take_document (ex, !serial);
}

guint
folio_extractor_abandoned_threads (FolioExtractor *ex)
{
  return ex->abandoned;
}

gboolean
folio_extractor_check_text (FolioExtractor *ex, GError **error)
{
  const char *name = strcmp (ex->doc->source, "-") == 0 ? "stdin" : ex->doc->source;

  if (ex->skipped->len > 0)
    {
      g_autoptr (GString) list = g_string_new (NULL);
      guint shown = MIN (ex->skipped->len, 10);

      for (guint i = 0; i < shown; i++)
        g_string_append_printf (list, "%spage %u (%s)", i ? ", " : "",
                                g_array_index (ex->skipped, guint, i),
                                (const char *) g_ptr_array_index (ex->skip_reasons, i));
      if (shown < ex->skipped->len)
        g_string_append_printf (list, " and %u more", ex->skipped->len - shown);
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_PAGES_SKIPPED,
                   "%s: %u page%s skipped, the rest read: %s%s", name, ex->skipped->len,
                   ex->skipped->len == 1 ? "" : "s", list->str,
                   ex->outline_skipped ? "; the outline skipped too" : "");
      return FALSE;
    }
  if (ex->outline_skipped)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_PAGES_SKIPPED,
                   "%s: outline (bookmarks) skipped: reading it took longer than %g s "
                   "(--page-timeout); the pages read", name, MAX (ex->page_timeout, FOLIO_EXTRACT_MIN_WAIT));
      return FALSE;
    }
  if (ex->doc->media_type == FOLIO_MEDIA_PDF && ex->doc->page_count > 0 && ex->n_chars == 0)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NO_TEXT,
                   "%s: no text layer on pages %u-%u (a scan? run OCR first)",
                   name, ex->doc->first_page, ex->doc->last_page);
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
