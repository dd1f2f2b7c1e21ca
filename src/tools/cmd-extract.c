/* folio-extract / folio extract: PDF or paginated text to a folio stream. */
#include "folio-tool.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

gboolean
folio_tool_parse_type (const char *value, FolioInputType *type)
{
  if (strcmp (value, "auto") == 0)
    *type = FOLIO_INPUT_AUTO;
  else if (strcmp (value, "pdf") == 0)
    *type = FOLIO_INPUT_PDF;
  else if (strcmp (value, "text") == 0)
    *type = FOLIO_INPUT_TEXT;
  else
    {
      folio_tool_message ("--type must be auto, pdf or text, not \"%s\" (see --help)", value);
      return FALSE;
    }
  return TRUE;
}

/* Extracts @input into @output; returns the exit code. */
int
folio_tool_run_extract (const char *input, const char *output,
                        const FolioExtractOptions *opts, gboolean progress)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) warning = NULL;
  g_autoptr (FolioExtractor) ex = NULL;
  g_autoptr (FolioToolOutput) out = NULL;
  g_autoptr (FolioStreamWriter) writer = NULL;
  const FolioDocument *doc;
  FolioToolProgress prog = { .enabled = progress };
  FolioPage *page;

  ex = folio_extractor_open (input, opts, &error);
  if (ex == NULL)
    return folio_tool_fail (error);
  doc = folio_extractor_get_document (ex);

  out = folio_tool_output_open (output, &error);
  if (out == NULL)
    return folio_tool_fail (error);
  writer = folio_stream_writer_new (folio_tool_output_stream (out), folio_tool_output_name (out));
  if (!folio_stream_writer_add_document (writer, doc, &error))
    return folio_tool_fail (error);

  if (opts->page_timeout > 0)
    {
      /* Watched pages are read by a worker thread: all of them first. */
      g_autoptr (FolioDocument) all = folio_extractor_read_all (ex, 1, NULL, NULL, &error);

      for (guint i = 0; all != NULL && i < all->pages->len; i++)
        {
          page = g_ptr_array_index (all->pages, i);
          if (!folio_stream_writer_add_page (writer, page, &error))
            break;
        }
    }
  /* Pages are written and freed one by one: memory follows the page, not
   * the document. */
  while (error == NULL && opts->page_timeout <= 0
         && (page = folio_extractor_next_page (ex, &error)) != NULL)
    {
      gboolean ok = folio_stream_writer_add_page (writer, page, &error);
      guint done = page->index - doc->first_page + 1;

      folio_page_free (page);
      if (!ok)
        break;
      folio_tool_progress_update (&prog, "page", done, doc->last_page - doc->first_page + 1);
    }
  folio_tool_progress_done (&prog);
  if (error != NULL)
    return folio_tool_fail (error);
  if (!folio_stream_writer_finish (writer, &error) || !folio_tool_output_commit (out, &error))
    return folio_tool_fail (error);
  /* A scan without text, or one with pages skipped, still gets its pages
   * written; the exit code says what is missing. */
  if (!folio_extractor_check_text (ex, &warning))
    {
      folio_tool_message ("warning: %s", warning->message);
      return folio_error_exit_code (warning);
    }
  return FOLIO_EXIT_OK;
}

int
folio_tool_extract (int argc, char **argv)
{
  FolioExtractOptions opts = FOLIO_EXTRACT_OPTIONS_INIT;
  g_autofree char *password = NULL;
  g_autofree char *output = NULL;
  g_autofree char *type = NULL;
  g_auto (GStrv) inputs = NULL;
  gboolean version = FALSE, progress = FALSE, no_progress = FALSE;
  int first = 0, last = 0;
  double page_timeout = 0;
  GOptionEntry entries[] = {
    { "first-page", 'f', 0, G_OPTION_ARG_INT, &first, "First page to extract (1-based)", "N" },
    { "last-page", 'l', 0, G_OPTION_ARG_INT, &last, "Last page to extract", "N" },
    folio_tool_option (FOLIO_TOOL_OPT_PASSWORD, &password),
    { "type", 't', 0, G_OPTION_ARG_STRING, &type,
      "Input type: auto (from the content; default), pdf or text", "TYPE" },
    folio_tool_option (FOLIO_TOOL_OPT_OUTPUT, &output),
    folio_tool_option (FOLIO_TOOL_OPT_PAGE_TIMEOUT, &page_timeout),
    folio_tool_option (FOLIO_TOOL_OPT_PROGRESS, &progress),
    folio_tool_option (FOLIO_TOOL_OPT_NO_PROGRESS, &no_progress),
    folio_tool_option (FOLIO_TOOL_OPT_VERSION, &version),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "INPUT" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Extract the lines of a PDF (with geometry, fonts, page labels and outline)\n"
    "or of paginated plain text (pages split on form feeds) as a folio stream.\n"
    "INPUT may be - for standard input; its type is read from its content.");
  g_option_context_set_description (context,
    "Exit status: 0 ok, 2 usage, 3 not found or unreadable, 4 neither PDF nor text,\n"
    "5 damaged PDF, 6 encrypted (password missing or wrong), 7 no text layer\n"
    "(pages written anyway), 9 past a limit, 10 write failed, 13 pages skipped\n"
    "(damaged or past --page-timeout; the rest written).  See folio-extract(1).");
  if (!folio_tool_parse (context, entries, &argc, &argv))
    return FOLIO_EXIT_USAGE;
  if (version)
    {
      folio_tool_print_version ();
      return FOLIO_EXIT_OK;
    }
  if (inputs == NULL || inputs[0] == NULL)
    {
      folio_tool_message ("no input file (see --help)");
      return FOLIO_EXIT_USAGE;
    }
  if (inputs[1] != NULL)
    {
      folio_tool_message ("one input at a time, got %u (see --help)", g_strv_length (inputs));
      return FOLIO_EXIT_USAGE;
    }
  if (first < 0 || last < 0)
    {
      folio_tool_message ("page numbers start at 1");
      return FOLIO_EXIT_USAGE;
    }
  if (type != NULL && !folio_tool_parse_type (type, &opts.input_type))
    return FOLIO_EXIT_USAGE;
  if (!folio_tool_check_timeout (page_timeout))
    return FOLIO_EXIT_USAGE;
  opts.page_timeout = page_timeout;
  opts.first_page = (guint) first;
  opts.last_page = (guint) last;
  opts.password = password ? password : g_getenv ("FOLIO_PASSWORD");
  if (!folio_tool_in_memory_max (&opts.in_memory_max))
    return FOLIO_EXIT_USAGE;
  return folio_tool_run_extract (inputs[0], output, &opts,
                                 progress || (!no_progress && isatty (2)));
}
