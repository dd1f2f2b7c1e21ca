/* SHA-256 of the input, on the CPU's SHA extensions when it has them
 * (x86-64 SHA-NI: some 20 times faster than GChecksum's portable code),
 * on GChecksum otherwise. */
#pragma once

#include <glib.h>

/* A digest over data given in pieces (a file read in chunks). */
typedef struct {
  GChecksum *portable;   /* (nullable) in use when the CPU has no SHA extensions */
  guint32 h[8];
  guint8 block[64];      /* a block begun */
  gsize held;            /* bytes of it */
  guint64 total;
} FolioSha256;

void folio_sha256_init (FolioSha256 *s);
void folio_sha256_update (FolioSha256 *s, const guint8 *data, gsize len);
/* The digest as 64 lowercase hex digits (transfer full); @s is done with. */
char *folio_sha256_finish (FolioSha256 *s);

/* The digest of @len bytes at @data, as 64 lowercase hex digits (transfer full). */
char *folio_sha256_hex (const guint8 *data, gsize len);

/* For the tests: the same, on GChecksum even when the CPU could do better. */
char *folio_sha256_hex_portable (const guint8 *data, gsize len);

/* Whether folio_sha256_hex() uses the CPU's SHA extensions. */
gboolean folio_sha256_accelerated (void);
