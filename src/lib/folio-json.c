#include "folio-json-private.h"

#include <math.h>
#include <string.h>

/* What a byte of a string is to the writer: 0 written escaped (or the
 * end), 1 ASCII as it stands, 2 past ASCII, as it stands once the string
 * is known to be UTF-8. */
static const guint8 json_byte[256] = {
  [0x20 ... 0x21] = 1, /* '"' (0x22) and '\\' (0x5c) escaped */
  [0x23 ... 0x5b] = 1,
  [0x5d ... 0x7f] = 1,
  [0x80 ... 0xff] = 2,
};

void
folio_json_string (GString *out, const char *s)
{
  static const char hex[] = "0123456789abcdef";
  g_autofree char *valid = NULL;
  gsize start = out->len;
  gboolean high = FALSE; /* a byte past ASCII met */

again:
  g_string_append_c (out, '"');
  for (const char *p = s;;)
    {
      const char *run = p;

      /* The bytes written as they stand, four a round: each is read only
       * once those before it are known not to be the end. */
      for (;;)
        {
          for (;; p += 4)
            {
              if (json_byte[(guchar) p[0]] != 1)
                break;
              if (json_byte[(guchar) p[1]] != 1)
                {
                  p += 1;
                  break;
                }
              if (json_byte[(guchar) p[2]] != 1)
                {
                  p += 2;
                  break;
                }
              if (json_byte[(guchar) p[3]] != 1)
                {
                  p += 3;
                  break;
                }
            }
          if (json_byte[(guchar) *p] != 2)
            break;
          high = TRUE;
          p++;
        }
      if (p > run)
        folio_string_put (out, run, p - run);
      if (!*p)
        break;
      switch (*p)
        {
        case '"': folio_json_literal (out, "\\\""); break;
        case '\\': folio_json_literal (out, "\\\\"); break;
        case '\n': folio_json_literal (out, "\\n"); break;
        case '\t': folio_json_literal (out, "\\t"); break;
        case '\r': folio_json_literal (out, "\\r"); break;
        case '\f': folio_json_literal (out, "\\f"); break;
        case '\b': folio_json_literal (out, "\\b"); break;
        default:
          {
            char u[6] = { '\\', 'u', '0', '0', hex[((guchar) *p) >> 4], hex[((guchar) *p) & 0xf] };

            folio_string_put (out, u, sizeof u);
          }
        }
      p++;
    }
  /* The model holds UTF-8; repair rather than emit invalid JSON if not.
   * ASCII is: only a string with more is checked, once written. */
  if (high && valid == NULL && !g_utf8_validate (s, -1, NULL))
    {
      g_string_truncate (out, start);
      s = valid = g_utf8_make_valid (s, -1);
      goto again;
    }
  g_string_append_c (out, '"');
}

/* @c hundredths, as folio_json_number () writes c / 100: what "%.2f"
 * gives, trailing zeros dropped, without the locale-safe formatting
 * machinery (a stream has millions of these). */
void
folio_json_hundredths (GString *out, gint64 c)
{
  char buf[24], *p = buf + sizeof buf;
  guint64 a = c < 0 ? 0 - (guint64) c : (guint64) c;

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
  if (fabs (v) < 1e12)
    {
      folio_json_hundredths (out, llround (v * 100.0));
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
  char digits[20], *d = digits + sizeof digits;

  /* not printf: a page number or a count on every record */
  do
    *--d = (char) ('0' + v % 10);
  while ((v /= 10) > 0);
  folio_string_put (out, d, digits + sizeof digits - d);
}

void
folio_json_bool (GString *out, gboolean v)
{
  if (v)
    folio_json_literal (out, "true");
  else
    folio_json_literal (out, "false");
}

void
folio_json_key (GString *out, const char *key, gboolean first)
{
  if (!first)
    g_string_append_c (out, ',');
  g_string_append_c (out, '"');
  folio_string_put (out, key, strlen (key));
  folio_json_literal (out, "\":");
}

/* ------------------------------------------------------------ parser */

/* One pass over a record: the grammar of RFC 8259 and nothing more, the
 * values into a flat array of nodes in document order (a container is
 * followed by its members), strings NUL-terminated in place. */

typedef struct {
  char *p, *end, *start;
  guint depth, max_depth;
  const char *why;
  FolioJsonParser *out;  /* NULL: check only, write nothing */
  guint32 values;        /* parsed so far, at most FOLIO_JSON_MAX_VALUES */
} Parse;

G_STATIC_ASSERT (FOLIO_JSON_MAX_VALUES == 4194304); /* as parse_value () says */

static gboolean parse_value (Parse *c, const char *key, guint32 key_len);

static inline void
skip_ws (Parse *c)
{
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

static gboolean
fail (Parse *c, const char *why)
{
  c->why = why;
  return FALSE;
}

/* A new node (zeroed but for its key), or G_MAXUINT32 in check-only mode. */
static inline guint32
add_node (Parse *c, guint8 type, const char *key, guint32 key_len)
{
  FolioJsonParser *o = c->out;
  FolioJsonNode *n;

  if (o == NULL)
    return G_MAXUINT32;
  if (o->n_nodes == o->size)
    {
      o->size = o->size ? o->size * 2 : 64;
      o->nodes = g_renew (FolioJsonNode, o->nodes, o->size);
    }
  n = &o->nodes[o->n_nodes];
  *n = (FolioJsonNode) { .key = key, .key_len = key_len, .span = 1, .type = type };
  return o->n_nodes++;
}

static int
hex4 (const char *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    v = v * 16 + g_ascii_xdigit_value (p[i]);
  return v;
}

/* Whether @p[0..4] (all before @end) are hex digits. */
static inline gboolean
is_hex4 (const char *p, const char *end)
{
  for (int i = 0; i < 4; i++)
    if (p + i >= end || !g_ascii_isxdigit (p[i]))
      return FALSE;
  return TRUE;
}

/* The string at c->p (its opening quote).  Storing, its bytes are decoded in
 * place (never longer than the escapes they come from) and NUL-terminated
 * over the closing quote; *@len counts the bytes before the first NUL, as a
 * C string would (a "\u0000" ends it, as it did with json-glib). */
static gboolean
parse_string (Parse *c, char **s, guint32 *len)
{
  gboolean store = c->out != NULL;
  char *w, *nul = NULL;

  c->p++; /* the opening quote */
  *s = c->p;
  /* The common case: no escape. */
  while (c->p < c->end && *c->p != '"' && *c->p != '\\' && (guchar) *c->p >= 0x20)
    c->p++;
  w = c->p;
  while (c->p < c->end)
    {
      guchar ch = (guchar) *c->p;

      if (ch == '"')
        {
          if (store)
            {
              *w = '\0';
              *len = (guint32) ((nul ? nul : w) - *s);
            }
          c->p++;
          return TRUE;
        }
      if (ch < 0x20)
        return fail (c, "control character inside a string");
      if (ch != '\\')
        {
          if (store)
            *w++ = (char) ch;
          c->p++;
          continue;
        }
      c->p++;
      if (c->p >= c->end)
        break;
      if (*c->p == 'u')
        {
          gunichar u;

          if (!is_hex4 (c->p + 1, c->end))
            return fail (c, "bad \\u escape");
          u = (gunichar) hex4 (c->p + 1);
          if (u >= 0xdc00 && u <= 0xdfff)
            return fail (c, "lone surrogate in a \\u escape");
          if (u >= 0xd800 && u <= 0xdbff)
            {
              /* Only with a low surrogate after it. */
              const char *q = c->p + 5;

              if (q + 1 < c->end && q[0] == '\\' && q[1] == 'u')
                {
                  gunichar lo;

                  if (!is_hex4 (q + 2, c->end))
                    {
                      c->p = (char *) q + 1;
                      return fail (c, "bad \\u escape");
                    }
                  lo = (gunichar) hex4 (q + 2);
                  if (lo < 0xdc00 || lo > 0xdfff)
                    return fail (c, "lone surrogate in a \\u escape");
                  u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                  c->p += 6;
                }
              else
                return fail (c, "lone surrogate in a \\u escape");
            }
          if (store)
            {
              if (u == 0 && nul == NULL)
                nul = w;
              w += g_unichar_to_utf8 (u, w);
            }
          c->p += 5;
          continue;
        }
      {
        char d;

        switch (*c->p)
          {
          case '"': d = '"'; break;
          case '\\': d = '\\'; break;
          case '/': d = '/'; break;
          case 'b': d = '\b'; break;
          case 'f': d = '\f'; break;
          case 'n': d = '\n'; break;
          case 'r': d = '\r'; break;
          case 't': d = '\t'; break;
          default: return fail (c, "bad escape in a string");
          }
        if (store)
          *w++ = d;
        c->p++;
      }
    }
  return fail (c, "unterminated string");
}

/* Powers of ten that a double holds exactly. */
static const double exact_pow10[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static double
literal_to_double (const char *p, gsize n)
{
  char buf[64];
  g_autofree char *heap = NULL;
  const char *s = buf;

  if (n < sizeof buf)
    {
      memcpy (buf, p, n);
      buf[n] = '\0';
    }
  else
    s = heap = g_strndup (p, n);
  return g_ascii_strtod (s, NULL);
}

static gboolean
parse_number (Parse *c, const char *key, guint32 key_len)
{
  const char *p = c->p, *digits;
  gboolean neg = FALSE, fraction = FALSE, exponent = FALSE;
  guint64 mant = 0;
  guint n_digits = 0, n_frac = 0;
  gboolean overflow = FALSE;
  guint32 idx;
  FolioJsonNode *n;

  if (p < c->end && *p == '-')
    {
      neg = TRUE;
      p++;
    }
  digits = p;
  if (p < c->end && *p == '0')
    p++;
  else if (p < c->end && *p >= '1' && *p <= '9')
    while (p < c->end && g_ascii_isdigit (*p))
      {
        guint d = (guint) (*p - '0');

        if (mant > (G_MAXUINT64 - d) / 10)
          overflow = TRUE;
        mant = mant * 10 + d;
        p++;
      }
  else
    return fail (c, "bad number");
  n_digits = (guint) (p - digits);
  if (p < c->end && *p == '.')
    {
      p++;
      if (p >= c->end || !g_ascii_isdigit (*p))
        return fail (c, "bad number");
      fraction = TRUE;
      while (p < c->end && g_ascii_isdigit (*p))
        {
          if (n_digits + n_frac < 19)
            mant = mant * 10 + (guint64) (*p - '0');
          n_frac++;
          p++;
        }
    }
  if (p < c->end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < c->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= c->end || !g_ascii_isdigit (*p))
        return fail (c, "bad number");
      exponent = TRUE;
      while (p < c->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < c->end && (g_ascii_isalnum (*p) || *p == '.'))
    return fail (c, "bad number");

  idx = add_node (c, FOLIO_JSON_INT, key, key_len);
  if (c->out != NULL)
    {
      n = &c->out->nodes[idx];
      if (!fraction && !exponent)
        {
          /* json-glib's integers were 64 bits; past them, an integer that
           * is out of range rather than one that wraps. */
          if (overflow || mant > (neg ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64))
            {
              n->big = TRUE;
              n->v.s = c->p;
              n->len = (guint32) (p - c->p);
            }
          else
            n->v.i = neg ? (gint64) (0 - mant) : (gint64) mant;
        }
      else
        {
          n->type = FOLIO_JSON_DOUBLE;
          /* Up to 15 digits and no exponent: the digits as an integer over
           * an exact power of ten, one correctly rounded division, which is
           * what strtod gives, at a fraction of its cost. */
          if (!exponent && n_digits + n_frac <= 15)
            n->v.d = (double) mant / exact_pow10[n_frac];
          else
            n->v.d = fabs (literal_to_double (digits, (gsize) (p - digits)));
          if (neg)
            n->v.d = -n->v.d;
        }
    }
  c->p = (char *) p;
  return TRUE;
}

static gboolean
parse_literal (Parse *c, const char *word, guint8 type, const char *key, guint32 key_len)
{
  gsize n = strlen (word);
  guint32 idx;

  if ((gsize) (c->end - c->p) < n || memcmp (c->p, word, n) != 0)
    return fail (c, "unexpected character");
  c->p += n;
  idx = add_node (c, type, key, key_len);
  if (c->out != NULL && type == FOLIO_JSON_BOOL)
    c->out->nodes[idx].v.b = word[0] == 't';
  return TRUE;
}

static gboolean
parse_container (Parse *c, char close, const char *key, guint32 key_len)
{
  gboolean object = close == '}';
  guint32 idx, count = 0;

  if (++c->depth > c->max_depth)
    return fail (c, "nested too deep");
  idx = add_node (c, object ? FOLIO_JSON_OBJECT : FOLIO_JSON_ARRAY, key, key_len);
  c->p++;
  skip_ws (c);
  if (c->p < c->end && *c->p == close)
    c->p++;
  else
    for (;;)
      {
        char *name = NULL;
        guint32 name_len = 0;

        skip_ws (c);
        if (object)
          {
            if (c->p >= c->end || *c->p != '"')
              return fail (c, "expected a member name in quotes");
            if (!parse_string (c, &name, &name_len))
              return FALSE;
            skip_ws (c);
            if (c->p >= c->end || *c->p != ':')
              return fail (c, "expected ':'");
            c->p++;
          }
        if (!parse_value (c, name, name_len))
          return FALSE;
        count++;
        skip_ws (c);
        if (c->p < c->end && *c->p == ',')
          {
            c->p++;
            continue;
          }
        if (c->p < c->end && *c->p == close)
          {
            c->p++;
            break;
          }
        return fail (c, object ? "expected ',' or '}'" : "expected ',' or ']'");
      }
  c->depth--;
  if (c->out != NULL)
    {
      c->out->nodes[idx].len = count;
      c->out->nodes[idx].span = c->out->n_nodes - idx;
    }
  return TRUE;
}

static gboolean
parse_value (Parse *c, const char *key, guint32 key_len)
{
  skip_ws (c);
  if (c->p >= c->end)
    return fail (c, "unexpected end of the record");
  if (++c->values > FOLIO_JSON_MAX_VALUES)
    return fail (c, "more values in one record than folio's limit of 4194304");
  switch (*c->p)
    {
    case '{': return parse_container (c, '}', key, key_len);
    case '[': return parse_container (c, ']', key, key_len);
    case '"':
      {
        guint32 idx = add_node (c, FOLIO_JSON_STRING, key, key_len);
        char *s = NULL;
        guint32 len = 0;

        if (!parse_string (c, &s, &len))
          return FALSE;
        if (c->out != NULL)
          {
            c->out->nodes[idx].v.s = s;
            c->out->nodes[idx].len = len;
          }
        return TRUE;
      }
    case 't': return parse_literal (c, "true", FOLIO_JSON_BOOL, key, key_len);
    case 'f': return parse_literal (c, "false", FOLIO_JSON_BOOL, key, key_len);
    case 'n': return parse_literal (c, "null", FOLIO_JSON_NULL, key, key_len);
    default:
      if (*c->p == '-' || g_ascii_isdigit (*c->p))
        return parse_number (c, key, key_len);
      return fail (c, "unexpected character");
    }
}

static gboolean
parse (Parse *c, const char **why, gsize *offset)
{
  if (parse_value (c, NULL, 0))
    {
      skip_ws (c);
      if (c->p == c->end)
        return TRUE;
      c->why = "more than one JSON value on the line";
    }
  *why = c->why;
  *offset = (gsize) (c->p - c->start);
  return FALSE;
}

gboolean
folio_json_check (const char *text, gsize len, guint max_depth,
                  const char **why, gsize *offset)
{
  /* Without a parser nothing is written: the cast is only for the type. */
  Parse c = { (char *) text, (char *) text + len, (char *) text, 0, max_depth, NULL, NULL };

  return parse (&c, why, offset);
}

void
folio_json_parser_clear (FolioJsonParser *parser)
{
  g_clear_pointer (&parser->nodes, g_free);
  parser->n_nodes = parser->size = 0;
}

gboolean
folio_json_parse (FolioJsonParser *parser, char *text, gsize len, guint max_depth,
                  const char **why, gsize *offset)
{
  Parse c = { text, text + len, text, 0, max_depth, NULL, parser };

  /* One record of a million nodes need not keep their room for the rest. */
  if (parser->size > 65536 && parser->n_nodes < parser->size / 4)
    folio_json_parser_clear (parser);
  parser->n_nodes = 0;
  if (parse (&c, why, offset))
    return TRUE;
  parser->n_nodes = 0;
  return FALSE;
}

const FolioJsonNode *
folio_json_member (const FolioJsonNode *object, const char *key)
{
  const FolioJsonNode *m, *found = NULL;
  gsize n = strlen (key);

  if (object == NULL || object->type != FOLIO_JSON_OBJECT)
    return NULL;
  m = object + 1;
  /* Every member is looked at: of a repeated name the last one counts, as
   * it did with json-glib. */
  for (guint32 i = 0; i < object->len; i++, m += m->span)
    if (m->key_len == n && (n == 0 || (m->key[0] == key[0] && memcmp (m->key, key, n) == 0)))
      found = m;
  return found;
}

double
folio_json_double (const FolioJsonNode *n)
{
  if (n->type == FOLIO_JSON_DOUBLE)
    return n->v.d;
  if (n->big)
    return literal_to_double (n->v.s, n->len);
  return (double) n->v.i;
}

char *
folio_json_int_to_string (const FolioJsonNode *n)
{
  if (n->big)
    return g_strndup (n->v.s, n->len);
  return g_strdup_printf ("%" G_GINT64_FORMAT, n->v.i);
}
