// Teaching one example, knock-outs, edits with undo, and the optimizer state in checkpoints
// (resume gives exactly the steps an uninterrupted run would have taken).
#include <catch2/catch.hpp>

#include "checkpoint.h"
#include "teach.h"
#include "trainer.h"

#include <cmath>
#include <cstring>

using namespace ga;

namespace {

GPT tiny_model(uint64_t seed = 7) {
    GPTConfig c;
    c.n_layer = 2;
    c.n_head = 2;
    c.n_embd = 8;
    c.n_ctx = 8;
    c.vocab_size = 11;
    GPT m;
    REQUIRE(m.init(c) == "");
    m.init_random(seed);
    // non-zero biases and gains so every tensor's gradient path is exercised
    Rng r(seed + 1);
    for (auto& p : m.table)
        if (p.rank == 1)
            for (size_t i = 0; i < p.numel; i++) m.param(p)[i] += 0.1f * r.normal();
    return m;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

} // namespace

TEST_CASE("teach: one SGD step on one example raises P(target) and changes nothing else", "[teach]") {
    GPT m = tiny_model();
    Example ex{{1, 2, 3, 4}, 5};
    m.zero_grad();
    m.grads[3] = 42.0f;  // a "batch gradient" the one-example gradient must not disturb
    const std::vector<float> batch_grads = m.grads;
    TeachResult r;
    REQUIRE(teach_step(m, ex, 0.5f, 10, {{1, 2}, {6, 7, 8}}, 3, &r) == "");
    CHECK(r.p_after > r.p_before);
    CHECK(r.loss_after < r.loss_before);
    CHECK(r.loss_before == Approx(-std::log(r.p_before)).epsilon(1e-5));
    CHECK(same_bits(m.grads, batch_grads));
    REQUIRE(r.top.size() == 10);
    for (size_t i = 1; i < r.top.size(); i++) CHECK(std::fabs(r.top[i - 1].grad) >= std::fabs(r.top[i].grad));
    for (const WeightEntry& e : r.top) {
        CHECK(e.after == e.before - 0.5f * e.grad);
        const ParamTensor& p = m.table[e.tensor];
        CHECK(m.param(p)[e.index] == e.after);  // the step wrote exactly that value
        CHECK(e.index == (size_t)e.row * (p.rank == 2 ? p.cols : 0) + (size_t)e.col);
    }
    REQUIRE(r.side.size() == 2);
    CHECK(r.side[0].before.size() == 3);
    CHECK(r.side[0].after.size() == 3);
    CHECK(predict_prob(m, ex.context, ex.target) == r.p_after);
}

TEST_CASE("teach: the one-example gradient equals the batch gradient of a B=T=1 batch", "[teach]") {
    GPT m = tiny_model(11);
    Example ex{{4}, 9};
    ExampleGrad g;
    REQUIRE(example_gradient(m, ex, &g) == "");
    const std::vector<int> in{4}, tg{9};
    m.forward(in.data(), tg.data(), 1, 1);
    m.zero_grad();
    m.backward();
    CHECK(g.loss == m.loss);
    CHECK(same_bits(g.grad, m.grads));

    // longer context: the gradient of −ln P at the last position only, checked by finite
    // differences of predict_prob on a few of the largest entries
    Example ex2{{1, 2, 3, 4, 5}, 6};
    REQUIRE(example_gradient(m, ex2, &g) == "");
    const auto top = top_weights(m, g.grad, 0.0f, 6);
    for (const WeightEntry& e : top) {
        float* w = m.param(m.table[e.tensor]) + e.index;
        const float w0 = *w, h = 1e-2f;
        *w = w0 + h;
        const double lp = -std::log((double)predict_prob(m, ex2.context, ex2.target));
        *w = w0 - h;
        const double lm = -std::log((double)predict_prob(m, ex2.context, ex2.target));
        *w = w0;
        INFO(m.table[e.tensor].name << "[" << e.index << "]");
        CHECK((lp - lm) / (2 * h) == Approx(e.grad).margin(2e-3).epsilon(2e-2));
    }
}

TEST_CASE("teach: bad examples and learning rates are refused with the weights unchanged", "[teach]") {
    GPT m = tiny_model();
    const std::vector<float> before = m.params;
    TeachResult r;
    CHECK(teach_step(m, {{1, 2}, 11}, 0.1f, 5, {}, 3, &r).find("outside the vocabulary") != std::string::npos);
    CHECK(teach_step(m, {{}, 1}, 0.1f, 5, {}, 3, &r).find("empty") != std::string::npos);
    CHECK(teach_step(m, {{1, -1}, 1}, 0.1f, 5, {}, 3, &r) != "");
    CHECK(teach_step(m, {{1}, 1}, NAN, 5, {}, 3, &r).find("learning rate") != std::string::npos);
    CHECK(teach_step(m, {{1}, 1}, -1.0f, 5, {}, 3, &r).find("learning rate") != std::string::npos);
    CHECK(same_bits(m.params, before));

    Tokenizer tok;
    REQUIRE(tokenizer_char_from_alphabet("abcdefghijk", &tok) == "");
    Example ex;
    CHECK(example_from_text(tok, 11, "abc", "d", &ex) == "");
    CHECK(ex.context == std::vector<int>{0, 1, 2});
    CHECK(ex.target == 3);
    CHECK(example_from_text(tok, 11, "abc", "z", &ex) != "");
    CHECK(example_from_text(tok, 11, "abc", "de", &ex).find("2 tokens") != std::string::npos);
    CHECK(example_from_text(tok, 11, "", "d", &ex).find("empty") != std::string::npos);
    CHECK(example_from_text(tok, 11, "abc", "", &ex).find("empty") != std::string::npos);
}

TEST_CASE("ablation: a knocked-out head or neuron changes the logits, bringing it back restores them exactly", "[teach][ablation]") {
    GPT m = tiny_model(3);
    const std::vector<int> in{1, 2, 3, 4, 5, 6}, tg{2, 3, 4, 5, 6, 7};
    m.forward(in.data(), tg.data(), 1, 6);
    const std::vector<float> logits0 = m.acts.logits;
    const float loss0 = m.loss;

    REQUIRE(m.set_head_ablated(1, 0, true) == "");
    CHECK(m.head_ablated(1, 0));
    m.forward(in.data(), tg.data(), 1, 6);
    CHECK(!same_bits(m.acts.logits, logits0));
    // the head's output is zero at every position
    const int C = m.cfg.n_embd, hs = C / m.cfg.n_head;
    const float* atty1 = m.acts.atty.data() + (size_t)1 * 6 * C;
    for (int t = 0; t < 6; t++)
        for (int i = 0; i < hs; i++) CHECK(atty1[t * C + i] == 0.0f);
    REQUIRE(m.set_head_ablated(1, 0, false) == "");
    m.forward(in.data(), tg.data(), 1, 6);
    CHECK(same_bits(m.acts.logits, logits0));
    CHECK(m.loss == loss0);

    REQUIRE(m.set_neuron_ablated(0, 5, true) == "");
    m.forward(in.data(), tg.data(), 1, 6);
    CHECK(!same_bits(m.acts.logits, logits0));
    m.clear_ablation();
    m.forward(in.data(), tg.data(), 1, 6);
    CHECK(same_bits(m.acts.logits, logits0));

    CHECK(m.set_head_ablated(2, 0, true).find("layer 2") != std::string::npos);
    CHECK(m.set_head_ablated(0, 2, true).find("head 2") != std::string::npos);
    CHECK(m.set_neuron_ablated(0, 32, true).find("neuron 32") != std::string::npos);
    CHECK(m.ablation.count() == 0);
}

TEST_CASE("ablation: backward is the gradient of the ablated network (finite differences)", "[teach][ablation]") {
    GPT m = tiny_model(5);
    REQUIRE(m.set_head_ablated(0, 1, true) == "");
    REQUIRE(m.set_neuron_ablated(1, 3, true) == "");
    const std::vector<int> in{1, 2, 3, 4}, tg{2, 3, 4, 5};
    m.forward(in.data(), tg.data(), 1, 4);
    m.zero_grad();
    m.backward();
    const std::vector<float> g = m.grads;
    // the masked paths get no gradient: W_O rows of head 1 in layer 0, W2 row 3 in layer 1
    const ParamTensor* wo = m.find("h.0.attn.c_proj.weight");
    const ParamTensor* w2 = m.find("h.1.mlp.c_proj.weight");
    const int C = m.cfg.n_embd, hs = C / m.cfg.n_head;
    for (int r = hs; r < 2 * hs; r++)
        for (int c = 0; c < C; c++) CHECK(g[wo->offset + (size_t)r * C + c] == 0.0f);
    for (int c = 0; c < C; c++) CHECK(g[w2->offset + (size_t)3 * C + c] == 0.0f);
    // and the rest matches finite differences of the ablated loss (a sample of entries)
    int bad = 0;
    for (size_t i = 0; i < m.params.size(); i += 37) {
        const float w0 = m.params[i], h = 1e-2f;
        m.params[i] = w0 + h;
        m.forward(in.data(), tg.data(), 1, 4);
        const double lp = m.loss;
        m.params[i] = w0 - h;
        m.forward(in.data(), tg.data(), 1, 4);
        const double lm = m.loss;
        m.params[i] = w0;
        const double num = (lp - lm) / (2 * h);
        if (std::fabs(num - g[i]) > 2e-3 + 2e-2 * std::fabs(num)) bad++;
    }
    CHECK(bad == 0);
}

TEST_CASE("edits: undo restores the weights bit for bit, restore goes back to the start", "[teach][edits]") {
    GPT m = tiny_model(9);
    const std::vector<float> w0 = m.params;
    EditHistory h;
    CHECK(h.undo(m) == "nothing to undo");
    CHECK(h.restore(m) != "");

    TeachResult r;
    h.before_teach(m);
    REQUIRE(teach_step(m, {{1, 2, 3}, 4}, 1.0f, 5, {}, 3, &r) == "");
    const std::vector<float> w1 = m.params;
    CHECK(!same_bits(w1, w0));

    WeightEntry e;
    REQUIRE(weight_lookup(m, "h.0.mlp.c_fc.weight", {2, 5}, &e) == "");
    const size_t off = m.table[e.tensor].offset + e.index;
    h.before_weight(m, off);
    m.params[off] = 3.25f;
    h.before_ablation(m);
    REQUIRE(m.set_head_ablated(0, 1, true) == "");
    CHECK(h.depth() == 3);

    REQUIRE(h.undo(m) == "");  // the knock-out
    CHECK(m.ablation.count() == 0);
    CHECK(m.params[off] == 3.25f);
    REQUIRE(h.undo(m) == "");  // the edit
    CHECK(same_bits(m.params, w1));
    REQUIRE(h.undo(m) == "");  // the teach step
    CHECK(same_bits(m.params, w0));
    CHECK(h.undo(m) == "nothing to undo");

    h.before_teach(m);
    REQUIRE(teach_step(m, {{1, 2, 3}, 4}, 1.0f, 5, {}, 3, &r) == "");
    h.before_ablation(m);
    REQUIRE(m.set_neuron_ablated(1, 7, true) == "");
    REQUIRE(h.restore(m) == "");
    CHECK(same_bits(m.params, w0));
    CHECK(m.ablation.count() == 0);

    CHECK(weight_lookup(m, "nope", {0}, &e).find("unknown tensor") != std::string::npos);
    CHECK(weight_lookup(m, "wte.weight", {11, 0}, &e).find("out of range") != std::string::npos);
    CHECK(weight_lookup(m, "wte.weight", {0, 8}, &e).find("out of range") != std::string::npos);
    CHECK(weight_lookup(m, "wte.weight", {88}, &e).find("out of range") != std::string::npos);
    CHECK(weight_lookup(m, "ln_f.bias", {0, 7}, &e) == "");
    CHECK(weight_lookup(m, "ln_f.bias", {1, 0}, &e) != "");
    CHECK(weight_lookup(m, "wte.weight", {1, 2, 3}, &e) != "");
}

TEST_CASE("checkpoint: the AdamW state is saved and training resumes exactly where it stopped", "[teach][checkpoint][resume]") {
    const std::string text = "le chat mange la souris. le chien dort. la souris court vite. ";
    std::string big;
    for (int i = 0; i < 40; i++) big += text;
    auto make = [&](Trainer* tr) {
        REQUIRE(tokenizer_char_from_text(big, &tr->tokenizer) == "");
        GPTConfig c;
        c.n_layer = 1; c.n_head = 2; c.n_embd = 8; c.n_ctx = 8;
        c.vocab_size = tr->tokenizer.vocab_size();
        REQUIRE(tr->model.init(c) == "");
        tr->reinit(3);
        tr->B = 4; tr->T = 8;
        tr->opt.cfg.lr = 1e-2f;
        tr->eval_every = 0;
        REQUIRE(dataset_from_text("t", big, tr->tokenizer, tr->T, &tr->data) == "");
    };
    Trainer a, b;
    make(&a);
    make(&b);
    for (int i = 0; i < 10; i++) REQUIRE(a.train_step());
    const OptimizerState st = optimizer_state_of(a.opt, a.model, a.B, a.T);
    REQUIRE(st.present);
    const std::vector<uint8_t> bytes = checkpoint_save(a.model, a.tokenizer, {}, &st);
    Checkpoint ck;
    REQUIRE(checkpoint_load(bytes.data(), bytes.size(), &ck) == "");
    REQUIRE(ck.optim.present);
    CHECK(ck.optim.step == 10);
    CHECK(ck.optim.batch == 4);
    CHECK(ck.optim.lr == 1e-2f);
    CHECK(same_bits(ck.optim.m, a.opt.m));
    CHECK(same_bits(ck.optim.v, a.opt.v));

    // b: the same 10 steps, then the loaded model continues with the rng of a
    for (int i = 0; i < 10; i++) REQUIRE(b.train_step());
    const Rng rng_after10 = a.rng;
    a.set_model(std::move(ck));
    REQUIRE(a.resumed.present);
    CHECK(a.opt.t == 10);
    REQUIRE(a.apply_continuation_settings());
    CHECK(a.opt.cfg.lr == 0.5f * 1e-2f);  // half the η of the last saved step
    CHECK(a.opt.cfg.schedule == SCHED_CONSTANT);
    CHECK(a.B == 64);      // at least min(64, 4096 / T) sequences
    a.B = 4;
    a.opt.cfg.lr = 1e-2f;  // the same η as the uninterrupted run: the steps must then be identical
    a.rng = rng_after10;
    for (int i = 0; i < 5; i++) {
        REQUIRE(a.train_step());
        REQUIRE(b.train_step());
    }
    CHECK(same_bits(a.model.params, b.model.params));  // resume = never stopped

    // a plain save (no optimizer) loads without state; a fresh start has no continuation
    const std::vector<uint8_t> plain = checkpoint_save(a.model, a.tokenizer);
    Checkpoint ck2;
    REQUIRE(checkpoint_load(plain.data(), plain.size(), &ck2) == "");
    CHECK(!ck2.optim.present);
    a.set_model(std::move(ck2));
    CHECK(!a.apply_continuation_settings());
    CHECK(a.opt.t == 0);
}

TEST_CASE("checkpoint: an incomplete or bad optimizer state is refused with the reason", "[teach][checkpoint]") {
    GPT m = tiny_model();
    Tokenizer tok;
    REQUIRE(tokenizer_char_from_alphabet("abcdefghijk", &tok) == "");
    OptimizerState st;
    st.present = true;
    st.step = 3;
    st.m.assign(m.params.size(), 0.01f);
    st.v.assign(m.params.size(), 0.001f);
    st.v[5] = -1.0f;
    std::vector<uint8_t> bytes = checkpoint_save(m, tok, {}, &st);
    Checkpoint ck;
    CHECK(checkpoint_load(bytes.data(), bytes.size(), &ck).find("second moments") != std::string::npos);
    st.v[5] = 0.0f;
    st.step = 0;
    bytes = checkpoint_save(m, tok, {}, &st);
    CHECK(checkpoint_load(bytes.data(), bytes.size(), &ck) == "");  // step 0: present is false, nothing saved
    CHECK(!ck.optim.present);
}
