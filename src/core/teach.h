// Teaching one example: P(target | context), its loss −ln P, the gradient ∂L/∂W of that one
// example for every tensor (kept apart from the batch gradient in GPT::grads, so both can be
// shown), the weights it would change most, and one SGD step W ← W − η·∂L/∂W on it with its
// consequences (P and loss before → after, the top predictions of a few other contexts).
// Also the edits a learner makes by hand (one weight, a head or a neuron knocked out) with an
// undo history that restores the weights bit for bit.
#pragma once
#include "model.h"
#include "tokenizer.h"
#include <string>
#include <vector>

namespace ga {

// One example: a context (token ids; only the last n_ctx are used) and the next token wanted.
struct Example {
    std::vector<int> context;
    int target = -1;
};

// Encodes context and target text. The target must be exactly one token (a character for char
// models, e.g. "t"; one BPE token for GPT-2, e.g. " cat"); the context at least one token.
// "" or a one-line reason (unknown character, empty context, target of 0 or 3 tokens).
std::string example_from_text(const Tokenizer& tok, int vocab_size, const std::string& context,
                              const std::string& target, Example* out);
// Checks the ids of an example against the model. "" or a one-line reason.
std::string example_check(const GPT& m, const Example& ex);

struct TokenProb {
    int token;
    float p;
};

// The next-token distribution after a context: one inference forward (B = 1). The model's
// activations are those of this context afterwards. Context ids must be valid (example_check).
std::vector<TokenProb> predict_next(GPT& m, const std::vector<int>& context, int k);
// P(target | context) and −ln P of it.
float predict_prob(GPT& m, const std::vector<int>& context, int target);

// The gradient of the loss −ln P(target | context) of one example, same layout as m.params.
// m.params and m.grads (the batch gradient) are left as they were.
struct ExampleGrad {
    float p = 0.0f, loss = 0.0f;
    std::vector<float> grad;
};
std::string example_gradient(GPT& m, const Example& ex, ExampleGrad* out);

// One weight of the table, for the top list and for edits.
struct WeightEntry {
    int tensor = -1;       // index into m.table
    int row = 0, col = 0;  // rank 1: row 0, col = index
    size_t index = 0;      // flat index inside the tensor (row * cols + col)
    float grad = 0.0f, before = 0.0f, after = 0.0f;  // ∂L/∂W, W, W − η·∂L/∂W
};
// The n weights with the largest |grad| over every tensor, largest first (ties: lower offset).
std::vector<WeightEntry> top_weights(const GPT& m, const std::vector<float>& grad, float lr, int n);

struct SideEffect {
    std::vector<int> context;
    std::vector<TokenProb> before, after;  // top predictions
};

struct TeachResult {
    float lr = 0.0f;
    float p_before = 0.0f, p_after = 0.0f, loss_before = 0.0f, loss_after = 0.0f;
    std::vector<WeightEntry> top;
    std::vector<SideEffect> side;
};

// Preview (no change): P, loss and the top list of the example as if stepped with lr.
std::string teach_preview(GPT& m, const Example& ex, float lr, int top_n, TeachResult* out);
// One SGD step on the example for every tensor: W ← W − lr·∂L/∂W. Refused with the weights
// unchanged when lr is not finite or not > 0, or a weight would not be finite.
std::string teach_step(GPT& m, const Example& ex, float lr, int top_n,
                       const std::vector<std::vector<int>>& side_contexts, int side_k, TeachResult* out);

// ---- edits by hand and their undo history -----------------------------------------------------

// Resolves "h.0.attn.c_attn.weight" + [row, col] (or [i] for any tensor, the flat index) to a
// WeightEntry with before = the current value. "" or a one-line reason.
std::string weight_lookup(const GPT& m, const std::string& tensor, const std::vector<long long>& index, WeightEntry* out);

// Snapshots taken before each teach / edit / ablation. undo() goes back one, restore() to the
// state before the first one (weights and knock-outs, bit for bit). Whole-parameter snapshots
// for teach steps, one value for a single-weight edit; the oldest whole snapshots are merged
// away when they exceed the memory budget (the base is always kept, so restore always works).
class EditHistory {
public:
    size_t budget_bytes = size_t(256) << 20;

    // Call before changing the model. kind is for the UI ("teach", "edit", "ablate").
    void before_teach(const GPT& m);                              // whole parameters
    void before_weight(const GPT& m, size_t offset);              // one value
    void before_ablation(const GPT& m);                           // knock-out masks only
    bool can_undo() const { return !stack_.empty(); }
    size_t depth() const { return stack_.size(); }
    const std::string& last_kind() const;
    // "" or "nothing to undo". Restores params and ablation of the step before.
    std::string undo(GPT& m);
    // Back to the weights before the first recorded change, every knock-out removed; clears the history.
    std::string restore(GPT& m);
    // The model was replaced or trained: its older states are no longer this history's business.
    void clear();
    bool active() const { return have_base_; }

private:
    struct Entry {
        std::string kind;
        std::vector<float> params;  // whole snapshot (teach), else empty
        size_t offset = 0;          // single-weight edit
        float value = 0.0f;
        bool single = false;
        bool masks_only = false;
        Ablation ablation;
    };
    void take_base(const GPT& m);
    std::vector<Entry> stack_;
    std::vector<float> base_params_;
    Ablation base_ablation_;
    bool have_base_ = false;
};

} // namespace ga
