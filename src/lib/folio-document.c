#include "folio/folio-document.h"

#include <string.h>

const char *
folio_media_type_to_string (FolioMediaType type)
{
  return type == FOLIO_MEDIA_PDF ? "application/pdf" : "text/plain";
}

static const char *const role_names[] = {
  [FOLIO_ROLE_BODY] = "body",
  [FOLIO_ROLE_HEADER] = "header",
  [FOLIO_ROLE_FOOTER] = "footer",
  [FOLIO_ROLE_PAGE_NUMBER] = "page-number",
  [FOLIO_ROLE_MARGIN] = "margin",
};

const char *
folio_role_to_string (FolioRole role)
{
  return (guint) role < G_N_ELEMENTS (role_names) ? role_names[role] : "body";
}

gboolean
folio_role_from_string (const char *name, FolioRole *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (name, role_names[i]) == 0)
      {
        *role = (FolioRole) i;
        return TRUE;
      }
  return FALSE;
}

FolioField *
folio_field_new (const char *name, const char *value)
{
  FolioField *field = g_new0 (FolioField, 1);

  field->name = g_strdup (name);
  field->value = g_strdup (value);
  return field;
}

void
folio_field_free (FolioField *field)
{
  if (field == NULL)
    return;
  g_free (field->name);
  g_free (field->value);
  g_free (field);
}

const char *
folio_document_get_field (const FolioDocument *doc, const char *name)
{
  for (guint i = 0; i < doc->metadata->len; i++)
    {
      const FolioField *f = g_ptr_array_index (doc->metadata, i);

      if (strcmp (f->name, name) == 0)
        return f->value;
    }
  return NULL;
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
  g_free (line->rule);
  g_free (line->why);
  g_free (line->number);
  g_free (line->total);
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
  g_free (page->printed);
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
  doc->metadata = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_field_free);
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
  g_ptr_array_unref (doc->metadata);
  g_free (doc->metadata_source);
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
