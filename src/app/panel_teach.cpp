// The Teach panel: type a context and the next token you want, see P(target | context), its
// loss −ln P and the weights its gradient would change most, then Apply one step of SGD on that
// one example and see P and the loss before → after and what happened to other contexts.
// Below: knock out an attention head or an MLP neuron, edit one weight, Undo, Restore.
// Every button calls the same command as the JavaScript API (edits.h).
#include "app.h"
#include "edits.h"
#include "views.h"
#include "wrap.h"
#include "imgui.h"
#include <cmath>
#include <cstdio>
#include <cstring>

namespace ga::app {

namespace {

using TeachUi = TeachPanelState;

// remember where the last item was drawn (tests click the panel's buttons)
void note_rect(const std::string& id) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    teach_session().ui_rects.push_back({id, a.x, a.y, b.x - a.x, b.y - a.y});
}

void example_for_model(AppState& s, TeachUi& u) {
    if (u.model_name == s.model_name) return;
    u.model_name = s.model_name;
    // an example each shipped model can read (char models: characters of its alphabet; the
    // French word list has no spaces: one word at a time)
    const char* ctx = "chocola";
    const char* tgt = "t";
    if (s.model_name.find("kjv") != std::string::npos) { ctx = "And God sa"; tgt = "i"; }
    std::vector<int> ids;
    std::string c = ctx, t = tgt;
    if (!s.trainer.tokenizer.encode(c, &ids).empty() || !s.trainer.tokenizer.encode(t, &ids).empty()) {
        // another model: the start of a line of its validation text, and the token after it
        c.clear(); t.clear();
        const std::vector<int>& v = s.trainer.data.val;
        for (size_t i = 0; i + 1 < v.size() && i < 200; i++) {
            const std::string tok = s.trainer.tokenizer.decode_one(v[i]);
            if (tok.find('\n') != std::string::npos) { c.clear(); continue; }
            c += tok;
            if (c.size() >= 4) {
                t = s.trainer.tokenizer.decode_one(v[i + 1]);
                if (t.find('\n') == std::string::npos) break;
                c.clear(); t.clear();
            }
        }
    }
    std::snprintf(u.context, sizeof u.context, "%s", c.c_str());
    std::snprintf(u.target, sizeof u.target, "%s", t.c_str());
    u.model_seen = -1;
    u.val_before = u.val_after = -1.0f;
    u.tensor = 0;
}

void preview(AppState& s, TeachUi& u) {
    TeachSession& ts = teach_session();
    std::string err = app_teach(s, u.context, u.target, u.lr, false, u.top_n, nullptr);
    ts.last_error = err;
    if (!err.empty()) ts.has_result = false;
    u.model_seen = ts.version;
}

std::string topk_text(const AppState& s, const std::vector<TokenProb>& v) {
    std::string t;
    char buf[32];
    for (size_t i = 0; i < v.size(); i++) {
        std::snprintf(buf, sizeof buf, " %.0f%%", 100.0 * v[i].p);
        t += (i ? "  " : "") + std::string("'") + token_text(s, v[i].token) + "'" + buf;
    }
    return t;
}

void section_teach(AppState& s, TeachUi& u) {
    TeachSession& ts = teach_session();
    const float em = ImGui::GetFontSize();
    text_disabled_wrapped(TR("One example: the model reads the context and gives a probability to the next token. "
                             "One SGD step on this example alone: W ← W − η·∂L/∂W with L = −ln P(target | context).",
                             "Un exemple : le modèle lit le contexte et donne une probabilité au jeton suivant. "
                             "Un pas de SGD sur ce seul exemple : W ← W − η·∂L/∂W avec L = −ln P(cible | contexte)."));
    bool edited = false;
    ImGui::SetNextItemWidth(fit_item_width(14 * em, TR("context###tctx", "contexte###tctx"), false));
    edited |= ImGui::InputText(TR("context###tctx", "contexte###tctx"), u.context, sizeof u.context);
    ImGui::SetNextItemWidth(fit_item_width(5 * em, TR("next token###ttgt", "jeton suivant###ttgt"), false));
    edited |= ImGui::InputText(TR("next token###ttgt", "jeton suivant###ttgt"), u.target, sizeof u.target);
    char fb[32];
    ImGui::SetNextItemWidth(fit_item_width(10 * em, "η###tlr", false));
    edited |= ImGui::SliderFloat("η###tlr", &u.lr, 0.001f, 2.0f, num_format(fb, sizeof fb, "%.3f", u.lr), ImGuiSliderFlags_Logarithmic);
    // recompute when the example or the weights changed (while training: twice a second)
    const bool stepped = u.step_seen != s.trainer.step && (!s.running || ImGui::GetTime() - u.preview_time > 0.5);
    if (edited || u.model_seen != ts.version || stepped) {
        preview(s, u);
        u.step_seen = s.trainer.step;
        u.preview_time = ImGui::GetTime();
    }

    if (!ts.last_error.empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.35f, 1.0f), "%s", ts.last_error.c_str());
        return;
    }
    if (!ts.has_result) return;
    const TeachResult& r = ts.result;
    ImGui::PushFont(font_mono());
    char line[256];
    if (ts.applied) {
        std::snprintf(line, sizeof line, "P = %.4f → %.4f    L = %.4f → %.4f", r.p_before, r.p_after, r.loss_before, r.loss_after);
        ImGui::TextColored(r.p_after > r.p_before ? ImVec4(0.45f, 0.9f, 0.5f, 1) : ImVec4(1, 0.6f, 0.4f, 1), "%s", line);
    } else {
        std::snprintf(line, sizeof line, "P(%s | %s) = %.4f    L = −ln P = %.4f", u.target, u.context, r.p_before, r.loss_before);
        ImGui::TextUnformatted(line);
    }
    ImGui::PopFont();

    const bool busy = s.running || s.steps_pending > 0;
    if (busy) ImGui::BeginDisabled();
    if (ImGui::Button(TR("Apply one step###tapply", "Appliquer un pas###tapply"))) {
        std::string err = app_teach(s, u.context, u.target, u.lr, true, u.top_n, nullptr);
        ts.last_error = err;
        u.model_seen = ts.version;  // keep showing before → after
    }
    note_rect("apply");
    ImGui::SameLine();
    if (!ts.history.can_undo()) ImGui::BeginDisabled();
    if (ImGui::Button(TR("Undo###tundo", "Annuler###tundo"))) { u.message = app_undo(s); }
    note_rect("undo");
    ImGui::SameLine();
    if (ImGui::Button(TR("Restore all###trestore", "Tout restaurer###trestore"))) { u.message = app_restore(s); }
    note_rect("restore");
    if (!ts.history.can_undo()) ImGui::EndDisabled();
    if (busy) {
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::TextDisabled("%s", TR("(pause training first)", "(mettez l'entraînement en pause)"));
    }

    // the weights this example's gradient changes most
    ImGui::TextUnformatted(TR("Weights this example changes most (largest |∂L/∂W|):", "Poids que cet exemple change le plus (|∂L/∂W| le plus grand) :"));
    const GPT& m = s.trainer.model;
    if (ImGui::BeginTable("###ttop", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY,
                          ImVec2(0, em * 1.45f * (float)std::min<size_t>(r.top.size() + 1, 8)))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(TR("tensor [row, col]", "tenseur [ligne, col]"));
        ImGui::TableSetupColumn("∂L/∂W");
        ImGui::TableSetupColumn("W");
        ImGui::TableSetupColumn("W − η·∂L/∂W");
        ImGui::TableSetupColumn("");
        ImGui::TableHeadersRow();
        ImGui::PushFont(font_mono());
        for (size_t i = 0; i < r.top.size(); i++) {
            const WeightEntry& e = r.top[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            char b[160];
            std::snprintf(b, sizeof b, "%s [%d, %d]###trow%zu", param_title(m, e.tensor).c_str(), e.row, e.col, i);
            if (ImGui::Selectable(b, s.selected == e.tensor, ImGuiSelectableFlags_SpanAllColumns)) {
                s.selected = e.tensor;  // the heatmap / bars show that tensor
                formula_pick() = FormulaPick{e.tensor, e.row, e.col};
                u.tensor = e.tensor; u.row = e.row; u.col = e.col;
                u.value = m.params[m.table[e.tensor].offset + e.index];
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", m.table[e.tensor].name.c_str());
            ImGui::TableNextColumn(); ImGui::Text("%+.4g", e.grad);
            ImGui::TableNextColumn(); ImGui::Text("%+.5f", e.before);
            ImGui::TableNextColumn(); ImGui::Text("%+.5f", e.after);
            ImGui::TableNextColumn();
        }
        ImGui::PopFont();
        ImGui::EndTable();
    }
    if (ts.applied && !r.side.empty()) {
        ImGui::TextUnformatted(TR("Side effects on other contexts (top predictions before → after):",
                                  "Effets sur d'autres contextes (meilleures prédictions avant → après) :"));
        ImGui::PushFont(font_mono());
        for (const SideEffect& se : r.side) {
            std::string ctx;
            for (int id : se.context) ctx += token_text(s, id);
            text_wrap("'%s' → %s  ⇒  %s", ctx.c_str(), topk_text(s, se.before).c_str(), topk_text(s, se.after).c_str());
        }
        ImGui::PopFont();
    }
}

void section_knockout(AppState& s, TeachUi& u) {
    GPT& m = s.trainer.model;
    const float em = ImGui::GetFontSize();
    text_disabled_wrapped(TR("Knock out an attention head (its output set to 0 before W_O) or an MLP neuron (its GELU output set to 0) "
                             "and see the validation loss and the inspector's predictions change.",
                             "Neutralisez une tête d'attention (sa sortie mise à 0 avant W_O) ou un neurone du MLP (sa sortie GELU mise à 0) "
                             "et voyez changer la perte de validation et les prédictions de l'inspecteur."));
    // one checkbox per head: rows = layers
    for (int l = 0; l < m.cfg.n_layer; l++) {
        ImGui::Text(TR("layer %d", "couche %d"), l);
        for (int h = 0; h < m.cfg.n_head; h++) {
            ImGui::SameLine();
            bool off = m.head_ablated(l, h);
            char b[48];
            std::snprintf(b, sizeof b, "h%d###kh%d_%d", h, l, h);
            if (ImGui::Checkbox(b, &off)) {
                u.message = app_ablate(s, l, h, -1, off, &u.val_before, &u.val_after);
            }
            note_rect("head." + std::to_string(l) + "." + std::to_string(h));
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip(TR("Checked: head %d of layer %d is knocked out", "Cochée : la tête %d de la couche %d est neutralisée"), h, l);
        }
    }
    ImGui::SetNextItemWidth(4 * em);
    ImGui::InputInt(TR("layer###knl", "couche###knl"), &u.layer, 0);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(5 * em);
    ImGui::InputInt(TR("neuron###knn", "neurone###knn"), &u.neuron, 0);
    ImGui::SameLine();
    const bool off = m.neuron_ablated(u.layer, u.neuron);
    if (ImGui::Button(off ? TR("Bring back###knb", "Rétablir###knb") : TR("Knock out###knb", "Neutraliser###knb")))
        u.message = app_ablate(s, u.layer, -1, u.neuron, !off, &u.val_before, &u.val_after);
    if (u.val_before >= 0 && u.val_after >= 0) {
        ImGui::PushFont(font_mono());
        ImGui::Text(TR("validation loss %.4f → %.4f (%d knocked out)", "perte de validation %.4f → %.4f (%d neutralisés)"), u.val_before,
                    u.val_after, m.ablation.count());
        ImGui::PopFont();
    }
}

void section_weight(AppState& s, TeachUi& u) {
    GPT& m = s.trainer.model;
    const float em = ImGui::GetFontSize();
    if (u.tensor < 0 || u.tensor >= (int)m.table.size()) u.tensor = 0;
    if (s.selected >= 0 && s.selected < (int)m.table.size() && formula_pick().tensor == s.selected && formula_pick().tensor != u.tensor) {
        // a heatmap cell or a bar was clicked: edit that weight
        u.tensor = formula_pick().tensor;
        u.row = formula_pick().row;
        u.col = formula_pick().col;
    }
    const ParamTensor& p = m.table[u.tensor];
    ImGui::SetNextItemWidth(fit_item_width(14 * em, TR("tensor###wt", "tenseur###wt"), false));
    if (ImGui::BeginCombo(TR("tensor###wt", "tenseur###wt"), p.name.c_str())) {
        for (int i = 0; i < (int)m.table.size(); i++)
            if (ImGui::Selectable(m.table[i].name.c_str(), i == u.tensor)) { u.tensor = i; u.row = u.col = 0; }
        ImGui::EndCombo();
    }
    const ParamTensor& q = m.table[u.tensor];
    const int rows = q.rank == 2 ? q.rows : 1;
    ImGui::SetNextItemWidth(4 * em);
    ImGui::InputInt(TR("row###wr", "ligne###wr"), &u.row, 0);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(4 * em);
    ImGui::InputInt(TR("col###wc", "col###wc"), &u.col, 0);
    u.row = std::max(0, std::min(u.row, rows - 1));
    u.col = std::max(0, std::min(u.col, q.cols - 1));
    const size_t off = q.offset + (size_t)u.row * (size_t)q.cols + (size_t)u.col;
    float v = m.params[off];
    ImGui::SetNextItemWidth(fit_item_width(10 * em, TR("value (drag or type)###wv", "valeur (glisser ou taper)###wv"), false));
    if (ImGui::DragFloat(TR("value (drag or type)###wv", "valeur (glisser ou taper)###wv"), &v, 0.005f, -1e6f, 1e6f, "%.5f")) {
        float b, a, val;
        // one undo step per drag (or per typed value), not one per frame of the drag
        const bool record = u.drag_off != off;
        std::vector<long long> idx = q.rank == 2 ? std::vector<long long>{u.row, u.col} : std::vector<long long>{u.col};
        u.message = app_set_weight(s, q.name, idx, v, &b, &a, &val, record);
        if (u.message.empty()) u.drag_off = off;
    }
    if (!ImGui::IsItemActive()) u.drag_off = (size_t)-1;
    const TeachSession& ts = teach_session();
    if (ts.edited_at(s.trainer.step) && ts.val_loss >= 0) {
        ImGui::PushFont(font_mono());
        ImGui::Text(TR("validation loss now %.4f", "perte de validation maintenant %.4f"), ts.val_loss);
        ImGui::PopFont();
    }
}

} // namespace

void panel_teach(AppState& s) {
    ImGui::SetNextWindowSize(ImVec2(520, 640), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin(TR("Teach one example###teach", "Enseigner un exemple###teach"), s.embed ? nullptr : &panels().teach)) {
        ImGui::End();
        return;
    }
    TeachUi& u = s.teach_panel;
    teach_session().ui_rects.clear();
    if (s.trainer.model.params.empty()) { ImGui::TextUnformatted(TR("No model.", "Pas de modèle.")); ImGui::End(); return; }
    data_wanted(s);   // the validation text measures every edit: fetched now if it was deferred
    example_for_model(s, u);
    if (ImGui::CollapsingHeader(TR("One example, one step###hteach", "Un exemple, un pas###hteach"), ImGuiTreeNodeFlags_DefaultOpen))
        section_teach(s, u);
    if (ImGui::CollapsingHeader(TR("Knock out a head or a neuron###hko", "Neutraliser une tête ou un neurone###hko"), ImGuiTreeNodeFlags_DefaultOpen))
        section_knockout(s, u);
    if (ImGui::CollapsingHeader(TR("Edit one weight###hw", "Modifier un poids###hw"), ImGuiTreeNodeFlags_DefaultOpen))
        section_weight(s, u);
    if (!u.message.empty()) ImGui::TextColored(ImVec4(1.0f, 0.6f, 0.4f, 1.0f), "%s", u.message.c_str());
    ImGui::End();
}

} // namespace ga::app
