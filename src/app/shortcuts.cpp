// Presenter tools: keyboard shortcuts, lecture mode, "before / after" snapshot, seeded demo.
#include "presenter.h"
#include "platform.h"
#include "probe.h"
#include "imgui.h"
#include <chrono>
#include <cmath>

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
        g_base_font = ga::platform::font_size() > 0 ? ga::platform::font_size() : 16.0f;
        g_base_style = ImGui::GetStyle();
    }
    if (s.lecture_mode == g_lecture_applied) return;
    g_lecture_applied = s.lecture_mode;
    ImGuiStyle& st = ImGui::GetStyle();
    st = g_base_style;
    if (s.lecture_mode) {
        // Read from the back of a lecture hall: 1.6× text, roomier widgets, visible borders.
        ga::platform::request_font_size(std::round(g_base_font * 1.6f));
        st.ScaleAllSizes(1.3f);
        st.FrameBorderSize = 1.5f;
        st.WindowBorderSize = 2.0f;
        st.GrabMinSize = 22.0f;
    } else {
        ga::platform::request_font_size(g_base_font);
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

// The "after" loss is cached by (step, B, T, a sample of the weights) and refreshed at most
// every 0.4 s while training runs.
static struct {
    int step = -1, B = 0, T = 0;
    size_t n = 0;
    double checksum = 0.0;
    float loss = -1.0f;
    double when = -1e9;
} g_after;

static double now_s() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

static double params_checksum(const std::vector<float>& p) {
    double c = 0.0;
    const size_t stride = p.size() / 997 + 1;
    for (size_t i = 0; i < p.size(); i += stride) c += p[i] * double(i % 13 + 1);
    return c;
}

float snapshot_current_loss(AppState& s) {
    Trainer& tr = s.trainer;
    const double t = now_s();
    const bool same = g_after.step == tr.step && g_after.B == tr.B && g_after.T == tr.T &&
                      g_after.n == tr.model.params.size();
    if (same && g_after.loss >= 0 && (s.running || params_checksum(tr.model.params) == g_after.checksum)) return g_after.loss;
    // While training runs, re-measure a few times per second on small models; big ones (a forward
    // pass costs real time) wait for a pause.
    if (s.running && (t - g_after.when < 0.4 || tr.model.params.size() > 5000000)) return g_after.loss;
    g_after.step = tr.step;
    g_after.B = tr.B;
    g_after.T = tr.T;
    g_after.n = tr.model.params.size();
    g_after.checksum = params_checksum(tr.model.params);
    g_after.loss = probe_val_loss(s, tr.model.params);
    g_after.when = t;
    return g_after.loss;
}

void snapshot_freeze(AppState& s) {
    s.frozen_params = s.trainer.model.params;
    s.frozen_step = s.trainer.step;
    s.frozen_loss = probe_val_loss(s, s.frozen_params);
    s.status = std::string(TR("Frozen \"before\" at step ", "« Avant » figé au pas ")) + fmt_int(s.frozen_step);
    g_after.step = -1;
}

void snapshot_clear(AppState& s) {
    s.frozen_params.clear();
    s.frozen_params.shrink_to_fit();
    s.frozen_step = -1;
    s.frozen_loss = -1.0f;
}

// ---- demo script ------------------------------------------------------------------------------

static bool g_demo = false;

const DemoScript& demo_script() {
    static DemoScript d;
    return d;
}

void demo_start(AppState& s) {
    const DemoScript& d = demo_script();
    Trainer& tr = s.trainer;
    s.running = false;
    s.steps_pending = 0;
    s.error.clear();
    OptimConfig c;  // defaults: AdamW, β1 0.9, β2 0.999, ε 1e-8, weight decay 0.01
    c.kind = OPT_ADAMW;
    c.lr = d.lr;
    c.grad_clip = 1.0f;
    c.schedule = SCHED_CONSTANT;
    tr.opt_cfg = c;
    tr.B = d.B;
    tr.T = std::min(d.T, tr.model.cfg.n_ctx);
    tr.reinit(d.seed);
    snapshot_freeze(s);  // "before" = the random weights, so the demo ends with a comparison
    if (tr.data.train.size() < 2) {
        s.error = TR("Demo: no training data loaded.", "Démo : aucune donnée d'entraînement chargée.");
        g_demo = false;
        return;
    }
    s.steps_pending = d.steps;
    g_demo = true;
    s.status = TR("Demo running: seeded, same result every time", "Démo en cours : graine fixe, même résultat à chaque fois");
}

bool demo_active(AppState& s) {
    if (g_demo && s.steps_pending <= 0) {
        g_demo = false;
        if (s.error.empty())
            s.status = TR("Demo finished: compare \"before\" and \"after\" below.",
                          "Démo terminée : comparez « avant » et « après » ci-dessous.");
    }
    return g_demo;
}

// ---- keys -------------------------------------------------------------------------------------

void shortcuts_handle(AppState& s) {
    lecture_sync(s);
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
    // With the keyboard-navigation cursor visible, Space activates the focused control instead.
    if (!io.NavVisible && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
        if (!s.running) s.steps_pending += 1;
    }
    if (ImGui::IsKeyPressed(key_letter('R'), false)) s.running = !s.running;
    if (ImGui::IsKeyPressed(key_letter('L'), false)) lecture_mode_set(s, !s.lecture_mode);
    if (ImGui::IsKeyPressed(key_letter('F'), false)) snapshot_freeze(s);
    if (ImGui::IsKeyPressed(key_letter('H'), false) || ImGui::IsKeyPressed(KEY_F1, false)) panels().help = !panels().help;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) panels().help = false;
}

} // namespace ga::app
