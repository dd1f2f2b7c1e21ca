/* folio-emit / folio emit: the document JSON, or Markdown. */
#include "folio-tool.h"

#include <string.h>

gboolean
folio_tool_parse_format (const char *value, FolioEmitFormat *format)
{
  if (value == NULL || strcmp (value, "json") == 0)
    *format = FOLIO_EMIT_JSON;
  else if (strcmp (value, "markdown") == 0 || strcmp (value, "md") == 0)
    *format = FOLIO_EMIT_MARKDOWN;
  else
    {
      folio_tool_message ("--format must be json or markdown, not \"%s\" (see --help)", value);
      return FALSE;
    }
  return TRUE;
}

/* FolioEmitWriteFunc into @data, a FolioToolOutput. */
static gboolean
write_piece (const char *text, gsize len, gpointer data, GError **error)
{
  FolioToolOutput *out = data;
  g_autoptr (GError) local = NULL;

  if (g_output_stream_write_all (folio_tool_output_stream (out), text, len, NULL, NULL, &local))
    return TRUE;
  g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE, "%s: write failed: %s",
               folio_tool_output_name (out), local->message);
  return FALSE;
}

/* Flushes and commits @out (a file appears whole, by rename, or not at
 * all); an exit status. */
static int
finish_output (FolioToolOutput *out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) local = NULL;

  if (!g_output_stream_flush (folio_tool_output_stream (out), NULL, &local))
    {
      g_set_error (&error, FOLIO_ERROR, FOLIO_ERROR_WRITE, "%s: write failed: %s",
                   folio_tool_output_name (out), local->message);
      return folio_tool_fail (error);
    }
  if (!folio_tool_output_commit (out, &error))
    return folio_tool_fail (error);
  return FOLIO_EXIT_OK;
}

int
folio_tool_write_text (const GString *text, const char *output)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioToolOutput) out = folio_tool_output_open (output, &error);

  if (out == NULL)
    return folio_tool_fail (error);
  if (!write_piece (text->str, text->len, out, &error))
    return folio_tool_fail (error);
  return finish_output (out);
}

int
folio_tool_write_document (const FolioDocument *doc, const FolioEmitOptions *opts, const char *output)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioToolOutput) out = folio_tool_output_open (output, &error);

  if (out == NULL)
    return folio_tool_fail (error);
  /* written as it is made, never held whole */
  if (!folio_emit_write (doc, opts, write_piece, out, &error))
    return folio_tool_fail (error);
  return finish_output (out);
}

int
folio_tool_emit (int argc, char **argv)
{
  FolioEmitOptions opts = FOLIO_EMIT_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  g_autofree char *output = NULL, *format = NULL;
  g_auto (GStrv) inputs = NULL;
  gboolean version = FALSE;
  GOptionEntry entries[] = {
    { "format", 'F', 0, G_OPTION_ARG_STRING, &format, "json (default) or markdown", "FORMAT" },
    folio_tool_option (FOLIO_TOOL_OPT_OUTPUT, &output),
    folio_tool_option (FOLIO_TOOL_OPT_VERSION, &version),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "[STREAM]" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Write a segmented folio stream as the document JSON (docs/folio.schema.json)\n"
    "or as Markdown.  Reads STREAM or standard input; run folio-segment first.");
  g_option_context_set_description (context,
    "Exit status: 0 ok, 2 usage, 3 not found, 8 malformed stream or a stage\n"
    "missing, 9 past a limit, 10 write failed.  See folio-emit(1).");
  if (!folio_tool_parse (context, entries, &argc, &argv))
    return FOLIO_EXIT_USAGE;
  if (version)
    {
      folio_tool_print_version ();
      return FOLIO_EXIT_OK;
    }
  if (!folio_tool_parse_format (format, &opts.format))
    return FOLIO_EXIT_USAGE;
  if (inputs && inputs[0] && inputs[1])
    {
      folio_tool_message ("one stream at a time (see --help)");
      return FOLIO_EXIT_USAGE;
    }
  doc = folio_stream_read_file (inputs && inputs[0] ? inputs[0] : "-", &error);
  if (doc == NULL)
    return folio_tool_fail (error);
  return folio_tool_write_document (doc, &opts, output);
}
