// What the page (web/anatomy.js) offers the C++ interface: the shipped models and data sets it
// found in assets/, and the file actions that only the page can do (file picker, download,
// fetching an asset). The menu draws from web_assets() and calls web_request(); the page fills
// the catalogue through ga_js_set_catalog() (src/platform/js_bridge.cpp) once it has read it.
#pragma once
#include <string>
#include <vector>

namespace ga::platform {

struct WebAsset {
    std::string kind;               // "model" or "data"
    std::string name;               // "tiny-words-fr", "kjv-genesis", ...
    std::string title_en, title_fr; // one line for a menu item (may be empty: show name)
    double bytes = 0;               // download size
};

const std::vector<WebAsset>& web_assets();

// Asks the page to do something asynchronous; the result shows in the app (new model, new data,
// or AppState::error). Actions:
//   "openFile"          file picker for a .safetensors checkpoint (or a .txt to train on)
//   "downloadWeights"   the current weights as a .safetensors download
//   "resetPretrained"   the page's default model (or ?model=) and its data again
//   "resetRandom"       random weights (seed = arg if given)
//   "loadModel"  name   a shipped model (WebAsset.name)
//   "loadData"   name   a shipped data set (WebAsset.name)
//   "pasteText"         a text box where the user pastes training text
void web_request(const char* action, const char* arg = "");

} // namespace ga::platform
