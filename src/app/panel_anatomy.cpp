// panel_anatomy: being written (see app.h for what it shows).
#include "app.h"
#include "imgui.h"

namespace ga::app {

void panel_anatomy(AppState& s) { (void)s; }

} // namespace ga::app
