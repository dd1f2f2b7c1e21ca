#include "folio-tool.h"

int
main (int argc, char **argv)
{
  folio_tool_init ("folio-segment");
  return folio_tool_exit (folio_tool_segment (argc, argv));
}
