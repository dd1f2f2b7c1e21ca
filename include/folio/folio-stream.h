/* folio-stream.h: the folio stream codec (JSON Lines, docs/stream-format.md). */
#pragma once

#include <gio/gio.h>
#include "folio-document.h"

G_BEGIN_DECLS

#define FOLIO_STREAM_FORMAT "folio-stream"
#define FOLIO_STREAM_VERSION "1.4"
#define FOLIO_STREAM_VERSION_MAJOR 1

/* Caps on untrusted streams; past them the reader fails with FOLIO_ERROR_LIMIT. */
#define FOLIO_STREAM_MAX_RECORD_BYTES (64u * 1024u * 1024u)
#define FOLIO_STREAM_MAX_PAGES 100000u
#define FOLIO_STREAM_MAX_DEPTH 64u
/* Columns of a table row (cells, or the spans of its cells summed): every
 * writer pads a table's rows to the widest. */
#define FOLIO_STREAM_MAX_COLUMNS 1000u

typedef struct _FolioStreamWriter FolioStreamWriter;

/**
 * folio_stream_writer_new:
 * @out: where the stream goes; the writer takes a reference
 * @name: (nullable): what to call @out in error messages ("stdout", a path)
 *
 * Returns: (transfer full): a writer.  Records are buffered; call
 * folio_stream_writer_finish() to write the `end` record and flush.
 */
FOLIO_API FolioStreamWriter *folio_stream_writer_new (GOutputStream *out, const char *name);
FOLIO_API void folio_stream_writer_free (FolioStreamWriter *writer);

/* The `document` record (no pages); must come first. */
FOLIO_API gboolean folio_stream_writer_add_document (FolioStreamWriter *writer,
                                           const FolioDocument *doc,
                                           GError **error);
/* A `page` record followed by the page's `line` records. */
FOLIO_API gboolean folio_stream_writer_add_page (FolioStreamWriter *writer,
                                       const FolioPage *page,
                                       GError **error);
/* A `heading`, `paragraph` or `list-item` record; after all pages. */
FOLIO_API gboolean folio_stream_writer_add_block (FolioStreamWriter *writer,
                                                  const FolioBlock *block,
                                                  GError **error);
/* The `end` record, then flush.  A stream without it is incomplete. */
FOLIO_API gboolean folio_stream_writer_finish (FolioStreamWriter *writer, GError **error);

/**
 * folio_stream_write:
 * Writes @doc with all its pages as one complete stream.
 */
FOLIO_API gboolean folio_stream_write (GOutputStream *out,
                             const char *name,
                             const FolioDocument *doc,
                             GError **error);

/**
 * folio_stream_read:
 * @in: the stream to read to its end
 * @name: what to call @in in error messages
 *
 * Reads and checks a whole folio stream.  A malformed stream fails with
 * %FOLIO_ERROR_BAD_STREAM and a message "NAME:LINE: what is wrong"; one past
 * folio's caps with %FOLIO_ERROR_LIMIT.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL on error.
 */
FOLIO_API FolioDocument *folio_stream_read (GInputStream *in, const char *name, GError **error);

/* Same, from a file; "-" is standard input. */
FOLIO_API FolioDocument *folio_stream_read_file (const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioStreamWriter, folio_stream_writer_free)

G_END_DECLS
