// French and English, chosen by URL (?lang=fr), the browser's language, or live in the UI.
// Strings are written in both languages where they are used:  TR("Step", "Pas")
// so no string can be missing a translation. ImGui IDs that must survive a language switch use
// "###id" suffixes (the part after ### is the ID, the rest is the visible label).
#pragma once
#include <string>
#include <utility>

namespace ga::app {

enum Lang : int { LANG_EN = 0, LANG_FR = 1 };
Lang lang();
void set_lang(Lang l);
inline const char* TR(const char* en, const char* fr) { return lang() == LANG_FR ? fr : en; }

// Numbers formatted per language: 124,439,808 (en) / 124 439 808 (fr, narrow no-break space);
// decimals 0.25 / 0,25.
std::string fmt_int(long long v);
std::string fmt_float(double v, int decimals);
std::string fmt_params(long long v);   // "124.4 M", "175 B" / "124,4 M", "175 Md"

// A message kept in both languages, shown in the current one (so a language switch also
// translates an error already on screen). Assigning one string (a core message that has no
// translation, e.g. a file's parse error) sets both.
struct Msg {
    std::string en, fr;
    Msg() = default;
    Msg(std::string e, std::string f) : en(std::move(e)), fr(std::move(f)) {}
    Msg& operator=(const std::string& both) { en = fr = both; return *this; }
    Msg& operator=(const char* both) { en = fr = both ? both : ""; return *this; }
    const std::string& text() const { return lang() == LANG_FR && !fr.empty() ? fr : en; }
    const char* c_str() const { return text().c_str(); }
    bool empty() const { return en.empty() && fr.empty(); }
    void clear() { en.clear(); fr.clear(); }
};
// "prefix: detail" in both languages (detail may itself be a Msg).
inline Msg msg_cat(const Msg& a, const std::string& sep, const Msg& b) { return Msg(a.en + sep + b.en, a.fr + sep + b.fr); }

} // namespace ga::app
