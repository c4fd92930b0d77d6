// The parameter table: every tensor of the model (the table `gpt-anatomy params` walks), its
// shape and count, grouped by block. Selecting a row selects the tensor for the other views.
#include "app.h"
#include "imgui.h"

namespace ga::app {

void panel_parameters(AppState& s) {
    const GPT& m = s.trainer.model;
    ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(520, 560), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin(TR("Parameters###params", "Paramètres###params"))) { ImGui::End(); return; }
    const GPTConfig& c = m.cfg;
    ImGui::Text("%s: %d  %s: %d  d_model: %d  %s: %d  %s: %d", TR("layers", "couches"), c.n_layer,
                TR("heads", "têtes"), c.n_head, c.n_embd, TR("context", "contexte"), c.n_ctx,
                TR("vocabulary", "vocabulaire"), c.vocab_size);
    ImGui::Text("%s: %s", TR("Total parameters", "Nombre total de paramètres"), fmt_int((long long)m.params.size()).c_str());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable;
    if (ImGui::BeginTable("params", 4, flags)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(TR("Tensor", "Tenseur"));
        ImGui::TableSetupColumn(TR("Role", "Rôle"));
        ImGui::TableSetupColumn(TR("Shape", "Forme"));
        ImGui::TableSetupColumn(TR("Count", "Nombre"));
        ImGui::TableHeadersRow();
        for (int i = 0; i < int(m.table.size()); i++) {
            const ParamTensor& p = m.table[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ImGui::Selectable(p.name.c_str(), s.selected == i, ImGuiSelectableFlags_SpanAllColumns)) s.selected = i;
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(param_kind_label(p.kind));
            ImGui::TableNextColumn();
            if (p.rank == 2) ImGui::Text("%d × %d", p.rows, p.cols);
            else ImGui::Text("%d", p.cols);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(fmt_int((long long)p.numel).c_str());
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

} // namespace ga::app
