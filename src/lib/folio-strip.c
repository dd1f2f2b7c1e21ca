/* Page furniture: lines repeated in the page margins across pages, page
 * numbers by pattern and sequence, and running heads by their shape.
 * Furniture lines stay in place in the model, marked with a role, so that
 * nothing is lost: the writer turns them into `furniture` records. */
#include "folio/folio-strip.h"
#include "folio/folio-error.h"
#include "folio-metadata-private.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (pcre2_code, pcre2_code_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (pcre2_match_data, pcre2_match_data_free)

/* ---------------------------------------------------------------- patterns */

/* How much a page-number pattern proves by itself. */
typedef enum {
  STRENGTH_WEAK,    /* a bare number: only with a sequence across pages */
  STRENGTH_MEDIUM,  /* "3/167", "- 3 -": a sequence, or a single page */
  STRENGTH_STRONG,  /* "Pagina 3 van 10", "Page 3": the word says it */
} Strength;

/* What a text must hold for a built-in pattern to give a page number
 * (match_number: the number must start with an ASCII digit, or be a
 * canonical roman numeral in ASCII letters; the patterns are anchored, so
 * the first character is one of few, and a match is the whole text, so an
 * ASCII text holds only the ASCII characters the pattern can match): tested
 * on the bytes before pcre2 is asked.  Most candidate lines fail all of
 * them.  The user's patterns need nothing. */
typedef struct {
  const char *first;  /* (nullable) the bytes the text may start with */
  gboolean digit;     /* an ASCII digit somewhere */
  gboolean roman;     /* 1-8 bytes, all of them ivxlcdm in either case */
  const char *ascii;  /* (nullable) the ASCII bytes a match may hold,
                       * letters in either case */
} Need;

/* caseless "s" is also U+017F, long s (folded to 's' for the test);
 * '\xe2' starts '–' and '—' */
#define PAGE_WORD_FIRST "pPsSbB"
#define NEED_NOTHING ((Need) { NULL, FALSE, FALSE, NULL })
/* what \s and \d match in ASCII, Unicode properties or not */
#define SPACES "\t\n\v\f\r "
#define DIGITS "0123456789"

/* A set of bytes, a bit each. */
typedef struct {
  guint64 bits[4];
} ByteSet;

static inline gboolean
byte_set_has (const ByteSet *set, guchar b)
{
  return (set->bits[b >> 6] >> (b & 63)) & 1;
}

static inline void
byte_set_add (ByteSet *set, guchar b)
{
  set->bits[b >> 6] |= G_GUINT64_CONSTANT (1) << (b & 63);
}

/* @chars, or every byte if NULL; letters in both cases if @both_cases. */
static ByteSet
byte_set_of (const char *chars, gboolean both_cases)
{
  ByteSet set = { { 0 } };

  if (chars == NULL)
    {
      memset (&set, 0xff, sizeof set);
      return set;
    }
  for (const char *c = chars; *c; c++)
    {
      byte_set_add (&set, (guchar) *c);
      if (both_cases)
        {
          byte_set_add (&set, (guchar) g_ascii_tolower (*c));
          byte_set_add (&set, (guchar) g_ascii_toupper (*c));
        }
    }
  return set;
}

/* A Need as bit sets, for a test in a few instructions. */
typedef struct {
  ByteSet first;   /* with byte 0 (an empty text) when anything goes */
  ByteSet ascii;   /* the ASCII bytes a match may hold (bits 0 and 1) */
  gboolean digit;
  gboolean roman;
} Sieve;

typedef struct {
  char *name;
  pcre2_code *code;
  gsize *jitted;   /* (owned) g_once: JIT-compiled, or tried (jit_code ()); kept
                    * apart, as the pattern is shared read-only */
  Strength strength;
  gboolean roman;  /* the number is a roman numeral */
  Sieve sieve;
} Pattern;

struct _FolioStripPatterns {
  GArray *items;   /* (element-type Pattern) */
  /* by the first byte of a text, the patterns among the first 64 whose
   * sieve lets it through, a bit each: most texts are for few patterns */
  guint64 by_first[256];
  guint64 need_digit, need_roman;  /* the same patterns, by their sieve */
};

/* Enters the patterns from the @from'th on in patterns->by_first. */
static void
patterns_index (FolioStripPatterns *patterns, guint from)
{
  for (guint i = from; i < MIN (patterns->items->len, 64); i++)
    {
      const Pattern *p = &g_array_index (patterns->items, Pattern, i);

      for (guint b = 0; b < 256; b++)
        if (byte_set_has (&p->sieve.first, b))
          patterns->by_first[b] |= G_GUINT64_CONSTANT (1) << i;
      if (p->sieve.digit)
        patterns->need_digit |= G_GUINT64_CONSTANT (1) << i;
      if (p->sieve.roman)
        patterns->need_roman |= G_GUINT64_CONSTANT (1) << i;
    }
}

static const struct {
  const char *name;
  const char *regex;
  Strength strength;
  Need need;
} builtin_patterns[] = {
  { "page-of-total",
    "(?:pagina|page|seite|blz\\.?|bladzijde|pag\\.?|p\\.|s\\.)\\s*:?\\s*(?<num>\\d{1,5})\\s*"
    "(?:van|of|von|aus|sur|de|/)\\s*(?<total>\\d{1,5})",
    STRENGTH_STRONG, { PAGE_WORD_FIRST, TRUE, FALSE, "abdefgijlnoprstuvz.:/" SPACES DIGITS } },
  { "page-word", "(?:pagina|page|seite|blz\\.?|bladzijde|pag\\.?|p\\.|s\\.)\\s*:?\\s*(?<num>\\d{1,5})",
    STRENGTH_STRONG, { PAGE_WORD_FIRST, TRUE, FALSE, "abdegijlnpstz.:" SPACES DIGITS } },
  { "page-word-roman", "(?:pagina|page|seite|pag\\.?|p\\.|s\\.)\\s*:?\\s*(?<num>[ivxlcdm]{1,8})",
    STRENGTH_STRONG, { "pPsS", FALSE, FALSE, "aegnpst.:" "ivxlcdm" SPACES } },
  { "bracketed-page", "\\[\\s*(?:page|pagina|seite)\\s+(?<num>\\d{1,5})\\s*\\]", STRENGTH_STRONG, { "[", TRUE, FALSE, "[]aeginpst" SPACES DIGITS } },
  { "number-of-total", "(?<num>\\d{1,5})\\s*(?:/|van|of|von|sur)\\s*(?<total>\\d{1,5})", STRENGTH_MEDIUM, { DIGITS, TRUE, FALSE, "/afnorsuv" SPACES DIGITS } },
  { "dashed", "[-–—]\\s*(?<num>\\d{1,5})\\s*[-–—]", STRENGTH_MEDIUM, { "-\xe2", TRUE, FALSE, "-" SPACES DIGITS } },
  { "bracketed", "[\\[(]\\s*(?<num>\\d{1,5})\\s*[\\])]", STRENGTH_MEDIUM, { "[(", TRUE, FALSE, "[]()" SPACES DIGITS } },
  { "bare", "(?<num>\\d{1,5})", STRENGTH_WEAK, { DIGITS, TRUE, FALSE, DIGITS } },
  { "roman", "(?<num>[ivxlcdm]{1,8})", STRENGTH_WEAK, { NULL, FALSE, TRUE, NULL } },
};

static gboolean
patterns_add (FolioStripPatterns *patterns, const char *name, const char *regex,
              Strength strength, Need need, GError **error)
{
  g_autoptr (pcre2_code) code = NULL;
  int errcode = 0;
  PCRE2_SIZE erroffset = 0;
  Pattern p = { 0 };

  /* Anchored by options, not by wrapping: "x)|(y" cannot escape them. */
  code = pcre2_compile ((PCRE2_SPTR) regex, PCRE2_ZERO_TERMINATED,
                        PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED | PCRE2_ENDANCHORED,
                        &errcode, &erroffset, NULL);
  if (code == NULL)
    {
      PCRE2_UCHAR msg[256];

      pcre2_get_error_message (errcode, msg, sizeof msg);
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_INVALID_ARGUMENT,
                   "pattern \"%s\" (%s): %s at offset %zu", name, regex, (char *) msg,
                   (size_t) erroffset);
      return FALSE;
    }
  if (pcre2_substring_number_from_name (code, (PCRE2_SPTR) "num") < 0)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_INVALID_ARGUMENT,
                   "pattern \"%s\" (%s) has no group (?<num>...) for the page number", name, regex);
      return FALSE;
    }
  p.name = g_strdup (name);
  p.code = g_steal_pointer (&code);
  p.jitted = g_new0 (gsize, 1);
  p.strength = strength;
  p.sieve.first = byte_set_of (need.first, FALSE);
  p.sieve.ascii = byte_set_of (need.ascii, TRUE);
  p.sieve.digit = need.digit;
  p.sieve.roman = need.roman;
  p.roman = strstr (regex, "ivxlcdm") != NULL;
  g_array_append_val (patterns->items, p);
  patterns_index (patterns, patterns->items->len - 1);
  return TRUE;
}

static void
pattern_clear (gpointer data)
{
  Pattern *p = data;

  g_free (p->name);
  pcre2_code_free (p->code);
  g_free (p->jitted);
}

FolioStripPatterns *
folio_strip_patterns_new (void)
{
  FolioStripPatterns *patterns = g_new0 (FolioStripPatterns, 1);

  patterns->items = g_array_new (FALSE, TRUE, sizeof (Pattern));
  g_array_set_clear_func (patterns->items, pattern_clear);
  for (gsize i = 0; i < G_N_ELEMENTS (builtin_patterns); i++)
    if (!patterns_add (patterns, builtin_patterns[i].name, builtin_patterns[i].regex,
                       builtin_patterns[i].strength, builtin_patterns[i].need, NULL))
      g_error ("built-in pattern %s does not compile", builtin_patterns[i].name);
  return patterns;
}

void
folio_strip_patterns_free (FolioStripPatterns *patterns)
{
  if (patterns == NULL)
    return;
  g_array_unref (patterns->items);
  g_free (patterns);
}

gboolean
folio_strip_patterns_add (FolioStripPatterns *patterns, const char *name, const char *regex,
                          GError **error)
{
  /* The user's own patterns are taken at their word, like the strong ones. */
  return patterns_add (patterns, name, regex, STRENGTH_STRONG, NEED_NOTHING, error);
}

gboolean
folio_strip_patterns_add_file (FolioStripPatterns *patterns, const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) local = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GArray) added = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &local))
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND, "%s: %s", path, local->message);
      return FALSE;
    }
  /* All or nothing: compile into a table of our own, then move it over. */
  {
    FolioStripPatterns staging = { g_array_new (FALSE, TRUE, sizeof (Pattern)) };

    g_array_set_clear_func (staging.items, pattern_clear);
    added = staging.items;
  }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *tab = strchr (line, '\t');
      g_autofree char *name = NULL;
      const char *regex = line;

      if (*line == '\0' || *line == '#')
        continue;
      if (tab != NULL)
        {
          name = g_strstrip (g_strndup (line, tab - line));
          regex = g_strstrip (tab + 1);
        }
      else
        name = g_strdup_printf ("%s:%u", path, i + 1);
      {
        FolioStripPatterns staging = { added };

        if (!patterns_add (&staging, name, regex, STRENGTH_STRONG, NEED_NOTHING, &local))
          {
            g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_INVALID_ARGUMENT, "%s:%u: %s",
                         path, i + 1, local->message);
            return FALSE;
          }
      }
    }
  /* The staging table hands its patterns over without freeing them. */
  g_array_set_clear_func (added, NULL);
  {
    guint from = patterns->items->len;

    g_array_append_vals (patterns->items, added->data, added->len);
    patterns_index (patterns, from);
  }
  return TRUE;
}

/* "xiv" -> 14; 0 if not a well-formed roman numeral. */
static int
roman_value (const char *s)
{
  static const char *const canon[] = { "m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i" };
  static const int values[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
  g_autofree char *lower = g_ascii_strdown (s, -1);
  char rebuilt[32] = "";
  int total = 0;
  const char *p = lower;

  for (int i = 0; i < 13 && *p; i++)
    while (g_str_has_prefix (p, canon[i]))
      {
        total += values[i];
        p += strlen (canon[i]);
      }
  if (*p || total == 0 || total > 3999)
    return 0;
  /* Only the canonical spelling counts ("iiii" is not 4). */
  for (int i = 0, v = total; i < 13; i++)
    while (v >= values[i] && strlen (rebuilt) + 3 < sizeof rebuilt)
      {
        strcat (rebuilt, canon[i]);
        v -= values[i];
      }
  return strcmp (rebuilt, lower) == 0 ? total : 0;
}

/* ------------------------------------------------------------- candidates */

typedef enum { ZONE_NONE, ZONE_TOP, ZONE_BOTTOM, ZONE_MARGIN } Zone;

typedef struct {
  FolioLine *line;
  guint page;        /* page index, 1-based */
  Zone zone;
  guint rank;        /* 0 for the line nearest the page edge of its zone */
  double y;          /* vertical centre (PDF) */
  char *key;         /* lowercased, digits as '#', blanks collapsed: made
                      * (repeated_groups ()) for the lines that may repeat */
  /* a page number found in the line */
  const Pattern *pattern;
  int value;
  char *number, *total;
  gboolean whole;    /* the number is the whole line */
  gboolean accepted;
} Cand;

static void
cand_free (gpointer data)
{
  Cand *c = data;

  g_free (c->key);
  g_free (c->number);
  g_free (c->total);
  g_free (c);
}

/* Whether g_utf8_strdown () lowercases each character by itself, but for
 * a capital sigma (final or not by what follows it): not so in a Turkic
 * locale ("I" before U+0307) or a Lithuanian one ("I" before accents). */
static gboolean
lowers_alone (void)
{
  g_autofree char *i = g_utf8_strdown ("I", -1);
  g_autofree char *accented = g_utf8_strdown ("I\xcc\x80", -1);

  return strcmp (i, "i") == 0 && strcmp (accented, "i\xcc\x80") == 0;
}

/* g_utf8_strdown (@s, -1) where each character lowercases by itself
 * (lowers_alone (), no capital sigma): only the capitals and titlecase
 * letters past ASCII are looked up, one at a time; the rest is copied. */
static char *
strdown_each (const char *s)
{
  GString *out = g_string_sized_new (strlen (s));

  for (const char *c = s; *c;)
    {
      const char *next = g_utf8_next_char (c);
      GUnicodeType t;

      if ((guchar) *c < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower (*c));
          c++;
          continue;
        }
      t = g_unichar_type (g_utf8_get_char (c));
      if (t == G_UNICODE_UPPERCASE_LETTER || t == G_UNICODE_TITLECASE_LETTER)
        {
          g_autofree char *lower = g_utf8_strdown (c, next - c);

          g_string_append (out, lower);
        }
      else
        g_string_append_len (out, c, next - c);
      c = next;
    }
  return g_string_free (out, FALSE);
}

/* The key of @from (normalise_key ()) into @key, which has room for
 * strlen (@from) + 1 bytes: a byte, or a run of them, gives at most one.
 * @ascii: lower ASCII capitals here, and give up (-1) at a byte past ASCII.
 * Past @limit bytes of key, stops and returns @limit + 1 (@key then holds
 * no terminated string).  Returns the key's length. */
static gssize
key_of (const char *from, gboolean ascii, char *key, gssize limit)
{
  char *k = key;
  gboolean space = FALSE;

  for (const char *c = from; *c; c++)
    {
      char b = *c;

      if (g_ascii_isdigit (b))
        {
          if (k == key || k[-1] != '#')
            {
              if (space && k > key)
                *k++ = ' ';
              *k++ = '#';
            }
          space = FALSE;
        }
      else if (g_ascii_isspace (b))
        space = TRUE;
      else
        {
          if (ascii && (guchar) b >= 0x80)
            return -1;
          if (space && k > key)
            *k++ = ' ';
          space = FALSE;
          *k++ = ascii && b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
        }
      if (k - key > limit)
        return limit + 1;
    }
  *k = '\0';
  return k - key;
}

/* @text lowercased as g_utf8_strdown () would; @alone: what
 * lowers_alone () says. */
static char *
lower_text (const char *text, gboolean alone)
{
  return alone && strstr (text, "\xce\xa3") == NULL ? strdown_each (text) : g_utf8_strdown (text, -1);
}

/* Lowercased, runs of digits as one '#', blanks collapsed: what repeats
 * from page to page once the page number is set aside.  @alone: what
 * lowers_alone () says. */
static char *
normalise_key (const char *text, gboolean alone)
{
  g_autofree char *lower = NULL;
  char *key = g_malloc (strlen (text) + 1);

  /* ASCII needs no tables: lowered byte by byte, as g_utf8_strdown
   * would. */
  if (key_of (text, TRUE, key, G_MAXSSIZE) >= 0)
    return key;
  lower = lower_text (text, alone);
  key = g_realloc (key, strlen (lower) + 1);
  key_of (lower, FALSE, key, G_MAXSSIZE);
  return key;
}

/* Whether @s holds @n letters or more; ASCII ones need no tables. */
static gboolean
has_letters (const char *s, guint n)
{
  guint found = 0;

  for (const char *c = s; *c && found < n; c = g_utf8_next_char (c))
    if ((guchar) *c < 0x80 ? g_ascii_isalpha (*c) : g_unichar_isalpha (g_utf8_get_char (c)))
      found++;
  return found >= n;
}

static gboolean
blank_line (const FolioLine *line)
{
  for (const char *c = folio_line_text (line); *c; c++)
    if (!g_ascii_isspace (*c))
      return FALSE;
  return TRUE;
}

#define TEXT_EDGE_LINES 3
#define BAND 0.15      /* top and bottom bands, fraction of the page height */
#define SIDE 0.12      /* side margins, fraction of the page width */
#define MAX_RANK 4     /* furniture is among the outermost lines */
#define Y_TOLERANCE 5  /* points: furniture sits at the same height on each page */
#define SEQUENCE_WINDOW 4 /* pages within which page numbers must agree */

static int
compare_y0 (gconstpointer a, gconstpointer b)
{
  const FolioLine *la = *(FolioLine *const *) a, *lb = *(FolioLine *const *) b;

  /* (the box in hundredths: the same order as in points) */
  return la->box[1] < lb->box[1] ? -1 : la->box[1] > lb->box[1];
}

/* g_ptr_array_sort (@lines, compare_y0), which is stable: the order is a
 * total one and any stable sort gives the same, so a few lines are sorted
 * by insertion, and lines already in order are left as they are. */
static void
sort_by_y0 (GPtrArray *lines)
{
  FolioLine **l = (FolioLine **) lines->pdata;
  gboolean sorted = TRUE;

  if (lines->len <= 64)
    {
      for (guint i = 1; i < lines->len; i++)
        {
          FolioLine *x = l[i];
          guint j = i;

          for (; j > 0 && l[j - 1]->box[1] > x->box[1]; j--)
            l[j] = l[j - 1];
          l[j] = x;
        }
      return;
    }
  for (guint i = 1; i < lines->len && sorted; i++)
    sorted = l[i - 1]->box[1] <= l[i]->box[1];
  if (!sorted)
    g_ptr_array_sort (lines, compare_y0);
}

/* The lines of @page near its edges, as candidates. */
static void
page_candidates (FolioPage *page, GPtrArray *out)
{
  g_autoptr (GPtrArray) body = g_ptr_array_sized_new (page->lines->len);
  gboolean geometry = page->height > 0 && page->width > 0;

  for (guint i = 0; i < page->lines->len; i++)
    {
      FolioLine *line = g_ptr_array_index (page->lines, i);

      if (!blank_line (line) && (!geometry || line->has_geometry))
        g_ptr_array_add (body, line);
    }
  if (body->len == 0)
    return;

  if (!geometry)
    {
      /* Text input: the first and last few non-blank lines. */
      guint n = body->len;
      guint top = MIN (TEXT_EDGE_LINES, (n + 1) / 2);
      guint bottom = MIN (TEXT_EDGE_LINES, n - top);

      for (guint i = 0; i < n; i++)
        {
          Zone zone = i < top ? ZONE_TOP : i >= n - bottom ? ZONE_BOTTOM : ZONE_NONE;
          Cand *c;

          if (zone == ZONE_NONE)
            continue;
          c = g_new0 (Cand, 1);
          c->line = g_ptr_array_index (body, i);
          c->page = page->index;
          c->zone = zone;
          c->rank = zone == ZONE_TOP ? i : n - 1 - i;
          g_ptr_array_add (out, c);
        }
      return;
    }

  sort_by_y0 (body);
  for (guint i = 0; i < body->len; i++)
    {
      FolioLine *line = g_ptr_array_index (body, i);
      FolioBBox box = folio_line_bbox (line);
      double y = (box.y0 + box.y1) / 2;
      Zone zone = ZONE_NONE;
      Cand *c;

      if (y < BAND * page->height)
        zone = ZONE_TOP;
      else if (y > (1 - BAND) * page->height)
        zone = ZONE_BOTTOM;
      else if (box.x1 < SIDE * page->width || box.x0 > (1 - SIDE) * page->width)
        zone = ZONE_MARGIN;
      if (zone == ZONE_NONE)
        continue;
      c = g_new0 (Cand, 1);
      c->line = line;
      c->page = page->index;
      c->zone = zone;
      c->rank = zone == ZONE_BOTTOM ? body->len - 1 - i : i;
      c->y = y;
      g_ptr_array_add (out, c);
    }
}

/* ------------------------------------------------------------ page numbers */

typedef struct {
  pcre2_match_data *md;
} Matcher;

/* What match_number's byte test looks at. */
typedef struct {
  guchar first;     /* the first byte, U+017F as 's'; 0 for none */
  gboolean ascii;   /* all bytes ASCII */
  guint64 bytes[2]; /* the ASCII bytes present, a bit each */
  gboolean digit;
  gboolean roman;
} TextShape;

/* The shape of @text, whose ASCII bytes (@bytes, a bit each) are known,
 * and whether it has no others (@ascii). */
static inline TextShape
text_shape (const char *text, gsize len, const guint64 bytes[2], gboolean ascii)
{
  /* the bits of '0' to '9' */
  const guint64 digits = G_GUINT64_CONSTANT (0x03ff000000000000);
  TextShape t = { len > 0 ? (guchar) text[0] : 0, ascii, { bytes[0], bytes[1] },
                  (bytes[0] & digits) != 0, len >= 1 && len <= 8 };

  if (len > 1 && (guchar) text[0] == 0xc5 && (guchar) text[1] == 0xbf)
    t.first = 's';
  for (gsize i = 0; t.roman && i < len; i++)
    switch (text[i] | 0x20)  /* ASCII lowercase; no other byte becomes these */
      {
      case 'i': case 'v': case 'x': case 'l': case 'c': case 'd': case 'm':
        break;
      default:
        t.roman = FALSE;
      }
  return t;
}

static gboolean
meets (const Sieve *sieve, const TextShape *t)
{
  return byte_set_has (&sieve->first, t->first) && (!sieve->digit || t->digit)
         && (!sieve->roman || t->roman)
         && (!t->ascii
             || ((t->bytes[0] & ~sieve->ascii.bits[0]) | (t->bytes[1] & ~sieve->ascii.bits[1])) == 0);
}

/* @p's code, JIT-compiled before its first match: a pattern whose sieve
 * turns every text away is never compiled, and compiling one costs as much
 * as a hundred matches.  Every match still runs as JIT code where it can be
 * made.  Patterns may be shared between threads, hence g_once. */
static const pcre2_code *
jit_code (const Pattern *p)
{
  if (g_once_init_enter (p->jitted))
    {
      /* JIT is an optimisation: where it is unavailable, matching still
       * works. */
      pcre2_jit_compile (p->code, PCRE2_JIT_COMPLETE);
      g_once_init_leave (p->jitted, 1);
    }
  return p->code;
}

/* Tries @p on @text, of the shape @shape; fills the candidate's number on
 * a match. */
static gboolean
try_pattern (const Pattern *p, Matcher *m, const char *text, gsize len, const TextShape *shape,
             Cand *c)
{
  PCRE2_UCHAR *num = NULL, *total = NULL;
  PCRE2_SIZE n;
  int value;

  if (!meets (&p->sieve, shape))
    return FALSE;
  if (pcre2_match (jit_code (p), (PCRE2_SPTR) text, len, 0, 0, m->md, NULL) < 0)
    return FALSE;
  if (pcre2_substring_get_byname (m->md, (PCRE2_SPTR) "num", &num, &n) != 0)
    return FALSE;
  value = g_ascii_isdigit (num[0]) ? atoi ((char *) num) : roman_value ((char *) num);
  if (pcre2_substring_get_byname (m->md, (PCRE2_SPTR) "total", &total, &n) != 0)
    total = NULL;
  if (value > 0 && (total == NULL || value <= atoi ((char *) total)))
    {
      c->pattern = p;
      c->value = value;
      c->number = g_strdup ((char *) num);
      c->total = total ? g_strdup ((char *) total) : NULL;
    }
  pcre2_substring_free (num);
  pcre2_substring_free (total);
  return c->pattern != NULL;
}

/* Tries every pattern on @text, whose ASCII bytes are known (text_shape ()),
 * in order; fills the candidate's number on a match.  Of the first
 * 64 patterns, only those whose sieve lets the first byte, the digits and
 * the roman numeral through are looked at: often none. */
static gboolean
match_number (const FolioStripPatterns *patterns, Matcher *m, const char *text, gsize len,
              const guint64 bytes[2], gboolean ascii, Cand *c)
{
  const GArray *items = patterns->items;
  TextShape shape = text_shape (text, len, bytes, ascii);
  guint64 maybe = patterns->by_first[shape.first];

  if (!shape.digit)
    maybe &= ~patterns->need_digit;
  if (!shape.roman)
    maybe &= ~patterns->need_roman;
  for (; maybe != 0; maybe &= maybe - 1)
    if (try_pattern (&g_array_index (items, Pattern, __builtin_ctzll (maybe)), m, text, len, &shape, c))
      return TRUE;
  for (guint i = 64; i < items->len; i++)
    if (try_pattern (&g_array_index (items, Pattern, i), m, text, len, &shape, c))
      return TRUE;
  return FALSE;
}

/* A word of a candidate line, with its ASCII bytes (text_shape ()). */
typedef struct {
  const char *at;
  gsize len;
  guint64 bytes[2];
  gboolean ascii;
} Word;

/* The whole line, or else its first or last few words, as a page number.
 * The bytes of each word are looked at once: the shape of the first or
 * last words is that of the words, and a space between them. */
static void
find_number (const FolioStripPatterns *patterns, Matcher *m, Cand *c)
{
  const char *text = folio_line_text (c->line), *end;
  gsize len;
  guint n = 0;
  /* the words split at spaces and tabs, as g_strsplit_set () would, the
   * empty ones left out: the first and last four of them */
  Word first[4], last[4], w = { NULL, 0, { 0, 0 }, TRUE };
  guint64 bytes[2] = { 0, 0 };
  gboolean ascii = TRUE;
  /* room for most lines' first and last words on the stack */
  char head_room[128], tail_room[128];
  g_autofree char *head_heap = NULL, *tail_heap = NULL;
  char *head = head_room, *tail = tail_room;
  gsize head_len = 0, tail_at;
  guint64 head_bytes[2] = { 0, 0 }, tail_bytes[2] = { 0, 0 };
  gboolean head_ascii = TRUE, tail_ascii = TRUE;

  /* the line without its leading and trailing blanks, as g_strstrip () */
  while (g_ascii_isspace (*text))
    text++;
  end = text + strlen (text);
  while (end > text && g_ascii_isspace (end[-1]))
    end--;
  len = end - text;
  w.at = text;
  /* one pass over the bytes: a word ends at a space, a tab or the end */
  for (const char *t = text;; t++)
    {
      guchar b = t < end ? (guchar) *t : '\0';

      if (b == ' ' || b == '\t' || b == '\0')
        {
          w.len = t - w.at;
          if (w.len > 0)
            {
              if (n < 4)
                first[n] = w;
              last[n % 4] = w;
              n++;
              bytes[0] |= w.bytes[0], bytes[1] |= w.bytes[1];
              ascii &= w.ascii;
            }
          if (b == '\0')
            break;
          bytes[0] |= G_GUINT64_CONSTANT (1) << b;  /* a space or a tab */
          w = (Word) { t + 1, 0, { 0, 0 }, TRUE };
        }
      else if (b >= 0x80)
        w.ascii = FALSE;
      else
        w.bytes[b >> 6] |= G_GUINT64_CONSTANT (1) << (b & 63);
    }

  if (match_number (patterns, m, text, len, bytes, ascii, c))
    {
      c->whole = TRUE;
      return;
    }
  if (n < 2)
    return;
  /* the last and first k words, one word more each time round: the tail
   * grows leftwards from the end of its buffer */
  if (len + 1 > sizeof head_room)
    {
      head = head_heap = g_malloc (len + 1);
      tail = tail_heap = g_malloc (len + 1);
    }
  tail_at = len;
  tail[len] = '\0';
  for (guint k = 1; k <= 4 && k < n; k++)
    {
      const Word *l = &last[(n - k) % 4], *f = &first[k - 1];

      if (k > 1)
        {
          tail[--tail_at] = ' ', head[head_len++] = ' ';
          head_bytes[0] |= G_GUINT64_CONSTANT (1) << ' ';
          tail_bytes[0] |= G_GUINT64_CONSTANT (1) << ' ';
        }
      tail_at -= l->len;
      memcpy (tail + tail_at, l->at, l->len);
      tail_bytes[0] |= l->bytes[0], tail_bytes[1] |= l->bytes[1];
      tail_ascii &= l->ascii;
      memcpy (head + head_len, f->at, f->len);
      head_len += f->len;
      head[head_len] = '\0';
      head_bytes[0] |= f->bytes[0], head_bytes[1] |= f->bytes[1];
      head_ascii &= f->ascii;
      if (match_number (patterns, m, tail + tail_at, len - tail_at, tail_bytes, tail_ascii, c)
          || match_number (patterns, m, head, head_len, head_bytes, head_ascii, c))
        return;
    }
}

static gboolean
is_pattern_roman (const Cand *c)
{
  return !g_ascii_isdigit (c->number[0]);
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static int
offset_key (const Cand *c)
{
  return ((c->value - (int) c->page) * 2) + (is_pattern_roman (c) ? 1 : 0);
}

/* Page numbers follow the pages: a printed number minus its page index is
 * the same on a run of nearby pages (gaps and restarts allowed).  A number
 * whose offset no page near it shares is a stray number in the body (a
 * footnote mark, a table cell).  Bare numbers must also sit where the other
 * page numbers sit. */
static void
check_sequence (GPtrArray *cands, guint n_pages, gboolean geometry)
{
  g_autoptr (GPtrArray) nums = g_ptr_array_new ();
  gboolean ordered = TRUE;
  guint from = 0;

  for (guint i = 0; i < cands->len; i++)
    {
      Cand *c = g_ptr_array_index (cands, i);

      if (c->pattern != NULL)
        g_ptr_array_add (nums, c);
    }
  /* Candidates come page by page already: those more than the window
   * before a page need not be looked at (neither near, nor past the
   * window to end the search). */
  for (guint i = 1; i < nums->len && ordered; i++)
    ordered = ((Cand *) g_ptr_array_index (nums, i - 1))->page <= ((Cand *) g_ptr_array_index (nums, i))->page;
  for (guint i = 0; i < nums->len; i++)
    {
      Cand *c = g_ptr_array_index (nums, i);
      guint near = 0;

      while (ordered && ((Cand *) g_ptr_array_index (nums, from))->page + SEQUENCE_WINDOW < c->page)
        from++;
      for (guint j = from; j < nums->len; j++)
        {
          Cand *d = g_ptr_array_index (nums, j);
          guint dist = d->page > c->page ? d->page - c->page : c->page - d->page;

          /* A number alone on its line is only backed by numbers alone. */
          if (dist >= 1 && dist <= SEQUENCE_WINDOW && offset_key (d) == offset_key (c)
              && (d->whole || !c->whole))
            near++;
          if (d->page > c->page + SEQUENCE_WINDOW)
            break;
        }
      switch (c->pattern->strength)
        {
        case STRENGTH_STRONG:
          c->accepted = TRUE;
          break;
        case STRENGTH_MEDIUM:
          c->accepted = near >= 1 || n_pages == 1;
          break;
        case STRENGTH_WEAK:
          c->accepted = near >= 1 && c->rank <= 2;
          break;
        }
    }
  if (!geometry)
    return;
  /* A bare number in sequence but nowhere near where the others are is
   * still suspect: keep those sharing their height (to 2 points) with three
   * others (one in a short document). */
  for (guint i = 0; i < nums->len; i++)
    {
      Cand *c = g_ptr_array_index (nums, i);
      guint same = 0;

      if (!c->accepted || c->pattern->strength != STRENGTH_WEAK)
        continue;
      for (guint j = 0; j < nums->len && same < 3; j++)
        {
          Cand *d = g_ptr_array_index (nums, j);

          if (d != c && d->accepted && d->page != c->page && ABS (d->y - c->y) <= 2)
            same++;
        }
      if (same < (n_pages > 20 ? 3u : 1u) && n_pages > 2)
        c->accepted = FALSE;
    }
  /* Footnote marks are set small; page numbers are not. */
  {
    g_autoptr (GArray) sizes = g_array_new (FALSE, FALSE, sizeof (double));
    double median;

    for (guint i = 0; i < nums->len; i++)
      {
        Cand *c = g_ptr_array_index (nums, i);

        if (c->accepted && c->line->size > 0)
          g_array_append_val (sizes, c->line->size);
      }
    if (sizes->len < 3)
      return;
    g_array_sort (sizes, compare_double);
    median = g_array_index (sizes, double, sizes->len / 2);
    for (guint i = 0; i < nums->len; i++)
      {
        Cand *c = g_ptr_array_index (nums, i);

        if (c->accepted && c->pattern->strength == STRENGTH_WEAK && c->line->size > 0
            && c->line->size < 0.8 * median)
          c->accepted = FALSE;
      }
  }
}

/* ------------------------------------------------------------- repetition */

typedef struct {
  const char *key;
  Zone zone;
  GPtrArray *members;   /* (element-type Cand) not owned */
  guint n_pages;
  guint first, last;
  gboolean pending;     /* furniture if its text is not also body text */
} Group;

/* Groups are found by zone and key. */
static guint
group_hash (gconstpointer data)
{
  const Group *g = data;

  return g_str_hash (g->key) * 31 + g->zone;
}

static gboolean
group_equal (gconstpointer a, gconstpointer b)
{
  const Group *ga = a, *gb = b;

  return ga->zone == gb->zone && strcmp (ga->key, gb->key) == 0;
}

static void
group_free (gpointer data)
{
  Group *g = data;

  g_ptr_array_unref (g->members);
  g_free (g);
}

static void
group_count_pages (Group *g)
{
  guint prev = 0;

  g->n_pages = 0;
  for (guint i = 0; i < g->members->len; i++)
    {
      Cand *c = g_ptr_array_index (g->members, i);

      if (c->page != prev)
        g->n_pages++;
      if (i == 0)
        g->first = c->page;
      g->last = c->page;
      prev = c->page;
    }
}

/* Edit distance of @a and @b if at most @limit, else limit + 1.  Only the
 * band of cells within @limit of the diagonal is filled: a cell outside
 * it is more than @limit (its distance is at least its offset), and taken
 * as limit + 1 it still gives every cell inside that is at most @limit
 * exactly, and any other as more than @limit. */
static guint
bounded_distance (const char *a, const char *b, guint limit)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = NULL;
  guint v;

  if ((la > lb ? la - lb : lb - la) > limit)
    return limit + 1;
  row = g_new (guint, lb + 1);
  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      gsize lo = i > limit ? i - limit : 1, hi = MIN (lb, i + limit);
      guint diag = row[lo - 1], best = G_MAXUINT;

      /* row[hi] still holds row 0's hi >= limit + 1 when it was outside
       * the band of row i - 1 */
      if (lo == 1)
        row[0] = i, best = i;
      else
        row[lo - 1] = limit + 1;
      for (gsize j = lo; j <= hi; j++)
        {
          guint up = row[j];

          v = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + (a[i - 1] != b[j - 1]));
          diag = up;
          row[j] = v;
          best = MIN (best, v);
        }
      if (best > limit)
        return limit + 1;
    }
  v = row[lb];
  return v <= limit ? v : limit + 1;
}

/* Every member is the line nearest its page's edge. */
static gboolean
outermost (const Group *g)
{
  for (guint i = 0; i < g->members->len; i++)
    if (((Cand *) g_ptr_array_index (g->members, i))->rank != 0)
      return FALSE;
  return TRUE;
}

static int
compare_cand_page (gconstpointer a, gconstpointer b)
{
  const Cand *ca = *(Cand *const *) a, *cb = *(Cand *const *) b;

  return (int) ca->page - (int) cb->page;
}

static void
mark (Cand *c, FolioRole role, const char *rule, char *why)
{
  FolioMark *m = folio_line_mark (c->line);

  c->line->role = role;
  g_free (m->rule);
  m->rule = g_strdup (rule);
  g_free (m->why);
  m->why = why;
  if (c->pattern && c->accepted)
    {
      g_free (m->number);
      g_free (m->total);
      m->number = g_strdup (c->number);
      m->total = g_strdup (c->total);
    }
}

static FolioRole
zone_role (Zone zone)
{
  return zone == ZONE_TOP ? FOLIO_ROLE_HEADER : zone == ZONE_BOTTOM ? FOLIO_ROLE_FOOTER : FOLIO_ROLE_MARGIN;
}

static const char *
zone_rule (Zone zone)
{
  return zone == ZONE_TOP ? "repeated-top" : zone == ZONE_BOTTOM ? "repeated-bottom" : "repeated-margin";
}

/* Whether @text may say that something goes on ("continued", "vervolg"),
 * as the caseless pattern of repeated_groups () asks: ASCII text holds one
 * of its words, ASCII case aside ("suite à" is not ASCII); text past ASCII
 * is left to the pattern (U+017F LONG S matches "s" caselessly). */
static gboolean
may_continue (const char *text)
{
  static const char *const words[] = { "continued", "cont'd", "fortsetzung", "fortgesetzt", "suite de",
                                       "suite sur", "vervolg" };
#define BIT(c) (G_GUINT64_CONSTANT (1) << ((c) & 63))
  /* the bytes to stop at: the words' first letters in either case (all
   * from 0x40 to 0x7f), and every byte past ASCII */
  static const ByteSet stops = { { 0, BIT ('C') | BIT ('F') | BIT ('S') | BIT ('V') | BIT ('c') | BIT ('f') | BIT ('s') | BIT ('v'),
                                   ~G_GUINT64_CONSTANT (0), ~G_GUINT64_CONSTANT (0) } };
#undef BIT

  for (const char *c = text; *c; c++)
    {
      if (!byte_set_has (&stops, (guchar) *c))
        continue;
      if ((guchar) *c >= 0x80)
        return TRUE;
      /* the next three letters first ('|' 0x20 lowers a letter, and
       * makes nothing else one) */
      for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
        if ((*c | 0x20) == words[i][0] && (c[1] | 0x20) == words[i][1] && (c[2] | 0x20) == words[i][2]
            && (c[3] | 0x20) == words[i][3] && g_ascii_strncasecmp (c, words[i], strlen (words[i])) == 0)
          return TRUE;
    }
  return FALSE;
}

/* Whether @text says that something goes on, caselessly, as whole words;
 * the pattern is compiled into @regex when first needed (only for a
 * document with text that may_continue ()). */
static gboolean
continues (GRegex **regex, const char *text)
{
  if (*regex == NULL)
    *regex = g_regex_new (
      "\\b(?:continued|cont'd|fortsetzung|fortgesetzt|suite de|suite sur|suite à|vervolg)\\b",
      G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
  return g_regex_match (*regex, text, 0, NULL);
}

/* Whether @line is among the candidates from @from to @to (those of its
 * page): looked for one by one among a few, else in @edge, a set of all
 * candidate lines made when first needed. */
static gboolean
is_edge (const FolioLine *line, GPtrArray *cands, guint from, guint to, GHashTable **edge)
{
  if (to - from <= 32)
    {
      for (guint j = from; j < to; j++)
        if (((Cand *) g_ptr_array_index (cands, j))->line == line)
          return TRUE;
      return FALSE;
    }
  if (*edge == NULL)
    {
      *edge = g_hash_table_new (g_direct_hash, g_direct_equal);
      for (guint j = 0; j < cands->len; j++)
        g_hash_table_add (*edge, ((Cand *) g_ptr_array_index (cands, j))->line);
    }
  return g_hash_table_contains (*edge, line);
}

/* How often each key of @counts (all counts 0) is that of a line away from
 * the page edges (a line not among @cands, nor blank); the candidates of
 * the p'th page are from starts[p] to starts[p + 1].  Most lines are told
 * apart by the first byte of their key, or its length, before the key is
 * made. */
static void
count_mid_keys (GHashTable *counts, GPtrArray *cands, const guint *starts, const FolioDocument *doc,
                gboolean alone)
{
  g_autoptr (GHashTable) edge = NULL;
  g_autofree char *key = NULL;
  gsize key_size = 0;
  ByteSet first = { { 0 } };
  gssize longest = 0;
  GHashTableIter iter;
  gpointer k;

  if (g_hash_table_size (counts) == 0)
    return;
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &k, NULL))
    {
      byte_set_add (&first, *(const guchar *) k);
      longest = MAX (longest, (gssize) strlen (k));
    }
  for (guint p = 0; p < doc->pages->len; p++)
    {
      FolioPage *page = g_ptr_array_index (doc->pages, p);

      for (guint i = 0; i < page->lines->len; i++)
        {
          FolioLine *line = g_ptr_array_index (page->lines, i);
          const char *t = folio_line_text (line);
          g_autofree char *lower = NULL;
          gsize size;
          gssize n;
          gpointer count;

          while (g_ascii_isspace (*t))
            t++;
          if (*t == '\0')
            continue;  /* blank */
          /* A key starts with its text's first ASCII character lowered,
           * or '#' for a digit, where each character lowers by itself
           * (lowers_alone (); a Turkic "I" lowers past ASCII). */
          if (alone && (guchar) *t < 0x80
              && !byte_set_has (&first, g_ascii_isdigit (*t) ? '#' : (guchar) g_ascii_tolower (*t)))
            continue;
          if (is_edge (line, cands, starts[p], starts[p + 1], &edge))
            continue;
          size = strlen (folio_line_text (line)) + 1;
          if (size > key_size)
            key = g_realloc (key, key_size = MAX (size, 2 * key_size));
          /* An ASCII start of a key longer than @longest stays so lowered
           * by g_utf8_strdown (): ASCII lowers to as many bytes or more. */
          n = key_of (folio_line_text (line), TRUE, key, longest);
          if (n < 0)
            {
              lower = lower_text (folio_line_text (line), alone);
              size = strlen (lower) + 1;
              if (size > key_size)
                key = g_realloc (key, key_size = MAX (size, 2 * key_size));
              n = key_of (lower, FALSE, key, longest);
            }
          if (n > longest || !g_hash_table_lookup_extended (counts, key, &k, &count))
            continue;
          g_hash_table_insert (counts, k, GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
        }
    }
}

/* Groups the candidates by zone and key, lets near-identical keys join a
 * frequent group, and returns the groups that are furniture.  @starts: each
 * page's first candidate, as count_mid_keys () takes them. */
static GPtrArray *
repeated_groups (GPtrArray *cands, const guint *starts, const FolioDocument *doc, gboolean alone)
{
  g_autoptr (GHashTable) mid_keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GRegex) continuation = NULL;  /* made when first asked */

  g_autoptr (GHashTable) by_key = g_hash_table_new (group_hash, group_equal);
  g_autoptr (GPtrArray) groups = g_ptr_array_new_with_free_func (group_free);
  g_autoptr (GPtrArray) bigs = g_ptr_array_new ();
  GPtrArray *accepted = g_ptr_array_new_with_free_func (group_free);

  for (guint i = 0; i < cands->len; i++)
    {
      Cand *c = g_ptr_array_index (cands, i);
      const char *text = folio_line_text (c->line);
      Group probe = { NULL }, *g;

      /* Furniture is the outermost few lines, not text further in; and a
       * note that a table goes on belongs to the table. */
      if (c->line->role != FOLIO_ROLE_BODY || (c->zone != ZONE_MARGIN && c->rank > MAX_RANK)
          || (may_continue (text) && continues (&continuation, text)))
        continue;
      c->key = normalise_key (text, alone);
      /* Without letters the key would be a page number's: numbers alone
       * repeat only as the very same text ("23-9-2015" on every page). */
      if (!has_letters (c->key, 2))
        {
          g_free (c->key);
          c->key = g_strconcat ("=", text, NULL);
        }
      probe.key = c->key;
      probe.zone = c->zone;
      g = g_hash_table_lookup (by_key, &probe);
      if (g == NULL)
        {
          g = g_new0 (Group, 1);
          g->key = c->key;
          g->zone = c->zone;
          g->members = g_ptr_array_new ();
          g_hash_table_add (by_key, g);
          g_ptr_array_add (groups, g);
        }
      g_ptr_array_add (g->members, c);
    }
  for (guint i = 0; i < groups->len; i++)
    group_count_pages (g_ptr_array_index (groups, i));

  /* Small differences (a changed word in a date, an OCR slip) are tolerated:
   * a line seen once joins a group seen on three pages or more whose key is
   * within an edit distance of an eighth of its length.  The groups on
   * three pages or more stay the same ones meanwhile (their page counts are
   * made again below). */
  for (guint j = 0; j < groups->len; j++)
    if (((Group *) g_ptr_array_index (groups, j))->n_pages >= 3)
      g_ptr_array_add (bigs, g_ptr_array_index (groups, j));
  for (guint i = 0; i < groups->len; i++)
    {
      Group *single = g_ptr_array_index (groups, i);
      Group *best = NULL;
      guint best_d = G_MAXUINT;

      if (single->n_pages != 1)
        continue;
      for (guint j = 0; j < bigs->len; j++)
        {
          Group *big = g_ptr_array_index (bigs, j);
          guint limit, d;

          if (big->zone != single->zone)
            continue;
          limit = MAX (2, strlen (big->key) / 8);
          d = bounded_distance (single->key, big->key, limit);
          if (d <= limit && d < best_d)
            best = big, best_d = d;
        }
      if (best != NULL)
        {
          g_ptr_array_extend_and_steal (best->members, g_ptr_array_copy (single->members, NULL, NULL));
          g_ptr_array_set_size (single->members, 0);
          single->n_pages = 0;
        }
    }

  /* Each group's own tests first (they look at nothing else), then the
   * count of its text away from the page edges, only for the groups that
   * passed them. */
  for (guint i = 0; i < groups->len; i++)
    {
      Group *g = g_ptr_array_index (groups, i);

      if (g->members->len == 0)
        continue;
      /* Members come in page order but where a group joined another; the
       * sort is stable, and exact for pages up to G_MAXINT. */
      {
        gboolean sorted = TRUE;

        for (guint k = 1; k < g->members->len && sorted; k++)
          sorted = ((Cand *) g_ptr_array_index (g->members, k - 1))->page
                   <= ((Cand *) g_ptr_array_index (g->members, k))->page;
        if (!sorted || ((Cand *) g_ptr_array_index (g->members, g->members->len - 1))->page > G_MAXINT)
          g_ptr_array_sort (g->members, compare_cand_page);
      }
      /* Furniture sits at the same height on every page it is on; keep the
       * members near the group's median height. */
      if (doc->media_type == FOLIO_MEDIA_PDF && g->zone != ZONE_MARGIN)
        {
          g_autofree double *ys = g_new (double, g->members->len);
          double median;

          for (guint k = 0; k < g->members->len; k++)
            ys[k] = ((Cand *) g_ptr_array_index (g->members, k))->y;
          for (guint a = 1; a < g->members->len; a++)
            for (guint b = a; b > 0 && ys[b - 1] > ys[b]; b--)
              {
                double t = ys[b];

                ys[b] = ys[b - 1];
                ys[b - 1] = t;
              }
          median = ys[g->members->len / 2];
          for (guint k = g->members->len; k-- > 0;)
            if (ABS (((Cand *) g_ptr_array_index (g->members, k))->y - median) > Y_TOLERANCE)
              g_ptr_array_remove_index (g->members, k);
        }
      group_count_pages (g);
      if (g->n_pages == 0)
        continue;
      /* On many pages, or on two close together (a chapter's own head);
       * and once per page, not a block of repeated lines. */
      /* Two pages are enough only where the height confirms it (PDF). */
      if (!(g->n_pages >= 3
            || (g->n_pages == 2 && g->last - g->first <= 2 && outermost (g)
                && doc->media_type == FOLIO_MEDIA_PDF)))
        continue;
      if (g->members->len * 2 > g->n_pages * 3)
        continue;
      /* On most pages of its run (every other one for left and right
       * pages), not here and there like a table's recurring cell. */
      if (g->n_pages * 10 < (g->last - g->first + 1) * 3)
        continue;
      g->pending = TRUE;
      g_hash_table_insert (mid_keys, (char *) g->key, GUINT_TO_POINTER (0));
    }
  count_mid_keys (mid_keys, cands, starts, doc, alone);
  for (guint i = 0; i < groups->len; i++)
    {
      Group *g = g_ptr_array_index (groups, i);

      if (!g->pending)
        continue;
      /* Text that also stands in the middle of pages is body text that
       * happens to open or close some pages. */
      {
        guint mid = GPOINTER_TO_UINT (g_hash_table_lookup (mid_keys, g->key));

        if (mid >= MAX (2, g->n_pages / 2))
          continue;
      }
      g_ptr_array_add (accepted, g_ptr_array_steal_index_fast (groups, i));
      i--;
    }
  return accepted;
}

/* -------------------------------------------------------------- head shape */

/* A running head tells its own story on a single page: fields separated by
 * bars, or a version, a status and a date together. */
static gboolean
head_shape (const char *text)
{
  guint bars = 0;
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_field_free);

  for (const char *c = text; *c; c++)
    if (*c == '|')
      bars++;
  if (bars >= 2 && has_letters (text, 6))
    return TRUE;
  return folio_metadata_mine (text, FALSE, fields) >= 2;
}

/* --------------------------------------------------- heads in a style */

#define STYLE_MIN_PAGES 8    /* a head in a style of its own stands on at least */
#define STYLE_MIN_SHARE 0.5  /* this many pages, and this share of them */
#define STYLE_MIN_REPEATS 0.1 /* its text as on the page before, on this share */
#define STYLE_MAX_WORDS 12

/* The topmost line of a page's top band past a page number (a head
 * repetition took counts too), with what groups it: its font, its size in
 * half points and its top in points.  (body_style () counts styles in it,
 * with no line.) */
typedef struct {
  Cand *c;
  const char *font;
  gint size, top;
} StyledHead;

static int
compare_styled (gconstpointer a, gconstpointer b)
{
  const StyledHead *x = a, *y = b;
  int r = strcmp (x->font, y->font);

  if (r == 0)
    r = (x->size > y->size) - (x->size < y->size);
  if (r == 0)
    r = (x->top > y->top) - (x->top < y->top);
  if (r == 0)
    r = (x->c->page > y->c->page) - (x->c->page < y->c->page);
  return r;
}

static gboolean
same_style (const StyledHead *a, const StyledHead *b)
{
  return a->font == b->font && a->size == b->size && a->top == b->top;
}

/* The size (half points) and font most of the document's characters are
 * set in. */
static void
body_style (const FolioDocument *doc, const char **font, gint *size)
{
  g_autoptr (GArray) styles = g_array_new (FALSE, FALSE, sizeof (StyledHead));
  g_autoptr (GArray) weight = g_array_new (FALSE, TRUE, sizeof (gsize));
  guint last = 0;
  gsize best = 0;

  *font = NULL;
  *size = 0;
  for (guint p = 0; p < doc->pages->len; p++)
    {
      FolioPage *page = g_ptr_array_index (doc->pages, p);

      for (guint i = 0; i < page->lines->len; i++)
        {
          const FolioLine *line = g_ptr_array_index (page->lines, i);
          StyledHead key = { NULL, line->font, (gint) lround (line->size * 2), 0 };
          guint k = last;

          if (line->font == NULL)
            continue;
          /* a few styles, the body's nearly every time: the last one first */
          if (k >= styles->len || !same_style (&g_array_index (styles, StyledHead, k), &key))
            for (k = 0; k < styles->len && !same_style (&g_array_index (styles, StyledHead, k), &key); k++)
              ;
          if (k == styles->len)
            {
              g_array_append_val (styles, key);
              g_array_set_size (weight, styles->len);
            }
          g_array_index (weight, gsize, k) += strlen (folio_line_text (line));
          last = k;
        }
    }
  for (guint k = 0; k < styles->len; k++)
    if (g_array_index (weight, gsize, k) > best)
      {
        best = g_array_index (weight, gsize, k);
        *font = g_array_index (styles, StyledHead, k).font;
        *size = g_array_index (styles, StyledHead, k).size;
      }
}

/* Running heads that change from page to page, the topic or section the
 * page is in (R's refman.pdf: ".Machine" over the pages of that help
 * topic), found by their style and place: the topmost line of the top
 * band on half the pages or more, at one height, in a font other than
 * the body's and no larger (or smaller), short, and the same as on the
 * page before often enough (a topic that runs over pages).  Headings
 * that open pages are set larger, or in the body's own font, or do not
 * say the same thing on two pages running. */
static void
style_heads (GPtrArray *cands, const guint *starts, const FolioDocument *doc)
{
  g_autoptr (GArray) heads = g_array_new (FALSE, FALSE, sizeof (StyledHead));
  const char *body_font = NULL;
  gint body_size = 0;
  gboolean body_known = FALSE;
  guint n_pages = doc->pages->len;

  if (doc->media_type != FOLIO_MEDIA_PDF || n_pages < STYLE_MIN_PAGES)
    return;
  for (guint p = 0; p < n_pages; p++)
    for (guint i = starts[p]; i < starts[p + 1]; i++)
      {
        Cand *c = g_ptr_array_index (cands, i);

        if (c->zone != ZONE_TOP)
          break;
        /* past a page number; a head repetition took is counted, not marked again */
        if (c->line->role != FOLIO_ROLE_BODY && c->line->role != FOLIO_ROLE_HEADER)
          continue;
        if (c->line->font != NULL && c->line->size > 0)
          {
            FolioBBox box = folio_line_bbox (c->line);
            StyledHead h = { c, c->line->font, (gint) lround (c->line->size * 2), (gint) lround (box.y0) };

            g_array_append_val (heads, h);
          }
        break;
      }
  g_array_sort (heads, compare_styled);
  for (guint from = 0, to; from < heads->len; from = to)
    {
      const StyledHead *first = &g_array_index (heads, StyledHead, from);
      guint repeats = 0, words_ok = 0;

      for (to = from + 1; to < heads->len && same_style (first, &g_array_index (heads, StyledHead, to)); to++)
        ;
      if (to - from < STYLE_MIN_PAGES || to - from < STYLE_MIN_SHARE * n_pages)
        continue;
      if (!body_known)
        {
          body_style (doc, &body_font, &body_size);
          body_known = TRUE;
        }
      if (first->size > body_size + 1 || (first->font == body_font && first->size >= body_size - 1))
        continue;
      for (guint k = from; k < to; k++)
        {
          const StyledHead *h = &g_array_index (heads, StyledHead, k);
          const char *text = folio_line_text (h->c->line);
          guint words = 0;

          for (const char *t = text; *t; t++)
            words += !g_ascii_isspace (*t) && (t == text || g_ascii_isspace (t[-1]));
          words_ok += words <= STYLE_MAX_WORDS;
          if (k > from && h[-1].c->page + 1 == h->c->page
              && strcmp (folio_line_text (h[-1].c->line), text) == 0)
            repeats++;
        }
      if (words_ok < to - from || repeats < STYLE_MIN_REPEATS * (to - from))
        continue;
      for (guint k = from; k < to; k++)
        if (g_array_index (heads, StyledHead, k).c->line->role == FOLIO_ROLE_BODY)
          mark (g_array_index (heads, StyledHead, k).c, FOLIO_ROLE_HEADER, "head-style",
                g_strdup_printf ("running head in a style of its own (%s, %.1f pt) atop %u of %u pages",
                                 first->font, first->size / 2.0, to - from, n_pages));
    }
}

/* ----------------------------------------------------------------- the run */

static void
reset (FolioDocument *doc)
{
  for (guint p = 0; p < doc->pages->len; p++)
    {
      FolioPage *page = g_ptr_array_index (doc->pages, p);

      g_clear_pointer (&page->printed, g_free);
      for (guint i = 0; i < page->lines->len; i++)
        {
          FolioLine *line = g_ptr_array_index (page->lines, i);

          line->role = FOLIO_ROLE_BODY;
          line->kept = FALSE;
          folio_line_unmark (line);
        }
    }
  g_ptr_array_set_size (doc->metadata, 0);
  g_clear_pointer (&doc->metadata_source, g_free);
}

static FolioPage *
find_page (FolioDocument *doc, guint index)
{
  guint first = doc->pages->len ? ((FolioPage *) g_ptr_array_index (doc->pages, 0))->index : 0;

  /* Pages are in increasing order, nearly always consecutive. */
  if (index >= first && index - first < doc->pages->len)
    {
      FolioPage *page = g_ptr_array_index (doc->pages, index - first);

      if (page->index == index)
        return page;
    }
  for (guint i = 0; i < doc->pages->len; i++)
    if (((FolioPage *) g_ptr_array_index (doc->pages, i))->index == index)
      return g_ptr_array_index (doc->pages, i);
  return NULL;
}

static void
mine_metadata (FolioDocument *doc, GPtrArray *groups, GPtrArray *heads)
{
  const char *best = NULL;
  guint best_fields = 0, best_pages = 0, n_pages = doc->pages->len;

  /* The running head that says most about the document: version, status
   * and date count most, then the number of pages it is on. */
  for (guint i = 0; i < groups->len; i++)
    {
      Group *g = g_ptr_array_index (groups, i);
      const char *text = folio_line_text (((Cand *) g_ptr_array_index (g->members, 0))->line);
      g_autoptr (GPtrArray) f = NULL;
      guint fields;

      /* a margin's text is not mined: it is not a running head */
      if (g->zone == ZONE_MARGIN)
        continue;
      f = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_field_free);
      fields = folio_metadata_mine (text, FALSE, f);
      if (best == NULL || fields > best_fields || (fields == best_fields && g->n_pages > best_pages))
        best = text, best_fields = fields, best_pages = g->n_pages;
    }
  for (guint i = 0; i < heads->len; i++)
    {
      const char *text = folio_line_text (((Cand *) g_ptr_array_index (heads, i))->line);
      g_autoptr (GPtrArray) f = g_ptr_array_new_with_free_func ((GDestroyNotify) folio_field_free);
      guint fields = folio_metadata_mine (text, FALSE, f);

      if (best == NULL || fields > best_fields)
        best = text, best_fields = fields, best_pages = 1;
    }
  if (best == NULL)
    return;
  /* A title only from a head on most pages: a chapter's head names the
   * chapter, not the document. */
  folio_metadata_mine (best, n_pages <= 1 || best_pages * 2 >= n_pages || best_fields >= 2,
                       doc->metadata);
  if (doc->metadata->len > 0)
    doc->metadata_source = g_strdup (best);
}

gboolean
folio_strip_run (FolioDocument *doc, const FolioStripOptions *opts, GError **error)
{
  static const FolioStripOptions defaults = FOLIO_STRIP_OPTIONS_INIT;
  g_autoptr (FolioStripPatterns) own = NULL;
  const FolioStripPatterns *patterns;
  g_autoptr (GPtrArray) cands = g_ptr_array_new_with_free_func (cand_free);
  g_autoptr (GPtrArray) groups = NULL;
  g_autoptr (GPtrArray) heads = g_ptr_array_new ();
  Matcher m = { NULL };
  gboolean alone = lowers_alone ();
  g_autofree guint *starts = NULL;  /* each page's first candidate */

  if (opts == NULL)
    opts = &defaults;
  if (folio_document_has_stage (doc, "segment"))
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM,
                   "%s: already segmented: folio-strip runs before folio-segment",
                   doc->source ? doc->source : "stream");
      return FALSE;
    }
  patterns = opts->patterns;
  if (patterns == NULL)
    patterns = own = folio_strip_patterns_new ();
  reset (doc);

  starts = g_new (guint, doc->pages->len + 1);
  for (guint p = 0; p < doc->pages->len; p++)
    {
      starts[p] = cands->len;
      page_candidates (g_ptr_array_index (doc->pages, p), cands);
    }
  starts[doc->pages->len] = cands->len;

  /* 1. Page numbers, by pattern and sequence. */
  m.md = pcre2_match_data_create (16, NULL);
  for (guint i = 0; i < cands->len; i++)
    find_number (patterns, &m, g_ptr_array_index (cands, i));
  pcre2_match_data_free (m.md);
  check_sequence (cands, doc->pages->len, doc->media_type == FOLIO_MEDIA_PDF);
  for (guint i = 0; i < cands->len; i++)
    {
      Cand *c = g_ptr_array_index (cands, i);

      if (!c->accepted)
        continue;
      if (c->whole)
        mark (c, FOLIO_ROLE_PAGE_NUMBER, c->pattern->name,
              c->total ? g_strdup_printf ("page number %s of %s", c->number, c->total)
                       : g_strdup_printf ("page number %s (%s)", c->number,
                                          c->pattern->strength == STRENGTH_STRONG ? "by its wording"
                                                                                  : "in sequence with other pages"));
      else if (c->pattern->strength == STRENGTH_STRONG && c->zone != ZONE_MARGIN)
        /* "Rapport X | Pagina 3 van 10": the head carries the number. */
        mark (c, zone_role (c->zone), c->pattern->name,
              g_strdup_printf ("running %s ending in page number %s",
                               c->zone == ZONE_TOP ? "head" : "foot", c->number));
    }

  /* 2. Lines repeated at the same place across pages. */
  if (!opts->no_repetition)
    {
      groups = repeated_groups (cands, starts, doc, alone);
      for (guint i = 0; i < groups->len; i++)
        {
          Group *g = g_ptr_array_index (groups, i);
          /* the group's reason, written once for its members */
          g_autofree char *why = g_strdup_printf ("same text (numbers aside) on %u pages, %u-%u",
                                                  g->n_pages, g->first, g->last);

          for (guint k = 0; k < g->members->len; k++)
            {
              Cand *c = g_ptr_array_index (g->members, k);

              if (c->line->role == FOLIO_ROLE_BODY)
                mark (c, zone_role (g->zone), zone_rule (g->zone), g_strdup (why));
            }
        }
    }
  else
    groups = g_ptr_array_new ();

  /* 2b. Running heads whose text changes, by their style and place. */
  if (!opts->no_repetition)
    style_heads (cands, starts, doc);

  /* 3. A running head recognisable on its own page, even a single one. */
  for (guint i = 0; i < cands->len; i++)
    {
      Cand *c = g_ptr_array_index (cands, i);

      if (c->zone == ZONE_TOP && c->rank == 0 && c->line->role == FOLIO_ROLE_BODY
          && head_shape (folio_line_text (c->line)))
        {
          mark (c, FOLIO_ROLE_HEADER, "head-shape",
                g_strdup ("running-head shape: fields between bars, or version, status and date"));
          g_ptr_array_add (heads, c);
        }
    }

  /* 4. Each page's printed number: a page-number line first, else a number
   * at the end of a head or foot that was taken out. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < cands->len; i++)
      {
        Cand *c = g_ptr_array_index (cands, i);
        FolioPage *page;

        if (c->pattern == NULL || c->line->role == FOLIO_ROLE_BODY || (pass == 0) != c->whole)
          continue;
        if (!c->accepted && c->pattern->strength != STRENGTH_STRONG)
          {
            /* A number in a repeated head still has to fit the sequence. */
            continue;
          }
        page = find_page (doc, c->page);
        if (page && page->printed == NULL)
          page->printed = g_strdup (c->number);
        if (folio_line_number (c->line) == NULL)
          {
            FolioMark *mk = folio_line_mark (c->line);

            mk->number = g_strdup (c->number);
            g_free (mk->total);
            mk->total = g_strdup (c->total);
          }
      }

  /* 5. What the running heads say about the document. */
  mine_metadata (doc, groups, heads);

  folio_document_add_stage (doc, "strip");
  if (opts->keep)
    for (guint p = 0; p < doc->pages->len; p++)
      {
        FolioPage *page = g_ptr_array_index (doc->pages, p);

        for (guint i = 0; i < page->lines->len; i++)
          {
            FolioLine *line = g_ptr_array_index (page->lines, i);

            line->kept = line->role != FOLIO_ROLE_BODY;
          }
      }
  return TRUE;
}

char *
folio_strip_explain (const FolioDocument *doc)
{
  GString *out = g_string_new (NULL);

  if (doc->metadata->len > 0)
    {
      g_string_append_printf (out, "metadata from \"%s\":\n", doc->metadata_source);
      for (guint i = 0; i < doc->metadata->len; i++)
        {
          const FolioField *f = g_ptr_array_index (doc->metadata, i);

          g_string_append_printf (out, "  %s: %s\n", f->name, f->value);
        }
    }
  for (guint p = 0; p < doc->pages->len; p++)
    {
      const FolioPage *page = g_ptr_array_index (doc->pages, p);
      guint removed = 0;

      for (guint i = 0; i < page->lines->len; i++)
        removed += ((FolioLine *) g_ptr_array_index (page->lines, i))->role != FOLIO_ROLE_BODY;
      g_string_append_printf (out, "page %u", page->index);
      if (page->printed)
        g_string_append_printf (out, " (printed %s)", page->printed);
      g_string_append_printf (out, ": %u furniture line%s\n", removed, removed == 1 ? "" : "s");
      for (guint i = 0; i < page->lines->len; i++)
        {
          const FolioLine *line = g_ptr_array_index (page->lines, i);

          if (line->role == FOLIO_ROLE_BODY)
            continue;
          g_string_append_printf (out, "  %-11s %-16s \"%s\": %s\n", folio_role_to_string (line->role),
                                  folio_line_rule (line) ? folio_line_rule (line) : "", folio_line_text (line),
                                  folio_line_why (line) ? folio_line_why (line) : "");
        }
    }
  return g_string_free (out, FALSE);
}
