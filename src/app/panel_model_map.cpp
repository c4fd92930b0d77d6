// The model as a diagram: tokens → wte + wpe → blocks (LN1 → attention W_QKV, W_O → residual;
// LN2 → MLP W1, GELU, W2 → residual) → final LN → output head tied to wte. Every parameter node
// shows its shape and count; clicking one selects the tensor for the heatmap / bias views.
// Blocks fold so 12 (or 48) layers stay compact. Keys (when no text field is active): ↑ ↓ walk
// the tensors in model order, ← → jump to the same tensor in the previous / next block.
#include "app.h"
#include "views.h"
#include "wrap.h"   // wrapping that never breaks a number
#include "imgui.h"
#include "imgui_internal.h"
#include <algorithm>
#include <cstdio>

namespace ga::app {

// Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
static const ImU32 kColEmbed = IM_COL32(0, 114, 178, 255);   // blue
static const ImU32 kColAttn = IM_COL32(230, 159, 0, 255);    // orange
static const ImU32 kColMlp = IM_COL32(0, 158, 115, 255);     // bluish green
static const ImU32 kColNorm = IM_COL32(204, 121, 167, 255);  // reddish purple
static const ImU32 kColHead = IM_COL32(86, 180, 233, 255);   // sky blue
static const ImU32 kColOp = IM_COL32(150, 150, 150, 255);    // operations without parameters

static int g_scroll_to = -1;     // tensor to bring into view (after keyboard navigation)
static int g_open_block = -1;    // block to unfold (after keyboard navigation or outside selection)
static int g_last_selected = -2;

static ImU32 kind_color(ParamKind k) {
    switch (k) {
    case PARAM_WTE:
    case PARAM_WPE: return kColEmbed;
    case PARAM_ATTN_QKV_W:
    case PARAM_ATTN_QKV_B:
    case PARAM_ATTN_PROJ_W:
    case PARAM_ATTN_PROJ_B: return kColAttn;
    case PARAM_MLP_FC_W:
    case PARAM_MLP_FC_B:
    case PARAM_MLP_PROJ_W:
    case PARAM_MLP_PROJ_B: return kColMlp;
    default: return kColNorm;
    }
}

// Box geometry: a title line and a detail line.
static ImVec2 node_size(const char* title, const char* detail) {
    const float fh = ImGui::GetFontSize(), pad = fh * 0.4f;
    float w = ImGui::CalcTextSize(title).x;
    if (detail) w = std::max(w, ImGui::CalcTextSize(detail).x);
    return ImVec2(w + 2 * pad + 4, 2 * fh + 2 * pad - 2);
}

// Draws one box at the cursor. Returns true when clicked/tapped.
static bool node_box(const char* id, const char* title, const char* detail, ImU32 accent, bool selected, bool is_op = false) {
    const float fh = ImGui::GetFontSize(), pad = fh * 0.4f;
    const ImVec2 size = node_size(title, detail);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    bool clicked = false;
    if (is_op) ImGui::Dummy(size);
    else clicked = ImGui::InvisibleButton(id, size);
    const bool hovered = !is_op && ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p1(p0.x + size.x, p0.y + size.y);
    const float rnd = is_op ? size.y * 0.5f : fh * 0.3f;
    ImU32 bg = ImGui::GetColorU32(hovered ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg);
    if (selected) bg = ImGui::GetColorU32(ImGuiCol_Header);
    dl->AddRectFilled(p0, p1, bg, rnd);
    if (!is_op) dl->AddRectFilled(p0, ImVec2(p0.x + 5, p1.y), accent, rnd, ImDrawFlags_RoundCornersLeft);
    dl->AddRect(p0, p1, selected ? ImGui::GetColorU32(ImGuiCol_Text) : accent, rnd, 0, selected ? 2.5f : 1.0f);
    ImFont* bold = font_bold();
    const float x = p0.x + pad + 4, y = p0.y + pad - 1;
    if (bold && !is_op) ImGui::PushFont(bold);
    dl->AddText(ImVec2(x, y), ImGui::GetColorU32(ImGuiCol_Text), title);
    if (bold && !is_op) ImGui::PopFont();
    if (detail) dl->AddText(ImVec2(x, y + fh), ImGui::GetColorU32(ImGuiCol_TextDisabled), detail);
    return clicked;
}

// "32 × 96 = 3,072" for matrices, "96" for vectors.
static std::string node_detail(const ParamTensor& p) {
    char b[96];
    if (p.rank == 2) std::snprintf(b, sizeof b, "%d × %d = %s", p.rows, p.cols, fmt_int((long long)p.numel).c_str());
    else std::snprintf(b, sizeof b, "%s", fmt_int((long long)p.numel).c_str());
    return b;
}

// One item of a flowing row: one or two parameter boxes side by side, or an operation.
struct FlowItem {
    int a = -1, b = -1;                        // table indices (b: second box, e.g. the bias)
    std::string ta, tb;                        // titles ("" = short name of the kind)
    std::string op, op_detail;                 // operation without parameters when a < 0
    int head_select = -1;                      // special box "output head": selects this tensor
};

static float item_width(const GPT& m, const FlowItem& it) {
    auto one = [&](int idx, const std::string& t) {
        if (idx < 0 || idx >= int(m.table.size())) return 0.0f;
        const ParamTensor& p = m.table[idx];
        return node_size(t.empty() ? param_short(p.kind) : t.c_str(), node_detail(p).c_str()).x;
    };
    if (it.a < 0 && it.head_select < 0) return node_size(it.op.c_str(), it.op_detail.empty() ? nullptr : it.op_detail.c_str()).x;
    if (it.head_select >= 0) return node_size(it.op.c_str(), it.op_detail.c_str()).x;
    return one(it.a, it.ta) + (it.b >= 0 ? 3 + one(it.b, it.tb) : 0.0f);
}

static void param_box(AppState& s, int idx, const std::string& t) {
    const GPT& m = s.trainer.model;
    if (idx < 0 || idx >= int(m.table.size())) return;
    const ParamTensor& p = m.table[idx];
    const std::string detail = node_detail(p);
    char id[32];
    std::snprintf(id, sizeof id, "##n%d", idx);
    if (node_box(id, t.empty() ? param_short(p.kind) : t.c_str(), detail.c_str(), kind_color(p.kind), s.selected == idx)) s.selected = idx;
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(param_title(m, idx).c_str());
        ImGui::TextDisabled("%s", p.name.c_str());
        ImGui::Text("%s: %s", TR("parameters", "paramètres"), detail.c_str());
        ImGui::TextDisabled("%s", p.rank == 2 ? TR("click: show as a heatmap", "clic : afficher en carte de chaleur")
                                              : TR("click: show as bars", "clic : afficher en barres"));
        ImGui::EndTooltip();
    }
    if (g_scroll_to == idx) { ImGui::SetScrollHereY(0.4f); g_scroll_to = -1; }
}

// Lays items left to right with arrows, wrapping to a new line (starting with ↪) when the next
// item does not fit: the diagram reads the same on a phone and on a projector.
static void flow_row(AppState& s, const std::vector<FlowItem>& items) {
    const GPT& m = s.trainer.model;
    const float fh = ImGui::GetFontSize();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float right = start.x + std::max(ImGui::GetContentRegionAvail().x, fh * 8);
    const float h = node_size("X", "X").y;
    const float arrow_w = ImGui::CalcTextSize("→").x + 10;
    float x = start.x, y = start.y, max_x = start.x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 tc = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    for (size_t k = 0; k < items.size(); k++) {
        const FlowItem& it = items[k];
        const float w = item_width(m, it);
        if (k > 0) {
            if (x + arrow_w + w > right && x > start.x) {
                y += h + fh * 0.4f;
                x = start.x + fh;
                dl->AddText(ImVec2(x - fh, y + h * 0.5f - fh * 0.5f), tc, "↪");
            } else {
                dl->AddText(ImVec2(x + 5, y + h * 0.5f - fh * 0.5f), tc, "→");
                x += arrow_w;
            }
        }
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        if (it.head_select >= 0) {
            if (node_box("##head", it.op.c_str(), it.op_detail.c_str(), kColHead, false)) s.selected = it.head_select;
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", TR("The output head has no weights of its own: it reuses the token embedding wte (click to see it).",
                                           "La tête de sortie n'a pas de poids propres : elle réutilise le plongement des tokens wte (cliquez pour le voir)."));
        } else if (it.a < 0) {
            node_box("", it.op.c_str(), it.op_detail.empty() ? nullptr : it.op_detail.c_str(), kColOp, false, true);
        } else {
            param_box(s, it.a, it.ta);
            if (it.b >= 0) {
                FlowItem only_a = it;
                only_a.b = -1;
                const float wa = item_width(m, only_a);
                if (x + w > right && x + wa <= right) {
                    // The pair (e.g. wte + wpe) does not fit on the line even when wrapped (narrow
                    // column, lecture mode): its second box continues on the next line.
                    max_x = std::max(max_x, x + wa);
                    y += h + fh * 0.4f;
                    x = start.x + fh;
                    dl->AddText(ImVec2(x - fh, y + h * 0.5f - fh * 0.5f), tc, "↪");
                    ImGui::SetCursorScreenPos(ImVec2(x, y));
                    param_box(s, it.b, it.tb);
                    x += w - wa - 3;
                    max_x = std::max(max_x, x);
                    continue;
                }
                ImGui::SameLine(0, 3);
                param_box(s, it.b, it.tb);
            }
        }
        x += w;
        max_x = std::max(max_x, x);
    }
    ImGui::SetCursorScreenPos(ImVec2(start.x, y + h + fh * 0.35f));
    ImGui::Dummy(ImVec2(max_x - start.x, 0));
}

static FlowItem pitem(int a, int b = -1, const char* ta = "", const char* tb = "") {
    FlowItem it;
    it.a = a; it.b = b; it.ta = ta; it.tb = tb;
    return it;
}
static FlowItem oitem(const std::string& op, const std::string& detail = "") {
    FlowItem it;
    it.op = op; it.op_detail = detail;
    return it;
}

// One move per press; held down for half a second, the key repeats. (ImGui's own repeat starts
// after 0.275 s, which a single slow frame of software WebGL already exceeds: one press moved two.)
static bool arrow(ImGuiKey k) {
    const int i = ImGui::GetKeyIndex(k);
    if (i < 0) return false;
    if (ImGui::IsKeyPressed(i, false)) return true;
    return ImGui::GetIO().KeysDownDurationPrev[i] > 0.5f && ImGui::IsKeyPressed(i, true);
}

static void handle_keys(AppState& s) {
    const GPT& m = s.trainer.model;
    ImGuiIO& io = ImGui::GetIO();
    // Arrows walk through the model wherever the focus is (the platform leaves ImGui's keyboard
    // navigation off, so they never move a widget focus instead), except while typing.
    if (io.WantTextInput || ImGui::IsAnyItemActive() || m.table.empty()) return;
    const int n = int(m.table.size());
    int sel = std::clamp(s.selected, 0, n - 1);
    int next = s.selected < 0 ? 0 : sel;
    if (arrow(ImGuiKey_DownArrow)) next = std::min(n - 1, sel + 1);
    if (arrow(ImGuiKey_UpArrow)) next = std::max(0, sel - 1);
    const bool right = arrow(ImGuiKey_RightArrow), left = arrow(ImGuiKey_LeftArrow);
    if (right || left) {
        const ParamTensor& p = m.table[sel];
        if (p.layer >= 0) {
            const int L = m.cfg.n_layer;
            const int layer = std::clamp(p.layer + (right ? 1 : -1), 0, L - 1);
            const int j = find_tensor(m, p.kind, layer);
            if (j >= 0) next = j;
        } else {
            next = std::clamp(sel + (right ? 1 : -1), 0, n - 1);
        }
    }
    if (next != s.selected) {
        cmd_select_index(s, next);
        g_scroll_to = next;
    }
}

void panel_model_map(AppState& s) {
    handle_keys(s);
    const GPT& m = s.trainer.model;
    ImGui::SetNextWindowPos(ImVec2(10, 580), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(520, 420), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin(TR("Model map###model_map", "Carte du modèle###model_map"), nullptr,
                      ImGuiWindowFlags_NoNavInputs)) {
        ImGui::End();
        return;
    }
    if (m.table.empty()) {
        ImGui::TextDisabled("%s", TR("No model loaded.", "Aucun modèle chargé."));
        ImGui::End();
        return;
    }
    const GPTConfig& c = m.cfg;
    // The block holding a newly made selection unfolds.
    if (s.selected != g_last_selected) {
        g_last_selected = s.selected;
        if (s.selected >= 0 && s.selected < int(m.table.size())) {
            g_open_block = m.table[s.selected].layer;
            g_scroll_to = s.selected;
        }
    }
    text_wrap("%s  ·  %s %s", TR("GPT-2 architecture", "Architecture GPT-2"),   // "27,680" never split at its ',
                       fmt_int((long long)m.params.size()).c_str(), TR("parameters", "paramètres"));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", TR("Click a box to see its numbers. Keys: ↑ ↓ through the model, ← → same tensor in another block.",
                                "Cliquez une boîte pour voir ses nombres. Touches : ↑ ↓ à travers le modèle, ← → même tenseur dans un autre bloc."));
    ImGui::PopStyleColor();
    // legend of colours
    {
        struct { ImU32 c; const char* en; const char* fr; } leg[] = {
            {kColEmbed, "embeddings", "plongements"}, {kColAttn, "attention", "attention"},
            {kColMlp, "MLP", "MLP"}, {kColNorm, "LayerNorm", "LayerNorm"}};
        for (int i = 0; i < 4; i++) {
            const float fh = ImGui::GetFontSize();
            if (i) same_line_if_fits(fh + 4 + ImGui::CalcTextSize(TR(leg[i].en, leg[i].fr)).x, 14);  // wraps on narrow windows
            const ImVec2 p = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + fh * 0.2f), ImVec2(p.x + fh * 0.8f, p.y + fh), leg[i].c, 2);
            ImGui::Dummy(ImVec2(fh, fh));
            ImGui::SameLine(0, 4);
            ImGui::TextUnformatted(TR(leg[i].en, leg[i].fr));
        }
    }
    ImGui::Separator();

    char buf[128];
    // Input: tokens → wte + wpe → residual stream
    {
        std::snprintf(buf, sizeof buf, "(B, T) = (%d, %d)", s.trainer.B, s.trainer.T);
        std::vector<FlowItem> row;
        row.push_back(oitem(TR("tokens", "tokens"), buf));
        row.push_back(pitem(find_tensor(m, PARAM_WTE, -1), find_tensor(m, PARAM_WPE, -1), TR("wte (tokens)", "wte (tokens)"),
                            TR("+ wpe (positions)", "+ wpe (positions)")));
        std::snprintf(buf, sizeof buf, "x: (B, T, %d)", c.n_embd);
        row.push_back(oitem(TR("residual stream", "flux résiduel"), buf));
        flow_row(s, row);
    }

    // Blocks (foldable)
    for (int l = 0; l < c.n_layer; l++) {
        long long blk = 0;
        for (const ParamTensor& p : m.table) if (p.layer == l) blk += (long long)p.numel;
        std::snprintf(buf, sizeof buf, "%s %d  ·  %s %s###blk%d", TR("Block", "Bloc"), l, fmt_int(blk).c_str(),
                      TR("parameters", "paramètres"), l);
        if (g_open_block == l) { ImGui::SetNextItemOpen(true); g_open_block = -2; }
        else ImGui::SetNextItemOpen(l == 0 || c.n_layer <= 2, ImGuiCond_Once);
        const bool sel_here = s.selected >= 0 && s.selected < int(m.table.size()) && m.table[s.selected].layer == l;
        if (sel_here) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.8f, 0.4f, 1.0f));
        const bool open = ImGui::TreeNodeEx(buf, ImGuiTreeNodeFlags_SpanAvailWidth | ImGuiTreeNodeFlags_Framed);
        if (sel_here) ImGui::PopStyleColor();
        if (!open) continue;
        std::vector<FlowItem> att;
        att.push_back(pitem(find_tensor(m, PARAM_LN1_W, l), find_tensor(m, PARAM_LN1_B, l), "LN1 γ", "β"));
        att.push_back(pitem(find_tensor(m, PARAM_ATTN_QKV_W, l), find_tensor(m, PARAM_ATTN_QKV_B, l), "W_Q W_K W_V", "b_QKV"));
        std::snprintf(buf, sizeof buf, "%d %s × %d", c.n_head, TR("heads", "têtes"), c.n_embd / std::max(1, c.n_head));
        att.push_back(oitem(glyph_text("softmax(QKᵀ/√d)·V", "softmax(QK^T/√d)·V"), buf));
        att.push_back(pitem(find_tensor(m, PARAM_ATTN_PROJ_W, l), find_tensor(m, PARAM_ATTN_PROJ_B, l)));
        att.push_back(oitem("x + …", TR("residual", "résiduel")));
        flow_row(s, att);
        std::vector<FlowItem> mlp;
        mlp.push_back(pitem(find_tensor(m, PARAM_LN2_W, l), find_tensor(m, PARAM_LN2_B, l), "LN2 γ", "β"));
        mlp.push_back(pitem(find_tensor(m, PARAM_MLP_FC_W, l), find_tensor(m, PARAM_MLP_FC_B, l)));
        std::snprintf(buf, sizeof buf, "%d %s", 4 * c.n_embd, TR("neurons", "neurones"));
        mlp.push_back(oitem("GELU", buf));
        mlp.push_back(pitem(find_tensor(m, PARAM_MLP_PROJ_W, l), find_tensor(m, PARAM_MLP_PROJ_B, l)));
        mlp.push_back(oitem("x + …", TR("residual", "résiduel")));
        flow_row(s, mlp);
        ImGui::TreePop();
    }
    ImGui::Spacing();
    // Output: final LN → head (tied to wte) → logits
    {
        std::vector<FlowItem> row;
        row.push_back(pitem(find_tensor(m, PARAM_LNF_W, -1), find_tensor(m, PARAM_LNF_B, -1), "LN_f γ", "β"));
        FlowItem head;
        head.op = TR("output head", "tête de sortie");
        head.op_detail = std::string("x · ") + glyph_text("wteᵀ", "wte^T") + TR("  (tied: 0 new)", "  (partagé : 0 nouveau)");
        head.head_select = std::max(0, find_tensor(m, PARAM_WTE, -1));
        row.push_back(head);
        std::snprintf(buf, sizeof buf, "(B, T, %d)", c.vocab_size);
        row.push_back(oitem(TR("logits → softmax", "logits → softmax"), buf));
        flow_row(s, row);
    }
    ImGui::End();
}

} // namespace ga::app
