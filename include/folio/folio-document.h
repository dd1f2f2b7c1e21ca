/* folio-document.h: the document model every stage works on. */
#pragma once

#include <glib.h>
#include "folio-api.h"

G_BEGIN_DECLS

/* A box in PDF points, origin at the top-left corner of the page, y down. */
typedef struct {
  double x0, y0, x1, y1;
} FolioBBox;

/* What a line is, once strip has looked at it. */
typedef enum {
  FOLIO_ROLE_BODY,
  FOLIO_ROLE_HEADER,       /* running head (top of the page) */
  FOLIO_ROLE_FOOTER,       /* running foot (bottom of the page) */
  FOLIO_ROLE_PAGE_NUMBER,  /* a line that is the printed page number */
  FOLIO_ROLE_MARGIN,       /* repeated in a side margin */
} FolioRole;

/* A stretch of a line set apart from the rest by a wide gap (a table's
 * cells, which poppler may join into one line): characters [start, end)
 * of the line's text, and their box (folio_segment_bbox()). */
typedef struct {
  guint start, end;      /* character (not byte) offsets into the line's text */
  gint32 box[4];         /* x0, y0, x1, y1 in hundredths of a point, as the
                          * stream carries them (folio_segment_set_bbox()) */
} FolioSegment;

/**
 * FolioMark:
 * What strip says of a line it marked (FolioLine.mark): most lines are
 * body and carry none, so it is a record of its own, not four fields of
 * every line.
 */
typedef struct {
  char *rule;            /* (nullable) which rule decided, e.g. "repeated-top" */
  char *why;             /* (nullable) the evidence, for people */
  char *number;          /* (nullable) page numbers: the printed number */
  char *total;           /* (nullable) page numbers: the printed total */
} FolioMark;

/**
 * FolioLine:
 * One line of text as extracted.  Geometry and font are known for PDF
 * input only (@has_geometry); text input gives page and text.
 *
 * A line is one piece of memory: the struct, then its segments, then its
 * text (folio_line_segments(), folio_line_text()), made by
 * folio_line_new() or folio_line_new_full() (or, by extract, in one block
 * with the rest of its page's lines) and read-only after that: a long
 * document keeps every line until segment (refman.pdf's 98,000), so a
 * line is kept small, 48 bytes and its text.  Its box is kept in
 * hundredths of a point, what the stream carries (folio_line_bbox()).
 * What strip sets (role, kept, mark) may change.
 */
typedef struct {
  const char *font;      /* (nullable) font name without subset prefix; interned
                          * (g_intern_string()): one copy of each name for all
                          * the lines, compared with strcmp or ==, never freed */
  FolioMark *mark;       /* (nullable) owned: set by strip on the lines it marks
                          * (folio_line_mark()) */
  double size;           /* font size in points, 0 when unknown */
  gint32 box[4];         /* x0, y0, x1, y1 in hundredths of a point
                          * (folio_line_bbox(), folio_line_set_bbox()) */
  guint page;            /* 1-based index of the page it is on */
  guint n_segments : 22; /* its segments: two or more, PDF input only, when
                          * the line has wide gaps; 0 otherwise */
  FolioRole role : 4;    /* set by strip: furniture is kept on record, out of the body */
  guint has_geometry : 1;
  guint bold : 1;
  guint italic : 1;
  guint kept : 1;        /* furniture marked but left in the body (--keep) */
  /*< private >*/
  guint in_block : 1;    /* its memory is its page's (one block for all the
                          * page's lines), not its own */
} FolioLine;

/* The most segments a line keeps (more: it keeps none). */
#define FOLIO_LINE_MAX_SEGMENTS ((1u << 22) - 1)

/* A coordinate in hundredths of a point, rounded half away from zero and
 * held to ±1e7 points (NaN: 0). */
static inline gint32
folio_hundredths (double v)
{
  gint32 r;

  if (!(v > -1e7))
    return v != v ? 0 : -1000000000;
  if (v > 1e7)
    return 1000000000;
  v *= 100.0;
  /* truncating is exact here, and so is the difference */
  r = (gint32) v;
  return v - r >= 0.5 ? r + 1 : v - r <= -0.5 ? r - 1 : r;
}

/* A box of four whole hundredths of a point (x0, y0, x1, y1) in points:
 * each coordinate exactly what rounding it to two decimals as a double
 * gives. */
static inline FolioBBox
folio_bbox_from_hundredths (const gint32 box[4])
{
  return (FolioBBox) { box[0] / 100.0, box[1] / 100.0, box[2] / 100.0, box[3] / 100.0 };
}

/* @bbox as four whole hundredths of a point, in @box. */
static inline void
folio_bbox_to_hundredths (FolioBBox bbox, gint32 box[4])
{
  box[0] = folio_hundredths (bbox.x0);
  box[1] = folio_hundredths (bbox.y0);
  box[2] = folio_hundredths (bbox.x1);
  box[3] = folio_hundredths (bbox.y1);
}

/* The box of @line in points, and @line's box set (rounded to hundredths). */
static inline FolioBBox
folio_line_bbox (const FolioLine *line)
{
  return folio_bbox_from_hundredths (line->box);
}

static inline void
folio_line_set_bbox (FolioLine *line, FolioBBox bbox)
{
  folio_bbox_to_hundredths (bbox, line->box);
}

/* The same for a segment. */
static inline FolioBBox
folio_segment_bbox (const FolioSegment *segment)
{
  return folio_bbox_from_hundredths (segment->box);
}

static inline void
folio_segment_set_bbox (FolioSegment *segment, FolioBBox bbox)
{
  folio_bbox_to_hundredths (bbox, segment->box);
}

/* @line's segments (an array of n_segments), NULL when it has none. */
static inline const FolioSegment *
folio_line_segments (const FolioLine *line)
{
  return line->n_segments > 0 ? (const FolioSegment *) (line + 1) : NULL;
}

/* @line's text: UTF-8, never NULL, may be "" (a blank line of text input). */
static inline const char *
folio_line_text (const FolioLine *line)
{
  return (const char *) (line + 1) + line->n_segments * sizeof (FolioSegment);
}

/* The parts of @line's mark, NULL when it has none. */
static inline const char *
folio_line_rule (const FolioLine *line)
{
  return line->mark ? line->mark->rule : NULL;
}

static inline const char *
folio_line_why (const FolioLine *line)
{
  return line->mark ? line->mark->why : NULL;
}

static inline const char *
folio_line_number (const FolioLine *line)
{
  return line->mark ? line->mark->number : NULL;
}

static inline const char *
folio_line_total (const FolioLine *line)
{
  return line->mark ? line->mark->total : NULL;
}

/**
 * FolioPage:
 * A page and its lines in reading order.
 */
typedef struct {
  guint index;           /* 1-based */
  char *label;           /* (nullable) PDF page label, e.g. "iv" */
  double width, height;  /* points; 0 for text input */
  char *printed;         /* (nullable) the page number printed on it (strip) */
  char *skipped;         /* (nullable) why the page was skipped, its text missing:
                          * "timeout" (past --page-timeout) or "damaged" */
  GPtrArray *lines;      /* (element-type FolioLine) owned */
  /*< private >*/
  gpointer lines_block;  /* (nullable) the memory of the lines made in one block */
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

typedef enum {
  FOLIO_BLOCK_HEADING,
  FOLIO_BLOCK_PARAGRAPH,
  FOLIO_BLOCK_LIST_ITEM,
  FOLIO_BLOCK_FOOTNOTE,
  FOLIO_BLOCK_CAPTION,
  FOLIO_BLOCK_TABLE,
  FOLIO_BLOCK_FIELDS,
} FolioBlockType;

/* A name and a value: a field mined from the running heads ("version" =
 * "0.16"), or one of a fields block ("Handeling" = "Het vaststellen..."). */
typedef struct {
  char *name;
  char *value;
} FolioField;

/* Where a block's text was on the page: one box per source line. */
typedef struct {
  guint page;
  FolioBBox bbox;
} FolioBox;

/**
 * FolioBlock:
 * What segment makes of the body lines: a heading, a paragraph, a list
 * item, a footnote, a caption, a table or a run of fields, with its words
 * joined across lines, columns and pages.
 */
typedef struct {
  FolioBlockType type;
  guint first_page, last_page;
  guint level;           /* headings: 1 = top */
  char *text;            /* whole, NFC, hyphenation resolved */
  GArray *boxes;         /* (element-type FolioBox) (nullable) NULL when there are
                          * none: text input, and when segmented with
                          * FolioSegmentOptions.no_boxes (folio_block_add_box()) */
  /* headings */
  char *number;          /* (nullable) "2.3", "A", "IV" */
  char *evidence;        /* (nullable) what decided it, e.g. "outline,font-size" */
  /* list items, footnotes, captions */
  char *marker;          /* (nullable) "•", "1.", "a)"; a footnote's "3"; a caption's "Figuur 3" */
  /* tables: rows of cells, the first @header_rows of them the table's head */
  GPtrArray *rows;       /* (element-type GStrv) (nullable) */
  GPtrArray *spans;      /* (element-type GArray<guint>) (nullable) per row, how many columns
                          * each of its cells spans (a NULL row: all 1); NULL when no cell
                          * spans more than one */
  guint header_rows;
  /* paragraphs and list items */
  gboolean continues;    /* runs on past the last page read */
  /* fields: label and value, in order */
  GPtrArray *fields;     /* (element-type FolioField) (nullable) */
} FolioBlock;

/* How many boxes @block has. */
static inline guint
folio_block_n_boxes (const FolioBlock *block)
{
  return block->boxes ? block->boxes->len : 0;
}

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
  GPtrArray *metadata;   /* (element-type FolioField) owned; from strip */
  char *metadata_source; /* (nullable) the running head the fields came from */
  GPtrArray *stages;     /* (element-type utf8) the stages that made it: "extract", "strip", ... */
  GPtrArray *blocks;     /* (element-type FolioBlock) owned; from segment */
} FolioDocument;

FOLIO_API const char *folio_media_type_to_string (FolioMediaType type);
/* "body", "header", "footer", "page-number", "margin". */
FOLIO_API const char *folio_role_to_string (FolioRole role);
/* Returns FALSE for an unknown name. */
FOLIO_API gboolean folio_role_from_string (const char *name, FolioRole *role);

FOLIO_API const char *folio_block_type_to_string (FolioBlockType type);
FOLIO_API gboolean folio_block_type_from_string (const char *name, FolioBlockType *type);
FOLIO_API FolioBlock *folio_block_new (FolioBlockType type);
FOLIO_API void folio_block_free (FolioBlock *block);
/* Appends a copy of @box to @block's boxes. */
FOLIO_API void folio_block_add_box (FolioBlock *block, const FolioBox *box);
/* Appends a table row; takes @cells (a NULL-terminated array of strings). */
FOLIO_API void folio_block_add_row (FolioBlock *block, char **cells);
/* The same, with each cell's span (nullable: all 1); copies @spans. */
FOLIO_API void folio_block_add_row_spans (FolioBlock *block, char **cells, const guint *spans);
/* How many columns cell @k of row @r spans (1 unless spans say more). */
FOLIO_API guint folio_block_cell_span (const FolioBlock *block, guint r, guint k);
/* How many columns row @r covers: its cells' spans summed. */
FOLIO_API guint folio_block_row_width (const FolioBlock *block, guint r);
FOLIO_API void folio_block_add_field (FolioBlock *block, const char *name, const char *value);
/* Whether @stage ran on @doc; and records that it did. */
FOLIO_API gboolean folio_document_has_stage (const FolioDocument *doc, const char *stage);
FOLIO_API void folio_document_add_stage (FolioDocument *doc, const char *stage);

FOLIO_API FolioField *folio_field_new (const char *name, const char *value);
FOLIO_API void folio_field_free (FolioField *field);
/* The value of field @name, or NULL. */
FOLIO_API const char *folio_document_get_field (const FolioDocument *doc, const char *name);

/* A line on @page with @text (NULL: ""), the rest zero. */
FOLIO_API FolioLine *folio_line_new (guint page, const char *text);
/* The same with the first @len bytes of @text (-1: all of it, up to its
 * NUL), and a copy of @n_segments @segments (none: NULL, 0). */
FOLIO_API FolioLine *folio_line_new_full (guint page, const char *text, gssize len,
                                          const FolioSegment *segments, guint n_segments);
FOLIO_API void folio_line_free (FolioLine *line);
/* @line's mark, made (empty) if it had none. */
FOLIO_API FolioMark *folio_line_mark (FolioLine *line);
/* Frees @line's mark, if any: the line is unmarked. */
FOLIO_API void folio_line_unmark (FolioLine *line);

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

/**
 * folio_document_copy_header:
 * Returns: (transfer full): a document with @doc's source, metadata,
 * outline and stages, and no pages or blocks.
 */
FOLIO_API FolioDocument *folio_document_copy_header (const FolioDocument *doc);

/* Counts every line of every page. */
FOLIO_API guint folio_document_count_lines (const FolioDocument *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioLine, folio_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioPage, folio_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioOutlineEntry, folio_outline_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioDocument, folio_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioField, folio_field_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioBlock, folio_block_free)

G_END_DECLS
