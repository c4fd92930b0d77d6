#include "i18n.h"
#include <cmath>
#include <cstdio>

namespace ga::app {

static Lang g_lang = LANG_EN;
Lang lang() { return g_lang; }
void set_lang(Lang l) { g_lang = l; }

std::string fmt_int(long long v) {
    const char* sep = lang() == LANG_FR ? "\u202f" : ",";
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    int n = int(digits.size());
    for (int i = 0; i < n; i++) {
        out += digits[i];
        int left = n - 1 - i;
        if (left > 0 && left % 3 == 0) out += sep;
    }
    return v < 0 ? "-" + out : out;
}

std::string fmt_float(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (lang() == LANG_FR)
        for (char& c : s) if (c == '.') c = ',';
    return s;
}

std::string fmt_params(long long v) {
    const double a = std::fabs(double(v));
    const bool fr = lang() == LANG_FR;
    if (a >= 1e9) return fmt_float(v / 1e9, a >= 1e11 ? 0 : 1) + (fr ? " Md" : " B");
    if (a >= 1e6) return fmt_float(v / 1e6, 1) + " M";
    if (a >= 1e4) return fmt_float(v / 1e3, 1) + " k";
    return fmt_int(v);
}

} // namespace ga::app
