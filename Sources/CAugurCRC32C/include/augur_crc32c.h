// CRC-32C with the CPU's own instruction (SSE 4.2 `crc32` on x86-64), chosen at run time. AugurLog uses it
// for log frame checksums when augur_crc32c_hardware_available() says so, and its lookup tables otherwise.
#ifndef AUGUR_CRC32C_H
#define AUGUR_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU computes CRC-32C in hardware and augur_crc32c_hardware_update may be called, else 0.
int augur_crc32c_hardware_available(void);

/// Continues the raw (not yet inverted) CRC-32C register `state` over `length` bytes at `bytes`; only call it
/// when augur_crc32c_hardware_available() returned 1.
uint32_t augur_crc32c_hardware_update(uint32_t state, const void *bytes, size_t length);

#endif
