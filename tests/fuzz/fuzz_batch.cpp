// Fuzz target for batch files (safetensors with int32/int64 `inputs` and `targets` (B,T)):
// a failed load gives a one-line, escaped reason and leaves the batch untouched; a successful one
// has a shape in range and every id inside the vocabulary.
#include "checkpoint.h"
#include "fuzz_util.h"

#include <string>

void (*ga_fuzz_failure_hook)(const char* what) = nullptr;

using gafuzz::check;
using gafuzz::safe_error;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    ga::Batch b;
    b.B = -1;
    const std::string err = ga::batch_load(data, size, 100, 64, &b);
    if (!err.empty()) {
        check(safe_error(err) && b.B == -1, "failed batch load is one escaped line and leaves the batch untouched");
        return 0;
    }
    check(b.B >= 1 && b.T >= 1 && b.T <= 64, "batch shape in range");
    check(b.inputs.size() == size_t(b.B) * size_t(b.T) && b.targets.size() == b.inputs.size(), "batch sizes");
    for (size_t i = 0; i < b.inputs.size(); i++)
        check(b.inputs[i] >= 0 && b.inputs[i] < 100 && b.targets[i] >= 0 && b.targets[i] < 100, "batch ids in range");
    return 0;
}
