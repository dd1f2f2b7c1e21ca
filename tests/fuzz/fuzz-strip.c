/* Fuzz target: strip (and its --explain report) over a stream parsed from
 * the input; the stripped document must still make a readable stream. */
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FolioStripOptions opts = FOLIO_STRIP_OPTIONS_INIT;
  g_autoptr (FolioDocument) doc = fuzz_read_stream (data, size);
  g_autoptr (GError) error = NULL;
  g_autofree char *explain = NULL;

  if (doc == NULL)
    return 0;
  /* The input's first byte picks the options, so both paths are fuzzed. */
  opts.keep = size > 0 && (data[0] & 1);
  if (!folio_strip_run (doc, &opts, &error))
    {
      fuzz_check_error (error, doc->source);
      return 0;
    }
  explain = folio_strip_explain (doc);
  fuzz_round_trip (doc);
  return 0;
}
