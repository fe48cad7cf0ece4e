// The librdkafka C API (Debian: librdkafka-dev), imported into Swift as the `CRdKafka` module.
// Nothing is vendored: the headers and the library come from the system (pkg-config `rdkafka`).
#ifndef AUGUR_CRDKAFKA_SHIM_H
#define AUGUR_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#endif
