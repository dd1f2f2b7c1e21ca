/* Shared between the PDF and text back ends of folio-extract. */
#pragma once

#include "folio/folio-extract.h"
#include "folio-map-private.h"
#include "folio-thread-private.h"

#include <sys/stat.h>

typedef struct _FolioExtractBackend FolioExtractBackend;

struct _FolioExtractor {
  FolioDocument *doc;        /* header only */
  GBytes *data;              /* (nullable) the source bytes; NULL when read in place (fd) */
  FolioMap *map;             /* (nullable) data's mapping, when the file is mapped */
  int map_fd;                /* the file mapped, kept open to tell whether it changed; or -1 */
  guint since_release;       /* pages read since the mapping was last given back */
  guint release_every;       /* ... and how many between (next_page (), the workers) */
  int fd;                    /* the PDF file read in place (FOLIO_EXTRACT_IN_MEMORY_MAX),
                              * each poppler document through a dup of it; -1 when
                              * the bytes are in memory */
  struct stat fd_stat;       /* the file (read in place or mapped) as it was opened,
                              * to tell whether it changed */
  gboolean fd_encrypted;     /* its trailer has an /Encrypt entry (has_encrypt_entry) */
  GThread *sha_thread;       /* (nullable) computing doc->sha256; see finish_sha */
  gboolean sha_later;        /* doc->sha256 not begun: made when wanted; see finish_sha */
  gboolean encrypt_later;    /* doc->encrypted not yet looked for (has_encrypt_entry),
                              * in @data: when wanted, with the sha256; see finish_sha */
  FolioThread *trim_thread;  /* (nullable) giving the workers' memory back; see take_document */
  GPtrArray *done_workers;   /* (nullable) (element-type GThread) workers past their last
                              * page, still letting go of their documents: joined
                              * off the reader's path (take_document) */
  guint next;                /* next page index to read (1-based) */
  guint64 n_chars;           /* non-space characters extracted so far */
  double page_timeout;       /* seconds; 0 for no limit */
  GArray *skipped;           /* (element-type guint) pages skipped, in order */
  GPtrArray *skip_reasons;   /* (element-type utf8) why, one per skipped page */
  guint abandoned;           /* threads left reading a page (or the outline) past the timeout */
  gboolean outline_skipped;  /* the outline took longer than the timeout: none given */
  gpointer backend;          /* the back end's state */
  GDestroyNotify backend_free;
  /* Reads page @index with @state: ex->backend, or a worker's own. */
  FolioPage *(*read_page) (FolioExtractor *ex, gpointer state, guint index, GError **error);
  /* (nullable) A state of its own for a worker thread (freed with
   * backend_free); NULL when the back end reads in one thread only. */
  gpointer (*open_worker) (FolioExtractor *ex, GError **error);
  /* (nullable) Lets @backend's document go once workers read the pages and
   * the header is done; what opens a worker stays (a worker may yet be
   * started, in place of one left behind past the timeout). */
  void (*backend_idle) (gpointer backend);
  /* (nullable) What the back end left of the header (the PDF outline),
   * run once with @backend before the header is seen or the first page
   * read: folio_extractor_finish_header. */
  void (*finish_header) (FolioExtractor *ex);
  /* (nullable) What finish_header does, for a worker with its @state:
   * the outline of a document of @page_count pages, into @outline
   * (element-type FolioOutlineEntry) and *@truncated.  Used in its place
   * when workers read the pages and none may be left behind. */
  void (*worker_outline) (gpointer state, guint page_count, GPtrArray *outline,
                          gboolean *truncated);
};

/* Each opens @ex->data, fills @ex->doc (page_count, metadata, ...) and sets
 * the back-end fields. */
gboolean folio_extract_pdf_open (FolioExtractor *ex, const char *password, GError **error);

/* Whether bytes [@p, @p + @len) hold the trailer's "/Encrypt 12 0 R" or
 * "/Encrypt <<", not the word in some uncompressed text. */
gboolean folio_extract_has_encrypt_entry (const guint8 *p, gsize len);
gboolean folio_extract_text_open (FolioExtractor *ex, GError **error);

/* Under --page-timeout, opening a PDF and reading its outline get the
 * timeout, or this many seconds when that is less. */
#define FOLIO_EXTRACT_MIN_WAIT 10.0

/* Runs @run (@data) on a thread of its own (@thread_name), for @seconds at
 * most.  TRUE when it finished in time: @data is the caller's again.
 * FALSE when the time is up: the thread keeps @data and frees it with
 * @free_data if it ever finishes; the caller counts it as abandoned. */
gboolean folio_extract_run_in_time (const char *thread_name, void (*run) (gpointer data),
                                    gpointer data, GDestroyNotify free_data, double seconds);

/* A thread of @ex's left inside poppler past the timeout: counted for
 * folio_extractor_abandoned_threads() and folio_extract_abandoned_total(). */
void folio_extract_note_abandoned (FolioExtractor *ex);

/* One more thread left behind, by any extractor or by an open that failed
 * (folio-extract-abandoned.c). */
void folio_extract_count_abandoned (void);
