/* folio-diff.h: what changed between two drafts, section by section, blind
 * to pagination and page furniture.  The change model is computed first;
 * printers render it as JSON (docs/diff.schema.json), text or HTML. */
#pragma once

#include <json-glib/json-glib.h>
#include "folio-document.h"
#include "folio-segment.h"
#include "folio-strip.h"

G_BEGIN_DECLS

#define FOLIO_DIFF_FORMAT "folio-diff"
#define FOLIO_DIFF_VERSION "1.0"

/* Word diffs past this many cells (old words x new words, after the common
 * start and end are set aside) report the middle as one replacement
 * instead of going quadratic. */
#define FOLIO_DIFF_MAX_WORD_CELLS (4u * 1000u * 1000u)

typedef enum {
  FOLIO_WORD_SAME,
  FOLIO_WORD_INSERTED,
  FOLIO_WORD_DELETED,
} FolioWordOpKind;

/* A run of words, with the blanks between them. */
typedef struct {
  FolioWordOpKind kind;
  char *text;
} FolioWordOp;

typedef enum {
  FOLIO_HUNK_ADDED,
  FOLIO_HUNK_REMOVED,
  FOLIO_HUNK_MODIFIED,
} FolioHunkKind;

/* One block that changed, with where it is in either document. */
typedef struct {
  FolioHunkKind kind;
  char *type;            /* "paragraph", "list-item" */
  char *old_text;        /* (nullable) */
  char *new_text;        /* (nullable) */
  guint old_pages[2];    /* [first, last]; 0 when not in the old document */
  guint new_pages[2];
  GPtrArray *words;      /* (element-type FolioWordOp) modified blocks only */
} FolioHunk;

/* A section of either document, and what became of it. */
typedef struct {
  char *old_id, *new_id;             /* (nullable) */
  char *old_heading, *new_heading;   /* (nullable) NULL for text before the first heading */
  char *old_path, *new_path;         /* "Hoofdstuk 2 › Europese Unie (EU)" */
  guint old_pages[2], new_pages[2];
  gboolean added, removed, renamed, moved, modified;
  GPtrArray *split_into;             /* (element-type utf8) new ids; empty unless split */
  GPtrArray *merged_from;            /* (element-type utf8) old ids; empty unless merged */
  GPtrArray *hunks;                  /* (element-type FolioHunk) */
} FolioSectionDiff;

typedef struct {
  char *name;
  char *old_value, *new_value;       /* (nullable) */
} FolioMetaChange;

typedef struct {
  guint sections_added, sections_removed, sections_modified, sections_moved;
  guint sections_renamed, sections_split, sections_merged, sections_unchanged;
  guint blocks_added, blocks_removed, blocks_modified;
  guint words_inserted, words_deleted;
} FolioDiffSummary;

typedef struct {
  char *old_source, *new_source;
  guint old_page_count, new_page_count;
  FolioDiffSummary summary;
  GPtrArray *sections;   /* (element-type FolioSectionDiff) the changed ones, in reading order */
  GPtrArray *metadata;   /* (element-type FolioMetaChange) */
} FolioDiff;

typedef struct {
  FolioStripOptions strip;       /* for PDF and text inputs */
  FolioSegmentOptions segment;
  const char *password;          /* (nullable) for encrypted PDF inputs */
  guint64 in_memory_max;         /* FolioExtractOptions.in_memory_max for PDF inputs */
  guint threads;                 /* FolioExtractOptions.threads: workers reading a PDF
                                  * input's pages, and FolioSegmentOptions.threads;
                                  * 0 or 1 for one */
} FolioDiffLoadOptions;

#define FOLIO_DIFF_LOAD_OPTIONS_INIT { FOLIO_STRIP_OPTIONS_INIT, FOLIO_SEGMENT_OPTIONS_INIT, NULL, 0, 0 }

/**
 * folio_diff_load:
 * @path: a PDF, a paginated text, or a folio document JSON (what folio
 *   convert writes); "-" is standard input
 *
 * Returns: (transfer full) (nullable): the document JSON of @path; PDF and
 * text go through the same stages as `folio convert`.
 */
FOLIO_API JsonNode *folio_diff_load (const char *path, const FolioDiffLoadOptions *opts,
                                     GError **error);

/* How deep a document JSON may nest (sections within sections); deeper is
 * refused as damaged. */
#define FOLIO_DIFF_MAX_JSON_DEPTH 512u

/**
 * folio_diff_load_data:
 * @data: (array length=len): a folio document JSON
 * @name: what to call it in error messages
 *
 * Reads and checks a document JSON from memory: what folio_diff_load()
 * does with a file that starts with `{`.  Errors: %FOLIO_ERROR_BAD_STREAM.
 *
 * Returns: (transfer full) (nullable): the document JSON.
 */
FOLIO_API JsonNode *folio_diff_load_data (const char *data, gsize len, const char *name,
                                          GError **error);

/**
 * folio_diff_compute:
 * Aligns the sections of two document JSONs (by id, then by heading and
 * content similarity) and their blocks (longest common subsequence), and
 * diffs changed blocks word by word.
 *
 * Returns: (transfer full) (nullable): the change model; %FOLIO_ERROR_BAD_STREAM
 * when either is not a folio document JSON.
 */
FOLIO_API FolioDiff *folio_diff_compute (JsonNode *old_doc, JsonNode *new_doc, GError **error);
FOLIO_API void folio_diff_free (FolioDiff *diff);

/**
 * FolioDiffSide:
 * One side of a diff: a document JSON as folio_diff_compute_sides()
 * compares it, with its own copy of the texts, so that the JSON (a tree
 * several times its size) can go before the other side is loaded.
 */
typedef struct _FolioDiffSide FolioDiffSide;

/**
 * folio_diff_side_new:
 * @doc: a document JSON (folio_diff_load())
 * @which: "old" or "new", for the error message
 *
 * Returns: (transfer full) (nullable): the side, or NULL with @error
 * when @doc is not a sound folio document JSON.
 */
FOLIO_API FolioDiffSide *folio_diff_side_new (JsonNode *doc, const char *which, GError **error);
FOLIO_API void folio_diff_side_free (FolioDiffSide *side);

/**
 * folio_diff_compute_sides:
 * @old_side: (transfer full)
 * @new_side: (transfer full)
 *
 * folio_diff_compute() of two sides, which it takes.
 *
 * Returns: (transfer full): the diff
 */
FOLIO_API FolioDiff *folio_diff_compute_sides (FolioDiffSide *old_side, FolioDiffSide *new_side);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioDiffSide, folio_diff_side_free)

/* Whether the bodies differ (metadata changes alone do not count). */
FOLIO_API gboolean folio_diff_has_changes (const FolioDiff *diff);

/* Printers: each appends to @out. */
FOLIO_API void folio_diff_print_json (const FolioDiff *diff, GString *out);
FOLIO_API void folio_diff_print_text (const FolioDiff *diff, gboolean color, gboolean stat_only,
                                      GString *out);
FOLIO_API void folio_diff_print_html (const FolioDiff *diff, GString *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioDiff, folio_diff_free)

G_END_DECLS
