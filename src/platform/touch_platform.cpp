// What kind of pointer and keyboard the device has, asked of the browser once a second at most
// (the answers change when a tablet gets a keyboard or the window is resized).
#include "touch.h"
#include <emscripten.h>
#include <cstdio>

namespace ga::platform {

namespace {
int g_coarse = -1, g_keyboard = -1;
double g_asked = -1e9;
void ask() {
    const double now = emscripten_get_now();
    if (now - g_asked < 1000.0) return;
    g_asked = now;
    g_coarse = EM_ASM_INT({
        const m = (q) => window.matchMedia && window.matchMedia(q).matches;
        const force = new URLSearchParams(location.search).get('touch');
        if (force === '1') return 1;
        if (force === '0') return 0;
        return (m('(pointer: coarse)') || Math.min(innerWidth, innerHeight) < 600) ? 1 : 0;
    });
    g_keyboard = EM_ASM_INT({
        const m = (q) => window.matchMedia && window.matchMedia(q).matches;
        return (m('(hover: hover)') && m('(pointer: fine)')) ? 1 : 0;
    });
}
} // namespace

bool coarse_pointer() { ask(); return g_coarse == 1; }
bool has_keyboard() { ask(); return g_keyboard == 1; }

} // namespace ga::platform

extern "C" const char* ga_memory_train_block();   // memory_bridge.cpp
namespace {
// The app's device hooks, filled before main() (function-local static: no init-order issue).
struct InstallDeviceHooks {
    InstallDeviceHooks() {
        ga::app::DeviceHooks& h = ga::app::device_hooks();
        h.coarse_pointer = ga::platform::coarse_pointer;
        h.has_keyboard = ga::platform::has_keyboard;
        h.train_block = ga_memory_train_block;
    }
} g_install_device_hooks;
} // namespace

// For the e2e touch test: what the current style gives a finger, in CSS px.
#include "imgui.h"
#include <string>
extern "C" EMSCRIPTEN_KEEPALIVE const char* ga_js_touch_metrics() {
    static std::string buf;
    const ImGuiStyle& st = ImGui::GetStyle();
    const float frame = ImGui::GetFontSize() + 2 * st.FramePadding.y;
    const ImVec4 td = st.Colors[ImGuiCol_TextDisabled], tx = st.Colors[ImGuiCol_Text], wb = st.Colors[ImGuiCol_WindowBg],
                 pb = st.Colors[ImGuiCol_PopupBg], fb = st.Colors[ImGuiCol_FrameBg];
    char b[640];
    std::snprintf(b, sizeof b,
                  "{\"coarse\":%s,\"keyboard\":%s,\"frame_h\":%.1f,\"hit_h\":%.1f,\"row_pitch\":%.1f,\"grab\":%.1f,\"font\":%.1f,"
                  "\"text_disabled\":[%.3f,%.3f,%.3f],\"text\":[%.3f,%.3f,%.3f],\"window_bg\":[%.3f,%.3f,%.3f,%.3f],"
                  "\"popup_bg\":[%.3f,%.3f,%.3f,%.3f],\"frame_bg\":[%.3f,%.3f,%.3f,%.3f]}",
                  ga::platform::coarse_pointer() ? "true" : "false", ga::platform::has_keyboard() ? "true" : "false", frame,
                  frame + 2 * st.TouchExtraPadding.y, frame + st.ItemSpacing.y, st.GrabMinSize, ImGui::GetFontSize(), td.x, td.y, td.z,
                  tx.x, tx.y, tx.z, wb.x, wb.y, wb.z, wb.w, pb.x, pb.y, pb.z, pb.w, fb.x, fb.y, fb.z, fb.w);
    buf = b;
    // the menu bar as drawn last frame (src/app/panel_menu.cpp): heights and the menus' titles
    const ga::app::MenuMetrics& mm = ga::app::menu_metrics();
    char m[160];
    std::snprintf(m, sizeof m, ",\"menu_bar_h\":%.1f,\"menu_row_h\":%.1f,\"lecture_hint\":%s,\"menus\":[", mm.bar_h, mm.row_h,
                  mm.lecture_hint ? "true" : "false");
    buf.pop_back();   // the closing brace
    buf += m;
    for (size_t i = 0; i < mm.titles.size(); i++) {
        const ga::app::MenuMetrics::Title& t = mm.titles[i];
        std::snprintf(m, sizeof m, "%s{\"id\":\"%s\",\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", i ? "," : "", t.id, t.x, t.y, t.w, t.h);
        buf += m;
    }
    buf += "]}";
    return buf.c_str();
}
