/* folio.h: everything libfolio offers. */
#pragma once

#include "folio-version.h"
#include "folio-error.h"
#include "folio-document.h"
#include "folio-stream.h"
#include "folio-extract.h"
#include "folio-strip.h"
#include "folio-segment.h"
#include "folio-emit.h"
#include "folio-diff.h"
