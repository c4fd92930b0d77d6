// The selected vector (any rank-1 tensor: biases, LayerNorm gains γ and shifts β) as bars, one per
// element, with the heatmap's colour scale and the same W / ∂L/∂W / ΔW / m / v switch. Long vectors
// (3072 for GPT-2's b1) zoom and pan; when there are more bars than pixels, each pixel column shows
// the min..max span of its elements, so no spike is hidden.
#include "app.h"
#include "heatmap.h"
#include "views.h"
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ga::app {

namespace {
struct BarsView {
    double x0 = 0, x1 = 0;     // visible elements [x0, x1)
    int n = 0;
    bool dragging = false;
    ImVec2 press;
};
}  // namespace

static BarsView g_bars;
static std::string g_vec_name;
static ScaleMode g_mode = SCALE_MAXABS;
static bool g_locked = false;
static float g_scale = 1.0f;
static double g_fp = 0.0;
static std::string g_key;

static void bars_clamp(BarsView& b) {
    double w = std::clamp(b.x1 - b.x0, std::min(4.0, double(b.n)), double(b.n));
    double c = std::clamp(0.5 * (b.x0 + b.x1), w * 0.5, b.n - w * 0.5);
    b.x0 = c - w * 0.5;
    b.x1 = c + w * 0.5;
}

static void bars_zoom(BarsView& b, float f, float ax) {
    const double px = b.x0 + ax * (b.x1 - b.x0), nw = (b.x1 - b.x0) / f;
    b.x0 = px - ax * nw;
    b.x1 = b.x0 + nw;
    bars_clamp(b);
}

// Separators over the bars: Q | K | V blocks and heads for b_QKV.
static void draw_separators(ImDrawList* dl, const GPTConfig& cfg, const ParamTensor& p, ImVec2 a, ImVec2 b, const BarsView& v) {
    if (p.kind != PARAM_ATTN_QKV_B) return;
    const int C = cfg.n_embd, nh = std::max(1, cfg.n_head), hs = C / nh;
    const float w = b.x - a.x;
    const bool dark = colormap_dark_theme();
    static const char* kQKV[3] = {"b_Q", "b_K", "b_V"};
    for (int blk = 0; blk < 3; blk++) {
        for (int h = 0; h < nh; h++) {
            const double pos = blk * C + h * hs;
            const float x = a.x + float((pos - v.x0) / (v.x1 - v.x0)) * w;
            if (x < a.x - 1 || x > b.x + 1) continue;
            const bool major = h == 0;
            const ImU32 col = dark ? IM_COL32(255, 255, 255, major ? 200 : 70) : IM_COL32(0, 0, 0, major ? 200 : 70);
            if (pos > 0) dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), col, major ? 2.0f : 1.0f);
            if (major) {
                const float xe = a.x + float(((blk + 1) * C - v.x0) / (v.x1 - v.x0)) * w;
                const float cx = 0.5f * (std::max(a.x, x) + std::min(b.x, xe));
                const ImVec2 ts = ImGui::CalcTextSize(kQKV[blk]);
                if (std::min(b.x, xe) - std::max(a.x, x) > ts.x + 4)
                    dl->AddText(ImVec2(cx - ts.x * 0.5f, a.y + 2), ImGui::GetColorU32(ImGuiCol_Text), kQKV[blk]);
            }
        }
    }
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

void panel_bias(AppState& s) {
    GPT& m = s.trainer.model;
    ImGui::SetNextWindowPos(ImVec2(540, 580), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(640, 300), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin(TR("Biases and norms###bias", "Biais et normalisations###bias"), nullptr,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNavInputs)) {
        ImGui::End();
        return;
    }
    if (m.table.empty()) { ImGui::End(); return; }
    int ti = -1;
    if (s.selected >= 0 && s.selected < int(m.table.size()) && m.table[s.selected].rank == 1) ti = s.selected;
    else if (const ParamTensor* p = m.find(g_vec_name)) ti = int(p - m.table.data());
    if (ti < 0) ti = find_tensor(m, PARAM_ATTN_QKV_B, 0);
    if (ti < 0) { ImGui::End(); return; }
    const ParamTensor& p = m.table[ti];
    const int n = p.cols;
    if (p.name != g_vec_name || g_bars.n != n) {
        g_vec_name = p.name;
        g_bars.n = n;
        g_bars.x0 = 0;
        g_bars.x1 = n;
    }

    const float em = ImGui::GetFontSize();
    // Short windows (lecture mode, small iframes): one row of controls, the scale in a "⚙" popup,
    // so the bars keep the height.
    const bool compact = ImGui::GetWindowHeight() < em * 16;
    char sub[160];
    std::snprintf(sub, sizeof sub, "%s  (%s %s)", p.name.c_str(), fmt_int(n).c_str(), TR("values", "valeurs"));
    auto scale_controls = [&](bool wrap) {
        if (scale_mode_combo("###bscale_mode", &g_mode, wrap)) g_key.clear();
        const char* lock_lbl = TR("lock###block", "figer###block");
        if (wrap) same_line_if_fits(toggle_width(lock_lbl)); else ImGui::SameLine();
        ImGui::Checkbox(lock_lbl, &g_locked);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", TR("Keep the scale fixed while training, so heights compare across steps.",
                                       "Garde l'échelle fixe pendant l'entraînement, pour comparer les hauteurs d'un pas à l'autre."));
    };
    if (compact) {
        if (ImGui::Button("⚙###bias_settings")) ImGui::OpenPopup("###bias_settings_popup");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", TR("Scale of the bars", "Échelle des barres"));
        if (ImGui::BeginPopup("###bias_settings_popup")) {
            ImGui::TextUnformatted(param_title(m, ti).c_str());
            ImGui::TextDisabled("%s", sub);
            ImGui::Separator();
            scale_controls(false);
            ImGui::EndPopup();
        }
        ImGui::SameLine();
        ImGui::PushFont(font_bold());
        char shape[64];
        std::snprintf(shape, sizeof shape, "%s  %d", param_short(p.kind), n);
        ImGui::TextUnformatted(shape);
        ImGui::PopFont();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", param_title(m, ti).c_str(), sub);
        ImGui::SameLine(0, em);
        view_quantity_selector(s, true);
    } else {
        ImGui::PushFont(font_bold());
        ImGui::TextWrapped("%s", param_title(m, ti).c_str());
        ImGui::PopFont();
        same_line_if_fits(ImGui::CalcTextSize(sub).x);
        ImGui::TextDisabled("%s", sub);
        if (ti != s.selected && s.selected >= 0)
            text_disabled_wrapped(TR("(a matrix is selected: it is shown in the heatmap)", "(une matrice est sélectionnée : elle est affichée dans la carte des poids)"));
        view_quantity_selector(s);
        scale_controls(true);
    }

    const float* data = view_data(s, p, s.view);
    if (!data) {
        ImGui::TextWrapped("%s %s", view_symbol(s.view), view_reason_missing(s, s.view));
        ImGui::End();
        return;
    }
    // LayerNorm gains start at 1: bars and colours measure γ − 1 so that learning shows.
    const float base = (s.view == VIEW_WEIGHT && is_gain(p.kind)) ? 1.0f : 0.0f;
    if (base != 0.0f && !compact)
        text_disabled_wrapped(TR("LayerNorm gains start at 1: bars and colours show γ − 1 (above the line: γ > 1).",
                                     "Les gains de LayerNorm valent 1 au départ : barres et couleurs montrent γ − 1 (au-dessus de la ligne : γ > 1)."));
    const std::string key = p.name + "#" + std::to_string(int(s.view));
    const double fp = double(s.trainer.version);   // the trainer's change counter
    if (key != g_key || fp != g_fp) {
        if (!g_locked) {
            static std::vector<float> dev;
            dev.assign(data, data + n);
            for (float& x : dev) x -= base;
            g_scale = heatmap_auto_scale(dev.data(), dev.size(), g_mode);
            if (g_scale <= 1e-12f) g_scale = 1.0f;  // all zeros: any scale shows them as zero
        }
        g_key = key;
        g_fp = fp;
    }

    bool all_zero = true;
    for (int j = 0; j < n && all_zero; j++) all_zero = data[j] == base;
    if (all_zero)
        text_disabled_wrapped(base != 0.0f ? TR("All gains are exactly 1: their initial value (take a training step).", "Tous les gains valent exactement 1 : leur valeur initiale (faites un pas d'entraînement).")
                                               : TR("All values are exactly 0 (biases and shifts start at zero; take a training step).", "Toutes les valeurs valent exactement 0 (biais et décalages partent de zéro ; faites un pas d'entraînement)."));
    // Bars area: ±scale axis labels on the left.
    const float fh = ImGui::GetFontSize();
    const std::string top = fmt_value(base + g_scale), bot = fmt_value(base - g_scale), mid = fmt_value(base);
    const float ml = std::max({ImGui::CalcTextSize(top.c_str()).x, ImGui::CalcTextSize(bot.c_str()).x, ImGui::CalcTextSize(mid.c_str()).x}) + 8;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool bk_note = p.kind == PARAM_ATTN_QKV_B && s.view == VIEW_GRAD;
    // Short window (lecture mode, phones): the legend drops its caption so the bars keep the room.
    const bool tight = compact || avail.y < fh * 14;
    const float legend_h = fh * ((bk_note ? 2.6f : 0.0f) + (tight ? 2.7f : 3.8f));
    const ImVec2 size(avail.x, std::max(60.0f, avail.y - legend_h));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 a(p0.x + ml, p0.y), b(p0.x + size.x, p0.y + size.y - fh - 4);
    ImGui::InvisibleButton("##bars", size);
    const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
    ImGuiIO& io = ImGui::GetIO();
    const float w = std::max(1.0f, b.x - a.x);
    if (hovered && io.MouseWheel != 0.0f)
        bars_zoom(g_bars, std::pow(1.25f, io.MouseWheel), std::clamp((io.MousePos.x - a.x) / w, 0.0f, 1.0f));
    if (ImGui::IsItemActivated()) { g_bars.press = io.MousePos; g_bars.dragging = false; }
    // Two fingers (touch): zoom about their midpoint and pan with it, as on the heatmap.
    float pinch_f = 1.0f;
    ImVec2 pinch_mid, pinch_d;
    const bool pinching = touch_pinch(&g_bars, a, b, &pinch_f, &pinch_mid, &pinch_d);
    if (pinching) {
        g_bars.dragging = true;  // a pinch never ends in a "tap"
        if (pinch_f != 1.0f) bars_zoom(g_bars, pinch_f, std::clamp((pinch_mid.x - a.x) / w, 0.0f, 1.0f));
        if (pinch_d.x != 0) {
            const double d = -pinch_d.x * (g_bars.x1 - g_bars.x0) / w;
            g_bars.x0 += d;
            g_bars.x1 += d;
            bars_clamp(g_bars);
        }
    }
    if (active && !pinching) {
        if (std::fabs(io.MousePos.x - g_bars.press.x) > 6) g_bars.dragging = true;
        if (g_bars.dragging && io.MouseDelta.x != 0) {
            const double d = -io.MouseDelta.x * (g_bars.x1 - g_bars.x0) / w;
            g_bars.x0 += d;
            g_bars.x1 += d;
            bars_clamp(g_bars);
        }
    }
    if (hovered && ImGui::IsMouseDoubleClicked(0)) { g_bars.x0 = 0; g_bars.x1 = n; }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_FrameBg));
    dl->PushClipRect(a, b, true);
    const float ymid = 0.5f * (a.y + b.y), half = 0.5f * (b.y - a.y) - 2;
    auto ypos = [&](float v) { return ymid - std::clamp((v - base) / g_scale, -1.0f, 1.0f) * half; };
    const double per_px = (g_bars.x1 - g_bars.x0) / w;   // elements per pixel
    int hover_j = -1;
    if (hovered && io.MousePos.x >= a.x && io.MousePos.x < b.x)
        hover_j = std::clamp(int(std::floor(g_bars.x0 + (io.MousePos.x - a.x) * per_px)), 0, n - 1);
    FormulaPick& pick = formula_pick();
    if (per_px <= 1.0) {
        // One rect per visible element (culled to the visible range).
        const int j0 = std::max(0, int(std::floor(g_bars.x0))), j1 = std::min(n, int(std::ceil(g_bars.x1)));
        const float bw = float(1.0 / per_px);
        const float gap = bw > 6 ? 1.0f : 0.0f;
        for (int j = j0; j < j1; j++) {
            const float x = a.x + float((j - g_bars.x0) / per_px);
            const float v = data[j];
            const ImU32 col = colormap_u32(CMAP_DIVERGING, v - base, g_scale);
            const float y = std::isfinite(v) ? ypos(v) : a.y;
            dl->AddRectFilled(ImVec2(x + gap, std::min(y, ymid)), ImVec2(x + bw - gap, std::max(y, ymid) + 0.5f), col);
            if (j == hover_j) dl->AddRect(ImVec2(x, a.y), ImVec2(x + bw, b.y), ImGui::GetColorU32(ImGuiCol_Text));
            if (pick.tensor == ti && pick.col == j) dl->AddRect(ImVec2(x - 1, a.y), ImVec2(x + bw + 1, b.y), IM_COL32(255, 40, 200, 255), 0, 0, 2.0f);
        }
    } else {
        // More elements than pixels: one span per pixel column from its min to its max.
        for (int px = 0; px < int(w); px++) {
            const int j0 = std::max(0, int(std::floor(g_bars.x0 + px * per_px)));
            const int j1 = std::min(n, std::max(j0 + 1, int(std::floor(g_bars.x0 + (px + 1) * per_px))));
            float lo = base, hi = base, big = 0.0f;
            for (int j = j0; j < j1; j++) {
                const float v = data[j];
                if (!std::isfinite(v)) { hi = base + g_scale; big = NAN; break; }
                lo = std::min(lo, v);
                hi = std::max(hi, v);
                if (std::fabs(v - base) > std::fabs(big)) big = v - base;
            }
            const float x = a.x + px;
            dl->AddRectFilled(ImVec2(x, ypos(hi)), ImVec2(x + 1, ypos(lo) + 0.5f), colormap_u32(CMAP_DIVERGING, big, g_scale));
        }
        if (hover_j >= 0) {
            const float x = a.x + float((hover_j - g_bars.x0) / per_px);
            dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), ImGui::GetColorU32(ImGuiCol_Text));
        }
    }
    dl->AddLine(ImVec2(a.x, ymid), ImVec2(b.x, ymid), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    draw_separators(dl, m.cfg, p, a, b, g_bars);
    dl->PopClipRect();
    dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border));
    const ImU32 tc = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    // ±scale labels; a very short area (lecture mode on a small screen) keeps those that do not overlap
    if (b.y - a.y >= 2 * fh) {
        dl->AddText(ImVec2(p0.x, a.y), tc, top.c_str());
        dl->AddText(ImVec2(p0.x, b.y - fh), tc, bot.c_str());
    }
    if (b.y - a.y >= 3 * fh || b.y - a.y < 2 * fh) dl->AddText(ImVec2(p0.x, ymid - fh * 0.5f), tc, mid.c_str());
    // index ticks under the bars
    {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%d", n);
        const double want = (g_bars.x1 - g_bars.x0) * (ImGui::CalcTextSize(buf).x + 16) / w;
        int step = 1;
        for (int k = 0; k < 8 && step < want; k++)
            for (int mlt : {1, 2, 5})
                if (step < want) step = mlt * int(std::pow(10, k));
        for (int j = (int(std::ceil(g_bars.x0)) + step - 1) / step * step; j < g_bars.x1; j += step) {
            const float x = a.x + float((j + 0.5 - g_bars.x0) / (g_bars.x1 - g_bars.x0)) * w;
            std::snprintf(buf, sizeof buf, "%d", j);
            const float tw = ImGui::CalcTextSize(buf).x;
            if (x - tw * 0.5f < a.x - 2 || x + tw * 0.5f > b.x + 2) continue;
            dl->AddText(ImVec2(x - tw * 0.5f, b.y + 2), tc, buf);
        }
    }
    if (hover_j >= 0 && !g_bars.dragging) tooltip(s, p, hover_j);
    if (ImGui::IsItemDeactivated() && !g_bars.dragging && hover_j >= 0) {
        pick.tensor = ti;
        pick.row = 0;
        pick.col = hover_j;
        if (p.kind == PARAM_ATTN_QKV_B || p.kind == PARAM_ATTN_PROJ_B || p.kind == PARAM_MLP_FC_B || p.kind == PARAM_MLP_PROJ_B)
            panels().formulas = true;
    }

    if (bk_note) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", TR("b_K gets no gradient: adding the same number to every key shifts all of a query's scores equally, and softmax ignores that.",
                                     "b_K ne reçoit aucun gradient : ajouter le même nombre à toutes les clés décale d'autant tous les scores d'une requête, ce que le softmax ignore."));
        ImGui::PopTextWrapPos();
    }
    // Legend, zoom buttons.
    std::string leg = std::string(view_symbol(s.view)) + (base != 0.0f ? "  (γ − 1)" : "");
    heatmap_legend("blegend", CMAP_DIVERGING, g_scale, ImVec2(std::min(avail.x * 0.6f, fh * 22), 0), tight ? nullptr : leg.c_str());
    ImGui::SameLine();
    ImGui::BeginGroup();
    if (ImGui::Button("−###bzo")) bars_zoom(g_bars, 1.0f / 1.5f, 0.5f);
    ImGui::SameLine();
    if (ImGui::Button("+###bzi")) bars_zoom(g_bars, 1.5f, 0.5f);
    ImGui::SameLine();
    if (ImGui::Button(TR("all###ball", "tout###ball"))) { g_bars.x0 = 0; g_bars.x1 = n; }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s %d–%d / %d", TR("showing", "affichés :"), int(g_bars.x0), int(std::ceil(g_bars.x1)) - 1, n);
    if (!compact) ImGui::TextDisabled("%d–%d / %d", int(g_bars.x0), int(std::ceil(g_bars.x1)) - 1, n);
    ImGui::EndGroup();
    ImGui::End();
}

} // namespace ga::app
