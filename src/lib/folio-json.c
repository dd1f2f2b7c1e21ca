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
  /* Hundredths as an integer: what "%.2f" gives, without the locale-safe
   * formatting machinery (a stream has millions of these). */
  if (fabs (v) < 1e12)
    {
      long long c = llround (v * 100.0);
      unsigned long long a = (unsigned long long) (c < 0 ? -c : c);
      char *p = buf + sizeof buf;

      if (a % 100 != 0)
        {
          unsigned d1 = (unsigned) (a / 10 % 10), d2 = (unsigned) (a % 10);

          if (d2 != 0)
            *--p = (char) ('0' + d2);
          *--p = (char) ('0' + d1);
          *--p = '.';
        }
      a /= 100;
      do
        *--p = (char) ('0' + a % 10);
      while ((a /= 10) > 0);
      if (c < 0)
        *--p = '-';
      g_string_append_len (out, p, buf + sizeof buf - p);
      return;
    }
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

typedef struct {
  const char *p, *end, *start;
  guint depth, max_depth;
  const char *why;
} Check;

static gboolean check_value (Check *c);

static void
skip_ws (Check *c)
{
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

static gboolean
fail (Check *c, const char *why)
{
  c->why = why;
  return FALSE;
}

static gboolean
check_string (Check *c)
{
  c->p++; /* the opening quote */
  while (c->p < c->end)
    {
      guchar ch = (guchar) *c->p;

      if (ch == '"')
        {
          c->p++;
          return TRUE;
        }
      if (ch < 0x20)
        return fail (c, "control character inside a string");
      if (ch == '\\')
        {
          c->p++;
          if (c->p >= c->end)
            break;
          if (*c->p == 'u')
            {
              for (int i = 1; i <= 4; i++)
                if (c->p + i >= c->end || !g_ascii_isxdigit (c->p[i]))
                  return fail (c, "bad \\u escape");
              c->p += 5;
              continue;
            }
          if (!strchr ("\"\\/bfnrt", *c->p) || *c->p == '\0')
            return fail (c, "bad escape in a string");
        }
      c->p++;
    }
  return fail (c, "unterminated string");
}

static gboolean
check_number (Check *c)
{
  const char *p = c->p;

  if (p < c->end && *p == '-')
    p++;
  if (p < c->end && *p == '0')
    p++;
  else if (p < c->end && *p >= '1' && *p <= '9')
    while (p < c->end && g_ascii_isdigit (*p))
      p++;
  else
    return fail (c, "bad number");
  if (p < c->end && *p == '.')
    {
      p++;
      if (p >= c->end || !g_ascii_isdigit (*p))
        return fail (c, "bad number");
      while (p < c->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < c->end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < c->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= c->end || !g_ascii_isdigit (*p))
        return fail (c, "bad number");
      while (p < c->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < c->end && (g_ascii_isalnum (*p) || *p == '.'))
    return fail (c, "bad number");
  c->p = p;
  return TRUE;
}

static gboolean
check_literal (Check *c, const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (c->end - c->p) < n || memcmp (c->p, word, n) != 0)
    return fail (c, "unexpected character");
  c->p += n;
  return TRUE;
}

static gboolean
check_container (Check *c, char close)
{
  gboolean object = close == '}';

  if (++c->depth > c->max_depth)
    return fail (c, "nested too deep");
  c->p++;
  skip_ws (c);
  if (c->p < c->end && *c->p == close)
    {
      c->p++;
      c->depth--;
      return TRUE;
    }
  for (;;)
    {
      skip_ws (c);
      if (object)
        {
          if (c->p >= c->end || *c->p != '"')
            return fail (c, "expected a member name in quotes");
          if (!check_string (c))
            return FALSE;
          skip_ws (c);
          if (c->p >= c->end || *c->p != ':')
            return fail (c, "expected ':'");
          c->p++;
        }
      if (!check_value (c))
        return FALSE;
      skip_ws (c);
      if (c->p < c->end && *c->p == ',')
        {
          c->p++;
          continue;
        }
      if (c->p < c->end && *c->p == close)
        {
          c->p++;
          c->depth--;
          return TRUE;
        }
      return fail (c, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static gboolean
check_value (Check *c)
{
  skip_ws (c);
  if (c->p >= c->end)
    return fail (c, "unexpected end of the record");
  switch (*c->p)
    {
    case '{': return check_container (c, '}');
    case '[': return check_container (c, ']');
    case '"': return check_string (c);
    case 't': return check_literal (c, "true");
    case 'f': return check_literal (c, "false");
    case 'n': return check_literal (c, "null");
    default:
      if (*c->p == '-' || g_ascii_isdigit (*c->p))
        return check_number (c);
      return fail (c, "unexpected character");
    }
}

gboolean
folio_json_check (const char *text, gsize len, guint max_depth,
                  const char **why, gsize *offset)
{
  Check c = { text, text + len, text, 0, max_depth, NULL };

  if (check_value (&c))
    {
      skip_ws (&c);
      if (c.p == c.end)
        return TRUE;
      c.why = "more than one JSON value on the line";
    }
  *why = c.why;
  *offset = (gsize) (c.p - c.start);
  return FALSE;
}
