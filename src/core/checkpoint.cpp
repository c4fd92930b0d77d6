#include "checkpoint.h"
#include "quote.h"
#include "safetensors.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <unordered_map>

namespace ga {

namespace {

const char* kConfigKeys[] = {"n_layer", "n_head", "n_embd", "n_ctx", "vocab_size"};
const char kOptimPrefix[] = "optim.";
const size_t kOptimPrefixLen = sizeof(kOptimPrefix) - 1;

// Strict decimal integer ("-12" ok; "12a", "", "1e3", " 3" not). Saturates far outside int range
// (the caller reports it as out of range).
bool parse_int_strict(const std::string& s, long long* out) {
    size_t i = 0;
    bool neg = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) { neg = s[i] == '-'; i++; }
    if (i >= s.size()) return false;
    long long v = 0;
    for (; i < s.size(); i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        if (v < (1LL << 40)) v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return true;
}

int clamp_int(long long v) { return v > 2147483647LL ? 2147483647 : v < -2147483647LL ? -2147483647 : int(v); }

// "h.<digits>.<rest>" → layer index and rest. Leading zeros are not a valid name ("h.01").
bool split_block_name(const std::string& name, long long* layer, std::string* rest) {
    if (name.compare(0, 2, "h.") != 0) return false;
    size_t i = 2, start = 2;
    while (i < name.size() && name[i] >= '0' && name[i] <= '9') i++;
    if (i == start || i >= name.size() || name[i] != '.') return false;
    if (name[start] == '0' && i - start > 1) return false;
    if (i - start > 9) return false;
    *layer = std::stoll(name.substr(start, i - start));
    *rest = name.substr(i + 1);
    return true;
}

// GPT-2's published sizes: the only way to know n_head from a file without metadata.
int default_n_head(int n_embd) {
    switch (n_embd) {
    case 768: return 12;    // gpt2
    case 1024: return 16;   // gpt2-medium
    case 1280: return 20;   // gpt2-large
    case 1600: return 25;   // gpt2-xl
    default: return 0;
    }
}

bool parse_float_meta(const std::map<std::string, std::string>& md, const char* key, float* out, std::string* err) {
    auto it = md.find(key);
    if (it == md.end()) return true;
    char* end = nullptr;
    const double v = std::strtod(it->second.c_str(), &end);
    if (it->second.empty() || *end != 0 || !std::isfinite(v)) {
        *err = std::string("metadata ") + key + " = " + quote(it->second) + " is not a finite number";
        return false;
    }
    *out = (float)v;
    return true;
}

// The optimizer state (see checkpoint.h): all or nothing, shapes of the model's tensors; or, with
// metadata optim.moments = "deferred" and only optim.adamw.step, the step count and settings with
// the moments to come from a companion file (OptimizerState::moments_deferred).
std::string optim_load(const SafetensorsFile& f, const std::vector<const STensorInfo*>& tensors, const GPT& model,
                       OptimizerState* out) {
    std::unordered_map<std::string, const STensorInfo*> by_name;
    for (const STensorInfo* t : tensors) {
        std::string name = t->name;
        if (name.compare(0, 12, "transformer.") == 0) name = name.substr(12);
        by_name[name] = t;
    }
    OptimizerState st;
    const size_t n = model.params.size();
    auto step_it = by_name.find("optim.adamw.step");
    if (step_it == by_name.end()) return "optimizer state without 'optim.adamw.step' (the file carries optim.* tensors)";
    const STensorInfo& ts = *step_it->second;
    if (ts.numel() != 1 || (ts.dtype != DT_I32 && ts.dtype != DT_I64))
        return "tensor 'optim.adamw.step': need one I32 value, got " + ts.dtype_name + " " + shape_string(ts.shape);
    int32_t step = 0;
    std::string err;
    if (!f.read_i32(ts, &step, &err)) return err;
    if (step < 1) return "tensor 'optim.adamw.step' = " + std::to_string(step) + ": must be >= 1";
    st.step = step;
    auto deferred_it = f.metadata.find("optim.moments");
    if (deferred_it != f.metadata.end() && deferred_it->second != "deferred")
        return "metadata optim.moments = " + quote(deferred_it->second) + ": the only value is \"deferred\"";
    st.moments_deferred = deferred_it != f.metadata.end();
    if (st.moments_deferred && by_name.size() != 1)
        return "metadata optim.moments = \"deferred\" but the file carries moments: remove one or the other";
    if (!st.moments_deferred) {
        st.m.assign(n, 0.0f);
        st.v.assign(n, 0.0f);
    }
    size_t used = 1;
    for (const ParamTensor& p : model.table) {
        if (st.moments_deferred) break;
        for (int which = 0; which < 2; which++) {
            const std::string name = std::string(which ? "optim.adamw.v." : "optim.adamw.m.") + p.name;
            auto it = by_name.find(name);
            if (it == by_name.end()) return "optimizer state incomplete: missing tensor '" + name + "'";
            const STensorInfo& t = *it->second;
            std::vector<int64_t> need = p.rank == 2 ? std::vector<int64_t>{p.rows, p.cols} : std::vector<int64_t>{p.cols};
            if (t.shape != need)
                return "tensor '" + name + "': shape " + shape_string(t.shape) + " but its parameter has " + shape_string(need);
            float* dst = (which ? st.v.data() : st.m.data()) + p.offset;
            if (!f.read_f32(t, dst, &err)) return err;
            for (size_t i = 0; i < p.numel; i++)
                if (!std::isfinite(dst[i]) || (which && dst[i] < 0.0f))
                    return "tensor '" + name + "' has an invalid value at index " + std::to_string(i) +
                           (which ? " (second moments must be finite and >= 0)" : " (not finite)");
            used++;
        }
    }
    if (used != by_name.size()) {
        for (auto& kv : by_name) {
            const std::string& nm = kv.first;
            bool known = nm == "optim.adamw.step";
            for (const ParamTensor& p : model.table)
                known = known || nm == "optim.adamw.m." + p.name || nm == "optim.adamw.v." + p.name;
            if (!known) return "unexpected tensor " + quote(nm) + " in the optimizer state";
        }
    }
    const auto& md = f.metadata;
    if (!parse_float_meta(md, "optim.lr", &st.lr, &err) || !parse_float_meta(md, "optim.beta1", &st.beta1, &err) ||
        !parse_float_meta(md, "optim.beta2", &st.beta2, &err) || !parse_float_meta(md, "optim.eps", &st.eps, &err) ||
        !parse_float_meta(md, "optim.weight_decay", &st.weight_decay, &err))
        return err;
    if (!(st.lr >= 0.0f) || !(st.beta1 >= 0.0f && st.beta1 < 1.0f) || !(st.beta2 >= 0.0f && st.beta2 < 1.0f) ||
        !(st.eps >= 0.0f) || !(st.weight_decay >= 0.0f))
        return "metadata optim.*: lr, eps, weight_decay must be >= 0 and beta1, beta2 in [0, 1)";
    for (const char* key : {"optim.batch", "optim.context"}) {
        auto it = md.find(key);
        if (it == md.end()) continue;
        long long v;
        if (!parse_int_strict(it->second, &v) || v < 1 || v > 65536)
            return std::string("metadata ") + key + " = " + quote(it->second) + " is not an integer in 1..65536";
        (std::string(key) == "optim.batch" ? st.batch : st.context) = int(v);
    }
    if (st.context > model.cfg.n_ctx) st.context = model.cfg.n_ctx;
    st.present = true;
    *out = std::move(st);
    return {};
}

std::string float_string(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", (double)v);
    return buf;
}

} // namespace

OptimizerState optimizer_state_of(const Optimizer& opt, const GPT& model, int batch, int context) {
    OptimizerState st;
    if (opt.cfg.kind != OPT_ADAMW || opt.t < 1 || opt.m.size() != model.params.size() || opt.v.size() != model.params.size())
        return st;
    st.present = true;
    st.step = opt.t;
    st.m = opt.m;
    st.v = opt.v;
    st.lr = opt.last_lr;
    st.beta1 = opt.cfg.beta1;
    st.beta2 = opt.cfg.beta2;
    st.eps = opt.cfg.eps;
    st.weight_decay = opt.cfg.weight_decay;
    st.batch = batch;
    st.context = context;
    return st;
}

std::string checkpoint_load(const uint8_t* bytes, size_t size, Checkpoint* out) {
    LoadCode code;
    return checkpoint_load(bytes, size, out, &code);
}

// *code names the phase being checked, so an early return reports where the file failed.
std::string checkpoint_load(const uint8_t* bytes, size_t size, Checkpoint* out, LoadCode* code) {
    *code = LOAD_NOT_SAFETENSORS;
    SafetensorsFile f;
    std::string err = safetensors_parse(bytes, size, &f);
    if (!err.empty()) return err;
    *code = LOAD_NOT_GPT2;

    // ---- names: strip "transformer.", drop the attention-mask buffers, find duplicates ----------
    std::unordered_map<std::string, const STensorInfo*> by_name;
    const STensorInfo* lm_head = nullptr;
    std::vector<const STensorInfo*> optim_tensors;  // optim.* (read after the model)
    long long max_layer = -1;
    for (auto& t : f.tensors) {
        std::string name = t.name;
        if (name.compare(0, 12, "transformer.") == 0) name = name.substr(12);
        long long layer;
        std::string rest;
        const bool in_block = split_block_name(name, &layer, &rest);
        if (in_block && (rest == "attn.bias" || rest == "attn.masked_bias")) continue;  // causal mask buffers
        if (name == "lm_head.weight") { lm_head = &t; continue; }  // tied head: checked against wte below
        if (name.compare(0, kOptimPrefixLen, kOptimPrefix) == 0) { optim_tensors.push_back(&t); continue; }
        if (in_block && layer > max_layer) max_layer = layer;
        if (!by_name.emplace(name, &t).second)
            return "tensor " + quote(name) + " appears twice (with and without the 'transformer.' prefix)";
    }

    // ---- config: metadata strings, else inferred from the shapes ------------------------------
    GPTConfig cfg;
    int* fields[] = {&cfg.n_layer, &cfg.n_head, &cfg.n_embd, &cfg.n_ctx, &cfg.vocab_size};
    bool given[5] = {};
    for (int k = 0; k < 5; k++) {
        auto it = f.metadata.find(kConfigKeys[k]);
        if (it == f.metadata.end()) continue;
        long long v;
        if (!parse_int_strict(it->second, &v))
            return std::string("metadata ") + kConfigKeys[k] + " = " + quote(it->second) + " is not an integer";
        if (v > 2147483647LL || v < -2147483647LL)
            return std::string("metadata ") + kConfigKeys[k] + " = " + quote(it->second) + " is out of range";
        *fields[k] = int(v);
        given[k] = true;
    }
    auto wte = by_name.find("wte.weight");
    auto wpe = by_name.find("wpe.weight");
    if (!given[2] || !given[4]) {
        if (wte == by_name.end()) return "missing tensor 'wte.weight' (needed to infer vocab_size and n_embd)";
        if (wte->second->shape.size() != 2)
            return "tensor 'wte.weight': rank " + std::to_string(wte->second->shape.size()) + " but the model needs rank 2 (vocab_size, n_embd)";
        if (!given[4]) cfg.vocab_size = clamp_int(wte->second->shape[0]);
        if (!given[2]) cfg.n_embd = clamp_int(wte->second->shape[1]);
    }
    if (!given[3]) {
        if (wpe == by_name.end()) return "missing tensor 'wpe.weight' (needed to infer n_ctx)";
        if (wpe->second->shape.size() != 2)
            return "tensor 'wpe.weight': rank " + std::to_string(wpe->second->shape.size()) + " but the model needs rank 2 (n_ctx, n_embd)";
        cfg.n_ctx = clamp_int(wpe->second->shape[0]);
    }
    if (!given[0]) {
        if (max_layer < 0) return "no transformer blocks (h.0.*) in the file and no n_layer in the metadata";
        cfg.n_layer = clamp_int(max_layer + 1);
    }
    if (!given[1]) {
        cfg.n_head = default_n_head(cfg.n_embd);
        if (cfg.n_head == 0)
            return "n_head is not in the metadata and cannot be inferred for n_embd = " + std::to_string(cfg.n_embd) +
                   " (only GPT-2's 768/1024/1280/1600 are known): add __metadata__ \"n_head\"";
    }
    err = config_check(cfg);
    if (!err.empty()) return "bad config: " + err;

    // ---- every tensor of the table present, right shape, float dtype; nothing unknown --------
    // Checked before allocating, so the allocation is bounded by what the file really holds.
    const std::vector<ParamTensor> table = param_table(cfg);
    std::unordered_map<std::string, const ParamTensor*> wanted;
    for (auto& p : table) wanted.emplace(p.name, &p);
    for (auto& t : f.tensors) {  // file order, so the message names the first one
        std::string name = t.name;
        if (name.compare(0, 12, "transformer.") == 0) name = name.substr(12);
        auto it = by_name.find(name);
        if (it != by_name.end() && !wanted.count(name))
            return "unexpected tensor " + quote(t.name) + ": not part of a GPT-2 with n_layer = " +
                   std::to_string(cfg.n_layer) + ", n_embd = " + std::to_string(cfg.n_embd);
    }
    for (auto& p : table) {
        auto it = by_name.find(p.name);
        if (it == by_name.end()) return "missing tensor '" + p.name + "'";
        const STensorInfo& t = *it->second;
        std::vector<int64_t> need = p.rank == 2 ? std::vector<int64_t>{p.rows, p.cols} : std::vector<int64_t>{p.cols};
        if (t.shape != need)
            return "tensor '" + p.name + "': shape " + shape_string(t.shape) + " but the model needs " + shape_string(need);
        if (t.dtype != DT_F32 && t.dtype != DT_F16 && t.dtype != DT_BF16 && t.dtype != DT_F64)
            return "tensor '" + p.name + "': dtype " + t.dtype_name + " is not a floating-point type (need F32, F16, BF16 or F64)";
    }

    // ---- tokenizer ----------------------------------------------------------------------------
    *code = LOAD_TOKENIZER;
    Checkpoint ck;
    ck.metadata = f.metadata;
    auto tk = f.metadata.find("tokenizer");
    if (tk != f.metadata.end()) {
        if (tk->second == "char") {
            auto al = f.metadata.find("alphabet");
            if (al == f.metadata.end()) return "metadata tokenizer = 'char' but no 'alphabet'";
            err = tokenizer_char_from_alphabet(al->second, &ck.tokenizer);
            if (!err.empty()) return "metadata alphabet: " + err;
            if (ck.tokenizer.vocab_size() > cfg.vocab_size)
                return "metadata alphabet has " + std::to_string(ck.tokenizer.vocab_size()) + " characters but vocab_size is " +
                       std::to_string(cfg.vocab_size);
        } else if (tk->second == "gpt2-bpe") {
            if (cfg.vocab_size < 50257)
                return "metadata tokenizer = 'gpt2-bpe' needs vocab_size >= 50257 (got " + std::to_string(cfg.vocab_size) + ")";
            err = tokenizer_gpt2_load_default(&ck.tokenizer);
            if (!err.empty()) return err;
        } else {
            return "metadata tokenizer = " + quote(tk->second) + " is unknown (expected 'char' or 'gpt2-bpe')";
        }
    } else if (cfg.vocab_size == 50257) {
        // A plain GPT-2 file from Hugging Face: no tokenizer metadata, GPT-2's vocabulary size.
        err = tokenizer_gpt2_load_default(&ck.tokenizer);
        if (!err.empty()) return err;
    }
    // else: no tokenizer (ck.tokenizer.vocab_size() == 0): fine for grad/inspect, not for text.

    // ---- values -------------------------------------------------------------------------------
    *code = LOAD_NOT_GPT2;
    err = ck.model.init(cfg);
    if (!err.empty()) return "bad config: " + err;
    *code = LOAD_BAD_VALUES;
    for (auto& p : ck.model.table) {
        const STensorInfo& t = *by_name.at(p.name);
        float* dst = ck.model.param(p);
        if (!f.read_f32(t, dst, &err)) return err;
        for (size_t i = 0; i < p.numel; i++)
            if (!std::isfinite(dst[i]))
                return "tensor '" + p.name + "' has a non-finite value (" + (std::isnan(dst[i]) ? "NaN" : "inf") +
                       ") at index " + std::to_string(i);
    }
    if (lm_head) {
        const ParamTensor& w = ck.model.table[0];
        const std::vector<int64_t> need{w.rows, w.cols};
        if (lm_head->shape != need)
            return "tensor 'lm_head.weight': shape " + shape_string(lm_head->shape) + " but the tied head needs " + shape_string(need);
        std::vector<float> head(w.numel);
        if (!f.read_f32(*lm_head, head.data(), &err)) return err;
        if (std::memcmp(head.data(), ck.model.param(w), w.numel * sizeof(float)) != 0)
            return "tensor 'lm_head.weight' differs from wte.weight: this GPT-2 ties the output head to the token embedding";
    }
    if (!optim_tensors.empty()) {
        *code = LOAD_OPTIMIZER;
        err = optim_load(f, optim_tensors, ck.model, &ck.optim);
        if (!err.empty()) return err;
    }
    *code = LOAD_OK;
    *out = std::move(ck);
    return {};
}

std::string optimizer_moments_load(const uint8_t* bytes, size_t size, const GPT& model, OptimizerState* out) {
    SafetensorsFile f;
    std::string err = safetensors_parse(bytes, size, &f);
    if (!err.empty()) return err;
    std::vector<const STensorInfo*> tensors;
    for (const auto& t : f.tensors) {
        if (t.name.compare(0, kOptimPrefixLen, kOptimPrefix) != 0)
            return "unexpected tensor " + quote(t.name) + " in an optimizer-state file (only optim.* tensors)";
        tensors.push_back(&t);
    }
    if (tensors.empty()) return "no optimizer state in this file (no optim.* tensors)";
    if (f.metadata.count("optim.moments")) return "an optimizer-state file carries its moments: metadata optim.moments is not allowed";
    OptimizerState st;
    err = optim_load(f, tensors, model, &st);
    if (!err.empty()) return err;
    *out = std::move(st);
    return {};
}

std::string checkpoint_load_file(const std::string& path, Checkpoint* out) {
    std::vector<uint8_t> bytes;
    std::string err = read_file(path, &bytes);
    if (!err.empty()) return err;
    err = checkpoint_load(bytes.data(), bytes.size(), out);
    if (!err.empty()) return quote(path) + ": " + err;
    return {};
}

std::vector<uint8_t> checkpoint_save(const GPT& model, const Tokenizer& tok,
                                     const std::map<std::string, std::string>& extra_metadata,
                                     const OptimizerState* optim) {
    SafetensorsWriter w;
    w.metadata = extra_metadata;
    // The tokenizer given wins over stale tokenizer keys in extra (e.g. metadata of a loaded file).
    w.metadata.erase("tokenizer");
    w.metadata.erase("alphabet");
    for (auto& kv : tok.metadata()) w.metadata[kv.first] = kv.second;
    const GPTConfig& c = model.cfg;
    const int vals[] = {c.n_layer, c.n_head, c.n_embd, c.n_ctx, c.vocab_size};
    for (int k = 0; k < 5; k++) w.metadata[kConfigKeys[k]] = std::to_string(vals[k]);
    w.metadata["format"] = "pt";  // as Hugging Face writes it, so transformers accepts the file
    for (auto& p : model.table) {
        std::vector<int64_t> shape = p.rank == 2 ? std::vector<int64_t>{p.rows, p.cols} : std::vector<int64_t>{p.cols};
        w.add_f32(p.name, std::move(shape), model.param(p));
    }
    for (auto it = w.metadata.begin(); it != w.metadata.end();)  // stale optimizer keys of a loaded file
        it = it->first.compare(0, kOptimPrefixLen, kOptimPrefix) == 0 ? w.metadata.erase(it) : std::next(it);
    if (optim && optim->present && optim->step >= 1 && optim->m.size() == model.params.size() && optim->v.size() == model.params.size()) {
        for (int which = 0; which < 2; which++)
            for (auto& p : model.table) {
                std::vector<int64_t> shape = p.rank == 2 ? std::vector<int64_t>{p.rows, p.cols} : std::vector<int64_t>{p.cols};
                const float* src = (which ? optim->v.data() : optim->m.data()) + p.offset;
                w.add_f32(std::string(which ? "optim.adamw.v." : "optim.adamw.m.") + p.name, std::move(shape), src);
            }
        const int32_t step = optim->step;
        w.add_i32("optim.adamw.step", {1}, &step);
        w.metadata["optim.lr"] = float_string(optim->lr);
        w.metadata["optim.beta1"] = float_string(optim->beta1);
        w.metadata["optim.beta2"] = float_string(optim->beta2);
        w.metadata["optim.eps"] = float_string(optim->eps);
        w.metadata["optim.weight_decay"] = float_string(optim->weight_decay);
        if (optim->batch > 0) w.metadata["optim.batch"] = std::to_string(optim->batch);
        if (optim->context > 0) w.metadata["optim.context"] = std::to_string(optim->context);
    }
    return w.serialize();
}

std::string checkpoint_save_file(const std::string& path, const GPT& model, const Tokenizer& tok,
                                 const std::map<std::string, std::string>& extra_metadata,
                                 const OptimizerState* optim) {
    if (model.params.size() != param_count(model.cfg)) return "cannot save: the model is not initialised";
    return write_file_atomic(path, checkpoint_save(model, tok, extra_metadata, optim));
}

std::string batch_load(const uint8_t* bytes, size_t size, int vocab_size, int n_ctx, Batch* out) {
    SafetensorsFile f;
    std::string err = safetensors_parse(bytes, size, &f);
    if (!err.empty()) return err;
    const STensorInfo* in = f.find("inputs");
    const STensorInfo* tg = f.find("targets");
    if (!in) return "missing tensor 'inputs' (int32, shape (B,T))";
    if (!tg) return "missing tensor 'targets' (int32, shape (B,T))";
    for (const STensorInfo* t : {in, tg}) {
        if (t->dtype != DT_I32 && t->dtype != DT_I64)
            return "tensor " + quote(t->name) + ": dtype " + t->dtype_name + " but batches need I32 (or I64) token ids";
        if (t->shape.size() != 2) return "tensor " + quote(t->name) + ": shape " + shape_string(t->shape) + " but batches need (B,T)";
        if (t->shape[0] < 1 || t->shape[1] < 1) return "tensor " + quote(t->name) + ": shape " + shape_string(t->shape) + " is empty";
    }
    if (in->shape != tg->shape)
        return "inputs shape " + shape_string(in->shape) + " differs from targets shape " + shape_string(tg->shape);
    if (in->shape[1] > n_ctx)
        return "batch T = " + std::to_string(in->shape[1]) + " is longer than the model's context n_ctx = " + std::to_string(n_ctx);
    if (in->shape[0] > 1000000) return "batch B = " + std::to_string(in->shape[0]) + " is absurdly large";
    Batch b;
    b.B = int(in->shape[0]);
    b.T = int(in->shape[1]);
    const size_t n = size_t(b.B) * size_t(b.T);
    std::vector<int32_t> buf(n);
    for (int which = 0; which < 2; which++) {
        const STensorInfo* t = which ? tg : in;
        if (!f.read_i32(*t, buf.data(), &err)) return err;
        for (size_t i = 0; i < n; i++)
            if (buf[i] < 0 || buf[i] >= vocab_size)
                return t->name + "[" + std::to_string(i / size_t(b.T)) + "][" + std::to_string(i % size_t(b.T)) + "] = " +
                       std::to_string(buf[i]) + " is outside the vocabulary [0, " + std::to_string(vocab_size) + ")";
        (which ? b.targets : b.inputs).assign(buf.begin(), buf.end());
    }
    *out = std::move(b);
    return {};
}

std::string batch_load_file(const std::string& path, int vocab_size, int n_ctx, Batch* out) {
    std::vector<uint8_t> bytes;
    std::string err = read_file(path, &bytes);
    if (!err.empty()) return err;
    err = batch_load(bytes.data(), bytes.size(), vocab_size, n_ctx, out);
    if (!err.empty()) return "batch " + quote(path) + ": " + err;
    return {};
}

} // namespace ga
