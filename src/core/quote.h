// Quoting untrusted text for one-line messages (errors, warnings, the page's banner, the CLI).
// Names and values read from files, URLs, pasted text or the command line can hold anything: a
// newline would split a message, a carriage return or a bidi override would hide part of it, a
// 10 KB name would fill the screen. Every message that shows such text passes it through
// quote(); message_is_safe() is the invariant that the tests and the fuzz targets check.
#pragma once
#include <cstddef>
#include <string>

namespace ga {

// Default cut: enough for any real tensor, metadata or file name, short enough for one line.
constexpr size_t kQuoteMaxChars = 80;

// 'text' in single quotes, safe to print on one line:
//   \ and ' as \\ and \'; \n \r \t and NUL as \n \r \t \0; other C0 controls and DEL as \xNN;
//   each byte of invalid UTF-8 as \xNN; valid code points that move or hide text (C1 controls,
//   U+2028/U+2029, bidi marks and overrides, U+FEFF) as \u{XXXX}; everything else as is.
// Longer than max_chars characters (code points or invalid bytes) of input: cut there and
// ended with "…" inside the quotes. The result is valid UTF-8 with no control character.
std::string quote(const std::string& text, size_t max_chars = kQuoteMaxChars);

// The same escaping without the surrounding quotes (for text that is not a name, e.g. a value
// printed after '=' or a character in a "character X is not in the alphabet" message).
std::string quote_bare(const std::string& text, size_t max_chars = kQuoteMaxChars);

// A message fit to show as one line: not empty, at most max_bytes, valid UTF-8, and no code
// point that quote() escapes (so an unescaped name inside it would be caught).
bool message_is_safe(const std::string& msg, size_t max_bytes = 2000);

} // namespace ga
