// panel_menu: the main menu bar. File (load a checkpoint, download the weights, back to the
// pretrained model, random weights — through the page's JavaScript hooks Module.anatomyUi.*),
// Training (step, run, demo, freeze), View (panels, tidy layout; on phones: which one panel),
// Language (live switch), Lecture mode, Help. On the right: model, step, frame rate.
#include "app.h"
#include "presenter.h"
#include "hooks.h"
#include "touch.h"   // finger-sized menus, key hints only with a keyboard
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace ga::app {

// The page implements the file actions (web/anatomy.js, Module.anatomyUi.*), reached through the
// platform's page_action hook; a missing action greys the menu item out.
static bool page_has(const char* name) { return hooks().page_action_exists && hooks().page_action_exists(name); }
static void page_do(const char* name, const char* arg = "") {
    if (hooks().page_action) hooks().page_action(name, arg);
}

static std::string size_label(double bytes) {
    if (bytes <= 0) return "";
    if (bytes >= 1e6) return fmt_float(bytes / 1e6, 1) + (lang() == LANG_FR ? " Mo" : " MB");
    return fmt_float(bytes / 1e3, 0) + (lang() == LANG_FR ? " ko" : " kB");
}

static void panel_toggle(const char* label, const char* shortcut, bool PanelVisibility::*flag) {
    PanelVisibility& v = panels();
    if (layout_is_phone()) {
        // One panel at a time: choosing a panel shows it instead of the current one.
        if (ImGui::MenuItem(label, shortcut, v.*flag)) layout_show_only(flag);
    } else {
        ImGui::MenuItem(label, shortcut, &(v.*flag));
    }
}

static MenuMetrics g_metrics;
const MenuMetrics& menu_metrics() { return g_metrics; }
float menu_bar_height(const AppState& s) {
    if (s.embed) return 0.0f;
    return g_metrics.bar_h > 0 ? g_metrics.bar_h : ImGui::GetFrameHeight();
}

// A top-level menu of the bar, its title rectangle kept for menu_metrics().
static bool bar_menu(const char* label, const char* id) {
    const bool open = ImGui::BeginMenu(label);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    g_metrics.titles.push_back({id, a.x, a.y, b.x - a.x, b.y - a.y});
    return open;
}
// The height of the row just drawn in an open menu: a Selectable covers the spacing around it,
// so this is the row pitch, what a finger has before it hits the next row (TouchExtraPadding
// does not help between rows packed edge to edge: the first row hovered keeps the overlap).
static void note_row() { g_metrics.row_h = ImGui::GetItemRectSize().y; }

static void panel_menu_items(AppState& s);

void panel_menu(AppState& s) {
    // Fingers: the bar and the rows of its menus at least kTouchTarget (44 CSS px) high, drawn that
    // big (a bar at the screen's top edge cannot borrow hit area from above it, rows packed edge to
    // edge none from each other). The bar's title frames take FramePadding; a menu row is a
    // Selectable: label height + ItemSpacing.y.
    const bool touch = touch_device();
    const float font = ImGui::GetFontSize();
    if (touch) {
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, std::ceil((kTouchTarget - font) * 0.5f)));
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, std::max(ImGui::GetStyle().ItemSpacing.y, kTouchTarget - font)));
    }
    g_metrics.titles.clear();
    if (ImGui::BeginMainMenuBar()) {
        g_metrics.bar_h = ImGui::GetWindowHeight();
        panel_menu_items(s);
        ImGui::EndMainMenuBar();
    }
    if (touch) ImGui::PopStyleVar(2);
}

static void panel_menu_items(AppState& s) {
    Trainer& tr = s.trainer;

    if (bar_menu(TR("File###file", "Fichier###file"), "file")) {
        const std::vector<CatalogEntry>& assets = s.catalog;
        bool any_model = false, any_data = false;
        for (const auto& a : assets) { any_model |= a.kind == "model"; any_data |= a.kind == "data"; }
        if (ImGui::BeginMenu(TR("Shipped models###models", "Modèles fournis###models"), any_model)) {
            for (const auto& a : assets) {
                if (a.kind != "model") continue;
                const std::string& t = lang() == LANG_FR && !a.title_fr.empty() ? a.title_fr : !a.title_en.empty() ? a.title_en : a.name;
                if (ImGui::MenuItem((t + "###m_" + a.name).c_str(), size_label(a.bytes).c_str(), s.model_name == a.name))
                    page_do("loadModel", a.name.c_str());
            }
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu(TR("Training text###datasets", "Texte d'entraînement###datasets"), any_data || page_has("pasteText"))) {
            for (const auto& a : assets) {
                if (a.kind != "data") continue;
                const std::string& t = lang() == LANG_FR && !a.title_fr.empty() ? a.title_fr : !a.title_en.empty() ? a.title_en : a.name;
                if (ImGui::MenuItem((t + "###d_" + a.name).c_str(), size_label(a.bytes).c_str(), s.data_name == a.name))
                    page_do("loadData", a.name.c_str());
            }
            ImGui::Separator();
            if (ImGui::MenuItem(TR("Paste your own text…###paste", "Coller votre propre texte…###paste"), nullptr, false, page_has("pasteText")))
                page_do("pasteText");
            ImGui::EndMenu();
        }
        ImGui::Separator();
        if (ImGui::MenuItem(TR("Load checkpoint (.safetensors)…###load", "Charger un modèle (.safetensors)…###load"), nullptr, false,
                            page_has("openFile")))
            page_do("openFile");
        if (ImGui::MenuItem(TR("Download the current weights###dl", "Télécharger les poids actuels###dl"), nullptr, false,
                            page_has("downloadWeights")))
            page_do("downloadWeights");
        ImGui::Separator();
        if (ImGui::MenuItem(TR("Back to the pretrained model###pre", "Revenir au modèle pré-entraîné###pre"), nullptr, false,
                            page_has("resetPretrained")))
            page_do("resetPretrained");
        if (ImGui::MenuItem(TR("Random weights (same size)###rand", "Poids aléatoires (même taille)###rand"))) cmd_reinit(s, -1);
        ImGui::EndMenu();
    }

    if (bar_menu(TR("Training###trainmenu", "Entraînement###trainmenu"), "trainmenu")) {
        if (ImGui::MenuItem(TR("One step###mstep", "Un pas###mstep"), menu_key(TR("Space", "Espace")))) cmd_step(s, 1);
        note_row();
        if (ImGui::MenuItem(s.running ? TR("Pause###mrun", "Pause###mrun") : TR("Run###mrun", "Lancer###mrun"), menu_key("R"))) cmd_run(s, !s.running);
        if (ImGui::MenuItem(TR("Freeze \"before\"###mfreeze", "Figer « avant »###mfreeze"), menu_key("F"))) {
            snapshot_freeze(s);
            panels().training = true;
        }
        if (ImGui::MenuItem(TR("Reproducible demo###mdemo", "Démo reproductible###mdemo"))) {
            cmd_demo(s);
            panels().training = true;
        }
        ImGui::EndMenu();
    }

    if (bar_menu(TR("View###view", "Affichage###view"), "view")) {
        panel_toggle(TR("Model map###vmap", "Carte du modèle###vmap"), nullptr, &PanelVisibility::model_map);
        panel_toggle(TR("Parameter table###vparams", "Table des paramètres###vparams"), nullptr, &PanelVisibility::parameters);
        panel_toggle(TR("Heatmap (matrices)###vheat", "Carte de chaleur (matrices)###vheat"), nullptr, &PanelVisibility::heatmap);
        panel_toggle(TR("Bars (biases, norms)###vbias", "Barres (biais, normes)###vbias"), nullptr, &PanelVisibility::bias);
        panel_toggle(TR("Training###vtrain", "Entraînement###vtrain"), nullptr, &PanelVisibility::training);
        panel_toggle(TR("Formulas with numbers###vform", "Formules chiffrées###vform"), nullptr, &PanelVisibility::formulas);
        panel_toggle(TR("Forward pass inspector###vinsp", "Inspecteur de la passe avant###vinsp"), nullptr, &PanelVisibility::inspector);
        panel_toggle(TR("Parameter anatomy###vanat", "Anatomie des paramètres###vanat"), nullptr, &PanelVisibility::anatomy);
        panel_toggle(TR("Teach one example, knock out###vteach", "Enseigner un exemple, neutraliser###vteach"), nullptr, &PanelVisibility::teach);
        ImGui::Separator();
        if (ImGui::MenuItem(TR("Tidy layout###vtidy", "Ranger les fenêtres###vtidy"))) layout_request_reset();
        ImGui::EndMenu();
    }

    // Phones have room for three menus: language, lecture mode and help go into "More".
    const bool compact = layout_is_phone();
    const bool more = compact && bar_menu(TR("More###more", "Plus###more"), "more");
    if (!compact || more) {
        if (ImGui::BeginMenu(TR("Language###lang", "Langue###lang"))) {
            if (ImGui::MenuItem("English", nullptr, lang() == LANG_EN)) cmd_set_lang(s, "en");
            if (ImGui::MenuItem("Français", nullptr, lang() == LANG_FR)) cmd_set_lang(s, "fr");
            ImGui::EndMenu();
        }
        bool lecture = s.lecture_mode;
        if (ImGui::BeginMenu(TR("Lecture###lecture", "Cours###lecture"))) {
            if (ImGui::MenuItem(TR("Lecture mode (large text, thick lines)###mlect", "Mode cours (grand texte, traits épais)###mlect"), menu_key("L"), &lecture))
                lecture_mode_set(s, lecture);
            if (ImGui::MenuItem(TR("Shortcut sheet###msheet", "Raccourcis clavier###msheet"), menu_key("H"))) panels().help = true;
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu(TR("Help###help_menu", "Aide###help_menu"))) {
            if (ImGui::MenuItem(TR("What each panel shows###mhelp", "Ce que montre chaque panneau###mhelp"), menu_key("H / F1"))) panels().help = true;
            ImGui::EndMenu();
        }
    }
    if (more) ImGui::EndMenu();

    // A big screen with the default text size is most likely a projector or a wall screen, where
    // 13-16 px text cannot be read from the back of the room: the bar suggests lecture mode once,
    // until it is used or dismissed (×). Not on touch screens (phones and tablets are held close).
    const ImVec2 disp = ImGui::GetIO().DisplaySize;
    static bool hint_dismissed = false;
    if (s.lecture_mode) hint_dismissed = true;   // found it: no need to suggest it again
    g_metrics.lecture_hint = false;
    if (!hint_dismissed && !touch_device() && disp.x >= 1600 && disp.y >= 900) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.20f, 0.42f, 0.62f, 1.0f));
        if (ImGui::SmallButton(key_hint(TR("Projector? Lecture mode: larger text (L)###lhint", "Vidéoprojecteur ? Mode cours : texte plus grand (L)###lhint"),
                                        TR("Projector? Lecture mode: larger text###lhint", "Vidéoprojecteur ? Mode cours : texte plus grand###lhint"))))
            lecture_mode_set(s, true);
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", TR("1.6x text, roomier controls and thicker lines, for a room. Lecture ▸ Lecture mode, or L, switches it off again.",
                                       "Texte 1,6 fois plus grand, commandes plus grandes et traits épais, pour une salle. Cours ▸ Mode cours, ou L, le désactive."));
        if (ImGui::SmallButton(TR("×###lhint_x", "×###lhint_x"))) hint_dismissed = true;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", TR("Hide this suggestion", "Masquer cette suggestion"));
        g_metrics.lecture_hint = !hint_dismissed && !s.lecture_mode;
    }

    // Status on the right: model, step, loss, frame rate (hidden when there is no room).
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s · %s %s · %s %s · %s fps", s.model_name.c_str(), TR("step", "pas"), fmt_int(tr.step).c_str(),
                  TR("loss", "perte"), tr.last_loss >= 0 ? fmt_float(tr.last_loss, 3).c_str() : "—", fmt_float(s.fps, 0).c_str());
    const float w = ImGui::CalcTextSize(buf).x;
    const float x = ImGui::GetWindowWidth() - w - ImGui::GetStyle().ItemSpacing.x * 2;
    if (x > ImGui::GetCursorPosX() + 10) {
        ImGui::SameLine(x);
        ImGui::TextDisabled("%s", buf);
    }
}

} // namespace ga::app
