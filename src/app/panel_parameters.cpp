// The parameter table: every tensor of the model (the table `gpt-anatomy params` walks), its role,
// shape, count and share of the total, grouped by block (foldable, with subtotals) or flat, sortable
// by any column, filterable by name. Selecting a row selects the tensor for the other views.
#include "app.h"
#include "views.h"
#include "imgui.h"
#include <algorithm>
#include <cstdio>
#include <cctype>
#include <cstring>

namespace ga::app {

static ParametersPanelState& P() { return app_state().parameters_panel; }


static bool matches(const ParamTensor& p) {
    if (!P().filter[0]) return true;
    std::string f = P().filter, n = p.name, r = param_kind_label(p.kind);
    for (auto* str : {&f, &n, &r})
        for (char& c : *str) c = char(std::tolower((unsigned char)c));
    return n.find(f) != std::string::npos || r.find(f) != std::string::npos;
}

static void sort_rows(const GPT& m, std::vector<int>& rows) {
    auto key_less = [&](int a, int b) {
        const ParamTensor &A = m.table[a], &B = m.table[b];
        switch (P().sort_col) {
        case 2: return std::strcmp(param_kind_label(A.kind), param_kind_label(B.kind)) < 0;
        case 3: return A.rows != B.rows ? A.rows < B.rows : A.cols < B.cols;
        case 4: return A.numel < B.numel;
        default: return a < b;
        }
    };
    std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) { return P().sort_desc ? key_less(b, a) : key_less(a, b); });
}

static void tensor_row(AppState& s, int i, double total, bool scroll) {
    const GPT& m = s.trainer.model;
    const ParamTensor& p = m.table[i];
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(i);
    if (ImGui::Selectable(p.name.c_str(), s.selected == i, ImGuiSelectableFlags_SpanAllColumns)) s.selected = i;
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(param_title(m, i).c_str());
        ImGui::TextDisabled("%s", p.rank == 2 ? TR("click: heatmap", "clic : carte de chaleur") : TR("click: bars", "clic : barres"));
        ImGui::EndTooltip();
    }
    if (scroll) ImGui::SetScrollHereY(0.5f);
    ImGui::PopID();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(param_short(p.kind));
    ImGui::TableNextColumn();
    if (p.rank == 2) ImGui::Text("%d × %d", p.rows, p.cols);
    else ImGui::Text("%d", p.cols);
    ImGui::TableNextColumn();
    const std::string n = fmt_int((long long)p.numel);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetColumnWidth() - ImGui::CalcTextSize(n.c_str()).x - ImGui::GetStyle().CellPadding.x);
    ImGui::TextUnformatted(n.c_str());
    ImGui::TableNextColumn();
    // share of the total as a small bar with the percentage
    const float frac = total > 0 ? float(p.numel / total) : 0.0f;
    const ImVec2 c0 = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetColumnWidth(), h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(c0.x, c0.y + 2), ImVec2(c0.x + std::max(1.0f, w * frac), c0.y + h - 2),
                                              ImGui::GetColorU32(ImGuiCol_PlotHistogram, 0.45f));
    ImGui::Text("%s %%", fmt_float(100.0 * frac, frac < 0.001f ? 3 : 1).c_str());
}

void panel_parameters(AppState& s) {
    const GPT& m = s.trainer.model;
    ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(520, 560), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin(TR("Parameters###params", "Paramètres###params"), nullptr, ImGuiWindowFlags_NoNavInputs)) {
        ImGui::End();
        return;
    }
    const GPTConfig& c = m.cfg;
    // Short window (lecture mode): the table keeps the room; the sizes are in the model map and the
    // anatomy panel.
    if (ImGui::GetWindowHeight() >= ImGui::GetFontSize() * 17) {
        // "layers: 2  heads: 2  d_model: 32 ...", wrapping between items on narrow windows.
        const char* colon = lang() == LANG_FR ? " : " : ": ";
        const std::string items[5] = {std::string(TR("layers", "couches")) + colon + std::to_string(c.n_layer),
                                      std::string(TR("heads", "têtes")) + colon + std::to_string(c.n_head),
                                      std::string("d_model") + colon + std::to_string(c.n_embd),
                                      std::string(TR("context", "contexte")) + colon + std::to_string(c.n_ctx),
                                      std::string(TR("vocabulary", "vocabulaire")) + colon + fmt_int(c.vocab_size)};
        for (int i = 0; i < 5; i++) {
            if (i) same_line_if_fits(ImGui::CalcTextSize(items[i].c_str()).x, ImGui::GetFontSize() * 0.8f);
            ImGui::TextUnformatted(items[i].c_str());
        }
    }
    const double total = double(m.params.size());
    ImGui::Text("%s%s", TR("Total parameters", "Nombre total de paramètres"), lang() == LANG_FR ? " : " : ": ");
    ImGui::PushFont(font_bold());
    const std::string total_txt = fmt_int((long long)m.params.size());
    same_line_if_fits(ImGui::CalcTextSize(total_txt.c_str()).x, 0.0f);
    ImGui::TextUnformatted(total_txt.c_str());
    ImGui::PopFont();
    const std::string approx = "(" + fmt_params((long long)m.params.size()) + ")";
    same_line_if_fits(ImGui::CalcTextSize(approx.c_str()).x);
    ImGui::TextDisabled("%s", approx.c_str());
    ImGui::Checkbox(TR("group by block###grp", "grouper par bloc###grp"), &P().grouped);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(80.0f, ImGui::GetContentRegionAvail().x));
    ImGui::InputTextWithHint("###filter", TR("filter (name or role, e.g. attn, bias, W1)", "filtre (nom ou rôle, ex. attn, bias, W1)"), P().filter, sizeof P().filter);

    const bool scroll = s.selected != P().last_selected;
    P().last_selected = s.selected;
    // Narrow windows (lecture mode, tablets) scroll the table sideways instead of crushing its
    // columns into "R", "F…".
    const float min_w = ImGui::GetFontSize() * 26;
    const bool narrow = ImGui::GetContentRegionAvail().x < min_w;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable | (narrow ? ImGuiTableFlags_ScrollX : 0);
    const float inner_w = narrow ? min_w : 0.0f;
    if (ImGui::BeginTable("params", 5, flags, ImVec2(0, 0), inner_w)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(TR("Tensor", "Tenseur"), ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_DefaultSort, 3.0f, 1);
        ImGui::TableSetupColumn(TR("Role", "Rôle"), ImGuiTableColumnFlags_WidthStretch, 1.2f, 2);
        ImGui::TableSetupColumn(TR("Shape", "Forme"), ImGuiTableColumnFlags_WidthStretch, 1.4f, 3);
        ImGui::TableSetupColumn(TR("Count", "Nombre"), ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_PreferSortDescending, 1.4f, 4);
        ImGui::TableSetupColumn(TR("Share", "Part"), ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoSort, 1.3f, 5);
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* ss = ImGui::TableGetSortSpecs()) {
            // Rows are re-sorted every frame (a few dozen of them), so the specs are simply read.
            if (ss->SpecsCount > 0) {
                // The tensor column sorts by model order (by name, h.10 would come before h.2).
                const int id = int(ss->Specs[0].ColumnUserID);
                P().sort_col = id == 1 ? 0 : id;
                P().sort_desc = ss->Specs[0].SortDirection == ImGuiSortDirection_Descending;
            } else {
                P().sort_col = 0;
                P().sort_desc = false;
            }
            ss->SpecsDirty = false;
        }
        if (!P().grouped) {
            std::vector<int> rows;
            for (int i = 0; i < int(m.table.size()); i++) if (matches(m.table[i])) rows.push_back(i);
            sort_rows(m, rows);
            for (int i : rows) tensor_row(s, i, total, scroll && s.selected == i);
        } else {
            // Groups: embeddings, block 0..L-1, final LayerNorm; each with its subtotal.
            for (int gidx = -1; gidx <= c.n_layer; gidx++) {
                std::vector<int> rows;
                long long sub = 0;
                for (int i = 0; i < int(m.table.size()); i++) {
                    const ParamTensor& p = m.table[i];
                    const bool in = gidx == -1 ? (p.layer < 0 && (p.kind == PARAM_WTE || p.kind == PARAM_WPE))
                                  : gidx == c.n_layer ? (p.layer < 0 && (p.kind == PARAM_LNF_W || p.kind == PARAM_LNF_B))
                                  : p.layer == gidx;
                    if (!in) continue;
                    sub += (long long)p.numel;
                    if (matches(p)) rows.push_back(i);
                }
                if (rows.empty()) continue;
                sort_rows(m, rows);
                char label[96];
                if (gidx == -1) std::snprintf(label, sizeof label, "%s###g_emb", TR("Embeddings", "Plongements"));
                else if (gidx == c.n_layer) std::snprintf(label, sizeof label, "%s###g_lnf", TR("Final LayerNorm", "LayerNorm finale"));
                else std::snprintf(label, sizeof label, "%s %d###g%d", TR("Block", "Bloc"), gidx, gidx);
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                bool has_sel = false;
                for (int i : rows) has_sel |= i == s.selected;
                if (has_sel && scroll) ImGui::SetNextItemOpen(true);
                else ImGui::SetNextItemOpen(gidx < 1 || gidx == c.n_layer || c.n_layer <= 2 || P().filter[0], ImGuiCond_Once);
                const bool open = ImGui::TreeNodeEx(label, ImGuiTreeNodeFlags_SpanFullWidth);
                ImGui::TableNextColumn();
                ImGui::TableNextColumn();
                ImGui::TextDisabled("%d %s", int(rows.size()), TR("tensors", "tenseurs"));
                ImGui::TableNextColumn();
                const std::string n = fmt_int(sub);
                ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetColumnWidth() - ImGui::CalcTextSize(n.c_str()).x - ImGui::GetStyle().CellPadding.x);
                ImGui::TextUnformatted(n.c_str());
                ImGui::TableNextColumn();
                ImGui::TextDisabled("%s %%", fmt_float(100.0 * sub / std::max(1.0, total), 1).c_str());
                if (open) {
                    for (int i : rows) tensor_row(s, i, total, scroll && s.selected == i);
                    ImGui::TreePop();
                }
            }
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

} // namespace ga::app
