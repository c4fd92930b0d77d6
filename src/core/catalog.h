// The catalogue of shipped assets: the model index (assets/models/index.json in the source tree,
// assets/models.json on the site) and the data-set index (assets/data/index.json). Both are
// untrusted text to whoever reads them (a site can be edited or served by someone else): names
// become file names and URL parameters, titles are shown in menus. So the readers are strict,
// and an entry whose name or file is not a plain name is an error, never a path.
#pragma once
#include "params.h"
#include <cstddef>
#include <string>
#include <vector>

namespace ga {

struct CatalogModel {
    std::string name;               // "words-fr-tiny": [A-Za-z0-9._-], 1..64 characters, not "." or ".."
    std::string file;               // "words-fr-tiny.safetensors": the same rule; "" if absent
    std::string data;               // the data set it was trained on ("" if absent)
    std::string title_en, title_fr; // for menus ("" if absent)
    bool has_config = false;
    GPTConfig config;               // when has_config: passes config_check
    double bytes = 0;               // file size, for the menu (0 if absent)
};

struct CatalogDataset {
    std::string name;               // "kjv-genesis", "addition": same rule as model names
    std::string kind;               // "text", "words", "synthetic", ... ("" if absent)
    std::string file;               // plain file name, "" for synthetic sets
    std::string description_en, description_fr;
    double bytes = 0;
};

// {"default": name?, "models": [{name, file?, data?, title_en?, title_fr?, config?, bytes?, ...}]}
// Unknown members are ignored (the index carries more: sha256, losses...). Names are unique.
// "" or a one-line reason; *out and *default_name are only written on success.
std::string catalog_models_parse(const char* text, size_t size, std::vector<CatalogModel>* out, std::string* default_name);

// {"datasets": [{name, kind?, file?, description_en?, description_fr?, bytes?, ...}]}
std::string catalog_datasets_parse(const char* text, size_t size, std::vector<CatalogDataset>* out);

// The rule for names and file names above.
bool catalog_plain_name(const std::string& s);

} // namespace ga
