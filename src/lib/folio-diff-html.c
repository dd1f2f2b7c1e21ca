/* The HTML report: one self-contained file, no network, readable on a
 * phone: a summary, a navigation of the changed sections, and each change
 * with its insertions and deletions marked inline. */
#include "folio/folio-diff.h"
#include "folio/folio-version.h"

#include <string.h>

static void
esc (GString *o, const char *s)
{
  for (; s && *s; s++)
    switch (*s)
      {
      case '&': g_string_append (o, "&amp;"); break;
      case '<': g_string_append (o, "&lt;"); break;
      case '>': g_string_append (o, "&gt;"); break;
      case '"': g_string_append (o, "&quot;"); break;
      default: g_string_append_c (o, *s);
      }
}

static void
pages (GString *o, const char *which, const guint p[2])
{
  if (p[0] == 0)
    return;
  if (p[0] == p[1])
    g_string_append_printf (o, "<span class=\"pg\">%s p.&nbsp;%u</span>", which, p[0]);
  else
    g_string_append_printf (o, "<span class=\"pg\">%s pp.&nbsp;%u–%u</span>", which, p[0], p[1]);
}

static const char css[] =
  "*{box-sizing:border-box}body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;"
  "margin:0;color:#1b1b1b;background:#fafafa}header,main,nav{max-width:60rem;margin:0 auto;padding:0 1rem}"
  "h1{font-size:1.4rem;margin:1rem 0 .3rem}h2{font-size:1.1rem;margin:0 0 .5rem}"
  ".files{font-family:ui-monospace,monospace;font-size:.85rem;word-break:break-all}"
  ".summary{display:flex;flex-wrap:wrap;gap:.5rem;margin:.8rem 0;padding:0;list-style:none}"
  ".summary li{background:#fff;border:1px solid #ddd;border-radius:.4rem;padding:.3rem .6rem}"
  ".summary b{font-size:1.1rem}nav ol{padding-left:1.2rem}nav a{color:#0b57d0}"
  "section{background:#fff;border:1px solid #ddd;border-radius:.5rem;margin:1rem 0;padding:.8rem 1rem}"
  ".tag{display:inline-block;font-size:.75rem;border-radius:.3rem;padding:0 .4rem;margin-right:.3rem;"
  "background:#eee}.tag.added{background:#d7f5dd}.tag.removed{background:#fbd9d9}.tag.moved,.tag.renamed{background:#fff0c2}"
  ".pg{color:#666;font-size:.8rem;margin-left:.5rem}.hunk{margin:.6rem 0;padding:.4rem .6rem;border-left:4px solid #ccc;"
  "overflow-wrap:anywhere}.hunk.added{border-color:#2da44e;background:#f0fbf2}.hunk.removed{border-color:#cf222e;"
  "background:#fdf0f0}ins{background:#c8f0d0;text-decoration:none}del{background:#f8c9c9}"
  ".meta td,.meta th{padding:.2rem .6rem;text-align:left;border-bottom:1px solid #eee}"
  "@media (max-width:40rem){body{font-size:15px}section{padding:.6rem}}";

void
folio_diff_print_html (const FolioDiff *d, GString *o)
{
  const FolioDiffSummary *s = &d->summary;

  g_string_append (o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                      "<meta name=\"generator\" content=\"folio " FOLIO_VERSION "\"><title>folio diff: ");
  esc (o, d->new_source);
  g_string_append_printf (o, "</title><style>%s</style></head><body>\n<header><h1>What changed</h1>"
                             "<p class=\"files\">− ", css);
  esc (o, d->old_source);
  g_string_append_printf (o, " (%u pages)<br>+ ", d->old_page_count);
  esc (o, d->new_source);
  g_string_append_printf (o, " (%u pages)</p>\n<ul class=\"summary\" id=\"summary\">"
                             "<li><b>%u</b> section%s changed</li><li><b>%u</b> modified</li>"
                             "<li><b>%u</b> added</li><li><b>%u</b> removed</li><li><b>%u</b> moved</li>"
                             "<li><b>%u</b> renamed</li><li><b>%u</b> unchanged</li>"
                             "<li><b>+%u</b> / <b>−%u</b> words</li></ul>\n",
                          d->new_page_count, d->sections->len, d->sections->len == 1 ? "" : "s",
                          s->sections_modified,
                          s->sections_added, s->sections_removed, s->sections_moved, s->sections_renamed,
                          s->sections_unchanged, s->words_inserted, s->words_deleted);
  if (d->metadata->len)
    {
      g_string_append (o, "<table class=\"meta\"><tr><th>metadata</th><th>old</th><th>new</th></tr>");
      for (guint i = 0; i < d->metadata->len; i++)
        {
          const FolioMetaChange *m = g_ptr_array_index (d->metadata, i);

          g_string_append (o, "<tr><td>");
          esc (o, m->name);
          g_string_append (o, "</td><td><del>");
          esc (o, m->old_value);
          g_string_append (o, "</del></td><td><ins>");
          esc (o, m->new_value);
          g_string_append (o, "</ins></td></tr>");
        }
      g_string_append (o, "</table>\n");
    }
  if (d->sections->len == 0)
    g_string_append (o, "<p id=\"nochange\">No change in the body.</p>\n");
  g_string_append (o, "</header>\n");

  if (d->sections->len)
    {
      g_string_append (o, "<nav><h2>Changed sections</h2><ol>");
      for (guint i = 0; i < d->sections->len; i++)
        {
          const FolioSectionDiff *sd = g_ptr_array_index (d->sections, i);

          g_string_append_printf (o, "<li><a href=\"#c%u\">", i + 1);
          esc (o, sd->new_path ? sd->new_path : sd->old_path);
          g_string_append (o, "</a></li>");
        }
      g_string_append (o, "</ol></nav>\n");
    }

  g_string_append (o, "<main>\n");
  for (guint i = 0; i < d->sections->len; i++)
    {
      const FolioSectionDiff *sd = g_ptr_array_index (d->sections, i);

      g_string_append_printf (o, "<section id=\"c%u\" class=\"change\"><h2>", i + 1);
      esc (o, sd->new_path ? sd->new_path : sd->old_path);
      g_string_append (o, "</h2><p>");
      if (sd->added)
        g_string_append (o, "<span class=\"tag added\">added</span>");
      if (sd->removed)
        g_string_append (o, "<span class=\"tag removed\">removed</span>");
      if (sd->split_into->len)
        g_string_append (o, "<span class=\"tag moved\">split</span>");
      if (sd->merged_from->len)
        g_string_append (o, "<span class=\"tag moved\">merged</span>");
      if (sd->renamed)
        {
          g_string_append (o, "<span class=\"tag renamed\">renamed</span> from “");
          esc (o, sd->old_heading);
          g_string_append (o, "”");
        }
      if (sd->moved)
        g_string_append (o, "<span class=\"tag moved\">moved</span>");
      if (sd->modified)
        g_string_append (o, "<span class=\"tag\">modified</span>");
      pages (o, "old", sd->old_pages);
      pages (o, "new", sd->new_pages);
      g_string_append (o, "</p>\n");
      for (guint k = 0; k < sd->hunks->len; k++)
        {
          const FolioHunk *h = g_ptr_array_index (sd->hunks, k);

          if (h->kind == FOLIO_HUNK_ADDED)
            {
              g_string_append (o, "<div class=\"hunk added\"><ins>");
              esc (o, h->new_text);
              g_string_append (o, "</ins>");
            }
          else if (h->kind == FOLIO_HUNK_REMOVED)
            {
              g_string_append (o, "<div class=\"hunk removed\"><del>");
              esc (o, h->old_text);
              g_string_append (o, "</del>");
            }
          else
            {
              g_string_append (o, "<div class=\"hunk modified\">");
              for (guint w = 0; w < h->words->len; w++)
                {
                  const FolioWordOp *op = g_ptr_array_index (h->words, w);

                  if (op->kind == FOLIO_WORD_INSERTED)
                    g_string_append (o, "<ins>");
                  else if (op->kind == FOLIO_WORD_DELETED)
                    g_string_append (o, "<del>");
                  esc (o, op->text);
                  if (op->kind == FOLIO_WORD_INSERTED)
                    g_string_append (o, "</ins>");
                  else if (op->kind == FOLIO_WORD_DELETED)
                    {
                      g_string_append (o, "</del>");
                      /* "…-16" then "…-17" read as two words, not one. */
                      if (*op->text && !g_ascii_isspace (op->text[strlen (op->text) - 1]))
                        g_string_append_c (o, ' ');
                    }
                }
            }
          pages (o, "old", h->old_pages);
          pages (o, "new", h->new_pages);
          g_string_append (o, "</div>\n");
        }
      g_string_append (o, "</section>\n");
    }
  g_string_append (o, "</main></body></html>\n");
}
