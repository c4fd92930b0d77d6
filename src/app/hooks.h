// What the app needs from the platform it runs on, as a small table of callbacks the platform
// fills at start-up (src/platform/main_emscripten.cpp), the way Dear ImGui's ImGuiIO takes its
// clipboard and IME callbacks. src/app never includes a platform, SDL or Emscripten header: every
// hook may be left null (the native app tests do), and the app then does without.
#pragma once
#include "imgui.h"   // ImDrawCallback

namespace ga::app {

struct HeatmapView;

struct PlatformHooks {
    // Fonts: the current pixel size, and a request to rebuild the atlas at another (lecture mode).
    float (*font_size)() = nullptr;
    void (*request_font_size)(float px) = nullptr;
    // Touch: positions (display pixels) of the fingers down now, at most `max`; returns how many.
    int (*touch_points)(float* xy, int max) = nullptr;
    // Page actions the platform implements asynchronously (file picker, download, fetching an
    // asset, a text box); `exists` says whether the page offers one (the menu greys it out if not).
    //   openFile, downloadWeights, resetPretrained, loadModel name, loadData name, pasteText,
    //   fetchData name (the deferred data set's text: AppState::data_deferred)
    bool (*page_action_exists)(const char* action) = nullptr;
    void (*page_action)(const char* action, const char* arg) = nullptr;
    // Memory probe: can `bytes` more be allocated now? (a browser's limit is only known by trying)
    bool (*can_allocate)(double bytes) = nullptr;
    double (*heap_bytes)() = nullptr;
    // The heatmap's matrix renderer (a texture and a shader): ready?, upload rows×cols floats,
    // free, and the draw callback the widget adds to its draw list (user data: the HeatmapView).
    bool (*matrix_init)() = nullptr;
    void (*matrix_upload)(HeatmapView& v, const float* data, int rows, int cols) = nullptr;
    void (*matrix_release)(HeatmapView& v) = nullptr;
    ImDrawCallback matrix_draw = nullptr;
};

PlatformHooks& hooks();

} // namespace ga::app
