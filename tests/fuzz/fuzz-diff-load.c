/* Fuzz target: the diff's document JSON reader (folio_diff_load_data), and
 * the diff and its three printers over what it accepts, against itself and
 * against an empty document. */
#include "fuzz-common.h"

static const char empty_doc[] =
  "{\"format\":\"folio\",\"format_version\":\"1.0\",\"source\":{\"path\":\"empty\"},"
  "\"metadata\":{},\"sections\":[]}";

static void
diff_and_print (JsonNode *a, JsonNode *b)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDiff) diff = folio_diff_compute (a, b, &error);
  g_autoptr (GString) out = g_string_new (NULL);

  FUZZ_ASSERT (diff != NULL, "diff failed on documents the reader accepted");
  folio_diff_print_json (diff, out);
  folio_diff_print_text (diff, TRUE, FALSE, out);
  folio_diff_print_text (diff, FALSE, TRUE, out);
  folio_diff_print_html (diff, out);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) doc = folio_diff_load_data ((const char *) data, size, "fuzz.json", &error);
  g_autoptr (JsonNode) empty = NULL;

  if (doc == NULL)
    {
      fuzz_check_error (error, "fuzz.json");
      return 0;
    }
  empty = folio_diff_load_data (empty_doc, sizeof empty_doc - 1, "empty", NULL);
  FUZZ_ASSERT (empty != NULL, "the empty document is refused");
  diff_and_print (doc, doc);
  diff_and_print (doc, empty);
  diff_and_print (empty, doc);
  return 0;
}
