/* Fuzz target: the folio stream reader (folio_stream_read), and the writer
 * on what it accepts: a stream folio reads, it must write and read again. */
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (FolioDocument) doc = fuzz_read_stream (data, size);

  if (doc != NULL)
    fuzz_round_trip (doc);
  return 0;
}
