#include "augur_crc32c.h"

#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>

int augur_crc32c_hardware_available(void) {
    return __builtin_cpu_supports("sse4.2") ? 1 : 0;
}

// Compiled for SSE 4.2 on its own, so the rest of the binary still runs on any x86-64.
__attribute__((target("sse4.2")))
uint32_t augur_crc32c_hardware_update(uint32_t state, const void *bytes, size_t length) {
    const unsigned char *p = bytes;
    uint64_t crc = state;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);  // an unaligned load
        crc = _mm_crc32_u64(crc, word);
        p += 8;
        length -= 8;
    }
    uint32_t crc32 = (uint32_t)crc;
    while (length > 0) {
        crc32 = _mm_crc32_u8(crc32, *p);
        p += 1;
        length -= 1;
    }
    return crc32;
}

#else

int augur_crc32c_hardware_available(void) {
    return 0;
}

uint32_t augur_crc32c_hardware_update(uint32_t state, const void *bytes, size_t length) {
    (void)bytes;
    (void)length;
    return state;  // never called: the tables are used instead
}

#endif
