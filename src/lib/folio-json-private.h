/* Small, fast, locale-independent JSON writing onto a GString, and a strict
 * one-pass JSON reader into a reused array of nodes (the stream reader's). */
#pragma once

#include "folio-string-private.h"

/* A piece of JSON written as it is (a key, punctuation), from a string
 * literal: folio_string_literal (). */
#define folio_json_literal(out, lit) folio_string_literal ((out), lit)

void folio_json_string (GString *out, const char *s);
void folio_json_number (GString *out, double v);
void folio_json_hundredths (GString *out, gint64 c);
void folio_json_uint (GString *out, guint64 v);
void folio_json_bool (GString *out, gboolean v);
/* ,"key": (with the comma unless @first) */
void folio_json_key (GString *out, const char *key, gboolean first);

/* ------------------------------------------------------------ reading */

typedef enum {
  FOLIO_JSON_NULL,
  FOLIO_JSON_BOOL,
  FOLIO_JSON_INT,     /* a number without fraction or exponent */
  FOLIO_JSON_DOUBLE,  /* one with either */
  FOLIO_JSON_STRING,
  FOLIO_JSON_ARRAY,
  FOLIO_JSON_OBJECT,
} FolioJsonType;

/* One value of a parsed record.  A container's members follow it in the
 * array: the first at node + 1, each next one at member + member->span. */
typedef struct {
  const char *key;    /* the member's name if in an object (NUL-terminated), else NULL */
  union {
    const char *s;    /* STRING: NUL-terminated, in the record's buffer; big INT: its literal */
    gint64 i;         /* INT */
    double d;         /* DOUBLE */
    gboolean b;       /* BOOL */
  } v;
  guint32 key_len;
  guint32 len;        /* STRING: bytes before the first NUL; ARRAY, OBJECT: members; big INT: bytes of the literal */
  guint32 span;       /* nodes in this value, itself included */
  guint8 type;        /* FolioJsonType */
  guint8 big;         /* INT: past 64 bits (only its literal is kept) */
} FolioJsonNode;

/* Values in one record, at most: 128 MiB of nodes (a record of 64 MiB
 * could hold 32 million). */
#define FOLIO_JSON_MAX_VALUES (4u * 1024u * 1024u)

/* Reused from record to record: no allocation per node. */
typedef struct {
  FolioJsonNode *nodes;
  guint32 n_nodes, size;
} FolioJsonParser;

#define FOLIO_JSON_PARSER_INIT { NULL, 0, 0 }

void folio_json_parser_clear (FolioJsonParser *parser);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FolioJsonParser, folio_json_parser_clear)

/**
 * folio_json_parse:
 * Parses @text[0..@len), which must be exactly one JSON value as RFC 8259
 * defines it (as folio_json_check() tells), into @parser's nodes; the root
 * is @parser->nodes[0].  Strings are decoded in place in @text and
 * NUL-terminated there (over their closing quote), so @text must stay alive
 * and unmodified as long as the nodes are used, and is no longer JSON.  A
 * "\u0000" ends a string, as a C string.  On failure, as folio_json_check().
 */
gboolean folio_json_parse (FolioJsonParser *parser, char *text, gsize len, guint max_depth,
                           const char **why, gsize *offset);

/* Member @key of @object, or NULL (also when @object is NULL or not an
 * object); of a name given twice, the last. */
const FolioJsonNode *folio_json_member (const FolioJsonNode *object, const char *key);

/* A number's value: an INT's converted (a big one from its literal). */
double folio_json_double (const FolioJsonNode *n);

/* An INT as written (transfer full), for messages. */
char *folio_json_int_to_string (const FolioJsonNode *n);

static inline const FolioJsonNode *
folio_json_next (const FolioJsonNode *n)
{
  return n + n->span;
}

static inline gboolean
folio_json_is_int (const FolioJsonNode *n)
{
  return n != NULL && n->type == FOLIO_JSON_INT;
}

static inline gboolean
folio_json_is_number (const FolioJsonNode *n)
{
  return n != NULL && (n->type == FOLIO_JSON_INT || n->type == FOLIO_JSON_DOUBLE);
}

/**
 * folio_json_check:
 * Checks that @text[0..@len) is exactly one JSON value as RFC 8259 defines
 * it (json-glib also takes comments, single quotes, hex numbers...), nested
 * at most @max_depth deep, with no lone surrogate in a \u escape.  On
 * failure sets @why to a static description and @offset to the byte where it
 * went wrong.  The same parser as folio_json_parse(), writing nothing.
 */
gboolean folio_json_check (const char *text, gsize len, guint max_depth,
                           const char **why, gsize *offset);
