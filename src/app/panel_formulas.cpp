// The formulas with the model's real numbers:
//  1. one neuron: z_j = Σ_i x_i·W_ij + b_j for output j of a linear layer, with x the actual input of
//     that layer for one token (a forward pass of one sequence with the current weights), checked
//     against the activation the model computed;
//  2. one weight: W ← W − η·∂L/∂W (SGD) or the AdamW update with m̂, v̂, with the values of the last
//     optimizer step, checked against the weight now stored.
// The neuron / weight comes from a click on a heatmap cell or a bar, or from the selection.
#include "app.h"
#include "probe.h"
#include "views.h"
#include "wrap.h"    // line breaks never inside a number
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace ga::app {


static const ImVec4 kOk(0.35f, 0.70f, 0.95f, 1.0f);    // blue = matches (no red/green opposition)
static const ImVec4 kBad(0.95f, 0.60f, 0.10f, 1.0f);   // orange = does not match
static const ImVec4 kAccent(1.0f, 0.80f, 0.40f, 1.0f);

// A slider `em` font sizes wide with its label on the right: what same_line_if_fits needs.
static float slider_width(float em, const char* label) {
    return ImGui::GetFontSize() * em + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

// ---- 1. one neuron ----------------------------------------------------------------------------

// A linear layer y = x·W + b of block `layer` and where its input and output live in Activations.
struct Linear {
    int w = -1, b = -1;      // table indices (b = -1: no bias, the tied output head)
    int in_dim = 0, out_dim = 0;
    int layer = -1;
    ParamKind kind = PARAM_ATTN_QKV_W;
};

static Linear linear_for(const GPT& m, int tensor) {
    Linear L;
    if (tensor < 0 || tensor >= int(m.table.size())) return L;
    const ParamTensor& p = m.table[tensor];
    ParamKind wk;
    switch (p.kind) {
    case PARAM_ATTN_QKV_W: case PARAM_ATTN_QKV_B: wk = PARAM_ATTN_QKV_W; break;
    case PARAM_ATTN_PROJ_W: case PARAM_ATTN_PROJ_B: wk = PARAM_ATTN_PROJ_W; break;
    case PARAM_MLP_FC_W: case PARAM_MLP_FC_B: wk = PARAM_MLP_FC_W; break;
    case PARAM_MLP_PROJ_W: case PARAM_MLP_PROJ_B: wk = PARAM_MLP_PROJ_W; break;
    case PARAM_WTE: wk = PARAM_WTE; break;
    default: return L;
    }
    L.kind = wk;
    L.layer = wk == PARAM_WTE ? -1 : p.layer;
    L.w = find_tensor(m, wk, L.layer);
    L.b = wk == PARAM_WTE ? -1 : find_tensor(m, ParamKind(int(wk) + 1), L.layer);  // bias follows its weight in ParamKind
    if (L.w < 0) return Linear{};
    const ParamTensor& w = m.table[L.w];
    if (wk == PARAM_WTE) { L.in_dim = w.cols; L.out_dim = w.rows; }   // logits = x · wteᵀ
    else { L.in_dim = w.rows; L.out_dim = w.cols; }
    return L;
}

static const char* input_name(ParamKind k) {
    switch (k) {
    case PARAM_ATTN_QKV_W: return TR("output of LayerNorm 1", "sortie de la LayerNorm 1");
    case PARAM_ATTN_PROJ_W: return TR("attention output (heads concatenated)", "sortie de l'attention (têtes concaténées)");
    case PARAM_MLP_FC_W: return TR("output of LayerNorm 2", "sortie de la LayerNorm 2");
    case PARAM_MLP_PROJ_W: return TR("GELU of the hidden layer", "GELU de la couche cachée");
    case PARAM_WTE: return TR("output of the final LayerNorm", "sortie de la LayerNorm finale");
    default: return "";
    }
}

// x (in_dim) and the stored output z (out_dim) for token t of a one-sequence forward (B = 1).
static bool layer_io(const GPT& g, const Linear& L, int t, const float** x, const float** z) {
    const Activations& a = g.acts;
    const int C = g.cfg.n_embd, T = a.T, l = L.layer;
    if (a.B != 1 || t < 0 || t >= T) return false;
    const size_t lt = (size_t)l * T + t;
    switch (L.kind) {
    case PARAM_ATTN_QKV_W: *x = a.ln1.data() + lt * C; *z = a.qkv.data() + lt * 3 * C; return true;
    case PARAM_ATTN_PROJ_W: *x = a.atty.data() + lt * C; *z = a.attproj.data() + lt * C; return true;
    case PARAM_MLP_FC_W: *x = a.ln2.data() + lt * C; *z = a.fch.data() + lt * 4 * C; return true;
    case PARAM_MLP_PROJ_W: *x = a.fch_gelu.data() + lt * 4 * C; *z = a.fcproj.data() + lt * C; return true;
    case PARAM_WTE: *x = a.lnf.data() + (size_t)t * C; *z = a.logits.data() + (size_t)t * g.cfg.vocab_size; return true;
    default: return false;
    }
}

static GPT g_probe;                  // private forward pass: never disturbs the trainer's activations
static std::vector<int> g_seq;       // the sequence the neuron sees (from the last batch, or the data)
static int g_seq_step = -1;
static int g_seq_b = 0, g_t = 0;
static double g_probe_fp = 0.0;
static double g_probe_time = -1e9;
static bool g_probe_ok = false;

static void refresh_sequence(AppState& s) {
    const Trainer& tr = s.trainer;
    const int T = std::min(tr.T, tr.model.cfg.n_ctx);
    const GPT& m = tr.model;
    if (g_seq_step == tr.step && int(g_seq.size()) == T && !g_seq.empty()) return;
    g_seq_step = tr.step;
    const int B = int(m.inputs.size()) / std::max(1, T);
    if (!m.inputs.empty() && int(m.inputs.size()) % T == 0 && B > 0) {
        g_seq_b = std::clamp(g_seq_b, 0, B - 1);
        g_seq.assign(m.inputs.begin() + (size_t)g_seq_b * T, m.inputs.begin() + (size_t)(g_seq_b + 1) * T);
    } else if (tr.data.train.size() >= size_t(T)) {
        g_seq.assign(tr.data.train.begin(), tr.data.train.begin() + T);
    } else {
        g_seq.clear();
    }
}

static std::string token_text(const Tokenizer& tok, int id) {
    std::string s = tok.decode_one(id), o;
    for (char c : s) {
        if (c == '\n') o += "\\n";
        else if (c == ' ') o += glyph_text("␣", "_");
        else o += c;
    }
    return o;
}

static void neuron_section(AppState& s) {
    GPT& m = s.trainer.model;
    FormulaPick& pick = formula_pick();
    // Which linear layer: the pick, else the selection, else W_QKV of block 0.
    Linear L = linear_for(m, pick.tensor);
    if (L.w < 0) L = linear_for(m, s.selected);
    if (L.w < 0) L = linear_for(m, find_tensor(m, PARAM_ATTN_QKV_W, 0));
    if (L.w < 0) return;
    const ParamTensor& W = m.table[L.w];
    int j = std::clamp(pick.tensor >= 0 && linear_for(m, pick.tensor).w == L.w ? (m.table[pick.tensor].kind == PARAM_WTE ? pick.row : pick.col) : 0, 0, L.out_dim - 1);

    ImGui::PushFont(font_bold());
    text_wrap("%s  ·  %s", param_title(m, L.w).c_str(), W.name.c_str());
    ImGui::PopFont();
    text_wrap_disabled("%s", TR("Pick another layer: click a weight matrix or bias in the model map, or a heatmap cell.",
                                 "Autre couche : cliquez une matrice ou un biais dans la carte du modèle, ou une case de la carte des poids."));
    refresh_sequence(s);
    const int T = int(g_seq.size());
    if (T == 0) {
        text_wrap("%s", TR("No tokens yet: load a data set.", "Pas encore de tokens : chargez un jeu de données."));
        return;
    }
    // Controls: output neuron j, position t.
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::SliderInt(TR("neuron j###fj", "neurone j###fj"), &j, 0, L.out_dim - 1)) {
        pick.tensor = L.w;
        if (L.kind == PARAM_WTE) { pick.row = j; } else { pick.col = j; pick.row = std::clamp(pick.row, 0, L.in_dim - 1); }
    }
    same_line_if_fits(slider_width(10, TR("position t###ft", "position t###ft")));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    g_t = std::clamp(g_t, 0, T - 1);
    ImGui::SliderInt(TR("position t###ft", "position t###ft"), &g_t, 0, T - 1);
    const int Bm = int(m.inputs.size()) / std::max(1, T);
    if (Bm > 1) {
        same_line_if_fits(slider_width(7, TR("sequence b###fb", "séquence b###fb")));
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
        if (ImGui::SliderInt(TR("sequence b###fb", "séquence b###fb"), &g_seq_b, 0, Bm - 1)) g_seq_step = -1;
    }
    if (L.kind == PARAM_WTE) text_wrap_disabled("%s %d «%s»", TR("logit of token", "logit du token"), j, token_text(s.trainer.tokenizer, j).c_str());
    else text_wrap_disabled("%s", col_meaning(s, W, j).c_str());

    // The context, with the chosen position marked.
    {
        std::string before, at, after;
        for (int i = 0; i < T; i++) {
            std::string tt = token_text(s.trainer.tokenizer, g_seq[i]);
            if (i < g_t) before += tt; else if (i == g_t) at = tt; else if (i < g_t + 12) after += tt;
        }
        if (before.size() > 60) before = "…" + before.substr(before.size() - 60);
        ImGui::TextDisabled("%s", TR("token:", "token :"));
        ImGui::SameLine();
        ImGui::TextUnformatted(before.c_str());
        ImGui::SameLine(0, 0);
        ImGui::TextColored(kAccent, "[%s]", at.c_str());
        ImGui::SameLine(0, 0);
        ImGui::TextDisabled("%s…", after.c_str());
    }

    // Forward of this one sequence with the current weights (redone when they change; at most
    // ~3× per second while training).
    const double fp = double(s.trainer.version) * 1e6 + g_seq_b * 1e-3 + std::accumulate(g_seq.begin(), g_seq.end(), 0.0);
    const double now = ImGui::GetTime();
    if ((fp != g_probe_fp || !g_probe_ok) && (!s.running || now - g_probe_time > 0.33)) {
        g_probe_ok = probe_forward(g_probe, m, m.params, g_seq.data(), nullptr, 1, T);
        g_probe_fp = fp;
        g_probe_time = now;
    }
    const float* x = nullptr;
    const float* z = nullptr;
    if (!g_probe_ok || !layer_io(g_probe, L, g_t, &x, &z)) {
        text_wrap("%s", TR("No forward pass available.", "Aucune passe avant disponible."));
        return;
    }
    const float* w = m.params.data() + W.offset;
    const float* bias = L.b >= 0 ? m.params.data() + m.table[L.b].offset : nullptr;
    auto Wij = [&](int i) { return L.kind == PARAM_WTE ? w[(size_t)j * W.cols + i] : w[(size_t)i * W.cols + j]; };
    double sum = 0.0;
    for (int i = 0; i < L.in_dim; i++) sum += double(x[i]) * double(Wij(i));
    const double bj = bias ? bias[j] : 0.0;
    const double zc = sum + bj;
    const double zs = z[j];

    ImGui::Separator();
    text_wrap("%s (%s, %d %s)%s", TR("Input x", "Entrée x"), input_name(L.kind), L.in_dim, TR("numbers", "nombres"), colon());
    ImGui::PushFont(font_mono());
    if (L.kind == PARAM_WTE) text_wrap("z_j = Σ_i x_i · wte[j, i]        (logits = x · %s)", glyph_text("wteᵀ", "wte^T"));
    else ImGui::TextUnformatted("z_j = Σ_i x_i · W[i, j]  +  b_j");
    std::string line = "    = ";
    const int show = std::min(L.in_dim, 4);
    for (int i = 0; i < show; i++) {
        if (i) line += " + ";
        line += "(" + fmt_value(x[i]) + ")·(" + fmt_value(Wij(i)) + ")";
    }
    if (L.in_dim > show) {
        char b[96];
        std::snprintf(b, sizeof b, " + … (%d %s)", L.in_dim - show, TR("more terms", "autres termes"));
        line += b;
    }
    if (bias) line += " + " + fmt_value(bj);
    text_wrap_unformatted(line);
    text_wrap("    = %s  (Σ, %d %s)%s%s", fmt_value(sum, 5).c_str(), L.in_dim, TR("products", "produits"),
                bias ? "  +  " : "", bias ? (fmt_value(bj, 5) + "  (b_j)").c_str() : "");
    ImGui::PopFont();
    ImGui::PushFont(font_bold());
    text_wrap("z_j = %s", fmt_value(zc, 5).c_str());
    ImGui::PopFont();
    const double diff = std::fabs(zc - zs);
    const bool ok = diff <= 1e-4 * (1.0 + std::fabs(zs));
    ImGui::SameLine(0, 20);
    text_wrap_colored(ok ? kOk : kBad, "%s %s %s  (%s %s)", ok ? glyph_text("✓", "=") : "≠", TR("the model computed", "le modèle a calculé"),
                       fmt_value(zs, 5).c_str(), TR("difference", "écart"), fmt_value(diff, 2).c_str());
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", TR("The model sums in float32 in a different order (SIMD), so the last digits can differ.",
                                   "Le modèle additionne en float32 dans un autre ordre (SIMD) : les derniers chiffres peuvent différer."));
    if (L.kind == PARAM_MLP_FC_W)
        text_wrap_disabled("%s GELU(z_j) = %s", TR("then", "puis"), fmt_value(g_probe.acts.fch_gelu[((size_t)L.layer * T + g_t) * 4 * m.cfg.n_embd + j], 5).c_str());

    // The largest contributions x_i·W_ij: which inputs drive this neuron.
    if (ImGui::TreeNodeEx(TR("Largest terms x_i·W_ij###terms", "Plus grands termes x_i·W_ij###terms"), ImGuiTreeNodeFlags_DefaultOpen)) {
        std::vector<int> idx(L.in_dim);
        std::iota(idx.begin(), idx.end(), 0);
        const int k = std::min(6, L.in_dim);
        std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), [&](int a, int b) {
            return std::fabs(x[a] * Wij(a)) > std::fabs(x[b] * Wij(b));
        });
        ImGui::PushTextWrapPos(-1.0f);  // numbers in table cells never wrap
        if (ImGui::BeginTable("terms", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit)) {
            ImGui::TableSetupColumn("i");
            ImGui::TableSetupColumn("x_i");
            ImGui::TableSetupColumn(L.kind == PARAM_WTE ? "wte[j, i]" : "W[i, j]");
            ImGui::TableSetupColumn("x_i · W");
            ImGui::TableHeadersRow();
            ImGui::PushFont(font_mono());
            for (int r = 0; r < k; r++) {
                const int i = idx[r];
                ImGui::TableNextRow();
                ImGui::TableNextColumn(); ImGui::Text("%d", i);
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_value(x[i], 4).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_value(Wij(i), 4).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_value(double(x[i]) * Wij(i), 4).c_str());
            }
            ImGui::PopFont();
            ImGui::EndTable();
        }
        ImGui::PopTextWrapPos();
        ImGui::TreePop();
    }
}

// ---- 2. one weight ------------------------------------------------------------------------------

static void weight_section(AppState& s) {
    GPT& m = s.trainer.model;
    const Optimizer& o = s.trainer.opt;
    FormulaPick& pick = formula_pick();
    int ti = pick.tensor;
    if (ti < 0 || ti >= int(m.table.size())) ti = s.selected;
    if (ti < 0 || ti >= int(m.table.size())) ti = find_tensor(m, PARAM_ATTN_QKV_W, 0);
    if (ti < 0) return;
    const ParamTensor& p = m.table[ti];
    int r = p.rank == 2 ? std::clamp(pick.tensor == ti ? pick.row : 0, 0, p.rows - 1) : 0;
    int c = std::clamp(pick.tensor == ti ? pick.col : 0, 0, p.cols - 1);
    ImGui::PushFont(font_bold());
    if (p.rank == 2) text_wrap("%s [%d, %d]  ·  %s", param_short(p.kind), r, c, param_title(m, ti).c_str());
    else text_wrap("%s [%d]  ·  %s", param_short(p.kind), c, param_title(m, ti).c_str());
    ImGui::PopFont();
    // Row / column choice (also set by clicking a heatmap cell).
    bool moved = false;
    if (p.rank == 2) {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
        moved |= ImGui::SliderInt(TR("row###wr", "ligne###wr"), &r, 0, p.rows - 1);
        same_line_if_fits(slider_width(9, TR("column###wc", "colonne###wc")));
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    moved |= ImGui::SliderInt(TR("column###wc", "colonne###wc"), &c, 0, p.cols - 1);
    if (moved) { pick.tensor = ti; pick.row = r; pick.col = c; }
    text_wrap_disabled("%s", TR("Tip: click any heatmap cell or bar to explain that weight.",
                                 "Astuce : cliquez une case de la carte des poids ou une barre pour expliquer ce poids."));

    const size_t k = p.offset + (size_t)r * p.cols + c;
    if (o.t == 0 || o.last_update.size() != m.params.size() || m.grads.size() != m.params.size()) {
        text_wrap("%s", TR("No step taken yet: press Step (or Space) and this shows the update of this weight with its real numbers.",
                                    "Aucun pas pour l'instant : appuyez sur « Un pas » (ou Espace) et vous verrez la mise à jour de ce poids avec ses vrais nombres."));
        return;
    }
    const OptimConfig& oc = o.last_cfg;   // the settings the last step used
    const double w_after = m.params[k], dW = o.last_update[k], w_before = w_after - dW;
    const double g_raw = m.grads[k];
    double clip = 1.0;
    if (oc.grad_clip > 0 && o.last_grad_norm > oc.grad_clip) clip = double(oc.grad_clip) / o.last_grad_norm;
    const double g = g_raw * clip;
    const double eta = o.last_lr;
    text_wrap("%s %d  ·  η = %s  ·  %s", TR("last step:", "dernier pas :"), o.t, fmt_value(eta, 3).c_str(),
                oc.kind == OPT_SGD ? "SGD" : "AdamW");
    if (clip < 1.0)
        text_wrap_disabled("%s ‖g‖ = %s > %s: g × %s", TR("gradient clipped:", "gradient écrêté :"), fmt_value(o.last_grad_norm, 3).c_str(),
                            fmt_value(oc.grad_clip, 3).c_str(), fmt_value(clip, 3).c_str());
    ImGui::Separator();
    double computed = 0.0;
    ImGui::PushFont(font_mono());
    if (oc.kind == OPT_SGD) {
        ImGui::TextUnformatted("W ← W − η · ∂L/∂W");
        text_wrap("  = %s − %s · %s", fmt_value(w_before, 6).c_str(), fmt_value(eta, 3).c_str(), fmt_value(g, 4).c_str());
        computed = w_before - eta * g;
        text_wrap("  = %s", fmt_value(computed, 6).c_str());
        ImGui::PopFont();
    } else {
        const double b1 = oc.beta1, b2 = oc.beta2, eps = oc.eps;
        const double wd = p.rank >= 2 ? oc.weight_decay : 0.0;
        const double mt = o.m.size() > k ? o.m[k] : 0.0, vt = o.v.size() > k ? o.v[k] : 0.0;
        const double mhat = mt / (1.0 - std::pow(b1, o.t)), vhat = vt / (1.0 - std::pow(b2, o.t));
        const double step = eta * mhat / (std::sqrt(vhat) + eps);
        computed = w_before * (1.0 - eta * wd) - step;
        text_wrap("g = ∂L/∂W = %s", fmt_value(g, 4).c_str());
        text_wrap("m ← β₁·m + (1−β₁)·g      = %s   (β₁ = %s)", fmt_value(mt, 4).c_str(), fmt_value(b1, 3).c_str());
        text_wrap("v ← β₂·v + (1−β₂)·g²     = %s   (β₂ = %s)", fmt_value(vt, 4).c_str(), fmt_value(b2, 4).c_str());
        const char* mh = glyph_text("m̂", "m_hat");
        const char* vh = glyph_text("v̂", "v_hat");
        text_wrap("%-5s = m / (1−β₁^t)      = %s   (t = %d)", mh, fmt_value(mhat, 4).c_str(), o.t);
        text_wrap("%-5s = v / (1−β₂^t)      = %s", vh, fmt_value(vhat, 4).c_str());
        text_wrap("W ← W·(1 − η·λ) − η · %s / (√%s + ε)", mh, vh);
        text_wrap("  = %s·(1 − %s·%s) − %s · %s / (%s + %s)", fmt_value(w_before, 6).c_str(), fmt_value(eta, 3).c_str(),
                    fmt_value(wd, 2).c_str(), fmt_value(eta, 3).c_str(), fmt_value(mhat, 4).c_str(),
                    fmt_value(std::sqrt(vhat), 4).c_str(), fmt_value(eps, 2).c_str());
        text_wrap("  = %s", fmt_value(computed, 6).c_str());
        ImGui::PopFont();
        if (wd == 0.0)
            text_wrap_disabled("%s", TR("λ = 0 here: AdamW decays only weight matrices, never biases or LayerNorm parameters.",
                                         "λ = 0 ici : AdamW n'applique la décroissance qu'aux matrices de poids, jamais aux biais ni à la LayerNorm."));
        std::string expl = std::string(TR("The step is not η·g: Adam divides the running mean of the gradient (", "Le pas n'est pas η·g : Adam divise la moyenne glissante du gradient (")) +
                           mh + TR(") by its running root-mean-square (√", ") par sa moyenne quadratique glissante (√") + vh +
                           TR("). A weight whose gradient keeps its sign moves by about η per step, however small or large the gradient; one whose gradient flips sign moves less. Here ΔW = ",
                              "). Un poids dont le gradient garde son signe bouge d'environ η par pas, que le gradient soit petit ou grand ; si le signe change, il bouge moins. Ici ΔW = ") +
                           fmt_value(dW, 3) + TR(", while plain SGD would have moved it by −η·g = ", ", alors que SGD simple l'aurait déplacé de −η·g = ") +
                           fmt_value(-eta * g, 3) + ".";
        text_wrap_unformatted(expl);
    }
    ImGui::Spacing();
    ImGui::PushTextWrapPos(-1.0f);
    if (ImGui::BeginTable("wtab", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        auto row = [&](const char* name, double v, int sig) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn(); ImGui::TextUnformatted(name);
            ImGui::TableNextColumn(); ImGui::PushFont(font_mono()); ImGui::TextUnformatted(fmt_value(v, sig).c_str()); ImGui::PopFont();
        };
        row(TR("W before the step", "W avant le pas"), w_before, 7);
        row("∂L/∂W", g_raw, 5);
        row("η", eta, 4);
        row(TR("ΔW (stored)", "ΔW (enregistré)"), dW, 5);
        row(TR("W after (stored)", "W après (enregistré)"), w_after, 7);
        ImGui::EndTable();
    }
    ImGui::PopTextWrapPos();
    const double diff = std::fabs(computed - w_after);
    const bool ok = diff <= 1e-6 * (1.0 + std::fabs(w_after)) + 1e-7 * std::fabs(dW) * 10;
    text_wrap_colored(ok ? kOk : kBad, "%s %s %s  (%s %s)", ok ? glyph_text("✓", "=") : "≠", TR("the formula gives", "la formule donne"),
                       fmt_value(computed, 7).c_str(), TR("difference", "écart"), fmt_value(diff, 2).c_str());
    if (s.trainer.opt.cfg.kind != oc.kind || s.trainer.opt.cfg.lr != oc.lr)
        text_wrap_disabled("%s", TR("(settings changed since: the next step will use the new ones)", "(réglages modifiés depuis : le prochain pas utilisera les nouveaux)"));
}

void panel_formulas(AppState& s) {
    ImGui::SetNextWindowPos(ImVec2(60, 120), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(640, 560), ImGuiCond_FirstUseEver);
    bool open = true;
    if (!ImGui::Begin(TR("Formulas with real numbers###formulas", "Les formules avec les vrais nombres###formulas"), s.embed ? nullptr : &open)) {
        ImGui::End();
        if (!open) panels().formulas = false;
        return;
    }
    if (!open) panels().formulas = false;
    if (s.trainer.model.table.empty()) { ImGui::End(); return; }
    data_wanted(s);   // the example sequence comes from the training text: fetched now if deferred
    ImGui::PushTextWrapPos(0.0f);  // long formulas wrap in a narrow panel (phones)
    // tabs keep their whole label (ImGui squeezes and cuts them by default): a narrow panel scrolls them
    if (ImGui::BeginTabBar("ftabs", ImGuiTabBarFlags_FittingPolicyScroll)) {
        if (ImGui::BeginTabItem(TR("One neuron: z = x·W + b###tab_neuron", "Un neurone : z = x·W + b###tab_neuron"))) {
            neuron_section(s);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem(TR("One weight: W ← W − η·∂L/∂W###tab_weight", "Un poids : W ← W − η·∂L/∂W###tab_weight"))) {
            weight_section(s);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::PopTextWrapPos();
    ImGui::End();
}

} // namespace ga::app
