// The selected weight matrix (any rank-2 tensor) as a heatmap: W, ∂L/∂W, ΔW or Adam's m, v, with a
// diverging colour scale centred on zero (symmetric max-abs or 99th percentile, lockable), zoom and
// pan to single cells, and W_QKV split into its Q, K, V blocks and heads.
#include "app.h"
#include "heatmap.h"
#include "views.h"
#include "wrap.h"
#include <algorithm>
#include "imgui.h"
#include <cmath>
#include <cstdio>

namespace ga::app {

// Lines and labels over the matrix: Q | K | V blocks and head boundaries (W_QKV), heads of the
// concatenated attention output (rows of W_O).
static void set_overlays(HeatmapPanelState& H, const GPTConfig& cfg, const ParamTensor& p) {
    HeatmapView& g_view = H.view;
    const bool g_head_lines = H.head_lines;
    g_view.col_lines.clear();
    g_view.row_lines.clear();
    const int C = cfg.n_embd, nh = std::max(1, cfg.n_head), hs = C / nh;
    if (p.kind == PARAM_ATTN_QKV_W) {
        static const char* const kQKV[3] = {"Q", "K", "V"};
        for (int b = 0; b < 3; b++) {
            HeatmapLine L;  // block boundary, labelled Q / K / V on the top row
            L.pos = float(b * C);
            L.major = true;
            L.label = kQKV[b];
            g_view.col_lines.push_back(L);
            for (int h = 0; h < nh && g_head_lines && nh > 1; h++) {
                HeatmapLine H;  // head boundary, labelled h0, h1, ... one row lower (when there is room)
                H.pos = float(b * C + h * hs);
                H.label = "h" + std::to_string(h);
                g_view.col_lines.push_back(H);
            }
        }
    } else if (p.kind == PARAM_ATTN_PROJ_W && g_head_lines) {
        for (int h = 1; h < nh; h++) {
            HeatmapLine L;
            L.pos = float(h * hs);
            g_view.row_lines.push_back(L);
        }
    }
}

static void tooltip(AppState& s, const ParamTensor& p, int r, int c) {
    const size_t k = (size_t)r * p.cols + c;
    ImGui::BeginTooltip();
    ImGui::PushFont(font_bold());
    ImGui::Text("%s [%d, %d]", param_short(p.kind), r, c);
    ImGui::PopFont();
    ImGui::TextDisabled("%s", row_meaning(s, p, r).c_str());
    ImGui::TextDisabled("%s", col_meaning(s, p, c).c_str());
    ImGui::Separator();
    values_table(s, p, k);
    ImGui::TextDisabled("%s", TR("click: explain this weight (formulas)", "clic : expliquer ce poids (formules)"));
    ImGui::EndTooltip();
}

// The matrix shown: the selection if it is one, else the last matrix shown, else the first W_QKV.
static int shown_matrix(AppState& s) {
    const GPT& m = s.trainer.model;
    HeatmapPanelState& H = s.heatmap_panel;
    if (s.selected < 0 || s.selected >= int(m.table.size())) {
        const int def = find_tensor(m, PARAM_ATTN_QKV_W, 0);
        s.selected = def >= 0 ? def : 0;
    }
    int ti = -1;
    if (m.table[s.selected].rank == 2) ti = s.selected;
    else if (const ParamTensor* p = m.find(H.tensor_name)) ti = int(p - m.table.data());
    if (ti < 0) ti = find_tensor(m, PARAM_ATTN_QKV_W, 0);
    if (ti >= 0 && m.table[ti].name != H.tensor_name) {
        H.tensor_name = m.table[ti].name;
        H.split = 0;
        H.head = -1;
    }
    return ti;
}

// Colour scale: symmetric, from the data or locked.
static void scale_controls(HeatmapPanelState& H, bool wrap) {
    const float em = ImGui::GetFontSize();
    if (scale_mode_combo("###scale_mode", &H.scale_mode, wrap)) H.key.clear();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", TR("Colour scale ±s: the largest magnitude, or the 99th percentile (a few outliers then saturate but the rest stays visible).",
                                   "Échelle de couleurs ±s : la plus grande valeur absolue, ou le 99e centile (quelques valeurs extrêmes saturent mais le reste reste visible)."));
    const char* lock_lbl = TR("lock###lock", "figer###lock");
    if (wrap) same_line_if_fits(toggle_width(lock_lbl)); else ImGui::SameLine();
    ImGui::Checkbox(lock_lbl, &H.scale_locked);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", TR("Keep the colour scale fixed while training, so colours compare across steps.",
                                   "Garde l'échelle de couleurs fixe pendant l'entraînement, pour comparer les couleurs d'un pas à l'autre."));
    if (!H.scale_locked) return;
    if (wrap) same_line_if_fits(em * 6); else ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 6);
    char nf[48];
    ImGui::DragFloat("###scale", &H.scale, std::max(1e-6f, H.scale * 0.01f), 1e-9f, 1e9f, num_format(nf, sizeof nf, "%.3g", H.scale),
                     ImGuiSliderFlags_Logarithmic);
}

// The head chooser of a split W_QKV.
static void head_combo(HeatmapPanelState& H, int nh) {
    // wide enough for "toutes les têtes"
    const float head_w = ImGui::CalcTextSize(TR("all heads", "toutes les têtes")).x + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2;
    same_line_if_fits(head_w, 18);
    ImGui::BeginDisabled(H.split == 0);
    ImGui::SetNextItemWidth(head_w);
    std::string cur = H.head < 0 ? TR("all heads", "toutes les têtes") : std::string(TR("head ", "tête ")) + std::to_string(H.head);
    if (ImGui::BeginCombo("###head", cur.c_str())) {
        if (ImGui::Selectable(TR("all heads", "toutes les têtes"), H.head < 0)) H.head = -1;
        for (int h = 0; h < nh; h++) {
            std::string l = std::string(TR("head ", "tête ")) + std::to_string(h);
            if (ImGui::Selectable(l.c_str(), H.head == h)) H.head = h;
        }
        ImGui::EndCombo();
    }
    ImGui::EndDisabled();
}

// W_QKV: split into Q, K, V and heads (the view is restricted to those columns).
static void split_controls(HeatmapPanelState& H, const GPTConfig& cfg, const ParamTensor& p) {
    const int C = cfg.n_embd, nh = std::max(1, cfg.n_head), hs = C / nh;
    if (p.kind == PARAM_ATTN_PROJ_W) {
        ImGui::Checkbox(TR("head lines (rows = heads' outputs, concatenated)###hl", "limites des têtes (lignes = sorties des têtes, concaténées)###hl"), &H.head_lines);
        return;
    }
    if (p.kind != PARAM_ATTN_QKV_W) return;
    const char* parts[4] = {TR("Q | K | V", "Q | K | V"), "W_Q", "W_K", "W_V"};
    const int old_split = H.split, old_head = H.head;
    for (int i = 0; i < 4; i++) {
        char lbl[48];
        std::snprintf(lbl, sizeof lbl, "%s###split%d", parts[i], i);
        if (i) same_line_if_fits(toggle_width(lbl));
        if (ImGui::RadioButton(lbl, H.split == i)) H.split = i;
    }
    head_combo(H, nh);
    const char* hl = TR("head lines###hl", "limites des têtes###hl");
    same_line_if_fits(toggle_width(hl));
    ImGui::Checkbox(hl, &H.head_lines);
    if (H.split == 0) H.head = -1;
    if (H.split == old_split && H.head == old_head) return;
    HeatmapView& v = H.view;
    if (H.split == 0) { v.col_lo = v.col_hi = -1; }
    else if (H.head < 0) { v.col_lo = (H.split - 1) * C; v.col_hi = H.split * C; }
    else { v.col_lo = (H.split - 1) * C + H.head * hs; v.col_hi = v.col_lo + hs; }
    heatmap_reset_view(v);
}

// ⚙ · short name and shape · W / ∂L/∂W / ΔW / m / v: one row, the rest in a popup.
static void header_compact(AppState& s, int ti) {
    const GPT& m = s.trainer.model;
    const ParamTensor& p = m.table[ti];
    HeatmapPanelState& H = s.heatmap_panel;
    if (ImGui::Button("⚙###hm_settings")) ImGui::OpenPopup("###hm_settings_popup");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", TR("Colour scale, Q | K | V split", "Échelle des couleurs, découpage Q | K | V"));
    if (ImGui::BeginPopup("###hm_settings_popup")) {
        ImGui::TextUnformatted(param_title(m, ti).c_str());
        ImGui::TextDisabled("%s  (%d × %d = %s)", p.name.c_str(), p.rows, p.cols, fmt_int((long long)p.numel).c_str());
        ImGui::TextDisabled("%s ↓   %s →", row_axis_name(p), col_axis_name(p));
        ImGui::Separator();
        ImGui::TextUnformatted(TR("Colour scale", "Échelle des couleurs"));
        scale_controls(H, false);
        if (p.kind == PARAM_ATTN_QKV_W || p.kind == PARAM_ATTN_PROJ_W) {
            ImGui::Separator();
            split_controls(H, m.cfg, p);
        }
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    ImGui::PushFont(font_bold());
    char shape[96];
    std::snprintf(shape, sizeof shape, "%s  %d × %d", param_short(p.kind), p.rows, p.cols);
    ImGui::TextUnformatted(shape);
    ImGui::PopFont();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", param_title(m, ti).c_str(), p.name.c_str());
    ImGui::SameLine(0, ImGui::GetFontSize());
    view_quantity_selector(s, true);
}

// Title: what this matrix is, its name, its shape, the controls and what the axes mean.
static void header_full(AppState& s, int ti) {
    const GPT& m = s.trainer.model;
    const ParamTensor& p = m.table[ti];
    ImGui::PushFont(font_bold());
    text_wrap("%s", param_title(m, ti).c_str());   // "32 × 96 = 3,072" stays whole
    ImGui::PopFont();
    char sub[192];
    std::snprintf(sub, sizeof sub, "%s  (%d × %d = %s)", p.name.c_str(), p.rows, p.cols, fmt_int((long long)p.numel).c_str());
    same_line_if_fits(ImGui::CalcTextSize(sub).x);
    ImGui::TextDisabled("%s", sub);
    if (ti != s.selected)
        text_disabled_wrapped(TR("(a vector is selected: it is shown in the bias panel)", "(un vecteur est sélectionné : il est affiché dans le panneau des biais)"));
    // W / ∂L/∂W / ΔW / m / v, then the scale (wrapping on narrow windows).
    view_quantity_selector(s);
    scale_controls(s.heatmap_panel, true);
    split_controls(s.heatmap_panel, m.cfg, p);
    // Axis semantics: input dim → output dim (the column part on its own line when narrow).
    ImGui::TextDisabled("%s ↓", row_axis_name(p));
    const std::string cols_txt = std::string(col_axis_name(p)) + " →";
    same_line_if_fits(ImGui::CalcTextSize(cols_txt.c_str()).x, ImGui::GetFontSize() * 1.5f);
    text_disabled_wrapped(cols_txt.c_str());
    if (p.kind == PARAM_WTE) {
        std::string note = std::string(TR("(one row per token; the output head reuses it: logits = x ·", "(une ligne par token ; la tête de sortie la réutilise : logits = x ·")) + " " + glyph_text("wteᵀ", "wte^T") + ")";
        same_line_if_fits(ImGui::CalcTextSize(note.c_str()).x);
        text_disabled_wrapped(note.c_str());
    }
}

// The matrix; upload only when the numbers changed (tensor, quantity, the trainer's change counter).
static void matrix(AppState& s, int ti, const float* data, ImVec2 size) {
    HeatmapPanelState& H = s.heatmap_panel;
    const ParamTensor& p = s.trainer.model.table[ti];
    const std::string key = p.name + "#" + std::to_string(int(s.view));
    const bool changed = key != H.key || H.version != s.trainer.version;
    if (changed) {
        if (!H.scale_locked) {
            H.scale = heatmap_auto_scale(data, p.numel, H.scale_mode);
            if (H.scale <= 1e-12f) H.scale = 1.0f;  // all zeros: any scale shows them as zero
        }
        H.key = key;
        H.version = s.trainer.version;
    }
    FormulaPick& pick = formula_pick();
    H.view.highlight_row = pick.tensor == ti ? pick.row : -1;
    H.view.highlight_col = pick.tensor == ti ? pick.col : -1;
    H.view.default_tooltip = false;
    int hr = -1, hc = -1;
    if (heatmap_widget("hm", H.view, data, p.rows, p.cols, H.scale, size, changed, &hr, &hc) && !H.view.ptr.dragging)
        tooltip(s, p, hr, hc);
    if (H.view.clicked) {
        pick.tensor = ti;
        pick.row = H.view.clicked_row;
        pick.col = H.view.clicked_col;
        panels().formulas = true;
    }
}

// Legend with numbers, and the zoom state (when there is room to its right).
static void legend(AppState& s, float width, bool tight, bool compact) {
    const HeatmapPanelState& H = s.heatmap_panel;
    const float em = ImGui::GetFontSize();
    std::string leg = std::string(view_symbol(s.view)) + "   (" + (H.scale_locked ? TR("locked", "figée") : (H.scale_mode == SCALE_P99 ? TR("99th percentile", "99e centile") : TR("max |x|", "max |x|"))) + ")";
    heatmap_legend("legend", CMAP_DIVERGING, H.scale, ImVec2(std::min(width, em * 26), 0), tight ? nullptr : leg.c_str());
    const View2D& v = H.view.view;
    char range[96];
    std::snprintf(range, sizeof range, "%s : %d–%d, %s : %d–%d", TR("rows", "lignes"), int(v.lo.y), int(std::ceil(v.hi.y)) - 1,
                  TR("columns", "colonnes"), int(v.lo.x), int(std::ceil(v.hi.x)) - 1);
    if (lang() != LANG_FR) {  // English puts no space before a colon
        std::string r(range);
        for (size_t k; (k = r.find(" :")) != std::string::npos;) r.erase(k, 1);
        std::snprintf(range, sizeof range, "%s", r.c_str());
    }
    const char* hint = TR("wheel/pinch: zoom · drag: pan · click: formula", "molette/pincement : zoom · glisser : déplacer · clic : formule");
    const float rw = ImGui::CalcTextSize(range).x, hw = ImGui::CalcTextSize(hint).x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float x_after = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
    if (x_after + std::max(rw, compact ? 0.0f : hw) <= right) {
        ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::TextDisabled("%s", range);
        if (!compact) ImGui::TextDisabled("%s", hint);
        ImGui::EndGroup();
    } else if (x_after + rw <= right) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", range);
    }
}

void panel_heatmap(AppState& s) {
    GPT& m = s.trainer.model;
    ImGui::SetNextWindowPos(ImVec2(540, 10), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(640, 560), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin(TR("Weights heatmap###heatmap", "Carte des poids###heatmap"), nullptr, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNavInputs)) {
        ImGui::End();
        return;
    }
    if (m.table.empty()) {
        ImGui::TextDisabled("%s", TR("No model loaded.", "Aucun modèle chargé."));
        ImGui::End();
        return;
    }
    const int ti = shown_matrix(s);
    if (ti < 0) { ImGui::End(); return; }
    const ParamTensor& p = m.table[ti];
    HeatmapPanelState& H = s.heatmap_panel;
    if (p.kind != PARAM_ATTN_QKV_W) H.view.col_lo = H.view.col_hi = -1;
    const float em = ImGui::GetFontSize();
    // Short windows (small iframes, lecture mode on a small screen): one row of controls, the rest
    // in a "⚙" popup, so the matrix keeps most of the height.
    const bool compact = ImGui::GetWindowHeight() < em * 28;
    if (compact) header_compact(s, ti);
    else header_full(s, ti);
    set_overlays(H, m.cfg, p);

    const float* data = view_data(s, p, s.view);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool tight = compact || avail.y < em * 14;  // lecture mode, phones: no legend caption
    const float legend_h = em * (tight ? 2.7f : 3.8f);
    if (!data) {
        ImGui::Dummy(ImVec2(1, ImGui::GetFontSize()));
        ImGui::TextWrapped("%s %s", view_symbol(s.view), view_reason_missing(s, s.view));
        ImGui::End();
        return;
    }
    matrix(s, ti, data, ImVec2(avail.x, std::max(80.0f, avail.y - legend_h)));
    legend(s, avail.x, tight, compact);
    ImGui::End();
}

} // namespace ga::app
