#include "folio/folio-document.h"

const char *
folio_media_type_to_string (FolioMediaType type)
{
  return type == FOLIO_MEDIA_PDF ? "application/pdf" : "text/plain";
}

FolioLine *
folio_line_new (guint page, const char *text)
{
  FolioLine *line = g_new0 (FolioLine, 1);

  line->page = page;
  line->text = g_strdup (text ? text : "");
  return line;
}

void
folio_line_free (FolioLine *line)
{
  if (line == NULL)
    return;
  g_free (line->text);
  g_free (line->font);
  g_free (line);
}

FolioPage *
folio_page_new (guint index)
{
  FolioPage *page = g_new0 (FolioPage, 1);

  page->index = index;
  page->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_line_free);
  return page;
}

void
folio_page_free (FolioPage *page)
{
  if (page == NULL)
    return;
  g_free (page->label);
  g_ptr_array_unref (page->lines);
  g_free (page);
}

FolioOutlineEntry *
folio_outline_entry_new (const char *title, guint level, guint page)
{
  FolioOutlineEntry *entry = g_new0 (FolioOutlineEntry, 1);

  entry->title = g_strdup (title ? title : "");
  entry->level = level;
  entry->page = page;
  return entry;
}

void
folio_outline_entry_free (FolioOutlineEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->title);
  g_free (entry);
}

FolioDocument *
folio_document_new (void)
{
  FolioDocument *doc = g_new0 (FolioDocument, 1);

  doc->outline = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_outline_entry_free);
  doc->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_page_free);
  return doc;
}

static void
pdf_info_clear (FolioPdfInfo *info)
{
  g_free (info->title);
  g_free (info->author);
  g_free (info->subject);
  g_free (info->keywords);
  g_free (info->creator);
  g_free (info->producer);
  g_free (info->created);
  g_free (info->modified);
  g_free (info->pdf_version);
}

void
folio_document_free (FolioDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->source);
  g_free (doc->sha256);
  g_free (doc->encoding);
  pdf_info_clear (&doc->info);
  g_ptr_array_unref (doc->outline);
  g_ptr_array_unref (doc->pages);
  g_free (doc);
}

guint
folio_document_count_lines (const FolioDocument *doc)
{
  guint n = 0;

  for (guint i = 0; i < doc->pages->len; i++)
    n += ((FolioPage *) g_ptr_array_index (doc->pages, i))->lines->len;
  return n;
}
