// Text entry through a real editable element. A phone opens its keyboard only when an editable
// element of the page has the focus, and the canvas is not one: while an ImGui text field is
// active (the inspector prompt, the Teach fields, any InputText, a slider's typed value), the
// page's hidden text proxy (web/anatomy.js, "text entry") is focused over the field, and what is
// typed into it comes back here: characters through ImGui's input queue, editing keys
// (Backspace, Enter, arrows, Ctrl+A...) as the same SDL key events a hardware keyboard on the
// canvas gives. Desktop typing takes the same path, so there is one way text reaches a field.
#include "platform.h"
#include "imgui.h"
#include "imgui_internal.h"   // the active text field (ActiveId, InputTextState) and its caret
#include <SDL.h>
#include <emscripten.h>
#include <cstdio>
#include <string>

namespace ga::platform {

namespace {
// What the page was told last: only changes cross into JavaScript.
int g_sent_on = -1;
float g_sent_x = -1, g_sent_y = -1, g_sent_h = -1;

bool text_field_active() {
    const ImGuiContext& g = *GImGui;
    return g.WantTextInputNextFrame == 1 || (g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID);
}
} // namespace

void text_input_frame() {
    const ImGuiContext& g = *GImGui;
    const bool on = text_field_active();
    // The caret (ImGui's IME position: its left edge, one line above the baseline), CSS px.
    const float x = on ? g.PlatformImePos.x : 0.0f, y = on ? g.PlatformImePos.y : 0.0f, h = on ? g.FontSize : 0.0f;
    if (int(on) == g_sent_on && x == g_sent_x && y == g_sent_y && h == g_sent_h) return;
    g_sent_on = on;
    g_sent_x = x; g_sent_y = y; g_sent_h = h;
    EM_ASM({ if (Module.anatomyTextInput) Module.anatomyTextInput($0, $1, $2, $3); }, on ? 1 : 0, x, y, h);
}

} // namespace ga::platform

extern "C" {

// Is a text field active now? (the page asks from a touchend handler: iOS opens the keyboard only
// for a focus given inside a user gesture, so the page focuses the proxy there when it can)
EMSCRIPTEN_KEEPALIVE int ga_js_text_wanted() { return ga::platform::text_field_active() ? 1 : 0; }

// Typed characters (UTF-8) for the active field.
EMSCRIPTEN_KEEPALIVE void ga_js_text_chars(const char* utf8) {
    if (utf8 && *utf8) ImGui::GetIO().AddInputCharactersUTF8(utf8);
}

// An editing key from the proxy, as SDL's own keyboard event (scancode: USB HID usage id, the
// index ImGui's SDL backend uses; mods: SDL's KMOD_* bits). Unknown scancodes change nothing.
EMSCRIPTEN_KEEPALIVE void ga_js_text_key(int scancode, int down, int mods) {
    if (scancode <= SDL_SCANCODE_UNKNOWN || scancode >= SDL_NUM_SCANCODES) return;
    SDL_SetModState(SDL_Keymod(mods));
    SDL_Event e{};
    e.type = down ? SDL_KEYDOWN : SDL_KEYUP;
    e.key.state = down ? SDL_PRESSED : SDL_RELEASED;
    e.key.keysym.scancode = SDL_Scancode(scancode);
    e.key.keysym.sym = SDL_GetKeyFromScancode(SDL_Scancode(scancode));
    e.key.keysym.mod = Uint16(mods);
    SDL_PushEvent(&e);
}

// For tests and assistive tools: the active text field and what it holds now.
EMSCRIPTEN_KEEPALIVE const char* ga_js_text_state() {
    static std::string buf;
    const ImGuiContext& g = *GImGui;
    const bool on = ga::platform::text_field_active();
    std::string text;
    if (on && g.InputTextState.ID == g.ActiveId) {
        const ImGuiInputTextState& st = g.InputTextState;
        char tmp[8];
        for (int i = 0; i < st.CurLenW; i++) {
            const int n = ImTextStrToUtf8(tmp, sizeof tmp, &st.TextW[i], &st.TextW[i] + 1);
            text.append(tmp, size_t(n));
        }
    }
    std::string j = "{\"active\":";
    j += on ? "true" : "false";
    j += ",\"text\":\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') { j += '\\'; j += char(c); }
        else if (c < 0x20) { char u[8]; std::snprintf(u, sizeof u, "\\u%04x", c); j += u; }
        else j += char(c);
    }
    buf = j + "\"}";
    return buf.c_str();
}

} // extern "C"
