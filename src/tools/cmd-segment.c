/* folio-segment / folio segment: headings, paragraphs, list items,
 * footnotes, captions, tables and fields. */
#include "folio-tool.h"

#include <stdio.h>

int
folio_tool_segment (int argc, char **argv)
{
  FolioSegmentOptions opts = FOLIO_SEGMENT_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  g_autofree char *output = NULL;
  g_auto (GStrv) inputs = NULL;
  gboolean version = FALSE, explain = FALSE;
  int jobs = 0;
  g_autoptr (GString) notes = g_string_new (NULL);
  GOptionEntry entries[] = {
    { "no-outline", 0, 0, G_OPTION_ARG_NONE, &opts.no_outline,
      "Ignore the PDF's bookmarks: headings from typography and numbering alone", NULL },
    { "explain", 'e', 0, G_OPTION_ARG_NONE, &explain,
      "Say on stderr what looked like a table or footnotes and was left as text, and why", NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      "Threads looking for a PDF's tables, two at most (default: the number of cores)", "N" },
    folio_tool_option (FOLIO_TOOL_OPT_OUTPUT, &output),
    folio_tool_option (FOLIO_TOOL_OPT_VERSION, &version),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "[STREAM]" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Turn the body of a stripped folio stream into headings (with level, number\n"
    "and evidence), paragraphs and list items, joined across lines, columns and\n"
    "pages, and footnotes, captions, tables and fields.  Reads STREAM or\n"
    "standard input; run folio-strip first.");
  g_option_context_set_description (context,
    "Exit status: 0 ok, 2 usage, 3 not found, 8 malformed stream or a stage\n"
    "missing, 9 past a limit, 10 write failed.  See folio-segment(1).");
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
  if (jobs < 0)
    {
      folio_tool_message ("-j takes a number of threads, 1 or more");
      return FOLIO_EXIT_USAGE;
    }
  /* a PDF's pages looked through for tables on two threads when -j is 2
   * or more */
  opts.threads = jobs > 0 ? (guint) jobs : g_get_num_processors ();
  if (explain)
    opts.explain = notes;
  doc = folio_stream_read_file (inputs && inputs[0] ? inputs[0] : "-", &error);
  if (doc == NULL || !folio_segment_run (doc, &opts, &error))
    return folio_tool_fail (error);
  if (notes->len > 0)
    fputs (notes->str, stderr);
  return folio_tool_write_stream (doc, output);
}
