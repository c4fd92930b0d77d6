// Shared helpers of the tensor views (see views.h).
#include "views.h"
#include "wrap.h"
#include "edits.h"  // the one-example gradient
#include "imgui_internal.h"  // ImTextCharFromUtf8
#include <algorithm>
#include <cstdio>

namespace ga::app {

const float* view_data(const AppState& s, const ParamTensor& p, ViewQuantity q) {
    const GPT& m = s.trainer.model;
    const Optimizer& o = s.trainer.opt;
    const size_t end = p.offset + p.numel;
    switch (q) {
    case VIEW_WEIGHT: return m.params.size() >= end ? m.params.data() + p.offset : nullptr;
    case VIEW_GRAD: return m.grads.size() >= end ? m.grads.data() + p.offset : nullptr;
    case VIEW_UPDATE: return o.last_update.size() >= end && o.t > 0 ? o.last_update.data() + p.offset : nullptr;
    case VIEW_ADAM_M: return o.m.size() >= end ? o.m.data() + p.offset : nullptr;
    case VIEW_ADAM_V: return o.v.size() >= end ? o.v.data() + p.offset : nullptr;
    case VIEW_EXAMPLE_GRAD: {
        const std::vector<float>& g = teach_session().example_grad;
        return g.size() >= end && g.size() == m.params.size() ? g.data() + p.offset : nullptr;
    }
    }
    return nullptr;
}

bool view_available(const AppState& s, ViewQuantity q) {
    const GPT& m = s.trainer.model;
    if (m.table.empty()) return false;
    return view_data(s, m.table.back(), q) != nullptr;
}

const char* view_symbol(ViewQuantity q) {
    switch (q) {
    case VIEW_WEIGHT: return "W";
    case VIEW_GRAD: return "∂L/∂W";
    case VIEW_UPDATE: return "ΔW";
    case VIEW_ADAM_M: return "m";
    case VIEW_ADAM_V: return "v";
    case VIEW_EXAMPLE_GRAD: return TR("∂L/∂W (1 example)", "∂L/∂W (1 exemple)");
    }
    return "?";
}

const char* view_description(ViewQuantity q) {
    switch (q) {
    case VIEW_WEIGHT: return TR("the weights themselves", "les poids eux-mêmes");
    case VIEW_GRAD:
        return TR("gradient of the loss: how much L would grow per unit increase of each weight (last batch)",
                  "gradient de la perte : de combien L augmenterait par unité ajoutée à chaque poids (dernier lot)");
    case VIEW_UPDATE: return TR("last update: W after the step minus W before", "dernière mise à jour : W après le pas moins W avant");
    case VIEW_ADAM_M: return TR("AdamW first moment: running mean of the gradients", "premier moment d'AdamW : moyenne glissante des gradients");
    case VIEW_ADAM_V: return TR("AdamW second moment: running mean of squared gradients", "second moment d'AdamW : moyenne glissante des gradients au carré");
    case VIEW_EXAMPLE_GRAD:
        return TR("gradient of the loss −ln P(target | context) of the one example typed in the Teach panel",
                  "gradient de la perte −ln P(cible | contexte) du seul exemple tapé dans le panneau Enseigner");
    }
    return "";
}

const char* view_reason_missing(const AppState& s, ViewQuantity q) {
    if (q == VIEW_EXAMPLE_GRAD)
        return TR("Type an example in the Teach panel (View menu): its gradient appears here.",
                  "Tapez un exemple dans le panneau Enseigner (menu Affichage) : son gradient apparaît ici.");
    if (q == VIEW_ADAM_M || q == VIEW_ADAM_V) {
        if (s.trainer.opt.cfg.kind == OPT_SGD)
            return TR("SGD keeps no moments: choose AdamW in the training panel.",
                      "SGD ne garde pas de moments : choisissez AdamW dans le panneau d'entraînement.");
        if (s.trainer.moments_pending())
            return TR("The model's saved moments are downloaded when you show them or start training.",
                      "Les moments enregistrés du modèle sont téléchargés quand vous les affichez ou lancez l'entraînement.");
    }
    return TR("Nothing yet: take one training step (Space or the Step button).",
              "Rien pour l'instant : faites un pas d'entraînement (Espace ou le bouton Pas).");
}

void same_line_if_fits(float next_w, float spacing) {
    const float sp = spacing >= 0 ? spacing : ImGui::GetStyle().ItemSpacing.x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + sp + next_w <= right) ImGui::SameLine(0, sp);
}

float fit_item_width(float preferred, const char* label, bool help_marker) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float lw = ImGui::CalcTextSize(label, nullptr, true).x;
    float extra = lw > 0 ? st.ItemInnerSpacing.x + lw : 0.0f;
    if (help_marker) extra += st.ItemSpacing.x + ImGui::CalcTextSize("(?)").x;
    const float w = ImGui::GetContentRegionAvail().x - extra;
    return std::max(ImGui::GetFontSize() * 4.5f, std::min(preferred, w));
}

void text_disabled_wrapped(const char* text) { text_wrap_disabled("%s", text); }   // never breaks a number (wrap.h)

float toggle_width(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

const char* num_format(char* buf, size_t n, const char* cfmt, double v) {
    if (lang() != LANG_FR) return cfmt;
    char tmp[64];
    std::snprintf(tmp, sizeof tmp, cfmt, v);
    size_t o = 0;
    for (const char* p = tmp; *p && o + 2 < n; p++) {
        if (*p == '%') { buf[o++] = '%'; buf[o++] = '%'; }   // a literal % for ImGui's printf
        else buf[o++] = *p == '.' ? ',' : *p;
    }
    buf[o] = 0;
    return buf;
}

bool view_quantity_selector(AppState& s, bool compact) {
    bool changed = false;
    const ViewQuantity qs[] = {VIEW_WEIGHT, VIEW_GRAD, VIEW_EXAMPLE_GRAD, VIEW_UPDATE, VIEW_ADAM_M, VIEW_ADAM_V};
    if (compact) {
        const float w = ImGui::CalcTextSize(view_symbol(VIEW_GRAD)).x + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SetNextItemWidth(w);
        if (ImGui::BeginCombo("###vq_combo", view_symbol(s.view))) {
            for (ViewQuantity q : qs) {
                const bool avail = q == VIEW_WEIGHT || view_available(s, q);
                if (!avail) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * 0.5f);
                if (ImGui::Selectable(view_symbol(q), s.view == q)) { cmd_set_view(s, q); changed = true; }
                if (!avail) ImGui::PopStyleVar();
                if (ImGui::IsItemHovered()) {
                    ImGui::BeginTooltip();
                    ImGui::TextUnformatted(view_description(q));
                    if (!avail) ImGui::TextDisabled("%s", view_reason_missing(s, q));
                    ImGui::EndTooltip();
                }
            }
            ImGui::EndCombo();
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", view_description(s.view));
        return changed;
    }
    for (int i = 0; i < 6; i++) {
        const ViewQuantity q = qs[i];
        if (i) same_line_if_fits(toggle_width(view_symbol(q)));
        const bool avail = q == VIEW_WEIGHT || view_available(s, q);
        char label[64];
        std::snprintf(label, sizeof label, "%s###vq%d", view_symbol(q), i);
        if (!avail) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * 0.5f);
        if (ImGui::RadioButton(label, s.view == q)) { cmd_set_view(s, q); changed = true; }
        if (!avail) ImGui::PopStyleVar();
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(view_description(q));
            if (!avail) ImGui::TextDisabled("%s", view_reason_missing(s, q));
            ImGui::EndTooltip();
        }
    }
    return changed;
}

const char* param_role(ParamKind k) {
    switch (k) {
    case PARAM_WTE: return TR("token embedding (tied with the output head)", "plongement des tokens (partagé avec la tête de sortie)");
    case PARAM_WPE: return TR("position embedding", "plongement des positions");
    case PARAM_LN1_W: return TR("LayerNorm 1 gain γ", "gain γ de la LayerNorm 1");
    case PARAM_LN1_B: return TR("LayerNorm 1 shift β", "décalage β de la LayerNorm 1");
    case PARAM_ATTN_QKV_W: return TR("attention W_Q | W_K | W_V", "attention W_Q | W_K | W_V");
    case PARAM_ATTN_QKV_B: return TR("attention biases b_Q | b_K | b_V", "biais d'attention b_Q | b_K | b_V");
    case PARAM_ATTN_PROJ_W: return TR("attention output W_O", "sortie de l'attention W_O");
    case PARAM_ATTN_PROJ_B: return TR("attention output bias b_O", "biais de sortie de l'attention b_O");
    case PARAM_LN2_W: return TR("LayerNorm 2 gain γ", "gain γ de la LayerNorm 2");
    case PARAM_LN2_B: return TR("LayerNorm 2 shift β", "décalage β de la LayerNorm 2");
    case PARAM_MLP_FC_W: return TR("MLP W1 (C → 4C)", "MLP W1 (C → 4C)");
    case PARAM_MLP_FC_B: return TR("MLP bias b1", "biais b1 du MLP");
    case PARAM_MLP_PROJ_W: return TR("MLP W2 (4C → C)", "MLP W2 (4C → C)");
    case PARAM_MLP_PROJ_B: return TR("MLP bias b2", "biais b2 du MLP");
    case PARAM_LNF_W: return TR("final LayerNorm gain γ", "gain γ de la LayerNorm finale");
    case PARAM_LNF_B: return TR("final LayerNorm shift β", "décalage β de la LayerNorm finale");
    default: return "?";
    }
}

const char* param_short(ParamKind k) {
    switch (k) {
    case PARAM_WTE: return "wte";
    case PARAM_WPE: return "wpe";
    case PARAM_LN1_W: return "γ₁";
    case PARAM_LN1_B: return "β₁";
    case PARAM_ATTN_QKV_W: return "W_QKV";
    case PARAM_ATTN_QKV_B: return "b_QKV";
    case PARAM_ATTN_PROJ_W: return "W_O";
    case PARAM_ATTN_PROJ_B: return "b_O";
    case PARAM_LN2_W: return "γ₂";
    case PARAM_LN2_B: return "β₂";
    case PARAM_MLP_FC_W: return "W1";
    case PARAM_MLP_FC_B: return "b1";
    case PARAM_MLP_PROJ_W: return "W2";
    case PARAM_MLP_PROJ_B: return "b2";
    case PARAM_LNF_W: return "γ_f";
    case PARAM_LNF_B: return "β_f";
    default: return "?";
    }
}

std::string param_title(const GPT& m, int index) {
    if (index < 0 || index >= int(m.table.size())) return "";
    const ParamTensor& p = m.table[index];
    std::string t;
    if (p.layer >= 0) t = std::string(TR("block ", "bloc ")) + std::to_string(p.layer) + " · ";
    return t + param_role(p.kind);
}

// A token as readable text: control characters and spaces made visible.
static std::string visible_token(const Tokenizer& tok, int id) {
    if (id < 0 || id >= tok.vocab_size()) return "";
    const std::string raw = tok.decode_one(id);
    std::string out;
    for (unsigned char ch : raw) {
        if (ch == '\n') out += "\\n";
        else if (ch == '\t') out += "\\t";
        else if (ch == ' ') out += glyph_text("␣", "_");
        else if (ch < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\x%02x", ch); out += b; }
        else out += char(ch);
    }
    return out;
}

std::string row_meaning(const AppState& s, const ParamTensor& p, int r) {
    char b[160];
    switch (p.kind) {
    case PARAM_WTE:
        std::snprintf(b, sizeof b, "%s %d  «%s»", TR("token", "token"), r, visible_token(s.trainer.tokenizer, r).c_str());
        return b;
    case PARAM_WPE: std::snprintf(b, sizeof b, "%s %d", TR("position", "position"), r); return b;
    case PARAM_MLP_PROJ_W: std::snprintf(b, sizeof b, "%s %d (%s)", TR("input", "entrée"), r, TR("hidden neuron of the MLP", "neurone caché du MLP")); return b;
    default: std::snprintf(b, sizeof b, "%s i = %d", TR("input dim", "dim. d'entrée"), r); return b;
    }
}

std::string col_meaning(const AppState& s, const ParamTensor& p, int c) {
    const GPTConfig& cfg = s.trainer.model.cfg;
    char b[160];
    if (p.kind == PARAM_ATTN_QKV_W || p.kind == PARAM_ATTN_QKV_B) {
        const int C = cfg.n_embd, hs = C / std::max(1, cfg.n_head);
        const int blk = c / C, within = c % C;
        static const char* kQKV[3] = {"Q", "K", "V"};
        std::snprintf(b, sizeof b, "j = %d%s %s · %s %d · dim %d", c, colon(), kQKV[std::min(blk, 2)], TR("head", "tête"), within / hs, within % hs);
        return b;
    }
    if (p.kind == PARAM_WTE || p.kind == PARAM_WPE) {
        std::snprintf(b, sizeof b, "%s %d", TR("embedding dim", "dim. du plongement"), c);
        return b;
    }
    if (p.kind == PARAM_MLP_FC_W || p.kind == PARAM_MLP_FC_B) {
        std::snprintf(b, sizeof b, "j = %d (%s)", c, TR("hidden neuron", "neurone caché"));
        return b;
    }
    if (p.kind == PARAM_ATTN_PROJ_W) {
        const int hs = cfg.n_embd / std::max(1, cfg.n_head);
        (void)hs;
        std::snprintf(b, sizeof b, "%s j = %d", TR("output dim", "dim. de sortie"), c);
        return b;
    }
    std::snprintf(b, sizeof b, "%s j = %d", p.rank == 2 ? TR("output dim", "dim. de sortie") : TR("element", "élément"), c);
    return b;
}

const char* row_axis_name(const ParamTensor& p) {
    switch (p.kind) {
    case PARAM_WTE: return TR("rows: token id", "lignes : identifiant de token");
    case PARAM_WPE: return TR("rows: position in the context", "lignes : position dans le contexte");
    case PARAM_MLP_PROJ_W: return TR("rows: input i (4C hidden neurons)", "lignes : entrée i (4C neurones cachés)");
    default: return TR("rows: input dim i", "lignes : dim. d'entrée i");
    }
}

const char* col_axis_name(const ParamTensor& p) {
    switch (p.kind) {
    case PARAM_WTE:
    case PARAM_WPE: return TR("columns: embedding dim", "colonnes : dim. du plongement");
    case PARAM_ATTN_QKV_W: return TR("columns: output j (Q | K | V, split into heads)", "colonnes : sortie j (Q | K | V, découpés en têtes)");
    case PARAM_MLP_FC_W: return TR("columns: output j (4C hidden neurons)", "colonnes : sortie j (4C neurones cachés)");
    default: return TR("columns: output dim j", "colonnes : dim. de sortie j");
    }
}

FormulaPick& formula_pick() { return app_state().formula_pick; }

const char* glyph_text(const char* pretty, const char* plain) {
    ImFont* f = ImGui::GetFont();
    if (!f) return plain;
    const char* p = pretty;
    while (*p) {
        unsigned int c = 0;
        const int n = ImTextCharFromUtf8(&c, p, nullptr);
        if (n <= 0) return plain;
        p += n;
        if (c >= 0x80 && !f->FindGlyphNoFallback((ImWchar)c)) return plain;
    }
    return pretty;
}

int find_tensor(const GPT& m, ParamKind k, int layer) {
    for (int i = 0; i < int(m.table.size()); i++)
        if (m.table[i].kind == k && m.table[i].layer == layer) return i;
    return -1;
}

void values_table(const AppState& s, const ParamTensor& p, size_t index, const char* weight_symbol) {
    const ViewQuantity qs[] = {VIEW_WEIGHT, VIEW_GRAD, VIEW_EXAMPLE_GRAD, VIEW_UPDATE, VIEW_ADAM_M, VIEW_ADAM_V};
    if (!ImGui::BeginTable("tt", 2)) return;
    for (ViewQuantity q : qs) {
        const float* d = view_data(s, p, q);
        if (!d && q >= VIEW_ADAM_M) continue;  // (also the one-example gradient when there is none)
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const char* sym = (q == VIEW_WEIGHT && weight_symbol) ? weight_symbol : view_symbol(q);
        if (q == s.view) ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "%s", sym);
        else ImGui::TextUnformatted(sym);
        ImGui::TableNextColumn();
        if (d) ImGui::Text("%s", fmt_value(d[index], 4).c_str());
        else ImGui::TextDisabled("—");
    }
    ImGui::EndTable();
}

ImFont* font_mono() {
    ImGuiIO& io = ImGui::GetIO();
    return io.Fonts->Fonts.Size > 1 ? io.Fonts->Fonts[1] : ImGui::GetFont();
}

ImFont* font_bold() {
    ImGuiIO& io = ImGui::GetIO();
    return io.Fonts->Fonts.Size > 2 ? io.Fonts->Fonts[2] : ImGui::GetFont();
}

bool scale_mode_combo(const char* id, ScaleMode* mode, bool wrap) {
    const char* modes[2] = {TR("max |x|", "max |x|"), TR("99th pct of |x|", "99e centile de |x|")};
    const float combo_w = ImGui::CalcTextSize(modes[1]).x + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2;
    if (wrap) same_line_if_fits(combo_w, 24);
    ImGui::SetNextItemWidth(combo_w);
    int m = int(*mode);
    if (!ImGui::Combo(id, &m, modes, 2)) return false;
    *mode = ScaleMode(m);
    return true;
}

} // namespace ga::app
