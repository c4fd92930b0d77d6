// Presenter tools: keyboard shortcuts, lecture mode, the "before / after" snapshot, the seeded
// demo script, the help panel and the default window layout. Called from app_frame().
#pragma once
#include "app.h"
#include "imgui.h"
#include <cstdint>

namespace ga::app {

// Keys when no text field has focus: Space = one step, R = run/pause, L = lecture mode,
// F = freeze "before" (again: new snapshot), H or F1 = help, Esc = close help. (Arrows: the model map.)
void shortcuts_handle(AppState& s);

// Large fonts and thick lines for a projector. Idempotent.
void lecture_mode_set(AppState& s, bool on);
// Multiplier for line widths drawn by panels (2 in lecture mode).
float ui_line_scale(const AppState& s);

// Copies the parameters and measures the validation loss now ("before"); clear forgets it.
void snapshot_freeze(AppState& s);
void snapshot_clear(AppState& s);

// Reproducible demo: random weights from a fixed seed, fixed optimizer and sizes, a fixed number
// of steps. Same numbers on every machine and every run.
struct DemoScript {
    uint64_t seed = 2024;
    int steps = 300;
    float lr = 3e-3f;
    int B = 8, T = 32;
};
const DemoScript& demo_script();
bool demo_active(AppState& s);   // (started by cmd_demo)

// Mean loss on fixed validation batches of the given parameters (same layout as the trainer's
// model), computed on a private probe model so the trainer's activations stay as they are.
// -1 if there is no data. `params` is borrowed and handed back unchanged.
float probe_val_loss(AppState& s, std::vector<float>& params);
// "After" side of the comparison: the current validation loss on the same fixed batches
// (recomputed only when the weights changed, at most a few times per second while training).
float snapshot_current_loss(AppState& s);

// Window layout: tiles the open panels to the screen (desktop), one full-screen panel at a time
// (phones), re-applied when the screen size or the set of open panels changes.
void layout_apply(AppState& s);
void layout_request_reset();
bool layout_is_phone();
// Phone mode shows one panel: the View menu calls this with a PanelVisibility member.
void layout_show_only(bool PanelVisibility::*which);

void panel_help(AppState& s);   // what each panel shows + the shortcut sheet

// Window IDs (the part after ###) that panels use, so the layout can find them.
// "params", "model_map", "heatmap", "bias", "training", "formulas", "inspector", "anatomy", "help".

} // namespace ga::app
