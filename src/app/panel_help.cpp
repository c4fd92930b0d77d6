// panel_help: what each panel shows, the presenter's shortcut sheet, and tips for a lecture.
#include "app.h"
#include "views.h"
#include "presenter.h"
#include "imgui.h"
#include <cstdio>

namespace ga::app {

static void key_row(const char* key, const char* what) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushFont(font_bold());
    ImGui::TextUnformatted(key);
    ImGui::PopFont();
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", what);
}

static void panel_row(const char* name, const char* what) {
    ImGui::Bullet();
    ImGui::PushFont(font_bold());
    ImGui::TextUnformatted(name);
    ImGui::PopFont();
    ImGui::Indent();
    ImGui::TextWrapped("%s", what);
    ImGui::Unindent();
}

void panel_help(AppState& s) {
    ImGui::SetNextWindowSize(ImVec2(640, 560), ImGuiCond_FirstUseEver);
    ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    bg.w = 1.0f;  // floats over the other panels
    ImGui::PushStyleColor(ImGuiCol_WindowBg, bg);
    const bool open = ImGui::Begin(TR("Help and shortcuts###help", "Aide et raccourcis###help"), &panels().help);
    ImGui::PopStyleColor();
    if (!open) {
        ImGui::End();
        return;
    }
    if (ImGui::CollapsingHeader(TR("Presenter shortcuts###hkeys", "Raccourcis du présentateur###hkeys"), ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::TextDisabled("%s", TR("They work whenever no text field is being edited.",
                                     "Ils fonctionnent tant qu'aucun champ de texte n'est en cours de saisie."));
        if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
            ImGui::TableSetupColumn("k", 0, 1.6f);
            ImGui::TableSetupColumn("w", 0, 4.0f);
            key_row(TR("Space", "Espace"), TR("one optimizer step (forward, backward, W ← W − η·∂L/∂W)",
                                              "un pas d'optimisation (passe avant, rétropropagation, W ← W − η·∂L/∂W)"));
            key_row("R", TR("run / pause training", "lancer / mettre en pause l'entraînement"));
            key_row("← → ↑ ↓", TR("move through the model (model map)", "se déplacer dans le modèle (carte du modèle)"));
            key_row("F", TR("freeze a \"before\" copy of all weights, then compare \"after\" in the Training panel",
                            "figer une copie « avant » de tous les poids, puis comparer « après » dans le panneau Entraînement"));
            key_row("L", TR("lecture mode: large text and thick lines for a projector",
                            "mode cours : grand texte et traits épais pour un projecteur"));
            key_row(TR("H or F1", "H ou F1"), TR("this help", "cette aide"));
            key_row(TR("Esc", "Échap"), TR("close this help", "fermer cette aide"));
            key_row("Tab", TR("move the keyboard focus between controls; Space or Enter activates",
                              "déplacer le focus clavier entre les contrôles ; Espace ou Entrée active"));
            key_row(TR("wheel / pinch, drag", "molette / pincement, glisser"),
                    TR("zoom and pan a heatmap down to single weights", "zoomer et se déplacer dans une carte jusqu'au poids individuel"));
            ImGui::EndTable();
        }
    }
    if (ImGui::CollapsingHeader(TR("What each panel shows###hpanels", "Ce que montre chaque panneau###hpanels"), ImGuiTreeNodeFlags_DefaultOpen)) {
        panel_row(TR("Model map", "Carte du modèle"),
                  TR("The model as a diagram: token and position embeddings → blocks (LayerNorm, attention W_Q W_K W_V W_O, "
                     "LayerNorm, MLP W1 W2) → final LayerNorm → output. Each box gives its shape and parameter count; pick one "
                     "to see its numbers.",
                     "Le modèle en schéma : plongements des jetons et des positions → blocs (LayerNorm, attention W_Q W_K W_V "
                     "W_O, LayerNorm, MLP W1 W2) → LayerNorm final → sortie. Chaque boîte donne sa forme et son nombre de "
                     "paramètres ; choisissez-en une pour voir ses nombres."));
        panel_row(TR("Parameter table", "Table des paramètres"),
                  TR("Every tensor by name (the names of GPT-2 checkpoints), its shape and its size.",
                     "Chaque tenseur par son nom (ceux des fichiers GPT-2), sa forme et sa taille."));
        panel_row(TR("Heatmap", "Carte de chaleur"),
                  TR("A weight matrix, one pixel per weight: orange = positive, blue = negative, dark = near zero. Switch to "
                     "the gradient ∂L/∂W (which way each weight should move), the last update ΔW, or AdamW's moments.",
                     "Une matrice de poids, un pixel par poids : orange = positif, bleu = négatif, sombre = proche de zéro. "
                     "Basculez vers le gradient ∂L/∂W (dans quel sens chaque poids doit bouger), la dernière mise à jour ΔW "
                     "ou les moments d'AdamW."));
        panel_row(TR("Bars", "Barres"),
                  TR("Vectors — biases b, LayerNorm gains γ and shifts β — one bar per number, same colours as the heatmap.",
                     "Les vecteurs — biais b, gains γ et décalages β des LayerNorm — une barre par nombre, mêmes couleurs "
                     "que la carte de chaleur."));
        panel_row(TR("Training", "Entraînement"),
                  TR("Step, run, learning rate η, optimizer, batch and context, the loss curves (train, validation, and ln V "
                     "for random guessing), the seeded demo, and the before / after comparison.",
                     "Pas, lancement, taux d'apprentissage η, optimiseur, lot et contexte, les courbes de perte "
                     "(entraînement, validation, et ln V pour le hasard), la démo à graine fixe et la comparaison avant / après."));
        panel_row(TR("Formulas", "Formules"),
                  TR("z = W·x + b for one neuron and W ← W − η·∂L/∂W for one weight, with the real numbers of the last step.",
                     "z = W·x + b pour un neurone et W ← W − η·∂L/∂W pour un poids, avec les vrais nombres du dernier pas."));
        panel_row(TR("Forward pass inspector", "Inspecteur de la passe avant"),
                  TR("Type a prompt: the next-token probabilities, where each attention head looks, and generated text.",
                     "Tapez un début de texte : les probabilités du jeton suivant, où regarde chaque tête d'attention, et "
                     "du texte généré."));
        panel_row(TR("Parameter anatomy", "Anatomie des paramètres"),
                  TR("How many parameters sit where, in this model and in GPT-2, GPT-3 and LLaMA; a what-if calculator.",
                     "Combien de paramètres et où, dans ce modèle et dans GPT-2, GPT-3 et LLaMA ; un calculateur « et si ? »."));
    }
    if (ImGui::CollapsingHeader(TR("For a lecture###hlecture", "Pour un cours###hlecture"))) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::BulletText("%s", TR("Press L for lecture mode, then F to freeze \"before\", Space a few times, and show the change.",
                                   "Appuyez sur L pour le mode cours, puis F pour figer « avant », Espace quelques fois, et "
                                   "montrez ce qui a changé."));
        const DemoScript& d = demo_script();
        char buf[300];
        std::snprintf(buf, sizeof buf,
                      TR("The Demo button (Training panel) replays the same run every time: seed %llu, AdamW η = %g, %d steps.",
                         "Le bouton Démo (panneau Entraînement) rejoue la même séance à chaque fois : graine %llu, AdamW η = %g, %d pas."),
                      (unsigned long long)d.seed, d.lr, d.steps);
        ImGui::BulletText("%s", buf);
        ImGui::BulletText("%s", TR("Raise η until a step is refused: the weights are kept, and the loss curve shows why η matters.",
                                   "Augmentez η jusqu'à ce qu'un pas soit refusé : les poids sont conservés, et la courbe de "
                                   "perte montre pourquoi η compte."));
        ImGui::PopTextWrapPos();
    }
    (void)s;
    ImGui::End();
}

} // namespace ga::app
