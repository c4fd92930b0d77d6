// The allocator's own view of the wasm heap, for the soak test (tests/e2e/soak.mjs): the heap's
// size (HEAPU8.length) only ever grows, so a leak hides inside it; the bytes malloc has handed out
// and not got back (dlmalloc's mallinfo) show it. Called from the page as
// Module.ccall('ga_js_heap_in_use', 'number') between frames.
#include <emscripten.h>
#include <malloc.h>

extern "C" {
// Bytes in use by malloc (allocated and not freed), a double so values above 2 GB stay exact.
EMSCRIPTEN_KEEPALIVE double ga_js_heap_in_use() {
    const struct mallinfo mi = mallinfo();
    return double(unsigned(mi.uordblks));
}
}
