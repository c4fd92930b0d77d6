// Fuzz target for the page's URL query (src/app/page_request.h): ?model=…&lr=0,01&panel=…
// Arbitrary bytes are split in two at the first NUL: the URL's query and the page's defaults (what
// embed.html presets). Every problem is one escaped line in both languages; every accepted value
// passes its parameter's rule again (so no command can be handed a value the URL layer should have
// refused); reading is deterministic.
#include "fuzz_util.h"
#include "hparams.h"
#include "page_request.h"

#include <cmath>
#include <cstring>
#include <string>

void (*ga_fuzz_failure_hook)(const char* what) = nullptr;

using gafuzz::check;
using gafuzz::safe_error;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string all(reinterpret_cast<const char*>(data), size);
    const size_t nul = all.find('\0');
    const std::string query = all.substr(0, nul), defaults = nul == std::string::npos ? "" : all.substr(nul + 1);

    const ga::app::PageQuery q = ga::app::parse_page_query(query, defaults);
    for (const ga::app::Msg& m : q.problems)
        check(safe_error(m.en) && safe_error(m.fr), "URL problem is one escaped line in both languages");
    check(q.problems.size() <= ga::app::page_param_specs().size() + 9, "a bounded number of problems");

    for (const ga::app::PageParam& p : q.params) {
        const ga::app::QuerySpec* spec = nullptr;
        for (const auto& s : ga::app::page_param_specs())
            if (p.name == s.name) spec = &s;
        check(spec != nullptr, "accepted parameter is a known one");
        if (!spec) continue;
        check(p.kind == spec->kind, "a kept value says which kind it is");
        check(q.find(p.name) == &p, "each parameter at most once");
        ga::app::PageParam again;
        switch (spec->kind) {
        case ga::app::QUERY_NUMBER:
            check(std::isfinite(p.number), "numbers finite");
            if (spec->setting >= 0) check(ga::setting_check(ga::Setting(spec->setting), p.number) == ga::CHECK_OK, "setting in its range");
            else check(p.number <= spec->hi && (spec->lo_closed ? p.number >= spec->lo : p.number > spec->lo), "number in its range");
            break;
        case ga::app::QUERY_PANELS: {
            unsigned mask = 0;
            check(ga::app::parse_panel_list(p.text, &mask).empty() && mask != 0, "panel list parses again");
            break;
        }
        case ga::app::QUERY_NAME:
        case ga::app::QUERY_CHOICE:
        case ga::app::QUERY_ORIGINS:
            check(p.text.size() <= ga::app::kMaxQueryValueBytes, "values bounded");
            check(p.text.find('\n') == std::string::npos && p.text.find('\r') == std::string::npos &&
                  p.text.find('\0') == std::string::npos, "no line break or NUL in an accepted value");
            break;
        case ga::app::QUERY_FLAG: break;
        }
    }
    // same input, same reading
    const ga::app::PageQuery r = ga::app::parse_page_query(query, defaults);
    check(r.params.size() == q.params.size() && r.problems.size() == q.problems.size(), "deterministic");
    for (size_t i = 0; i < r.params.size() && i < q.params.size(); i++)
        check(r.params[i].text == q.params[i].text && r.params[i].flag == q.params[i].flag &&
              std::memcmp(&r.params[i].number, &q.params[i].number, sizeof(double)) == 0, "deterministic values");

    // the number reader alone, on the whole input
    double v = 0.0;
    if (ga::app::parse_user_number(all, &v)) check(std::isfinite(v), "parse_user_number gives finite numbers");
    return 0;
}
