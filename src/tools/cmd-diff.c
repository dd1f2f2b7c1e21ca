/* folio diff OLD NEW: what changed, by section, paragraph and word.
 * Exit status as diff(1): 0 no change in the body, 1 changes, 2 trouble. */
#include "folio-tool.h"

#include <string.h>
#include <unistd.h>

#define DIFF_EXIT_SAME 0
#define DIFF_EXIT_CHANGED 1
#define DIFF_EXIT_TROUBLE 2

static FolioDiffSide *
load_side (const char *path, const FolioDiffLoadOptions *lopts, const char *which, GError **error)
{
  g_autoptr (JsonNode) doc = folio_diff_load (path, lopts, error);

  return doc ? folio_diff_side_new (doc, which, error) : NULL;
}

int
folio_tool_diff (int argc, char **argv)
{
  FolioDiffLoadOptions lopts = FOLIO_DIFF_LOAD_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;
  g_autoptr (FolioDiffSide) old_side = NULL, new_side = NULL;
  g_autoptr (FolioDiff) diff = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *format = NULL, *color = NULL, *output = NULL, *password = NULL;
  g_auto (GStrv) inputs = NULL;
  gboolean version = FALSE, stat = FALSE, use_color;
  int status, jobs = 0;
  GOptionEntry entries[] = {
    { "format", 'F', 0, G_OPTION_ARG_STRING, &format, "text (default), json or html", "FORMAT" },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color, "auto (default: on a terminal), always or never", "WHEN" },
    { "stat", 0, 0, G_OPTION_ARG_NONE, &stat, "Print only the summary", NULL },
    { "no-outline", 0, 0, G_OPTION_ARG_NONE, &lopts.segment.no_outline,
      "Ignore PDF bookmarks when finding headings", NULL },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password,
      "Password of encrypted PDF inputs (or set FOLIO_PASSWORD)", "PW" },
    folio_tool_option (FOLIO_TOOL_OPT_JOBS, &jobs),
    folio_tool_option (FOLIO_TOOL_OPT_OUTPUT, &output),
    folio_tool_option (FOLIO_TOOL_OPT_VERSION, &version),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "OLD NEW" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Compare two versions of a publication section by section, blind to\n"
    "pagination and page furniture.  OLD and NEW are PDFs, paginated texts or\n"
    "folio document JSONs (what folio convert writes), in any mix.");
  g_option_context_set_description (context,
    "Exit status, as diff(1): 0 no change in the body, 1 changes, 2 trouble\n"
    "(a file missing, unreadable or damaged, a bad option).  See folio-diff(1).");
  if (!folio_tool_parse (context, entries, &argc, &argv))
    return DIFF_EXIT_TROUBLE;
  if (version)
    {
      folio_tool_print_version ();
      return DIFF_EXIT_SAME;
    }
  if (inputs == NULL || g_strv_length (inputs) != 2)
    {
      folio_tool_message ("two files to compare, OLD and NEW (see --help)");
      return DIFF_EXIT_TROUBLE;
    }
  if (format && strcmp (format, "text") != 0 && strcmp (format, "json") != 0 && strcmp (format, "html") != 0)
    {
      folio_tool_message ("--format must be text, json or html, not \"%s\" (see --help)", format);
      return DIFF_EXIT_TROUBLE;
    }
  if (color && strcmp (color, "auto") != 0 && strcmp (color, "always") != 0 && strcmp (color, "never") != 0)
    {
      folio_tool_message ("--color must be auto, always or never, not \"%s\" (see --help)", color);
      return DIFF_EXIT_TROUBLE;
    }
  if (jobs < 0)
    {
      folio_tool_message ("-j takes a number of threads, 1 or more");
      return DIFF_EXIT_TROUBLE;
    }
  /* pages on every core, as folio convert reads them: the same document */
  lopts.threads = jobs > 0 ? (guint) jobs : g_get_num_processors ();
  lopts.password = password ? password : g_getenv ("FOLIO_PASSWORD");
  if (!folio_tool_in_memory_max (&lopts.in_memory_max))
    return DIFF_EXIT_TROUBLE;

  /* Each side's JSON goes once the side has what the diff needs: a
   * json-glib tree is some ten times the size of its text. */
  old_side = load_side (inputs[0], &lopts, "old", &error);
  if (old_side != NULL)
    new_side = load_side (inputs[1], &lopts, "new", &error);
  if (new_side == NULL)
    {
      folio_tool_fail (error);
      return DIFF_EXIT_TROUBLE;
    }
  diff = folio_diff_compute_sides (g_steal_pointer (&old_side), g_steal_pointer (&new_side));
  /* Two different publications are diffed all the same, with a word. */
  if (diff->summary.sections_unchanged + diff->summary.sections_modified + diff->summary.sections_renamed
        + diff->summary.sections_moved == 0
      && diff->summary.sections_removed > 0 && diff->summary.sections_added > 0)
    folio_tool_message ("warning: almost nothing aligns between %s and %s: two different publications?",
                        inputs[0], inputs[1]);

  if (format && strcmp (format, "json") == 0)
    folio_diff_print_json (diff, out);
  else if (format && strcmp (format, "html") == 0)
    folio_diff_print_html (diff, out);
  else
    {
      use_color = color && strcmp (color, "always") == 0;
      if (color == NULL || strcmp (color, "auto") == 0)
        use_color = output == NULL && isatty (1) && g_getenv ("NO_COLOR") == NULL
                    && g_strcmp0 (g_getenv ("TERM"), "dumb") != 0;
      folio_diff_print_text (diff, use_color, stat, out);
    }
  status = folio_tool_write_text (out, output);
  if (status != FOLIO_EXIT_OK)
    return DIFF_EXIT_TROUBLE;
  return folio_diff_has_changes (diff) ? DIFF_EXIT_CHANGED : DIFF_EXIT_SAME;
}
