// GPT checkpoints: safetensors with Hugging Face GPT-2 names, config and tokenizer in __metadata__
// (docs/checkpoint.md). Loading builds a complete new model and only then hands it over, so the
// current model is never touched by a bad file.
#pragma once
#include "model.h"
#include "optim.h"
#include "tokenizer.h"
#include <memory>

namespace ga {

// AdamW state carried by a checkpoint so that training resumes where it stopped instead of
// restarting with zero moments (which makes the first steps from a trained model jump uphill).
// Stored as extra tensors that plain GPT-2 loaders ignore (Hugging Face reports them as unused):
//   optim.adamw.m.<param name>, optim.adamw.v.<param name>  F32, the parameter's shape
//   optim.adamw.step                                         I32 (1): AdamW steps taken (t)
// and __metadata__ strings optim.lr (η of the last step: where a continuation starts),
// optim.beta1, optim.beta2, optim.eps, optim.weight_decay, optim.batch, optim.context.
// A file may leave its moments to a companion file (the page's start-up copy of a shipped model,
// docs/checkpoint.md): metadata optim.moments = "deferred", only optim.adamw.step as optim tensor;
// the companion holds optim.adamw.{m,v,step}.* and the same optim.* metadata
// (optimizer_moments_load).
struct OptimizerState {
    bool present = false;
    bool moments_deferred = false;   // step and settings here, m and v (empty) in a companion file
    int step = 0;
    std::vector<float> m, v;  // same layout as the model's params
    float lr = 0.0f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, weight_decay = 0.01f;
    int batch = 0, context = 0;  // 0: not recorded
};

struct Checkpoint {
    GPT model;
    OptimizerState optim;                         // present only if the file carries it
    Tokenizer tokenizer;                          // from metadata "tokenizer" (+ "alphabet" for char)
    std::map<std::string, std::string> metadata;  // everything in __metadata__
};

// Parses and validates: config present and sane (or inferred from shapes for a plain GPT-2 file
// without metadata), every tensor present with the right shape and a float dtype, no extra
// unknown tensors other than ignored buffers, all values finite. Accepts a "transformer." prefix
// and ignores h.i.attn.bias / h.i.attn.masked_bias. Returns "" or a one-line reason.
std::string checkpoint_load(const uint8_t* bytes, size_t size, Checkpoint* out);
// What part of a checkpoint was refused, for front-ends that word the error in another language
// (the one-line reason stays the detail: tensor names, shapes, numbers).
enum LoadCode : int {
    LOAD_OK = 0,
    LOAD_NOT_SAFETENSORS,   // not a safetensors file, truncated or corrupt header
    LOAD_NOT_GPT2,          // tensors or config that are not a GPT-2 this app reads
    LOAD_TOKENIZER,         // the tokenizer metadata is missing, unknown or inconsistent
    LOAD_BAD_VALUES,        // weights that cannot be read or are not finite, an untied head
    LOAD_OPTIMIZER,         // the saved AdamW state is inconsistent
};
std::string checkpoint_load(const uint8_t* bytes, size_t size, Checkpoint* out, LoadCode* code);
std::string checkpoint_load_file(const std::string& path, Checkpoint* out);
// The companion file of a checkpoint whose moments are deferred: only optim.* tensors (the moments
// of every parameter of `model`, its step) and optim.* metadata. "" or a one-line reason.
std::string optimizer_moments_load(const uint8_t* bytes, size_t size, const GPT& model, OptimizerState* out);

// Serializes model + tokenizer (+ extra metadata, e.g. model card fields) to safetensors bytes.
// With optim non-null and AdamW moments of the model's size, the optimizer state is saved too.
std::vector<uint8_t> checkpoint_save(const GPT& model, const Tokenizer& tok,
                                     const std::map<std::string, std::string>& extra_metadata = {},
                                     const OptimizerState* optim = nullptr);
std::string checkpoint_save_file(const std::string& path, const GPT& model, const Tokenizer& tok,
                                 const std::map<std::string, std::string>& extra_metadata = {},
                                 const OptimizerState* optim = nullptr);
// The state of an optimizer to save (present = false unless it is AdamW with moments).
OptimizerState optimizer_state_of(const Optimizer& opt, const GPT& model, int batch, int context);

// Batches for the CLI: int32 "inputs" (B,T) and "targets" (B,T), ids checked against vocab_size.
struct Batch { int B = 0, T = 0; std::vector<int> inputs, targets; };
std::string batch_load_file(const std::string& path, int vocab_size, int n_ctx, Batch* out);
// Same from bytes (I64 ids accepted too; T <= n_ctx; ids in [0, vocab_size)). "" or reason.
std::string batch_load(const uint8_t* bytes, size_t size, int vocab_size, int n_ctx, Batch* out);

} // namespace ga
