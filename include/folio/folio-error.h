/* folio-error.h: the one error domain of libfolio, and the exit codes the
 * programs map its errors to. */
#pragma once

#include <glib.h>
#include "folio-api.h"

G_BEGIN_DECLS

#define FOLIO_ERROR (folio_error_quark ())

/**
 * FolioError:
 * Codes a caller can act on.  Every error libfolio reports is in
 * %FOLIO_ERROR; the message names the file it is about.
 */
typedef enum {
  FOLIO_ERROR_FAILED,           /* anything not below (a bug, or out of memory) */
  FOLIO_ERROR_INVALID_ARGUMENT, /* bad option value, e.g. an empty page range */
  FOLIO_ERROR_NOT_FOUND,        /* input missing or unreadable */
  FOLIO_ERROR_NOT_SUPPORTED,    /* neither a PDF nor text (binary junk) */
  FOLIO_ERROR_CORRUPT,          /* a PDF poppler cannot open */
  FOLIO_ERROR_ENCRYPTED,        /* encrypted PDF, password missing or wrong */
  FOLIO_ERROR_NO_TEXT,          /* PDF without a text layer (a warning: output is written) */
  FOLIO_ERROR_BAD_STREAM,       /* malformed folio stream */
  FOLIO_ERROR_LIMIT,            /* input past one of folio's caps */
  FOLIO_ERROR_WRITE,            /* output could not be written */
  FOLIO_ERROR_PAGES_SKIPPED,    /* pages skipped, the rest read (a warning: output is written) */
} FolioError;

/**
 * FolioExitCode:
 * What the programs exit with; documented in docs/exit-codes.md and in every
 * man page.  `folio diff` keeps diff(1)'s 0/1/2 and maps every error to 2.
 */
typedef enum {
  FOLIO_EXIT_OK = 0,
  FOLIO_EXIT_FAILED = 1,
  FOLIO_EXIT_USAGE = 2,
  FOLIO_EXIT_NOT_FOUND = 3,
  FOLIO_EXIT_NOT_SUPPORTED = 4,
  FOLIO_EXIT_CORRUPT = 5,
  FOLIO_EXIT_ENCRYPTED = 6,
  FOLIO_EXIT_NO_TEXT = 7,
  FOLIO_EXIT_BAD_STREAM = 8,
  FOLIO_EXIT_LIMIT = 9,
  FOLIO_EXIT_WRITE = 10,
  FOLIO_EXIT_SOME_FAILED = 11,  /* folio batch: some documents failed, the rest done */
  FOLIO_EXIT_LOCKED = 12,       /* folio batch: OUTDIR locked by another run */
  FOLIO_EXIT_PAGES_SKIPPED = 13,
} FolioExitCode;

FOLIO_API GQuark folio_error_quark (void);

/**
 * folio_error_exit_code:
 * @error: (nullable): an error, or %NULL for success
 *
 * Returns: the exit code a program reports for @error.
 */
FOLIO_API FolioExitCode folio_error_exit_code (const GError *error);

G_END_DECLS
