// panel_banner: the error banner. Drawn after every panel, at the top of the screen, so an error
// shows wherever the user is looking (any panel open or closed, phone layout, embeds). Its text
// is kept in both languages (Msg) and follows a language switch; the next successful command
// clears it (commands.cpp: ok()), Dismiss too.
#include "app.h"
#include "views.h"
#include "imgui.h"
#include "imgui_internal.h"   // FindWindowByName, BringWindowToDisplayFront
#include <algorithm>

namespace ga::app {

static const ImVec4 COL_ERROR_BG(0.45f, 0.22f, 0.05f, 0.97f);      // dark orange (no red/green)

void error_banner(AppState& s) {
    if (s.error.empty()) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    const float w = std::min(vp->WorkSize.x - em, em * 40.0f);
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + (vp->WorkSize.x - w) * 0.5f, vp->WorkPos.y + em * 0.5f));
    ImGui::SetNextWindowSize(ImVec2(w, 0));
    ImGui::SetNextWindowBgAlpha(COL_ERROR_BG.w);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, COL_ERROR_BG);
    const ImGuiWindowFlags f = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
    if (ImGui::Begin("###errors", nullptr, f)) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(s.error.c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::SmallButton(TR("Dismiss###dismiss_err", "Fermer###dismiss_err"))) s.error.clear();
    }
    ImGui::End();
    ImGui::PopStyleColor();
    // Above the panels even when one of them is focused.
    if (ImGuiWindow* win = ImGui::FindWindowByName("###errors")) ImGui::BringWindowToDisplayFront(win);
}

} // namespace ga::app
