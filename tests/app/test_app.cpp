// Native app tests: Dear ImGui frames without a window or a backend (a context, a font atlas,
// NewFrame/Render), driving src/app as a user would — clicks on items found through ImGui's
// test-engine hooks — and checking what changed: the optimizer state after switching from the
// panel, panel state after a load, refused values that change nothing, French error text.
#include <catch2/catch.hpp>

#include "app.h"
#include "checkpoint.h"
#include "hooks.h"
#include "touch.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "touch.h"
#include "wrap.h"

#include <map>
#include <string>
#include <vector>

using namespace ga;
using namespace ga::app;

// ---- ImGui's test-engine hooks: every item's rectangle and label in the last frame -------------
namespace {
struct Item { ImRect bb; std::string label; std::string window; };
std::map<ImGuiID, Item> g_items;
} // namespace

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
    Item& it = g_items[id];
    it.bb = bb;
    it.window = ctx->CurrentWindow ? ctx->CurrentWindow->Name : "";
}
void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
    if (label) g_items[id].label = label;
}
void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID id) {
    auto it = g_items.find(id);
    return it == g_items.end() ? nullptr : it->second.label.c_str();
}

namespace {

// One ImGui context for the whole run (the app keeps ImGui state in its panels).
void ensure_imgui() {
    if (ImGui::GetCurrentContext()) return;
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1400, 900);
    io.Fonts->AddFontDefault();
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);   // builds the atlas; no texture needed without a renderer
    ImGui::GetCurrentContext()->TestEngineHookItems = true;
}

void frame(AppState& s) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    g_items.clear();
    ImGui::NewFrame();
    app_frame(s);
    ImGui::Render();
}

const Item* find_item(const std::string& label, const std::string& window_part = "") {
    for (const auto& kv : g_items) {
        const std::string& l = kv.second.label;
        const std::string visible = l.substr(0, l.find("###"));   // "Demo###demo" shows "Demo"
        if (visible == label && kv.second.window.find(window_part) != std::string::npos) return &kv.second;
    }
    return nullptr;
}

// A click as the mouse does it: move, press (one frame), release (next frame).
bool click(AppState& s, const std::string& label, const std::string& window_part = "") {
    const Item* it = find_item(label, window_part);
    if (!it) return false;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2((it->bb.Min.x + it->bb.Max.x) * 0.5f, (it->bb.Min.y + it->bb.Max.y) * 0.5f);
    frame(s);
    io.MouseDown[0] = true;
    frame(s);
    io.MouseDown[0] = false;
    frame(s);
    return true;
}

// A fresh app state (the default random model on the addition task), after a first frame.
void fresh(AppState& s) {
    ensure_imgui();
    set_lang(LANG_EN);
    s = AppState{};
    panels() = PanelVisibility{};
    app_init(s);
    frame(s);
    frame(s);
}

void run_steps(AppState& s, int n) {
    REQUIRE(cmd_step(s, n) == "");
    for (int i = 0; i < 2000 && s.steps_pending > 0; i++) frame(s);
    REQUIRE(s.steps_pending == 0);
}

} // namespace

TEST_CASE("switching the optimizer from the Training panel resets its state", "[app]") {
    AppState& s = app_state();
    fresh(s);
    REQUIRE(s.trainer.opt.cfg.kind == OPT_ADAMW);
    run_steps(s, 5);
    REQUIRE(s.trainer.opt.t == 5);
    REQUIRE_FALSE(s.trainer.opt.m.empty());
    REQUIRE(click(s, "SGD", "training"));
    CHECK(s.trainer.opt.cfg.kind == OPT_SGD);
    CHECK(s.trainer.opt.t == 0);
    CHECK(s.trainer.opt.m.empty());
    CHECK(s.trainer.opt.v.empty());
    run_steps(s, 3);
    REQUIRE(click(s, "AdamW", "training"));
    CHECK(s.trainer.opt.cfg.kind == OPT_ADAMW);
    CHECK(s.trainer.opt.t == 0);    // AdamW's bias correction starts from its first step again
}

TEST_CASE("a refused η changes nothing and says why, in the current language", "[app]") {
    AppState& s = app_state();
    fresh(s);
    run_steps(s, 2);
    const float lr = s.trainer.opt.cfg.lr;
    const std::vector<float> w = s.trainer.model.params;
    for (double bad : {0.0, -1e-3, 1000.0, 1e6}) {
        const std::string err = cmd_set(s, SET_LR, bad);
        CHECK_FALSE(err.empty());
        CHECK(s.trainer.opt.cfg.lr == lr);
        CHECK(s.error.text() == err);
    }
    CHECK(s.trainer.model.params == w);
    frame(s);
    frame(s);   // an auto-sized window is measured on its first frame, drawn on the next
    CHECK(find_item("Dismiss", "errors") != nullptr);    // the banner is on screen
    set_lang(LANG_FR);
    const std::string fr = cmd_set(s, SET_LR, 1000.0);
    CHECK(fr.find("trop grand") != std::string::npos);
    CHECK(fr.find("rien n'a été modifié") != std::string::npos);
    CHECK(fr.find("too large") == std::string::npos);
    set_lang(LANG_EN);
    CHECK(s.error.text().find("too large") != std::string::npos);   // the same banner follows the language
    CHECK(cmd_set(s, SET_LR, 2e-3) == "");
    CHECK(s.error.empty());                                          // the next success clears it
}

TEST_CASE("typed batch, budget and step counts outside their range are refused", "[app]") {
    AppState& s = app_state();
    fresh(s);
    const int B = s.trainer.B;
    for (double bad : {100000.0, 0.0, -5.0, 2.5}) {
        CHECK_FALSE(cmd_set(s, SET_BATCH, bad).empty());
        CHECK(s.trainer.B == B);
    }
    const float budget = s.train_budget_ms;
    CHECK_FALSE(cmd_set_budget(s, 100000).empty());
    CHECK(s.train_budget_ms == budget);
    CHECK_FALSE(cmd_step(s, -1).empty());
    CHECK_FALSE(cmd_step(s, 1e9).empty());
    CHECK(s.steps_pending == 0);
    CHECK_FALSE(cmd_set(s, SET_CONTEXT, s.trainer.model.cfg.n_ctx + 1).empty());
    CHECK(cmd_set(s, SET_BATCH, 16) == "");
    CHECK(s.trainer.B == 16);
}

TEST_CASE("a diverging η is stopped before it ruins the model, and the banner tells the truth", "[app]") {
    AppState& s = app_state();
    fresh(s);
    REQUIRE(cmd_set(s, SET_LR, 10.0) == "");
    const std::vector<float> w = s.trainer.model.params;
    REQUIRE(cmd_step(s, 20) == "");
    for (int i = 0; i < 50 && s.steps_pending > 0; i++) frame(s);
    CHECK(s.trainer.step == 0);
    CHECK(s.trainer.model.params == w);
    CHECK(s.trainer.error.code == STEP_UPDATE_TOO_LARGE);
    CHECK(s.error.text().find("The weights were not changed") != std::string::npos);
    CHECK_FALSE(s.running);
}

TEST_CASE("loading a model resets panel state, the selection and the speed, and the context follows", "[app]") {
    AppState& s = app_state();
    fresh(s);
    run_steps(s, 3);
    s.selected = 2;
    s.training_panel.changes.resize(3);
    s.training_panel.curves.log_y = true;
    // a checkpoint with a longer context than the current model
    GPT m;
    GPTConfig c;
    c.n_layer = 1; c.n_head = 2; c.n_embd = 16; c.n_ctx = 64; c.vocab_size = s.trainer.tokenizer.vocab_size();
    REQUIRE(m.init(c) == "");
    m.init_random(7);
    const std::vector<uint8_t> bytes = checkpoint_save(m, s.trainer.tokenizer, {});
    const uint64_t epoch = s.model_epoch;
    REQUIRE(cmd_load_checkpoint(s, bytes.data(), bytes.size(), "other") == "");
    CHECK(s.model_epoch == epoch + 1);
    CHECK(s.selected == -1);
    CHECK(s.trainer.T == 64);
    CHECK(s.trainer.step == 0);
    CHECK(s.trainer.opt.t == 0);
    CHECK(s.steps_per_s == 0.0f);
    CHECK(s.training_panel.changes.empty());
    CHECK(s.training_panel.curves.log_y);      // the user's own choices stay
    CHECK(s.model_name == "other");
    // a bad file: a clear error, nothing changed
    const std::vector<float> w = s.trainer.model.params;
    const std::vector<uint8_t> junk = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    CHECK_FALSE(cmd_load_checkpoint(s, junk.data(), junk.size(), "junk").empty());
    CHECK(s.trainer.model.params == w);
    CHECK(s.model_name == "other");
    CHECK(s.error.text().find("junk") != std::string::npos);
}

TEST_CASE("the demo names a random model and pausing clears the speed", "[app]") {
    AppState& s = app_state();
    fresh(s);
    s.model_name = "words-fr-tiny";
    REQUIRE(click(s, "Demo", "training"));
    CHECK(s.model_name == "random");
    CHECK(s.demo);
    for (int i = 0; i < 3; i++) frame(s);
    CHECK(cmd_run(s, false) == "");
    CHECK(s.steps_per_s == 0.0f);
    CHECK(s.steps_pending == 0);
}

TEST_CASE("French error text is French", "[app]") {
    AppState& s = app_state();
    fresh(s);
    set_lang(LANG_FR);
    s.trainer.data = Dataset{};
    const std::string why = cmd_step(s, 1);
    CHECK(why.find("Aucun texte d'entraînement") != std::string::npos);
    StepError e;
    e.code = STEP_LOSS_NOT_FINITE;
    e.step = 4;
    e.value = NAN;
    const Msg m = step_error_msg(e, s.trainer);
    set_lang(LANG_FR);
    CHECK(m.text().find("Pas 4 refusé") != std::string::npos);
    CHECK(m.text().find("Les poids n'ont pas été modifiés") != std::string::npos);
    set_lang(LANG_EN);
    CHECK(m.text().find("Step 4 refused") != std::string::npos);
    // a refused file: the reason worded in French from the core's LoadCode, the model kept
    set_lang(LANG_FR);
    const std::vector<float> w = s.trainer.model.params;
    const std::vector<uint8_t> junk = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const std::string bad = cmd_load_checkpoint(s, junk.data(), junk.size(), "junk.bin");
    CHECK(bad.find("n'est pas un fichier safetensors") != std::string::npos);
    CHECK(bad.find("le modèle actuel est conservé") != std::string::npos);
    CHECK(s.error.text() == bad);
    GPT nan_model;
    GPTConfig c;
    c.n_layer = 1; c.n_head = 2; c.n_embd = 16; c.n_ctx = 16; c.vocab_size = s.trainer.tokenizer.vocab_size();
    REQUIRE(nan_model.init(c) == "");
    nan_model.init_random(5);
    nan_model.params[3] = NAN;
    const std::vector<uint8_t> bytes = checkpoint_save(nan_model, s.trainer.tokenizer, {});
    const std::string nan_err = cmd_load_checkpoint(s, bytes.data(), bytes.size(), "nan.safetensors");
    CHECK(nan_err.find("non finis") != std::string::npos);
    CHECK(s.trainer.model.params == w);
    set_lang(LANG_EN);
    CHECK(s.error.text().find("non-finite") != std::string::npos);   // the English text is the core's
    // a pasted text that cannot be a data set: worded in French from the core's DataCode and
    // EncodeCode (no English line inside), the training data kept
    set_lang(LANG_FR);
    const size_t train = s.trainer.data.train.size();
    const std::string short_text = cmd_set_data(s, "court", s.trainer.tokenizer.chars.at(1));
    CHECK(short_text.find("jeu de données 'court' : 1 jetons : trop court pour le contexte") != std::string::npos);
    CHECK(short_text.find("too short") == std::string::npos);
    const std::string c1 = s.trainer.tokenizer.chars.at(1);
    const std::string odd = cmd_set_data(s, "odd", c1 + c1 + "\x07" + c1);
    INFO(odd);
    CHECK(odd.find("le caractère '\\x07' (U+0007) (position 2) n'est pas dans l'alphabet du modèle") != std::string::npos);
    const std::string bad_utf8 = cmd_set_data(s, "bytes", c1 + c1 + "\xff");
    CHECK(bad_utf8.find("ce n'est pas du texte UTF-8 valide (octet 2)") != std::string::npos);
    CHECK(s.trainer.data.train.size() == train);
    // and a prompt the model cannot read, in the inspector or the page
    Generation g;
    const std::string prompt = cmd_gen_begin(s, g, "\x07", 0.8, 0, 1, 5);
    CHECK(prompt.find("Impossible de lire ce texte : le caractère") != std::string::npos);
    set_lang(LANG_EN);
    CHECK(s.error.text().find("Cannot read this prompt: character") != std::string::npos);
}

TEST_CASE("↓ walks the whole model in table order, wherever the focus is", "[app]") {
    AppState& s = app_state();
    fresh(s);
    ImGuiIO& io = ImGui::GetIO();
    const int KEY_DOWN = 81;   // SDL scancodes, as the platform's backend maps them
    io.KeyMap[ImGuiKey_DownArrow] = KEY_DOWN;
    REQUIRE(click(s, "SGD", "training"));   // the focus is in the Training panel, as on a fresh page
    REQUIRE(cmd_select(s, "wpe.weight") == "");
    frame(s);
    std::vector<std::string> seen;
    const auto& t = s.trainer.model.table;
    for (size_t k = 0; k + 2 < t.size(); k++) {
        io.KeysDown[KEY_DOWN] = true;
        frame(s);
        io.KeysDown[KEY_DOWN] = false;
        frame(s);
        seen.push_back(t[s.selected].name);
    }
    for (size_t k = 0; k < seen.size(); k++) CHECK(seen[k] == t[k + 2].name);
    io.KeyMap[ImGuiKey_DownArrow] = -1;
}

// ---- one generator: the inspector, the page and the CLI (src/core/generate.h) --------------------

namespace {
// What the CLI does (src/cli/cmd_generate.cpp): the core's prompt rule and Generator, directly.
std::string core_generate(const AppState& s, const std::string& prompt, float temperature, int top_k, uint64_t seed, int n) {
    std::vector<int> ids;
    REQUIRE(generation_prompt(s.trainer.tokenizer, s.trainer.model.cfg.vocab_size, prompt, &ids) == "");
    Generator g;
    REQUIRE(g.begin(s.trainer.model, ids) == "");
    Rng rng(seed);
    std::string text;
    for (int i = 0; i < n; i++) text += s.trainer.tokenizer.decode_one(g.next(temperature, top_k, rng));
    return text;
}
} // namespace

TEST_CASE("the inspector, the page and the CLI generate the same text through one generator", "[app]") {
    AppState& s = app_state();
    fresh(s);
    run_steps(s, 2);
    const std::string want = core_generate(s, "", 0.8f, 20, 42, 40);
    REQUIRE(want.size() > 0);
    // the page's anatomy.generate('', 40, {temperature: .8, topK: 20, seed: 42})
    REQUIRE(cmd_gen_begin(s, s.page_gen, "", 0.8, 20, 42, 40) == "");
    while (cmd_gen_next(s, s.page_gen)) {}
    CHECK(s.page_gen.text == want);
    CHECK(s.page_gen.done == 40);
    CHECK_FALSE(s.page_gen.gen.active());   // done: the cache is given back
    // the inspector's Generate button, same settings and an empty prompt (accepted everywhere)
    panels().inspector = true;
    InspectorPanelState& I = s.inspector_panel;
    frame(s);
    I.prompt[0] = 0;
    I.prompt_edited = true;
    I.temperature = 0.8f; I.top_k = 20; I.gen_seed = 42; I.max_new = 40;
    frame(s);
    REQUIRE(click(s, "Generate", "inspector"));
    for (int i = 0; i < 100 && I.gen.active(); i++) frame(s);
    CHECK(I.gen_error.empty());
    CHECK(I.gen.text == want);
    // the same rules refuse the same values, with a reason and nothing started
    CHECK_FALSE(cmd_gen_begin(s, s.page_gen, "", -1, 0, 1, 5).empty());
    CHECK_FALSE(cmd_gen_begin(s, s.page_gen, "", 1, -3, 1, 5).empty());
    CHECK_FALSE(cmd_gen_begin(s, s.page_gen, "", 1, 0, 1, 1e9).empty());
    CHECK_FALSE(s.page_gen.active());
    CHECK_FALSE(s.error.empty());
    panels().inspector = false;
}

TEST_CASE("a generation goes on with the new weights after a step, and stops when another model loads", "[app]") {
    AppState& s = app_state();
    fresh(s);
    Generation& g = s.page_gen;
    REQUIRE(cmd_gen_begin(s, g, "", 1.0, 0, 5, 30) == "");
    for (int i = 0; i < 10; i++) REQUIRE(cmd_gen_next(s, g));
    run_steps(s, 1);                                 // the weights change under the generation
    const std::vector<int> ctx = g.gen.tokens();
    Rng rng = g.rng;
    Generator fresh_gen;                             // what a generator begun now would say
    REQUIRE(fresh_gen.begin(s.trainer.model, ctx) == "");
    const int expect = fresh_gen.next(g.temperature, g.top_k, rng);
    REQUIRE(cmd_gen_next(s, g));
    CHECK(g.out.back() == expect);
    CHECK(g.weights == weights_key(s));
    // another model: the generation stops with a reason
    GPT m;
    GPTConfig c;
    c.n_layer = 1; c.n_head = 2; c.n_embd = 16; c.n_ctx = 32; c.vocab_size = s.trainer.tokenizer.vocab_size();
    REQUIRE(m.init(c) == "");
    m.init_random(3);
    const std::vector<uint8_t> bytes = checkpoint_save(m, s.trainer.tokenizer, {});
    REQUIRE(cmd_load_checkpoint(s, bytes.data(), bytes.size(), "other") == "");
    std::string why;
    CHECK_FALSE(cmd_gen_next(s, g, &why));
    CHECK(why.find("replaced") != std::string::npos);
    CHECK_FALSE(g.active());
}

// ---- tap-to-read (touch: no hover) ----------------------------------------------------------------

namespace {
bool finger() { return true; }
// A finger tap at p: the pointer appears, presses, lifts and goes away (no hover after it).
void tap_at(AppState& s, ImVec2 p) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = p;
    frame(s);
    io.MouseDown[0] = true;
    frame(s);
    io.MouseDown[0] = false;
    frame(s);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    frame(s);
}
bool tooltip_shown() {
    ImGuiWindow* w = ImGui::FindWindowByName("##Tooltip_00");
    return w && w->Active;
}
} // namespace

TEST_CASE("on a touch screen a tap on a heatmap cell or a bar shows its value until the next tap elsewhere", "[app]") {
    AppState& s = app_state();
    fresh(s);
    device_hooks().coarse_pointer = finger;
    for (int i = 0; i < 4; i++) frame(s);   // the touch style's layout settles
    HeatmapView& hv = s.heatmap_panel.view;
    REQUIRE(hv.rect_max.x > hv.rect_min.x);
    const ImVec2 cell(hv.rect_min.x * 0.7f + hv.rect_max.x * 0.3f, (hv.rect_min.y + hv.rect_max.y) / 2);
    int col = -1, row = -1;
    REQUIRE(cell_at(hv.view, ScreenRect{glm::vec2(hv.rect_min.x, hv.rect_min.y), glm::vec2(hv.rect_max.x, hv.rect_max.y)},
                    glm::vec2(cell.x, cell.y), hv.cols, hv.rows, &col, &row));
    tap_at(s, cell);
    CHECK(hv.ptr.tap.shown);
    CHECK(hv.ptr.tap.row == row);
    CHECK(hv.ptr.tap.col == col);
    frame(s);
    CHECK(tooltip_shown());               // the value stays readable with no hover
    // a tap on a bar: the heatmap's read-out goes, the bar's comes
    BarsView& bv = s.bias_panel.bars;
    REQUIRE(bv.rect.max.x > bv.rect.min.x);
    tap_at(s, ImVec2(bv.rect.min.x + 3, (bv.rect.min.y + bv.rect.max.y) / 2));
    CHECK_FALSE(hv.ptr.tap.shown);
    CHECK(bv.ptr.tap.shown);
    CHECK(bv.ptr.tap.col == 0);
    CHECK(bv.clicked_index == 0);
    frame(s);
    CHECK(tooltip_shown());
    // a tap elsewhere (the Training panel): nothing stays shown
    const ImGuiWindow* hw = ImGui::FindWindowByName("Weights heatmap###heatmap");
    REQUIRE(hw);
    tap_at(s, ImVec2(hw->Pos.x + hw->Size.x * 0.5f, hw->Pos.y + 4));   // its title bar
    CHECK_FALSE(bv.ptr.tap.shown);
    CHECK_FALSE(hv.ptr.tap.shown);
    frame(s);
    CHECK_FALSE(tooltip_shown());
    // with a mouse nothing is pinned: hover does the job
    device_hooks().coarse_pointer = nullptr;
    tap_at(s, cell);
    CHECK_FALSE(hv.ptr.tap.shown);
}

TEST_CASE("loading a model resets the heatmap, bars and inspector state, keeping the user's choices", "[app]") {
    AppState& s = app_state();
    fresh(s);
    panels().inspector = true;
    frame(s);
    frame(s);
    HeatmapPanelState& H = s.heatmap_panel;
    BiasPanelState& B = s.bias_panel;
    InspectorPanelState& I = s.inspector_panel;
    REQUIRE_FALSE(H.tensor_name.empty());
    REQUIRE_FALSE(B.vec_name.empty());
    REQUIRE(I.T > 0);
    H.split = 2;
    H.scale_locked = true;
    H.scale_mode = SCALE_MAXABS;
    H.head_lines = false;
    H.view.view.zoom(4, glm::dvec2(0.5));
    B.bars.view.zoom(4, glm::dvec2(0.5));
    B.mode = SCALE_P99;
    I.temperature = 1.3f;
    REQUIRE(I.prompt[0] != 0);
    I.prompt_edited = true;                  // the user's own prompt stays
    const std::string prompt = I.prompt;
    REQUIRE(cmd_gen_begin(s, I.gen, "", 1.0, 0, 1, 50) == "");
    GPT m;
    GPTConfig c;
    c.n_layer = 1; c.n_head = 2; c.n_embd = 16; c.n_ctx = 16; c.vocab_size = s.trainer.tokenizer.vocab_size();
    REQUIRE(m.init(c) == "");
    m.init_random(11);
    const std::vector<uint8_t> bytes = checkpoint_save(m, s.trainer.tokenizer, {});
    REQUIRE(cmd_load_checkpoint(s, bytes.data(), bytes.size(), "small") == "");
    CHECK(H.tensor_name.empty());
    CHECK(H.split == 0);
    CHECK_FALSE(H.scale_locked);
    CHECK(H.key.empty());
    CHECK(B.vec_name.empty());
    CHECK(B.key.empty());
    CHECK(I.T == 0);
    CHECK(I.top.empty());
    CHECK_FALSE(I.gen.active());
    // the user's choices stay
    CHECK(H.scale_mode == SCALE_MAXABS);
    CHECK_FALSE(H.head_lines);
    CHECK(B.mode == SCALE_P99);
    CHECK(I.temperature == 1.3f);
    CHECK(I.prompt == prompt);
    // and the next frames show the new model whole
    frame(s);
    frame(s);
    INFO(I.enc_error.text() << " prompt=" << I.prompt << " T=" << I.T);
    CHECK(H.view.view.fits());
    CHECK(B.bars.view.fits());
    CHECK(I.L == 1);
    panels().inspector = false;
}

// Ctrl+click on a slider opens its text entry (a double-tap on a touch screen does the same), then
// the characters arrive as the platform queues them.
static void type_into_slider(AppState& s, const std::string& label, const char* text) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = true;
    REQUIRE(click(s, label, "training"));
    io.KeyCtrl = false;
    io.AddInputCharactersUTF8(text);
    frame(s);
    frame(s);
}

TEST_CASE("a number typed with a French decimal comma reads as the decimal point", "[app]") {
    AppState& s = app_state();
    fresh(s);
    type_into_slider(s, "learning rate η", "0,01");
    CHECK(s.trainer.opt.cfg.lr == Approx(0.01f));   // ImGui's filter alone dropped ',': "001", η = 1
    CHECK(s.error.empty());
    set_lang(LANG_FR);
    frame(s);
    frame(s);
    type_into_slider(s, "taux d'apprentissage η", "2,5e-3");
    CHECK(s.trainer.opt.cfg.lr == Approx(2.5e-3f));
    set_lang(LANG_EN);
    ImGui::ClearActiveID();
    frame(s);
}

TEST_CASE("wrapped text never breaks a number: only spaces end a line", "[app]") {
    const TextMeasure bytes = [](std::string_view t) { return float(t.size()); };   // 1 px per byte
    const std::string formula = "    = (−0.627)·(1.0e-08) + (0.31)·(−2.5) + … (12 more terms) + 27,680";
    for (float width : {4.0f, 10.0f, 18.0f, 25.0f, 40.0f}) {
        const auto lines = wrap_lines(formula, width, bytes);
        std::string joined;
        for (const auto& l : lines) {
            // every line is whole words of the text: it begins and ends at a space or an end
            const size_t at = formula.find(std::string(l), joined.empty() ? 0 : 1);
            REQUIRE(at != std::string::npos);
            CHECK((at == 0 || formula[at - 1] == ' '));
            CHECK((at + l.size() == formula.size() || formula[at + l.size()] == ' '));
            // a line is wider than the width only when it is one word
            if (float(l.size()) > width) CHECK(l.find(' ', l.find_first_not_of(' ')) == std::string_view::npos);
            if (!joined.empty()) joined += ' ';
            joined += std::string(l);
        }
        CHECK(joined.find("(−0.627)·(1.0e-08)") != std::string::npos);
        CHECK(joined.find("27,680") != std::string::npos);
    }
    CHECK(wrap_lines("27,680 parameters", 8, bytes) == std::vector<std::string_view>{"27,680", "parameters"});
    CHECK(wrap_lines("a b\nc", 100, bytes) == std::vector<std::string_view>{"a b", "c"});
    // Dear ImGui's own wrap breaks after '.' and ',': the defect this replaces
    ensure_imgui();
    ImFont* f = ImGui::GetIO().Fonts->Fonts[0];
    const char* num = "(0.627)";
    const float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, "(0.6").x;
    CHECK(f->CalcWordWrapPositionA(1.0f, num, num + 7, w) < num + 7);   // ImGui: "(0." / "627)"
    const TextMeasure px = [f](std::string_view t) { return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, t.data(), t.data() + t.size()).x; };
    CHECK(wrap_first_line(num, w, px) == 7);                             // here: whole
}

// The default page names its model's data set at start-up and fetches the text only when
// something first needs it (AppState::data_deferred): Run waits for it, asks the page once, and
// goes on when the text comes; a failed fetch stops the wait with the page's reason.
namespace {
std::vector<std::string> g_page_calls;
void record_page_action(const char* action, const char* arg) { g_page_calls.push_back(std::string(action) + " " + arg); }
} // namespace

TEST_CASE("a deferred data set is fetched once when training starts, and training goes on when it comes", "[app]") {
    AppState& s = app_state();
    fresh(s);
    const std::string name = s.data_name;
    const std::string text = s.trainer.tokenizer.decode(s.trainer.data.train) + s.trainer.tokenizer.decode(s.trainer.data.val);
    REQUIRE(s.trainer.data.train.size() > 100);
    auto saved = hooks().page_action;
    hooks().page_action = record_page_action;
    g_page_calls.clear();

    REQUIRE(cmd_defer_data(s, name) == "");
    CHECK(s.data_deferred);
    CHECK(s.data_name == name);
    CHECK(s.trainer.data.train.empty());
    for (int i = 0; i < 3; i++) frame(s);
    CHECK(g_page_calls.empty());              // nothing on screen needs the text yet: not fetched

    REQUIRE(cmd_run(s, true) == "");          // accepted: it waits for the text
    CHECK(s.running);
    const int step0 = s.trainer.step;
    for (int i = 0; i < 5; i++) frame(s);
    CHECK(s.trainer.step == step0);           // no step without data
    REQUIRE(g_page_calls.size() == 1);        // asked once, however many frames wait
    CHECK(g_page_calls[0] == "fetchData " + name);
    CHECK(s.running);

    REQUIRE(cmd_set_data(s, name, text) == "");   // the page hands the text over
    CHECK_FALSE(s.data_deferred);
    CHECK(s.running);                         // the waiting run goes on
    for (int i = 0; i < 50 && s.trainer.step == step0; i++) frame(s);
    CHECK(s.trainer.step > step0);
    cmd_run(s, false);

    // a failed fetch: the wait stops with the page's reason, the model stays without data
    REQUIRE(cmd_defer_data(s, name) == "");
    REQUIRE(cmd_step(s, 3) == "");
    CHECK(g_page_calls.size() == 2);
    cmd_defer_data_failed(s, name, Msg("The training text could not be loaded: offline", "hors ligne"));
    CHECK_FALSE(s.data_deferred);
    CHECK(s.steps_pending == 0);
    CHECK_FALSE(s.running);
    CHECK(s.error.text().find("offline") != std::string::npos);
    CHECK(s.data_name.empty());
    CHECK_FALSE(cmd_run(s, true).empty());    // no text: refused as before

    // another model's data arriving late is not taken for the deferred one
    REQUIRE(cmd_defer_data(s, name) == "");
    cmd_defer_data_failed(s, "another", Msg("x", "x"));
    CHECK(s.data_deferred);
    hooks().page_action = saved;
    // without a page nothing can be fetched later: refused, nothing waits
    hooks().page_action = nullptr;
    REQUIRE(cmd_set_data(s, name, text) == "");
    CHECK_FALSE(cmd_defer_data(s, name).empty());
    CHECK_FALSE(s.data_deferred);
    CHECK(s.trainer.data.train.size() > 100);
    hooks().page_action = saved;
}

// Last in this file: it turns the touch style on for the rest of the run.
TEST_CASE("on a touch screen a double tap opens a slider's text entry (a finger has no Ctrl)", "[app]") {
    AppState& s = app_state();
    device_hooks().coarse_pointer = [] { return true; };
    fresh(s);
    frame(s);
    REQUIRE(click(s, "learning rate η", "training"));
    REQUIRE(click(s, "learning rate η", "training"));   // within ImGui's double-click time (3 frames)
    CHECK_FALSE(ImGui::GetIO().KeyCtrl);                  // the Ctrl of the double tap lasted one frame
    ImGui::GetIO().AddInputCharactersUTF8("0,02");
    frame(s);
    frame(s);
    CHECK(s.trainer.opt.cfg.lr == Approx(0.02f));
    ImGui::ClearActiveID();
    frame(s);
    device_hooks().coarse_pointer = nullptr;
}
