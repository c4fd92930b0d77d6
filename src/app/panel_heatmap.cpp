// panel_heatmap: being written (see app.h for what it shows).
#include "app.h"
#include "imgui.h"

namespace ga::app {

void panel_heatmap(AppState& s) { (void)s; }

} // namespace ga::app
