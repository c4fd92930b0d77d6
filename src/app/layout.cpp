// Default window layout. Desktops: the open panels tiled in columns (model → matrices → training);
// tablets in portrait: two columns; phones: one panel at a time, full screen, chosen in the View
// menu (and the heatmap / bias view opens by itself when a tensor is picked); an embed in a small
// frame shows every panel its page asked for, side by side or stacked. Reference panels
// (anatomy, help) float on top, large. The layout is re-applied when the screen size, the set of
// open panels or the embed mode changes, or on request (View ▸ Tidy layout); in between the user
// may move and resize windows freely.
#include <iterator>  // std::size
#include "presenter.h"
#include "touch.h"   // menu_bar_height
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace ga::app {

struct PanelSlot {
    bool PanelVisibility::*flag;
    const char* ids[3];   // window IDs (after ###) the panel may use
    float weight;         // share of its column's height
};

// Columns for the desktop layout, left to right, with their share of the width.
static const PanelSlot kLeft[] = {
    {&PanelVisibility::model_map, {"###model_map", "###modelmap", "###map"}, 0.58f},
    {&PanelVisibility::parameters, {"###params", "###parameters", nullptr}, 0.42f},
};
static const PanelSlot kCenter[] = {
    {&PanelVisibility::heatmap, {"###heatmap", nullptr, nullptr}, 0.64f},
    {&PanelVisibility::bias, {"###bias", "###bias_bars", "###bars"}, 0.36f},
};
static const PanelSlot kRight[] = {
    {&PanelVisibility::training, {"###training", nullptr, nullptr}, 0.58f},
    {&PanelVisibility::formulas, {"###formulas", "###formula", nullptr}, 0.42f},
    {&PanelVisibility::inspector, {"###inspector", nullptr, nullptr}, 0.6f},
    {&PanelVisibility::teach, {"###teach", nullptr, nullptr}, 0.7f},
};
static const PanelSlot kOverlay[] = {
    {&PanelVisibility::anatomy, {"###anatomy", nullptr, nullptr}, 1.0f},
    {&PanelVisibility::help, {"###help", nullptr, nullptr}, 1.0f},
};

static struct {
    ImVec2 display{0, 0};
    unsigned visible = 0;
    bool embed = false, phone = false, lecture = false;
    int apply_frames = 0;
    bool reset = true;
    bool PanelVisibility::*phone_panel = nullptr;
    bool PanelVisibility::*phone_prev = nullptr;   // shown again when the current one is closed
    int last_selected = -2;
    unsigned overlays_prev = 0;
} L;

static std::vector<const PanelSlot*> all_slots() {
    std::vector<const PanelSlot*> v;
    for (const PanelSlot& p : kLeft) v.push_back(&p);
    for (const PanelSlot& p : kCenter) v.push_back(&p);
    for (const PanelSlot& p : kRight) v.push_back(&p);
    for (const PanelSlot& p : kOverlay) v.push_back(&p);
    return v;
}

static unsigned visible_mask() {
    unsigned m = 0, bit = 1;
    for (const PanelSlot* p : all_slots()) {
        if (panels().*(p->flag)) m |= bit;
        bit <<= 1;
    }
    return m;
}

static void place(const PanelSlot& p, ImVec2 pos, ImVec2 size) {
    for (const char* id : p.ids) {
        if (!id) break;
        ImGui::SetWindowPos(id, ImVec2(std::floor(pos.x), std::floor(pos.y)), ImGuiCond_Always);
        ImGui::SetWindowSize(id, ImVec2(std::floor(size.x), std::floor(size.y)), ImGuiCond_Always);
        ImGui::SetWindowCollapsed(id, false, ImGuiCond_Always);
    }
}

static void focus(const PanelSlot& p) {
    for (const char* id : p.ids)
        if (id) ImGui::SetWindowFocus(id);
}

// Tiles the visible panels of `cols` (each with a width share) into the rectangle.
static void tile(const std::vector<std::pair<std::vector<const PanelSlot*>, float>>& cols, ImVec2 r0, ImVec2 r1) {
    float wsum = 0;
    for (auto& c : cols) if (!c.first.empty()) wsum += c.second;
    if (wsum <= 0) return;
    const float gap = 2.0f;
    float x = r0.x;
    for (auto& c : cols) {
        if (c.first.empty()) continue;
        const float w = (r1.x - r0.x) * c.second / wsum;
        float hsum = 0;
        for (const PanelSlot* p : c.first) hsum += p->weight;
        float y = r0.y;
        for (const PanelSlot* p : c.first) {
            const float h = (r1.y - r0.y) * p->weight / hsum;
            place(*p, ImVec2(x, y), ImVec2(w - gap, h - gap));
            y += h;
        }
        x += w;
    }
}

bool layout_is_phone() { return L.phone; }

void layout_request_reset() { L.reset = true; }

void layout_show_only(bool PanelVisibility::*which) {
    PanelVisibility& v = panels();
    for (const PanelSlot* p : all_slots()) v.*(p->flag) = false;
    v.*which = true;
    if (L.phone_panel != which) L.phone_prev = L.phone_panel;
    L.phone_panel = which;
    L.reset = true;
}

void layout_apply(AppState& s) {
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 d = io.DisplaySize;
    if (d.x <= 0 || d.y <= 0) return;
    // Phones: narrow screens, or small landscape ones.
    const bool phone = d.x < 700 || (d.y < 500 && d.x < 1000);
    PanelVisibility& v = panels();

    if (phone && !L.phone) {
        // Entering phone mode: keep one panel, the most useful one that is open.
        bool PanelVisibility::*pick = nullptr;
        for (bool PanelVisibility::*f : {&PanelVisibility::heatmap, &PanelVisibility::model_map, &PanelVisibility::training,
                                         &PanelVisibility::inspector, &PanelVisibility::anatomy, &PanelVisibility::bias,
                                         &PanelVisibility::parameters, &PanelVisibility::formulas, &PanelVisibility::teach,
                                         &PanelVisibility::help})
            if (v.*f) { pick = f; break; }
        // ?panel=inspector on a phone: the panel the URL asks for, not the first of the list above
        if (!s.panel.empty()) {
            const std::string first = "###" + s.panel.substr(0, s.panel.find(','));
            for (const PanelSlot* p : all_slots())
                for (const char* id : p->ids)
                    if (id && first == id && v.*(p->flag)) pick = p->flag;
        }
        // An embed keeps the panels its page asked for (?panel=training,inspector): they share the
        // frame (below). Without a list, its default panels would not fit: one, as on a phone.
        if (!s.embed || (s.panel.empty() && pick)) layout_show_only(pick ? pick : &PanelVisibility::training);
    }
    if (phone && !s.embed) {
        // A tensor picked in the model map or the table opens its view.
        if (L.last_selected != -2 && s.selected != L.last_selected && s.selected >= 0 &&
            s.selected < (int)s.trainer.model.table.size() && (v.model_map || v.parameters)) {
            const bool rank2 = s.trainer.model.table[s.selected].rank == 2;
            layout_show_only(rank2 ? &PanelVisibility::heatmap : &PanelVisibility::bias);
        }
        // Opening a second panel from elsewhere (e.g. the help key): it replaces the current one.
        unsigned count = 0;
        for (const PanelSlot* p : all_slots()) count += (v.*(p->flag)) ? 1 : 0;
        if (count == 0) {  // the one panel was closed (its ×, or Esc on the help): go back
            bool PanelVisibility::*back = L.phone_prev && L.phone_prev != L.phone_panel ? L.phone_prev : &PanelVisibility::model_map;
            if (back == L.phone_panel) back = &PanelVisibility::training;
            layout_show_only(back);
        }
        if (count > 1) {
            bool PanelVisibility::*newest = nullptr;
            for (const PanelSlot* p : all_slots())
                if (v.*(p->flag) && p->flag != L.phone_panel) newest = p->flag;
            if (newest) layout_show_only(newest);
        }
    }
    L.last_selected = s.selected;

    const unsigned vis = visible_mask();
    const bool changed = L.reset || d.x != L.display.x || d.y != L.display.y || vis != L.visible || s.embed != L.embed ||
                         phone != L.phone || s.lecture_mode != L.lecture;
    // Reference panels that were just opened come to the front.
    const unsigned overlays = (v.anatomy ? 1u : 0u) | (v.help ? 2u : 0u);
    const unsigned opened = overlays & ~L.overlays_prev;
    L.overlays_prev = overlays;
    if (changed) {
        L.display = d;
        L.visible = vis;
        L.embed = s.embed;
        L.phone = phone;
        L.lecture = s.lecture_mode;
        L.reset = false;
        L.apply_frames = 2;  // also next frame: a panel opened this frame only exists after its Begin
    }
    if (L.apply_frames <= 0) {
        if (opened & 1) focus(kOverlay[0]);
        if (opened & 2) focus(kOverlay[1]);
        return;
    }
    L.apply_frames--;

    // Below the main menu bar (not drawn in embed mode).
    const float top = menu_bar_height(s);   // taller on touch screens (panel_menu.cpp)
    const ImVec2 r0(0, top), r1(d.x, d.y);
    if (phone) {
        std::vector<const PanelSlot*> shown;
        for (const PanelSlot* p : all_slots())
            if (v.*(p->flag)) shown.push_back(p);
        if (s.embed && shown.size() > 1) {
            // Every panel an embed asked for, side by side in a wide frame (640x420), stacked in
            // a tall one: on top of each other, only the last one drawn would be seen.
            const bool side = d.x >= d.y;
            const float n = float(shown.size()), gap = 2.0f;
            const ImVec2 cell(side ? (r1.x - r0.x) / n : r1.x - r0.x, side ? r1.y - r0.y : (r1.y - r0.y) / n);
            for (size_t i = 0; i < shown.size(); i++) {
                const ImVec2 pos(r0.x + (side ? cell.x * float(i) : 0.0f), r0.y + (side ? 0.0f : cell.y * float(i)));
                place(*shown[i], pos, ImVec2(cell.x - (side ? gap : 0.0f), cell.y - (side ? 0.0f : gap)));
            }
            return;
        }
        for (const PanelSlot* p : shown) place(*p, r0, ImVec2(r1.x - r0.x, r1.y - r0.y));
        return;
    }
    auto visible_of = [&](const PanelSlot* arr, size_t n) {
        std::vector<const PanelSlot*> out;
        for (size_t i = 0; i < n; i++) if (v.*(arr[i].flag)) out.push_back(&arr[i]);
        return out;
    };
    auto left = visible_of(kLeft, std::size(kLeft)), center = visible_of(kCenter, std::size(kCenter)),
         right = visible_of(kRight, std::size(kRight));
    // An empty column takes the last panel of the fullest one (e.g. the inspector gets the middle
    // column when no matrix view is open).
    {
        std::vector<const PanelSlot*>* cols[3] = {&left, &center, &right};
        const int ncols = d.x < 1000 ? 0 : 3;
        for (int pass = 0; pass < 3 && ncols == 3; pass++)
            for (int i = 0; i < 3; i++) {
                if (!cols[i]->empty()) continue;
                std::vector<const PanelSlot*>* big = nullptr;
                for (int k = 0; k < 3; k++)
                    if (cols[k]->size() >= 2 && (!big || cols[k]->size() > big->size())) big = cols[k];
                if (!big) break;
                cols[i]->push_back(big->back());
                big->pop_back();
            }
    }
    if (d.x < 1000) {
        // Tablet portrait: two columns.
        std::vector<const PanelSlot*> a = left, b = center;
        for (const PanelSlot* p : right) (a.size() <= b.size() ? a : b).push_back(p);
        tile({{a, 0.45f}, {b, 0.55f}}, r0, r1);
    } else {
        tile({{left, 0.23f}, {center, 0.43f}, {right, 0.34f}}, r0, r1);
    }
    // Reference panels float over the tiles, large and centred.
    const ImVec2 osz(std::min(d.x - 40, std::max(d.x * 0.72f, 640.0f)), (d.y - top) * 0.86f);
    const ImVec2 opos((d.x - osz.x) * 0.5f, top + (d.y - top - osz.y) * 0.5f);
    if (v.anatomy) place(kOverlay[0], opos, osz);
    if (v.help) place(kOverlay[1], ImVec2(opos.x + 24, opos.y + 24), ImVec2(osz.x - 48, osz.y - 48));
    if (opened & 1) focus(kOverlay[0]);
    if (opened & 2) focus(kOverlay[1]);
}

} // namespace ga::app
