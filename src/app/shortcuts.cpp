// Presenter tools: keyboard shortcuts, lecture mode, "before / after" snapshot, seeded demo.
#include "presenter.h"
#include "hooks.h"
#include "probe.h"
#include "imgui.h"
#include "imgui_internal.h"   // the active text field and its flags (decimal comma)
#include <chrono>
#include <cmath>
#include <cstdlib>

namespace ga::app {

// ImGui 1.86's SDL backend stores keys in io.KeysDown[] by SDL scancode, which is the USB HID
// usage id: letters are 4 ('A') .. 29 ('Z'). Scancodes name key positions, and R, L, F, D, H sit
// at the same place on QWERTY and AZERTY keyboards.
static int key_letter(char c) { return 4 + (c - 'A'); }
static const int KEY_F1 = 58;

static bool g_lecture_applied = false;
static float g_base_font = 0.0f;
static ImGuiStyle g_base_style;

static void lecture_sync(AppState& s) {
    if (g_base_font <= 0.0f) {
        const float px = hooks().font_size ? hooks().font_size() : 0.0f;
        g_base_font = px > 0 ? px : 16.0f;
        g_base_style = ImGui::GetStyle();
    }
    if (s.lecture_mode == g_lecture_applied) return;
    g_lecture_applied = s.lecture_mode;
    ImGuiStyle& st = ImGui::GetStyle();
    st = g_base_style;
    if (s.lecture_mode) {
        // Read from the back of a lecture hall: 1.6× text, roomier widgets, visible borders.
        if (hooks().request_font_size) hooks().request_font_size(std::round(g_base_font * 1.6f));
        st.ScaleAllSizes(1.3f);
        st.FrameBorderSize = 1.5f;
        st.WindowBorderSize = 2.0f;
        st.GrabMinSize = 22.0f;
    } else {
        if (hooks().request_font_size) hooks().request_font_size(g_base_font);
    }
}

void lecture_mode_set(AppState& s, bool on) {
    s.lecture_mode = on;
    lecture_sync(s);
}

float ui_line_scale(const AppState& s) { return s.lecture_mode ? 2.0f : 1.0f; }

// ---- before / after -------------------------------------------------------------------------

static GPT& snapshot_probe() {
    static GPT probe;
    return probe;
}

float probe_val_loss(AppState& s, std::vector<float>& params) {
    const Trainer& tr = s.trainer;
    return probe_eval(snapshot_probe(), tr, params, std::max(1, tr.eval_batches), tr.B, tr.T);
}

// The "after" loss is cached by (the trainer's change counter, B, T) and refreshed at most
// every 0.4 s while training runs.
static struct {
    uint64_t version = 0;
    int B = 0, T = 0;
    float loss = -1.0f;
    double when = -1e9;
} g_after;

static double now_s() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

float snapshot_current_loss(AppState& s) {
    Trainer& tr = s.trainer;
    const double t = now_s();
    const bool same = g_after.version == tr.version && g_after.B == tr.B && g_after.T == tr.T;
    if (same && g_after.loss >= 0) return g_after.loss;
    // While training runs, re-measure a few times per second on small models; big ones (a forward
    // pass costs real time) wait for a pause.
    if (s.running && (t - g_after.when < 0.4 || tr.model.params.size() > 5000000)) return g_after.loss;
    g_after.version = tr.version;
    g_after.B = tr.B;
    g_after.T = tr.T;
    g_after.loss = probe_val_loss(s, tr.model.params);
    g_after.when = t;
    return g_after.loss;
}

void snapshot_freeze(AppState& s) {
    s.frozen_params = s.trainer.model.params;
    s.frozen_step = s.trainer.step;
    s.frozen_loss = probe_val_loss(s, s.frozen_params);
    s.status = Msg("Frozen \"before\" at step " + std::to_string(s.frozen_step), "« Avant » figé au pas " + std::to_string(s.frozen_step));
    g_after.version = 0;
}

void snapshot_clear(AppState& s) {
    s.frozen_params.clear();
    s.frozen_params.shrink_to_fit();
    s.frozen_step = -1;
    s.frozen_loss = -1.0f;
}

// ---- demo script ------------------------------------------------------------------------------

const DemoScript& demo_script() {
    static DemoScript d;
    return d;
}

bool demo_active(AppState& s) {
    if (s.demo && s.steps_pending <= 0) {
        s.demo = false;
        if (s.error.empty())
            s.status = Msg("Demo finished: compare \"before\" and \"after\" below.",
                           "Démo terminée : comparez « avant » et « après » ci-dessous.");
    }
    return s.demo;
}

// ---- keys -------------------------------------------------------------------------------------

// French decimal comma: "0,01" is 0.01. ImGui's number filters (every InputFloat, InputInt,
// InputScalar, and the text a Ctrl+click or a double tap opens on a slider or a drag) keep only
// its decimal point, so a typed ',' was dropped and "0,01" became 1. While such a field is active,
// a typed or pasted ',' is given to it as '.': the field shows and parses what the user meant, in
// both languages (',' is never a thousands separator in a number field). Runs before the panels,
// which is where the field reads the queued characters. ImGui 1.86 keeps a field's flags only
// while it draws, so a number field is recognised as: a slider's or drag's text entry (the
// temporary input ImGui opens on it), or a one-line field that held a number when it was entered.
static bool number_text(const char* t) {
    if (!t || !*t) return false;
    char* end = nullptr;
    std::strtod(t, &end);
    while (end && *end == ' ') end++;
    return end && end != t && *end == 0;
}
static void decimal_comma_input() {
    ImGuiContext& g = *GImGui;
    if (g.ActiveId == 0 || g.ActiveId != g.InputTextState.ID || g.IO.InputQueueCharacters.empty()) return;
    const ImGuiInputTextState& st = g.InputTextState;
    const bool temp = g.ActiveId == g.TempInputId;
    const bool number = temp || (st.Stb.single_line && number_text(st.InitialTextA.Data));
    if (!number) return;
    for (ImWchar& c : g.IO.InputQueueCharacters)
        if (c == ',') c = '.';
}

void shortcuts_handle(AppState& s) {
    lecture_sync(s);
    decimal_comma_input();
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
    // With the keyboard-navigation cursor visible, Space activates the focused control instead.
    if (!io.NavVisible && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
        if (!s.running) cmd_step(s, 1);
    }
    if (ImGui::IsKeyPressed(key_letter('R'), false)) cmd_run(s, !s.running);
    if (ImGui::IsKeyPressed(key_letter('L'), false)) lecture_mode_set(s, !s.lecture_mode);
    if (ImGui::IsKeyPressed(key_letter('F'), false)) snapshot_freeze(s);
    if (ImGui::IsKeyPressed(key_letter('H'), false) || ImGui::IsKeyPressed(KEY_F1, false)) panels().help = !panels().help;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) panels().help = false;
}

} // namespace ga::app
