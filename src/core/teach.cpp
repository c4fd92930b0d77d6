// One example, one step: the gradient of one example and the SGD step on it, with the forward
// and backward of model.cpp (position_weights puts the whole loss on the last position).
#include "teach.h"
#include <algorithm>
#include <cfloat>
#include <cmath>

namespace ga {

namespace {

// The last n_ctx tokens of a context: the model sees at most n_ctx positions.
std::vector<int> clip_context(const GPT& m, const std::vector<int>& ctx) {
    if ((int)ctx.size() <= m.cfg.n_ctx) return ctx;
    return std::vector<int>(ctx.end() - m.cfg.n_ctx, ctx.end());
}

std::string quoted(const std::string& s) {
    std::string q = "'";
    for (char c : s.substr(0, 40)) q.push_back((unsigned char)c < 0x20 ? '?' : c);
    if (s.size() > 40) q += "...";
    return q + "'";
}

} // namespace

std::string example_from_text(const Tokenizer& tok, int vocab_size, const std::string& context,
                              const std::string& target, Example* out) {
    if (tok.vocab_size() == 0) return "this model has no tokenizer: it cannot read text";
    if (context.empty()) return "the context is empty: type at least one character before the target";
    if (target.empty()) return "the target is empty: type the next token you want (e.g. 't')";
    Example ex;
    std::string err = tok.encode(context, &ex.context);
    if (!err.empty()) return "context: " + err;
    std::vector<int> t;
    err = tok.encode(target, &t);
    if (!err.empty()) return "target " + quoted(target) + ": " + err;
    if (t.size() != 1)
        return "target " + quoted(target) + " is " + std::to_string(t.size()) +
               " tokens for this tokenizer: give exactly one (" +
               (tok.kind == TOK_CHAR ? std::string("one character") : std::string("one BPE token, e.g. ' cat'")) + ")";
    ex.target = t[0];
    for (int id : ex.context)
        if (id < 0 || id >= vocab_size) return "context token " + std::to_string(id) + " is outside the model's vocabulary";
    if (ex.target < 0 || ex.target >= vocab_size) return "target token " + std::to_string(ex.target) + " is outside the model's vocabulary";
    if (ex.context.empty()) return "the context is empty after tokenization";
    *out = std::move(ex);
    return {};
}

std::string example_check(const GPT& m, const Example& ex) {
    if (m.params.empty()) return "no model";
    if (ex.context.empty()) return "the context is empty";
    for (int id : ex.context)
        if (id < 0 || id >= m.cfg.vocab_size)
            return "context token " + std::to_string(id) + " is outside the vocabulary [0, " + std::to_string(m.cfg.vocab_size) + ")";
    if (ex.target < 0 || ex.target >= m.cfg.vocab_size)
        return "target token " + std::to_string(ex.target) + " is outside the vocabulary [0, " + std::to_string(m.cfg.vocab_size) + ")";
    return {};
}

std::vector<TokenProb> predict_next(GPT& m, const std::vector<int>& context, int k) {
    std::vector<TokenProb> top;
    if (m.params.empty() || context.empty() || k < 1) return top;
    const std::vector<int> ctx = clip_context(m, context);
    const int T = (int)ctx.size(), V = m.cfg.vocab_size;
    m.forward(ctx.data(), nullptr, 1, T);
    const float* p = m.acts.probs.data() + (size_t)(T - 1) * V;
    std::vector<int> ids(V);
    for (int i = 0; i < V; i++) ids[i] = i;
    k = std::min(k, V);
    std::partial_sort(ids.begin(), ids.begin() + k, ids.end(),
                      [&](int a, int b) { return p[a] > p[b] || (p[a] == p[b] && a < b); });
    for (int i = 0; i < k; i++) top.push_back({ids[i], p[ids[i]]});
    return top;
}

float predict_prob(GPT& m, const std::vector<int>& context, int target) {
    if (m.params.empty() || context.empty() || target < 0 || target >= m.cfg.vocab_size) return 0.0f;
    const std::vector<int> ctx = clip_context(m, context);
    const int T = (int)ctx.size();
    m.forward(ctx.data(), nullptr, 1, T);
    return m.acts.probs[(size_t)(T - 1) * m.cfg.vocab_size + target];
}

std::string example_gradient(GPT& m, const Example& ex, ExampleGrad* out) {
    std::string err = example_check(m, ex);
    if (!err.empty()) return err;
    const std::vector<int> ctx = clip_context(m, ex.context);
    const int T = (int)ctx.size();
    // Targets of the earlier positions are the next context tokens (any valid id would do: their
    // weight is 0); the last position's target is the example's.
    std::vector<int> tg(T);
    for (int t = 0; t + 1 < T; t++) tg[t] = ctx[t + 1];
    tg[T - 1] = ex.target;

    std::vector<float> batch_grads;
    batch_grads.swap(m.grads);  // the batch gradient stays untouched for the UI
    m.position_weights.assign(T, 0.0f);
    m.position_weights[T - 1] = 1.0f;
    m.forward(ctx.data(), tg.data(), 1, T);
    out->loss = m.acts.losses[T - 1];
    out->p = m.acts.probs[(size_t)(T - 1) * m.cfg.vocab_size + ex.target];
    m.zero_grad();
    m.backward();
    m.position_weights.clear();
    out->grad.swap(m.grads);
    m.grads.swap(batch_grads);
    return {};
}

std::vector<WeightEntry> top_weights(const GPT& m, const std::vector<float>& grad, float lr, int n) {
    std::vector<WeightEntry> top;
    if (grad.size() != m.params.size() || n < 1) return top;
    // a min-heap of the n largest |g| seen so far, keyed by (|g| desc, offset asc)
    auto worse = [&](size_t a, size_t b) {  // true when a ranks after b
        const float ga = std::fabs(grad[a]), gb = std::fabs(grad[b]);
        return ga < gb || (ga == gb && a > b);
    };
    auto heap_cmp = [&](size_t a, size_t b) { return worse(b, a); };  // "less" = ranks better: front is the worst
    std::vector<size_t> heap;
    for (size_t i = 0; i < grad.size(); i++) {
        if (!(grad[i] != 0.0f)) continue;
        if ((int)heap.size() < n) {
            heap.push_back(i);
            std::push_heap(heap.begin(), heap.end(), heap_cmp);
        } else if (worse(heap.front(), i)) {
            std::pop_heap(heap.begin(), heap.end(), heap_cmp);
            heap.back() = i;
            std::push_heap(heap.begin(), heap.end(), heap_cmp);
        }
    }
    std::sort(heap.begin(), heap.end(), [&](size_t a, size_t b) { return worse(b, a); });
    for (size_t off : heap) {
        WeightEntry e;
        for (size_t t = 0; t < m.table.size(); t++) {
            const ParamTensor& p = m.table[t];
            if (off >= p.offset && off < p.offset + p.numel) {
                e.tensor = (int)t;
                e.index = off - p.offset;
                e.row = p.rank == 2 ? (int)(e.index / (size_t)p.cols) : 0;
                e.col = p.rank == 2 ? (int)(e.index % (size_t)p.cols) : (int)e.index;
                break;
            }
        }
        e.grad = grad[off];
        e.before = m.params[off];
        e.after = m.params[off] - lr * grad[off];
        top.push_back(e);
    }
    return top;
}

std::string teach_preview(GPT& m, const Example& ex, float lr, int top_n, TeachResult* out) {
    ExampleGrad g;
    std::string err = example_gradient(m, ex, &g);
    if (!err.empty()) return err;
    TeachResult r;
    r.lr = lr;
    r.p_before = r.p_after = g.p;
    r.loss_before = r.loss_after = g.loss;
    r.top = top_weights(m, g.grad, lr, top_n);
    *out = std::move(r);
    return {};
}

std::string teach_step(GPT& m, const Example& ex, float lr, int top_n,
                       const std::vector<std::vector<int>>& side_contexts, int side_k, TeachResult* out) {
    if (!std::isfinite(lr) || !(lr > 0.0f)) return "learning rate must be a finite number > 0 (got " + std::to_string(lr) + ")";
    if (lr > 1e4f) return "learning rate " + std::to_string(lr) + " is absurdly large (at most 1e4)";
    for (const auto& c : side_contexts)
        for (int id : c)
            if (id < 0 || id >= m.cfg.vocab_size) return "side-effect context token " + std::to_string(id) + " is outside the vocabulary";
    ExampleGrad g;
    std::string err = example_gradient(m, ex, &g);
    if (!err.empty()) return err;
    // check the whole update before writing any of it
    for (size_t i = 0; i < m.params.size(); i++)
        if (!(std::fabs(m.params[i] - lr * g.grad[i]) <= FLT_MAX))
            return "teach step refused: a weight would not be finite after the update (learning rate too large?)";

    TeachResult r;
    r.lr = lr;
    r.p_before = g.p;
    r.loss_before = g.loss;
    r.top = top_weights(m, g.grad, lr, top_n);
    for (const auto& c : side_contexts) {
        if (c.empty()) continue;
        SideEffect s;
        s.context = c;
        s.before = predict_next(m, c, side_k);
        r.side.push_back(std::move(s));
    }
    // W ← W − η·∂L/∂W, every tensor
    for (size_t i = 0; i < m.params.size(); i++) m.params[i] -= lr * g.grad[i];
    for (SideEffect& s : r.side) s.after = predict_next(m, s.context, side_k);
    const std::vector<int> ctx = clip_context(m, ex.context);
    r.p_after = predict_prob(m, ctx, ex.target);
    r.loss_after = -std::log(std::max(r.p_after, 1e-30f));
    // the acts now hold the example's context with the new weights (what the inspector shows)
    *out = std::move(r);
    return {};
}

// ---- edits ----------------------------------------------------------------------------------

std::string weight_lookup(const GPT& m, const std::string& tensor, const std::vector<long long>& index, WeightEntry* out) {
    const ParamTensor* p = m.find(tensor);
    if (!p) {
        std::string name = tensor.substr(0, 80);
        return "unknown tensor " + quoted(name) + " (names as in the checkpoint: wte.weight, h.0.attn.c_attn.weight, ...)";
    }
    WeightEntry e;
    e.tensor = (int)(p - m.table.data());
    if (index.size() == 1) {
        if (index[0] < 0 || (size_t)index[0] >= p->numel)
            return "index [" + std::to_string(index[0]) + "] is out of range for " + p->name + " (" + std::to_string(p->numel) + " values)";
        e.index = (size_t)index[0];
        e.row = p->rank == 2 ? (int)(e.index / (size_t)p->cols) : 0;
        e.col = p->rank == 2 ? (int)(e.index % (size_t)p->cols) : (int)e.index;
    } else if (index.size() == 2) {
        const long long rows = p->rank == 2 ? p->rows : 1;
        if (index[0] < 0 || index[0] >= rows || index[1] < 0 || index[1] >= p->cols)
            return "index [" + std::to_string(index[0]) + ", " + std::to_string(index[1]) + "] is out of range for " + p->name +
                   " (shape " + (p->rank == 2 ? std::to_string(p->rows) + " x " : std::string()) + std::to_string(p->cols) + ")";
        e.row = (int)index[0];
        e.col = (int)index[1];
        e.index = (size_t)e.row * (size_t)p->cols + (size_t)e.col;
    } else {
        return "index must be [row, col] or [i] (got " + std::to_string(index.size()) + " numbers)";
    }
    e.before = e.after = m.params[p->offset + e.index];
    *out = e;
    return {};
}

void EditHistory::take_base(const GPT& m) {
    if (have_base_) return;
    base_params_ = m.params;
    base_ablation_ = m.ablation;
    have_base_ = true;
}

void EditHistory::before_teach(const GPT& m) {
    take_base(m);
    Entry e;
    e.kind = "teach";
    e.params = m.params;
    e.ablation = m.ablation;
    stack_.push_back(std::move(e));
    // keep whole snapshots within the budget: forget the oldest (restore still uses the base)
    size_t bytes = 0;
    for (const Entry& x : stack_) bytes += x.params.size() * sizeof(float);
    while (bytes > budget_bytes && stack_.size() > 1) {
        bytes -= stack_.front().params.size() * sizeof(float);
        stack_.erase(stack_.begin());
    }
}

void EditHistory::before_weight(const GPT& m, size_t offset) {
    take_base(m);
    Entry e;
    e.kind = "edit";
    e.single = true;
    e.offset = offset;
    e.value = offset < m.params.size() ? m.params[offset] : 0.0f;
    e.ablation = m.ablation;
    stack_.push_back(std::move(e));
}

void EditHistory::before_ablation(const GPT& m) {
    take_base(m);
    Entry e;
    e.kind = "ablate";
    e.masks_only = true;  // no weight changes: only the masks come back
    e.ablation = m.ablation;
    stack_.push_back(std::move(e));
}

const std::string& EditHistory::last_kind() const {
    static const std::string none;
    return stack_.empty() ? none : stack_.back().kind;
}

std::string EditHistory::undo(GPT& m) {
    if (stack_.empty()) return "nothing to undo";
    Entry& e = stack_.back();
    if (e.masks_only) {
    } else if (e.single) {
        if (e.offset < m.params.size()) m.params[e.offset] = e.value;
    } else {
        if (e.params.size() != m.params.size()) { clear(); return "nothing to undo (the model was replaced)"; }
        m.params = e.params;
    }
    m.ablation = e.ablation;
    stack_.pop_back();
    if (stack_.empty()) clear();  // back at the base: nothing left to restore
    return {};
}

std::string EditHistory::restore(GPT& m) {
    const bool masks = m.ablation.count() > 0;
    if (have_base_ && base_params_.size() == m.params.size()) m.params = base_params_;
    else if (!masks) { clear(); return "nothing to restore: no teach step, edit or knock-out since the model was loaded or trained"; }
    m.clear_ablation();  // every knock-out goes, also those older than the history
    clear();
    return {};
}

void EditHistory::clear() {
    stack_.clear();
    base_params_.clear();
    base_params_.shrink_to_fit();
    base_ablation_ = Ablation{};
    have_base_ = false;
}

} // namespace ga
