// Browser main loop: SDL2 window with a WebGL2 (GLES 3.0) context, Dear ImGui, HiDPI-correct
// canvas sizing, fonts with accents and math symbols from Debian's DejaVu, and the hand-over to
// the app (src/app) once per frame.
#include "app.h"
#include "platform.h"
#include "threads.h"
#include "fonts_gen.h"   // the subset DejaVu fonts (cmake/fonts.cmake, cmake/embed_fonts.cmake)
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include <SDL.h>
#include <SDL_opengles2.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <algorithm>
#include <cstdio>

namespace ga::platform {

static SDL_Window* g_window = nullptr;
static SDL_GLContext g_gl = nullptr;
static float g_font_px = 16.0f, g_font_px_wanted = 16.0f, g_dpr = 1.0f;
static bool g_ready_sent = false;

float font_size() { return g_font_px; }
void request_font_size(float px) { g_font_px_wanted = px; }
float device_pixel_ratio() { return g_dpr; }

// Fingers down now, in display (CSS) pixels: the heatmap and bars pinch with two.
static int touch_points(float* xy, int max) {
    const ImGuiIO& io = ImGui::GetIO();
    const int ndev = SDL_GetNumTouchDevices();
    for (int d = 0; d < ndev; d++) {
        const SDL_TouchID id = SDL_GetTouchDevice(d);
        const int n = std::min(SDL_GetNumTouchFingers(id), max);
        if (n < 1) continue;
        int k = 0;
        for (int i = 0; i < n; i++)
            if (const SDL_Finger* f = SDL_GetTouchFinger(id, i)) {
                xy[2 * k] = f->x * io.DisplaySize.x;
                xy[2 * k + 1] = f->y * io.DisplaySize.y;
                k++;
            }
        return k;
    }
    return 0;
}

// A point of the page's start-up timeline: performance.mark('ga:<name>'), as web/anatomy.js
// marks its own steps (bench/page_weight.mjs lists them).
static void mark(const char* name) {
    EM_ASM({ if (typeof performance !== 'undefined' && performance.mark) performance.mark('ga:' + UTF8ToString($0)); }, name);
}

static void install_hooks() {
    ga::app::PlatformHooks& h = ga::app::hooks();
    h.font_size = font_size;
    h.request_font_size = request_font_size;
    h.touch_points = touch_points;
    install_bridge_hooks(h);
    install_heatmap_gl(h);
}

// Latin (French accents, œ), Greek (η; ∂ is in math operators), arrows, math operators, ×, ·, ²,
// subscripts, ␣ (control pictures: spaces in tokens), ✓ (dingbats).
static const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x0300, 0x036F, 0x0370, 0x03FF, 0x1D00, 0x1DBF, 0x2000, 0x206F, 0x2070, 0x209F, 0x2190, 0x21FF,
    0x2200, 0x22FF, 0x2300, 0x23FF, 0x2400, 0x243F, 0x25A0, 0x25FF, 0x2600, 0x26FF, 0x2700, 0x27BF, 0,
};

static void build_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    // Rasterise at device resolution, draw at CSS size: crisp on HiDPI screens.
    const float px = g_font_px * g_dpr;
    cfg.FontDataOwnedByAtlas = false;   // compiled in (fonts_gen.h), never freed
    // ImGui takes a non-const pointer but only reads the font data
    auto add = [&](const unsigned char* data, int size) {
        return io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(data), size, px, &cfg, kGlyphRanges);
    };
    add(kFont_DejaVuSans_ttf, kFont_DejaVuSans_ttf_size);                 // fonts[0]: text
    add(kFont_DejaVuSansMono_ttf, kFont_DejaVuSansMono_ttf_size);         // fonts[1]: numbers
    add(kFont_DejaVuSans_Bold_ttf, kFont_DejaVuSans_Bold_ttf_size);       // fonts[2]: titles
    io.FontGlobalScale = 1.0f / g_dpr;
    io.Fonts->Build();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

// Keeps the canvas backing store at CSS size × devicePixelRatio.
static void sync_canvas_size() {
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    const float dpr = float(emscripten_get_device_pixel_ratio());
    int w = std::max(1, int(css_w)), h = std::max(1, int(css_h));
    int cur_w = 0, cur_h = 0, back_w = 0, back_h = 0;
    SDL_GetWindowSize(g_window, &cur_w, &cur_h);
    // The backing store too: at start-up the window already has the CSS size, but the canvas is
    // still 1x on a HiDPI screen (phones, tablets, retina), so compare it with CSS size x DPR.
    emscripten_get_canvas_element_size("#canvas", &back_w, &back_h);
    if (cur_w != w || cur_h != h || dpr != g_dpr || back_w != int(w * dpr) || back_h != int(h * dpr)) {
        SDL_SetWindowSize(g_window, w, h);
        emscripten_set_canvas_element_size("#canvas", int(w * dpr), int(h * dpr));
        if (dpr != g_dpr) { g_dpr = dpr; g_font_px_wanted = g_font_px; g_font_px = -1; }
    }
}

// The main thread's own work in a frame (ms): an average, and the largest of the last second.
static void note_main_ms(ga::app::AppState& s, double ms) {
    static double window_start = 0.0, window_max = 0.0;
    const double now = emscripten_get_now();
    s.main_ms = s.main_ms > 0.0 ? 0.95 * s.main_ms + 0.05 * ms : ms;
    window_max = std::max(window_max, ms);
    if (now - window_start >= 1000.0) {
        s.main_ms_max = window_max;
        window_max = 0.0;
        window_start = now;
    }
}

// One ImGui frame: input, the app's panels, and (draw) the GL draw of the result.
static void imgui_frame(bool draw) {
    SDL_Event e;
    while (SDL_PollEvent(&e)) ImGui_ImplSDL2_ProcessEvent(&e);

    ImGuiIO& io = ImGui::GetIO();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    // Headless virtual time can stand still between frames: ImGui needs a positive delta.
    if (io.DeltaTime <= 0.0f) io.DeltaTime = 1.0f / 1000.0f;
    // SDL reports the backing store size; ImGui wants CSS pixels with a framebuffer scale.
    int w = 0, h = 0;
    SDL_GetWindowSize(g_window, &w, &h);
    io.DisplaySize = ImVec2(float(w), float(h));
    io.DisplayFramebufferScale = ImVec2(g_dpr, g_dpr);
    ImGui::NewFrame();

    ga::app::AppState& s = ga::app::app_state();
    s.fps = io.Framerate;
    ga::app::app_frame(s);
    text_input_frame();   // a text field just became active (or was left): focus the page's text proxy

    ImGui::Render();
    if (!draw) return;
    glViewport(0, 0, int(w * g_dpr), int(h * g_dpr));
    glClearColor(0.11f, 0.12f, 0.14f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

static void frame() {
    const double t0 = emscripten_get_now();
    sync_canvas_size();
    if (g_font_px_wanted != g_font_px) {
        g_font_px = g_font_px_wanted;
        mark("fonts-start");
        build_fonts();
        mark("fonts-built");
    }
    // On its first frame ImGui sizes each new window without showing it: the very first frame
    // lays the panels out without drawing, then draws them at once, so the first picture is the
    // whole interface one frame (and one wait for the GPU process) earlier.
    static bool laid_out = false;
    if (!laid_out) {
        laid_out = true;
        imgui_frame(false);
    }
    imgui_frame(true);

    note_main_ms(ga::app::app_state(), emscripten_get_now() - t0);
    if (!g_ready_sent) {
        g_ready_sent = true;
        EM_ASM({ if (Module.onAnatomyFrame) Module.onAnatomyFrame(); });
    }
}

} // namespace ga::platform

int main(int, char**) {
    using namespace ga::platform;
    mark("main");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "SDL_Init failed: %s\n", SDL_GetError());
        EM_ASM({ if (Module.onAnatomyError) Module.onAnatomyError('SDL_Init failed'); });
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
    double css_w = 1280, css_h = 800;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    g_window = SDL_CreateWindow("GPT Anatomy", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, int(css_w), int(css_h),
                                SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE);
    g_gl = g_window ? SDL_GL_CreateContext(g_window) : nullptr;
    if (!g_gl) {
        std::fprintf(stderr, "WebGL2 context failed: %s\n", SDL_GetError());
        EM_ASM({ if (Module.onAnatomyError) Module.onAnatomyError('webgl2'); });
        return 1;
    }
    mark("gl-context");
    SDL_GL_MakeCurrent(g_window, g_gl);
    SDL_GL_SetSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;   // layout comes from the URL / defaults, not from a file
    // No ImGui keyboard navigation: the arrow keys walk through the model (panel_model_map.cpp),
    // Space steps, letters are shortcuts (shortcuts.cpp); Tab still moves between text fields.
    ImGui::StyleColorsDark();
    ImGuiStyle& st = ImGui::GetStyle();
    st.WindowRounding = 4.0f;
    st.FrameRounding = 3.0f;
    st.ScrollbarSize = 16.0f;     // fingers need something to grab
    ImGui_ImplSDL2_InitForOpenGL(g_window, g_gl);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    g_dpr = float(emscripten_get_device_pixel_ratio());
    g_font_px = -1;   // built on the first frame

    install_hooks();
    mark("imgui-init");
    // The threaded page trains on a thread of its own, the main thread only draws
    // (src/app/train_worker.h); the single-thread page time-slices steps into its frames.
    ga::app::app_state().train_thread = ga::threads_available() > 1;
    // No placeholder model here: the page loads one next (web/anatomy.js, boot) before any frame
    // is drawn, and asks for the placeholder (ga_js_placeholder_model) only if it could not.
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
