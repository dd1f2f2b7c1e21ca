/* Mining running heads such as
 * "Versie 0.16 ter inzagelegging | Generieke Selectielijst MIVD | maart 2015"
 * into version 0.16, status "ter inzagelegging", date 2015-03, and a title. */
#include "folio-metadata-private.h"

#include <string.h>

static const struct {
  const char *name;
  int month;
} months[] = {
  /* nl */ { "januari", 1 }, { "februari", 2 }, { "maart", 3 }, { "april", 4 }, { "mei", 5 },
  { "juni", 6 }, { "juli", 7 }, { "augustus", 8 }, { "september", 9 }, { "oktober", 10 },
  { "november", 11 }, { "december", 12 },
  /* en */ { "january", 1 }, { "february", 2 }, { "march", 3 }, { "may", 5 }, { "june", 6 },
  { "july", 7 }, { "august", 8 }, { "october", 10 },
  /* de */ { "januar", 1 }, { "februar", 2 }, { "märz", 3 }, { "maerz", 3 }, { "mai", 5 },
  { "oktober", 10 }, { "dezember", 12 },
  /* fr */ { "janvier", 1 }, { "février", 2 }, { "fevrier", 2 }, { "mars", 3 }, { "avril", 4 },
  { "juin", 6 }, { "juillet", 7 }, { "août", 8 }, { "aout", 8 }, { "septembre", 9 },
  { "octobre", 10 }, { "novembre", 11 }, { "décembre", 12 },
  /* abbreviations */ { "jan", 1 }, { "feb", 2 }, { "mrt", 3 }, { "mar", 3 }, { "apr", 4 },
  { "jun", 6 }, { "jul", 7 }, { "aug", 8 }, { "sep", 9 }, { "sept", 9 }, { "okt", 10 },
  { "oct", 10 }, { "nov", 11 }, { "dec", 12 }, { "dez", 12 },
};

/* Longest phrases first, so "final draft" wins over "draft". */
static const char *const statuses[] = {
  "ter inzagelegging", "ter inzage", "ter consultatie", "ter vaststelling", "in ontwikkeling",
  "openbare versie", "conceptversie", "final draft", "working draft", "public draft",
  "version finale", "projet de texte", "concept", "ontwerp", "definitief", "vastgesteld",
  "draft", "final", "entwurf", "endfassung", "projet", "brouillon", "provisoire",
};

/* Longest phrases first, as for the statuses. */
static const char *const classifications[] = {
  "departementaal vertrouwelijk", "staatsgeheim", "vertrouwelijk", "confidential", "geheim",
  "restricted", "vertraulich", "confidentiel",
};

/* Compiled once for the process: GRegex is safe to share between threads. */
static GRegex *
once_regex (GRegex **slot, const char *pattern, GRegexCompileFlags flags)
{
  if (g_once_init_enter (slot))
    g_once_init_leave (slot, g_regex_new (pattern, flags | G_REGEX_OPTIMIZE, 0, NULL));
  return *slot;
}

static int
month_number (const char *word)
{
  g_autofree char *w = g_utf8_strdown (word, -1);
  gsize n = strlen (w);

  if (n > 0 && w[n - 1] == '.')
    w[n - 1] = '\0';
  for (gsize i = 0; i < G_N_ELEMENTS (months); i++)
    if (strcmp (w, months[i].name) == 0)
      return months[i].month;
  return 0;
}

static void
add_field (GPtrArray *fields, const char *name, const char *value)
{
  for (guint i = 0; i < fields->len; i++)
    if (strcmp (((FolioField *) g_ptr_array_index (fields, i))->name, name) == 0)
      return;
  g_ptr_array_add (fields, folio_field_new (name, value));
}

/* Blanks out [start, end) of @s so later searches and the title skip it. */
static void
blank (char *s, gsize start, gsize end)
{
  memset (s + start, ' ', end - start);
}

/* Whether @s may hold a \\d: an ASCII digit, or a byte past ASCII (a
 * Unicode digit may start with one). */
static gboolean
may_hold_digit (const char *s)
{
  for (const char *c = s; *c; c++)
    if (g_ascii_isdigit (*c) || (guchar) *c >= 0x80)
      return TRUE;
  return FALSE;
}

static gboolean
find_date (char *s, GPtrArray *fields)
{
  static GRegex *iso_re, *numeric_re, *words_re;
  g_autofree char *value = NULL;
  int start = 0, end = 0;

  /* each form holds a year of four digits; each expression is compiled
   * when first asked */
  if (!may_hold_digit (s))
    return FALSE;
  {
    GRegex *iso = once_regex (&iso_re, "\\b(\\d{4})-(\\d{2})-(\\d{2})\\b", 0);
    g_autoptr (GMatchInfo) m = NULL;

    if (g_regex_match (iso, s, 0, &m))
      {
        g_autofree char *y = g_match_info_fetch (m, 1), *mo = g_match_info_fetch (m, 2), *d = g_match_info_fetch (m, 3);

        value = g_strdup_printf ("%s-%s-%s", y, mo, d);
        g_match_info_fetch_pos (m, 0, &start, &end);
      }
  }
  if (value == NULL)
    {
      GRegex *numeric = once_regex (&numeric_re, "\\b(\\d{1,2})[-./](\\d{1,2})[-./](\\d{4})\\b", 0);
      g_autoptr (GMatchInfo) m = NULL;

      if (g_regex_match (numeric, s, 0, &m))
        {
          g_autofree char *d = g_match_info_fetch (m, 1), *mo = g_match_info_fetch (m, 2), *y = g_match_info_fetch (m, 3);
          int dd = atoi (d), mm = atoi (mo);

          if (dd >= 1 && dd <= 31 && mm >= 1 && mm <= 12)
            {
              value = g_strdup_printf ("%s-%02d-%02d", y, mm, dd);
              g_match_info_fetch_pos (m, 0, &start, &end);
            }
        }
    }
  if (value == NULL)
    {
      GRegex *words = once_regex (&words_re, "(?:\\b(\\d{1,2})\\.?\\s+)?([[:alpha:]]{3,9}\\.?)\\s+(?:(\\d{1,2}),\\s+)?(\\d{4})\\b",
                                  G_REGEX_CASELESS);
      g_autoptr (GMatchInfo) m = NULL;

      g_regex_match (words, s, 0, &m);
      for (; m && g_match_info_matches (m); g_match_info_next (m, NULL))
        {
          g_autofree char *d = g_match_info_fetch (m, 1), *mo = g_match_info_fetch (m, 2);
          g_autofree char *d2 = g_match_info_fetch (m, 3), *y = g_match_info_fetch (m, 4);
          int month = month_number (mo);
          int day = atoi (d && *d ? d : (d2 && *d2 ? d2 : "0"));

          if (month == 0)
            continue;
          value = day >= 1 && day <= 31 ? g_strdup_printf ("%s-%02d-%02d", y, month, day)
                                        : g_strdup_printf ("%s-%02d", y, month);
          g_match_info_fetch_pos (m, 0, &start, &end);
          break;
        }
    }
  if (value == NULL)
    return FALSE;
  blank (s, start, end);
  add_field (fields, "date", value);
  return TRUE;
}

static gboolean
find_version (char *s, GPtrArray *fields)
{
  static GRegex *re_cache;
  GRegex *re;
  g_autoptr (GMatchInfo) m = NULL;
  g_autofree char *v = NULL;
  int start, end;

  /* the version is a number */
  if (!may_hold_digit (s))
    return FALSE;
  re = once_regex (&re_cache, "\\b(?:versie|version|vers\\.|v|rev\\.?|revision|revisie|fassung)\\s*:?\\s*(\\d+(?:\\.\\d+)*)",
                   G_REGEX_CASELESS);
  if (!g_regex_match (re, s, 0, &m))
    return FALSE;
  v = g_match_info_fetch (m, 1);
  g_match_info_fetch_pos (m, 0, &start, &end);
  blank (s, start, end);
  add_field (fields, "version", v);
  return TRUE;
}

/* Finds the first phrase of @list in @s as whole words. */
static gboolean
find_phrase (char *s, const char *const *list, gsize n, const char *field, GPtrArray *fields)
{
  g_autofree char *lower = g_utf8_strdown (s, -1);

  /* Lowercasing keeps byte offsets for the ASCII phrases searched here
   * only when the lengths agree; otherwise give up rather than misplace. */
  if (strlen (lower) != strlen (s))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      gsize len = strlen (list[i]);

      for (const char *at = lower; (at = strstr (at, list[i])) != NULL; at++)
        {
          gsize off = at - lower;
          gboolean left = off == 0 || !g_ascii_isalnum (lower[off - 1]);
          gboolean right = !g_ascii_isalnum (lower[off + len]);

          if (left && right)
            {
              g_autofree char *value = g_strndup (s + off, len);

              blank (s, off, off + len);
              add_field (fields, field, value);
              return TRUE;
            }
        }
    }
  return FALSE;
}

/* The longest part between separators with at least three letters. */
static void
find_title (const char *s, GPtrArray *fields)
{
  /* Bars, bullets, spaced dashes, wide gaps; not the dash in "2019–2020". */
  static GRegex *sep_cache;
  GRegex *sep = once_regex (&sep_cache, "\\s*(?:\\||•|·|\\s[-–—]\\s|(?<!\\d)[–—]|[–—](?!\\d)|\\s{3,})\\s*", 0);
  g_auto (GStrv) parts = g_regex_split (sep, s, 0);
  const char *best = NULL;
  gsize best_len = 0;

  for (int i = 0; parts[i]; i++)
    {
      int letters = 0;
      char *p = g_strstrip (parts[i]);

      for (const char *c = p; *c; c = g_utf8_next_char (c))
        if (g_unichar_isalpha (g_utf8_get_char (c)))
          letters++;
      if (letters >= 3 && strlen (p) > best_len)
        {
          best = p;
          best_len = strlen (p);
        }
    }
  if (best != NULL)
    {
      g_autofree char *t = g_strdup (best);

      /* Trim the punctuation a removed field leaves behind ("Foo,"). */
      g_strstrip (t);
      while (*t && strchr (",;:", t[strlen (t) - 1]))
        t[strlen (t) - 1] = '\0';
      g_strchug (t);
      while (*t && strchr (",;:", *t))
        memmove (t, t + 1, strlen (t));
      g_strstrip (t);
      if (*t)
        add_field (fields, "title", t);
    }
}

guint
folio_metadata_mine (const char *text, gboolean with_title, GPtrArray *fields)
{
  g_autofree char *s = g_strdup (text);
  guint found = 0;

  found += find_version (s, fields);
  found += find_date (s, fields);
  found += find_phrase (s, statuses, G_N_ELEMENTS (statuses), "status", fields);
  find_phrase (s, classifications, G_N_ELEMENTS (classifications), "classification", fields);
  if (with_title)
    find_title (s, fields);
  return found;
}
