// Replays fuzz inputs through LLVMFuzzerTestOneInput without libFuzzer: every regular file of the
// directories (or the files) given, in name order. Linked with each target (cmake/fuzz.cmake) and
// used by CTest natively and under node. Prints "fuzz_<name>_replay: N passed, M failed"; exit 1
// if any failed or nothing was found.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" void (*ga_fuzz_failure_hook)(const char* what);

static int g_failures = 0;
static std::string g_current;

static void on_failure(const char* what) {
    g_failures++;
    std::fprintf(stderr, "FAIL %s: %s\n", g_current.c_str(), what);
}

static bool read_all(const std::string& path, std::vector<uint8_t>* out) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    out->clear();
    uint8_t buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out->insert(out->end(), buf, buf + n);
    const bool ok = !std::ferror(f);
    std::fclose(f);
    return ok;
}

int main(int argc, char** argv) {
    std::string self = argc > 0 && argv[0] ? argv[0] : "fuzz_replay";
    if (self.find_last_of('/') != std::string::npos) self = self.substr(self.find_last_of('/') + 1);
    if (self.size() > 3 && self.compare(self.size() - 3, 3, ".js") == 0) self.resize(self.size() - 3);
    const char* me = self.c_str();
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <corpus dir or file>...\n", me);
        return 2;
    }
    ga_fuzz_failure_hook = on_failure;
    std::vector<std::string> files;
    for (int i = 1; i < argc; i++) {
        const std::string p = argv[i];
        struct stat st;
        if (::stat(p.c_str(), &st) != 0) {
            std::fprintf(stderr, "%s: cannot open '%s'\n", me, p.c_str());
            return 2;
        }
        if (!S_ISDIR(st.st_mode)) {
            files.push_back(p);
            continue;
        }
        DIR* d = ::opendir(p.c_str());
        if (!d) {
            std::fprintf(stderr, "%s: cannot read directory '%s'\n", me, p.c_str());
            return 2;
        }
        std::vector<std::string> names;
        while (struct dirent* e = ::readdir(d)) {
            const std::string name = e->d_name;
            if (name == "." || name == ".." || name[0] == '.') continue;
            const std::string full = p + "/" + name;
            struct stat fs;
            if (::stat(full.c_str(), &fs) == 0 && S_ISREG(fs.st_mode)) names.push_back(full);
        }
        ::closedir(d);
        std::sort(names.begin(), names.end());
        files.insert(files.end(), names.begin(), names.end());
    }
    int passed = 0, failed = 0;
    std::vector<uint8_t> data;
    for (auto& f : files) {
        g_current = f;
        if (!read_all(f, &data)) {
            std::fprintf(stderr, "FAIL %s: cannot read\n", f.c_str());
            failed++;
            continue;
        }
        const int before = g_failures;
        LLVMFuzzerTestOneInput(data.data(), data.size());
        if (g_failures == before) passed++;
        else failed++;
    }
    std::printf("%s: %d passed, %d failed\n", me, passed, failed);
    return (failed == 0 && passed > 0) ? 0 : 1;
}
