/* folio-extract.h: lines, geometry and fonts from PDF or paginated text. */
#pragma once

#include "folio-document.h"

G_BEGIN_DECLS

/* Caps on untrusted input; past them extraction fails with FOLIO_ERROR_LIMIT. */
#define FOLIO_EXTRACT_MAX_PAGES 100000u
#define FOLIO_EXTRACT_MAX_LINE_BYTES (1024u * 1024u)
#define FOLIO_EXTRACT_MAX_OUTLINE_DEPTH 32u
#define FOLIO_EXTRACT_MAX_OUTLINE_ENTRIES 100000u

typedef enum {
  FOLIO_INPUT_AUTO,     /* decide from the content */
  FOLIO_INPUT_PDF,
  FOLIO_INPUT_TEXT,
} FolioInputType;

typedef struct {
  guint first_page;     /* 1-based; 0 means the first page */
  guint last_page;      /* 1-based; 0 means the last page */
  const char *password; /* (nullable) for encrypted PDF */
  FolioInputType input_type;
  guint threads;        /* folio_extract_file(): workers for PDF pages; 0 or 1 for one */
  double page_timeout;  /* seconds a PDF page may take in folio_extractor_read_all()
                         * before it is skipped; 0 for no limit */
  guint64 in_memory_max; /* folio_extractor_open(): a PDF file larger than this
                         * many bytes is read in place, where poppler needs it,
                         * not from memory; 0 for FOLIO_EXTRACT_IN_MEMORY_MAX */
} FolioExtractOptions;

#define FOLIO_EXTRACT_OPTIONS_INIT { 0, 0, NULL, FOLIO_INPUT_AUTO, 1, 0, 0 }

/* The largest PDF file folio_extractor_open() has poppler read from
 * memory (32 MiB), unless FolioExtractOptions.in_memory_max says
 * otherwise: 5 to 17 % faster on a text-heavy PDF than through a stream
 * from the file (pdftotext's way: docs/performance.md).  The file is
 * mapped, not copied, and the mapped pages the reading has used are
 * given back every 64 pages (every MiB of the file, by its average bytes
 * a page, if sooner), so what it holds in memory is what the recent pages
 * needed.  A larger one (a scan, mostly images poppler never
 * reads for text) is read from the file.  A PDF given a password (poppler
 * 22 misreports a wrong one given for a document read from a file as
 * damage) is mapped whatever its size; text, standard input and files
 * that are not regular files are read whole. */
#define FOLIO_EXTRACT_IN_MEMORY_MAX ((guint64) 32 << 20)

/* Called as pages are read: @done of @total. */
typedef void (*FolioExtractProgress) (guint done, guint total, gpointer user_data);

typedef struct _FolioExtractor FolioExtractor;

/**
 * folio_extractor_open:
 * @path: a file, or "-" for standard input
 *
 * Maps the PDF file @path (FOLIO_EXTRACT_IN_MEMORY_MAX; or, past
 * FolioExtractOptions.in_memory_max, reads only its head and, for its
 * sha256, the rest a piece at a time, and poppler then reads it where it
 * needs to), or reads @path whole (text, standard input), decides
 * whether it is a PDF or text from its content, and opens it.  A file mapped or read in place
 * that is written over or cut short meanwhile makes
 * folio_extractor_read_all(), or folio_extractor_next_page() after the
 * last page, fail with %FOLIO_ERROR_NOT_FOUND.  Mapping a file installs a
 * SIGBUS handler (once, keeping the one before for any other fault): a
 * read past the end of a file cut short under the mapping finds zeros
 * rather than end the process.  An application that installs a SIGBUS
 * handler of its own after opening a PDF file should pass the faults that
 * are not its own on to the handler it replaced.  Errors: %FOLIO_ERROR_NOT_FOUND, %FOLIO_ERROR_NOT_SUPPORTED,
 * %FOLIO_ERROR_CORRUPT, %FOLIO_ERROR_ENCRYPTED, %FOLIO_ERROR_LIMIT,
 * %FOLIO_ERROR_INVALID_ARGUMENT (page range); messages name @path.
 *
 * Returns: (transfer full) (nullable): an extractor positioned before the
 * first page of the range.
 */
FOLIO_API FolioExtractor *folio_extractor_open (const char *path,
                                      const FolioExtractOptions *opts,
                                      GError **error);
/**
 * folio_extractor_open_bytes:
 * @data: (nullable): the whole input; the extractor takes a reference
 * @path: what the input is called: its source in the document and the
 *   name in error messages ("-" is "stdin")
 *
 * Like folio_extractor_open(), from bytes in memory (the fuzz targets use it).
 */
FOLIO_API FolioExtractor *folio_extractor_open_bytes (GBytes *data,
                                                      const char *path,
                                                      const FolioExtractOptions *opts,
                                                      GError **error);
FOLIO_API void folio_extractor_free (FolioExtractor *ex);

/**
 * folio_extractor_get_document:
 * Returns: (transfer none): the document's header (source, hash, metadata,
 * outline); pages are not added to it.
 */
FOLIO_API const FolioDocument *folio_extractor_get_document (FolioExtractor *ex);

/**
 * folio_extractor_next_page:
 * Returns: (transfer full) (nullable): the next page of the range with its
 * lines, or %NULL when done (@error unset) or on error.
 */
FOLIO_API FolioPage *folio_extractor_next_page (FolioExtractor *ex, GError **error);

/**
 * folio_extractor_check_text:
 * After the pages are read: fails with %FOLIO_ERROR_PAGES_SKIPPED if pages
 * were skipped (the message lists them and why), or else with
 * %FOLIO_ERROR_NO_TEXT if a PDF gave no text at all (a scan without a text
 * layer).  Both are warnings: the pages read are still valid.
 */
FOLIO_API gboolean folio_extractor_check_text (FolioExtractor *ex, GError **error);

/**
 * folio_extractor_abandoned_threads:
 * Returns: how many threads were left reading a page past the timeout.
 * They may still be inside poppler: a program should end with _exit()
 * rather than run the exit handlers (and poppler's destructors) under them.
 */
FOLIO_API guint folio_extractor_abandoned_threads (FolioExtractor *ex);

/**
 * folio_extract_abandoned_total:
 * Returns: how many threads every extractor of this process has left
 * behind: on pages past the timeout, and opening a PDF that took longer
 * than it (folio_extractor_open() then fails and there is no extractor to
 * ask).  As folio_extractor_abandoned_threads(), a reason to end with
 * _exit().
 */
FOLIO_API guint folio_extract_abandoned_total (void);

/**
 * folio_extractor_read_all:
 * @threads: how many threads read PDF pages, each with a poppler document
 *   of its own (poppler's are not to be shared); 0 or 1 for this thread
 *   only.  The pages come out in order: the document is the same whatever
 *   the number.
 * @progress: (nullable): called in this thread while pages are read
 *
 * Reads the rest of the range.  A page poppler cannot load is skipped (an
 * empty page whose `skipped` says "damaged"), and so is one that takes
 * longer than the options' page_timeout ("timeout"): poppler cannot be
 * interrupted, so the thread reading it is abandoned, with its poppler
 * document, and another takes over the pages after it.  See
 * folio_extractor_check_text() for the warning.
 *
 * Returns: (transfer full) (nullable): the document with its pages; the
 * extractor keeps its header, for folio_extractor_check_text(), and lets
 * go of the source (its bytes, poppler's document) once every page is read.
 */
FOLIO_API FolioDocument *folio_extractor_read_all (FolioExtractor *ex,
                                                   guint threads,
                                                   FolioExtractProgress progress,
                                                   gpointer user_data,
                                                   GError **error);

/**
 * folio_extract_file:
 * Opens @path and reads every page of the range into one document.
 * A PDF without text is not an error here; see folio_extractor_check_text().
 *
 * Returns: (transfer full) (nullable): the document.
 */
FOLIO_API FolioDocument *folio_extract_file (const char *path,
                                   const FolioExtractOptions *opts,
                                   GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioExtractor, folio_extractor_free)

G_END_DECLS
