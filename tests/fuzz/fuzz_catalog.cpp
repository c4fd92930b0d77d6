// Fuzz target for the shipped-asset indexes (src/core/catalog.h): the model index
// (assets/models/index.json, assets/models.json) and the data-set index (assets/data/index.json).
// An error is one escaped line; an accepted index has only plain, unique names and file names
// and sane configs, and the default model is one of the models.
#include "catalog.h"
#include "fuzz_util.h"

#include <set>
#include <string>

void (*ga_fuzz_failure_hook)(const char* what) = nullptr;

using gafuzz::check;
using gafuzz::safe_error;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const char* text = reinterpret_cast<const char*>(data);
    std::vector<ga::CatalogModel> models;
    std::string def = "untouched";
    std::string e = ga::catalog_models_parse(text, size, &models, &def);
    if (!e.empty()) {
        check(safe_error(e) && models.empty() && def == "untouched", "model index error is one escaped line, nothing written");
    } else {
        std::set<std::string> names;
        for (auto& m : models) {
            check(ga::catalog_plain_name(m.name) && names.insert(m.name).second, "model names plain and unique");
            check(m.file.empty() || ga::catalog_plain_name(m.file), "model file names plain");
            check(!m.has_config || ga::config_check(m.config).empty(), "model configs sane");
            check(m.bytes >= 0, "model bytes non-negative");
        }
        check(def.empty() || names.count(def), "default model is listed");
    }
    std::vector<ga::CatalogDataset> sets;
    e = ga::catalog_datasets_parse(text, size, &sets);
    if (!e.empty()) {
        check(safe_error(e) && sets.empty(), "data index error is one escaped line, nothing written");
    } else {
        std::set<std::string> names;
        for (auto& d : sets) {
            check(ga::catalog_plain_name(d.name) && names.insert(d.name).second, "data-set names plain and unique");
            check(d.file.empty() ? d.kind == "synthetic" : ga::catalog_plain_name(d.file), "data-set files plain");
        }
    }
    return 0;
}
