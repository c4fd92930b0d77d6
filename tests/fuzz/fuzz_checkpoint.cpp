// Fuzz target for everything that reads untrusted bytes: the checkpoint loader (safetensors +
// config + tokenizer metadata), raw safetensors parsing and dtype conversion, batch files, the
// JSON parser and the char tokenizer. Besides "no crash, no sanitizer report", it checks:
//   - a failed checkpoint load leaves the target untouched and gives a one-line reason;
//   - a successful load has a sane config and finite weights, and save → load is bit-exact;
//   - the char tokenizer round-trips any valid UTF-8 text.
// Built with libFuzzer (cmake -DGA_LIBFUZZER=ON, clang) and as a plain replay program over the
// corpus (replay_main.cpp) natively and under node.
#include "checkpoint.h"
#include "json.h"
#include "safetensors.h"
#include "tokenizer.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

// Set by replay_main to count failures instead of aborting (libFuzzer wants the abort).
extern "C" void (*ga_fuzz_failure_hook)(const char* what);
void (*ga_fuzz_failure_hook)(const char* what) = nullptr;

namespace {

void check(bool ok, const char* what) {
    if (ok) return;
    if (ga_fuzz_failure_hook) {
        ga_fuzz_failure_hook(what);
        return;
    }
    std::fprintf(stderr, "fuzz_checkpoint: invariant violated: %s\n", what);
    std::abort();
}

bool one_line(const std::string& e) { return !e.empty() && e.find('\n') == std::string::npos && e.size() < 2000; }

void fuzz_checkpoint(const uint8_t* data, size_t size) {
    ga::Checkpoint ck;
    ga::GPTConfig sc;
    sc.n_layer = 1; sc.n_head = 1; sc.n_embd = 2; sc.n_ctx = 2; sc.vocab_size = 3;
    check(ck.model.init(sc).empty(), "sentinel init");
    for (size_t i = 0; i < ck.model.params.size(); i++) ck.model.params[i] = float(i) * 0.5f;
    ck.metadata["sentinel"] = "1";
    const std::vector<float> before = ck.model.params;

    const std::string err = ga::checkpoint_load(data, size, &ck);
    if (!err.empty()) {
        check(one_line(err), "checkpoint error is one line");
        check(ck.model.params == before && ck.model.cfg.n_embd == 2 && ck.metadata.size() == 1, "failed load left the target untouched");
        return;
    }
    check(ga::config_check(ck.model.cfg).empty(), "loaded config is sane");
    check(ck.model.params.size() == ga::param_count(ck.model.cfg), "params sized by the config");
    for (float v : ck.model.params) check(std::isfinite(v), "loaded weights are finite");
    check(ck.tokenizer.vocab_size() <= ck.model.cfg.vocab_size, "tokenizer fits the vocabulary");
    const std::vector<uint8_t> saved = ga::checkpoint_save(ck.model, ck.tokenizer, ck.metadata);
    ga::Checkpoint again;
    check(ga::checkpoint_load(saved.data(), saved.size(), &again).empty(), "a saved checkpoint loads");
    check(again.model.params.size() == ck.model.params.size() &&
              std::memcmp(again.model.params.data(), ck.model.params.data(), ck.model.params.size() * 4) == 0,
          "save -> load is bit-exact");
    check(ga::checkpoint_save(again.model, again.tokenizer, again.metadata) == saved, "save is deterministic");
}

void fuzz_safetensors(const uint8_t* data, size_t size) {
    ga::SafetensorsFile f;
    const std::string err = ga::safetensors_parse(data, size, &f);
    if (!err.empty()) {
        check(one_line(err), "safetensors error is one line");
        return;
    }
    check(f.data + f.data_size == data + size, "data section ends at the end of the file");
    std::vector<float> fbuf;
    std::vector<int32_t> ibuf;
    for (auto& t : f.tensors) {
        check(t.begin <= t.end && t.end <= f.data_size, "tensor inside the data section");
        const size_t n = t.numel();
        if (n > (size_t(1) << 24)) continue;  // only possible with zero-size dims elsewhere: n == 0
        std::string e;
        fbuf.assign(n, 0.0f);
        if (!f.read_f32(t, fbuf.data(), &e)) check(one_line(e), "read_f32 error is one line");
        ibuf.assign(n, 0);
        if (!f.read_i32(t, ibuf.data(), &e)) check(one_line(e), "read_i32 error is one line");
    }
}

void fuzz_batch(const uint8_t* data, size_t size) {
    ga::Batch b;
    b.B = -1;
    const std::string err = ga::batch_load(data, size, 100, 64, &b);
    if (!err.empty()) {
        check(one_line(err) && b.B == -1, "failed batch load is one line and leaves the batch untouched");
        return;
    }
    check(b.B >= 1 && b.T >= 1 && b.T <= 64, "batch shape in range");
    check(b.inputs.size() == size_t(b.B) * size_t(b.T) && b.targets.size() == b.inputs.size(), "batch sizes");
    for (size_t i = 0; i < b.inputs.size(); i++)
        check(b.inputs[i] >= 0 && b.inputs[i] < 100 && b.targets[i] >= 0 && b.targets[i] < 100, "batch ids in range");
}

void fuzz_text(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    ga::JsonValue v;
    const std::string je = ga::json_parse(text.data(), text.size(), &v);
    if (je.empty()) {
        if (v.type == ga::JSON_STRING) {
            const std::string q = ga::json_quote(v.text);
            ga::JsonValue w;
            check(ga::json_parse(q.data(), q.size(), &w).empty() && w.text == v.text, "json string quote round trip");
        }
    } else {
        check(one_line(je), "json error is one line");
    }
    ga::Tokenizer t;
    const std::string e = ga::tokenizer_char_from_text(text, &t);
    if (!e.empty()) {
        check(one_line(e), "tokenizer error is one line");
        return;
    }
    std::vector<int> ids;
    check(t.encode(text, &ids).empty(), "text encodes with its own alphabet");
    check(t.decode(ids) == text, "char tokenizer round trip");
    ga::Tokenizer t2;
    const auto meta = t.metadata();
    check(ga::tokenizer_char_from_alphabet(meta.at("alphabet"), &t2).empty() && t2.chars == t.chars, "alphabet round trip");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz_checkpoint(data, size);
    fuzz_safetensors(data, size);
    fuzz_batch(data, size);
    if (size <= 4096) fuzz_text(data, size);
    return 0;
}
