// French and English, chosen by URL (?lang=fr), the browser's language, or live in the UI.
// Strings are written in both languages where they are used:  TR("Step", "Pas")
// so no string can be missing a translation. ImGui IDs that must survive a language switch use
// "###id" suffixes (the part after ### is the ID, the rest is the visible label).
#pragma once
#include <string>

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

} // namespace ga::app
