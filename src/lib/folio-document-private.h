/* folio-document-private.h: a page's lines made in one block of memory. */
#pragma once

#include "folio/folio-document.h"

G_BEGIN_DECLS

/* A long document keeps every line until segment: made one at a time, each
 * would carry malloc's header and rounding, and cost a malloc and a free.
 * Extract makes a page's lines here instead, then gives them to the page
 * in one block of their size.  The builder's room is reused, page after
 * page. */
typedef struct {
  char *buf;
  gsize len, size;
  GArray *offsets;       /* (element-type gsize) where each line starts in @buf */
} FolioLineBlock;

#define FOLIO_LINE_BLOCK_INIT { NULL, 0, 0, NULL }

void folio_line_block_clear (FolioLineBlock *b);

/* A line with @len bytes of @text and a copy of @segments (nullable): its
 * other fields may be set until the next line is added; the page has it
 * at folio_page_take_lines(). */
FolioLine *folio_line_block_add (FolioLineBlock *b, guint page, const char *text, gsize len,
                                 const FolioSegment *segments, guint n_segments);

/* Appends the lines made in @b to @page's, in one block the page owns,
 * and empties @b for the next page. */
void folio_page_take_lines (FolioPage *page, FolioLineBlock *b);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FolioLineBlock, folio_line_block_clear)

G_END_DECLS
