// Fuzz target for the checkpoint loader (safetensors header, config and tokenizer metadata,
// shapes, dtypes, values) and the raw safetensors parser with its dtype conversions. Besides
// "no crash, no sanitizer report", it checks:
//   - a failed load leaves the target untouched and gives a one-line, escaped reason;
//   - a successful load has a sane config and finite weights, and save → load is bit-exact.
// Batches, JSON, tokenizers and data sets have their own targets (fuzz_*.cpp, README.md).
#include "checkpoint.h"
#include "fuzz_util.h"
#include "json.h"
#include "safetensors.h"
#include "tokenizer.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

void (*ga_fuzz_failure_hook)(const char* what) = nullptr;

namespace {

using gafuzz::check;
using gafuzz::safe_error;

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
        check(safe_error(err), "checkpoint error is one line and escaped");
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
        check(safe_error(err), "safetensors error is one line and escaped");
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
        if (!f.read_f32(t, fbuf.data(), &e)) check(safe_error(e), "read_f32 error is one line and escaped");
        ibuf.assign(n, 0);
        if (!f.read_i32(t, ibuf.data(), &e)) check(safe_error(e), "read_i32 error is one line and escaped");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz_checkpoint(data, size);
    fuzz_safetensors(data, size);
    return 0;
}
