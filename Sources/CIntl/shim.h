// glibc's gettext and setlocale, which Swift's Glibc module does not import. No library to link:
// both are part of the C library.
#include <libintl.h>
#include <locale.h>
