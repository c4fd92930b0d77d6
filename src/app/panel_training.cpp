// panel_training: being written (see app.h for what it shows).
#include "app.h"
#include "imgui.h"

namespace ga::app {

void panel_training(AppState& s) { (void)s; }

} // namespace ga::app
