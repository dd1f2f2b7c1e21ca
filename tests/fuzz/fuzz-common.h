/* Shared by the fuzz targets: each defines LLVMFuzzerTestOneInput(), run by
 * libFuzzer (scripts/fuzz, -Dfuzz=true) or by replay.c as an ordinary test
 * over its corpus and the regression cases in tests/data/fuzz-regress/. */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <folio/folio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A finding that is not a crash: folio broke one of its own promises. */
#define FUZZ_ASSERT(cond, what) \
  do { if (!(cond)) { fprintf (stderr, "fuzz: %s\n", (what)); abort (); } } while (0)

/* Every error folio reports is in its domain, with a message naming the input. */
static inline void
fuzz_check_error (const GError *error, const char *name)
{
  FUZZ_ASSERT (error != NULL, "failure without an error");
  FUZZ_ASSERT (error->domain == FOLIO_ERROR, "error outside FOLIO_ERROR");
  FUZZ_ASSERT (g_str_has_prefix (error->message, name), "error message does not name the input");
}

/* A stream read from @data, or NULL (a checked error). */
static inline FolioDocument *
fuzz_read_stream (const uint8_t *data, size_t size)
{
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  g_autoptr (GError) error = NULL;
  FolioDocument *doc = folio_stream_read (in, "fuzz", &error);

  if (doc == NULL)
    fuzz_check_error (error, "fuzz");
  return doc;
}

/* What folio writes, it must read back. */
static inline void
fuzz_round_trip (const FolioDocument *doc)
{
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (GInputStream) in = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) again = NULL;
  gpointer bytes;
  gsize len;

  FUZZ_ASSERT (folio_stream_write (out, "fuzz-out", doc, &error), "writing a stream failed");
  FUZZ_ASSERT (g_output_stream_close (out, NULL, NULL), "closing the memory stream failed");
  bytes = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));
  len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
  in = g_memory_input_stream_new_from_data (bytes, (gssize) len, NULL);
  again = folio_stream_read (in, "fuzz-out", &error);
  if (again == NULL)
    fprintf (stderr, "fuzz: %s\n", error->message);
  FUZZ_ASSERT (again != NULL, "folio cannot read the stream it wrote");
}
