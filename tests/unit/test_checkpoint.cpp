// Checkpoints: bit-exact round trip, and every malformed file leaves the target untouched with a
// one-line reason: truncation, wrong shape/dtype, missing/extra tensors, NaN, bad metadata, the
// real Hugging Face GPT-2 layout (transformer. prefix, mask buffers, no metadata). Batches too.
#include <catch2/catch.hpp>

#include "checkpoint.h"
#include "io_test_util.h"
#include "safetensors.h"
#include "trainer.h"

#include <cmath>
#include <limits>

using namespace ga;
using namespace iotest;

namespace {

GPT tiny_model(const GPTConfig& c, uint64_t seed = 7) {
    GPT m;
    REQUIRE(m.init(c) == "");
    m.init_random(seed);
    return m;
}

Tokenizer tiny_tok() {
    Tokenizer t;
    REQUIRE(tokenizer_char_from_text("jihgfedcba", &t) == "");
    return t;
}

// A target that was loaded from something else: a failed load must not change any of it.
struct Sentinel {
    Checkpoint ck;
    std::vector<float> params;
    Sentinel() {
        GPTConfig c;
        c.n_layer = 1; c.n_head = 1; c.n_embd = 4; c.n_ctx = 3; c.vocab_size = 5;
        REQUIRE(ck.model.init(c) == "");
        ck.model.init_random(99);
        ck.metadata["sentinel"] = "yes";
        params = ck.model.params;
    }
    void check_untouched() const {
        CHECK(ck.model.cfg.n_embd == 4);
        CHECK(ck.model.cfg.vocab_size == 5);
        CHECK(ck.model.params == params);
        CHECK(ck.metadata.size() == 1);
        CHECK(ck.tokenizer.vocab_size() == 0);
    }
};

std::string load_err(const std::vector<uint8_t>& bytes) {
    Sentinel s;
    std::string e = checkpoint_load(bytes.data(), bytes.size(), &s.ck);
    if (!e.empty()) {
        s.check_untouched();
        CHECK(e.find('\n') == std::string::npos);
    }
    return e;
}

std::string load_err(const SafetensorsWriter& w) { return load_err(w.serialize()); }

SafetensorsWriter::Entry* entry(SafetensorsWriter& w, const std::string& name) {
    for (auto& e : w.entries) if (e.name == name) return &e;
    FAIL("no entry " << name);
    return nullptr;
}

void remove_entry(SafetensorsWriter& w, const std::string& name) {
    for (size_t i = 0; i < w.entries.size(); i++)
        if (w.entries[i].name == name) { w.entries.erase(w.entries.begin() + long(i)); return; }
    FAIL("no entry " << name);
}

} // namespace

TEST_CASE("checkpoint: save then load is bit-exact, with config, tokenizer and extra metadata", "[checkpoint]") {
    const GPTConfig c = tiny_config();
    GPT m = tiny_model(c);
    Tokenizer tok = tiny_tok();
    auto bytes = checkpoint_save(m, tok, {{"description", "tiny test model"}, {"n_layer", "999"}});
    Checkpoint ck;
    REQUIRE(checkpoint_load(bytes.data(), bytes.size(), &ck) == "");
    CHECK(ck.model.cfg.n_layer == c.n_layer);  // the real config wins over extra metadata
    CHECK(ck.model.cfg.n_head == c.n_head);
    CHECK(ck.model.cfg.n_embd == c.n_embd);
    CHECK(ck.model.cfg.n_ctx == c.n_ctx);
    CHECK(ck.model.cfg.vocab_size == c.vocab_size);
    REQUIRE(ck.model.params.size() == m.params.size());
    CHECK(std::memcmp(ck.model.params.data(), m.params.data(), m.params.size() * 4) == 0);
    CHECK(ck.tokenizer.kind == TOK_CHAR);
    CHECK(ck.tokenizer.chars == tok.chars);
    CHECK(ck.metadata.at("description") == "tiny test model");
    CHECK(ck.metadata.at("tokenizer") == "char");
    CHECK(ck.metadata.at("alphabet") == "abcdefghij");
    // Stale tokenizer keys in extra metadata do not survive a save with another tokenizer.
    {
        Tokenizer none;
        auto b2 = checkpoint_save(m, none, ck.metadata);
        Checkpoint ck3;
        REQUIRE(checkpoint_load(b2.data(), b2.size(), &ck3) == "");
        CHECK(ck3.metadata.count("tokenizer") == 0);
        CHECK(ck3.metadata.count("alphabet") == 0);
        CHECK(ck3.tokenizer.vocab_size() == 0);
    }
    // Saving the loaded model again gives the same bytes.
    CHECK(checkpoint_save(ck.model, ck.tokenizer, {{"description", "tiny test model"}}) == bytes);

    // Table order in the file.
    SafetensorsFile f;
    REQUIRE(safetensors_parse(bytes.data(), bytes.size(), &f) == "");
    REQUIRE(f.tensors.size() == m.table.size());
    for (size_t i = 0; i < m.table.size(); i++) CHECK(f.tensors[i].name == m.table[i].name);

    // Through a file.
    const std::string path = tmp_path("ga_test_io_ckpt.safetensors");
    REQUIRE(checkpoint_save_file(path, m, tok) == "");
    Checkpoint ck2;
    REQUIRE(checkpoint_load_file(path, &ck2) == "");
    CHECK(ck2.model.params == m.params);
    std::remove(path.c_str());
    CHECK(contains(checkpoint_load_file("ga_no_such.safetensors", &ck2), "cannot open"));
}

TEST_CASE("checkpoint: a truncated file fails at every length and leaves the model untouched", "[checkpoint]") {
    GPTConfig c = tiny_config();
    c.n_layer = 1;
    GPT m = tiny_model(c);
    auto bytes = checkpoint_save(m, tiny_tok());
    // every length through the header, then a stride through the data
    for (size_t n = 0; n < bytes.size(); n += (n < 2048 ? 1 : 37)) {
        std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + long(n));
        CHECK(load_err(cut) != "");
    }
    // one byte appended: trailing data
    auto longer = bytes;
    longer.push_back(0);
    CHECK(contains(load_err(longer), "after the last tensor"));
}

TEST_CASE("checkpoint: wrong shape, dtype, missing and extra tensors are named", "[checkpoint]") {
    const GPTConfig c = tiny_config();
    GPT m = tiny_model(c);
    const auto meta = config_metadata(c);
    {
        SafetensorsWriter w = checkpoint_writer(m, meta);
        auto* e = entry(w, "h.0.attn.c_attn.weight");
        e->shape = {8, 30};
        e->bytes.assign(8 * 30 * 4, 0);
        CHECK(load_err(w) == "tensor 'h.0.attn.c_attn.weight': shape [8, 30] but the model needs [8, 24]");
    }
    {
        SafetensorsWriter w = checkpoint_writer(m, meta);
        auto* e = entry(w, "ln_f.bias");
        e->shape = {1, 8};
        CHECK(load_err(w) == "tensor 'ln_f.bias': shape [1, 8] but the model needs [8]");
    }
    {
        SafetensorsWriter w = checkpoint_writer(m, meta);
        entry(w, "h.1.mlp.c_fc.bias")->dtype = "I32";
        CHECK(contains(load_err(w), "tensor 'h.1.mlp.c_fc.bias': dtype I32 is not a floating-point type"));
    }
    {
        SafetensorsWriter w = checkpoint_writer(m, meta);
        remove_entry(w, "h.1.ln_2.weight");
        CHECK(load_err(w) == "missing tensor 'h.1.ln_2.weight'");
    }
    {
        SafetensorsWriter w = checkpoint_writer(m, meta);
        float x = 1.0f;
        w.add_f32("h.0.attn.rotary", {1}, &x);
        CHECK(contains(load_err(w), "unexpected tensor 'h.0.attn.rotary'"));
    }
    {
        // a third block in the file of a 2-block model (metadata says 2)
        SafetensorsWriter w = checkpoint_writer(m, meta);
        float x[8] = {};
        w.add_f32("h.2.ln_1.weight", {8}, x);
        CHECK(contains(load_err(w), "unexpected tensor 'h.2.ln_1.weight'"));
    }
    {
        SafetensorsWriter w = checkpoint_writer(m, meta);
        remove_entry(w, "wte.weight");
        CHECK(load_err(w) == "missing tensor 'wte.weight'");
    }
}

TEST_CASE("checkpoint: non-finite weights are refused, naming the tensor", "[checkpoint]") {
    const GPTConfig c = tiny_config();
    GPT m = tiny_model(c);
    for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
        SafetensorsWriter w = checkpoint_writer(m, config_metadata(c));
        auto* e = entry(w, "h.1.attn.c_proj.weight");
        std::memcpy(e->bytes.data() + 4 * 5, &bad, 4);
        std::string err = load_err(w);
        CHECK(contains(err, "tensor 'h.1.attn.c_proj.weight' has a non-finite value"));
        CHECK(contains(err, "at index 5"));
        CHECK(contains(err, std::isnan(bad) ? "NaN" : "inf"));
    }
}

TEST_CASE("checkpoint: bad metadata is refused with the reason", "[checkpoint]") {
    const GPTConfig c = tiny_config();
    GPT m = tiny_model(c);
    auto with = [&](const std::string& k, const std::string& v) {
        auto meta = config_metadata(c);
        meta[k] = v;
        return load_err(checkpoint_writer(m, meta));
    };
    CHECK(contains(with("n_head", "3"), "n_embd (8) is not a multiple of n_head (3)"));
    CHECK(contains(with("n_layer", "-2"), "n_layer = -2"));
    CHECK(contains(with("n_layer", "0"), "n_layer = 0"));
    CHECK(contains(with("n_embd", "100000"), "n_embd = 100000"));
    CHECK(with("vocab_size", "1000000000000") == "metadata vocab_size = '1000000000000' is out of range");
    CHECK(contains(with("vocab_size", "2000000"), "vocab_size = 2000000: must be between 2 and 1000000"));
    CHECK(contains(with("n_ctx", "abc"), "metadata n_ctx = 'abc' is not an integer"));
    CHECK(contains(with("n_ctx", ""), "is not an integer"));
    CHECK(contains(with("n_ctx", "6.0"), "is not an integer"));
    // sane config that disagrees with the tensors: the first tensor that does not fit is named
    CHECK(with("n_ctx", "7") == "tensor 'wpe.weight': shape [6, 8] but the model needs [7, 8]");
    CHECK(with("n_layer", "3") == "missing tensor 'h.2.ln_1.weight'");
    // tokenizer metadata
    CHECK(contains(with("tokenizer", "sentencepiece"), "tokenizer = 'sentencepiece' is unknown"));
    {
        auto meta = config_metadata(c);
        meta["tokenizer"] = "char";
        CHECK(contains(load_err(checkpoint_writer(m, meta)), "no 'alphabet'"));
        meta["alphabet"] = "abcdefghijk";  // 11 characters, vocab 10
        CHECK(contains(load_err(checkpoint_writer(m, meta)), "alphabet has 11 characters but vocab_size is 10"));
        meta["alphabet"] = "abca";
        CHECK(contains(load_err(checkpoint_writer(m, meta)), "twice"));
        meta["tokenizer"] = "gpt2-bpe";
        CHECK(contains(load_err(checkpoint_writer(m, meta)), "needs vocab_size >= 50257"));
    }
}

TEST_CASE("checkpoint: Hugging Face GPT-2 layout (transformer. prefix, mask buffers, no metadata)", "[checkpoint]") {
    // Width 768 is GPT-2 small's: n_head = 12 comes from the known sizes; tiny vocab/ctx/depth.
    GPTConfig c;
    c.n_layer = 1; c.n_head = 12; c.n_embd = 768; c.n_ctx = 4; c.vocab_size = 11;
    GPT m = tiny_model(c, 3);
    SafetensorsWriter w = checkpoint_writer(m, {}, "transformer.");
    std::vector<float> mask(c.n_ctx * c.n_ctx, 1.0f), masked_bias(1, -1e4f);
    w.add_f32("transformer.h.0.attn.bias", {1, 1, c.n_ctx, c.n_ctx}, mask.data());
    w.add_f32("h.0.attn.masked_bias", {}, masked_bias.data());
    w.add_f32("lm_head.weight", {c.vocab_size, c.n_embd}, m.param(m.table[0]));  // tied: same values
    Checkpoint ck;
    auto bytes = w.serialize();
    REQUIRE(checkpoint_load(bytes.data(), bytes.size(), &ck) == "");
    CHECK(ck.model.cfg.n_layer == 1);
    CHECK(ck.model.cfg.n_head == 12);
    CHECK(ck.model.cfg.n_embd == 768);
    CHECK(ck.model.cfg.n_ctx == 4);
    CHECK(ck.model.cfg.vocab_size == 11);
    CHECK(ck.model.params == m.params);
    CHECK(ck.tokenizer.vocab_size() == 0);  // no tokenizer metadata, not GPT-2's vocabulary

    // An untied head is not this architecture.
    SafetensorsWriter w2 = checkpoint_writer(m, {}, "transformer.");
    std::vector<float> other(size_t(c.vocab_size) * c.n_embd, 0.5f);
    w2.add_f32("lm_head.weight", {c.vocab_size, c.n_embd}, other.data());
    CHECK(contains(load_err(w2), "lm_head.weight' differs from wte.weight"));

    // The same name with and without the prefix.
    SafetensorsWriter w3 = checkpoint_writer(m, {}, "transformer.");
    w3.add_f32("ln_f.bias", {768}, m.param(m.table.back()));
    CHECK(contains(load_err(w3), "'ln_f.bias' appears twice"));
}

TEST_CASE("checkpoint: inferred config needs n_head for non-GPT-2 widths", "[checkpoint]") {
    GPTConfig c = tiny_config();
    GPT m = tiny_model(c);
    // No metadata at all, width 8: n_head cannot be guessed.
    std::string e = load_err(checkpoint_writer(m, {}, "transformer."));
    CHECK(contains(e, "n_head is not in the metadata"));
    CHECK(contains(e, "n_embd = 8"));
    // With only n_head given, the rest is inferred from the shapes (F16 weights converted).
    SafetensorsWriter w = checkpoint_writer(m, {{"n_head", "4"}}, "transformer.");
    for (auto& en : w.entries) {  // every weight 1.0, stored as F16
        std::vector<uint8_t> h(en.bytes.size() / 2);
        for (size_t i = 0; i < h.size() / 2; i++) {
            h[2 * i] = 0x00;
            h[2 * i + 1] = 0x3C;  // 1.0
        }
        en.bytes = h;
        en.dtype = "F16";
    }
    auto bytes = w.serialize();
    Checkpoint ck;
    REQUIRE(checkpoint_load(bytes.data(), bytes.size(), &ck) == "");
    CHECK(ck.model.cfg.n_head == 4);
    CHECK(ck.model.cfg.n_layer == 2);
    CHECK(ck.model.cfg.n_ctx == 6);
    for (float v : ck.model.params) REQUIRE(v == 1.0f);
}

TEST_CASE("checkpoint: GPT-2 vocabulary without tokenizer metadata means GPT-2 BPE", "[checkpoint][bpe]") {
    GPTConfig c;
    c.n_layer = 1; c.n_head = 2; c.n_embd = 4; c.n_ctx = 4; c.vocab_size = 50257;
    GPT m = tiny_model(c);
    auto bytes = checkpoint_writer(m, {{"n_head", "2"}}).serialize();
    Checkpoint ck;
    REQUIRE(checkpoint_load(bytes.data(), bytes.size(), &ck) == "");
    CHECK(ck.tokenizer.kind == TOK_GPT2_BPE);
    CHECK(ck.tokenizer.vocab_size() == 50257);
    // and saving records it
    auto again = checkpoint_save(ck.model, ck.tokenizer);
    Checkpoint ck2;
    REQUIRE(checkpoint_load(again.data(), again.size(), &ck2) == "");
    CHECK(ck2.metadata.at("tokenizer") == "gpt2-bpe");
}

TEST_CASE("checkpoint: batches", "[checkpoint][batch]") {
    std::vector<int32_t> in = {1, 2, 3, 4, 5, 6}, tg = {2, 3, 4, 5, 6, 7};
    auto make = [&](std::vector<int64_t> shape_in, std::vector<int64_t> shape_tg) {
        SafetensorsWriter w;
        w.add_i32("inputs", shape_in, in.data());
        w.add_i32("targets", shape_tg, tg.data());
        return w;
    };
    Batch b;
    auto ok = make({2, 3}, {2, 3}).serialize();
    REQUIRE(batch_load(ok.data(), ok.size(), 10, 8, &b) == "");
    CHECK(b.B == 2);
    CHECK(b.T == 3);
    CHECK(b.inputs == std::vector<int>{1, 2, 3, 4, 5, 6});
    CHECK(b.targets == std::vector<int>{2, 3, 4, 5, 6, 7});

    auto err = [&](const std::vector<uint8_t>& bytes, int vocab, int ctx) {
        Batch x;
        x.B = -7;
        std::string e = batch_load(bytes.data(), bytes.size(), vocab, ctx, &x);
        CHECK(x.B == -7);
        return e;
    };
    CHECK(contains(err(ok, 7, 8), "targets[1][2] = 7 is outside the vocabulary [0, 7)"));
    CHECK(contains(err(ok, 10, 2), "T = 3 is longer than the model's context n_ctx = 2"));
    CHECK(contains(err(make({2, 3}, {3, 2}).serialize(), 10, 8), "differs from targets shape"));
    CHECK(contains(err(make({6}, {6}).serialize(), 10, 8), "batches need (B,T)"));
    {
        SafetensorsWriter w;
        w.add_i32("inputs", {2, 3}, in.data());
        CHECK(contains(err(w.serialize(), 10, 8), "missing tensor 'targets'"));
        std::vector<float> f(6, 1.0f);
        w.add_f32("targets", {2, 3}, f.data());
        CHECK(contains(err(w.serialize(), 10, 8), "dtype F32"));
    }
    {
        // int64 ids, one negative
        std::vector<int64_t> in64 = {1, -1, 3, 4, 5, 6};
        SafetensorsWriter w;
        SafetensorsWriter::Entry e{"inputs", "I64", {2, 3}, std::vector<uint8_t>(48)};
        std::memcpy(e.bytes.data(), in64.data(), 48);
        w.entries.push_back(e);
        w.add_i32("targets", {2, 3}, tg.data());
        CHECK(contains(err(w.serialize(), 10, 8), "inputs[0][1] = -1 is outside the vocabulary"));
        in64[1] = 2;
        std::memcpy(w.entries[0].bytes.data(), in64.data(), 48);
        auto bytes = w.serialize();
        REQUIRE(batch_load(bytes.data(), bytes.size(), 10, 8, &b) == "");
        CHECK(b.inputs == std::vector<int>{1, 2, 3, 4, 5, 6});
    }
    const std::string path = tmp_path("ga_test_io_batch.safetensors");
    REQUIRE(write_file_atomic(path, ok) == "");
    REQUIRE(batch_load_file(path, 10, 8, &b) == "");
    CHECK(contains(batch_load_file(path, 3, 8, &b), "batch '" + path + "': "));
    std::remove(path.c_str());
}

// The page's start-up copy of a shipped checkpoint and its moments apart (scripts/split_moments.py
// does this split at build time; the same here, tensor bytes copied unchanged): loading the two
// gives the very same model and optimizer state as loading the checkpoint.
namespace {
struct Split { std::vector<uint8_t> start, moments; };
Split split_moments(const std::vector<uint8_t>& full) {
    SafetensorsFile f;
    REQUIRE(safetensors_parse(full.data(), full.size(), &f) == "");
    SafetensorsWriter start, moments;
    start.metadata = f.metadata;
    start.metadata["optim.moments"] = "deferred";
    for (auto& kv : f.metadata)
        if (kv.first.compare(0, 6, "optim.") == 0) moments.metadata[kv.first] = kv.second;
    for (const STensorInfo& t : f.tensors) {
        SafetensorsWriter::Entry e{t.name, t.dtype_name, t.shape, std::vector<uint8_t>(f.data + t.begin, f.data + t.end)};
        const bool moment = t.name.compare(0, 14, "optim.adamw.m.") == 0 || t.name.compare(0, 14, "optim.adamw.v.") == 0;
        if (moment || t.name == "optim.adamw.step") moments.entries.push_back(e);
        if (!moment) start.entries.push_back(e);
    }
    return {start.serialize(), moments.serialize()};
}
} // namespace

TEST_CASE("checkpoint: moments deferred to a companion file give the same state once they come", "[checkpoint]") {
    GPTConfig c;
    c.n_layer = 2; c.n_head = 2; c.n_embd = 8; c.n_ctx = 6; c.vocab_size = 10;
    GPT m = tiny_model(c);
    OptimizerState st;
    st.present = true;
    st.step = 37;
    st.lr = 3e-4f; st.beta2 = 0.99f; st.batch = 16; st.context = 6;
    st.m.resize(m.params.size());
    st.v.resize(m.params.size());
    for (size_t i = 0; i < st.m.size(); i++) { st.m[i] = 1e-3f * float(int(i % 17) - 8); st.v[i] = 1e-6f * float(i % 5 + 1); }
    const std::vector<uint8_t> full = checkpoint_save(m, tiny_tok(), {}, &st);
    const Split sp = split_moments(full);

    Checkpoint ck;
    REQUIRE(checkpoint_load(sp.start.data(), sp.start.size(), &ck) == "");
    CHECK(ck.model.params == m.params);
    CHECK(ck.optim.present);
    CHECK(ck.optim.moments_deferred);
    CHECK(ck.optim.step == 37);
    CHECK(ck.optim.batch == 16);
    CHECK(ck.optim.m.empty());
    Trainer tr;
    tr.set_model(std::move(ck));
    CHECK(tr.moments_pending());
    CHECK(tr.opt.t == 37);
    CHECK(tr.apply_continuation_settings());   // the recipe's settings before the moments come
    CHECK(tr.opt.cfg.beta2 == Approx(0.99f));

    OptimizerState got;
    REQUIRE(optimizer_moments_load(sp.moments.data(), sp.moments.size(), tr.model, &got) == "");
    REQUIRE(tr.set_moments(std::move(got)) == "");
    CHECK_FALSE(tr.moments_pending());
    CHECK(tr.opt.m == st.m);
    CHECK(tr.opt.v == st.v);
    CHECK(tr.opt.t == 37);
    CHECK(tr.set_moments(OptimizerState{}) != "");   // nothing awaited any more

    // refused, naming why: the checkpoint itself, a moments file of another model, a start-up copy
    // that still carries moments, an unknown optim.moments value
    OptimizerState other;
    CHECK(optimizer_moments_load(full.data(), full.size(), tr.model, &other).find("unexpected tensor") != std::string::npos);
    GPTConfig c2 = c;
    c2.n_embd = 4;
    GPT m2 = tiny_model(c2);
    CHECK(optimizer_moments_load(sp.moments.data(), sp.moments.size(), m2, &other).find("shape") != std::string::npos);
    CHECK(other.m.empty());
    SafetensorsFile f;
    REQUIRE(safetensors_parse(full.data(), full.size(), &f) == "");
    SafetensorsWriter both;
    both.metadata = f.metadata;
    both.metadata["optim.moments"] = "deferred";
    for (const STensorInfo& t : f.tensors)
        both.entries.push_back({t.name, t.dtype_name, t.shape, std::vector<uint8_t>(f.data + t.begin, f.data + t.end)});
    CHECK(load_err(both).find("carries moments") != std::string::npos);
    both.metadata["optim.moments"] = "later";
    CHECK(load_err(both).find("optim.moments") != std::string::npos);

    // moments that never come: training starts AdamW afresh instead of over zero moments
    Checkpoint ck2;
    REQUIRE(checkpoint_load(sp.start.data(), sp.start.size(), &ck2) == "");
    Trainer tr2;
    tr2.set_model(std::move(ck2));
    tr2.moments_unavailable();
    CHECK_FALSE(tr2.moments_pending());
    CHECK(tr2.opt.t == 0);
}
