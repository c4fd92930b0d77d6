// Fuzz target for the postMessage envelopes the page accepts (src/app/page_request.h):
// {"cmd": "...", "args": [...]} as web/anatomy.js serialises them. A refusal is one escaped line in
// both languages and leaves the output untouched; an accepted message names a known command and
// gives it no more arguments than it takes.
#include "fuzz_util.h"
#include "page_request.h"

#include <string>

void (*ga_fuzz_failure_hook)(const char* what) = nullptr;

using gafuzz::check;
using gafuzz::safe_error;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    ga::app::PageMessage m;
    m.cmd = "untouched";
    const ga::app::Msg e = ga::app::parse_page_message(reinterpret_cast<const char*>(data), size, &m);
    if (!e.empty()) {
        check(safe_error(e.en) && safe_error(e.fr), "message refusal is one escaped line in both languages");
        check(m.cmd == "untouched", "a refused message writes nothing");
        return 0;
    }
    const std::string known = " " + ga::app::message_commands() + " ";
    check(!m.cmd.empty() && known.find(" " + m.cmd + " ") != std::string::npos, "accepted command is a known one");
    check(m.n_args <= 3, "no command takes more than 3 arguments");
    return 0;
}
