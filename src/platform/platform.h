// Platform layer: window, GL context, ImGui backends and the browser main loop.
#pragma once
#include "hooks.h"

namespace ga::platform {

// Rebuilds the ImGui font atlas at the given pixel size (lecture mode uses a larger one).
void request_font_size(float px);
float font_size();
// CSS pixels → device pixels (HiDPI).
float device_pixel_ratio();
// Fills the app's hooks that the JavaScript bridge implements (page actions, memory probe).
void install_bridge_hooks(ga::app::PlatformHooks& h);
// Fills the heatmap renderer hooks (src/platform/heatmap_gl.cpp).
void install_heatmap_gl(ga::app::PlatformHooks& h);
// Asks the page to do something asynchronous (web/anatomy.js, Module.anatomyUi[action](arg));
// the result comes back through the bridge's ga_js_* functions. See hooks.h for the actions.
void web_request(const char* action, const char* arg = "");
// Once per frame after the app's panels: tells the page whether an ImGui text field is active and
// where its caret is, so the page's hidden text proxy takes the focus and a phone opens its
// keyboard (src/platform/text_input.cpp, web/anatomy.js "text entry").
void text_input_frame();

} // namespace ga::platform
