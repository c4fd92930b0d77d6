// Fingers on tablets and phones: tap targets of at least ~44 CSS px (Apple's and Google's
// guidance), a swipe on an empty part of a panel scrolls it (instead of dragging the window off
// the screen), and no window ever ends up out of reach. Decided by the platform: a coarse pointer
// (touch screen) or a small screen.
#pragma once
#include "app.h"
#include <vector>

struct ImGuiStyle;

namespace ga::app {

// Filled by the platform at start-up (src/platform/touch_platform.cpp), null in the native app
// tests (then: no touch, a keyboard, nothing blocks training), like PlatformHooks in hooks.h.
struct DeviceHooks {
    bool (*coarse_pointer)() = nullptr;     // (pointer: coarse) or the screen's short side < 600 CSS px
    bool (*has_keyboard)() = nullptr;       // a hardware keyboard is likely: show key hints
    const char* (*train_block)() = nullptr; // "" or why the current model may not train (view only)
};
DeviceHooks& device_hooks();

constexpr float kTouchTarget = 44.0f;   // CSS px, the smallest comfortable tap target

// Roomier frames and spacing, plus TouchExtraPadding so each widget's hit area reaches
// kTouchTarget without drawing everything that big.
void touch_style_apply(ImGuiStyle& st, float font_px);
// Once per frame, before the panels: swipe-to-scroll and windows kept on screen.
void touch_frame(AppState& s);
// A button label with its shortcut hint only where a keyboard exists: "Step (Space)" / "Step".
const char* key_hint(const char* with_hint, const char* without_hint);
// A menu item's shortcut ("R", "Space") where a keyboard exists, else none (nullptr).
const char* menu_key(const char* key);
// Is the pointer a finger (touch screen or small screen)? False natively (no hook).
bool touch_device();

// The main menu bar as drawn last frame (src/app/panel_menu.cpp): its height (0 in embed mode,
// where there is none; the frame height before the first frame), the height of its menus' rows,
// and each top-level menu's title rectangle, for the layout and the e2e touch test.
struct MenuMetrics {
    float bar_h = 0.0f;
    float row_h = 0.0f;   // a menu row's pitch (0 until a menu was open)
    bool lecture_hint = false;   // the bar suggests lecture mode (a big screen at the default size)
    struct Title { const char* id; float x, y, w, h; };
    std::vector<Title> titles;
};
const MenuMetrics& menu_metrics();
float menu_bar_height(const AppState& s);

} // namespace ga::app
