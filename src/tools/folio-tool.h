/* What every folio program shares: messages, exit codes, safe output. */
#pragma once

#include <gio/gio.h>
#include <folio/folio.h>

/* The name messages start with, e.g. "folio-extract" or "folio extract". */
extern const char *folio_tool_name;

/* "NAME: message" on stderr, one line. */
G_GNUC_PRINTF (1, 2) void folio_tool_message (const char *fmt, ...);

/* Prints @error and returns its exit code. */
int folio_tool_fail (const GError *error);

/* Parses @context, made of @entries, over argv; on a usage error prints
 * it and returns FALSE.  A short option's value may be joined to it
 * ("-j2"), as getopt allows and GOption alone does not. */
gboolean folio_tool_parse (GOptionContext *context, const GOptionEntry *entries, int *argc,
                           char ***argv);

void folio_tool_print_version (void);

/* The options several programs share, each with one name, letter and
 * help text wherever it appears. */
typedef enum {
  FOLIO_TOOL_OPT_OUTPUT,        /* -o FILE, written complete or not at all */
  FOLIO_TOOL_OPT_PASSWORD,      /* --password PW */
  FOLIO_TOOL_OPT_TYPE,          /* -t auto|pdf|text */
  FOLIO_TOOL_OPT_KEEP,          /* -k: furniture marked, left in the body */
  FOLIO_TOOL_OPT_PATTERNS,      /* -p FILE: more page-number patterns */
  FOLIO_TOOL_OPT_NO_REPETITION, /* --no-repetition */
  FOLIO_TOOL_OPT_NO_OUTLINE,    /* --no-outline */
  FOLIO_TOOL_OPT_EXPLAIN,       /* -e: strip's and segment's notes */
  FOLIO_TOOL_OPT_JOBS,          /* -j N: threads reading pages */
  FOLIO_TOOL_OPT_PAGE_TIMEOUT,  /* --page-timeout SECONDS */
  FOLIO_TOOL_OPT_PROGRESS,      /* --progress */
  FOLIO_TOOL_OPT_NO_PROGRESS,   /* --no-progress */
  FOLIO_TOOL_OPT_VERSION,       /* -V */
} FolioToolOption;

/* The entry for @which, storing into @arg (of the type its G_OPTION_ARG_ wants). */
GOptionEntry folio_tool_option (FolioToolOption which, gpointer arg);

/* Where a program's output goes: stdout, or FILE written to a temporary
 * file beside it and renamed into place only when complete, so a failed or
 * killed run never leaves a truncated FILE. */
typedef struct _FolioToolOutput FolioToolOutput;

FolioToolOutput *folio_tool_output_open (const char *path, GError **error);
GOutputStream *folio_tool_output_stream (FolioToolOutput *out);
const char *folio_tool_output_name (FolioToolOutput *out);
/* Renames the finished file into place (no-op for stdout). */
gboolean folio_tool_output_commit (FolioToolOutput *out, GError **error);
/* Removes the temporary file unless committed. */
void folio_tool_output_free (FolioToolOutput *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioToolOutput, folio_tool_output_free)

/* Progress on stderr for long work: on by default when stderr is a terminal. */
typedef struct {
  gboolean enabled;
  gint64 last_us;
} FolioToolProgress;

void folio_tool_progress_update (FolioToolProgress *p, const char *what, guint done, guint total);
void folio_tool_progress_done (FolioToolProgress *p);
/* One free-form progress line, rewritten in place at most 5 times a second
 * (always when @force). */
G_GNUC_PRINTF (3, 4) void folio_tool_progress_text (FolioToolProgress *p, gboolean force,
                                                     const char *fmt, ...);

/* The programs, as called by their own binary or by `folio NAME`. */
int folio_tool_extract (int argc, char **argv);
int folio_tool_convert (int argc, char **argv);
int folio_tool_strip (int argc, char **argv);
int folio_tool_segment (int argc, char **argv);
int folio_tool_emit (int argc, char **argv);
int folio_tool_diff (int argc, char **argv);
int folio_tool_batch (int argc, char **argv);
int folio_tool_overlay (int argc, char **argv);

/* Writes @doc as one complete stream to @output (NULL: stdout). */
int folio_tool_write_stream (const FolioDocument *doc, const char *output);
/* Loads --patterns FILE into @opts->patterns (owned by the caller). */
gboolean folio_tool_strip_options (FolioStripOptions *opts, const char *patterns_file, GError **error);
/* Prints folio_strip_explain() on stderr. */
void folio_tool_explain (const FolioDocument *doc);

/* Shared by extract and convert: extracts @input to @output (NULL: stdout). */
int folio_tool_run_extract (const char *input, const char *output,
                            const FolioExtractOptions *opts, gboolean progress);

/* In cmd-convert.c; shared by convert and overlay, so that overlay shows what convert did:
 * reads every page of @ex on @jobs threads (0: one per core), strips the
 * furniture, prints what was taken out with @explain, and segments the
 * body.  A PDF without a text layer is set in @warning, not an error.
 * Returns: (transfer full) the segmented document, or NULL on @error. */
FolioDocument *folio_tool_run_stages (FolioExtractor *ex, guint jobs,
                                      const FolioStripOptions *sopts,
                                      const FolioSegmentOptions *gopts,
                                      gboolean explain, FolioToolProgress *prog,
                                      GError **warning, GError **error);

/* --format VALUE (json, markdown); prints the usage error itself. */
gboolean folio_tool_parse_format (const char *value, FolioEmitFormat *format);
/* Writes @text to @output (NULL: stdout), complete or not at all. */
int folio_tool_write_text (const GString *text, const char *output);
/* @doc emitted into @output ("-" or NULL: standard output) as it is made,
 * not held whole; a file is replaced whole or not at all.  An exit status. */
int folio_tool_write_document (const FolioDocument *doc, const FolioEmitOptions *opts, const char *output);

/* --type VALUE; prints the usage error itself. */
gboolean folio_tool_parse_type (const char *value, FolioInputType *type);

/* --page-timeout SECONDS: 0 (none) or positive; prints the usage error itself. */
gboolean folio_tool_check_timeout (double seconds);

/* FolioExtractOptions.in_memory_max from the environment's
 * FOLIO_IN_MEMORY_MAX (bytes, or with K, M or G: KiB, MiB, GiB; 0: every
 * PDF file is read in place), left as it is when unset; FALSE, with the
 * message given, when it is not a size. */
gboolean folio_tool_in_memory_max (guint64 *max);
/* What main() returns through: @status, or, when threads were left inside
 * poppler past --page-timeout (folio_extract_abandoned_total()),
 * ends the process with it at once, everything else freed already
 * (_exit: no exit handler, poppler's destructors among them, runs under a
 * thread still inside poppler). */
int folio_tool_exit (int status);

/* What every main() does first. */
void folio_tool_init (const char *name);
