// Fast kernels (kernels_simd.cpp: SSE natively, wasm SIMD under node) against their scalar twins
// (kernels_scalar.cpp), on random data at sizes below, equal to, above and multiples of the unroll
// widths (4 and 8 lanes, the 4×8 GEMM tile, the KC/MC/NC blocks), as XNNPACK tests its ukernels.
// Backward kernels accumulate: their outputs start from the same random values on both sides.
#include <catch2/catch.hpp>

#include "bench.h"
#include "json.h"
#include "kernels.h"
#include "threads.h"
#include "params.h"
#include "rng.h"

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

using namespace ga;
using Catch::Matchers::WithinAbs;

namespace {

const int kSizes[] = {1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 64, 65};

std::vector<float> random_vec(size_t n, Rng& rng, float lo = -1.0f, float hi = 1.0f) {
    std::vector<float> v(n);
    for (auto& x : v) x = lo + (hi - lo) * rng.uniform();
    return v;
}

// One assertion per case: the element that is worst relative to its tolerance |ref|·rel + abs.
void check_close(const std::vector<float>& ref, const std::vector<float>& got, double abs_tol, double rel_tol,
                 const std::string& what) {
    REQUIRE(ref.size() == got.size());
    size_t worst = 0;
    double worst_ratio = -1.0;
    for (size_t i = 0; i < ref.size(); i++) {
        const double tol = abs_tol + rel_tol * std::fabs((double)ref[i]);
        const double d = std::fabs((double)got[i] - (double)ref[i]);
        const double ratio = std::isfinite(d) ? d / tol : 1e30;
        if (ratio > worst_ratio) { worst_ratio = ratio; worst = i; }
    }
    if (ref.empty()) return;
    INFO(what << " [" << worst << " of " << ref.size() << "]");
    REQUIRE_THAT(got[worst], WithinAbs(ref[worst], abs_tol + rel_tol * std::fabs((double)ref[worst])));
}

} // namespace

TEST_CASE("kernels_isa names the instruction set the fast kernels were built for", "[kernels]") {
    const std::string isa = kernels_isa();
#if defined(GA_FORCE_SCALAR)
    CHECK(isa == "scalar");
#elif defined(__wasm_simd128__)
    CHECK(isa == "wasm-simd128");
#elif defined(__SSE2__)
    CHECK((isa == "sse2" || isa == "sse2+avx2"));
#else
    CHECK(!isa.empty());
#endif
}

TEST_CASE("matmul forward/backward fast == scalar at every tile edge", "[kernels][matmul]") {
    Rng rng(42);
    int cases = 0;
    for (int N : kSizes)
        for (int C : kSizes)
            for (int OC : kSizes) {
                // a third of the combinations, spread over all three dims, keeps the test quick under node
                if ((N * 7 + C * 3 + OC) % 3 != 0 && !(N == 1 || C == 1 || OC == 1)) continue;
                cases++;
                const std::string tag = "N=" + std::to_string(N) + " C=" + std::to_string(C) + " OC=" + std::to_string(OC);
                auto inp = random_vec((size_t)N * C, rng);
                auto w = random_vec((size_t)C * OC, rng);
                auto bias = random_vec(OC, rng);
                auto dout = random_vec((size_t)N * OC, rng);
                const double tolK = 2e-6 * std::sqrt((double)C) * 4;   // sums of C products of |x|<1
                const double tolOC = 2e-6 * std::sqrt((double)OC) * 4;
                const double tolN = 2e-6 * std::sqrt((double)N) * 4;

                std::vector<float> ref((size_t)N * OC, 7.0f), got((size_t)N * OC, -7.0f);
                matmul_forward_scalar(ref.data(), inp.data(), w.data(), bias.data(), N, C, OC);
                matmul_forward(got.data(), inp.data(), w.data(), bias.data(), N, C, OC);
                check_close(ref, got, tolK, 1e-5, "forward " + tag);
                matmul_forward_scalar(ref.data(), inp.data(), w.data(), nullptr, N, C, OC);
                matmul_forward(got.data(), inp.data(), w.data(), nullptr, N, C, OC);
                check_close(ref, got, tolK, 1e-5, "forward no bias " + tag);

                auto dinp0 = random_vec((size_t)N * C, rng);
                auto dref = dinp0, dgot = dinp0;
                matmul_backward_input_scalar(dref.data(), dout.data(), w.data(), N, C, OC);
                matmul_backward_input(dgot.data(), dout.data(), w.data(), N, C, OC);
                check_close(dref, dgot, tolOC, 1e-5, "backward_input " + tag);

                auto dw0 = random_vec((size_t)C * OC, rng), db0 = random_vec(OC, rng);
                auto dwref = dw0, dwgot = dw0, dbref = db0, dbgot = db0;
                matmul_backward_weight_scalar(dwref.data(), dbref.data(), dout.data(), inp.data(), N, C, OC);
                matmul_backward_weight(dwgot.data(), dbgot.data(), dout.data(), inp.data(), N, C, OC);
                check_close(dwref, dwgot, tolN, 1e-5, "backward_weight dw " + tag);
                check_close(dbref, dbgot, tolN, 1e-5, "backward_weight dbias " + tag);
                // dbias may be null
                auto dwgot2 = dw0;
                matmul_backward_weight(dwgot2.data(), nullptr, dout.data(), inp.data(), N, C, OC);
                check_close(dwref, dwgot2, tolN, 1e-5, "backward_weight (no dbias) " + tag);
            }
    CHECK(cases > 500);
}

TEST_CASE("matmul crosses the KC, MC and NC blocks and GPT shapes", "[kernels][matmul]") {
    // KC = 256 (depth), MC = 128 (rows), NC = 1024 (columns): one size past each, odd everywhere
    struct Shape { int N, C, OC; };
    const Shape shapes[] = {{129, 257, 33}, {257, 37, 1031}, {64, 513, 19}, {37, 128, 384}, {33, 512, 128},
                            {2, 300, 1025}};
    Rng rng(7);
    for (const Shape& s : shapes) {
        const std::string tag = "N=" + std::to_string(s.N) + " C=" + std::to_string(s.C) + " OC=" + std::to_string(s.OC);
        auto inp = random_vec((size_t)s.N * s.C, rng), w = random_vec((size_t)s.C * s.OC, rng);
        auto bias = random_vec(s.OC, rng), dout = random_vec((size_t)s.N * s.OC, rng);
        std::vector<float> ref((size_t)s.N * s.OC), got((size_t)s.N * s.OC);
        matmul_forward_scalar(ref.data(), inp.data(), w.data(), bias.data(), s.N, s.C, s.OC);
        matmul_forward(got.data(), inp.data(), w.data(), bias.data(), s.N, s.C, s.OC);
        check_close(ref, got, 1e-5 * std::sqrt((double)s.C), 1e-5, "forward " + tag);

        auto dinp0 = random_vec((size_t)s.N * s.C, rng);
        auto dref = dinp0, dgot = dinp0;
        matmul_backward_input_scalar(dref.data(), dout.data(), w.data(), s.N, s.C, s.OC);
        matmul_backward_input(dgot.data(), dout.data(), w.data(), s.N, s.C, s.OC);
        check_close(dref, dgot, 1e-5 * std::sqrt((double)s.OC), 1e-5, "backward_input " + tag);

        auto dw0 = random_vec((size_t)s.C * s.OC, rng), db0 = random_vec(s.OC, rng);
        auto dwref = dw0, dwgot = dw0, dbref = db0, dbgot = db0;
        matmul_backward_weight_scalar(dwref.data(), dbref.data(), dout.data(), inp.data(), s.N, s.C, s.OC);
        matmul_backward_weight(dwgot.data(), dbgot.data(), dout.data(), inp.data(), s.N, s.C, s.OC);
        check_close(dwref, dwgot, 1e-5 * std::sqrt((double)s.N), 1e-5, "backward_weight dw " + tag);
        check_close(dbref, dbgot, 1e-5 * std::sqrt((double)s.N), 1e-5, "backward_weight dbias " + tag);
    }
}

TEST_CASE("matmul on a tiny hand-checked product", "[kernels][matmul]") {
    // inp (2,3) · w (3,2) + b
    const float inp[] = {1, 2, 3, 4, 5, 6};
    const float w[] = {1, 0, 0, 1, 1, 1};
    const float b[] = {0.5f, -1};
    float out[4];
    matmul_forward(out, inp, w, b, 2, 3, 2);
    CHECK(out[0] == 4.5f);   // 1 + 3 + .5
    CHECK(out[1] == 4.0f);   // 2 + 3 - 1
    CHECK(out[2] == 10.5f);  // 4 + 6 + .5
    CHECK(out[3] == 10.0f);  // 5 + 6 - 1
    float dinp[6] = {0, 0, 0, 0, 0, 0};
    const float dout[] = {1, 2, 3, 4};
    matmul_backward_input(dinp, dout, w, 2, 3, 2);  // dout · wᵀ
    CHECK(dinp[0] == 1.0f); CHECK(dinp[1] == 2.0f); CHECK(dinp[2] == 3.0f);
    CHECK(dinp[3] == 3.0f); CHECK(dinp[4] == 4.0f); CHECK(dinp[5] == 7.0f);
    float dw[6] = {0, 0, 0, 0, 0, 0}, db[2] = {1, 1};
    matmul_backward_weight(dw, db, dout, inp, 2, 3, 2);  // inpᵀ · dout
    CHECK(dw[0] == 13.0f); CHECK(dw[1] == 18.0f);
    CHECK(dw[2] == 17.0f); CHECK(dw[3] == 24.0f);
    CHECK(dw[4] == 21.0f); CHECK(dw[5] == 30.0f);
    CHECK(db[0] == 5.0f); CHECK(db[1] == 7.0f);
}

TEST_CASE("layernorm forward/backward fast == scalar", "[kernels][layernorm]") {
    Rng rng(3);
    for (int N : {1, 3, 5})
        for (int C : kSizes) {
            const std::string tag = "N=" + std::to_string(N) + " C=" + std::to_string(C);
            auto inp = random_vec((size_t)N * C, rng, -2.0f, 3.0f);  // non-zero mean
            auto w = random_vec(C, rng, 0.5f, 1.5f), b = random_vec(C, rng);
            std::vector<float> out_r((size_t)N * C), out_f((size_t)N * C), mean_r(N), mean_f(N), rstd_r(N), rstd_f(N);
            layernorm_forward_scalar(out_r.data(), mean_r.data(), rstd_r.data(), inp.data(), w.data(), b.data(), N, C);
            layernorm_forward(out_f.data(), mean_f.data(), rstd_f.data(), inp.data(), w.data(), b.data(), N, C);
            check_close(out_r, out_f, 2e-5, 2e-5, "layernorm out " + tag);
            check_close(mean_r, mean_f, 1e-6, 1e-5, "layernorm mean " + tag);
            check_close(rstd_r, rstd_f, 1e-6, 2e-5, "layernorm rstd " + tag);

            auto dout = random_vec((size_t)N * C, rng);
            auto dinp0 = random_vec((size_t)N * C, rng), dw0 = random_vec(C, rng), db0 = random_vec(C, rng);
            auto dinp_r = dinp0, dinp_f = dinp0, dw_r = dw0, dw_f = dw0, db_r = db0, db_f = db0;
            layernorm_backward_scalar(dinp_r.data(), dw_r.data(), db_r.data(), dout.data(), inp.data(), w.data(),
                                      mean_r.data(), rstd_r.data(), N, C);
            layernorm_backward(dinp_f.data(), dw_f.data(), db_f.data(), dout.data(), inp.data(), w.data(),
                               mean_r.data(), rstd_r.data(), N, C);
            check_close(dinp_r, dinp_f, 5e-5, 2e-5, "layernorm dinp " + tag);
            check_close(dw_r, dw_f, 2e-5, 1e-5, "layernorm dw " + tag);
            check_close(db_r, db_f, 1e-6, 1e-6, "layernorm db " + tag);
        }
}

TEST_CASE("gelu forward/backward fast == scalar, including the saturated tails", "[kernels][gelu]") {
    Rng rng(5);
    std::vector<size_t> sizes(std::begin(kSizes), std::end(kSizes));
    sizes.push_back(1000);
    for (size_t n : sizes) {
        const std::string tag = "n=" + std::to_string(n);
        auto inp = random_vec(n, rng, -6.0f, 6.0f);
        const float extremes[] = {0.0f, -0.0f, 1e-7f, -1e-7f, 12.0f, -12.0f, 40.0f, -40.0f, 3000.0f, -3000.0f};
        for (size_t i = 0; i < n && i < 10; i++) inp[(i * 7) % n] = extremes[i];
        std::vector<float> out_r(n), out_f(n);
        gelu_forward_scalar(out_r.data(), inp.data(), n);
        gelu_forward(out_f.data(), inp.data(), n);
        check_close(out_r, out_f, 2e-6, 2e-6, "gelu out " + tag);

        auto dout = random_vec(n, rng);
        auto d0 = random_vec(n, rng);
        auto d_r = d0, d_f = d0;
        gelu_backward_scalar(d_r.data(), inp.data(), dout.data(), n);
        gelu_backward(d_f.data(), inp.data(), dout.data(), n);
        check_close(d_r, d_f, 4e-6, 4e-6, "gelu dinp " + tag);
    }
}

TEST_CASE("attention forward/backward fast == scalar for odd head sizes and lengths", "[kernels][attention]") {
    Rng rng(11);
    const int Ts[] = {1, 3, 4, 5, 8, 9, 17};
    const int hss[] = {1, 3, 4, 5, 8, 9, 16, 17};
    for (int B : {1, 2})
        for (int T : Ts)
            for (int hs : hss)
                for (int NH : {1, 3}) {
                    const int C = hs * NH;
                    const std::string tag = "B=" + std::to_string(B) + " T=" + std::to_string(T) + " NH=" +
                                            std::to_string(NH) + " hs=" + std::to_string(hs);
                    auto qkv = random_vec((size_t)B * T * 3 * C, rng, -1.5f, 1.5f);
                    const size_t natt = (size_t)B * NH * T * T;
                    std::vector<float> out_r((size_t)B * T * C), out_f((size_t)B * T * C);
                    std::vector<float> pre_r(natt, 3.0f), pre_f(natt, -3.0f), att_r(natt, 3.0f), att_f(natt, -3.0f);
                    attention_forward_scalar(out_r.data(), pre_r.data(), att_r.data(), qkv.data(), B, T, C, NH);
                    attention_forward(out_f.data(), pre_f.data(), att_f.data(), qkv.data(), B, T, C, NH);
                    check_close(pre_r, pre_f, 1e-5, 1e-5, "attention preatt " + tag);
                    check_close(att_r, att_f, 1e-6, 1e-5, "attention att " + tag);
                    check_close(out_r, out_f, 2e-6, 1e-5, "attention out " + tag);

                    auto dout = random_vec((size_t)B * T * C, rng);
                    auto dqkv0 = random_vec((size_t)B * T * 3 * C, rng);
                    auto dqkv_r = dqkv0, dqkv_f = dqkv0;
                    std::vector<float> dpre_r(natt, 5.0f), dpre_f(natt, -5.0f), datt_r(natt, 5.0f), datt_f(natt, -5.0f);
                    attention_backward_scalar(dqkv_r.data(), dpre_r.data(), datt_r.data(), dout.data(), qkv.data(),
                                              att_r.data(), B, T, C, NH);
                    attention_backward(dqkv_f.data(), dpre_f.data(), datt_f.data(), dout.data(), qkv.data(),
                                       att_r.data(), B, T, C, NH);
                    check_close(dqkv_r, dqkv_f, 1e-5, 1e-5, "attention dqkv " + tag);
                    check_close(datt_r, datt_f, 1e-5, 1e-5, "attention datt " + tag);
                    check_close(dpre_r, dpre_f, 1e-5, 1e-5, "attention dpreatt " + tag);
                }
}

TEST_CASE("backward kernels with accumulate = false overwrite: the values of zeroing first, then accumulating",
          "[kernels]") {
    // the model's backward overwrites its scratch activation gradients instead of zeroing them;
    // the result must be the one of a zeroed buffer, exactly (compared with ==: +0 and -0 agree)
    Rng rng(29);
    auto same = [](const std::vector<float>& a, const std::vector<float>& b) {
        if (a.size() != b.size()) return false;
        for (size_t i = 0; i < a.size(); i++)
            if (!(a[i] == b[i])) return false;
        return true;
    };
    for (int N : {1, 3, 4, 9, 64})
        for (int C : {5, 16, 33}) {
            const int OC = 2 * C + 3;
            const std::string tag = "N=" + std::to_string(N) + " C=" + std::to_string(C);
            auto dout = random_vec((size_t)N * OC, rng), w = random_vec((size_t)C * OC, rng);
            std::vector<float> zeroed((size_t)N * C, 0.0f), over((size_t)N * C, 9.0f), zeroed_s = zeroed, over_s = over;
            matmul_backward_input(zeroed.data(), dout.data(), w.data(), N, C, OC);
            matmul_backward_input(over.data(), dout.data(), w.data(), N, C, OC, false);
            matmul_backward_input_scalar(zeroed_s.data(), dout.data(), w.data(), N, C, OC);
            matmul_backward_input_scalar(over_s.data(), dout.data(), w.data(), N, C, OC, false);
            INFO(tag);
            CHECK(same(zeroed, over));
            CHECK(same(zeroed_s, over_s));

            const size_t n = (size_t)N * OC;
            auto inp = random_vec(n, rng, -4.0f, 4.0f);
            std::vector<float> gz(n, 0.0f), go(n, -9.0f), gzs = gz, gos = go;
            gelu_backward(gz.data(), inp.data(), dout.data(), n);
            gelu_backward(go.data(), inp.data(), dout.data(), n, false);
            gelu_backward_scalar(gzs.data(), inp.data(), dout.data(), n);
            gelu_backward_scalar(gos.data(), inp.data(), dout.data(), n, false);
            CHECK(same(gz, go));
            CHECK(same(gzs, gos));

            // the residual add, in place too (generation adds into x itself)
            std::vector<float> rf(n), rs(n), ra = inp;
            residual_forward(rf.data(), inp.data(), dout.data(), n);
            residual_forward_scalar(rs.data(), inp.data(), dout.data(), n);
            residual_forward(ra.data(), ra.data(), dout.data(), n);
            CHECK(same(rf, rs));
            CHECK(same(rf, ra));
            fill_zero(ra.data(), n);
            CHECK(same(ra, std::vector<float>(n, 0.0f)));
        }
    for (int T : {1, 5, 17})
        for (int NH : {1, 3}) {
            const int B = 2, hs = 5, C = hs * NH;
            auto qkv = random_vec((size_t)B * T * 3 * C, rng), dout = random_vec((size_t)B * T * C, rng);
            const size_t natt = (size_t)B * NH * T * T;
            std::vector<float> ao((size_t)B * T * C), pre(natt), att(natt), dpre(natt), datt(natt);
            attention_forward(ao.data(), pre.data(), att.data(), qkv.data(), B, T, C, NH);
            std::vector<float> dz(qkv.size(), 0.0f), dov(qkv.size(), 9.0f), dzs = dz, dos = dov;
            attention_backward(dz.data(), dpre.data(), datt.data(), dout.data(), qkv.data(), att.data(), B, T, C, NH);
            attention_backward(dov.data(), dpre.data(), datt.data(), dout.data(), qkv.data(), att.data(), B, T, C, NH, false);
            attention_backward_scalar(dzs.data(), dpre.data(), datt.data(), dout.data(), qkv.data(), att.data(), B, T, C, NH);
            attention_backward_scalar(dos.data(), dpre.data(), datt.data(), dout.data(), qkv.data(), att.data(), B, T, C, NH,
                                      false);
            INFO("T=" << T << " NH=" << NH);
            CHECK(same(dz, dov));
            CHECK(same(dzs, dos));
        }
}

TEST_CASE("softmax and fused cross-entropy backward fast == scalar", "[kernels][softmax]") {
    Rng rng(13);
    std::vector<int> Vs(std::begin(kSizes), std::end(kSizes));
    Vs.push_back(1000);
    for (int N : {1, 3})
        for (int V : Vs) {
            const std::string tag = "N=" + std::to_string(N) + " V=" + std::to_string(V);
            auto logits = random_vec((size_t)N * V, rng, -8.0f, 8.0f);
            if (V > 2) logits[1] = 80.0f;  // large logits must not overflow (max-subtracted)
            std::vector<float> p_r((size_t)N * V), p_f((size_t)N * V);
            softmax_forward_scalar(p_r.data(), logits.data(), N, V);
            softmax_forward(p_f.data(), logits.data(), N, V);
            check_close(p_r, p_f, 1e-7, 1e-5, "softmax " + tag);
            for (int n = 0; n < N; n++) {
                double s = 0;
                for (int i = 0; i < V; i++) s += p_f[(size_t)n * V + i];
                CHECK_THAT(s, WithinAbs(1.0, 1e-5));
            }

            std::vector<int> targets(N);
            for (auto& t : targets) t = rng.below(V);
            std::vector<float> d_r((size_t)N * V, 9.0f), d_f((size_t)N * V, -9.0f);
            crossentropy_softmax_backward_scalar(d_r.data(), p_r.data(), targets.data(), 0.125f, N, V);
            crossentropy_softmax_backward(d_f.data(), p_r.data(), targets.data(), 0.125f, N, V);
            check_close(d_r, d_f, 0.0, 0.0, "crossentropy backward " + tag);  // exact: same two operations
        }
}

TEST_CASE("adamw fast == scalar (torch.optim.AdamW order of operations)", "[kernels][adamw]") {
    Rng rng(17);
    std::vector<size_t> sizes(std::begin(kSizes), std::end(kSizes));
    sizes.push_back(1000);
    for (size_t n : sizes)
        for (int t : {1, 2, 10})
            for (float wd : {0.0f, 0.01f}) {
                const std::string tag = "n=" + std::to_string(n) + " t=" + std::to_string(t);
                auto p0 = random_vec(n, rng), g = random_vec(n, rng, -0.1f, 0.1f);
                auto m0 = random_vec(n, rng, -0.01f, 0.01f), v0 = random_vec(n, rng, 0.0f, 0.001f);
                auto p_r = p0, p_f = p0, m_r = m0, m_f = m0, v_r = v0, v_f = v0;
                adamw_update_scalar(p_r.data(), g.data(), m_r.data(), v_r.data(), n, 1e-3f, 0.9f, 0.999f, 1e-8f, wd, t);
                adamw_update(p_f.data(), g.data(), m_f.data(), v_f.data(), n, 1e-3f, 0.9f, 0.999f, 1e-8f, wd, t);
                check_close(p_r, p_f, 1e-7, 1e-6, "adamw p " + tag);
                check_close(m_r, m_f, 1e-9, 1e-6, "adamw m " + tag);
                check_close(v_r, v_f, 1e-12, 1e-6, "adamw v " + tag);
            }
}

// ---- benchmarks (structure only: tests never assert wall-clock figures) --------------------------
TEST_CASE("bench_parse_shapes accepts MxKxN lists and rejects malformed ones", "[bench]") {
    std::vector<int> m, k, n;
    REQUIRE(bench_parse_shapes("512x64x192,8x8x8", &m, &k, &n).empty());
    REQUIRE(m == std::vector<int>{512, 8});
    REQUIRE(k == std::vector<int>{64, 8});
    REQUIRE(n == std::vector<int>{192, 8});
    for (const char* bad : {"", "12x3", "0x1x1", "4x4x4,", "4x4x4x4", "ax4x4", "-1x2x3", "4x4x4 "})
        CHECK_FALSE(bench_parse_shapes(bad, &m, &k, &n).empty());
    bench_default_shapes(false, &m, &k, &n);
    REQUIRE(m.size() == 16);
    CHECK(m[0] == 512);
    CHECK((k[15] == 4 * 768 && n[15] == 768));  // the MLP projection 4C → C
}

TEST_CASE("bench_run measures every requested pass and model and prints the JSON contract", "[bench]") {
    BenchOptions o;
    o.quick = true;
    o.samples = 1;
    REQUIRE(bench_parse_shapes("9x5x3,16x16x16", &o.shape_m, &o.shape_k, &o.shape_n).empty());
    o.models = {"tiny"};
    o.thread_counts = {1};
    BenchResult r;
    REQUIRE(bench_run(o, &r) == "");
    CHECK(r.isa == kernels_isa());
    REQUIRE(r.matmul.size() == 6);
    for (size_t i = 0; i < r.matmul.size(); i++) {
        const char* passes[] = {"forward", "backward_input", "backward_weight"};
        CHECK(r.matmul[i].pass == passes[i % 3]);
        CHECK(r.matmul[i].m == (i < 3 ? 9 : 16));
        CHECK(std::isfinite(r.matmul[i].gflops));
        CHECK(r.matmul[i].gflops > 0.0);
    }
    REQUIRE(r.train.size() == 1);
    CHECK(r.train[0].model == "tiny");
    GPTConfig tiny;  // the defaults are the tiny model: L2 H2 C32 T32 V65
    tiny.n_layer = 2; tiny.n_head = 2; tiny.n_embd = 32; tiny.n_ctx = 32; tiny.vocab_size = 65;
    CHECK(r.train[0].params == param_count(tiny));
    CHECK(r.train[0].tokens_per_s > 0.0);
    CHECK_THAT(r.train[0].tokens_per_s, Catch::Matchers::WithinRel(r.train[0].steps_per_s * r.train[0].B * r.train[0].T, 1e-9));

    const std::string js = bench_to_json(r);
    JsonValue v;
    REQUIRE(json_parse(js.data(), js.size(), &v) == "");
    REQUIRE(v.type == JSON_OBJECT);
    const JsonValue* mm = v.get("matmul");
    const JsonValue* tr = v.get("train");
    REQUIRE(mm);
    REQUIRE(tr);
    REQUIRE(mm->items.size() == 6);
    for (const JsonValue& e : mm->items)
        for (const char* key : {"m", "k", "n", "pass", "gflops"}) CHECK(e.get(key) != nullptr);
    CHECK(mm->items[1].get("pass")->text == "backward_input");
    REQUIRE(tr->items.size() == 1);
    uint64_t params = 0;
    REQUIRE(tr->items[0].get("params"));
    CHECK(tr->items[0].get("params")->as_u64(&params));
    CHECK(params == param_count(tiny));
    for (const char* key : {"model", "tokens_per_s", "steps_per_s"}) CHECK(tr->items[0].get(key) != nullptr);
    CHECK(bench_to_table(r).find("backward_weight") != std::string::npos);
}

TEST_CASE("bench_run: train rows carry threads, generate rows for each model and thread count", "[bench][threads]") {
    BenchOptions o;
    o.quick = true;
    o.samples = 1;
    o.matmul = false;
    o.models = {"tiny"};
    o.gen_models = {"tiny", "small"};
    o.thread_counts = {1, 2};
    BenchResult r;
    REQUIRE(bench_run(o, &r) == "");
    const int before = threads_count();
    const size_t rows = threads_set(2) == 2 ? 2 : 1;  // a build without threads runs 1 thread only
    threads_set(before);
    REQUIRE(r.train.size() == rows);
    CHECK(r.train[0].threads == 1);
    if (rows == 2) CHECK(r.train[1].threads == 2);
    REQUIRE(r.generate.size() == 2 * rows);
    CHECK(r.generate[0].model == "tiny");
    CHECK(r.generate[0].context == 32);  // min(256, n_ctx)
    CHECK(r.generate[rows].model == "small");
    for (auto& g : r.generate) CHECK(g.tokens_per_s > 0.0);
    const std::string js = bench_to_json(r);
    JsonValue v;
    REQUIRE(json_parse(js.data(), js.size(), &v) == "");
    const JsonValue* gen = v.get("generate");
    REQUIRE(gen);
    REQUIRE(gen->items.size() == 2 * rows);
    for (const JsonValue& e : gen->items)
        for (const char* key : {"model", "params", "context", "threads", "tokens_per_s"}) CHECK(e.get(key) != nullptr);
    for (const JsonValue& e : v.get("train")->items) CHECK(e.get("threads") != nullptr);
    o.gen_models = {"gpt5"};
    CHECK(bench_run(o, &r).find("gpt5") != std::string::npos);
    o.gen_models.clear();
    o.thread_counts = {0};
    CHECK(!bench_run(o, &r).empty());
}

TEST_CASE("bench_run rejects unknown passes and models with a reason", "[bench]") {
    BenchOptions o;
    o.quick = true;
    o.passes = {"sideways"};
    BenchResult r;
    CHECK(bench_run(o, &r).find("sideways") != std::string::npos);
    o.passes.clear();
    o.models = {"huge"};
    CHECK(bench_run(o, &r).find("huge") != std::string::npos);
}
