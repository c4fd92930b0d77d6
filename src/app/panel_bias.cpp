// The selected vector (any rank-1 tensor: biases, LayerNorm gains γ and shifts β) as bars, one per
// element, with the heatmap's colour scale and the same W / ∂L/∂W / ΔW / m / v switch. Long vectors
// (3072 for GPT-2's b1) zoom and pan with the bars widget (bars.h), which shares the heatmap's
// view transform; the panel adds the title, the scale, the Q | K | V separators and the tooltip.
#include "app.h"
#include "bars.h"
#include "views.h"
#include "wrap.h"
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ga::app {

// Separators over the bars: Q | K | V blocks and heads for b_QKV.
static void draw_separators(ImDrawList* dl, const GPTConfig& cfg, const ParamTensor& p, const BarsView& v) {
    if (p.kind != PARAM_ATTN_QKV_B) return;
    const int C = cfg.n_embd, nh = std::max(1, cfg.n_head), hs = C / nh;
    const ScreenRect& r = v.rect;
    const bool dark = colormap_dark_theme();
    static const char* const kQKV[3] = {"b_Q", "b_K", "b_V"};
    auto xat = [&](double pos) { return cell_to_screen(v.view, r, glm::dvec2(pos, 0)).x; };
    dl->PushClipRect(ImVec2(r.min.x, r.min.y), ImVec2(r.max.x, r.max.y), true);
    for (int blk = 0; blk < 3; blk++) {
        for (int h = 0; h < nh; h++) {
            const double pos = blk * C + h * hs;
            const float x = xat(pos);
            if (x < r.min.x - 1 || x > r.max.x + 1) continue;
            const bool major = h == 0;
            const ImU32 col = dark ? IM_COL32(255, 255, 255, major ? 200 : 70) : IM_COL32(0, 0, 0, major ? 200 : 70);
            if (pos > 0) dl->AddLine(ImVec2(x, r.min.y), ImVec2(x, r.max.y), col, major ? 2.0f : 1.0f);
            if (!major) continue;
            const float xe = xat((blk + 1) * C);
            const float cx = 0.5f * (std::max(r.min.x, x) + std::min(r.max.x, xe));
            const ImVec2 ts = ImGui::CalcTextSize(kQKV[blk]);
            if (std::min(r.max.x, xe) - std::max(r.min.x, x) > ts.x + 4)
                dl->AddText(ImVec2(cx - ts.x * 0.5f, r.min.y + 2), ImGui::GetColorU32(ImGuiCol_Text), kQKV[blk]);
        }
    }
    dl->PopClipRect();
}

static bool is_gain(ParamKind k) { return k == PARAM_LN1_W || k == PARAM_LN2_W || k == PARAM_LNF_W; }

static void tooltip(AppState& s, const ParamTensor& p, int j) {
    ImGui::BeginTooltip();
    ImGui::Text("%s [%d]", param_short(p.kind), j);
    ImGui::TextDisabled("%s", col_meaning(s, p, j).c_str());
    ImGui::Separator();
    const bool gain = is_gain(p.kind);
    const bool shift = p.kind == PARAM_LN1_B || p.kind == PARAM_LN2_B || p.kind == PARAM_LNF_B;
    values_table(s, p, size_t(j), gain ? "γ" : shift ? "β" : "b");
    ImGui::EndTooltip();
}

// The vector shown: the selection if it is one, else the last vector shown, else the first b_QKV.
static int shown_vector(AppState& s) {
    const GPT& m = s.trainer.model;
    BiasPanelState& B = s.bias_panel;
    int ti = -1;
    if (s.selected >= 0 && s.selected < int(m.table.size()) && m.table[s.selected].rank == 1) ti = s.selected;
    else if (const ParamTensor* p = m.find(B.vec_name)) ti = int(p - m.table.data());
    if (ti < 0) ti = find_tensor(m, PARAM_ATTN_QKV_B, 0);
    if (ti >= 0 && m.table[ti].name != B.vec_name) {
        B.vec_name = m.table[ti].name;
        B.bars.n = 0;   // a new vector: the bars widget shows all of it
    }
    return ti;
}

static void scale_controls(BiasPanelState& B, bool wrap) {
    if (scale_mode_combo("###bscale_mode", &B.mode, wrap)) B.key.clear();
    const char* lock_lbl = TR("lock###block", "figer###block");
    if (wrap) same_line_if_fits(toggle_width(lock_lbl)); else ImGui::SameLine();
    ImGui::Checkbox(lock_lbl, &B.locked);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", TR("Keep the scale fixed while training, so heights compare across steps.",
                                   "Garde l'échelle fixe pendant l'entraînement, pour comparer les hauteurs d'un pas à l'autre."));
}

// Title, W / ∂L/∂W / ΔW / m / v and the scale. Short windows (lecture mode, small iframes): one
// row of controls, the scale in a "⚙" popup, so the bars keep the height.
static void header(AppState& s, int ti, bool compact) {
    const GPT& m = s.trainer.model;
    const ParamTensor& p = m.table[ti];
    char sub[160];
    std::snprintf(sub, sizeof sub, "%s  (%s %s)", p.name.c_str(), fmt_int(p.cols).c_str(), TR("values", "valeurs"));
    if (compact) {
        if (ImGui::Button("⚙###bias_settings")) ImGui::OpenPopup("###bias_settings_popup");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", TR("Scale of the bars", "Échelle des barres"));
        if (ImGui::BeginPopup("###bias_settings_popup")) {
            ImGui::TextUnformatted(param_title(m, ti).c_str());
            ImGui::TextDisabled("%s", sub);
            ImGui::Separator();
            scale_controls(s.bias_panel, false);
            ImGui::EndPopup();
        }
        ImGui::SameLine();
        ImGui::PushFont(font_bold());
        char shape[64];
        std::snprintf(shape, sizeof shape, "%s  %d", param_short(p.kind), p.cols);
        ImGui::TextUnformatted(shape);
        ImGui::PopFont();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", param_title(m, ti).c_str(), sub);
        ImGui::SameLine(0, ImGui::GetFontSize());
        view_quantity_selector(s, true);
        return;
    }
    ImGui::PushFont(font_bold());
    text_wrap("%s", param_title(m, ti).c_str());   // "32 × 96 = 3,072" stays whole
    ImGui::PopFont();
    same_line_if_fits(ImGui::CalcTextSize(sub).x);
    ImGui::TextDisabled("%s", sub);
    if (ti != s.selected && s.selected >= 0)
        text_disabled_wrapped(TR("(a matrix is selected: it is shown in the heatmap)", "(une matrice est sélectionnée : elle est affichée dans la carte des poids)"));
    view_quantity_selector(s);
    scale_controls(s.bias_panel, true);
}

// The scale follows the numbers (tensor, quantity, the trainer's change counter) unless locked.
static void update_scale(AppState& s, const ParamTensor& p, const float* data, float base) {
    BiasPanelState& B = s.bias_panel;
    const std::string key = p.name + "#" + std::to_string(int(s.view));
    if (key == B.key && B.version == s.trainer.version) return;
    if (!B.locked) {
        B.dev.assign(data, data + p.cols);
        for (float& x : B.dev) x -= base;
        B.scale = heatmap_auto_scale(B.dev.data(), B.dev.size(), B.mode);
        if (B.scale <= 1e-12f) B.scale = 1.0f;  // all zeros: any scale shows them as zero
    }
    B.key = key;
    B.version = s.trainer.version;
}

static void notes_above(const float* data, int n, float base, bool compact) {
    if (base != 0.0f && !compact)
        text_disabled_wrapped(TR("LayerNorm gains start at 1: bars and colours show γ − 1 (above the line: γ > 1).",
                                 "Les gains de LayerNorm valent 1 au départ : barres et couleurs montrent γ − 1 (au-dessus de la ligne : γ > 1)."));
    bool all_zero = true;
    for (int j = 0; j < n && all_zero; j++) all_zero = data[j] == base;
    if (all_zero)
        text_disabled_wrapped(base != 0.0f ? TR("All gains are exactly 1: their initial value (take a training step).", "Tous les gains valent exactement 1 : leur valeur initiale (faites un pas d'entraînement).")
                                           : TR("All values are exactly 0 (biases and shifts start at zero; take a training step).", "Toutes les valeurs valent exactement 0 (biais et décalages partent de zéro ; faites un pas d'entraînement)."));
}

// The bars, their separators and tooltip; a click/tap picks the element for the Formulas panel.
static void bars(AppState& s, int ti, const float* data, float base, ImVec2 size) {
    BiasPanelState& B = s.bias_panel;
    const ParamTensor& p = s.trainer.model.table[ti];
    FormulaPick& pick = formula_pick();
    BarsStyle st;
    st.base = base;
    st.scale = B.scale;
    st.highlight = pick.tensor == ti ? pick.col : -1;
    const int j = bars_widget("bars", B.bars, data, p.cols, st, size);
    draw_separators(ImGui::GetWindowDrawList(), s.trainer.model.cfg, p, B.bars);
    if (j >= 0) tooltip(s, p, j);
    if (B.bars.clicked) {
        pick.tensor = ti;
        pick.row = 0;
        pick.col = B.bars.clicked_index;
        if (p.kind == PARAM_ATTN_QKV_B || p.kind == PARAM_ATTN_PROJ_B || p.kind == PARAM_MLP_FC_B || p.kind == PARAM_MLP_PROJ_B)
            panels().formulas = true;
    }
}

void panel_bias(AppState& s) {
    GPT& m = s.trainer.model;
    ImGui::SetNextWindowPos(ImVec2(540, 580), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(640, 300), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin(TR("Biases and norms###bias", "Biais et normalisations###bias"), nullptr,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNavInputs)) {
        ImGui::End();
        return;
    }
    const int ti = m.table.empty() ? -1 : shown_vector(s);
    if (ti < 0) { ImGui::End(); return; }
    const ParamTensor& p = m.table[ti];
    const float fh = ImGui::GetFontSize();
    const bool compact = ImGui::GetWindowHeight() < fh * 16;
    header(s, ti, compact);
    const float* data = view_data(s, p, s.view);
    if (!data) {
        ImGui::TextWrapped("%s %s", view_symbol(s.view), view_reason_missing(s, s.view));
        ImGui::End();
        return;
    }
    // LayerNorm gains start at 1: bars and colours measure γ − 1 so that learning shows.
    const float base = (s.view == VIEW_WEIGHT && is_gain(p.kind)) ? 1.0f : 0.0f;
    notes_above(data, p.cols, base, compact);
    update_scale(s, p, data, base);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool bk_note = p.kind == PARAM_ATTN_QKV_B && s.view == VIEW_GRAD;
    // Short window (lecture mode, phones): the legend drops its caption so the bars keep the room.
    const bool tight = compact || avail.y < fh * 14;
    const float legend_h = fh * ((bk_note ? 2.6f : 0.0f) + (tight ? 2.7f : 3.8f));
    bars(s, ti, data, base, ImVec2(avail.x, std::max(60.0f, avail.y - legend_h)));
    if (bk_note) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", TR("b_K gets no gradient: adding the same number to every key shifts all of a query's scores equally, and softmax ignores that.",
                                     "b_K ne reçoit aucun gradient : ajouter le même nombre à toutes les clés décale d'autant tous les scores d'une requête, ce que le softmax ignore."));
        ImGui::PopTextWrapPos();
    }
    const std::string leg = std::string(view_symbol(s.view)) + (base != 0.0f ? "  (γ − 1)" : "");
    heatmap_legend("blegend", CMAP_DIVERGING, s.bias_panel.scale, ImVec2(std::min(avail.x * 0.6f, fh * 22), 0), tight ? nullptr : leg.c_str());
    ImGui::SameLine();
    bars_zoom_buttons(s.bias_panel.bars, !compact);
    ImGui::End();
}

} // namespace ga::app
