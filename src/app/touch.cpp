// Touch input and tap targets (see touch.h). ImGui 1.86 was made for a mouse: a drag on any empty
// part of a window moves the window, and its widgets are ~21 px high. On a phone that drags a
// panel off the screen with the first swipe (Training ended at y = -378 over the menu bar, and
// nothing brought it back but a reload), and fingers miss buttons.
#include "touch.h"
#include "imgui.h"
#include "imgui_internal.h"
#include <algorithm>

namespace ga::app {

void touch_style_apply(ImGuiStyle& st, float font_px) {
    // visible frame: font + 2 x FramePadding.y ≈ 32 px; hit area: + 2 x TouchExtraPadding.y = 44 px
    const float pad_y = std::max(4.0f, std::round((32.0f - font_px) * 0.5f));
    st.FramePadding = ImVec2(10.0f, pad_y);
    st.TouchExtraPadding = ImVec2(4.0f, std::max(0.0f, (kTouchTarget - (font_px + 2 * pad_y)) * 0.5f));
    st.ItemSpacing = ImVec2(10.0f, 10.0f);
    st.ItemInnerSpacing = ImVec2(8.0f, 6.0f);
    st.ScrollbarSize = 24.0f;
    st.GrabMinSize = 28.0f;   // slider grabs a thumb can hold
    st.WindowTitleAlign = ImVec2(0.0f, 0.5f);
}

DeviceHooks& device_hooks() {
    static DeviceHooks h;
    return h;
}

const char* key_hint(const char* with_hint, const char* without_hint) {
    return !device_hooks().has_keyboard || device_hooks().has_keyboard() ? with_hint : without_hint;
}

const char* menu_key(const char* key) { return key_hint(key, nullptr); }

bool touch_device() { return device_hooks().coarse_pointer && device_hooks().coarse_pointer(); }

namespace {

// The window a finger swipe scrolls: the hovered window or its first ancestor that can scroll.
ImGuiWindow* scrollable(ImGuiWindow* w) {
    while (w && w->ScrollMax.y <= 0.0f && (w->Flags & ImGuiWindowFlags_ChildWindow)) w = w->ParentWindow;
    return w && w->ScrollMax.y > 0.0f ? w : nullptr;
}

ImGuiWindow* g_swipe = nullptr;   // the window being swiped, while the finger is down

void swipe_scroll() {
    ImGuiContext& g = *GImGui;
    ImGuiIO& io = g.IO;
    if (!io.MouseDown[0]) { g_swipe = nullptr; return; }
    if (io.MouseClicked[0]) { g_swipe = nullptr; return; }   // decided next frame, when the press is known
    // An empty area: no widget took the press (ActiveId is 0, or only a window's move id, which
    // ConfigWindowsMoveFromTitleBarOnly already stopped from moving anything).
    const bool empty = g.ActiveId == 0 || (g.ActiveIdWindow && g.ActiveId == g.ActiveIdWindow->MoveId);
    if (!empty || g.MovingWindow) { g_swipe = nullptr; return; }
    if (!g_swipe) g_swipe = scrollable(g.HoveredWindow ? g.HoveredWindow : g.ActiveIdWindow);
    if (g_swipe && io.MouseDelta.y != 0.0f)
        ImGui::SetScrollY(g_swipe, std::clamp(g_swipe->Scroll.y - io.MouseDelta.y, 0.0f, g_swipe->ScrollMax.y));
}

// Every top-level window keeps its title bar reachable: below the menu bar, inside the screen.
void keep_on_screen(const AppState& s) {
    ImGuiContext& g = *GImGui;
    const ImVec2 disp = g.IO.DisplaySize;
    if (disp.x <= 0 || disp.y <= 0) return;
    const float top = menu_bar_height(s);
    const float grab = std::min(60.0f, disp.x * 0.25f);   // how much of a window must stay visible
    for (ImGuiWindow* w : g.Windows) {
        if (!w->WasActive || (w->Flags & (ImGuiWindowFlags_ChildWindow | ImGuiWindowFlags_Tooltip | ImGuiWindowFlags_Popup)) ||
            (w->Flags & ImGuiWindowFlags_NoTitleBar) || w == g.MovingWindow)
            continue;
        ImVec2 p = w->Pos;
        p.y = std::clamp(p.y, top, std::max(top, disp.y - w->TitleBarHeight()));
        p.x = std::clamp(p.x, grab - w->Size.x, disp.x - grab);
        if (p.x != w->Pos.x || p.y != w->Pos.y) ImGui::SetWindowPos(w, p, ImGuiCond_Always);
    }
}

// A finger has no Ctrl key, and ImGui opens a slider's text entry on Ctrl+click only (a drag's on
// a double click too): on a touch screen the second tap of a double tap is a Ctrl+tap, for that
// frame only, so every slider can be typed into ("0,01" included: shortcuts.cpp).
bool g_ctrl_for_double_tap = false;
void double_tap_text_entry(ImGuiIO& io) {
    if (g_ctrl_for_double_tap) { io.KeyCtrl = false; g_ctrl_for_double_tap = false; }
    if (io.MouseDoubleClicked[0] && !io.KeyCtrl) { io.KeyCtrl = true; g_ctrl_for_double_tap = true; }
}

} // namespace

void touch_frame(AppState& s) {
    static bool readable = false, styled = false;
    if (!readable) {
        // Secondary (grey) text at WCAG AA contrast on the dark windows: ImGui's 0.50 grey gives
        // ~4.6:1 on its window background and less on frames and tooltips; 0.62 gives > 6:1
        // (checked by the e2e test from these colours).
        readable = true;
        ImGui::GetStyle().Colors[ImGuiCol_TextDisabled] = ImVec4(0.62f, 0.62f, 0.64f, 1.0f);
    }
    const bool touch = touch_device();
    ImGui::GetIO().ConfigWindowsMoveFromTitleBarOnly = touch;
    if (touch && !styled) {
        styled = true;
        touch_style_apply(ImGui::GetStyle(), ImGui::GetFontSize() > 0 ? ImGui::GetFontSize() : 16.0f);
    }
    if (touch) {
        swipe_scroll();
        ImGui::GetIO().MouseDoubleClickMaxDist = 16.0f;   // two taps of a finger land further apart than 6 px
        double_tap_text_entry(ImGui::GetIO());
    }
    keep_on_screen(s);
}

} // namespace ga::app
