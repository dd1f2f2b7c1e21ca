/* folio-strip.h: page furniture (running heads, footers, page numbers)
 * found, taken out of the body, kept on record, and mined for metadata. */
#pragma once

#include "folio-document.h"

G_BEGIN_DECLS

/* A table of page-number patterns (pcre2), the built-in ones first. */
typedef struct _FolioStripPatterns FolioStripPatterns;

/**
 * folio_strip_patterns_new:
 * Returns: (transfer full): the built-in page-number patterns (Dutch,
 * English, German, French; bare arabic and roman numbers).
 */
FOLIO_API FolioStripPatterns *folio_strip_patterns_new (void);
FOLIO_API void folio_strip_patterns_free (FolioStripPatterns *patterns);

/**
 * folio_strip_patterns_add:
 * @name: what the furniture records will call it ("rule")
 * @regex: a pcre2 pattern matched against a whole line, case-insensitive,
 *   with a named group `num` (the printed number) and optionally `total`
 *
 * Fails with %FOLIO_ERROR_INVALID_ARGUMENT naming the pattern and giving
 * pcre2's message when @regex does not compile or has no `num` group.
 */
FOLIO_API gboolean folio_strip_patterns_add (FolioStripPatterns *patterns,
                                             const char *name,
                                             const char *regex,
                                             GError **error);

/**
 * folio_strip_patterns_add_file:
 * Adds one pattern per line of @path ("NAME<TAB>REGEX", or just REGEX;
 * blank lines and lines starting with # are skipped).  Every pattern is
 * compiled before the file is accepted; the error names the file, the line
 * and the pattern.
 */
FOLIO_API gboolean folio_strip_patterns_add_file (FolioStripPatterns *patterns,
                                                  const char *path,
                                                  GError **error);

typedef struct {
  gboolean keep;                   /* mark furniture, leave it in the body */
  gboolean no_repetition;          /* patterns and head shape only */
  FolioStripPatterns *patterns;    /* (nullable) NULL: the built-in table */
} FolioStripOptions;

#define FOLIO_STRIP_OPTIONS_INIT { FALSE, FALSE, NULL }

/**
 * folio_strip_run:
 * Marks each furniture line of @doc with its role, rule and evidence (lines
 * stay where they are, so nothing is lost), sets each page's printed number,
 * and fills @doc->metadata from the running heads.  Running it again on a
 * stripped document starts over; a segmented one fails with
 * %FOLIO_ERROR_BAD_STREAM (strip runs before segment).
 */
FOLIO_API gboolean folio_strip_run (FolioDocument *doc,
                                    const FolioStripOptions *opts,
                                    GError **error);

/**
 * folio_strip_explain:
 * Returns: (transfer full): per page, what was taken out and why, for people.
 */
FOLIO_API char *folio_strip_explain (const FolioDocument *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioStripPatterns, folio_strip_patterns_free)

G_END_DECLS
