// The one text generator: GPT-2 inference with a key/value cache. The prompt is processed once
// (all its positions in one batched pass), then every new token costs one position: its Q, K, V
// per layer, attention of that one query over the cached K/V of all earlier positions, and the
// MLP of one row. The logits equal those of GPT::forward over the same tokens (same kernels, a
// different summation order in places: equal within float tolerance, see tests/unit/test_generate.cpp).
//
// Used by `gpt-anatomy generate`, the page's anatomy.generate() and the inspector's streaming
// generation. It keeps its own small state (the cache grows with the context: 2·L·C floats per
// position) and reads the model's parameters in place: no copy of the model, no Activations.
#pragma once
#include "model.h"
#include "rng.h"
#include "tokenizer.h"

#include <string>
#include <vector>

namespace ga {

// The tokens a generation starts from, the same rule for the CLI, the inspector and the page:
// the prompt's tokens, or for an empty prompt one start token (GPT-2: <|endoftext|>; a character
// model: a newline if its alphabet has one, else token 0). "" or a one-line reason (text the
// tokenizer cannot read, a token outside the model's vocabulary); then *ids is empty.
std::string generation_prompt(const Tokenizer& tok, int vocab_size, const std::string& text, std::vector<int>* ids,
                              EncodeError* why = nullptr);

class Generator {
public:
    // Starts a new context from prompt token ids (at least one). Processes the prompt and leaves
    // the logits of its last position in logits(). The model must stay alive and unchanged while
    // this generator is used: after a weight change (a training step, a load) call begin() again.
    // Returns "" or a one-line reason (empty model, empty prompt, token outside the vocabulary);
    // on error the generator is left empty (active() false). A prompt longer than the window keeps
    // its last tokens. The window is n_ctx, or max_context when that is smaller and > 0 (a cap on
    // the cache for big models, e.g. the page's).
    std::string begin(const GPT& model, const std::vector<int>& prompt, int max_context = 0);
    // Appends one token and computes the logits of the next position. When the window is full
    // the cache is rebuilt from its newest half (one batched pass), so a long generation costs one
    // prefill per window/2 tokens, not one full forward per token. "" or a reason (not begun, token outside the vocabulary).
    std::string feed(int token);
    // sample_token on logits(), then feed(); returns the token, or -1 if not begun.
    int next(float temperature, int top_k, Rng& rng);

    bool active() const { return model_ != nullptr; }
    const float* logits() const { return logits_.data(); }  // (V) for the position after tokens().back()
    int vocab_size() const { return V_; }
    int window() const { return n_ctx_; }  // the most tokens the generator keeps
    const std::vector<int>& tokens() const { return tokens_; }  // the tokens in the window, oldest first
    size_t cache_floats() const { return cache_.size(); }
    // Makes room for `positions` positions (capped at n_ctx) so the next steps allocate nothing.
    void reserve(int positions);
    void clear();  // forgets the context and gives back the cache's memory

private:
    // Runs positions [pos0, pos0 + n) of tokens_ through the model, appending their K/V to the
    // cache (which must hold exactly pos0 positions), and leaves the last row's logits.
    void run(int pos0, int n);

    const GPT* model_ = nullptr;
    int L_ = 0, C_ = 0, NH_ = 0, V_ = 0, n_ctx_ = 0;
    std::vector<const float*> w_;  // parameter pointers, (L+1, PARAM_KIND_COUNT): layer -1 first
    std::vector<int> tokens_;
    std::vector<float> cache_;  // (positions, L, 2, C): K then V of every layer, one position after another
    // scratch for a chunk of n rows (sized by the largest chunk seen, reused)
    std::vector<float> x_, ln_, mean_, rstd_, qkv_, atty_, proj_, fch_, scores_;
    std::vector<float> logits_;  // (V)
};

} // namespace ga
