/* folio convert: the whole pipeline in one process.  Only the extract stage
 * exists so far, and convert says so rather than pretend. */
#include "folio-tool.h"

#include <string.h>

int
folio_tool_convert (int argc, char **argv)
{
  gboolean informational = FALSE;
  int status;

  /* Read before extract's option parser rewrites argv. */
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0
        || strcmp (argv[i], "--version") == 0 || strcmp (argv[i], "-V") == 0)
      informational = TRUE;

  /* Same options and output as extract until strip, segment and emit land. */
  status = folio_tool_extract (argc, argv);
  if (!informational && (status == FOLIO_EXIT_OK || status == FOLIO_EXIT_NO_TEXT))
    folio_tool_message ("note: only the extract stage is built so far; the output is the"
                        " folio stream (docs/stream-format.md), not yet the document JSON");
  return status;
}
