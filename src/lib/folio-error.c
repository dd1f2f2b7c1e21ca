#include "folio/folio-error.h"

G_DEFINE_QUARK (folio-error-quark, folio_error)

FolioExitCode
folio_error_exit_code (const GError *error)
{
  static const struct {
    FolioError code;
    FolioExitCode exit;
  } map[] = {
    { FOLIO_ERROR_INVALID_ARGUMENT, FOLIO_EXIT_USAGE },
    { FOLIO_ERROR_NOT_FOUND, FOLIO_EXIT_NOT_FOUND },
    { FOLIO_ERROR_NOT_SUPPORTED, FOLIO_EXIT_NOT_SUPPORTED },
    { FOLIO_ERROR_CORRUPT, FOLIO_EXIT_CORRUPT },
    { FOLIO_ERROR_ENCRYPTED, FOLIO_EXIT_ENCRYPTED },
    { FOLIO_ERROR_NO_TEXT, FOLIO_EXIT_NO_TEXT },
    { FOLIO_ERROR_BAD_STREAM, FOLIO_EXIT_BAD_STREAM },
    { FOLIO_ERROR_LIMIT, FOLIO_EXIT_LIMIT },
    { FOLIO_ERROR_WRITE, FOLIO_EXIT_WRITE },
    { FOLIO_ERROR_PAGES_SKIPPED, FOLIO_EXIT_PAGES_SKIPPED },
  };

  if (error == NULL)
    return FOLIO_EXIT_OK;
  for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_error_matches (error, FOLIO_ERROR, map[i].code))
      return map[i].exit;
  return FOLIO_EXIT_FAILED;
}
