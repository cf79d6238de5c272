// Fuzzes the flow loader (bot/engine/definition_loader.h), the code behind `intake flows check`:
// whatever a data file holds, it must report problems, never crash or throw. The data directory is
// copied once to a temporary directory; each input replaces one file there (the first byte picks
// which), the loader runs, and the file gets its original contents back. The copy keeps two of the
// knowledge base's files (the synonyms and one notice, with its passages): indexing all of them would
// make each run four times slower and teach the fuzzer nothing the one notice does not.
// Byte mutations mostly break a JSON file's syntax, which the loader refuses at once; so half of the
// mutations parse the file and change one value (its type, its range) or drop a key, keeping it JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "bot/engine/definition_loader.h"
#include "tests/fuzz/fuzz_check.h"

namespace fs = std::filesystem;

namespace {

// The files an input may replace: the flow, option sets, command words, both locales and the FAQ.
constexpr const char* replaceable[] = {
    "flows/report.json",          "flows/options/main_menu.json", "flows/options/difficulties.json",
    "flows/commands.json",        "locales/zh-CN.json",           "locales/en.json",
    "flows/faq/synonyms.json",    "flows/faq/gxb14.json",
};
constexpr std::size_t replaceable_count = std::size(replaceable);

fs::path data_dir;
std::vector<std::string> originals;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& path, std::string_view contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  FUZZ_CHECK(out.good());
}

void remove_data_dir() {
  std::error_code ignored;
  fs::remove_all(data_dir, ignored);
}

// Every value of a document, parents before children.
void collect(nlohmann::json& value, std::vector<nlohmann::json*>& out) {
  out.push_back(&value);
  if (value.is_structured())
    for (auto& child : value) collect(child, out);
}

nlohmann::json replacement(std::minstd_rand& random, const nlohmann::json& other) {
  switch (random() % 12) {
    case 0: return nullptr;
    case 1: return true;
    case 2: return 0;
    case 3: return -1;
    case 4: return 1e300;
    case 5: return 2147483648LL;
    case 6: return "";
    case 7: return "x";
    case 8: return nlohmann::json::array();
    case 9: return nlohmann::json::object();
    case 10: return nlohmann::json::array({""});
    default: return other;  // a value from elsewhere in the file
  }
}

// Changes one value of the JSON after the selector byte, or removes one member; 0 if it is not JSON.
std::size_t mutate_json(std::uint8_t* data, std::size_t size, std::size_t max_size, unsigned seed) {
  if (size < 2) return 0;
  auto document = nlohmann::json::parse(data + 1, data + size, nullptr, false);
  if (document.is_discarded()) return 0;
  std::vector<nlohmann::json*> values;
  collect(document, values);
  std::minstd_rand random(seed);
  nlohmann::json* target = values[random() % values.size()];
  const nlohmann::json other = *values[random() % values.size()];
  if (target->is_object() && !target->empty() && random() % 3 == 0) {
    auto member = target->begin();
    std::advance(member, static_cast<long>(random() % target->size()));
    target->erase(member);
  } else {
    *target = replacement(random, other);
  }
  const std::string text = document.dump();
  if (text.size() + 1 > max_size) return 0;
  std::copy(text.begin(), text.end(), data + 1);
  return text.size() + 1;
}

}  // namespace

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size, unsigned seed) {
  if (seed % 2 == 0)
    if (const std::size_t mutated = mutate_json(data, size, max_size, seed)) return mutated;
  return LLVMFuzzerMutate(data, size, max_size);
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* from_env = std::getenv("INTAKE_DATA_DIR");
  const fs::path source = from_env && *from_env ? fs::path(from_env) : fs::path(INTAKE_SOURCE_DIR);
  std::string pattern = (fs::temp_directory_path() / "intake-fuzz-flows-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    std::cerr << "flow_loader_fuzz: cannot create a temporary directory\n";
    std::exit(1);
  }
  data_dir = pattern;
  std::atexit(remove_data_dir);
  fs::copy(source / "flows", data_dir / "flows", fs::copy_options::recursive);
  // The passages of the notice that stays stay too (they are loaded against its document).
  for (const char* folder : {"flows/faq", "flows/faq/passages"})
    for (const auto& entry : fs::directory_iterator(source / folder)) {
      const auto name = entry.path().filename();
      if (name != "synonyms.json" && name != "gxb14.json" && name != "passages") fs::remove_all(data_dir / folder / name);
    }
  fs::copy(source / "locales", data_dir / "locales", fs::copy_options::recursive);
  for (const char* file : replaceable) originals.push_back(read_file(data_dir / file));
  // The copy must load cleanly, or every input would only test the same early failures.
  std::vector<intake::engine::load_problem> problems;
  intake::engine::definition_loader::load(data_dir, problems);
  if (!problems.empty()) {
    std::cerr << "flow_loader_fuzz: the data in " << source << " does not load cleanly\n";
    std::exit(1);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t which = data[0] % replaceable_count;
  const fs::path file = data_dir / replaceable[which];
  write_file(file, std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  std::vector<intake::engine::load_problem> problems;
  const auto definition = intake::engine::definition_loader::load(data_dir, problems);
  FUZZ_CHECK(definition != nullptr);
  if (problems.empty()) FUZZ_CHECK(definition->flows.count("report") == 1 && definition->faq != nullptr);
  write_file(file, originals[which]);
  return 0;
}
