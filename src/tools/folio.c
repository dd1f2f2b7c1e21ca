/* folio COMMAND ...: one entry point for every folio program. */
#include "folio-tool.h"

#include <stdio.h>
#include <string.h>

static const struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "convert", folio_tool_convert, "PDF or paginated text to the document JSON: all four stages" },
  { "extract", folio_tool_extract, "PDF or paginated text to a folio stream" },
  { "strip", folio_tool_strip, "page furniture out of the body, on record; metadata from it" },
  { "segment", folio_tool_segment, "headings, paragraphs, list items, footnotes, captions, tables and fields from the body lines" },
  { "emit", folio_tool_emit, "the document JSON (or Markdown) from a segmented stream" },
  { "diff", folio_tool_diff, "what changed between two drafts, by section, paragraph and word" },
  { "batch", folio_tool_batch, "many documents into a directory: incremental, parallel, cron-safe" },
  { "overlay", folio_tool_overlay, "page images with what folio decided drawn on them, for checking by eye" },
};

static void
usage (FILE *to)
{
  fprintf (to, "Usage: folio COMMAND [OPTION...] [ARG...]\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (to, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (to, "\n'folio COMMAND --help' describes a command; folio(1) the whole toolkit.\n");
}

int
main (int argc, char **argv)
{
  folio_tool_init ("folio");
  if (argc < 2)
    {
      usage (stderr);
      return FOLIO_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      usage (stdout);
      return FOLIO_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0 || strcmp (argv[1], "-V") == 0)
    {
      folio_tool_print_version ();
      return FOLIO_EXIT_OK;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        g_autofree char *name = g_strdup_printf ("folio %s", commands[i].name);

        folio_tool_name = name;
        /* The command sees itself as argv[0]. */
        return folio_tool_exit (commands[i].run (argc - 1, argv + 1));
      }
  folio_tool_message ("'%s' is not a folio command (see folio --help)", argv[1]);
  return FOLIO_EXIT_USAGE;
}
