/* Segment: headings from evidence, paragraphs from layout, words from what
 * the document attests.  Works on the body lines strip left, page by page
 * in reading order, and leaves the furniture where it is. */
#include "folio/folio-segment.h"
#include "folio/folio-error.h"
#include "folio/folio-extract.h"
#include "folio-string-private.h"
#include "folio-thread-private.h"

#include <math.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <string.h>

typedef struct {
  FolioLine *line;
  FolioPage *page;
  char *text;            /* ligatures expanded, trimmed: the line's own text when
                          * that is already so (most lines), else a copy */
  char *number;
  GString *evidence;
  guint note;            /* a line of footnote n (1-based) of Builder.notes */
  guint table;           /* a line of table n (1-based) of Builder.tables */
  /* In the bytes left, after the pointers: there is an item for every
   * line of the document at once, 56 bytes rather than 136 (what the
   * texts are as titles are compared is kept apart, as hashes: ItemKeys). */
  guint16 cells_seen;    /* make_table's count of the line's cells in the rows it
                          * tries (held at G_MAXUINT16: a line of more cells is
                          * in no table) */
  guint8 level;          /* a heading's: 1 = top (at most 6 by type, an outline's
                          * FOLIO_EXTRACT_MAX_OUTLINE_DEPTH) */
  bool own_text : 1;     /* text is a copy, freed with the item */
  bool blank : 1;        /* text input: an empty line */
  bool heading : 1;
  bool labelled : 1;     /* numbered after a label: "Richtlijn 1.1" */
  bool continuation : 1; /* the second line of a heading */
  bool gap_before : 1;   /* standalone: space or a blank line above */
  bool gap_after : 1;
} Item;
G_STATIC_ASSERT (FOLIO_EXTRACT_MAX_OUTLINE_DEPTH <= G_MAXUINT8);
#if GLIB_SIZEOF_VOID_P == 8
G_STATIC_ASSERT (sizeof (Item) == 56);
#endif

static void
item_clear (Item *it)
{
  if (it->own_text)
    g_free (it->text);
  g_free (it->number);
  if (it->evidence)
    g_string_free (it->evidence, TRUE);
}

static void
add_evidence (Item *it, const char *what)
{
  if (it->evidence == NULL)
    it->evidence = g_string_new (NULL);
  if (strstr (it->evidence->str, what) != NULL)
    return;
  if (it->evidence->len)
    g_string_append_c (it->evidence, ',');
  g_string_append (it->evidence, what);
}

/* fi, fl, ff... as letters; soft hyphens kept for the join to see. */
static char *
expand_ligatures (const char *s)
{
  static const char *const lig[] = { "ff", "fi", "fl", "ffi", "ffl", "st", "st" };
  GString *out;

  /* U+FB00..U+FB06 are EF AC 80..86 in UTF-8. */
  if (strstr (s, "\xef\xac") == NULL)
    return g_strdup (s);
  out = g_string_sized_new (strlen (s));

  for (const char *c = s; *c; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);

      if (u >= 0xfb00 && u <= 0xfb06)
        g_string_append (out, lig[u - 0xfb00]);
      else
        g_string_append_unichar (out, u);
    }
  return g_string_free (out, FALSE);
}

static gboolean
ends_sentence (const char *s)
{
  gsize n = strlen (s);

  /* Past closing quotes and brackets. */
  while (n > 0 && strchr ("\"')]»”’", s[n - 1]))
    n--;
  if (n >= 3 && (guchar) s[n - 3] == 0xe2 && (guchar) s[n - 2] == 0x80
      && ((guchar) s[n - 1] == 0x9d || (guchar) s[n - 1] == 0x99))
    n -= 3;
  return n > 0 && strchr (".!?:;", s[n - 1]) != NULL;
}

/* A heading may ask a question; it does not end a sentence or a clause. */
static gboolean
ends_with_punct (const char *s)
{
  gsize n = strlen (s);

  /* "CSED:A-" is a code; "partitioned variable pro-" runs on */
  return n > 0
         && (strchr (".,;:", s[n - 1]) != NULL
             || (s[n - 1] == '-' && !(n >= 2 && g_ascii_islower (s[n - 2]))));
}

static gboolean
has_control (const char *s)
{
  for (const char *c = s; *c; c++)
    if ((guchar) *c < 0x20)
      return TRUE;
  return FALSE;
}

/* Letters make at least 60 % of what is not blank. */
static gboolean
mostly_letters (const char *s)
{
  guint letters = 0, chars = 0;

  for (const char *c = s; *c; c = g_utf8_next_char (c))
    {
      gunichar u;

      /* ASCII as g_unichar_* () class it: a blank is one of \t \n \r
       * \f and space (not \v) */
      if ((guchar) *c < 0x80)
        {
          if (g_ascii_isalpha (*c))
            letters++;
          if (!(*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' || *c == '\f'))
            chars++;
          continue;
        }
      u = g_utf8_get_char (c);
      if (g_unichar_isalpha (u))
        letters++;
      if (!g_unichar_isspace (u))
        chars++;
    }
  return letters * 10 >= chars * 6;
}

/* One edge of a line's box in points (folio_line_bbox (l).x0 and so on,
 * without the other three). */
static inline double
left_of (const FolioLine *l)
{
  return l->box[0] / 100.0;
}

static inline double
top_of (const FolioLine *l)
{
  return l->box[1] / 100.0;
}

static inline double
right_of (const FolioLine *l)
{
  return l->box[2] / 100.0;
}

static inline double
bottom_of (const FolioLine *l)
{
  return l->box[3] / 100.0;
}

static inline double
width_of (const FolioLine *l)
{
  return right_of (l) - left_of (l);
}

/* g_ascii_tolower (), inline */
#define ASCII_LOWER(c) ((c) >= 'A' && (c) <= 'Z' ? (char) ((c) + ('a' - 'A')) : (c))

/* Whether @f starts with @name (lowercase ASCII), ASCII case aside. */
static gboolean
starts_ci (const char *f, const char *name)
{
  for (; *name; f++, name++)
    if (ASCII_LOWER (*f) != *name)
      return FALSE;
  return TRUE;
}

/* Typewriter fonts set code, not headings: a name holding "mono",
 * "courier", "cmtt", "consola", "menlo", "typewriter", "code", "lmtt",
 * "sfmono" or "inconsolata", ASCII case aside. */
static gboolean
monospace_font (const char *font)
{
  for (const char *f = font; *f; f++)
    switch (ASCII_LOWER (*f))
      {
      case 'm':
        if (starts_ci (f, "mono") || starts_ci (f, "menlo"))
          return TRUE;
        break;
      case 'c':
        if (starts_ci (f, "courier") || starts_ci (f, "cmtt") || starts_ci (f, "consola") || starts_ci (f, "code"))
          return TRUE;
        break;
      case 't':
        if (starts_ci (f, "typewriter"))
          return TRUE;
        break;
      case 'l':
        if (starts_ci (f, "lmtt"))
          return TRUE;
        break;
      case 's':
        if (starts_ci (f, "sfmono"))
          return TRUE;
        break;
      case 'i':
        if (starts_ci (f, "inconsolata"))
          return TRUE;
        break;
      default:
        break;
      }
  return FALSE;
}

/* Whether @l is set in a typewriter font.  Fonts are interned (one
 * pointer a name, never freed): the last one's verdict, held by its
 * pointer, is every line's in it, and a page's lines mostly share one. */
static gboolean
monospace (const FolioLine *l)
{
  static _Thread_local const char *last;
  static _Thread_local gboolean verdict;

  if (l->font == NULL)
    return FALSE;
  if (l->font != last)
    {
      verdict = monospace_font (l->font);
      last = l->font;
    }
  return verdict;
}

/* "Contents", "Inhoudsopgave": the title of a contents list. */
static gboolean
contents_title (const char *text)
{
  static const char *const titles[] = { "contents", "table of contents", "inhoud", "inhoudsopgave",
                                        "inhaltsverzeichnis", "inhalt", "table des matières", "sommaire" };
  g_autofree char *lower = NULL;
  gsize n = 0;

  /* ASCII without an "I" lowercases so in every locale: compared as it
   * stands, ASCII case and the blanks at the ends aside */
  while ((guchar) text[n] < 0x80 && text[n] != 'I' && text[n] != '\0')
    n++;
  if (text[n] == '\0')
    {
      const char *a = text, *z = text + n;

      while (a < z && g_ascii_isspace (*a))
        a++;
      while (z > a && g_ascii_isspace (z[-1]))
        z--;
      for (gsize i = 0; i < G_N_ELEMENTS (titles); i++)
        if (strlen (titles[i]) == (gsize) (z - a) && g_ascii_strncasecmp (a, titles[i], z - a) == 0)
          return TRUE;
      return FALSE;
    }
  /* Past the blanks g_strstrip () takes, an ASCII character but "I"
   * lowercases to its own lowercase: where no title starts with that,
   * none is the text (a line, as a rule: not lowercased for nothing). */
  {
    const char *a = text;
    gboolean may = FALSE;

    while (g_ascii_isspace (*a))
      a++;
    if ((guchar) *a >= 0x80 || *a == 'I')
      may = TRUE;
    for (gsize i = 0; i < G_N_ELEMENTS (titles) && !may; i++)
      may = titles[i][0] == ASCII_LOWER (*a);
    if (!may)
      return FALSE;
  }
  lower = g_utf8_strdown (text, -1);
  g_strstrip (lower);
  for (gsize i = 0; i < G_N_ELEMENTS (titles); i++)
    if (strcmp (lower, titles[i]) == 0)
      return TRUE;
  return FALSE;
}

/* A page of contents: many lines ending in page numbers, or a few under
 * a contents title. */
static gboolean
contents_page (GArray *items, guint from, FolioPage *page)
{
  guint lines = 0, numbered = 0;
  gboolean titled = FALSE;

  for (guint i = from; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      gsize n;

      if (it->page != page)
        break;
      if (it->blank)
        continue;
      lines++;
      titled = titled || (lines <= 3 && contents_title (it->text));
      n = strlen (it->text);
      if (n > 0 && g_ascii_isdigit (it->text[n - 1]) && (n < 2 || !g_ascii_isdigit (it->text[0]) || strchr (it->text, ' ')))
        numbered++;
    }
  return (lines >= 6 && numbered * 10 >= lines * 4) || (titled && numbered >= 3);
}

/* Not what a title says: "This page intentionally left blank", a
 * formula ("Ui → Rn", "Da A, B ∈"): arrows and mathematical operators, or
 * "a = 1"; or the syntax of a command with its placeholders ("CREATE
 * PERMISSION <permission name>"), or markup ("This <img/>"). */
static gboolean
not_a_title (const char *s)
{
  const char *lt;

  for (const char *c = s; *c; c = g_utf8_next_char (c))
    {
      /* (an arrow or operator is not ASCII: decoded only where not) */
      gunichar u = (guchar) *c < 0x80 ? (gunichar) *c : g_utf8_get_char (c);

      if (u >= 0x2190 && u <= 0x22ff)
        return TRUE;
      if (*c == '=' && c > s && c[-1] == ' ' && c[1] == ' ')
        return TRUE;
    }
  /* "<table name>", "<img/>"; not an element's name: "de <object> elementen" */
  lt = strchr (s, '<');
  if (lt != NULL && g_ascii_isalpha (lt[1]))
    {
      const char *gt = strchr (lt, '>');

      if (gt != NULL && (memchr (lt, ' ', gt - lt) != NULL || gt[-1] == '/'))
        return TRUE;
    }
  return strstr (s, "ntentionally") != NULL || strstr (s, "NTENTIONALLY") != NULL;
}

/* Letters in the longest word. */
static guint
longest_word (const char *s)
{
  guint longest = 0, n = 0;

  for (const char *c = s;; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);

      if (u != 0 && g_unichar_isalpha (u))
        n++;
      else
        longest = MAX (longest, n), n = 0;
      if (u == 0)
        return longest;
    }
}

/* The words of @s, counted up to @most: no caller asks past a few, and a
 * paragraph's line has many. */
static guint
count_words (const char *s, guint most)
{
  /* where a word ends: its NUL, or what g_ascii_isspace () takes */
  static const bool word_end[256] = { ['\0'] = 1, ['\t'] = 1, ['\n'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1 };
  const guchar *c = (const guchar *) s;
  guint n = 0;

  /* a word at a time, not a flag for every byte */
  for (;;)
    {
      while (g_ascii_isspace (*c))
        c++;
      if (*c == '\0' || ++n == most)
        return n;
      while (!word_end[*c])
        c++;
    }
}

/* Capitals, and mostly letters: "INLEIDING", not "> D <- 2*A*B + C". */
static gboolean
all_capitals (const char *s)
{
  guint letters = 0, chars = 0;

  for (const char *c = s; *c; c = g_utf8_next_char (c))
    {
      gunichar u;

      /* ASCII as g_unichar_* () class it: a blank is one of \t \n \r
       * \f and space (not \v) */
      if ((guchar) *c < 0x80)
        {
          if (*c >= 'a' && *c <= 'z')
            return FALSE;
          if (*c >= 'A' && *c <= 'Z')
            letters++;
          if (!(*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' || *c == '\f'))
            chars++;
          continue;
        }
      u = g_utf8_get_char (c);
      if (g_unichar_islower (u))
        return FALSE;
      if (g_unichar_isupper (u))
        letters++;
      if (!g_unichar_isspace (u))
        chars++;
    }
  return letters >= 3 && letters * 10 >= chars * 7;
}

/* "Vectors . . . . 8", "Inleiding ........ 3": an entry of a contents list. */
static gboolean
contents_entry (const char *s)
{
  guint dots = 0;

  /* from dot to dot (strchr () is quicker than a byte at a time) */
  for (const char *c = strchr (s, '.'); c != NULL; c = strchr (c + 1, '.'))
    if (c[1] == '.' || (c[1] == ' ' && c[2] == '.'))
      dots++;
  /* Leaders ending in a page number, or a long run of them. */
  return dots >= 3 || (dots >= 1 && g_ascii_isdigit (s[strlen (s) - 1]));
}

/* On a contents page, "Appendix A" set apart from the rest of its entry,
 * "Copying Information. . . . 24", further along the same row, or
 * continued on the next line. */
static gboolean
entry_goes_on (GArray *items, guint i)
{
  const Item *it = &g_array_index (items, Item, i);
  FolioBBox box;

  if (it->line == NULL)
    return FALSE;
  box = folio_line_bbox (it->line);
  /* Lines of a page come in reading order, which may take the row's
   * number column first ("A.1" below "Appendix A"): look a few ahead. */
  for (guint k = i + 1; k < items->len && k <= i + 4; k++)
    {
      const Item *next = &g_array_index (items, Item, k);
      FolioBBox nb;
      gsize n;

      if (next->page != it->page)
        break;
      if (next->blank || next->line == NULL)
        continue;
      n = strlen (next->text);
      nb = folio_line_bbox (next->line);
      if (n > 0 && fabs (nb.y1 - box.y1) < 2 && nb.x0 > box.x1
          && (contents_entry (next->text) || g_ascii_isdigit (next->text[n - 1])))
        return TRUE;
      /* "Appendix A Essential and useful other" over "programs under a
       * Unix-alike . . . 41" */
      if (k == i + 1 && n > 0 && g_unichar_islower (g_utf8_get_char (next->text)) && contents_entry (next->text))
        return TRUE;
    }
  return FALSE;
}

/* Ends in a short number after a word: "KITCHEN 96", "District 3". */
static gboolean
ends_in_number (const char *s)
{
  gsize n = strlen (s), digits = 0;

  while (digits < n && g_ascii_isdigit (s[n - 1 - digits]))
    digits++;
  return digits >= 1 && digits <= 3 && n > digits + 1 && s[n - 1 - digits] == ' '
         && g_ascii_isalpha (s[n - 2 - digits]);
}

/* Three or more lines of a page in one style, each ending in a short
 * number: the entries of a contents list without a title ("LIVING ROOM
 * 4", "KITCHEN 96"), or the labels of a chart ("District 1"), not
 * headings, unless each heads its paragraph ("History of Kirkwall:
 * Chapter 1"). */
static gboolean
entries_in_style (GArray *items, guint i)
{
  const Item *it = &g_array_index (items, Item, i);
  guint from = i, alike = 0;

  if (!ends_in_number (it->text))
    return FALSE;
  while (from > 0 && g_array_index (items, Item, from - 1).page == it->page)
    from--;
  for (guint k = from; k < items->len && alike < 2; k++)
    {
      const Item *o = &g_array_index (items, Item, k);

      if (o->page != it->page)
        break;
      if (k != i && !o->blank && o->line->bold == it->line->bold
          && fabs (o->line->size - it->line->size) < 0.5 && ends_in_number (o->text))
        alike++;
    }
  return alike >= 2;
}

/* ---------------------------------------------------------------- words */

/* A set of strings, each with a number: open addressing on a hash the
 * caller may work out while it copies the string, the string compared
 * only where the hash agrees.  Cheaper than a GHashTable of strings
 * asked first whether it holds a word and then given it (two hashes, a
 * call through g_str_hash and g_str_equal each), where a run asks for
 * every word of the document.  Nothing walks it: its order is no one's. */
typedef struct {
  const char *s;         /* NULL: a free slot; NUL-terminated, which says
                          * its length */
  guint hash;
  guint value;
} WordSlot;              /* 16 bytes: a long document's table holds some
                          * 70,000 texts (refman.pdf) */

typedef struct {
  WordSlot *slots;
  guint mask;            /* slots - 1, a power of two less one */
  guint n;
  GStringChunk *chunk;   /* (nullable) where added words are copied; NULL: borrowed */
} Words;

#define WORDS_HASH_STEP(h, c) ((h) * 33 + (guchar) (c))

static guint
words_hash (const char *s, gsize len)
{
  guint h = 5381;

  for (gsize i = 0; i < len; i++)
    h = WORDS_HASH_STEP (h, s[i]);
  return h;
}

/* An empty set, grown as it fills (words_add ()): sized for every line
 * at the start, it would be twice what a long document's distinct texts
 * need (refman.pdf: 70,000 of 97,000).  @copy: words are copied in. */
static void
words_init (Words *w, gboolean copy)
{
  w->mask = 255;
  w->slots = g_new0 (WordSlot, w->mask + 1);
  w->n = 0;
  w->chunk = copy ? g_string_chunk_new (4096) : NULL;
}

static void
words_clear (Words *w)
{
  g_clear_pointer (&w->slots, g_free);
  g_clear_pointer (&w->chunk, g_string_chunk_free);
}

/* The slot of [@s, @s + @len) (hashed @hash), or the free one it would take. */
static WordSlot *
words_slot (const Words *w, const char *s, gsize len, guint hash)
{
  for (guint i = hash & w->mask;; i = (i + 1) & w->mask)
    {
      WordSlot *slot = &w->slots[i];

      /* strncmp () stops at a shorter word's end, and then the bytes differ */
      if (slot->s == NULL
          || (slot->hash == hash && strncmp (slot->s, s, len) == 0 && slot->s[len] == '\0'))
        return slot;
    }
}

/* Adds [@s, @s + @len) (hashed @hash), not there yet, with @value. */
static void
words_add (Words *w, const char *s, gsize len, guint hash, guint value)
{
  WordSlot *slot;

  /* at most three quarters full: a free slot ends every probe, soon */
  if (4 * (w->n + 1) > 3 * (w->mask + 1))
    {
      WordSlot *old = w->slots;
      guint size = w->mask + 1;

      w->mask = 2 * size - 1;
      w->slots = g_new0 (WordSlot, 2 * size);
      /* the words are distinct: each takes the first free slot of its probe */
      for (guint i = 0; i < size; i++)
        if (old[i].s != NULL)
          {
            guint j = old[i].hash & w->mask;

            while (w->slots[j].s != NULL)
              j = (j + 1) & w->mask;
            w->slots[j] = old[i];
          }
      g_free (old);
    }
  slot = words_slot (w, s, len, hash);
  /* borrowed words are NUL-terminated where @len ends (item keys) */
  slot->s = w->chunk != NULL ? g_string_chunk_insert_len (w->chunk, s, len) : s;
  slot->hash = hash;
  slot->value = value;
  w->n++;
}

static gboolean
words_has (const Words *w, const char *s)
{
  gsize len = strlen (s);

  return words_slot (w, s, len, words_hash (s, len))->s != NULL;
}

/* What squash () makes of each ASCII character: its lowercase if a
 * letter or digit, else nothing (0). */
static const char squash_ascii[128] = {
  ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
  ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
  ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
  ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
  ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
  ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
  ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
  ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
  ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
  ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
};

/* Lowercase letters and digits only: how titles are compared.  @out is
 * set to that of @s. */
static void
squash_into (GString *out, const char *s)
{
  const char *p = s;
  char *o;

  /* Plain ASCII, the most of it, without casefolding a copy: in one pass,
   * given up at the first byte of 0x80 or more. */
  g_string_set_size (out, strlen (s));
  o = out->str;
  for (; *p && (guchar) *p < 0x80; p++)
    if (squash_ascii[(guchar) *p])
      *o++ = squash_ascii[(guchar) *p];
  g_string_truncate (out, o - out->str);
  /* g_utf8_casefold () folds character by character: ASCII to its
   * lowercase, the rest one character at a time as it would; the ASCII
   * before @p as done above. */
  for (const char *c = p; *c;)
    {
      const char *next;
      g_autofree char *folded = NULL;

      if ((guchar) *c < 0x80)
        {
          if (g_ascii_isalnum (*c))
            g_string_append_c (out, ASCII_LOWER (*c));
          c++;
          continue;
        }
      next = g_utf8_next_char (c);
      folded = g_utf8_casefold (c, next - c);
      for (const char *f = folded; *f; f = g_utf8_next_char (f))
        if (g_unichar_isalnum (g_utf8_get_char (f)))
          g_string_append_len (out, f, g_utf8_next_char (f) - f);
      c = next;
    }
}

static char *
squash (const char *s)
{
  GString *out = g_string_sized_new (strlen (s));

  squash_into (out, s);
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------- evidence */

/* A regular expression, and the ASCII bytes a match of it can start
 * with: all are anchored at the start, so text starting with any other
 * ASCII byte cannot match, and is not given to PCRE (a byte of 0x80 or
 * more always is: \p{Lu}, \d, a bullet or a caseless "ſ" may start so). */
typedef struct {
  /* compiled when first asked (most lines never get to it), and matched
   * with PCRE2 itself: a GRegex makes and frees a GMatchInfo, a match
   * context and match data for every match */
  pcre2_code *re;
  pcre2_match_data *md;  /* the last match's groups */
  int matched;           /* what the last match returned */
  bool jit;              /* compiled for the JIT */
  pcre2_compile_context *context; /* the Patterns' */
  const char *pattern;
  GRegexCompileFlags flags;
  gboolean first[128];
  gboolean digit;        /* a match holds a \d: ASCII text without a digit cannot match */
  /* (nullable) a caseless match starts with one of these words (lowercase
   * ASCII, NULL-terminated) */
  const char *const *words;
  /* (nullable) TRUE where the text cannot match: an exact test of what
   * the expression asks of the ASCII it starts with */
  gboolean (*ruled_out) (const char *s);
} Pattern;

typedef struct {
  Pattern numbered;      /* "2.3.1 Title", "3. Title" */
  Pattern keyword;       /* "Hoofdstuk 3", "Bijlage A", "Chapter 2", "Artikel 5" */
  Pattern roman;         /* "IV. Title" */
  Pattern labelled;      /* "Succescriterium 1.1.1 ..." */
  Pattern labelled_one;  /* "Principe 1: ...", where the document also labels dotted numbers */
  Pattern caption;       /* "Figuur 3", "Table 2": a caption, not a heading */
  Pattern note;          /* "3 Zie ...", "* Bron: ...": a footnote's marker */
  Pattern field;         /* "Handeling: Het vaststellen ...": a label and its value */
  Pattern number_only;   /* "3.1.1" alone: a heading's number set apart */
  Pattern theorem;       /* "Definition 3", "Beispiel 2": a label in the text */
  Pattern bullet;        /* "• item", "- item" */
  Pattern enumerated;    /* "1. item", "a) item", "(2) item" */
  pcre2_compile_context *context; /* newlines as a GRegex has them */
} Patterns;

static void
pattern_init (Pattern *pt, const char *first, const char *pattern, GRegexCompileFlags flags)
{
  pt->re = NULL;
  pt->md = NULL;
  pt->matched = PCRE2_ERROR_NOMATCH;
  pt->jit = FALSE;
  pt->pattern = pattern;
  pt->flags = flags;
  memset (pt->first, 0, sizeof pt->first);
  for (const char *c = first; *c; c++)
    pt->first[(guchar) *c] = TRUE;
  pt->digit = FALSE;
  pt->words = NULL;
  pt->ruled_out = NULL;
}

/* What \s matches among the ASCII (\t \n \v \f \r and space), or a byte
 * of 0x80 or more, which may start a Unicode space. */
static gboolean
may_be_blank (char c)
{
  return (guchar) c >= 0x80 || c == ' ' || (c >= '\t' && c <= '\r');
}

/* Whether @s may start with one of @words, ASCII case aside.  A byte of
 * 0x80 or more may be a caseless match of a letter (U+212A KELVIN SIGN
 * of k, U+017F LONG S of s): a word reaching one may match. */
static gboolean
may_start_with_word (const char *s, const char *const *words)
{
  for (const char *const *w = words; *w; w++)
    {
      gsize i = 0;

      for (; (*w)[i]; i++)
        if ((guchar) s[i] >= 0x80)
          return TRUE;
        else if (ASCII_LOWER (s[i]) != (*w)[i])
          break;
      if ((*w)[i] == '\0')
        return TRUE;
    }
  return FALSE;
}

/* field: "^(\p{Lu}[\p{L}\p{M}'’/()\- ]{0,38}?)\s*:\s+(\S.*)$".  Up to
 * the first colon (no label character, nor \s, is one) every ASCII
 * character is a letter, one of ' / ( ) - or \s; after it, \s. */
static gboolean
field_ruled_out (const char *s)
{
  const char *c = s;

  for (; *c != ':'; c++)
    {
      if (*c == '\0')
        return TRUE;
      if ((guchar) *c >= 0x80)
        return FALSE;
      if (!g_ascii_isalpha (*c) && !may_be_blank (*c) && strchr ("'/()-", *c) == NULL)
        return TRUE;
    }
  return !may_be_blank (c[1]);
}

/* enumerated: "^(\(?\d{1,3}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\))\s+\S".
 * Where the first eight bytes are ASCII, \d is 0-9 and the marker ends
 * within them: each way it can end is tried, and \s must follow. */
static gboolean
enumerated_ruled_out (const char *s)
{
  guint ends[8], n = 0; /* at most one way to end for each start, and the roman one: three */

  for (guint i = 0; i < 8 && s[i]; i++)
    if ((guchar) s[i] >= 0x80)
      return FALSE;
  for (guint p0 = 0; p0 <= (s[0] == '(' ? 1u : 0u); p0++)
    {
      /* \d{1,3}[.)] */
      for (guint k = 1; k <= 3 && g_ascii_isdigit (s[p0 + k - 1]); k++)
        if (s[p0 + k] == '.' || s[p0 + k] == ')')
          ends[n++] = p0 + k + 1;
      /* [a-z][.)] */
      if (s[p0] >= 'a' && s[p0] <= 'z' && (s[p0 + 1] == '.' || s[p0 + 1] == ')'))
        ends[n++] = p0 + 2;
    }
  /* \([ivx]{1,4}\) */
  if (s[0] == '(')
    for (guint k = 1; k <= 4 && s[k] != '\0' && strchr ("ivx", s[k]) != NULL; k++)
      if (s[k + 1] == ')')
        ends[n++] = k + 2;
  for (guint i = 0; i < n; i++)
    if (may_be_blank (s[ends[i]]))
      return FALSE;
  return TRUE;
}

/* number_only: "^(?:\d{1,2}|[A-Z])(?:\.\d{1,3}){0,5}\.?$": ASCII other
 * than 0-9, A-Z and '.' cannot stand in it (a control character may be a
 * newline that $ matches before). */
static gboolean
number_only_ruled_out (const char *s)
{
  for (const char *c = s; *c; c++)
    {
      if ((guchar) *c >= 0x80 || (guchar) *c < 0x20)
        return FALSE;
      if (!g_ascii_isdigit (*c) && !(*c >= 'A' && *c <= 'Z') && *c != '.')
        return TRUE;
    }
  return FALSE;
}

/* roman: "^([IVXLC]{1,6})\.\s+\S": the run of those letters, then a dot
 * and \s. */
static gboolean
roman_ruled_out (const char *s)
{
  guint n = 0;

  while (s[n] != '\0' && strchr ("IVXLC", s[n]) != NULL)
    n++;
  return n < 1 || n > 6 || s[n] != '.' || !may_be_blank (s[n + 1]);
}

/* bullet: an ASCII marker ("*", "-", "o") and \s. */
static gboolean
bullet_ruled_out (const char *s)
{
  return (guchar) s[0] < 0x80 && !may_be_blank (s[1]);
}

/* The words the caseless patterns start with, as necessary prefixes. */
static const char *const caption_words[] = { "fig", "tab", "abbildung", "afbeelding", "grafiek", "bild",
                                             "exhibit", "chart", "diagram", "listing", "schema", "kaart",
                                             "foto", "photo", "example", "[", NULL };
static const char *const theorem_words[] = { "definition", "definitie", "beispiel", "bemerkung", "satz",
                                             "lemma", "theorem", "stelling", "proof", "beweis", "korollar",
                                             "corollary", "proposition", "propositie", "example", "remark",
                                             "opmerking", "voorbeeld", "exercise", "aufgabe", "opgave",
                                             "exemple", "remarque", "th", "folgerung", "hilfssatz",
                                             "behauptung", "gevolg", "lemme", "corollaire", NULL };
static const char *const keyword_words[] = { "hoofdstuk", "chapter", "kapitel", "chapitre", "bijlage",
                                             "appendix", "annex", "anhang", "deel", "part", "teil",
                                             "artikel", "article", "art.", "section", "paragraaf",
                                             "afdeling", "titel", NULL };

static void
patterns_init (Patterns *p)
{
  pattern_init (&p->numbered, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "^((?:\\d{1,2}|[A-Z])(?:\\.\\d{1,3}){1,5}|\\d{1,2})\\.?\\s+(?=\\S)", G_REGEX_OPTIMIZE);
  /* A version is not a section: "Version 4.2.2", "Release 1.0.4". */
  pattern_init (&p->labelled, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "^(?!(?:Version|Versie|Release|Revision|Revisie|Rev|Edition|Editie|Ausgabe|Stand)\\b)"
                             "\\p{Lu}\\p{Ll}+\\s+(\\d{1,2}(?:\\.\\d{1,3}){1,5})\\b", G_REGEX_OPTIMIZE);
  pattern_init (&p->labelled_one, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "^(?!(?:Version|Versie|Release|Revision|Revisie|Rev|Edition|Editie|Ausgabe|Stand)\\b)"
                                 "\\p{Lu}\\p{Ll}+\\s+(\\d{1,2})(?=:|\\s+\\p{Lu}|$)", G_REGEX_OPTIMIZE);
  /* "Example 3-9" as IBM's manuals number listings (not "Example 3", a
   * theorem-like label); "[표 1]", "[그림 2]": table and figure in Korean. */
  pattern_init (&p->caption, "ftagbecdlskpFTAGBECDLSKP[", "^((?:figure|figuur|fig\\.|table|tabel|tableau|abbildung|afbeelding|grafiek|bild|"
                            "exhibit|chart|diagram|listing|schema|kaart|foto|photo)\\s*\\d+(?:[.-]\\d+)*"
                            "|example\\s+\\d+-\\d+|\\[(?:표|그림)\\s*\\d+(?:[.-]\\d+)*\\])",
                            G_REGEX_OPTIMIZE | G_REGEX_CASELESS);
  pattern_init (&p->note, "0123456789*", "^(\\d{1,3}|[*†‡§])(?:[.)]\\s*|\\s+|(?=\\p{Lu}))\\S", G_REGEX_OPTIMIZE);
  pattern_init (&p->field, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "^(\\p{Lu}[\\p{L}\\p{M}'’/()\\- ]{0,38}?)\\s*:\\s+(\\S.*)$", G_REGEX_OPTIMIZE);
  pattern_init (&p->theorem, "dbsltpkcerovafhgDBSLTPKCEROVAFHG", "^(?:definition|definitie|beispiel|bemerkung|satz|lemma|theorem|stelling|proof|"
                            "beweis|korollar|corollary|proposition|propositie|example|remark|opmerking|"
                            "voorbeeld|exercise|aufgabe|opgave|exemple|remarque|th[ée]or[èe]me|folgerung|"
                            "hilfssatz|behauptung|gevolg|lemme|corollaire)(?:\\s+\\d|\\s*:|\\s*$)",
                            G_REGEX_OPTIMIZE | G_REGEX_CASELESS);
  pattern_init (&p->number_only, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "^(?:\\d{1,2}|[A-Z])(?:\\.\\d{1,3}){0,5}\\.?$", G_REGEX_OPTIMIZE);
  pattern_init (&p->keyword, "hckbadptsHCKBADPTS", "^(hoofdstuk|chapter|kapitel|chapitre|b(?:ij|\xc4\xb3)lage|appendix|annex|annexe|anhang|"
                            "deel|part|teil|partie|artikel|article|art\\.|section|paragraaf|afdeling|titel)"
                            "\\s+(\\d{1,3}(?:\\.\\d{1,3})*[a-z]?|[IVXLC]{1,6}|[A-Z])\\b",
                            G_REGEX_OPTIMIZE | G_REGEX_CASELESS);
  pattern_init (&p->roman, "IVXLC", "^([IVXLC]{1,6})\\.\\s+\\S", G_REGEX_OPTIMIZE);
  pattern_init (&p->bullet, "*-o", "^([•·●○◦▪■□–—*\\-o✓✔➢➤►▶❖\\x{F000}-\\x{F0FF}])\\s+\\S", G_REGEX_OPTIMIZE);
  /* each of these four needs a digit to match */
  p->numbered.digit = p->labelled.digit = p->labelled_one.digit = p->caption.digit = TRUE;
  pattern_init (&p->enumerated, "(0123456789abcdefghijklmnopqrstuvwxyz", "^(\\(?\\d{1,3}[.)]|\\(?[a-z][.)]|\\([ivx]{1,4}\\))\\s+\\S", G_REGEX_OPTIMIZE);
  p->caption.words = caption_words;
  p->theorem.words = theorem_words;
  p->keyword.words = keyword_words;
  p->field.ruled_out = field_ruled_out;
  p->enumerated.ruled_out = enumerated_ruled_out;
  p->number_only.ruled_out = number_only_ruled_out;
  p->roman.ruled_out = roman_ruled_out;
  p->bullet.ruled_out = bullet_ruled_out;
  /* g_regex_new ()'s: any newline, \R any Unicode one */
  p->context = pcre2_compile_context_create (NULL);
  pcre2_set_newline (p->context, PCRE2_NEWLINE_ANY);
  pcre2_set_bsr (p->context, PCRE2_BSR_UNICODE);
  p->numbered.context = p->keyword.context = p->roman.context = p->labelled.context = p->context;
  p->labelled_one.context = p->caption.context = p->note.context = p->field.context = p->context;
  p->number_only.context = p->theorem.context = p->bullet.context = p->enumerated.context = p->context;
}

static void
pattern_clear (Pattern *pt)
{
  g_clear_pointer (&pt->md, pcre2_match_data_free);
  g_clear_pointer (&pt->re, pcre2_code_free);
}

static void
patterns_clear (Patterns *p)
{
  pattern_clear (&p->numbered);
  pattern_clear (&p->keyword);
  pattern_clear (&p->roman);
  pattern_clear (&p->labelled);
  pattern_clear (&p->labelled_one);
  pattern_clear (&p->caption);
  pattern_clear (&p->note);
  pattern_clear (&p->field);
  pattern_clear (&p->number_only);
  pattern_clear (&p->theorem);
  pattern_clear (&p->bullet);
  pattern_clear (&p->enumerated);
  g_clear_pointer (&p->context, pcre2_compile_context_free);
}

/* Whether @pt matches @s, as g_regex_match () would; its groups then in
 * pattern_fetch () until @pt is matched again. */
static gboolean
pattern_match (const Pattern *pt, const char *s)
{
  Pattern *own = (Pattern *) pt;
  gboolean can = (guchar) *s >= 0x80 || pt->first[(guchar) *s];

  if (can && pt->digit)
    {
      /* \d is any Unicode digit: a byte of 0x80 or more may start one */
      const char *c = s;

      while (*c && !g_ascii_isdigit (*c) && (guchar) *c < 0x80)
        c++;
      can = *c != '\0';
    }
  if (can && pt->words != NULL)
    can = may_start_with_word (s, pt->words);
  if (can && pt->ruled_out != NULL)
    can = !pt->ruled_out (s);
  if (!can)
    return FALSE;
  /* The Patterns are the segment run's own, only handed on as const: the
   * things set past patterns_init () are the compiled expression and its
   * last match.  Compiled as g_regex_new () does (UTF-8, Unicode
   * properties for \d, \s, \w, \b; the pattern trusted as UTF-8; for
   * the JIT, G_REGEX_OPTIMIZE: the interpreter costs some thousands of
   * instructions a match, more than a compile for the JIT soon) and
   * matched as g_regex_match () does: by the JIT where it compiled, which
   * takes the text as valid UTF-8 (a line's is), else by pcre2_match (). */
  if (pt->re == NULL)
    {
      int errcode;
      PCRE2_SIZE erroffset;

      own->re = pcre2_compile ((PCRE2_SPTR) pt->pattern, PCRE2_ZERO_TERMINATED,
                               PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK
                                 | (pt->flags & G_REGEX_CASELESS ? PCRE2_CASELESS : 0),
                               &errcode, &erroffset, pt->context);
      g_assert (own->re != NULL);
      own->jit = pcre2_jit_compile (own->re, PCRE2_JIT_COMPLETE) == 0;
      own->md = pcre2_match_data_create_from_pattern (own->re, NULL);
    }
  own->matched = pt->jit ? pcre2_jit_match (pt->re, (PCRE2_SPTR) s, strlen (s), 0, 0, pt->md, NULL)
                         : pcre2_match (pt->re, (PCRE2_SPTR) s, strlen (s), 0, 0, pt->md, NULL);
  return pt->matched >= 0;
}

/* Group @group of @pt's last match (of @s), as g_match_info_fetch ()
 * gives it: NULL past the groups set, "" for one that took no part. */
static char *
pattern_fetch (const Pattern *pt, const char *s, int group)
{
  const PCRE2_SIZE *ov = pcre2_get_ovector_pointer (pt->md);

  if (group >= pt->matched)
    return NULL;
  if (ov[2 * group] == PCRE2_UNSET)
    return g_strdup ("");
  return g_strndup (s + ov[2 * group], ov[2 * group + 1] - ov[2 * group]);
}

static char *
match_group (const Pattern *pt, const char *s, int group)
{
  if (!pattern_match (pt, s))
    return NULL;
  return pattern_fetch (pt, s, group);
}

static gboolean
chapter_word (const char *s)
{
  /* (a PDF may write the Dutch "ij" as one letter: "bĳlage") */
  static const char *const words[] = { "hoofdstuk", "chapter", "kapitel", "chapitre", "bijlage",
                                       "b\xc4\xb3lage", "appendix", "annex", "annexe", "anhang", "deel", "part",
                                       "teil", "partie", "titel" };

  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_ascii_strncasecmp (s, words[i], strlen (words[i])) == 0)
      return TRUE;
  return FALSE;
}

/* What follows a keyword and its number at @text's start (the keyword
 * pattern's groups @kw and @number), or NULL. */
static const char *
keyword_end (const char *text, const char *kw, const char *number)
{
  const char *at = text + strlen (kw);

  while (g_ascii_isspace (*at))
    at++;
  if (number == NULL || strncmp (at, number, strlen (number)) != 0)
    return NULL;
  return at + strlen (number);
}

/* "Artikel 5, eerste lid", "Appendix A, Classes and Methods of": a
 * keyword and its number, then a comma, cite a part (in a reference, a
 * sentence run over lines); a heading goes on with its title, or is set
 * in a type of its own ("Part I, General Provisions"). */
static gboolean
keyword_cited (const char *text, const char *kw, const char *number)
{
  const char *at = keyword_end (text, kw, number);

  if (at == NULL)
    return FALSE;
  while (*at == ' ')
    at++;
  return *at == ',';
}

/* "Chapter 1", "Hoofdstuk 3:": a keyword and its number, and no title. */
static gboolean
bare_keyword (const Patterns *p, const char *text)
{
  g_autofree char *kw = match_group (&p->keyword, text, 1);
  g_autofree char *number = kw ? pattern_fetch (&p->keyword, text, 2) : NULL;
  const char *at = kw ? keyword_end (text, kw, number) : NULL;

  return at != NULL && at[strspn (at, " .:")] == '\0';
}

/* The size most body text is set in, weighted by characters. */
static double
body_size (GArray *items)
{
  g_autoptr (GHashTable) weight = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTableIter iter;
  gpointer key, value;
  guint best = 0;
  int best_size = 0;

  /* the weight of a run of lines in one size (the most of a page, as a
   * rule) goes in when the run ends: the same sizes go in first in the
   * same order, so the table, and the order it hands the ties in, is as
   * it would be with every line put in */
  int run_size = 0;
  guint run = 0;

  for (guint i = 0; i <= items->len; i++)
    {
      int size = i < items->len ? (int) lround (g_array_index (items, Item, i).line->size * 2) : 0;

      if (size <= 0 && i < items->len)
        continue;
      if (size != run_size && run_size > 0)
        {
          guint w = GPOINTER_TO_UINT (g_hash_table_lookup (weight, GINT_TO_POINTER (run_size))) + run;

          g_hash_table_insert (weight, GINT_TO_POINTER (run_size), GUINT_TO_POINTER (w));
          run = 0;
        }
      run_size = size;
      if (i < items->len)
        run += strlen (g_array_index (items, Item, i).text);
    }
  g_hash_table_iter_init (&iter, weight);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > best)
      best = GPOINTER_TO_UINT (value), best_size = GPOINTER_TO_INT (key);
  return best_size / 2.0;
}

static gboolean heads_paragraph (GArray *items, guint i);

/* Letters in @s, up to @enough. */
static guint
letters_in (const char *s, guint enough)
{
  guint n = 0;

  for (const char *c = s; *c && n < enough; c = g_utf8_next_char (c))
    n += g_unichar_isalpha (g_utf8_get_char (c)) ? 1 : 0;
  return n;
}

/* A cell of a table's head row, or a label beside a title: set beside
 * two or more others in the same style on its baseline ("Naam", "Type",
 * "Optioneel/Verplicht"); or beside one, which stands to its left (the
 * second cell, "Omschrijving" after "Scherm"; the label "Letters and
 * Notes" set to the right of the title "Arboreal Fort"), or to its right
 * in the left half of the page and short of its right edge, over no
 * running text ("Scherm" over the table's rows).  A title with a label
 * set flush right or far right beside it, or over its paragraph, is still
 * a title; so is one whose number (or what a font left of it: ". .")
 * stands to its left. */
static gboolean
table_head (GArray *items, guint i)
{
  const Item *it = &g_array_index (items, Item, i);
  const FolioLine *l = it->line;
  guint from = i, beside = 0, left = 0, right = 0;
  double edge = 0, right_x1 = 0, right_x0 = 0;
  FolioBBox box;
  gboolean right_edge;

  if (!l->has_geometry)
    return FALSE;
  while (from > 0 && g_array_index (items, Item, from - 1).page == it->page)
    from--;
  box = folio_line_bbox (l);
  for (guint k = from; k < items->len; k++)
    {
      const Item *o = &g_array_index (items, Item, k);
      const FolioLine *m = o->line;
      FolioBBox mb;

      if (o->page != it->page)
        break;
      if (o->blank || !m->has_geometry)
        continue;
      mb = folio_line_bbox (m);
      edge = MAX (edge, mb.x1);
      if (k == i || m->bold != l->bold || fabs (m->size - l->size) > 0.5)
        continue;
      if (fabs (mb.y0 - box.y0) < 2 && (mb.x0 > box.x1 || mb.x1 < box.x0))
        {
          beside++;
          if (mb.x0 > box.x1)
            right++, right_x1 = MAX (right_x1, mb.x1), right_x0 = mb.x0;
          else if (letters_in (o->text, 1) > 0)
            left++;
        }
    }
  if (beside >= 2 || left > 0)
    return TRUE;
  /* flush right, or in the page's right half: a label ("CBFC28") */
  right_edge = right_x1 >= edge - 6 || (it->page->width > 0 && right_x0 > it->page->width / 2);
  if (right == 0 || right_edge)
    return FALSE;
  /* One beside it, to the right: a title if running text follows. */
  return !heads_paragraph (items, i);
}

/* Whether a sentence ends within @s and another begins: a word's letter,
 * a full stop, a question or exclamation mark, a space and a capital
 * ("... in Method Signatures" is none). */
static gboolean
sentences_within (const char *s)
{
  for (const char *p = s + 1; *p; p++)
    if (strchr (".?!", *p) && g_ascii_isalpha (p[-1]) && p[1] == ' '
        && g_unichar_isupper (g_utf8_get_char (p + 2)))
      return TRUE;
  return FALSE;
}

/* The right edge of the text on @i's page: the rightmost of its items. */
static double
page_right_edge (GArray *items, guint i)
{
  const Item *it = &g_array_index (items, Item, i);
  guint from = i;
  double edge = 0;

  while (from > 0 && g_array_index (items, Item, from - 1).page == it->page)
    from--;
  for (guint k = from; k < items->len && g_array_index (items, Item, k).page == it->page; k++)
    {
      const Item *o = &g_array_index (items, Item, k);

      if (!o->blank && o->line->has_geometry)
        edge = MAX (edge, right_of (o->line));
    }
  return edge;
}

/* A bookmark names what stands at the start of a row, and the row goes
 * on with its title (R's refman.pdf: "body", then "Access to and
 * Manipulation of the Body of a Function" to its right, in italic): the
 * title beside it on the same row is the heading's second line, when it
 * is short.  In the same style, only when it starts with a capital, ends
 * no sentence, and stands in the page's left half, short of its right
 * edge ("unname", then "Remove names or dimnames", poppler giving both
 * one font).  The title, or NULL. */
static Item *
title_beside_of (GArray *items, guint i)
{
  Item *it = &g_array_index (items, Item, i);
  Item *next = i + 1 < items->len ? &g_array_index (items, Item, i + 1) : NULL;
  double size = it->line->size > 0 ? it->line->size : 10;

  if (next == NULL || next->page != it->page || next->blank || next->heading || next->note || next->table
      || !it->line->has_geometry || !next->line->has_geometry)
    return NULL;
  if (fabs ((top_of (next->line) + bottom_of (next->line)) - (top_of (it->line) + bottom_of (it->line))) / 2
          > 0.3 * size
      || left_of (next->line) <= right_of (it->line) || count_words (next->text, 15) > 14)
    return NULL;
  if (g_strcmp0 (it->line->font, next->line->font) == 0 && it->line->bold == next->line->bold
      && it->line->italic == next->line->italic)
    {
      /* in the same style and far right, it is a label set beside titles
       * ("Letters and Notes" flush right of each title of a compendium) */
      if (ends_sentence (next->text) || !g_unichar_isupper (g_utf8_get_char (next->text))
          || (it->page->width > 0 && left_of (next->line) > it->page->width / 2)
          || right_of (next->line) >= page_right_edge (items, i + 1) - 6)
        return NULL;
    }
  /* In a style of its own it may end with a full stop or a question mark
   * ("Describe arrows to add to a line.") or start small ("macOS Quartz
   * Device"), as one sentence, not running text; not a number (a
   * contents entry's page). */
  else if (g_unichar_isdigit (g_utf8_get_char (next->text)) || sentences_within (next->text)
           || (ends_sentence (next->text) && !g_str_has_suffix (next->text, ".")
               && !g_str_has_suffix (next->text, "?")))
    return NULL;
  return next;
}

/* Makes the title beside bookmarked item @i (title_beside_of ()), if it
 * has one, part of its heading at @level. */
static void
title_beside (GArray *items, guint i, guint level)
{
  Item *it = &g_array_index (items, Item, i);
  Item *next = title_beside_of (items, i);
  double size = it->line->size > 0 ? it->line->size : 10;

  if (next == NULL)
    return;
  next->heading = TRUE;
  next->continuation = TRUE;
  next->level = level;
  add_evidence (next, "outline");
  /* A title that fills the row to the right edge goes on under itself,
   * in its type ("... Functional Programming Lan-", then "guages"). */
  if (i + 2 < items->len)
    {
      Item *after = &g_array_index (items, Item, i + 2);

      if (after->page == it->page && !after->blank && !after->heading && !after->note && !after->table
          && after->line->has_geometry && g_strcmp0 (after->line->font, next->line->font) == 0
          && after->line->bold == next->line->bold && after->line->italic == next->line->italic
          && fabs (left_of (after->line) - left_of (next->line)) < 2
          && top_of (after->line) > top_of (next->line)
          && top_of (after->line) - bottom_of (next->line) < 0.6 * size
          && right_of (next->line) >= page_right_edge (items, i + 1) - 2 * size
          && count_words (next->text, 15) + count_words (after->text, 15) <= 20)
        {
          after->heading = TRUE;
          after->continuation = TRUE;
          after->level = level;
          add_evidence (after, "outline");
        }
    }
}

/* Each item's text as titles are compared (squash ()), its key, is worked
 * out once, and kept as its hash and length: the keys themselves would be
 * the document's text over again (4 MiB on refman.pdf, with segment's
 * memory at its peak), and what asks for them (the outline's titles, the
 * texts that stand more than once) finds its candidates by the hashes, and
 * makes the keys of those alone to be sure.  Kept here, not in the items,
 * which live on after.  The items' texts are settled before the words are
 * attested, and nothing after changes them, so this may be made beside
 * what comes between (item_keys_make () on a thread). */
typedef struct {
  GArray *items;
  guint64 *hashes;       /* one for each item */
  guint *lengths;        /* of its key, in bytes */
} ItemKeys;

#define KEY_HASH_START G_GUINT64_CONSTANT (14695981039346656037)

/* FNV-1a, 64 bits: @h, as it stood before [@s, @s + @len), hashed on */
static inline guint64
key_hash_on (guint64 h, const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar) s[i]) * G_GUINT64_CONSTANT (1099511628211);
  return h;
}

static gpointer
item_keys_make (gpointer data)
{
  ItemKeys *k = data;
  g_autoptr (GString) key = g_string_new (NULL);

  k->hashes = g_new (guint64, k->items->len + 1);
  k->lengths = g_new (guint, k->items->len + 1);
  for (guint i = 0; i < k->items->len; i++)
    {
      squash_into (key, g_array_index (k->items, Item, i).text);
      k->hashes[i] = key_hash_on (KEY_HASH_START, key->str, key->len);
      k->lengths[i] = (guint) key->len;
    }
  return NULL;
}

static void
item_keys_clear (ItemKeys *k)
{
  g_clear_pointer (&k->hashes, g_free);
  g_clear_pointer (&k->lengths, g_free);
}

/* Whether item @i's key is [@want, @want + @len) (@key: room to make it). */
static gboolean
key_is (GArray *items, guint i, const char *want, gsize len, GString *key)
{
  squash_into (key, g_array_index (items, Item, i).text);
  return key->len == len && memcmp (key->str, want, len) == 0;
}

/* Bookmarks name headings: find each on its target page (or the next). */
static void
match_outline (const FolioDocument *doc, GArray *items, const ItemKeys *keys)
{
  /* Where each page's lines start: a bookmark looks at its page and the
   * next only, not at the whole document. */
  g_autoptr (GHashTable) first = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GString) key = g_string_new (NULL);
  g_autofree guint64 *prefix = NULL; /* the hash of a title's first n bytes, for each n */

  /* (the first of each run of a page's lines is all that can be its
   * first: not every line put in) */
  for (guint i = items->len; i-- > 0;)
    if (i == 0 || g_array_index (items, Item, i - 1).page != g_array_index (items, Item, i).page)
      g_hash_table_insert (first, GUINT_TO_POINTER (g_array_index (items, Item, i).page->index),
                           GUINT_TO_POINTER (i + 1));
  for (guint k = 0; k < doc->outline->len; k++)
    {
      const FolioOutlineEntry *e = g_ptr_array_index (doc->outline, k);
      g_autofree char *want = squash (e->title);
      gsize wlen = strlen (want);
      guint start = GPOINTER_TO_UINT (g_hash_table_lookup (first, GUINT_TO_POINTER (e->page)));

      if (start == 0)
        start = GPOINTER_TO_UINT (g_hash_table_lookup (first, GUINT_TO_POINTER (e->page + 1)));
      if (e->page == 0 || wlen < 2 || start == 0)
        continue;
      prefix = g_renew (guint64, prefix, wlen + 1);
      prefix[0] = KEY_HASH_START;
      for (gsize n = 0; n < wlen; n++)
        prefix[n + 1] = key_hash_on (prefix[n], want + n, 1);
      guint best = G_MAXUINT, best_page = 0;
      int best_score = -1;
      gboolean best_two = FALSE;

      for (guint i = start - 1; i < items->len; i++)
        {
          Item *it = &g_array_index (items, Item, i);
          gsize len = keys->lengths[i];
          gboolean hit = FALSE, two = FALSE;
          int score;

          if (it->page->index > e->page + 1 || (best != G_MAXUINT && it->page->index > best_page))
            break;
          if (it->blank || it->page->index < e->page)
            continue;
          /* (a hash that agrees is made sure of with the key itself) */
          if (len == wlen && keys->hashes[i] == prefix[wlen] && key_is (items, i, want, wlen, key))
            hit = TRUE;
          /* A title over two lines: this line's key, then the next's. */
          else if (len > 0 && len < wlen && keys->hashes[i] == prefix[len] && i + 1 < items->len
                   && keys->lengths[i + 1] == wlen - len
                   && keys->hashes[i + 1] == key_hash_on (KEY_HASH_START, want + len, wlen - len)
                   && key_is (items, i, want, len, key) && key_is (items, i + 1, want + len, wlen - len, key)
                   && g_array_index (items, Item, i + 1).page == it->page)
            hit = two = TRUE;
          if (!hit)
            continue;
          /* The text may stand more than once on the page (a help page's
           * name in the examples of the one before): the line set apart
           * from what goes before it, or with a title beside it, is the
           * heading; of equals, the first. */
          score = (it->gap_before ? 1 : 0) + (!two && title_beside_of (items, i) != NULL ? 2 : 0);
          if (score > best_score)
            {
              best = i;
              best_page = it->page->index;
              best_score = score;
              best_two = two;
            }
        }
      if (best != G_MAXUINT)
        {
          Item *it = &g_array_index (items, Item, best);

          if (best_two)
            {
              Item *next = &g_array_index (items, Item, best + 1);

              next->heading = TRUE;
              next->level = e->level;
              add_evidence (next, "outline");
            }
          it->heading = TRUE;
          it->level = e->level;
          add_evidence (it, "outline");
          title_beside (items, best, e->level);
        }
    }
}

static gboolean
style_differs (const Item *a, const Item *b)
{
  const FolioLine *x = a->line, *y = b->line;

  return !b->blank && b->page == a->page && !a->gap_after
         && (x->bold != y->bold || x->italic != y->italic || fabs (x->size - y->size) > 0.5)
         && (x->bold || x->italic || x->size > y->size);
}

static double
half_points (double size)
{
  return round (size * 2) / 2;
}

/* @text without a trailing page number ("2. The Buchert scheme 4"),
 * squashed; NULL when it has none. */
static char *
squash_unpaged (const char *text)
{
  const char *end = text + strlen (text);
  const char *c = end;

  while (c > text && g_ascii_isdigit (c[-1]))
    c--;
  if (c == end || c == text || c[-1] != ' ')
    return NULL;
  g_autofree char *head = g_strndup (text, c - text);
  return squash (head);
}

static void
drop_heading (GArray *items, guint i)
{
  do
    {
      Item *it = &g_array_index (items, Item, i);

      it->heading = FALSE;
      it->continuation = FALSE;
      it->labelled = FALSE;
      it->level = 0;
      g_clear_pointer (&it->number, g_free);
      if (it->evidence)
        g_string_truncate (it->evidence, 0);
    }
  while (++i < items->len && g_array_index (items, Item, i).continuation);
}

/* A contents list the page-number test missed (numbers in a column of
 * their own, or none): a page of short lines, at least half of them
 * headings or ending in a number, where three or more headings, at least
 * half of its own, come again as headings on later pages.  Those are
 * entries, not headings. */
static void
drop_contents_entries (GArray *items)
{
  g_autoptr (GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char **keys = g_new0 (char *, items->len + 1);
  g_autofree char **unpaged = g_new0 (char *, items->len + 1);
  guint start = 0;

  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);

      if (!it->heading || it->continuation)
        continue;
      keys[i] = squash (it->text);
      unpaged[i] = squash_unpaged (it->text);
      g_hash_table_insert (last, g_strdup (keys[i]), GUINT_TO_POINTER (it->page->index));
      /* "1 Management Summary" stands in the contents as "Management Summary" */
      if (it->number != NULL && g_ascii_isdigit (keys[i][0]))
        {
          const char *rest = keys[i];

          while (g_ascii_isdigit (*rest))
            rest++;
          if (strlen (rest) >= 4)
            g_hash_table_insert (last, g_strdup (rest), GUINT_TO_POINTER (it->page->index));
        }
    }
  for (guint i = 0; i <= items->len; i++)
    {
      guint headings = 0, ahead = 0, lines = 0, listed = 0;

      if (i < items->len && g_array_index (items, Item, i).page == g_array_index (items, Item, start).page)
        continue;
      /* items start..i-1 are one page */
      for (int pass = 0; pass < 2; pass++)
        for (guint k = start; k < i; k++)
          {
            Item *it = &g_array_index (items, Item, k);
            guint page;
            gboolean again;

            if (pass == 0 && !it->blank)
              {
                lines++;
                listed += it->heading || g_ascii_isdigit (it->text[strlen (it->text) - 1])
                                  || contents_entry (it->text)
                              ? 1
                              : 0;
              }
            if (keys[k] == NULL || !it->heading || (it->evidence && strstr (it->evidence->str, "outline")))
              continue;
            page = it->page->index;
            again = GPOINTER_TO_UINT (g_hash_table_lookup (last, keys[k])) > page
                    || (unpaged[k] && GPOINTER_TO_UINT (g_hash_table_lookup (last, unpaged[k])) > page);
            if (pass == 0)
              headings++, ahead += again ? 1 : 0;
            else if (again && ahead >= 3 && ahead * 2 >= headings && listed * 2 >= lines)
              drop_heading (items, k);
          }
      start = i;
    }
  for (guint i = 0; i < items->len; i++)
    {
      g_free (keys[i]);
      g_free (unpaged[i]);
    }
}

/* Front matter with a heading of its own, wherever it stands. */
static gboolean
front_matter (const char *text)
{
  static const char *const words[] = { "abstract", "samenvatting", "summary", "zusammenfassung", "résumé",
                                       "contents", "inhoud", "inhoudsopgave", "inhaltsverzeichnis",
                                       "table of contents", "introduction", "inleiding", "einleitung",
                                       "preface", "voorwoord", "vorwort", "foreword", "avant-propos" };
  g_autofree char *lower = g_utf8_strdown (text, -1);

  g_strstrip (lower);
  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (strcmp (lower, words[i]) == 0)
      return TRUE;
  return FALSE;
}

/* A title page names the document once, in its largest type; the lines
 * around it (authors, publisher, "R Core Team") are not sections.  What
 * is numbered, or starts the body ("Abstract"), still is. */
static void
drop_title_page_lines (GArray *items, const FolioPage *title_page)
{
  double largest = 0;

  if (title_page == NULL)
    return;
  for (guint i = 0; i < items->len && g_array_index (items, Item, i).page == title_page; i++)
    {
      Item *it = &g_array_index (items, Item, i);

      if (it->heading && it->number != NULL)
        break;
      if (it->heading && !it->continuation)
        largest = MAX (largest, it->line->size);
    }
  for (guint i = 0; i < items->len && g_array_index (items, Item, i).page == title_page; i++)
    {
      Item *it = &g_array_index (items, Item, i);

      if (it->heading && it->number != NULL)
        break;
      if (it->heading && !it->continuation && it->line->size < largest - 0.5 && !front_matter (it->text)
          && !(it->evidence && strstr (it->evidence->str, "outline")))
        drop_heading (items, i);
    }
}

/* How a heading is set, for ranking: type size first, then weight, then
 * capitals.  A larger rank is a higher heading. */
static int
style_rank (const Item *it)
{
  return (int) (half_points (it->line->size) * 2) * 4 + (it->line->bold ? 2 : 0)
         + (all_capitals (it->text) ? 1 : 0);
}

/* "Principe 1" > "Richtlijn 1.1" > "Succescriterium 1.1.1": labelled
 * numbers count from the plain-numbered section they stand in ("4.1 WCAG
 * 2.1"), not from the top. */
static void
place_labelled (GArray *items)
{
  guint base = 0;

  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);

      if (!it->heading || it->continuation || it->level == 0)
        continue;
      if (it->labelled)
        it->level = MIN (it->level + base, 6);
      else if (it->number != NULL)
        base = it->level;
    }
}

/* Levels for headings that numbering did not place.  Where numbered
 * headings share their type size, the level those have.  Otherwise from
 * the headings before it: the nearest one set at least as prominently is
 * a sibling (same style) or the parent (more prominent), so "CREATURES"
 * over "Abomination" nests wherever a part has that layer and not where it
 * has not.  A title page's display type is no one's parent. */
static void
assign_levels (GArray *items, gboolean pdf, const FolioPage *title_page)
{
  g_autoptr (GHashTable) numbered = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = g_new0 (gint64, items->len + 1);
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree int *ranks = g_new0 (int, items->len + 1);

  /* size (in half points) -> the level of the first numbered heading in
   * it, where numbered headings are at least a quarter of that size's: a
   * stray "Section 1" among hundreds of titles places none of them. */
  g_autoptr (GHashTable) all = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GHashTable) with_number = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);

      keys[i] = (gint64) (half_points (it->line->size) * 2);
      if (!it->heading || it->continuation)
        continue;
      g_hash_table_insert (all, &keys[i], GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (all, &keys[i])) + 1));
      if (it->number != NULL)
        g_hash_table_insert (with_number, &keys[i],
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (with_number, &keys[i])) + 1));
      if (it->level > 0 && it->number != NULL && !g_hash_table_contains (numbered, &keys[i]))
        g_hash_table_insert (numbered, &keys[i], GUINT_TO_POINTER (it->level));
    }
  /* size by size, not item by item: what is dropped is the same */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, all);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (GPOINTER_TO_UINT (g_hash_table_lookup (with_number, key)) * 4 < GPOINTER_TO_UINT (value))
        g_hash_table_remove (numbered, key);
  }
  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      gpointer level;

      if (!it->heading || it->continuation)
        continue;
      if (it->level == 0)
        {
          level = g_hash_table_lookup (numbered, &keys[i]);
          if (level != NULL)
            it->level = GPOINTER_TO_UINT (level);
          else if (!pdf || it->page == title_page)
            it->level = 1;
        }
      if (!pdf || it->page == title_page)
        continue;
      /* The stack holds the headings that can still be a parent, in
       * falling rank; what is below this one's rank is closed. */
      ranks[i] = style_rank (it);
      while (stack->len > 0 && ranks[g_array_index (stack, guint, stack->len - 1)] < ranks[i])
        g_array_set_size (stack, stack->len - 1);
      if (it->level == 0)
        {
          const Item *above = NULL;
          guint k;

          if (stack->len > 0)
            {
              k = g_array_index (stack, guint, stack->len - 1);
              above = &g_array_index (items, Item, k);
              it->level = ranks[k] == ranks[i] ? above->level : MIN (above->level + 1, 6);
            }
          else
            it->level = 1;
        }
      g_array_append_val (stack, i);
    }
}

/* The first number of a heading's numbering, 0 when it is not plain
 * digits ("5.2.6" -> 5, "B.1" -> 0); @depth gets how many parts it has. */
static guint
first_number (const char *number, guint *depth)
{
  guint n = 0;

  *depth = 1;
  if (number == NULL || !g_ascii_isdigit (number[0]))
    return 0;
  for (const char *c = number; g_ascii_isdigit (*c); c++)
    n = n * 10 + (guint) (*c - '0');
  for (const char *c = number; *c; c++)
    *depth += *c == '.' && g_ascii_isdigit (c[1]);
  return n;
}

/* "1. Mutatiesoort 'T' ..." in chapter 5, set smaller than the chapters:
 * an enumeration inside a section, not chapter 1 again.  A one-part
 * number that goes back (or runs ahead of the numbers that follow it)
 * is not a chapter when it is set less prominently than the chapter
 * heading before it. */
static void
drop_stray_numbers (GArray *items)
{
  guint chapter = 0;
  int chapter_rank = -1;

  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      guint depth, n, next = 0, next_chapter = 0;

      if (!it->heading || it->continuation || it->number == NULL || it->labelled
          || (it->evidence && strstr (it->evidence->str, "outline")))
        continue;
      n = first_number (it->number, &depth);
      if (n == 0)
        {
          chapter = 0; /* "Bijlage A", "Part II": numbers start again */
          chapter_rank = style_rank (it);
          continue;
        }
      if (depth > 1)
        {
          chapter = n;
          continue;
        }
      for (guint k = i + 1; k < items->len && (next == 0 || next_chapter == 0); k++)
        {
          const Item *after = &g_array_index (items, Item, k);
          guint d, m;

          if (!after->heading || after->continuation || after->number == NULL || after->labelled)
            continue;
          m = first_number (after->number, &d);
          if (next == 0)
            next = m;
          if (m == 0)
            break; /* numbers start again */
          if (d == 1 && chapter_rank >= 0 && style_rank (after) >= chapter_rank)
            next_chapter = m;
        }
      /* ... or that a later chapter, set as the chapters are, numbers
       * again ("6. Mutatiesoort 'W'" in 5, then "6. Vraag- en
       * antwoordberichten"). */
      if (chapter_rank >= 0 && style_rank (it) < chapter_rank
          && ((chapter > 0 && n <= chapter) || (next > 0 && next < n)
              || (next_chapter > 0 && next_chapter <= n)))
        {
          drop_heading (items, i);
          continue;
        }
      chapter = n;
      chapter_rank = style_rank (it);
    }
}

/* Ends in a word that cannot end a title: "Einführung in die". */
static gboolean
ends_open (const char *s)
{
  static const char *const words[] = { "a", "an", "and", "of", "the", "to", "for", "in", "on", "with",
                                       "de", "het", "een", "en", "van", "voor", "op", "met", "over",
                                       "der", "die", "das", "den", "dem", "des", "und", "von", "zu", "zur",
                                       "zum", "für", "im", "la", "le", "les", "du", "et", "à", "pour" };
  const char *last = strrchr (s, ' ');

  if (last == NULL)
    return FALSE;
  last++;
  for (gsize k = 0; k < G_N_ELEMENTS (words); k++)
    if (strcmp (last, words[k]) == 0)
      return TRUE;
  return FALSE;
}

/* The second line of a heading set over two: right below it on its page
 * without a gap (or with one, when the first ends in "in die": display
 * type is set with wide leading), in the same weight, slant and size, in
 * a few words, not numbered itself.  ("... van de Afdeling advisering
 * van" over "de Raad van State ...": it may start in lower case.) */
static gboolean
heading_goes_on (GArray *items, guint i, const Patterns *p)
{
  const Item *it = &g_array_index (items, Item, i);
  const Item *prev;

  if (i == 0)
    return FALSE;
  prev = &g_array_index (items, Item, i - 1);
  return prev->heading && prev->page == it->page
         && ((!it->gap_before && !prev->gap_after)
             || (ends_open (prev->text) && top_of (it->line) - bottom_of (prev->line) < 1.2 * it->line->size))
         && top_of (it->line) > top_of (prev->line) + 2 /* below it, not beside it */
         && prev->line->bold == it->line->bold && prev->line->italic == it->line->italic
         && fabs (prev->line->size - it->line->size) < 0.5 && count_words (it->text, 9) <= 8
         && !pattern_match (&p->numbered, it->text);
}

/* A line poppler joined from cells set apart by wide gaps ("Waarde
 * Betekenis", "Name Function Date Version"): a table's row, not a title.
 * A section number set apart from its title ("3.1      Scope") is no
 * such row. */
static gboolean
gapped_row (const FolioLine *l, const Patterns *p)
{
  const FolioSegment *first;
  g_autofree char *head = NULL;

  if (l->n_segments < 2)
    return FALSE;
  if (l->n_segments > 2)
    return TRUE;
  first = &folio_line_segments (l)[0];
  head = g_utf8_substring (folio_line_text (l), first->start, first->end);
  g_strstrip (head);
  for (const char *c = head; *c; c = g_utf8_next_char (c))
    if (g_unichar_isalpha (g_utf8_get_char (c)))
      return !pattern_match (&p->number_only, head) && !pattern_match (&p->keyword, head)
             && !pattern_match (&p->roman, head);
  return FALSE; /* "4.1", or its dots where a font lost the digits */
}

/* Whether the line after @i on its page starts a paragraph: it is as wide
 * as the page's widest lines (a full line of running text), and longer
 * than a label. */
static gboolean
heads_paragraph (GArray *items, guint i)
{
  const Item *it = &g_array_index (items, Item, i);
  const Item *next;
  double widest = 0;
  guint j = i + 1;

  /* past a label beside it on its row ("Notes") */
  while (j < items->len && g_array_index (items, Item, j).page == it->page
         && fabs (top_of (g_array_index (items, Item, j).line) - top_of (it->line)) < 2)
    j++;
  if (j >= items->len)
    return FALSE;
  next = &g_array_index (items, Item, j);
  if (next->page != it->page || !next->line->has_geometry || count_words (next->text, 8) < 8)
    return FALSE;
  for (guint k = i; k-- > 0 && g_array_index (items, Item, k).page == it->page;)
    widest = MAX (widest, width_of (g_array_index (items, Item, k).line));
  for (guint k = i + 1; k < items->len && g_array_index (items, Item, k).page == it->page; k++)
    widest = MAX (widest, width_of (g_array_index (items, Item, k).line));
  return width_of (next->line) >= 0.8 * widest;
}

/* Whether items @a and @b, their keys hashed alike, have the same key:
 * the same text (most often), or texts that squash () alike. */
static gboolean
same_key (GArray *items, guint a, guint b, GString *ka, GString *kb)
{
  const char *ta = g_array_index (items, Item, a).text, *tb = g_array_index (items, Item, b).text;

  if (strcmp (ta, tb) == 0)
    return TRUE;
  squash_into (ka, ta);
  squash_into (kb, tb);
  return ka->len == kb->len && memcmp (ka->str, kb->str, ka->len) == 0;
}

/* How often each item's key stands among the items: each gets a group
 * (@slot, numbered as the keys first stand), @count says how many items
 * each group has.  Blank items are in none. */
static void
count_keys (GArray *items, const ItemKeys *keys, guint *slot, guint *count)
{
  typedef struct {
    guint32 tag;         /* the hash's high half */
    guint item;          /* the first item with the key (its group is its slot),
                          * + 1; 0: a free slot */
  } Seen;                /* 8 bytes */
  g_autoptr (GString) ka = g_string_new (NULL);
  g_autoptr (GString) kb = g_string_new (NULL);
  g_autofree Seen *table = NULL;
  guint bits = 8, groups = 0;
  gsize mask;

  /* sized once, at most three quarters full: a free slot ends every probe */
  while (((gsize) 1 << bits) / 4 * 3 < items->len)
    bits++;
  mask = ((gsize) 1 << bits) - 1;
  table = g_new0 (Seen, mask + 1);
  for (guint i = 0; i < items->len; i++)
    {
      guint64 h = keys->hashes[i];

      if (g_array_index (items, Item, i).blank)
        continue;
      /* the slot from the hash's mixed high bits: FNV's low ones are weak */
      for (gsize k = (gsize) ((h * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> (64 - bits));; k = (k + 1) & mask)
        {
          Seen *s = &table[k];

          if (s->item == 0)
            {
              *s = (Seen) { (guint32) (h >> 32), i + 1 };
              slot[i] = groups++;
              break;
            }
          if (s->tag == (guint32) (h >> 32) && keys->hashes[s->item - 1] == h
              && keys->lengths[s->item - 1] == keys->lengths[i] && same_key (items, s->item - 1, i, ka, kb))
            {
              slot[i] = slot[s->item - 1];
              break;
            }
        }
      count[slot[i]]++;
    }
}

static void
find_headings (const FolioDocument *doc, GArray *items, const ItemKeys *item_keys, const Patterns *p,
               gboolean use_outline, double body)
{
  gboolean pdf = doc->media_type == FOLIO_MEDIA_PDF;

  if (use_outline && pdf)
    match_outline (doc, items, item_keys);
  /* A bookmarked heading still carries its printed number. */
  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);

      if (it->heading && it->number == NULL && !it->continuation)
        {
          it->number = match_group (&p->numbered, it->text, 1);
          if (it->number == NULL)
            it->number = match_group (&p->keyword, it->text, 2);
          if (it->number)
            g_strchomp (it->number);
        }
    }

  /* How often each text stands in the body: a heading is said once
   * (twice, with a contents list), not on every other page like a label in
   * a diagram or a table. */
  g_autofree guint *count = g_new0 (guint, items->len + 1); /* how often each text stands */
  g_autofree guint *slot = g_new0 (guint, items->len + 1);  /* each item's text's slot */
  FolioPage *toc_page = NULL;
  /* A title page's display type does not rank the document's own
   * headings: "1 Introduction" is a top level, under no title. */
  FolioPage *title_page = doc->pages->len >= 3 ? g_ptr_array_index (doc->pages, 0) : NULL;
  gboolean on_toc = FALSE;
  gboolean labels = FALSE; /* the document numbers after labels: "Richtlijn 1.1" */

  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);

      if (!it->blank && !labels && pattern_match (&p->labelled, it->text)
          && !pattern_match (&p->caption, it->text))
        labels = TRUE;
    }
  count_keys (items, item_keys, slot, count);

  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      const FolioLine *l = it->line;
      guint words;
      gboolean shortline;
      gboolean bigger = pdf && body > 0 && l->size >= body * 1.15;
      gboolean larger = pdf && body > 0 && l->size >= body * 1.08;
      gboolean bold = pdf && l->bold && !(body > 0 && l->size < body * 0.95);
      gboolean italic = pdf && l->italic;
      gboolean caps;
      guint letters = 0;
      gunichar first = g_utf8_get_char (it->text);
      g_autofree char *number = NULL;
      g_autofree char *kw = NULL;
      gboolean labelled = FALSE;
      gboolean goes_on;

      if (it->page != toc_page)
        {
          toc_page = it->page;
          on_toc = contents_page (items, i, it->page);
        }
      if (it->blank || it->heading || it->note || it->table)
        continue;
      /* (a long line is no heading: the rest, all free of side effects,
       * is not worked out for it) */
      words = count_words (it->text, 15); /* all the tests below ask is up to 14 */
      shortline = words <= 14 && strlen (it->text) <= 120 && !ends_with_punct (it->text);
      if (!shortline)
        continue;
      caps = all_capitals (it->text) && words <= 8 && (words >= 2 || (it->gap_before && it->gap_after));
      /* counted up to 5: no test below tells more apart */
      for (const char *c = it->text; *c && letters < 5; c = g_utf8_next_char (c))
        letters += ((guchar) *c < 0x80 ? g_ascii_isalpha (*c) : g_unichar_isalpha (g_utf8_get_char (c))) ? 1 : 0;
      goes_on = pdf && heading_goes_on (items, i, p);
      /* On a contents page, the entries (ending in their page number) are
       * not headings; a heading starting the body on that page is. */
      if (letters < 2 || !shortline || contents_entry (it->text)
          || (on_toc && (g_ascii_isdigit (it->text[strlen (it->text) - 1]) || entry_goes_on (items, i)))
          || (monospace (l) && !(bigger && pattern_match (&p->numbered, it->text)))
          || (g_unichar_islower (first) && !(goes_on && (l->bold || bigger)))
          || pattern_match (&p->caption, it->text)
          || g_str_has_suffix (it->text, "%") || (caps && strchr (it->text, '_') != NULL)
          || pattern_match (&p->bullet, it->text) || has_control (it->text)
          || pattern_match (&p->theorem, it->text) || not_a_title (it->text)
          || (pdf && !bigger && gapped_row (l, p)) || (pdf && entries_in_style (items, i) && !heads_paragraph (items, i)))
        continue;
      /* Said three times or more: a label, unless set large and apart
       * like the "CREATURES" of each part of a compendium, or in bold over
       * a paragraph like its "Genlock" in each part. */
      if (count[slot[i]] >= 3
          && !(bigger && it->gap_before && it->gap_after)
          && !((bigger || bold) && it->gap_before && pdf && heads_paragraph (items, i)))
        continue;
      /* The second line of a heading set over two. */
      if (goes_on)
        {
          it->heading = TRUE;
          it->continuation = TRUE;
          it->level = g_array_index (items, Item, i - 1).level;
          continue;
        }

      kw = match_group (&p->keyword, it->text, 1);
      number = match_group (&p->numbered, it->text, 1);
      if (number == NULL)
        number = match_group (&p->roman, it->text, 1);
      /* "Succescriterium 1.4.5 (niveau AA) ...": a label and a dotted
       * number, set in type or set apart. */
      /* "11.5 points: she snarfed": a number, then running text; but
       * "6.3.2 macOS", "1.5.4 useDynLib" set large in bold name a thing
       * that is written in lower case. */
      if (number != NULL)
        {
          const char *rest = it->text + strlen (number);
          const char *colon;

          while (*rest && (g_ascii_isspace (*rest) || *rest == '.'))
            rest++;
          colon = strstr (rest, ": ");
          if (g_unichar_islower (g_utf8_get_char (rest))
              && !(pdf && (bigger || (bold && larger)) && words <= 10
                   && !(colon && g_unichar_islower (g_utf8_get_char (colon + 2)))))
            continue;
        }
      if (number == NULL && (bigger || bold || italic || (it->gap_before && it->gap_after)))
        {
          number = match_group (&p->labelled, it->text, 1);
          if (number == NULL && labels)
            number = match_group (&p->labelled_one, it->text, 1);
          labelled = number != NULL;
        }

      if (kw != NULL && !(bigger || bold || caps))
        {
          g_autofree char *n = match_group (&p->keyword, it->text, 2);

          /* set in the body's type, apart or not: a citation */
          if (keyword_cited (it->text, kw, n))
            continue;
        }
      if (kw != NULL && (it->gap_before || bigger || bold || caps) && words <= 12)
        {
          g_autofree char *n = match_group (&p->keyword, it->text, 2);

          it->heading = TRUE;
          it->level = chapter_word (kw) ? 1 : 2;
          it->number = g_steal_pointer (&n);
          add_evidence (it, "numbering");
        }
      else if (number != NULL
               && (larger || bold || italic || (caps && it->gap_before && it->gap_after) || labelled
                   || (!pdf && it->gap_before && it->gap_after)))
        {
          /* "1. Sign here" inside a list is an item, not a section. */
          it->heading = TRUE;
          it->level = 1;
          for (const char *c = number; *c; c++)
            it->level += *c == '.';
          it->number = g_steal_pointer (&number);
          it->labelled = labelled;
          add_evidence (it, "numbering");
        }
      else if (letters < 3 || !mostly_letters (it->text))
        continue; /* "I" over an index, "B(tm2) → Z(tm4)": not a section */
      else if (all_capitals (it->text) && (words == 1 ? letters <= 4 : longest_word (it->text) <= 3))
        continue; /* "NHR", "FAQ", "NPS NNP MAC": acronyms labelling a diagram */
      else if (pdf && table_head (items, i))
        continue;
      else if (bigger && words <= 14)
        it->heading = TRUE;
      else if (larger && it->gap_before && words <= 12)
        it->heading = TRUE;
      else if ((bold || caps) && it->gap_before && words <= 12)
        it->heading = TRUE;
      else if (pdf && it->gap_before && words <= 8 && i + 1 < items->len
               && style_differs (it, &g_array_index (items, Item, i + 1)))
        {
          /* A short line over text in another style: an inline-set head
           * ("Rapport" in italics above its paragraph). */
          it->heading = TRUE;
          add_evidence (it, "style");
        }
      else if (!pdf && it->gap_before && it->gap_after && words <= 10
               && (g_unichar_isupper (g_utf8_get_char (it->text)) || g_ascii_isdigit (it->text[0])))
        it->heading = TRUE;
      else
        continue;

      if (larger)
        add_evidence (it, "font-size");
      if (bold)
        add_evidence (it, "bold");
      if (caps)
        add_evidence (it, "capitals");
      if (it->gap_before && it->gap_after)
        add_evidence (it, "standalone");
      if (it->number != NULL)
        g_strchomp (it->number);
    }

  drop_contents_entries (items);
  drop_stray_numbers (items);
  if (pdf)
    drop_title_page_lines (items, title_page);
  place_labelled (items);
  assign_levels (items, pdf, title_page);
  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);

      if (it->heading && it->level == 0)
        it->level = 1;
    }
}

/* ------------------------------------------------------------ the words */

/* What a byte is to attest_token (): a token's end (NUL, space, tab);
 * one that sends the token to the general case (a byte of 0x80 or more,
 * an "I" where the locale lowercases it to a dotless i); otherwise its
 * lowercase, TOKEN_BYTE set, and TOKEN_PUNCT or TOKEN_OPEN too where it
 * is punctuation the token is stripped of at its end or its start. */
enum { TOKEN_END = 0, TOKEN_OTHER = 1, TOKEN_PUNCT = 0x100, TOKEN_BYTE = 0x200, TOKEN_OPEN = 0x400 };

static void
token_bytes_init (guint16 *bytes, gboolean dotted_i)
{
  for (guint c = 0; c < 256; c++)
    {
      if (c == '\0' || c == ' ' || c == '\t')
        bytes[c] = TOKEN_END;
      else if (c >= 0x80 || (c == 'I' && !dotted_i))
        bytes[c] = TOKEN_OTHER;
      else
        /* the bytes strchr (".,;:!?)]}\"'", c) finds, but the NUL no token holds */
        bytes[c] = TOKEN_BYTE | (guchar) ASCII_LOWER ((char) c) | (strchr (".,;:!?)]}\"'", (int) c) ? TOKEN_PUNCT : 0)
                   | (strchr ("([{\"'", (int) c) ? TOKEN_OPEN : 0);
    }
}

/* Adds the token at @t (up to the next blank or tab, or the line's end)
 * to @words: its punctuation at the ends stripped (byte by byte, as
 * strchr () sees the quotes), lowercased.  A word already there is not
 * added again.  @bytes: token_bytes_init ()'s.  @buf holds at least the
 * rest of the line.  Returns where the token ends. */
static const char *
attest_token (Words *words, GString *buf, const char *t, const guint16 *bytes)
{
  const char *m = t, *e;
  /* (through a local: a store through buf->str may alias buf) */
  char *out = buf->str;
  gsize n = 0, kept = 0;
  guint hash = 5381, kept_hash = 5381;
  guint v;

  /* The token as the plain case strips it, in one pass: lowercased and
   * hashed as it is read, and cut after its last byte that is no closing
   * punctuation.  The bytes stripped are ASCII and none an "I", so the
   * token is plain where what is left is.  ASCII lowercases byte by byte
   * in every locale but for "I" (a Turkic one lowercases it to a dotless
   * i): no need for g_utf8_strdown () where the locale lowercases "I" to
   * "i". */
  while (bytes[(guchar) *m] & TOKEN_OPEN)
    m++;
  for (e = m; (v = bytes[(guchar) *e]) > TOKEN_OTHER; e++)
    {
      out[n++] = (char) v;
      hash = WORDS_HASH_STEP (hash, v);
      if (!(v & TOKEN_PUNCT))
        kept = n, kept_hash = hash;
    }
  if (v == TOKEN_OTHER)
    {
      /* as ever: the stripped bytes become NULs, which g_utf8_strdown ()
       * reads past a lead byte left at the end */
      g_autofree char *copy = NULL;
      gsize len;
      char *lower;

      while (bytes[(guchar) *e] != TOKEN_END)
        e++;
      t = copy = g_strndup (t, e - t);
      while (*t && strchr ("([{\"'«“‘", *t))
        t++;
      len = strlen (t);
      while (len > 0 && strchr (".,;:!?)]}\"'»”’", t[len - 1]))
        ((char *) t)[--len] = '\0';
      if (len < 2 || (*e == '\0' && t[len - 1] == '-'))
        return e;
      lower = g_utf8_strdown (t, -1);
      len = strlen (lower);
      hash = words_hash (lower, len);
      if (words_slot (words, lower, len, hash)->s == NULL)
        words_add (words, lower, len, hash, 0);
      g_free (lower);
      return e;
    }
  n = kept;
  hash = kept_hash;
  if (n < 2 || (*e == '\0' && out[n - 1] == '-'))
    return e;
  if (words_slot (words, out, n, hash)->s == NULL)
    words_add (words, out, n, hash, 0);
  return e;
}

/* Words of the body as printed within lines: what the document attests.
 * Tokens are what g_strsplit_set (text, " \t", -1) would give. */
static void
attested_words (Words *words, GArray *items)
{
  g_autoptr (GString) buf = g_string_new (NULL);
  g_autofree char *lower_i = g_utf8_strdown ("I", -1); /* "i" but in a Turkic locale */
  guint16 bytes[256];

  token_bytes_init (bytes, strcmp (lower_i, "i") == 0);
  words_init (words, TRUE);
  for (guint i = 0; i < items->len; i++)
    {
      const char *t = g_array_index (items, Item, i).text;

      /* room for any token of the line, once for the line */
      g_string_set_size (buf, strlen (t));
      for (;;)
        {
          t = attest_token (words, buf, t, bytes);
          if (*t == '\0')
            break;
          t++;
        }
    }
}

static gboolean
is_conjunction (const char *word)
{
  static const char *const list[] = { "en", "of", "tot", "und", "oder", "bis", "and", "or", "to",
                                      "et", "ou", "noch", "sowie", "als" };

  for (gsize i = 0; i < G_N_ELEMENTS (list); i++)
    if (strcmp (word, list[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Appends @next to @text, resolving a hyphen at the end of @text. */
static void
join_text (GString *text, const char *next, const Words *attested)
{
  gsize len = text->len;

  if (len == 0)
    {
      g_string_append (text, next);
      return;
    }
  /* A soft hyphen at the end is a break by definition. */
  if (len >= 2 && (guchar) text->str[len - 2] == 0xc2 && (guchar) text->str[len - 1] == 0xad)
    {
      g_string_truncate (text, len - 2);
      g_string_append (text, next);
      return;
    }
  if (text->str[len - 1] != '-' || len < 2
      || !g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (text->str + len - 1))))
    {
      g_string_append_c (text, ' ');
      g_string_append (text, next);
      return;
    }

  /* "word-" + "next": is the hyphen part of the word or a line break? */
  {
    g_autofree char *left = NULL, *right = NULL, *first = NULL;
    g_autofree char *hyph = NULL, *joined = NULL;
    const char *start = text->str + len - 1;
    const char *r = next;
    gunichar lc, rc;

    while (start > text->str && !g_ascii_isspace (start[-1]))
      start--;
    left = g_utf8_strdown (start, text->str + len - 1 - start);
    while (*r && !g_ascii_isspace (*r))
      r++;
    first = g_strndup (next, r - next);
    right = g_utf8_strdown (first, -1);
    {
      /* Compare words without trailing punctuation. */
      gsize n = strlen (right);

      while (n > 0 && strchr (".,;:!?)]}\"'»”’", right[n - 1]))
        right[--n] = '\0';
    }
    hyph = g_strconcat (left, "-", right, NULL);
    joined = g_strconcat (left, right, NULL);
    lc = g_utf8_get_char (g_utf8_prev_char (text->str + len - 1));
    rc = g_utf8_get_char (next);

    if (is_conjunction (right))
      /* "vracht- en verzendkosten": a suspended compound. */
      g_string_append_c (text, ' ');
    else if (words_has (attested, hyph))
      ; /* "e-mail" elsewhere: keep the hyphen, no space */
    else if (words_has (attested, joined))
      g_string_truncate (text, len - 1);
    else if (g_unichar_isupper (lc) || g_unichar_isdigit (lc) || g_unichar_isupper (rc)
             || g_unichar_isdigit (rc))
      ; /* "EU-missies", "Noord-Holland", "2-jarig" */
    else
      g_string_truncate (text, len - 1); /* "informa-tie" */
    g_string_append (text, next);
  }
}

/* ---------------------------------------------------------------- blocks */

typedef struct {
  FolioDocument *doc;
  GArray *items;
  const Words *attested;
  FolioBlock *block;     /* the block being filled */
  GString *text;
  const Item *last;      /* its last line */
  double right;          /* rightmost x of its lines */
  GPtrArray *notes;      /* (element-type FolioBlock) footnotes, by Item.note */
  GPtrArray *tables;     /* (element-type FolioBlock) tables, by Item.table */
  GPtrArray *pending;    /* footnotes and tables to place once the open paragraph ends */
  GHashTable *labels;    /* field labels the document repeats (casefolded) */
  GString *explain;      /* (nullable) notes for people: what was left as text */
  FolioField *field;     /* the field a fields block is filling */
  gboolean no_boxes;     /* FolioSegmentOptions.no_boxes: blocks' boxes left empty */
} Builder;

/* Whether valid UTF-8 @s is its own NFC for want of anything NFC could
 * change: every character ASCII, a precomposed Latin letter of U+00C0..
 * U+017F (each its own NFC, none excluded from composition), or in a few
 * blocks of punctuation and symbols (Latin-1's U+00A0..U+00BF,
 * U+2010..U+205E, currency, arrows, mathematical operators, geometric
 * shapes, dingbats such as a report's check marks) and, as GLib has
 * them, of class 0 without a canonical decomposition (U+2204 has one:
 * not inert).  None of these is the second
 * of a canonical composition, so no two of them compose: all pairs of
 * them and ASCII were checked unchanged by g_utf8_normalize (). */
static gboolean
nfc_inert (const char *s)
{
  for (const char *c = s; *c;)
    {
      gunichar u;
      gunichar a, b;

      if ((guchar) *c < 0x80)
        {
          c++;
          continue;
        }
      u = g_utf8_get_char_validated (c, -1);
      if (u == (gunichar) -1 || u == (gunichar) -2)
        return FALSE;
      if (u >= 0x00c0 && u <= 0x017f)
        {
          c = g_utf8_next_char (c);
          continue;
        }
      if (!((u >= 0x00a0 && u <= 0x00bf) || (u >= 0x2010 && u <= 0x205e) || (u >= 0x20a0 && u <= 0x20bf)
            || (u >= 0x2190 && u <= 0x22ff) || (u >= 0x25a0 && u <= 0x25ff) || (u >= 0x2700 && u <= 0x27bf)))
        return FALSE;
      if (g_unichar_combining_class (u) != 0 || g_unichar_decompose (u, &a, &b))
        return FALSE;
      c = g_utf8_next_char (c);
    }
  return TRUE;
}

/* Whether clean_text () gives back @raw as it is; *@ascii whether it is
 * all ASCII, and then *@len its length. */
static gboolean
clean_as_is (const char *raw, gboolean *ascii, gsize *len)
{
  /* where the scan looks closer: the end, a byte of 0x80 or more, and
   * what g_ascii_isspace () takes */
  static const bool look[256] = { ['\0'] = 1, ['\t'] = 1, ['\n'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
                                  [0x80 ... 0xff] = 1 };
  gboolean same = TRUE;
  const char *c = raw;

  /* ASCII whose only blanks are single spaces between words is as it
   * stands (the most of it, and every empty cell).  (Locals: a store
   * through @ascii may alias @raw, kept in memory at every byte.) */
  for (;; c++)
    {
      while (!look[(guchar) *c])
        c++;
      if (*c == '\0' || (guchar) *c >= 0x80)
        break;
      same = same && *c == ' ' && c > raw && c[1] != '\0' && !g_ascii_isspace (c[1]);
    }
  *ascii = *c == '\0';
  *len = c - raw;
  return *ascii && same;
}

/* NFC; soft hyphens left inside words are invisible breaks, dropped; runs
 * of blanks (text input's alignment) one space.  *@len: the result's
 * length. */
static char *
clean_text_len (const char *raw, gsize *len)
{
  gboolean ascii;
  g_autofree char *nfc = NULL;
  const char *from;
  char *clean, *o;

  if (clean_as_is (raw, &ascii, len))
    return g_memdup2 (raw, *len + 1);
  /* Plain ASCII is its own NFC, and so is text whose other characters are
   * only precomposed Latin letters and such punctuation and symbols as
   * quotes, dashes and bullets. */
  if (!ascii && !nfc_inert (raw))
    nfc = g_utf8_normalize (raw, -1, G_NORMALIZE_NFC);
  from = nfc ? nfc : raw;
  /* no character comes out longer than it went in: written in place */
  clean = o = g_malloc (strlen (from) + 1);
  for (const char *c = from; *c; c = g_utf8_next_char (c))
    {
      gunichar u = (guchar) *c < 0x80 ? (gunichar) *c : g_utf8_get_char (c);

      if (u == 0x00ad)
        continue;
      if (u < 0x80 ? g_ascii_isspace (u) : g_unichar_isspace (u))
        {
          if (o > clean && o[-1] != ' ')
            *o++ = ' ';
          continue;
        }
      if (u < 0x80)
        *o++ = (char) u;
      else
        {
          gsize n = g_utf8_next_char (c) - c;

          memcpy (o, c, n);
          o += n;
        }
    }
  if (o > clean && o[-1] == ' ')
    o--;
  *o = '\0';
  *len = o - clean;
  return g_realloc (clean, o - clean + 1);
}

static char *
clean_text (const char *raw)
{
  gsize len;

  return clean_text_len (raw, &len);
}

static void
close_block (Builder *b)
{
  if (b->block == NULL)
    return;
  b->block->text = clean_text (b->text->str);
  if (b->block->type == FOLIO_BLOCK_FIELDS)
    {
      /* One label is a sentence that starts with a word and a colon. */
      if (b->block->fields->len < 2)
        {
          b->block->type = FOLIO_BLOCK_PARAGRAPH;
          g_clear_pointer (&b->block->fields, g_ptr_array_unref);
        }
      else
        for (guint i = 0; i < b->block->fields->len; i++)
          {
            FolioField *f = g_ptr_array_index (b->block->fields, i);
            char *v = clean_text (f->value);

            g_free (f->value);
            f->value = v;
          }
      b->field = NULL;
    }
  g_ptr_array_add (b->doc->blocks, b->block);
  b->block = NULL;
  g_string_truncate (b->text, 0);
  b->last = NULL;
  /* Footnotes and tables met inside the paragraph come after it. */
  for (guint i = 0; i < b->pending->len; i++)
    g_ptr_array_add (b->doc->blocks, g_ptr_array_index (b->pending, i));
  g_ptr_array_set_size (b->pending, 0);
}

static void
open_block (Builder *b, FolioBlockType type, const Item *it)
{
  close_block (b);
  b->field = NULL;
  b->block = folio_block_new (type);
  b->block->first_page = b->block->last_page = it->page->index;
  b->right = 0;
}

/* @it's evidence added to a heading's it joins: "numbering,font-size"
 * and "outline" make "numbering,font-size,outline". */
static void
join_evidence (FolioBlock *heading, const Item *it)
{
  g_auto (GStrv) parts = NULL;
  g_autoptr (GString) all = NULL;

  if (it->evidence == NULL || it->evidence->len == 0)
    return;
  all = g_string_new (heading->evidence);
  parts = g_strsplit (it->evidence->str, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      g_auto (GStrv) have = g_strsplit (all->str, ",", -1);

      if (!g_strv_contains ((const char *const *) have, parts[i]))
        g_string_append_printf (all, "%s%s", all->len ? "," : "", parts[i]);
    }
  g_free (heading->evidence);
  heading->evidence = g_string_free (g_steal_pointer (&all), FALSE);
}

static void
add_line (Builder *b, const Item *it, const char *text)
{
  FolioLine *l = it->line;

  join_text (b->text, text, b->attested);
  b->block->last_page = it->page->index;
  if (l->has_geometry)
    {
      FolioBox box = { it->page->index, folio_line_bbox (l) };

      if (!b->no_boxes)
        folio_block_add_box (b->block, &box);
      b->right = MAX (b->right, right_of (l));
    }
  b->last = it;
}

/* Whether @prev's sentence runs on into @next across a page break: no
 * closing punctuation, and @next is not a heading. */
static gboolean
runs_on (const Item *prev, const Item *next)
{
  return !next->heading && !ends_sentence (prev->text);
}

/* Whether @it starts a new paragraph after @prev, both body text lines. */
static gboolean
breaks_paragraph (const Builder *b, const Item *prev, const Item *it)
{
  const FolioLine *p = prev->line, *l = it->line;
  double size = p->size > 0 ? p->size : 10;

  if (prev->page != it->page)
    /* Across a page: one paragraph while the sentence runs on. */
    return !runs_on (prev, it);
  if (!p->has_geometry || !l->has_geometry)
    return FALSE; /* text input breaks on blank lines only */
  if (fabs (p->size - l->size) > 1.5)
    return TRUE;
  if (top_of (l) < top_of (p) - size)
    /* Back up the page: the next column. */
    return ends_sentence (prev->text);
  if (top_of (l) - bottom_of (p) > 0.6 * size)
    return TRUE;
  if (ends_sentence (prev->text)
      && (left_of (l) > left_of (p) + 1.5 * size || right_of (p) < b->right - 3 * size))
    return TRUE;
  return FALSE;
}

/* A footnote or table, met at its first line: after the open paragraph
 * for a footnote (the paragraph may run on past the page), in place for a
 * table, one with the table it continues from the page before when it
 * keeps its columns (a repeated head row is dropped). */
static void
place_aside (Builder *b, const Item *it)
{
  GPtrArray *from = it->note ? b->notes : b->tables;
  guint n = it->note ? it->note : it->table;
  FolioBlock *block = g_ptr_array_index (from, n - 1);
  FolioBlock *prev;

  if (block == NULL)
    return; /* placed at its first line */
  from->pdata[n - 1] = NULL;
  if (it->note)
    {
      if (b->block != NULL)
        g_ptr_array_add (b->pending, block);
      else
        g_ptr_array_add (b->doc->blocks, block);
      return;
    }
  close_block (b);
  prev = b->doc->blocks->len ? g_ptr_array_index (b->doc->blocks, b->doc->blocks->len - 1) : NULL;
  if (prev != NULL && prev->type == FOLIO_BLOCK_TABLE && prev->last_page + 1 == block->first_page
      && folio_block_row_width (prev, 0) == folio_block_row_width (block, 0))
    {
      guint skip = prev->header_rows > 0 && block->header_rows == prev->header_rows ? block->header_rows : 0;

      /* the head repeated on the new page, row for row */
      for (guint r = 0; r < skip; r++)
        if (!g_strv_equal (g_ptr_array_index (prev->rows, r), g_ptr_array_index (block->rows, r)))
          skip = 0;
      GString *text = g_string_new (prev->text);

      for (guint r = skip; r < block->rows->len; r++)
        {
          char **cells = g_ptr_array_index (block->rows, r);
          g_autofree guint *spans = g_new0 (guint, g_strv_length (cells) + 1);

          /* "\n" and the cells joined by " | " */
          g_string_append_c (text, '\n');
          for (guint k = 0; cells[k]; k++)
            {
              if (k > 0)
                g_string_append_len (text, " | ", 3);
              g_string_append (text, cells[k]);
              spans[k] = folio_block_cell_span (block, r, k);
            }
          /* the row moves to prev: block is freed below */
          block->rows->pdata[r] = NULL;
          folio_block_add_row_spans (prev, cells, spans);
        }
      for (guint k = 0; k < folio_block_n_boxes (block); k++)
        folio_block_add_box (prev, &g_array_index (block->boxes, FolioBox, k));
      prev->last_page = block->last_page;
      g_free (prev->text);
      prev->text = g_string_free (text, FALSE);
      folio_block_free (block);
      return;
    }
  g_ptr_array_add (b->doc->blocks, block);
}

/* "Figuur 3: Aantal meldingen", "Table 2-1 FUNCTION_USAGE view": a label
 * and a title, not a sentence about the figure ("Table 2-2 shows ..."). */
static gboolean
caption_line (const Patterns *p, const char *text)
{
  g_autofree char *label = match_group (&p->caption, text, 1);
  const char *rest;

  if (label == NULL)
    return FALSE;
  rest = text + strlen (label);
  while (g_ascii_isspace (*rest))
    rest++;
  return !g_unichar_islower (g_utf8_get_char (rest));
}

/* A "Label: value" line whose label the document repeats: a field, in
 * the fields block it opens or goes on. */
static gboolean
add_field (Builder *b, const Patterns *p, const Item *it)
{
  g_autofree char *label = NULL;
  g_autofree char *value = NULL;
  g_autofree char *key = NULL;

  if (!pattern_match (&p->field, it->text))
    return FALSE;
  label = pattern_fetch (&p->field, it->text, 1);
  value = pattern_fetch (&p->field, it->text, 2);
  key = g_utf8_casefold (label, -1);
  if (!g_hash_table_contains (b->labels, key))
    return FALSE;
  if (b->block == NULL || b->block->type != FOLIO_BLOCK_FIELDS || it->gap_before)
    open_block (b, FOLIO_BLOCK_FIELDS, it);
  g_strchomp (label);
  folio_block_add_field (b->block, label, value);
  b->field = g_ptr_array_index (b->block->fields, b->block->fields->len - 1);
  add_line (b, it, it->text);
  return TRUE;
}

static void
build_blocks (Builder *b, const Patterns *p)
{
  gboolean pdf = b->doc->media_type == FOLIO_MEDIA_PDF;

  for (guint i = 0; i < b->items->len; i++)
    {
      const Item *it = &g_array_index (b->items, Item, i);
      g_autofree char *marker = NULL;
      const char *text = it->text;

      if (it->blank)
        {
          /* Text input: a blank line ends a paragraph, unless it is the
           * page's margin and the sentence runs on to the next page. */
          if (b->block && b->block->type != FOLIO_BLOCK_HEADING)
            {
              guint j = i + 1;

              while (j < b->items->len && (g_array_index (b->items, Item, j).blank
                                           || g_array_index (b->items, Item, j).note))
                j++;
              /* Blank margins at the foot of one page and the head of the
               * next do not end a sentence that runs on. */
              if (j < b->items->len && g_array_index (b->items, Item, j).page != b->last->page
                  && runs_on (b->last, &g_array_index (b->items, Item, j)))
                continue;
            }
          close_block (b);
          continue;
        }
      if (it->note || it->table)
        {
          place_aside (b, it);
          continue;
        }
      if (it->heading)
        {
          gboolean open = b->block && b->block->type == FOLIO_BLOCK_HEADING && b->last;

          /* "Chapter 1" and its title, the next heading on the page (found
           * by the outline, say, or set apart in a type of its own): one
           * heading, "Chapter 1 The base package". */
          if (open && b->last->heading && b->last->page == it->page && it->number == NULL
              && !it->continuation && bare_keyword (p, b->text->str))
            {
              join_evidence (b->block, it);
              add_line (b, it, text);
              continue;
            }
          /* Consecutive lines of one heading (same level, no gap) join. */
          if (open
              && (it->continuation
                  || (b->last->heading && b->last->level == it->level && b->last->page == it->page
                      && !it->gap_before && it->number == NULL && b->last->evidence && it->evidence
                      && strcmp (b->last->evidence->str, it->evidence->str) == 0)))
            {
              add_line (b, it, text);
              continue;
            }
          open_block (b, FOLIO_BLOCK_HEADING, it);
          b->block->level = it->level;
          b->block->number = g_strdup (it->number);
          b->block->evidence = it->evidence ? g_strdup (it->evidence->str) : NULL;
          add_line (b, it, text);
          continue;
        }
      if (b->labels != NULL && add_field (b, p, it))
        continue;
      if (caption_line (p, text) && (b->block == NULL || it->gap_before || breaks_paragraph (b, b->last, it)))
        {
          open_block (b, FOLIO_BLOCK_CAPTION, it);
          b->block->marker = match_group (&p->caption, text, 1);
          add_line (b, it, text);
          continue;
        }
      marker = match_group (&p->bullet, text, 1);
      if (marker == NULL)
        marker = match_group (&p->enumerated, text, 1);
      if (marker != NULL)
        {
          const char *rest = text + strlen (marker);

          while (g_ascii_isspace (*rest))
            rest++;
          open_block (b, FOLIO_BLOCK_LIST_ITEM, it);
          b->block->marker = g_steal_pointer (&marker);
          add_line (b, it, rest);
          continue;
        }
      if (b->block != NULL && b->block->type != FOLIO_BLOCK_HEADING
          && !breaks_paragraph (b, b->last, it)
          /* a caption goes on only where its line was full */
          && !(b->block->type == FOLIO_BLOCK_CAPTION && g_utf8_strlen (b->last->text, -1) < 60))
        {
          if (b->field != NULL)
            {
              /* A field's value wrapped onto this line. */
              GString *v = g_string_new (b->field->value);

              join_text (v, text, b->attested);
              g_free (b->field->value);
              b->field->value = g_string_free (v, FALSE);
            }
          /* A list item goes on in its wrapped lines; text input wraps
           * them indented. */
          if (b->block->type == FOLIO_BLOCK_LIST_ITEM && !pdf && it->page == b->last->page
              && !g_ascii_isspace (folio_line_text (it->line)[0]))
            ;
          else
            {
              add_line (b, it, text);
              continue;
            }
        }
      open_block (b, FOLIO_BLOCK_PARAGRAPH, it);
      add_line (b, it, text);
    }
  close_block (b);
}

/* ------------------------------------------- footnotes, tables, fields */

/* Whether @text may refer to footnote @marker (not empty) as referenced ()
 * asks: where the marker stands after a digit, a blank or nothing, or a
 * marker of digits before a digit (a number's, "2019" for "1"), neither
 * alternative of its pattern matches, for ASCII other than letters and
 * punctuation is neither \p{L} nor \p{P} nor '['. */
static gboolean
may_reference (const char *text, const char *marker)
{
  gboolean digits = g_ascii_isdigit (marker[0]);
  gsize n = strlen (marker);

  for (const char *at = strstr (text, marker); at; at = strstr (at + 1, marker))
    if (at > text && ((guchar) at[-1] >= 0x80 || g_ascii_isalpha (at[-1]) || g_ascii_ispunct (at[-1]))
        && !(digits && g_ascii_isdigit (at[n])))
      return TRUE;
  return FALSE;
}

/* Whether a body line of @page refers to footnote @marker: "opgenomen.6",
 * "kosten¹", "[3]", "woord*". */
static gboolean
referenced (GArray *items, guint from, const FolioPage *page, const char *marker)
{
  g_autofree char *quoted = g_regex_escape_string (marker, -1);
  g_autofree char *pattern = g_ascii_isdigit (marker[0])
                               ? g_strdup_printf ("(?:[\\p{L}\\p{P}]%s(?!\\d)|\\[%s\\])", quoted, quoted)
                               : g_strdup_printf ("\\p{L}%s", quoted);
  g_autoptr (GRegex) re = NULL;

  /* a match holds the marker as it is: the pattern made only for a line
   * that does */
  for (guint k = from; k < items->len; k++)
    {
      const Item *it = &g_array_index (items, Item, k);

      if (it->page != page)
        break;
      if (it->blank || it->note || !may_reference (it->text, marker))
        continue;
      if (re == NULL && (re = g_regex_new (pattern, 0, 0, NULL)) == NULL)
        return FALSE;
      if (g_regex_match (re, it->text, 0, NULL))
        return TRUE;
    }
  return FALSE;
}

/* Opens a footnote block at @it, its text to be gathered in @text. */
static FolioBlock *
open_note (Builder *b, Item *it, const char *marker, GString *text)
{
  FolioBlock *note = folio_block_new (FOLIO_BLOCK_FOOTNOTE);

  note->marker = g_strdup (marker);
  note->first_page = note->last_page = it->page->index;
  g_ptr_array_add (b->notes, note);
  g_string_truncate (text, 0);
  return note;
}

static void
close_note (FolioBlock *note, GString *text)
{
  if (note != NULL && note->text == NULL)
    note->text = clean_text (text->str);
}

static void
note_line (const Builder *b, FolioBlock *note, Item *it, GString *text, const char *s)
{
  it->note = b->notes->len;
  if (*s)
    join_text (text, s, b->attested);
  if (it->line->has_geometry && !b->no_boxes)
    {
      FolioBox box = { it->page->index, folio_line_bbox (it->line) };

      folio_block_add_box (note, &box);
    }
}

/* Footnotes.  PDF: the lines of a page below all its body-size text, set
 * smaller, the first starting with a marker ("3", "*", "a") that the
 * page's body refers to; each marker starts a note.  Text: the lines after
 * a rule of underscores at a page's foot, the first starting with a
 * marker. */
static void
find_notes (Builder *b, const Patterns *p, double body)
{
  GArray *items = b->items;
  gboolean pdf = b->doc->media_type == FOLIO_MEDIA_PDF;
  g_autoptr (GString) text = g_string_new (NULL);
  guint start = 0;

  for (guint end = 1; end <= items->len; end++)
    {
      const FolioPage *page = g_array_index (items, Item, start).page;
      double bottom = 0;
      guint foot = end, rule = G_MAXUINT, first_note;
      FolioBlock *note = NULL;

      if (end < items->len && g_array_index (items, Item, end).page == page)
        continue;
      /* items start..end-1 are one page: where does its foot begin? */
      if (pdf && body > 0)
        {
          for (guint k = start; k < end; k++)
            {
              const FolioLine *l = g_array_index (items, Item, k).line;

              if (l->has_geometry && l->size >= body - 0.5)
                bottom = MAX (bottom, bottom_of (l));
            }
          for (guint k = start; k < end; k++)
            {
              const Item *it = &g_array_index (items, Item, k);
              const FolioLine *l = it->line;

              if (!it->blank && l->has_geometry && l->size < body - 0.5 && top_of (l) >= bottom - 1)
                {
                  foot = k;
                  break;
                }
            }
          /* the foot runs to the page's end, all of it small type below the body */
          for (guint k = foot; k < end && foot < end; k++)
            {
              const FolioLine *l = g_array_index (items, Item, k).line;

              if (!l->has_geometry || l->size >= body - 0.5 || top_of (l) < bottom - 1)
                foot = end;
            }
        }
      else if (!pdf)
        {
          for (guint k = end; k-- > start;)
            {
              const char *t = g_array_index (items, Item, k).text;

              if (strlen (t) >= 5 && strspn (t, "_") == strlen (t))
                {
                  foot = k + 1;
                  rule = k;
                  break;
                }
            }
          while (foot < end && g_array_index (items, Item, foot).blank)
            foot++;
        }
      first_note = b->notes->len + 1;
      for (guint k = foot; k < end; k++)
        {
          Item *it = &g_array_index (items, Item, k);
          g_autofree char *marker = NULL;
          const char *rest;

          if (it->blank)
            continue;
          marker = match_group (&p->note, it->text, 1);
          /* A marker alone on its line, set tiny beside its note. */
          if (marker == NULL && pdf && strlen (it->text) <= 3 && g_ascii_isdigit (it->text[0])
              && strspn (it->text, "0123456789") == strlen (it->text) && k + 1 < end)
            marker = g_strdup (it->text);
          if (marker != NULL && !referenced (items, start, page, marker))
            {
              if (note == NULL && b->explain)
                g_string_append_printf (b->explain,
                                        "page %u: \"%.40s\" at the foot left as text: nothing in the page's "
                                        "body refers to note %s\n", page->index, it->text, marker);
              g_clear_pointer (&marker, g_free);
            }
          if (marker == NULL && note == NULL)
            break; /* not a footnote area after all */
          if (marker != NULL)
            {
              close_note (note, text);
              rest = it->text + strlen (marker);
              while (*rest == '.' || *rest == ')' || g_ascii_isspace (*rest))
                rest++;
              note = open_note (b, it, marker, text);
              note_line (b, note, it, text, rest);
            }
          else
            note_line (b, note, it, text, it->text);
        }
      close_note (note, text);
      /* The rule above text notes goes with them. */
      if (rule != G_MAXUINT && b->notes->len >= first_note)
        g_array_index (items, Item, rule).note = first_note;
      start = end;
    }
}

/* A cell candidate of a PDF table: a line, or a segment of one that has
 * wide gaps (folio-extract's `segments`: poppler joins a row's cells, and
 * sometimes rows, into one line when they are close). */
typedef struct {
  Item *it;
  FolioBBox bbox;
  char *text;            /* ligatures expanded, trimmed */
  /* text is a copy of its own (else the item's, borrowed, or held just
   * after the cell, where Cells carved it) */
  gboolean own_text;
  guint of;              /* how many cells its line gave */
  guint col, span;       /* its columns in the table being made: cell_columns () */
} Cell;

/* A page's cells, listed in order of their making.  They are many and
 * small, and all go at once with the page: carved from blocks, not each
 * allocated and freed on its own. */
typedef struct {
  Cell **cell;
  guint len, size;
  GPtrArray *blocks;     /* the blocks carved, the last one in use */
  char *at, *end;        /* the last block's free bytes */
} Cells;

#define CELLS_BLOCK 8192
/* items a document needs before a second thread helps segment (the
 * tables, the titles' keys): below, a thread costs more than it saves */
#define HELPER_ITEMS 1000

static void
cells_init (Cells *cells)
{
  *cells = (Cells) { .blocks = g_ptr_array_new_with_free_func (g_free) };
}

static void
cells_clear (Cells *cells)
{
  for (guint k = 0; k < cells->len; k++)
    if (cells->cell[k]->own_text)
      g_free (cells->cell[k]->text);
  g_free (cells->cell);
  g_ptr_array_unref (cells->blocks);
}

/* A new cell, zeroed, with @extra bytes after it (for its text), listed
 * last in @cells. */
static Cell *
cells_add (Cells *cells, gsize extra)
{
  gsize size = (sizeof (Cell) + extra + 7) & ~(gsize) 7;
  Cell *c;

  if (size > (gsize) (cells->end - cells->at))
    {
      gsize block = MAX (size, CELLS_BLOCK);

      cells->at = g_malloc (block);
      cells->end = cells->at + block;
      g_ptr_array_add (cells->blocks, cells->at);
    }
  c = memset (cells->at, 0, sizeof (Cell));
  cells->at += size;
  if (cells->len == cells->size)
    {
      cells->size = MAX (64, 2 * cells->size);
      cells->cell = g_renew (Cell *, cells->cell, cells->size);
    }
  cells->cell[cells->len++] = c;
  return c;
}

static int
compare_y (gconstpointer a, gconstpointer b, G_GNUC_UNUSED gpointer data)
{
  const Cell *x = *(Cell *const *) a, *y = *(Cell *const *) b;

  return x->bbox.y0 < y->bbox.y0 ? -1 : x->bbox.y0 > y->bbox.y0 ? 1
         : x->bbox.x0 < y->bbox.x0 ? -1 : x->bbox.x0 > y->bbox.x0;
}

static int
compare_x (gconstpointer a, gconstpointer b, G_GNUC_UNUSED gpointer data)
{
  const Cell *x = *(Cell *const *) a, *y = *(Cell *const *) b;

  return x->bbox.x0 < y->bbox.x0 ? -1 : x->bbox.x0 > y->bbox.x0;
}

/* Sorts the @n @cells by @compare as a stable sort (GLib's, as
 * g_ptr_array_sort () has it) would.  They are in order but for a few (a
 * line's segments a fraction of a point apart): sorted by insertion, which
 * is stable too, so the order is the same; where that moves many (two
 * columns of text), GLib's sort takes over, the cells moved so far still
 * in their stable order.  (A box has no NaN: see folio_hundredths ().) */
static void
sort_cells (Cell **cells, guint n, GCompareDataFunc compare)
{
  guint moves = 0;

  for (guint i = 1; i < n; i++)
    {
      Cell *c = cells[i];
      guint j = i;

      while (j > 0 && compare (&cells[j - 1], &c, NULL) > 0)
        {
          cells[j] = cells[j - 1];
          j--;
          if (++moves > 4 * n)
            {
              cells[j] = c;
              g_qsort_with_data (cells, n, sizeof *cells, compare, NULL);
              return;
            }
        }
      cells[j] = c;
    }
}

/* A row of table cells: a stretch of its page's cells, which are sorted
 * top to bottom, each row's then left to right. */
typedef struct {
  Cell **cell;
  guint len;
} Row;

#define ROW(rows, r) (&g_array_index ((rows), Row, (r)))

/* Text set on end: a cell much taller than wide. */
static gboolean
upright (const Cell *c)
{
  double size = c->it->line->size > 0 ? c->it->line->size : 10;
  double h = c->bbox.y1 - c->bbox.y0;

  return h > 2 * (c->bbox.x1 - c->bbox.x0) && h > 2 * size;
}

static gboolean
plain_ascii (const char *s)
{
  for (; *s; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* Whether ASCII @s is all a marker of Patterns.enumerated, its group 1
 * (\(?\d{1,3}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\)), without the regex.  Of
 * Patterns.bullet's, only "o" is ASCII and a letter. */
static gboolean
enumerated_ascii (const char *s)
{
  const char *c = s + (*s == '(');
  guint n = 0;

  while (n < 3 && g_ascii_isdigit (c[n]))
    n++;
  if (n > 0 && (c[n] == '.' || c[n] == ')') && c[n + 1] == '\0')
    return TRUE;
  if (*c >= 'a' && *c <= 'z' && (c[1] == '.' || c[1] == ')') && c[2] == '\0')
    return TRUE;
  if (*s != '(')
    return FALSE;
  for (n = 0; n < 4 && (c[n] == 'i' || c[n] == 'v' || c[n] == 'x'); n++)
    ;
  return n > 0 && c[n] == ')' && c[n + 1] == '\0';
}

/* A segment that is only a bullet or a list's number ("•", "򐂰", "2.",
 * "a)"): it belongs with the text after it, not in a column of its own. */
static gboolean
bullet_only (const Patterns *p, const char *s)
{
  g_autofree char *item = NULL;
  g_autofree char *marker = NULL;

  if (*s && *g_utf8_next_char (s) == '\0' && !g_unichar_isalnum (g_utf8_get_char (s)))
    return TRUE;
  /* No marker is longer than "(iii)" or "(123)" (or a bullet's 3 bytes) */
  if (strlen (s) > 6)
    return FALSE;
  if (plain_ascii (s))
    return enumerated_ascii (s) || strcmp (s, "o") == 0;
  item = g_strconcat (s, " x", NULL);
  marker = match_group (&p->enumerated, item, 1);
  if (marker == NULL)
    marker = match_group (&p->bullet, item, 1);
  return marker != NULL && strcmp (marker, s) == 0;
}

/* The cells of @it, appended to @cells. */
/* Whether [@a, @z) holds "\xef\xac" (a ligature's first bytes), as
 * strstr () finds it in a copy: from one 0xef to the next by memchr (). */
static gboolean
has_ligature (const char *a, const char *z)
{
  for (const char *q = memchr (a, 0xef, z - a); q != NULL && q + 1 < z; q = memchr (q + 1, 0xef, z - q - 1))
    if ((guchar) q[1] == 0xac)
      return TRUE;
  return FALSE;
}

static void
add_cells (Cells *cells, Item *it, const Patterns *p)
{
  const FolioSegment *segs = folio_line_segments (it->line);
  guint n_segs = it->line->n_segments;
  guint first = cells->len;
  const char *at = folio_line_text (it->line); /* character at_offset of the line */
  guint at_offset = 0;
  g_autofree char *own = NULL;

  /* an item whose text is not its line's alone (a number joined to it)
   * stays whole: its segments would lose the rest; so does code, which
   * lines up its words with runs of spaces (an item that is not its own
   * text is its line's as it stands) */
  if (n_segs < 2
      || (it->own_text && strcmp (g_strstrip (own = expand_ligatures (folio_line_text (it->line))), it->text) != 0)
      || monospace (it->line))
    {
      Cell *c = cells_add (cells, 0);

      /* the item's text outlives the page's cells */
      *c = (Cell) { it, folio_line_bbox (it->line), it->text, FALSE, 1 };
      return;
    }
  for (guint k = 0; k < n_segs; k++)
    {
      const FolioSegment *s = &segs[k];
      /* from where the last segment ended when it lies ahead: the same
       * characters stepped over, not all from the line's start again */
      const char *a = s->start >= at_offset ? g_utf8_offset_to_pointer (at, s->start - at_offset)
                                            : g_utf8_offset_to_pointer (folio_line_text (it->line), s->start);
      const char *z = s->end >= s->start ? g_utf8_offset_to_pointer (a, s->end - s->start)
                                         : g_utf8_offset_to_pointer (folio_line_text (it->line), s->end);
      Cell *prev = cells->len > first ? cells->cell[cells->len - 1] : NULL;
      Cell *c;

      at = z;
      at_offset = s->end;

      if (k == 1 && bullet_only (p, prev->text) && fabs (prev->bbox.y0 - folio_segment_bbox (s).y0) < 2)
        {
          g_autofree char *raw = g_strndup (a, z - a);
          char *joined = g_strconcat (prev->text, " ", g_strstrip (raw), NULL);
          g_autofree char *expanded = expand_ligatures (joined);

          g_free (joined);
          if (prev->own_text)
            g_free (prev->text);
          prev->text = g_strstrip (g_steal_pointer (&expanded));
          prev->own_text = TRUE;
          prev->bbox.x1 = MAX (prev->bbox.x1, folio_segment_bbox (s).x1);
          prev->bbox.y0 = MIN (prev->bbox.y0, folio_segment_bbox (s).y0);
          prev->bbox.y1 = MAX (prev->bbox.y1, folio_segment_bbox (s).y1);
          continue;
        }
      if (!has_ligature (a, z))
        {
          /* without ligatures, the segment trimmed (as g_strstrip () would)
           * is the cell's text, kept in the cell's own block */
          while (a < z && g_ascii_isspace (*a))
            a++;
          while (z > a && g_ascii_isspace (z[-1]))
            z--;
          c = cells_add (cells, (z - a) + 1);
          c->text = memcpy ((char *) (c + 1), a, z - a);
          c->text[z - a] = '\0';
        }
      else
        {
          g_autofree char *raw = g_strndup (a, z - a);

          c = cells_add (cells, 0);
          c->text = g_strstrip (expand_ligatures (raw));
          c->own_text = TRUE;
        }
      c->it = it;
      c->bbox = folio_segment_bbox (s);
    }
  for (guint k = first; k < cells->len; k++)
    cells->cell[k]->of = cells->len - first;
}

/* The columns of rows [from, to): the stretches of x between gaps down
 * the rows.  A gap is a stretch no cell of a row of two or more stands
 * in, but for a few that cross it whole (a head cell spanning columns,
 * two cells poppler set too close to split): one in four rows of cells.
 * Returns their [left, right] pairs, left to right. */
static GArray *
table_columns (GArray *rows, guint from, guint to)
{
  g_autofree guint *count_heap = NULL;
  g_autofree bool *held_heap = NULL;
  /* a page's width in half points fits here: no allocation (a large one
   * makes malloc sweep up all the small blocks freed before it) */
  guint count_stack[1536];
  bool held_stack[1536];
  guint *count;
  bool *held;
  /* each cell's first and last bin, worked out once */
  g_autofree guint *bins_heap = NULL;
  guint bins_stack[2 * 256];
  guint *bins;
  GArray *cols = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  double left = G_MAXDOUBLE, right = -G_MAXDOUBLE;
  guint multi = 0, cells = 0, n, limit, start = 0;

  for (guint r = from; r < to; r++)
    {
      const Row *row = ROW (rows, r);

      if (row->len < 2)
        continue;
      multi++;
      cells += row->len;
      for (guint k = 0; k < row->len; k++)
        {
          const Cell *c = row->cell[k];

          left = MIN (left, c->bbox.x0);
          right = MAX (right, c->bbox.x1);
        }
    }
  /* A stream's boxes may be inside out (x1 < x0): no columns from them. */
  if (cells == 0 || !(right > left) || right - left > 1e5)
    return cols;
  /* half-point bins */
  n = (guint) ((right - left) * 2) + 1;
  if (n <= G_N_ELEMENTS (count_stack))
    {
      count = memset (count_stack, 0, n * sizeof *count);
      held = memset (held_stack, 0, n * sizeof *held);
    }
  else
    {
      count = count_heap = g_new0 (guint, n);
      held = held_heap = g_new0 (bool, n);
    }
  limit = multi / 4;
  bins = cells <= G_N_ELEMENTS (bins_stack) / 2 ? bins_stack : (bins_heap = g_new (guint, 2 * cells));
#define BIN(x) ((x) <= left ? 0 : MIN (n - 1, (guint) (((x) - left) * 2)))
  /* each cell counts in the bins it covers: +1 where it starts, -1 past
   * its end, summed left to right */
  for (guint r = from, i = 0; r < to; r++)
    {
      const Row *row = ROW (rows, r);

      for (guint k = 0; row->len >= 2 && k < row->len; k++, i++)
        {
          const Cell *c = row->cell[k];
          guint x0 = bins[2 * i] = BIN (c->bbox.x0), x1 = bins[2 * i + 1] = BIN (c->bbox.x1);

          if (x0 > x1)
            continue;
          count[x0]++;
          if (x1 + 1 < n)
            count[x1 + 1]--;
        }
    }
#undef BIN
  for (guint x = 1; x < n; x++)
    count[x] += count[x - 1];
  /* In each stretch crossed by @limit cells or fewer, a cell that does
   * not cross it whole holds its part: a sparse column, not a gap.  The
   * gaps are the runs of bins in those stretches that none holds (the
   * bins crossed by more are never gaps), and a gap narrower than one
   * and a half points is none: columns run from gap to gap. */
  for (guint a = 0; a < n;)
    {
      guint b = a;

      if (count[a] > limit)
        {
          a++;
          continue;
        }
      while (b < n && count[b] <= limit)
        b++;
      for (guint i = 0; i < cells; i++)
        {
          guint x0 = bins[2 * i], x1 = bins[2 * i + 1];

          if (x1 < a || x0 >= b || (x0 < a && x1 >= b))
            continue;
          for (guint x = MAX (x0, a); x <= MIN (x1, b - 1); x++)
            held[x] = TRUE;
        }
      for (guint x = a; x < b;)
        {
          guint y = x;

          while (y < b && !held[y])
            y++;
          if (y - x >= 3)
            {
              if (x > start)
                g_array_append_vals (cols, (double[2]) { left + start / 2.0, left + x / 2.0 }, 1);
              start = y;
            }
          x = y + 1;
        }
      a = b;
    }
  if (start < n)
    g_array_append_vals (cols, (double[2]) { left + start / 2.0, left + n / 2.0 }, 1);
  return cols;
}

#define COL(cols, c) ((double *) ((cols)->data + (c) * sizeof (double) * 2))

/* The columns of @cols @c stands in: those it covers most of (half of the
 * column, or of itself), from *@first on, *@span of them; or the nearest. */
static void
cell_columns (GArray *cols, const Cell *c, guint *first, guint *span)
{
  double best = G_MAXDOUBLE;
  int lo = -1, hi = -1;

  *first = 0;
  for (guint k = 0; k < cols->len; k++)
    {
      double l = COL (cols, k)[0], r = COL (cols, k)[1];
      double ov = MIN (r, c->bbox.x1) - MAX (l, c->bbox.x0);
      double d = c->bbox.x0 > r ? c->bbox.x0 - r : l > c->bbox.x1 ? l - c->bbox.x1 : 0;

      if (ov > 0.5 * MIN (r - l, c->bbox.x1 - c->bbox.x0))
        {
          lo = lo < 0 ? (int) k : lo;
          hi = (int) k;
        }
      if (d < best)
        best = d, *first = k;
    }
  if (lo >= 0)
    *first = (guint) lo;
  *span = lo >= 0 ? (guint) (hi - lo + 1) : 1;
}

/* The first column of @c, as set by make_table from cell_columns (). */
static guint
column_at (const Cell *c)
{
  return c->col;
}

/* A row of a table being made: each column's text, and the span of the
 * cell that starts in it (0 where none does). */
typedef struct {
  double top, bottom;
  guint cols;
  guint *span;           /* in the same block, after texts */
  /* (nullable) each column's one cell's text while it has one (the
   * page's cells outlive the row), in the same block, after texts */
  const char **cell;
  GString *texts[];      /* one per column, NULL until written: row_text (), row_str () */
} TableRow;

static void
free_gstring (GString *s)
{
  if (s != NULL)
    g_string_free (s, TRUE);
}

/* One allocation a row: a table tried holds many. */
static TableRow *
table_row_new (guint cols)
{
  TableRow *t = g_malloc0 (sizeof (TableRow) + cols * (sizeof (GString *) + sizeof (const char *) + sizeof (guint)));

  t->cols = cols;
  t->cell = (const char **) &t->texts[cols];
  t->span = (guint *) &t->cell[cols];
  return t;
}

static void
table_row_free (TableRow *t)
{
  for (guint c = 0; c < t->cols; c++)
    free_gstring (t->texts[c]);
  g_free (t);
}

/* Column @c of @t, to write to. */
static GString *
row_text (TableRow *t, guint c)
{
  if (t->texts[c] == NULL)
    {
      t->texts[c] = g_string_new (t->cell[c]);
      t->cell[c] = NULL;
    }
  return t->texts[c];
}

/* The text of column @c of @t. */
static const char *
row_str (const TableRow *t, guint c)
{
  const GString *s = t->texts[c];

  return s != NULL ? s->str : t->cell[c] != NULL ? t->cell[c] : "";
}

/* Whether column @c of @t holds text. */
static gboolean
filled (const TableRow *t, guint c)
{
  return *row_str (t, c) != '\0';
}

/* A row whose cells stand, set half-way down, in the columns the rows
 * above and below both leave empty (a cell of two rows: "6 | 6" beside
 * "OTSL" over "HTML") makes one row with them, each cell the two texts. */
static void
merge_centred (GPtrArray *texts, guint cols, const Words *attested)
{
  for (guint i = 1; i + 1 < texts->len; i++)
    {
      TableRow *a = g_ptr_array_index (texts, i - 1), *m = g_ptr_array_index (texts, i),
               *z = g_ptr_array_index (texts, i + 1);
      gboolean fits = m->top > a->top && m->bottom < z->bottom && z->top - a->bottom < (a->bottom - a->top);
      guint mine = 0;

      for (guint c = 0; c < cols && fits; c++)
        {
          fits = filled (a, c) == filled (z, c) && !(filled (m, c) && filled (a, c));
          mine += filled (m, c) ? 1 : 0;
        }
      if (!fits || mine == 0)
        continue;
      for (guint c = 0; c < cols; c++)
        {
          GString *t = row_text (a, c);

          if (filled (m, c))
            g_string_assign (t, row_str (m, c)), a->span[c] = m->span[c];
          else
            join_text (t, row_str (z, c), attested);
        }
      a->bottom = z->bottom;
      g_ptr_array_remove_range (texts, i, 2);
    }
}

/* A cell of figures: digits, with only separators, signs and units
 * between ("1,234", "0.965", "1977-08-07", "12 %"). */
static gboolean
figures (const char *s)
{
  gboolean digit = FALSE;

  for (; *s; s++)
    {
      if (g_ascii_isdigit (*s))
        digit = TRUE;
      else if (!strchr (" .,:;%()+-/$*", *s))
        return FALSE;
    }
  return digit;
}

/* The head of a table of figures: its first rows (three at most) hold
 * none, while every row after them does. */
static guint
head_by_numbers (GPtrArray *texts, guint cols)
{
  guint head = 0;

  for (guint r = 0; r < texts->len; r++)
    {
      const TableRow *t = g_ptr_array_index (texts, r);
      guint n = 0;

      for (guint c = 0; c < cols; c++)
        n += figures (row_str (t, c)) ? 1 : 0;
      if (n > 0 && head == 0 && r == 0)
        return 0;
      if (n == 0 && head == r)
        head = r + 1;
      else if (n == 0)
        return 0;
    }
  return head <= 3 && head < texts->len ? head : 0;
}

/* Turns rows [from, to) of @rows (arrays of Cells on one baseline) into a
 * table: columns where the cells leave gaps down the rows; a row of one
 * cell in a later column goes on the row above (a wrapped cell). */
static gboolean
make_table (Builder *b, const Patterns *p, GArray *rows, guint from, guint to, const char **why)
{
  g_autoptr (GArray) cols = table_columns (rows, from, to);
  /* a row for each of [from, to) at most */
  g_autoptr (GPtrArray) texts = g_ptr_array_new_full (to - from, (GDestroyNotify) table_row_free);
  /* counts for each column, three at a time */
  g_autofree guint *tally = NULL;
  FolioBlock *table;
  guint n, used = 0;
  gboolean head = TRUE;

  if (to - from < 3)
    return FALSE;
  if (cols->len < 2)
    {
      *why = "its columns cannot be settled: the rows' cells overlap";
      return FALSE;
    }
  /* Columns all as wide as a third of the page: two columns of running
   * text that poppler joined line by line. */
  {
    const Cell *c = ROW (rows, from)->cell[0];
    double width = c->it->page->width > 0 ? c->it->page->width : 595;
    guint wide = 0;

    for (guint k = 0; k < cols->len; k++)
      wide += COL (cols, k)[1] - COL (cols, k)[0] > width / 3 ? 1 : 0;
    if (wide == cols->len)
      {
        *why = "its columns are as wide as running text";
        return FALSE;
      }
  }
  tally = g_new (guint, 3 * cols->len);
  /* Each cell's columns, once: the checks below ask for them again and
   * again. */
  for (guint r = from; r < to; r++)
    {
      const Row *row = ROW (rows, r);

      for (guint k = 0; k < row->len; k++)
        {
          Cell *c = row->cell[k];

          cell_columns (cols, c, &c->col, &c->span);
        }
    }
  /* A first column of bullets or list numbers (two in three): a list. */
  {
    guint marks = 0, in = 0;

    for (guint r = from; r < to; r++)
      {
        const Row *row = ROW (rows, r);
        const Cell *c = row->cell[0];

        if (column_at (c) != 0)
          continue;
        in++;
        marks += bullet_only (p, c->text) ? 1 : 0;
      }
    /* (lines of text above the bullets, wide gaps and all, too) */
    if (marks >= 2 && marks * 3 >= in * 2)
      {
        *why = "a list: its first column is only bullets or numbers";
        return FALSE;
      }
  }
  /* Every column (bullets aside) lines of running text, most of four
   * words or more: the columns of a page, not of a table, whose lines
   * poppler set level. */
  {
    guint prose = 0, counted = 0;
    /* each column's cells, long ones and marks: counted in one pass over
     * the cells, not one for every column */
    guint *in = tally, *long_ = tally + cols->len, *marks = tally + 2 * cols->len;

    memset (tally, 0, 3 * cols->len * sizeof *tally);
    for (guint r = from; r < to; r++)
      {
        const Row *row = ROW (rows, r);

        for (guint q = 0; q < row->len; q++)
          {
            const Cell *c = row->cell[q];
            guint k = column_at (c);

            in[k]++;
            long_[k] += count_words (c->text, 4) >= 4 ? 1 : 0;
            marks[k] += bullet_only (p, c->text) ? 1 : 0;
          }
      }
    for (guint k = 0; k < cols->len; k++)
      {
        /* a column of bullets beside the text does not count */
        if (marks[k] == in[k])
          continue;
        counted += in[k] >= 2 ? 1 : 0;
        prose += in[k] >= 2 && long_[k] * 2 > in[k] ? 1 : 0;
      }
    if (counted >= 2 && prose == counted)
      {
        *why = "its columns read as running text, most lines four words or more";
        return FALSE;
      }
  }
  /* A line is all in the table or not in it: its cells on rows outside
   * would be lost. */
  for (guint r = from; r < to; r++)
    {
      const Row *row = ROW (rows, r);

      for (guint k = 0; k < row->len; k++)
        row->cell[k]->it->cells_seen = 0;
    }
  for (guint r = from; r < to; r++)
    {
      const Row *row = ROW (rows, r);

      for (guint k = 0; k < row->len; k++)
        if (row->cell[k]->it->cells_seen < G_MAXUINT16)
          row->cell[k]->it->cells_seen++;
    }
  for (guint r = from; r < to; r++)
    {
      const Row *row = ROW (rows, r);

      for (guint k = 0; k < row->len; k++)
        {
          Cell *c = row->cell[k];

          if (c->it->cells_seen != c->of)
            {
              *why = "a line of it has cells on rows outside it";
              return FALSE;
            }
        }
    }
  /* Columns most rows leave empty are no columns of a table: each
   * column's rows of two or more cells (the last counted kept, so that a
   * row counts once), in one pass over the cells. */
  {
    guint *in = tally, *last = tally + cols->len;

    memset (in, 0, cols->len * sizeof *in);
    memset (last, 0xff, cols->len * sizeof *last);
    for (guint r = from; r < to; r++)
      {
        const Row *row = ROW (rows, r);

        for (guint k = 0; row->len >= 2 && k < row->len; k++)
          {
            guint c = column_at (row->cell[k]);

            if (last[c] != r)
              last[c] = r, in[c]++;
          }
      }
    for (guint c = 0; c < cols->len; c++)
      used += in[c] >= 2 ? 1 : 0;
  }
  if (used < 2)
    {
      *why = "its columns cannot be settled: no two are filled on two rows";
      return FALSE;
    }

  for (guint r = from; r < to; r++)
    {
      const Row *row = ROW (rows, r);
      const Cell *top = row->cell[0];
      const Cell *above = r > from ? ROW (rows, r - 1)->cell[0] : NULL;
      double size = top->it->line->size > 0 ? top->it->line->size : 10;
      TableRow *t;

      /* a cell wrapped: in a later column, or a line's pitch below */
      if (row->len == 1 && texts->len > 0 && (column_at (top) > 0 || top->bbox.y0 - above->bbox.y0 < 1.4 * size))
        t = g_ptr_array_index (texts, texts->len - 1);
      else
        {
          t = table_row_new (cols->len);
          t->top = top->bbox.y0;
          g_ptr_array_add (texts, t);
        }
      for (guint k = 0; k < row->len; k++)
        {
          Cell *c = row->cell[k];

          /* a column's first text is as join_text () would append it: the
           * cell's own, no copy while no other joins it */
          if (t->texts[c->col] == NULL && t->cell[c->col] == NULL)
            t->cell[c->col] = c->text;
          else
            join_text (row_text (t, c->col), c->text, b->attested);
          t->span[c->col] = MAX (t->span[c->col], c->span);
          t->bottom = MAX (t->bottom, c->bbox.y1);
        }
    }
  merge_centred (texts, cols->len, b->attested);
  if (texts->len < 3)
    {
      *why = "fewer than three rows once its wrapped cells are joined";
      return FALSE;
    }
  table = folio_block_new (FOLIO_BLOCK_TABLE);
  n = b->tables->len + 1;
  for (guint r = from; r < to; r++)
    {
      const Row *row = ROW (rows, r);

      for (guint k = 0; k < row->len; k++)
        {
          Cell *c = row->cell[k];
          FolioBox box = { c->it->page->index, c->bbox };

          c->it->table = n;
          if (!b->no_boxes)
            folio_block_add_box (table, &box);
          if (r == from)
            table->first_page = table->last_page = c->it->page->index;
          if (r == from + 1 && c->it->line->bold)
            head = FALSE; /* the second row bold too: no head row by weight */
          if (r == from && !c->it->line->bold)
            head = FALSE;
        }
    }
  /* before the rows' texts are handed to the table */
  table->header_rows = head ? 1 : head_by_numbers (texts, cols->len);
  {
    GString *all = g_string_new (NULL);
    /* each row's spans, read as far as its cells go */
    g_autofree guint *spans = g_new (guint, cols->len);

    for (guint r = 0; r < texts->len; r++)
      {
        TableRow *t = g_ptr_array_index (texts, r);
        char **strv = g_new0 (char *, cols->len + 1);
        guint m = 0;

        /* a cell spanning columns covers the empty ones after it; one
         * that holds text of its own ends the span */
        for (guint c = 0; c < cols->len;)
          {
            const char *s = row_str (t, c);
            guint span = MAX (t->span[c], 1), k;
            gboolean ascii;
            gsize len;

            for (k = 1; k < span && c + k < cols->len; k++)
              if (filled (t, c + k))
                break;
            span = *s ? k : 1;
            /* a text as it stands is the row's own to give: no copy
             * (no column before this one is read again) */
            if (t->texts[c] != NULL && clean_as_is (s, &ascii, &len))
              {
                strv[m] = g_string_free (t->texts[c], FALSE);
                t->texts[c] = NULL;
              }
            else
              strv[m] = clean_text_len (s, &len);
            spans[m] = span;
            if (m > 0)
              folio_string_put (all, " | ", 3);
            else if (r > 0)
              g_string_append_c (all, '\n');
            folio_string_put (all, strv[m], len);
            m++;
            c += span;
          }
        folio_block_add_row_spans (table, strv, spans);
      }
    table->text = g_string_free (all, FALSE);
  }
  g_ptr_array_add (b->tables, table);
  return TRUE;
}

/* @row, one cell at the table's left edge, is the first column's cell
 * wrapped: it fits in that column of @prev, and is a line's pitch below
 * it, or a row of cells follows close below. */
static gboolean
wrapped_first (const Row *prev, const Row *row, const Row *next)
{
  const Cell *c = row->cell[0];
  double size = c->it->line->size > 0 ? c->it->line->size : 10;

  const Cell *above = prev->cell[0];

  if (row->len != 1 || next == NULL)
    return FALSE;
  if (c->bbox.x0 < above->bbox.x0 - 4 || (prev->len >= 2 && c->bbox.x1 >= prev->cell[1]->bbox.x0))
    return FALSE;
  /* the next line of the cell above (a line's pitch below it), or a line
   * before a row of cells */
  if (c->bbox.y0 - above->bbox.y1 < 0.6 * size && c->bbox.y0 - above->bbox.y0 < 1.5 * size)
    return TRUE;
  return prev->len >= 2 && next->len >= 2 && c->bbox.x1 < next->cell[1]->bbox.x0
         && next->cell[0]->bbox.y0 - c->bbox.y1 < 1.5 * size;
}

/* Tables in PDF: three or more rows, each of two or more cells side by
 * side on one baseline (lines, or the segments of a line with wide
 * gaps), one under the other without a paragraph's gap, their cells
 * keeping to columns.  Columns of running text are not a table: cells as
 * wide as a third of the page on most rows are. */
static void
find_tables_in (Builder *b, const Patterns *p, guint from, guint to)
{
  GArray *items = b->items;
  guint start = from;

  for (guint end = from + 1; end <= to; end++)
    {
      const FolioPage *page = g_array_index (items, Item, start).page;
      Cells cells;
      g_autoptr (GArray) rows = NULL;
      guint n_rows, run = 0;
      /* the right edge of rows [edge_run, edged): a run's, grown with it */
      double edge = 0;
      guint edge_run = G_MAXUINT, edged = 0;

      if (end < to && g_array_index (items, Item, end).page == page)
        continue;
      cells_init (&cells);
      for (guint k = start; k < end; k++)
        {
          Item *it = &g_array_index (items, Item, k);

          if (!it->blank && !it->heading && !it->note && it->line->has_geometry && !caption_line (p, it->text))
            add_cells (&cells, it, p);
        }
      sort_cells (cells.cell, cells.len, compare_y);
      /* as many rows as cells at most: written in place, cut to what
       * they are after (no call for every row) */
      rows = g_array_sized_new (FALSE, FALSE, sizeof (Row), cells.len);
      g_array_set_size (rows, cells.len);
      n_rows = 0;
      /* A row: cells whose tops lie within 2 points, and text set on end
       * (a head cell written bottom to top) within the row's height. */
      for (guint k = 0; k < cells.len;)
        {
          Row row = { &cells.cell[k], 0 };
          const Cell *first = row.cell[0];
          double bottom = first->bbox.y1;

          while (k < cells.len)
            {
              const Cell *c = cells.cell[k];

              if (fabs (c->bbox.y0 - first->bbox.y0) >= 2 && !(upright (c) && c->bbox.y1 <= bottom + 2))
                break;
              bottom = MAX (bottom, c->bbox.y1);
              row.len++;
              k++;
            }
          if (row.len > 1)
            sort_cells (row.cell, row.len, compare_x);
          *ROW (rows, n_rows++) = row;
        }
      g_array_set_size (rows, n_rows);
      /* Runs of rows: several cells each (a wrapped cell's row of one may
       * sit between), close below one another. */
      for (guint r = 0; rows->len > 0 && r <= rows->len; r++)
        {
          const Row *row = r < rows->len ? ROW (rows, r) : NULL;
          const Row *prev = r > 0 ? ROW (rows, r - 1) : NULL;
          gboolean goes_on = row != NULL && prev != NULL && r > run;
          double width = page->width > 0 ? page->width : 595;

          /* A line of another column of the page, beside the table and
           * level with its rows, is no row of it: passed over. */
          if (goes_on && row->len == 1 && r + 1 < rows->len)
            {
              const Cell *l = row->cell[0];
              double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

              for (guint q = run; q < r; q++)
                {
                  const Row *x = ROW (rows, q);

                  lo = MIN (lo, x->cell[0]->bbox.x0);
                  hi = MAX (hi, x->cell[x->len - 1]->bbox.x1);
                }
              if (l->bbox.x1 < lo - 4 || l->bbox.x0 > hi + 4)
                {
                  g_array_remove_index (rows, r);
                  r--;
                  continue;
                }
            }

          if (goes_on)
            {
              const Cell *a = prev->cell[0];
              const Cell *l = row->cell[0];
              const Cell *left = ROW (rows, run)->cell[0];
              double size = a->it->line->size > 0 ? a->it->line->size : 10;
              double bottom = 0;

              for (guint c = 0; c < prev->len; c++)
                bottom = MAX (bottom, prev->cell[c]->bbox.y1);
              /* the table's right edge so far: a wrapped cell stays inside
               * (the rows before r stay as they are: the run's edge grows
               * by the rows it gained since, not read again) */
              if (edge_run != run)
                {
                  edge = 0;
                  edge_run = edged = run;
                }
              for (; edged < r; edged++)
                for (guint c = 0; c < ROW (rows, edged)->len; c++)
                  edge = MAX (edge, ROW (rows, edged)->cell[c]->bbox.x1);
              /* close below, in the same type; a row of one line only
               * as a cell wrapped in a later column, not a line back at
               * the table's left edge (a heading, the next paragraph) */
              goes_on = l->bbox.y0 - bottom < 1.5 * size
                        && fabs (l->it->line->size - a->it->line->size) <= 1
                        && (row->len >= 2
                            || (r + 1 < rows->len && l->bbox.x0 > left->bbox.x0 + 4 && l->bbox.x1 < edge + 4 * size)
                            || wrapped_first (prev, row, r + 1 < rows->len ? ROW (rows, r + 1) : NULL));
            }
          if (!goes_on)
            {
              guint wide = 0, multi = 0, prose = 0;
              guint cols = ROW (rows, MIN (run, rows->len - 1))->len;
              gboolean table;
              const char *why = NULL;

              for (guint q = run; q < r; q++)
                {
                  const Row *x = ROW (rows, q);
                  gboolean all_wide = x->len >= 2;

                  multi += x->len >= 2 ? 1 : 0;
                  for (guint c = 0; c < x->len; c++)
                    {
                      const Cell *l = x->cell[c];

                      all_wide = all_wide && l->bbox.x1 - l->bbox.x0 > width / 3;
                    }
                  wide += all_wide ? 1 : 0;
                }
              table = multi >= 3 && ROW (rows, run)->len >= 2;
              /* the rows a sentence long, counted only where asked */
              for (guint q = run; table && !(wide * 2 >= multi) && cols == 2 && q < r; q++)
                {
                  const Row *x = ROW (rows, q);

                  for (guint c = 0; c < x->len; c++)
                    if (count_words (x->cell[c]->text, 10) >= 10)
                      {
                        prose++;
                        break;
                      }
                }
              /* Columns of running text, or two columns most rows a
               * sentence long (text with notes in a margin): not a table,
               * and said so. */
              if (table && (wide * 2 >= multi || (cols == 2 && prose * 2 > r - run)))
                {
                  why = wide * 2 >= multi ? "its columns are as wide as running text"
                                          : "two columns, most rows a sentence long";
                  table = FALSE;
                }
              if (table && !make_table (b, p, rows, run, r, &why))
                table = FALSE;
              if (why != NULL && b->explain)
                {
                  const Cell *top = ROW (rows, run)->cell[0];

                  g_string_append_printf (b->explain, "page %u: %u rows side by side from \"%.40s\" left as text: %s\n",
                                          page->index, r - run, top->text, why);
                }
              run = r;
              /* a run starts at a row of several cells */
              while (run < rows->len && ROW (rows, run)->len < 2)
                run++;
              if (run > r)
                r = run;
            }
        }
      cells_clear (&cells);
      start = end;
    }
}

/* The second half of the pages' tables, looked for on a thread of its
 * own: a Builder of its own for the tables and the notes for people, and
 * Patterns of its own (a Pattern keeps its last match). */
typedef struct {
  Builder b;
  Patterns p;
  guint from, to;
} TableHalf;

static gpointer
table_half (gpointer data)
{
  TableHalf *h = data;

  find_tables_in (&h->b, &h->p, h->from, h->to);
  return NULL;
}

/* Each page's tables are its own: its cells, rows and columns (the most
 * of segment's time on a PDF of many tables).  With @threads > 1 and
 * pages enough, the pages' second half is looked at on a second thread,
 * its tables then numbered on from the first half's, as one thread
 * numbers them, and its notes for people put after the first half's. */
static void
find_tables (Builder *b, const Patterns *p, guint threads)
{
  GArray *items = b->items;
  guint mid = 0;
  guint64 weight = 0, half = 0;
  TableHalf h;
  FolioThread *thread;
  guint before;

  /* Halves of about the same work: a line counts as its cells (the
   * segments of a line with wide gaps), one at least. */
  for (guint i = 0; threads >= 2 && items->len >= HELPER_ITEMS && i < items->len; i++)
    weight += MAX (1, g_array_index (items, Item, i).line->n_segments);
  for (; mid < items->len && half * 2 < weight; mid++)
    half += MAX (1, g_array_index (items, Item, mid).line->n_segments);
  while (mid > 0 && mid < items->len
         && g_array_index (items, Item, mid).page == g_array_index (items, Item, mid - 1).page)
    mid++;
  if (threads < 2 || items->len < HELPER_ITEMS || mid == 0 || mid >= items->len)
    {
      find_tables_in (b, p, 0, items->len);
      return;
    }
  h.b = *b;
  h.b.tables = g_ptr_array_new ();
  h.b.explain = b->explain ? g_string_new (NULL) : NULL;
  patterns_init (&h.p);
  h.from = mid;
  h.to = items->len;
  thread = folio_thread_new_elsewhere ("folio-tables", table_half, &h);
  find_tables_in (b, p, 0, thread ? mid : items->len);
  if (thread)
    {
      folio_thread_join (thread);
      before = b->tables->len;
      for (guint i = mid; i < items->len; i++)
        {
          Item *it = &g_array_index (items, Item, i);

          if (it->table != 0)
            it->table += before;
        }
      for (guint i = 0; i < h.b.tables->len; i++)
        g_ptr_array_add (b->tables, g_ptr_array_index (h.b.tables, i));
      if (b->explain)
        g_string_append_len (b->explain, h.b.explain->str, h.b.explain->len);
    }
  g_ptr_array_unref (h.b.tables);
  if (h.b.explain)
    g_string_free (h.b.explain, TRUE);
  patterns_clear (&h.p);
}

/* The cells of a line of text input split at runs of two blanks or more:
 * their start columns (in characters) in @starts, their texts returned. */
static GPtrArray *
text_cells (const char *raw, GArray *starts)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  glong col = 0, start = -1, blanks = 0;
  GString *cell = g_string_new (NULL);

  g_array_set_size (starts, 0);
  for (const char *c = raw;; c = g_utf8_next_char (c))
    {
      gunichar u = *c ? g_utf8_get_char (c) : ' ';

      if (*c == '\0' || (u == ' ' && blanks >= 1))
        {
          /* a border ("|", "+--+", "---") is no cell; one or two "=" or
           * "-" are: a grammar's "sms-uri  =  scheme", a table's "none" */
          if (cell->len > 0 && strspn (cell->str, "-=+|") == cell->len
              && (strpbrk (cell->str, "+|") != NULL || cell->len >= 3))
            g_string_truncate (cell, 0);
          if (cell->len > 0 && (*c == '\0' || blanks >= 1))
            {
              g_ptr_array_add (cells, g_strdup (cell->str));
              g_array_append_val (starts, start);
              g_string_truncate (cell, 0);
            }
          if (*c == '\0')
            break;
        }
      if (u == ' ' || u == '\t')
        blanks++;
      else
        {
          if (cell->len == 0)
            start = col;
          else if (blanks == 1)
            g_string_append_c (cell, ' ');
          blanks = 0;
          g_string_append_unichar (cell, u);
        }
      col++;
    }
  g_string_free (cell, TRUE);
  return cells;
}

/* A rule of a text table: "-----", "+----+----+", "=== ===". */
static gboolean
text_rule (const char *text)
{
  return strlen (text) >= 3 && strspn (text, "-=+| ") == strlen (text);
}

/* Which of @anchors (start columns) @x is in, within one character, or -1. */
static int
text_column (GArray *anchors, glong x)
{
  for (guint a = 0; a < anchors->len; a++)
    if (labs (g_array_index (anchors, glong, a) - x) <= 1)
      return (int) a;
  return -1;
}

/* Rows (arrays of GString, one per column) of a text table as a table block. */
static void
make_text_table (Builder *b, GPtrArray *rows, guint header, guint from, guint to)
{
  FolioBlock *table = folio_block_new (FOLIO_BLOCK_TABLE);
  GString *all = g_string_new (NULL);

  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);
      char **cells = g_new0 (char *, row->len + 1);

      for (guint c = 0; c < row->len; c++)
        {
          cells[c] = clean_text (((GString *) g_ptr_array_index (row, c))->str);
          g_string_append_printf (all, "%s%s", c ? " | " : (r ? "\n" : ""), cells[c]);
        }
      folio_block_add_row (table, cells);
    }
  table->text = g_string_free (all, FALSE);
  table->header_rows = header;
  table->first_page = g_array_index (b->items, Item, from).page->index;
  table->last_page = g_array_index (b->items, Item, to - 1).page->index;
  g_ptr_array_add (b->tables, table);
  for (guint k = from; k < to; k++)
    g_array_index (b->items, Item, k).table = b->tables->len;
}

static void
free_row (GPtrArray *row)
{
  for (guint c = 0; c < row->len; c++)
    g_string_free (g_ptr_array_index (row, c), TRUE);
  g_ptr_array_unref (row);
}

/* Where a text table that reaches the foot of @page goes on at the head
 * of the next: the index of the first line there, when only blank lines
 * (the margins) come between, and it is a row of two cells or more in the
 * table's columns (@anchors).  0 when not.  (@starts: text_cells ()'s.) */
static guint
next_page_row (GArray *items, guint j, const FolioPage *page, GArray *anchors, GArray *starts)
{
  const Item *it;
  g_autoptr (GPtrArray) cells = NULL;
  guint k = j;

  while (k < items->len && g_array_index (items, Item, k).blank)
    k++;
  if (k >= items->len)
    return 0;
  it = &g_array_index (items, Item, k);
  if (it->page->index != page->index + 1 || it->note || contents_entry (it->text) || text_rule (it->text))
    return 0;
  cells = text_cells (folio_line_text (it->line), starts);
  if (cells->len < 2)
    return 0;
  for (guint c = 0; c < starts->len; c++)
    if (text_column (anchors, g_array_index (starts, glong, c)) < 0)
      return 0;
  return k;
}

/* Past the head of a text table repeated at the head of a new page (at
 * @k, in the table's columns): the line if its cells are @head's, the
 * first row's, with the lines of its wrapped cells and the rule under it.
 * @k itself when the line is a row of its own: one whose cells differ.
 * (@starts: text_cells ()'s.) */
static guint
past_repeated_head (GArray *items, guint k, GPtrArray *head, GArray *starts)
{
  const FolioPage *page = g_array_index (items, Item, k).page;
  g_autoptr (GPtrArray) cells = text_cells (folio_line_text (g_array_index (items, Item, k).line), starts);
  guint m;

  if (cells->len != head->len)
    return k;
  for (guint c = 0; c < cells->len; c++)
    if (strcmp (g_ptr_array_index (cells, c), g_ptr_array_index (head, c)) != 0)
      return k;
  for (m = k + 1; m < items->len; m++)
    {
      const Item *it = &g_array_index (items, Item, m);
      g_autoptr (GPtrArray) more = NULL;

      if (it->blank || it->page != page)
        break;
      if (text_rule (it->text))
        return m + 1;
      more = text_cells (folio_line_text (it->line), starts);
      if (more->len != 1)
        break;
    }
  return m;
}

/* Tables in text input: three or more rows in a run of lines, each split
 * by gaps of two blanks or more into cells that start in the columns of
 * the run's first line (two of them at least).  A line of one cell in a
 * later column goes on the row above (a wrapped cell); rules of dashes
 * between rows are part of the table, one under the first row makes that
 * row the head.  A run goes on across a page break, past the blank lines
 * of the margins, where the next page starts with a row in its columns;
 * a head repeated there (under its rule, as on the first page) is not a
 * row again. */
static void
find_text_tables (Builder *b)
{
  GArray *items = b->items;
  g_autoptr (GArray) anchors = g_array_new (FALSE, FALSE, sizeof (glong));
  g_autoptr (GArray) starts = g_array_new (FALSE, FALSE, sizeof (glong));

  for (guint i = 0; i < items->len;)
    {
      const Item *first = &g_array_index (items, Item, i);
      const FolioPage *page = first->page;
      g_autoptr (GPtrArray) head = NULL;
      g_autoptr (GPtrArray) rows = NULL;
      guint j, multi = 0, header = 0;

      if (first->blank || first->note || contents_entry (first->text)
          || (head = text_cells (folio_line_text (first->line), anchors))->len < 2)
        {
          i++;
          continue;
        }
      rows = g_ptr_array_new_with_free_func ((GDestroyNotify) free_row);
      for (j = i; j < items->len; j++)
        {
          const Item *it = &g_array_index (items, Item, j);
          g_autoptr (GPtrArray) cells = NULL;
          GPtrArray *row;
          int col0;

          if (it->note || contents_entry (it->text))
            break;
          if (it->blank || it->page != page)
            {
              guint k = rows->len > 0 ? next_page_row (items, j, page, anchors, starts) : 0;

              if (k == 0)
                break;
              page = g_array_index (items, Item, k).page;
              if (header > 0)
                k = past_repeated_head (items, k, head, starts);
              j = k - 1;
              continue;
            }
          if (text_rule (it->text))
            {
              header = rows->len == 1 ? 1 : header;
              continue;
            }
          cells = text_cells (folio_line_text (it->line), starts);
          if (cells->len == 0)
            break; /* borders only ("|") */
          col0 = text_column (anchors, g_array_index (starts, glong, 0));
          for (guint c = 1; c < starts->len && col0 >= 0; c++)
            if (text_column (anchors, g_array_index (starts, glong, c)) < 0)
              col0 = -1;
          if (col0 < 0 || (cells->len < 2 && (col0 == 0 || rows->len == 0)))
            break;
          if (cells->len < 2)
            row = g_ptr_array_index (rows, rows->len - 1); /* a wrapped cell */
          else
            {
              row = g_ptr_array_new ();
              for (guint c = 0; c < anchors->len; c++)
                g_ptr_array_add (row, g_string_new (NULL));
              g_ptr_array_add (rows, row);
              multi++;
            }
          for (guint c = 0; c < cells->len; c++)
            {
              GString *cell = g_ptr_array_index (row, text_column (anchors, g_array_index (starts, glong, c)));

              join_text (cell, g_ptr_array_index (cells, c), b->attested);
            }
        }
      if (multi >= 3)
        {
          make_text_table (b, rows, header, i, j);
          i = j;
        }
      else
        i++;
    }
}

/* Labels of "Label: value" lines that the document repeats, three times
 * or more: the fields of its records. */
static GHashTable *
field_labels (GArray *items, const Patterns *p)
{
  GHashTable *count = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer k, v;

  for (guint i = 0; i < items->len; i++)
    {
      const Item *it = &g_array_index (items, Item, i);
      g_autofree char *label = NULL;

      if (it->blank || it->heading || it->note || it->table)
        continue;
      label = match_group (&p->field, it->text, 1);
      if (label == NULL || count_words (label, 5) > 4)
        continue;
      char *key = g_utf8_casefold (label, -1);
      g_hash_table_insert (count, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (count, key)) + 1));
    }
  g_hash_table_iter_init (&iter, count);
  while (g_hash_table_iter_next (&iter, &k, &v))
    if (GPOINTER_TO_UINT (v) < 3)
      g_hash_table_iter_remove (&iter);
  return count;
}

/* ---------------------------------------------------------------- the run */

/* A blank line with only blank lines between it and its page's head or
 * foot: margin, not a paragraph break. */
static gboolean
page_margin (GArray *items, guint k)
{
  const Item *it = &g_array_index (items, Item, k);
  gboolean to_head = TRUE, to_foot = TRUE;

  for (guint j = k; j-- > 0 && to_head;)
    {
      const Item *x = &g_array_index (items, Item, j);

      if (x->page != it->page)
        break;
      to_head = x->blank;
    }
  for (guint j = k + 1; j < items->len && to_foot; j++)
    {
      const Item *x = &g_array_index (items, Item, j);

      if (x->page != it->page)
        break;
      to_foot = x->blank;
    }
  return to_head || to_foot;
}

gboolean
folio_segment_run (FolioDocument *doc, const FolioSegmentOptions *opts, GError **error)
{
  static const FolioSegmentOptions defaults = FOLIO_SEGMENT_OPTIONS_INIT;
  g_autoptr (GArray) items = NULL;
  Words attested;
  g_autoptr (GString) text = g_string_new (NULL);
  Patterns p;
  Builder b = { doc };
  ItemKeys keys = { NULL };
  FolioThread *keys_thread = NULL;
  const char *name = doc->source ? doc->source : "stream";
  double body;

  if (opts == NULL)
    opts = &defaults;
  if (folio_document_has_stage (doc, "segment") || doc->blocks->len > 0)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM,
                   "%s: already segmented (its body is blocks, not lines)", name);
      return FALSE;
    }
  if (!folio_document_has_stage (doc, "strip"))
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM,
                   "%s: page furniture not stripped: run folio-strip before folio-segment", name);
      return FALSE;
    }
  {
    guint n = 0;

    /* as many items as lines, allocated once */
    for (guint pi = 0; pi < doc->pages->len; pi++)
      n += ((FolioPage *) g_ptr_array_index (doc->pages, pi))->lines->len;
    items = g_array_sized_new (FALSE, TRUE, sizeof (Item), n);
  }
  g_array_set_clear_func (items, (GDestroyNotify) item_clear);

  for (guint pi = 0; pi < doc->pages->len; pi++)
    {
      FolioPage *page = g_ptr_array_index (doc->pages, pi);
      for (guint i = 0; i < page->lines->len; i++)
        {
          FolioLine *line = g_ptr_array_index (page->lines, i);
          const char *raw = folio_line_text (line);
          Item it = { 0 };

          if (line->role != FOLIO_ROLE_BODY && !line->kept)
            continue;
          it.line = line;
          it.page = page;
          /* Kept once in memory: a copy only where it differs. */
          if (strstr (raw, "\xef\xac") != NULL || g_ascii_isspace (raw[0])
              || (*raw && g_ascii_isspace (raw[strlen (raw) - 1])))
            {
              it.text = g_strstrip (expand_ligatures (raw));
              it.own_text = TRUE;
            }
          else
            it.text = (char *) raw; /* (never written through) */
          it.blank = *it.text == '\0';
          g_array_append_val (items, it);
        }
    }

  patterns_init (&p);
  /* "3.1.1" set apart from its title on the same baseline: one line.
   * The joined line is not tried again with the one after it.  Items
   * close up in one pass, not one removal (a move of the rest) each. */
  if (doc->media_type == FOLIO_MEDIA_PDF)
    {
      guint kept = 0;

      for (guint i = 0; i < items->len; i++)
        {
          Item *it = &g_array_index (items, Item, i);
          Item *next = i + 1 < items->len ? &g_array_index (items, Item, i + 1) : NULL;

          if (next != NULL && next->page == it->page && it->line->has_geometry && next->line->has_geometry
              && fabs (top_of (next->line) - top_of (it->line)) < 2
              && left_of (next->line) > right_of (it->line)
              && pattern_match (&p.number_only, it->text)
              /* a number beside a number, or beside a line of cells:
               * a table's row */
              && !pattern_match (&p.number_only, next->text) && folio_line_segments (next->line) == NULL)
            {
              char *joined = g_strconcat (it->text, " ", next->text, NULL);

              if (next->own_text)
                g_free (next->text);
              next->text = joined;
              next->own_text = TRUE;
              item_clear (it);
              g_array_index (items, Item, kept++) = *next;
              i++;
              continue;
            }
          if (kept != i)
            g_array_index (items, Item, kept) = *it;
          kept++;
        }
      /* the tail holds moved items: cleared before the array lets go of it */
      if (kept < items->len)
        {
          memset (&g_array_index (items, Item, kept), 0, (items->len - kept) * sizeof (Item));
          g_array_set_size (items, kept);
        }
    }

  /* Standalone lines: a blank line (text) or a gap (PDF) on either side,
   * or the edge of the page's body. */
  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      Item *prev = i > 0 ? &g_array_index (items, Item, i - 1) : NULL;
      Item *next = i + 1 < items->len ? &g_array_index (items, Item, i + 1) : NULL;
      double size = it->line->size > 0 ? it->line->size : 10;

      if (it->blank)
        continue;
      if (doc->media_type == FOLIO_MEDIA_PDF)
        {
          it->gap_before = prev == NULL || prev->page != it->page
                           || top_of (it->line) - bottom_of (prev->line) > 0.6 * size
                           || top_of (it->line) < top_of (prev->line) - size;
          it->gap_after = next == NULL || next->page != it->page
                          || top_of (next->line) - bottom_of (it->line) > 0.6 * size
                          || top_of (next->line) < top_of (it->line) - size;
        }
      else
        {
          /* Text input: blank lines around a line set it apart, but not
           * the blank margins at a page's head and foot: a paragraph's
           * first line (a long one) left alone at a page's foot is not a
           * heading unless it ends a sentence.  A page's head is a gap. */
          const Item *before = NULL, *after = NULL;

          for (guint k = i; k-- > 0;)
            if (!g_array_index (items, Item, k).blank || !page_margin (items, k))
              {
                before = &g_array_index (items, Item, k);
                break;
              }
          for (guint k = i + 1; k < items->len; k++)
            if (!g_array_index (items, Item, k).blank || !page_margin (items, k))
              {
                after = &g_array_index (items, Item, k);
                break;
              }
          it->gap_before = before == NULL || before->blank || before->page != it->page;
          it->gap_after = after == NULL || after->blank
                          || (after->page != it->page
                              && (ends_sentence (it->text) || count_words (it->text, 7) <= 6));
        }
    }

  /* the titles' keys, on a second core while the words are attested and
   * the footnotes and tables found (a few tenths of a ms on a long PDF) */
  keys.items = items;
  if (opts->threads >= 2 && items->len >= HELPER_ITEMS)
    keys_thread = folio_thread_new_elsewhere ("folio-keys", item_keys_make, &keys);
  attested_words (&attested, items);
  b.items = items;
  b.attested = &attested;
  b.text = text;
  b.explain = opts->explain;
  b.no_boxes = opts->no_boxes;
  b.notes = g_ptr_array_new ();
  b.tables = g_ptr_array_new ();
  b.pending = g_ptr_array_new ();
  /* the body's type size: the items' texts and sizes stay as they are
   * from here on, so it is worked out once for notes and headings */
  body = doc->media_type == FOLIO_MEDIA_PDF ? body_size (items) : 0;
  find_notes (&b, &p, body);
  if (doc->media_type == FOLIO_MEDIA_PDF)
    find_tables (&b, &p, opts->threads);
  else
    find_text_tables (&b);
  if (keys_thread != NULL)
    folio_thread_join (keys_thread);
  else
    item_keys_make (&keys);
  find_headings (doc, items, &keys, &p, !opts->no_outline, body);
  item_keys_clear (&keys);
  b.labels = field_labels (items, &p);
  build_blocks (&b, &p);
  patterns_clear (&p);
  words_clear (&attested);
  /* Every footnote and table was placed at its first line. */
  for (guint i = 0; i < b.notes->len; i++)
    folio_block_free (g_ptr_array_index (b.notes, i));
  for (guint i = 0; i < b.tables->len; i++)
    folio_block_free (g_ptr_array_index (b.tables, i));
  g_ptr_array_unref (b.notes);
  g_ptr_array_unref (b.tables);
  g_ptr_array_unref (b.pending);
  g_hash_table_unref (b.labels);

  /* The last paragraph runs on past what was read: the sentence is open
   * and there are more pages (by count, or by the printed "113 of 167"). */
  if (doc->blocks->len > 0)
    {
      FolioBlock *last = g_ptr_array_index (doc->blocks, doc->blocks->len - 1);
      gboolean more = doc->last_page < doc->page_count;

      for (guint pi = 0; pi < doc->pages->len && !more; pi++)
        {
          FolioPage *page = g_ptr_array_index (doc->pages, pi);

          for (guint i = 0; i < page->lines->len; i++)
            {
              const FolioLine *line = g_ptr_array_index (page->lines, i);
              const char *number = folio_line_number (line), *total = folio_line_total (line);

              if (number && total && page->index == doc->last_page
                  && g_ascii_strtoull (number, NULL, 10) < g_ascii_strtoull (total, NULL, 10))
                more = TRUE;
            }
        }
      if (last->type != FOLIO_BLOCK_HEADING && more && !ends_sentence (last->text))
        last->continues = TRUE;
    }

  /* The body now lives in the blocks; furniture stays on its pages. */
  for (guint pi = 0; pi < doc->pages->len; pi++)
    {
      FolioPage *page = g_ptr_array_index (doc->pages, pi);

      guint kept = 0;

      /* in one pass: the furniture closes up, the tail is left NULL for
       * the array to let go of */
      for (guint i = 0; i < page->lines->len; i++)
        {
          FolioLine *line = g_ptr_array_index (page->lines, i);

          g_ptr_array_index (page->lines, i) = NULL;
          if (line->role == FOLIO_ROLE_BODY || line->kept)
            folio_line_free (line);
          else
            g_ptr_array_index (page->lines, kept++) = line;
        }
      g_ptr_array_set_size (page->lines, kept);
    }
  folio_document_add_stage (doc, "segment");
  return TRUE;
}
