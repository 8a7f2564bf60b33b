// The main of a fuzz target in a build without libFuzzer: replays inputs
// once each, so the ordinary test run catches a committed corpus input (or a
// regression) that crashes.
//
//   fuzz_<name> <file-or-directory>...
//
// A directory contributes the regular files directly inside it (sorted, so
// runs are repeatable); arguments starting with '-' are libFuzzer flags and
// are ignored, so a libFuzzer command line works here too. Fails when a path
// does not exist or when nothing was replayed: a corpus that went missing
// must not pass as an empty one.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

bool ReadFile(const fs::path& path, std::vector<uint8_t>* bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  bytes->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> files;
  bool missing = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (!arg.empty() && arg[0] == '-') {
      std::fprintf(stderr, "ignoring libFuzzer flag %s\n", arg.c_str());
      continue;
    }
    std::error_code error;
    if (fs::is_directory(arg, error)) {
      std::vector<fs::path> entries;
      for (const auto& entry : fs::directory_iterator(arg, error)) {
        if (entry.is_regular_file()) entries.push_back(entry.path());
      }
      std::sort(entries.begin(), entries.end());
      files.insert(files.end(), entries.begin(), entries.end());
    } else if (fs::is_regular_file(arg, error)) {
      files.emplace_back(arg);
    } else {
      std::fprintf(stderr, "no such file or directory: %s\n", arg.c_str());
      missing = true;
    }
  }

  const auto start = std::chrono::steady_clock::now();
  size_t replayed = 0;
  for (const fs::path& file : files) {
    std::vector<uint8_t> bytes;
    if (!ReadFile(file, &bytes)) {
      std::fprintf(stderr, "cannot read %s\n", file.c_str());
      missing = true;
      continue;
    }
    // Named before it runs: a crash then says which input it was.
    std::fprintf(stderr, "replaying %s (%zu bytes)\n", file.c_str(), bytes.size());
    // An exact-size heap copy, as libFuzzer passes it (never a null pointer).
    std::unique_ptr<uint8_t[]> copy(new uint8_t[bytes.empty() ? 1 : bytes.size()]);
    std::copy(bytes.begin(), bytes.end(), copy.get());
    LLVMFuzzerTestOneInput(copy.get(), bytes.size());
    ++replayed;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("replayed %zu inputs in %.2f s\n", replayed, seconds);
  if (replayed == 0) {
    std::fprintf(stderr, "no inputs replayed: is the corpus missing?\n");
    return 1;
  }
  return missing ? 1 : 0;
}
