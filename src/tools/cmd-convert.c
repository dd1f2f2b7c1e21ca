/* folio convert: the whole pipeline in one process, with output identical
 * to the stage programs piped together:
 * folio-extract IN | folio-strip | folio-segment | folio-emit. */
#include "folio-tool.h"

#include <stdio.h>
#include <unistd.h>

static void
on_page_read (guint done, guint total, gpointer data)
{
  folio_tool_progress_update (data, "page", done, total);
}

FolioDocument *
folio_tool_run_stages (FolioExtractor *ex, guint jobs, const FolioStripOptions *sopts,
                       const FolioSegmentOptions *gopts, gboolean explain,
                       FolioToolProgress *prog, GError **warning, GError **error)
{
  g_autoptr (FolioDocument) doc = NULL;
  FolioSegmentOptions with_threads = *gopts;

  /* Pages on every core, each worker with its own poppler document; the
   * result is the same document whatever -j says.  So are the tables,
   * looked for on two of them when there are two or more. */
  if (jobs == 0)
    jobs = g_get_num_processors ();
  with_threads.threads = jobs;
  gopts = &with_threads;
  doc = folio_extractor_read_all (ex, jobs, on_page_read, prog, error);
  folio_tool_progress_done (prog);
  if (doc == NULL)
    return NULL;
  folio_extractor_check_text (ex, warning);
  if (!folio_strip_run (doc, sopts, error))
    return NULL;
  if (explain)
    folio_tool_explain (doc);
  if (explain && gopts->explain == NULL)
    {
      FolioSegmentOptions with_notes = *gopts;
      g_autoptr (GString) notes = g_string_new (NULL);

      with_notes.explain = notes;
      if (!folio_segment_run (doc, &with_notes, error))
        return NULL;
      fputs (notes->str, stderr);
    }
  else if (!folio_segment_run (doc, gopts, error))
    return NULL;
  return g_steal_pointer (&doc);
}

/* The converted document, left for the process's end to take back: its
 * lines, blocks and strings freed one by one cost the 400-page file 1 to
 * 2 ms of some 120 at -j 2, which the kernel does at no cost.  Reachable from
 * here, so that leak checkers do not count it (volatile: the compiler
 * leaves out a store that nothing reads, and the document was then lost to
 * them); the library's tests free documents as every other caller must. */
static FolioDocument *volatile left_for_exit;

int
folio_tool_convert (int argc, char **argv)
{
  FolioExtractOptions xopts = FOLIO_EXTRACT_OPTIONS_INIT;
  FolioStripOptions sopts = FOLIO_STRIP_OPTIONS_INIT;
  FolioSegmentOptions gopts = FOLIO_SEGMENT_OPTIONS_INIT;
  FolioEmitOptions eopts = FOLIO_EMIT_OPTIONS_INIT;
  g_autofree char *format = NULL;
  g_autoptr (FolioStripPatterns) patterns = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) warning = NULL;
  g_autoptr (FolioExtractor) ex = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  g_autofree char *password = NULL, *output = NULL, *patterns_file = NULL, *type = NULL;
  g_auto (GStrv) inputs = NULL;
  gboolean version = FALSE, explain = FALSE, progress = FALSE, no_progress = FALSE, ok;
  int first = 0, last = 0, status;
  FolioToolProgress prog = { 0 };
  int jobs = 0;
  double page_timeout = 0;
  GOptionEntry entries[] = {
    { "first-page", 'f', 0, G_OPTION_ARG_INT, &first, "First page to convert (1-based)", "N" },
    { "last-page", 'l', 0, G_OPTION_ARG_INT, &last, "Last page to convert", "N" },
    folio_tool_option (FOLIO_TOOL_OPT_PASSWORD, &password),
    folio_tool_option (FOLIO_TOOL_OPT_TYPE, &type),
    folio_tool_option (FOLIO_TOOL_OPT_KEEP, &sopts.keep),
    folio_tool_option (FOLIO_TOOL_OPT_PATTERNS, &patterns_file),
    folio_tool_option (FOLIO_TOOL_OPT_NO_REPETITION, &sopts.no_repetition),
    folio_tool_option (FOLIO_TOOL_OPT_NO_OUTLINE, &gopts.no_outline),
    { "format", 'F', 0, G_OPTION_ARG_STRING, &format, "json (default) or markdown", "FORMAT" },
    folio_tool_option (FOLIO_TOOL_OPT_EXPLAIN, &explain),
    folio_tool_option (FOLIO_TOOL_OPT_OUTPUT, &output),
    folio_tool_option (FOLIO_TOOL_OPT_JOBS, &jobs),
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
    "Convert a PDF or paginated text into the document JSON (or Markdown): its\n"
    "lines extracted, the page furniture stripped, the body segmented into\n"
    "sections and paragraphs.  Byte for byte what\n"
    "folio-extract INPUT | folio-strip | folio-segment | folio-emit writes.");
  g_option_context_set_description (context,
    "Exit status as folio-extract(1), folio-strip(1) and folio-emit(1).  See folio(1).");
  if (!folio_tool_parse (context, entries, &argc, &argv))
    return FOLIO_EXIT_USAGE;
  if (version)
    {
      folio_tool_print_version ();
      return FOLIO_EXIT_OK;
    }
  if (inputs == NULL || inputs[0] == NULL || inputs[1] != NULL)
    {
      folio_tool_message (inputs ? "one input at a time (see --help)" : "no input file (see --help)");
      return FOLIO_EXIT_USAGE;
    }
  if (jobs < 0)
    {
      folio_tool_message ("-j takes a number of threads, 1 or more");
      return FOLIO_EXIT_USAGE;
    }
  if (first < 0 || last < 0)
    {
      folio_tool_message ("page numbers start at 1");
      return FOLIO_EXIT_USAGE;
    }
  if (type != NULL && !folio_tool_parse_type (type, &xopts.input_type))
    return FOLIO_EXIT_USAGE;
  if (!folio_tool_check_timeout (page_timeout))
    return FOLIO_EXIT_USAGE;
  xopts.page_timeout = page_timeout;
  if (!folio_tool_in_memory_max (&xopts.in_memory_max))
    return FOLIO_EXIT_USAGE;
  if (!folio_tool_parse_format (format, &eopts.format))
    return FOLIO_EXIT_USAGE;
  gopts.no_boxes = TRUE; /* neither JSON nor Markdown has them */
  xopts.first_page = (guint) first;
  xopts.last_page = (guint) last;
  xopts.password = password ? password : g_getenv ("FOLIO_PASSWORD");
  ok = folio_tool_strip_options (&sopts, patterns_file, &error);
  patterns = sopts.patterns; /* owned here, whether or not it loaded */
  if (!ok)
    return folio_tool_fail (error);

  ex = folio_extractor_open (inputs[0], &xopts, &error);
  if (ex == NULL)
    return folio_tool_fail (error);
  prog.enabled = progress || (!no_progress && isatty (2));
  doc = folio_tool_run_stages (ex, (guint) jobs, &sopts, &gopts, explain, &prog, &warning, &error);
  if (doc == NULL)
    return folio_tool_fail (error);
  status = folio_tool_write_document (doc, &eopts, output);
  left_for_exit = g_steal_pointer (&doc);
  if (status != FOLIO_EXIT_OK)
    return status;
  if (warning != NULL)
    {
      folio_tool_message ("warning: %s", warning->message);
      return folio_error_exit_code (warning);
    }
  return FOLIO_EXIT_OK;
}
