/* Fuzz target: segment, then emit (JSON and Markdown), over a stream parsed
 * from the input (stripped first if it was not). */
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FolioStripOptions sopts = FOLIO_STRIP_OPTIONS_INIT;
  FolioSegmentOptions gopts = FOLIO_SEGMENT_OPTIONS_INIT;
  FolioEmitOptions eopts = FOLIO_EMIT_OPTIONS_INIT;
  g_autoptr (FolioDocument) doc = fuzz_read_stream (data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) json = g_string_new (NULL);
  g_autoptr (GString) markdown = g_string_new (NULL);

  if (doc == NULL)
    return 0;
  if (!folio_document_has_stage (doc, "strip") && !folio_strip_run (doc, &sopts, &error))
    {
      fuzz_check_error (error, doc->source);
      return 0;
    }
  gopts.no_outline = size > 0 && (data[size - 1] & 1);
  if (!folio_segment_run (doc, &gopts, &error))
    {
      fuzz_check_error (error, doc->source);
      return 0;
    }
  fuzz_round_trip (doc);
  FUZZ_ASSERT (folio_emit_run (doc, &eopts, json, NULL), "emit failed on a segmented document");
  eopts.format = FOLIO_EMIT_MARKDOWN;
  FUZZ_ASSERT (folio_emit_run (doc, &eopts, markdown, NULL), "emit --format markdown failed");
  /* What emit writes, the diff must take. */
  {
    g_autoptr (JsonNode) node = folio_diff_load_data (json->str, json->len, "emitted", &error);

    if (node == NULL)
      fprintf (stderr, "fuzz: %s\n", error->message);
    FUZZ_ASSERT (node != NULL, "folio diff cannot read what folio emit wrote");
  }
  return 0;
}
