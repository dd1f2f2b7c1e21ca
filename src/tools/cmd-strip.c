/* folio-strip / folio strip: page furniture out of the body, on record. */
#include "folio-tool.h"

#include <stdio.h>
#include <unistd.h>

int
folio_tool_write_stream (const FolioDocument *doc, const char *output)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioToolOutput) out = folio_tool_output_open (output, &error);

  if (out == NULL)
    return folio_tool_fail (error);
  if (!folio_stream_write (folio_tool_output_stream (out), folio_tool_output_name (out), doc, &error)
      || !folio_tool_output_commit (out, &error))
    return folio_tool_fail (error);
  return FOLIO_EXIT_OK;
}

gboolean
folio_tool_strip_options (FolioStripOptions *opts, const char *patterns_file, GError **error)
{
  if (patterns_file == NULL)
    return TRUE;
  opts->patterns = folio_strip_patterns_new ();
  return folio_strip_patterns_add_file (opts->patterns, patterns_file, error);
}

void
folio_tool_explain (const FolioDocument *doc)
{
  g_autofree char *text = folio_strip_explain (doc);

  fputs (text, stderr);
}

int
folio_tool_strip (int argc, char **argv)
{
  FolioStripOptions opts = FOLIO_STRIP_OPTIONS_INIT;
  g_autoptr (FolioStripPatterns) patterns = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  g_autofree char *patterns_file = NULL;
  g_autofree char *output = NULL;
  g_auto (GStrv) inputs = NULL;
  gboolean version = FALSE, explain = FALSE, ok;
  GOptionEntry entries[] = {
    folio_tool_option (FOLIO_TOOL_OPT_KEEP, &opts.keep),
    { "patterns", 'p', 0, G_OPTION_ARG_FILENAME, &patterns_file,
      "More page-number patterns, one per line: [NAME<TAB>]REGEX with (?<num>...)", "FILE" },
    { "no-repetition", 0, 0, G_OPTION_ARG_NONE, &opts.no_repetition,
      "Do not look for lines repeated across pages (page numbers and head shape only)", NULL },
    { "explain", 'e', 0, G_OPTION_ARG_NONE, &explain,
      "Print on stderr, page by page, what was taken out and why", NULL },
    folio_tool_option (FOLIO_TOOL_OPT_OUTPUT, &output),
    folio_tool_option (FOLIO_TOOL_OPT_VERSION, &version),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "[STREAM]" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Find page furniture (running heads, footers, page numbers) in a folio stream,\n"
    "take it out of the body as furniture records, and mine the running head for\n"
    "metadata (title, version, status, date).  Reads STREAM or standard input.");
  g_option_context_set_description (context,
    "Exit status: 0 ok, 2 usage or a bad pattern, 3 not found, 8 malformed stream,\n"
    "9 past a limit, 10 write failed.  See folio-strip(1).");
  if (!folio_tool_parse (context, entries, &argc, &argv))
    return FOLIO_EXIT_USAGE;
  if (version)
    {
      folio_tool_print_version ();
      return FOLIO_EXIT_OK;
    }
  if (inputs && inputs[0] && inputs[1])
    {
      folio_tool_message ("one stream at a time (see --help)");
      return FOLIO_EXIT_USAGE;
    }
  /* Patterns first: a bad one is reported before any work is done. */
  ok = folio_tool_strip_options (&opts, patterns_file, &error);
  patterns = opts.patterns; /* owned here, whether or not it loaded */
  if (!ok)
    return folio_tool_fail (error);
  doc = folio_stream_read_file (inputs && inputs[0] ? inputs[0] : "-", &error);
  if (doc == NULL)
    return folio_tool_fail (error);
  if (!folio_strip_run (doc, &opts, &error))
    return folio_tool_fail (error);
  if (explain)
    folio_tool_explain (doc);
  return folio_tool_write_stream (doc, output);
}
