// Platform layer: window, GL context, ImGui backends and the browser main loop.
#pragma once

namespace ga::platform {

// Rebuilds the ImGui font atlas at the given pixel size (lecture mode uses a larger one).
void request_font_size(float px);
float font_size();
// CSS pixels → device pixels (HiDPI).
float device_pixel_ratio();

} // namespace ga::platform
