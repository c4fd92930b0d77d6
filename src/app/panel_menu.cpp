// panel_menu: the main menu bar. File (load a checkpoint, download the weights, back to the
// pretrained model, random weights — through the page's JavaScript hooks Module.anatomyUi.*),
// Training (step, run, demo, freeze), View (panels, tidy layout; on phones: which one panel),
// Language (live switch), Lecture mode, Help. On the right: model, step, frame rate.
#include "app.h"
#include "presenter.h"
#include "imgui.h"
#include <cstdio>
#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace ga::app {

// The page implements these (web/anatomy.js); a missing hook greys the menu item out.
static bool js_hook_exists(const char* name) {
#ifdef __EMSCRIPTEN__
    return EM_ASM_INT({
        var n = UTF8ToString($0);
        return (Module.anatomyUi && typeof Module.anatomyUi[n] === 'function') ? 1 : 0;
    }, name) != 0;
#else
    (void)name;
    return false;
#endif
}

static void js_hook_call(const char* name) {
#ifdef __EMSCRIPTEN__
    EM_ASM({
        var n = UTF8ToString($0);
        if (Module.anatomyUi && typeof Module.anatomyUi[n] === 'function') {
            // Deferred: file pickers and downloads must not run inside the frame callback's stack.
            setTimeout(function() { Module.anatomyUi[n](); }, 0);
        }
    }, name);
#else
    (void)name;
#endif
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

void panel_menu(AppState& s) {
    if (!ImGui::BeginMainMenuBar()) return;
    Trainer& tr = s.trainer;

    if (ImGui::BeginMenu(TR("File###file", "Fichier###file"))) {
        if (ImGui::MenuItem(TR("Load checkpoint (.safetensors)…###load", "Charger un modèle (.safetensors)…###load"), nullptr, false,
                            js_hook_exists("openFile")))
            js_hook_call("openFile");
        if (ImGui::MenuItem(TR("Download the current weights###dl", "Télécharger les poids actuels###dl"), nullptr, false,
                            js_hook_exists("downloadWeights")))
            js_hook_call("downloadWeights");
        ImGui::Separator();
        if (ImGui::MenuItem(TR("Back to the pretrained model###pre", "Revenir au modèle pré-entraîné###pre"), nullptr, false,
                            js_hook_exists("resetPretrained")))
            js_hook_call("resetPretrained");
        if (ImGui::MenuItem(TR("Random weights (same size)###rand", "Poids aléatoires (même taille)###rand"))) {
            s.running = false;
            s.steps_pending = 0;
            s.error.clear();
            tr.reinit(tr.seed);
            s.model_name = "random";
        }
        ImGui::EndMenu();
    }

    if (ImGui::BeginMenu(TR("Training###trainmenu", "Entraînement###trainmenu"))) {
        if (ImGui::MenuItem(TR("One step###mstep", "Un pas###mstep"), TR("Space", "Espace"))) s.steps_pending += 1;
        if (ImGui::MenuItem(s.running ? TR("Pause###mrun", "Pause###mrun") : TR("Run###mrun", "Lancer###mrun"), "R")) s.running = !s.running;
        if (ImGui::MenuItem(TR("Freeze \"before\"###mfreeze", "Figer « avant »###mfreeze"), "F")) {
            snapshot_freeze(s);
            panels().training = true;
        }
        if (ImGui::MenuItem(TR("Reproducible demo###mdemo", "Démo reproductible###mdemo"))) {
            demo_start(s);
            panels().training = true;
        }
        ImGui::EndMenu();
    }

    if (ImGui::BeginMenu(TR("View###view", "Affichage###view"))) {
        panel_toggle(TR("Model map###vmap", "Carte du modèle###vmap"), nullptr, &PanelVisibility::model_map);
        panel_toggle(TR("Parameter table###vparams", "Table des paramètres###vparams"), nullptr, &PanelVisibility::parameters);
        panel_toggle(TR("Heatmap (matrices)###vheat", "Carte de chaleur (matrices)###vheat"), nullptr, &PanelVisibility::heatmap);
        panel_toggle(TR("Bars (biases, norms)###vbias", "Barres (biais, normes)###vbias"), nullptr, &PanelVisibility::bias);
        panel_toggle(TR("Training###vtrain", "Entraînement###vtrain"), nullptr, &PanelVisibility::training);
        panel_toggle(TR("Formulas with numbers###vform", "Formules chiffrées###vform"), nullptr, &PanelVisibility::formulas);
        panel_toggle(TR("Forward pass inspector###vinsp", "Inspecteur de la passe avant###vinsp"), nullptr, &PanelVisibility::inspector);
        panel_toggle(TR("Parameter anatomy###vanat", "Anatomie des paramètres###vanat"), nullptr, &PanelVisibility::anatomy);
        ImGui::Separator();
        if (ImGui::MenuItem(TR("Tidy layout###vtidy", "Ranger les fenêtres###vtidy"))) layout_request_reset();
        ImGui::EndMenu();
    }

    // Phones have room for three menus: language, lecture mode and help go into "More".
    const bool compact = layout_is_phone();
    const bool more = compact && ImGui::BeginMenu(TR("More###more", "Plus###more"));
    if (!compact || more) {
        if (ImGui::BeginMenu(TR("Language###lang", "Langue###lang"))) {
            if (ImGui::MenuItem("English", nullptr, lang() == LANG_EN)) set_lang(LANG_EN);
            if (ImGui::MenuItem("Français", nullptr, lang() == LANG_FR)) set_lang(LANG_FR);
            ImGui::EndMenu();
        }
        bool lecture = s.lecture_mode;
        if (ImGui::BeginMenu(TR("Lecture###lecture", "Cours###lecture"))) {
            if (ImGui::MenuItem(TR("Lecture mode (large text, thick lines)###mlect", "Mode cours (grand texte, traits épais)###mlect"), "L", &lecture))
                lecture_mode_set(s, lecture);
            if (ImGui::MenuItem(TR("Shortcut sheet###msheet", "Raccourcis clavier###msheet"), "H")) panels().help = true;
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu(TR("Help###help_menu", "Aide###help_menu"))) {
            if (ImGui::MenuItem(TR("What each panel shows###mhelp", "Ce que montre chaque panneau###mhelp"), "H / F1")) panels().help = true;
            ImGui::EndMenu();
        }
    }
    if (more) ImGui::EndMenu();

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
    ImGui::EndMainMenuBar();
}

} // namespace ga::app
