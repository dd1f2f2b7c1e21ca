/* Fuzz target: the paginated-text extractor, from memory (the input is
 * forced to text: poppler is not folio's to fuzz).  What it extracts must
 * make a stream folio reads back. */
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FolioExtractOptions opts = FOLIO_EXTRACT_OPTIONS_INIT;
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioExtractor) ex = NULL;
  g_autoptr (FolioDocument) doc = NULL;

  opts.input_type = FOLIO_INPUT_TEXT;
  ex = folio_extractor_open_bytes (bytes, "fuzz.txt", &opts, &error);
  if (ex == NULL)
    {
      fuzz_check_error (error, "fuzz.txt");
      return 0;
    }
  doc = folio_extractor_read_all (ex, 1, NULL, NULL, &error);
  if (doc == NULL)
    {
      fuzz_check_error (error, "fuzz.txt");
      return 0;
    }
  FUZZ_ASSERT (folio_extractor_check_text (ex, NULL), "text input reported without text");
  fuzz_round_trip (doc);
  return 0;
}
