/* Paginated plain text: pdftotext or OCR output, pages split on form feed. */
#include "folio-extract-private.h"
#include "folio/folio-error.h"

#include <string.h>

typedef struct {
  char *text;            /* the whole input, UTF-8, line ends normalised to \n */
  GArray *starts;        /* (element-type gsize) offset of each page; one more at the end */
} TextSource;

static void
text_source_free (gpointer data)
{
  TextSource *src = data;

  g_free (src->text);
  g_array_unref (src->starts);
  g_free (src);
}

/* Binary junk has NUL bytes or many control characters; text has neither. */
static gboolean
looks_binary (const guint8 *p, gsize len)
{
  gsize controls = 0, n = MIN (len, 64 * 1024);

  if (memchr (p, '\0', len) != NULL)
    return TRUE;
  for (gsize i = 0; i < n; i++)
    if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t' && p[i] != '\f'
        && p[i] != '\v' && p[i] != 0x1b)
      controls++;
  return controls * 20 > n; /* more than 5% */
}

/* CRLF and lone CR become LF. */
static char *
normalise_newlines (const char *s, gsize len)
{
  char *out = g_malloc (len + 1);
  gsize j = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '\r')
        {
          out[j++] = '\n';
          if (i + 1 < len && s[i + 1] == '\n')
            i++;
        }
      else
        out[j++] = s[i];
    }
  out[j] = '\0';
  return out;
}

static FolioPage *
text_read_page (FolioExtractor *ex, gpointer state, guint index, GError **error)
{
  TextSource *src = state;
  gsize start = g_array_index (src->starts, gsize, index - 1);
  gsize end = g_array_index (src->starts, gsize, index) - 1; /* the form feed */
  g_autoptr (FolioPage) page = folio_page_new (index);
  guint lineno = 0;

  /* A page's last newline ends its last line; it does not start another. */
  if (end > start && src->text[end - 1] == '\n')
    end--;
  while (start <= end)
    {
      const char *s = src->text + start;
      const char *nl = memchr (s, '\n', end - start);
      gsize len = nl ? (gsize) (nl - s) : end - start;
      gsize keep = len;

      lineno++;
      if (len > FOLIO_EXTRACT_MAX_LINE_BYTES)
        {
          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_LIMIT,
                       "%s: page %u, line %u is longer than folio's limit of %u bytes",
                       strcmp (ex->doc->source, "-") == 0 ? "stdin" : ex->doc->source,
                       index, lineno, FOLIO_EXTRACT_MAX_LINE_BYTES);
          return NULL;
        }
      /* Trailing blanks are layout, not text. */
      while (keep > 0 && (g_ascii_isspace (s[keep - 1]) || s[keep - 1] == '\v'))
        keep--;
      {
        g_ptr_array_add (page->lines, folio_line_new_full (index, s, (gssize) keep, NULL, 0));
      }
      if (nl == NULL)
        break;
      start += len + 1;
    }
  /* An empty page (two form feeds in a row) has no lines at all. */
  if (page->lines->len == 1 && folio_line_text (g_ptr_array_index (page->lines, 0))[0] == '\0')
    g_ptr_array_set_size (page->lines, 0);
  return g_steal_pointer (&page);
}

gboolean
folio_extract_text_open (FolioExtractor *ex, GError **error)
{
  const char *name = strcmp (ex->doc->source, "-") == 0 ? "stdin" : ex->doc->source;
  gsize len;
  const char *p = g_bytes_get_data (ex->data, &len);
  g_autofree char *converted = NULL;
  TextSource *src;
  gsize n, end;

  if (looks_binary ((const guint8 *) p, len))
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_SUPPORTED,
                   "%s: neither a PDF nor text (binary data)", name);
      return FALSE;
    }
  if (len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3, len -= 3;
  if (g_utf8_validate_len (p, len, NULL))
    ex->doc->encoding = g_strdup ("utf-8");
  else
    {
      /* Older OCR and pdftotext -enc Latin1 output: every byte is a
       * Windows-1252 character, so this cannot lose text. */
      g_autoptr (GError) local = NULL;
      gsize written = 0;

      const char *encoding = "windows-1252";

      converted = g_convert (p, len, "UTF-8", "WINDOWS-1252", NULL, &written, &local);
      if (converted == NULL)
        {
          /* Bytes Windows-1252 leaves undefined (0x81, 0x8d, ...): Latin-1
           * maps every byte, so this cannot fail. */
          encoding = "iso-8859-1";
          converted = g_convert (p, len, "UTF-8", "ISO-8859-1", NULL, &written, NULL);
        }
      if (converted == NULL)
        {
          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_SUPPORTED,
                       "%s: text is neither UTF-8 nor Windows-1252", name);
          return FALSE;
        }
      ex->doc->encoding = g_strdup (encoding);
      p = converted;
      len = written;
    }

  src = g_new0 (TextSource, 1);
  src->text = normalise_newlines (p, len);
  src->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  ex->backend = src;
  ex->backend_free = text_source_free;

  len = strlen (src->text);
  n = 0;
  g_array_append_val (src->starts, n);
  for (const char *ff = src->text; (ff = strchr (ff, '\f')) != NULL; ff++)
    {
      gsize at = (gsize) (ff - src->text) + 1;

      g_array_append_val (src->starts, at);
    }
  /* pdftotext ends every page, the last one too, with a form feed: what
   * follows the last one is a page only if it holds something. */
  if (src->starts->len > 1)
    {
      gsize last = g_array_index (src->starts, gsize, src->starts->len - 1);
      gboolean blank = TRUE;

      for (gsize i = last; i < len && blank; i++)
        blank = g_ascii_isspace (src->text[i]);
      /* If blank, the last start stays as the end marker: the page before
       * it ends at the form feed. */
      if (!blank)
        {
          end = len + 1; /* as if one more form feed followed */
          g_array_append_val (src->starts, end);
        }
    }
  else
    {
      end = len + 1;
      g_array_append_val (src->starts, end);
    }
  ex->doc->page_count = src->starts->len - 1;
  ex->read_page = text_read_page;
  return TRUE;
}
