/* folio-document.h: the document model every stage works on. */
#pragma once

#include <glib.h>
#include "folio-api.h"

G_BEGIN_DECLS

/* A box in PDF points, origin at the top-left corner of the page, y down. */
typedef struct {
  double x0, y0, x1, y1;
} FolioBBox;

/**
 * FolioLine:
 * One line of text as extracted.  Geometry and font are known for PDF
 * input only (@has_geometry); text input gives page and text.
 */
typedef struct {
  guint page;            /* 1-based index of the page it is on */
  char *text;            /* UTF-8, never NULL, may be "" (a blank line of text input) */
  gboolean has_geometry;
  FolioBBox bbox;
  char *font;            /* (nullable) font name without subset prefix */
  double size;           /* font size in points, 0 when unknown */
  gboolean bold;
  gboolean italic;
} FolioLine;

/**
 * FolioPage:
 * A page and its lines in reading order.
 */
typedef struct {
  guint index;           /* 1-based */
  char *label;           /* (nullable) PDF page label, e.g. "iv" */
  double width, height;  /* points; 0 for text input */
  GPtrArray *lines;      /* (element-type FolioLine) owned */
} FolioPage;

typedef struct {
  char *title;
  guint level;           /* 1 for top-level bookmarks */
  guint page;            /* target page, 0 when it could not be resolved */
} FolioOutlineEntry;

typedef enum {
  FOLIO_MEDIA_PDF,
  FOLIO_MEDIA_TEXT,
} FolioMediaType;

/* The PDF document information dictionary; every field nullable. */
typedef struct {
  char *title;
  char *author;
  char *subject;
  char *keywords;
  char *creator;
  char *producer;
  char *created;         /* ISO 8601 */
  char *modified;        /* ISO 8601 */
  char *pdf_version;     /* e.g. "PDF-1.7" */
} FolioPdfInfo;

/**
 * FolioDocument:
 * What is known of one source document, and the pages read so far.
 */
typedef struct {
  char *source;          /* path as given, "-" for stdin */
  char *sha256;          /* hex digest of the source bytes */
  guint64 size;          /* source size in bytes */
  FolioMediaType media_type;
  guint page_count;      /* pages in the source */
  guint first_page;      /* the range extracted (1-based, inclusive) */
  guint last_page;
  gboolean encrypted;    /* PDF was encrypted (and opened) */
  char *encoding;        /* (nullable) text input: the encoding it was read in */
  FolioPdfInfo info;
  GPtrArray *outline;    /* (element-type FolioOutlineEntry) owned */
  gboolean outline_truncated; /* bookmarks past folio's depth/count caps were left out */
  GPtrArray *pages;      /* (element-type FolioPage) owned */
} FolioDocument;

FOLIO_API const char *folio_media_type_to_string (FolioMediaType type);

FOLIO_API FolioLine *folio_line_new (guint page, const char *text);
FOLIO_API void folio_line_free (FolioLine *line);

FOLIO_API FolioPage *folio_page_new (guint index);
FOLIO_API void folio_page_free (FolioPage *page);

FOLIO_API FolioOutlineEntry *folio_outline_entry_new (const char *title, guint level, guint page);
FOLIO_API void folio_outline_entry_free (FolioOutlineEntry *entry);

/**
 * folio_document_new:
 * Returns: (transfer full): an empty document.
 */
FOLIO_API FolioDocument *folio_document_new (void);
FOLIO_API void folio_document_free (FolioDocument *doc);

/* Counts every line of every page. */
FOLIO_API guint folio_document_count_lines (const FolioDocument *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioLine, folio_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioPage, folio_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioOutlineEntry, folio_outline_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioDocument, folio_document_free)

G_END_DECLS
