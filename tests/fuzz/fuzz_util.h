// Shared by the fuzz targets: how an invariant fails, and what every error message must be.
// Each target is one .cpp with LLVMFuzzerTestOneInput, built with libFuzzer (cmake/fuzz.cmake,
// scripts/fuzz.sh) and as a plain replay program over its corpus (replay_main.cpp) natively and
// under node.
#pragma once
#include "quote.h"

#include <cstdio>
#include <cstdlib>
#include <string>

// Set by replay_main to count failures instead of aborting (libFuzzer wants the abort).
extern "C" void (*ga_fuzz_failure_hook)(const char* what);

namespace gafuzz {

inline void check(bool ok, const char* what) {
    if (ok) return;
    if (ga_fuzz_failure_hook) {
        ga_fuzz_failure_hook(what);
        return;
    }
    std::fprintf(stderr, "fuzz target: invariant violated: %s\n", what);
    std::abort();
}

// An error shown to the user: one line, short, valid UTF-8, every outside name escaped
// (ga::message_is_safe: no control character, no bidi override, no line separator).
inline bool safe_error(const std::string& e) { return ga::message_is_safe(e, 2000); }

} // namespace gafuzz
