/* folio-segment.h: the body as headings, whole paragraphs and list items. */
#pragma once

#include "folio-document.h"

G_BEGIN_DECLS

typedef struct {
  gboolean no_outline;   /* ignore the PDF's bookmarks: typography alone */
  GString *explain;      /* (nullable) receives, one line each, for people, what
                          * looked like a table or footnotes and was left as text, and why */
  gboolean no_boxes;     /* leave every block's boxes empty: for output without
                          * geometry (the document JSON, Markdown), which then
                          * keeps no box per line of the document */
  guint threads;         /* threads segment may use, two at most (a PDF's
                          * tables, page by page; the titles' keys): 0 or 1
                          * for the caller's alone; the blocks are the same */
} FolioSegmentOptions;

#define FOLIO_SEGMENT_OPTIONS_INIT { FALSE, NULL, FALSE, 0 }

/**
 * folio_segment_run:
 * Turns the body lines of @doc (those strip left in the body) into blocks
 * in @doc->blocks: headings with their level, number and the evidence that
 * decided them; footnotes, captions, tables and fields blocks; paragraphs
 * and list items with their lines joined across
 * lines, columns and pages, hyphenation resolved from what the document
 * itself attests, ligatures expanded, NFC.  The body lines are then taken
 * off the pages (furniture stays).
 *
 * Fails with %FOLIO_ERROR_BAD_STREAM when @doc was not stripped first, or
 * was already segmented.
 */
FOLIO_API gboolean folio_segment_run (FolioDocument *doc,
                                      const FolioSegmentOptions *opts,
                                      GError **error);

G_END_DECLS
