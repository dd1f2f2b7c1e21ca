#include "folio-json-private.h"

#include <math.h>
#include <string.h>

void
folio_json_string (GString *out, const char *s)
{
  static const char hex[] = "0123456789abcdef";
  g_autofree char *valid = NULL;

  /* The model holds UTF-8; repair rather than emit invalid JSON if not. */
  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);

  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      const char *run = p;

      while (*p && *p != '"' && *p != '\\' && (guchar) *p >= 0x20)
        p++;
      if (p > run)
        g_string_append_len (out, run, p - run);
      if (!*p)
        break;
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\b': g_string_append (out, "\\b"); break;
        default:
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[((guchar) *p) >> 4]);
          g_string_append_c (out, hex[((guchar) *p) & 0xf]);
        }
    }
  g_string_append_c (out, '"');
}

/* Two decimals, trailing zeros dropped, never "-0", never NaN or Inf. */
void
folio_json_number (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  size_t len;

  if (!isfinite (v))
    v = 0;
  v = round (v * 100.0) / 100.0;
  if (v == 0)
    v = 0; /* turns -0 into 0 */
  g_ascii_formatd (buf, sizeof buf, "%.2f", v);
  len = strlen (buf);
  while (len > 0 && buf[len - 1] == '0')
    len--;
  if (len > 0 && buf[len - 1] == '.')
    len--;
  g_string_append_len (out, buf, len);
}

void
folio_json_uint (GString *out, guint64 v)
{
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, v);
}

void
folio_json_bool (GString *out, gboolean v)
{
  g_string_append (out, v ? "true" : "false");
}

void
folio_json_key (GString *out, const char *key, gboolean first)
{
  if (!first)
    g_string_append_c (out, ',');
  g_string_append_c (out, '"');
  g_string_append (out, key);
  g_string_append (out, "\":");
}
