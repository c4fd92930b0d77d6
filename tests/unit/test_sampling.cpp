// sample_token (src/core/sampling.*), the one next-token picker of the CLI's generate, the page's
// anatomy.generate() and the inspector: greedy at temperature <= 0, softmax(logits / T) otherwise,
// restricted to the top_k largest logits. Frequencies are checked against the exact
// probabilities over many draws of the deterministic Rng (so the test cannot flake).
#include <catch2/catch.hpp>
#include "sampling.h"
#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

using namespace ga;

namespace {

// Draw n tokens; return how often each of the V tokens came out.
std::vector<int> histogram(const std::vector<float>& logits, float temperature, int top_k, int n, uint64_t seed) {
    Rng rng(seed);
    std::vector<int> count(logits.size(), 0);
    int outside = 0;
    for (int i = 0; i < n; i++) {
        const int t = sample_token(logits.data(), int(logits.size()), temperature, top_k, rng);
        if (t >= 0 && t < int(logits.size())) count[size_t(t)]++;
        else outside++;
    }
    REQUIRE(outside == 0);
    return count;
}

// softmax(logits / temperature) over the tokens whose logit is among the top_k largest (all if top_k <= 0).
std::vector<double> expected(const std::vector<float>& logits, float temperature, int top_k) {
    std::vector<float> sorted(logits);
    std::sort(sorted.begin(), sorted.end(), std::greater<float>());
    const float threshold = (top_k > 0 && top_k < int(logits.size())) ? sorted[size_t(top_k - 1)] : -INFINITY;
    std::vector<double> p(logits.size(), 0.0);
    double sum = 0.0;
    for (size_t i = 0; i < logits.size(); i++)
        if (logits[i] >= threshold) sum += (p[i] = std::exp(double(logits[i]) / temperature));
    for (double& x : p) x /= sum;
    return p;
}

// Every frequency within 5 standard deviations of its probability (binomial), and tokens of
// probability 0 never drawn.
void check_frequencies(const std::vector<int>& count, const std::vector<double>& p, int n) {
    for (size_t i = 0; i < p.size(); i++) {
        const double f = double(count[i]) / n, sd = std::sqrt(p[i] * (1.0 - p[i]) / n);
        INFO("token " << i << ": drawn " << f << ", probability " << p[i]);
        if (p[i] == 0.0) CHECK(count[i] == 0);
        else CHECK(std::fabs(f - p[i]) <= 5.0 * sd + 1e-9);
    }
}

const std::vector<float> kLogits = {1.0f, 3.0f, -0.5f, 2.0f, 0.0f, 2.5f, -2.0f, 1.5f};  // argmax 1, then 5, 3, 7

} // namespace

TEST_CASE("sample_token: temperature <= 0 is greedy (argmax, first of equal maxima), and draws no randomness", "[sampling]") {
    for (float temperature : {0.0f, -1.0f}) {
        Rng rng(7), untouched(7);
        for (int top_k : {0, 1, 3, 100}) CHECK(sample_token(kLogits.data(), int(kLogits.size()), temperature, top_k, rng) == 1);
        CHECK(rng.next_u64() == untouched.next_u64());
    }
    const std::vector<float> ties = {0.5f, 4.0f, 4.0f, -1.0f};
    Rng rng(1);
    CHECK(sample_token(ties.data(), 4, 0.0f, 0, rng) == 1);
    const float one = 3.0f;
    CHECK(sample_token(&one, 1, 0.0f, 0, rng) == 0);
    CHECK(sample_token(&one, 1, 1.0f, 0, rng) == 0);
}

TEST_CASE("sample_token: at temperature T tokens are drawn with probability softmax(logits / T)", "[sampling]") {
    const int n = 40000;
    for (float temperature : {1.0f, 0.5f, 2.0f}) {
        INFO("temperature " << temperature);
        check_frequencies(histogram(kLogits, temperature, 0, n, 11), expected(kLogits, temperature, 0), n);
    }
    // A low temperature concentrates on the argmax, a high one flattens towards uniform.
    const auto cold = histogram(kLogits, 0.05f, 0, 2000, 3);
    CHECK(cold[1] >= 1990);
    const auto hot = histogram(kLogits, 1000.0f, 0, n, 5);
    for (int c : hot) CHECK(std::fabs(double(c) / n - 1.0 / 8) < 0.01);
}

TEST_CASE("sample_token: top_k keeps only the k largest logits, renormalised, k <= 0 or >= V keeps all", "[sampling]") {
    const int n = 40000;
    for (int top_k : {1, 2, 3, 5}) {
        INFO("top_k " << top_k);
        const auto count = histogram(kLogits, 1.0f, top_k, n, 21);
        const auto p = expected(kLogits, 1.0f, top_k);
        int nonzero = 0;
        for (double x : p) nonzero += x > 0.0;
        REQUIRE(nonzero == top_k);
        check_frequencies(count, p, n);
    }
    CHECK(histogram(kLogits, 1.0f, 1, 500, 2)[1] == 500);  // top_k = 1 is greedy at any temperature
    for (int top_k : {0, -3, 8, 50}) {
        INFO("top_k " << top_k);
        const auto count = histogram(kLogits, 1.0f, top_k, n, 31);
        check_frequencies(count, expected(kLogits, 1.0f, 0), n);
        for (int c : count) CHECK(c > 0);
    }
}

TEST_CASE("sample_token: masked logits (-inf) are never drawn, huge logits do not overflow", "[sampling]") {
    const std::vector<float> masked = {-INFINITY, 0.0f, -INFINITY, 0.0f, -INFINITY};
    const auto count = histogram(masked, 1.0f, 0, 4000, 8);
    CHECK(count[0] + count[2] + count[4] == 0);
    CHECK(std::abs(count[1] - count[3]) < 300);
    const std::vector<float> huge = {1e30f, 1e30f - 1e24f, -1e30f};
    const auto h = histogram(huge, 1.0f, 0, 200, 9);
    CHECK(h[0] == 200);
}

TEST_CASE("sample_token: the same seed gives the same tokens, another seed other tokens", "[sampling]") {
    auto draw = [](uint64_t seed) {
        Rng rng(seed);
        std::vector<int> out;
        for (int i = 0; i < 64; i++) out.push_back(sample_token(kLogits.data(), int(kLogits.size()), 1.0f, 4, rng));
        return out;
    };
    CHECK(draw(42) == draw(42));
    CHECK(draw(42) != draw(43));
}
