/* folio-emit.h: the document JSON (docs/folio.schema.json), or Markdown. */
#pragma once

#include "folio-document.h"

G_BEGIN_DECLS

#define FOLIO_FORMAT_NAME "folio"
#define FOLIO_FORMAT_VERSION "1.1"

typedef enum {
  FOLIO_EMIT_JSON,
  FOLIO_EMIT_MARKDOWN,
} FolioEmitFormat;

typedef struct {
  FolioEmitFormat format;
} FolioEmitOptions;

#define FOLIO_EMIT_OPTIONS_INIT { FOLIO_EMIT_JSON }

/**
 * folio_emit_run:
 * @out: where the text goes (appended)
 *
 * Writes @doc as the document JSON: source, metadata, pages, furniture
 * grouped by template, and the tree of sections with their blocks, each
 * with an id made from its heading path and an ordinal, so an unchanged
 * section keeps its id in the next draft.  Or as Markdown, for reading.
 *
 * Fails with %FOLIO_ERROR_BAD_STREAM when @doc was not segmented first.
 */
FOLIO_API gboolean folio_emit_run (const FolioDocument *doc,
                                   const FolioEmitOptions *opts,
                                   GString *out,
                                   GError **error);

/**
 * FolioEmitWriteFunc:
 * @text: the next piece of the output (not NUL-terminated)
 * @len: its length in bytes, never 0
 *
 * Returns: FALSE, with @error set, when the piece could not be written;
 * folio_emit_write() then writes nothing more and fails with that error.
 */
typedef gboolean (*FolioEmitWriteFunc) (const char *text, gsize len, gpointer data, GError **error);

/**
 * folio_emit_write:
 * @write: called with the output in pieces of about 64 KiB, in order
 *
 * The same bytes as folio_emit_run(), handed to @write as they are made
 * rather than gathered whole: the memory it takes does not grow with the
 * document.  Fails as folio_emit_run() does, or with @write's error.
 */
FOLIO_API gboolean folio_emit_write (const FolioDocument *doc,
                                     const FolioEmitOptions *opts,
                                     FolioEmitWriteFunc write,
                                     gpointer data,
                                     GError **error);

/**
 * folio_emit_block_ids:
 * @doc: a segmented document
 *
 * The id the document JSON gives each block of @doc: for a heading, the id
 * of the section it opens; for a paragraph or list item, its block id.
 * Made by the same code as folio_emit_run(), so the two always agree.
 *
 * Returns: (transfer full) (element-type utf8): one id per element of
 * @doc->blocks, in the same order; NULL with FOLIO_ERROR_BAD_STREAM when
 * @doc was not segmented.
 */
FOLIO_API GPtrArray *folio_emit_block_ids (const FolioDocument *doc, GError **error);

G_END_DECLS
