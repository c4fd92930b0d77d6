// GPT checkpoints: safetensors with Hugging Face GPT-2 names, config and tokenizer in __metadata__
// (docs/checkpoint.md). Loading builds a complete new model and only then hands it over, so the
// current model is never touched by a bad file.
#pragma once
#include "model.h"
#include "tokenizer.h"
#include <memory>

namespace ga {

struct Checkpoint {
    GPT model;
    Tokenizer tokenizer;                          // from metadata "tokenizer" (+ "alphabet" for char)
    std::map<std::string, std::string> metadata;  // everything in __metadata__
};

// Parses and validates: config present and sane (or inferred from shapes for a plain GPT-2 file
// without metadata), every tensor present with the right shape and a float dtype, no extra
// unknown tensors other than ignored buffers, all values finite. Accepts a "transformer." prefix
// and ignores h.i.attn.bias / h.i.attn.masked_bias. Returns "" or a one-line reason.
std::string checkpoint_load(const uint8_t* bytes, size_t size, Checkpoint* out);
std::string checkpoint_load_file(const std::string& path, Checkpoint* out);

// Serializes model + tokenizer (+ extra metadata, e.g. model card fields) to safetensors bytes.
std::vector<uint8_t> checkpoint_save(const GPT& model, const Tokenizer& tok,
                                     const std::map<std::string, std::string>& extra_metadata = {});
std::string checkpoint_save_file(const std::string& path, const GPT& model, const Tokenizer& tok,
                                 const std::map<std::string, std::string>& extra_metadata = {});

// Batches for the CLI: int32 "inputs" (B,T) and "targets" (B,T), ids checked against vocab_size.
struct Batch { int B = 0, T = 0; std::vector<int> inputs, targets; };
std::string batch_load_file(const std::string& path, int vocab_size, int n_ctx, Batch* out);
// Same from bytes (I64 ids accepted too; T <= n_ctx; ids in [0, vocab_size)). "" or reason.
std::string batch_load(const uint8_t* bytes, size_t size, int vocab_size, int n_ctx, Batch* out);

} // namespace ga
