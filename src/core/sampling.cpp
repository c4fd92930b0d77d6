#include "sampling.h"
#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace ga {

int sample_token(const float* logits, int V, float temperature, int top_k, Rng& rng) {
    if (temperature <= 0.0f) return int(std::max_element(logits, logits + V) - logits);
    float threshold = -INFINITY;
    if (top_k > 0 && top_k < V) {
        // a per-thread copy for nth_element: generation steps allocate nothing after the first
        static thread_local std::vector<float> sorted;
        sorted.assign(logits, logits + V);
        std::nth_element(sorted.begin(), sorted.begin() + (top_k - 1), sorted.end(), std::greater<float>());
        threshold = sorted[top_k - 1];
    }
    const float maxv = *std::max_element(logits, logits + V);
    // two passes over the same exp values (recomputed identically) instead of storing them
    auto weight = [&](int i) { return std::exp(double(logits[i] - maxv) / temperature); };
    double sum = 0.0;
    for (int i = 0; i < V; i++)
        if (logits[i] >= threshold) sum += weight(i);
    const double u = double(rng.uniform()) * sum;
    double acc = 0.0;
    int last = 0;
    for (int i = 0; i < V; i++) {
        if (!(logits[i] >= threshold)) continue;
        const double p = weight(i);
        if (p <= 0.0) continue;
        acc += p;
        last = i;
        if (u < acc) return i;
    }
    return last;  // rounding at the very end of the cumulative sum
}

} // namespace ga
