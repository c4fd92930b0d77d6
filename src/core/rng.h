// Deterministic random numbers (same seed, same result on every platform): xorshift64* + Box-Muller.
#pragma once
#include <cmath>
#include <cstdint>

namespace ga {

struct Rng {
    uint64_t s;
    explicit Rng(uint64_t seed = 1337) : s(seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull) { if (!s) s = 1; }
    uint64_t next_u64() { s ^= s >> 12; s ^= s << 25; s ^= s >> 27; return s * 0x2545F4914F6CDD1Dull; }
    uint32_t next_u32() { return uint32_t(next_u64() >> 32); }
    float uniform() { return float(next_u64() >> 40) * (1.0f / 16777216.0f); }   // [0,1)
    int below(int n) { return int((next_u64() >> 33) % uint64_t(n)); }
    float normal() {
        float u1 = uniform(), u2 = uniform();
        if (u1 < 1e-7f) u1 = 1e-7f;
        return std::sqrt(-2.0f * std::log(u1)) * std::cos(6.28318530718f * u2);
    }
};

} // namespace ga
