#include "bot/engine/definition_loader.h"

#include <algorithm>
#include <set>

#include "bot/engine/choice_matcher.h"
#include "bot/engine/json_file.h"
#include "bot/engine/match_text.h"

namespace intake::engine {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::int64_t max_text_length = 2000;           // code points an answer may be limited to
constexpr std::int64_t max_quantity = 1'000'000'000'000;  // no count or amount in 万 is larger

void require_key(const catalog& messages, file_checker& checker, const std::string& place, const std::string& key) {
  for (const auto& locale : messages.locales())
    if (!messages.has(locale, key))
      checker.problem(place, "message \"" + key + "\" is not defined in " + messages.file_of(locale));
}

void load_option_set(const json& document, file_checker& checker, bot_definition& definition) {
  if (!document.is_object()) return checker.problem("", "expected an object with id, numbered and options");
  auto id = checker.string_at(document, "id", "");
  if (!id) return;
  if (definition.option_sets.count(*id)) return checker.problem("/id", "option set \"" + *id + "\" is defined twice");
  option_set set;
  set.id = *id;
  set.numbered = checker.flag_at(document, "numbered", "", true);
  if (!document.contains("options") || !document["options"].is_array() || document["options"].empty())
    return checker.problem("/options", "expected a non-empty array of options");
  std::map<std::string, std::string> owner_of_form;  // match form → option value, to catch ambiguity
  const auto& items = document["options"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string place = "/options/" + std::to_string(i);
    const auto& item = items[i];
    if (!item.is_object()) {
      checker.problem(place, "expected an object with value, label and aliases");
      continue;
    }
    option opt;
    auto value = checker.string_at(item, "value", place);
    auto label = checker.string_at(item, "label", place);
    if (!value || !label) continue;
    opt.value = *value;
    opt.name = checker.string_at(item, "name", place, false).value_or(opt.value);
    opt.label_key = *label;
    require_key(definition.messages, checker, place + "/label", opt.label_key);
    if (set.find(opt.value)) checker.problem(place + "/value", "value \"" + opt.value + "\" is used twice");
    std::vector<std::string> forms;
    for (const auto& alias : checker.strings_at(item, "aliases", place)) {
      // An alias without words (👍) is matched by its pictographs, as a message without words is.
      std::string form = match_form(alias);
      forms.push_back(has_words(form) ? std::move(form) : symbol_form(alias));
    }
    for (const auto& locale : definition.messages.locales())
      if (const auto* text = definition.messages.pattern(locale, opt.label_key)) forms.push_back(match_form(*text));
    forms.push_back(match_form(opt.name));
    std::sort(forms.begin(), forms.end());
    forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
    forms.erase(std::remove(forms.begin(), forms.end(), std::string()), forms.end());
    for (const auto& form : forms) {
      auto [it, inserted] = owner_of_form.emplace(form, opt.value);
      if (!inserted && it->second != opt.value)
        checker.problem(place + "/aliases", "\"" + form + "\" would select both \"" + it->second + "\" and \"" + opt.value + "\"");
    }
    opt.match_forms = std::move(forms);
    choice_matcher::index(opt);
    set.options.push_back(std::move(opt));
  }
  choice_matcher::index(set);
  if (set.numbered) set.prepare_listing(definition.messages);
  definition.option_sets.emplace(set.id, std::move(set));
}

std::optional<input_kind> parse_kind(const std::string& name) {
  static const std::map<std::string, input_kind> kinds{
      {"text", input_kind::text},       {"credit_code", input_kind::credit_code}, {"phone", input_kind::phone},
      {"count", input_kind::count},     {"money_wan", input_kind::money_wan},     {"choice", input_kind::choice},
      {"multi_choice", input_kind::multi_choice},
  };
  auto found = kinds.find(name);
  if (found == kinds.end()) return std::nullopt;
  return found->second;
}

void load_unavailable(const json& item, const std::string& place, file_checker& checker, const bot_definition& definition, form_step& step) {
  // Only answers that never hold words can tell "I have none" apart from an answer by its words.
  if (step.kind != input_kind::credit_code && step.kind != input_kind::phone)
    return checker.problem(place, "only a credit_code or phone step can take an unavailable answer");
  if (!item.is_object()) return checker.problem(place, "expected {\"words\": […], \"acknowledgement\": …, \"shown_as\": …}");
  unavailable_answer unavailable;
  for (const auto& word : checker.strings_at(item, "words", place, true)) unavailable.words.add(match_form(word), true);
  for (const auto& [field, target] : {std::pair{"acknowledgement", &unavailable.acknowledgement_key}, std::pair{"shown_as", &unavailable.shown_as_key}}) {
    if (auto key = checker.string_at(item, field, place)) {
      *target = *key;
      require_key(definition.messages, checker, place + "/" + field, *key);
    }
  }
  step.unavailable = std::move(unavailable);
}

void load_flow(const json& document, file_checker& checker, bot_definition& definition) {
  if (!document.is_object()) return checker.problem("", "expected an object with id, title and steps");
  auto id = checker.string_at(document, "id", "");
  auto title = checker.string_at(document, "title", "");
  if (!id) return;
  if (definition.flows.count(*id)) return checker.problem("/id", "flow \"" + *id + "\" is defined twice");
  flow result;
  result.id = *id;
  if (title) {
    result.title_key = *title;
    require_key(definition.messages, checker, "/title", *title);
  }
  if (!document.contains("steps") || !document["steps"].is_array() || document["steps"].empty())
    return checker.problem("/steps", "expected a non-empty array of steps");
  const auto& steps = document["steps"];
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string place = "/steps/" + std::to_string(i);
    const auto& item = steps[i];
    if (!item.is_object()) {
      checker.problem(place, "expected an object");
      continue;
    }
    form_step step;
    auto step_id = checker.string_at(item, "id", place);
    auto kind_name = checker.string_at(item, "kind", place);
    if (!step_id || !kind_name) continue;
    step.id = *step_id;
    if (result.find(step.id)) checker.problem(place + "/id", "step \"" + step.id + "\" is defined twice in this flow");
    auto kind = parse_kind(*kind_name);
    if (!kind) {
      checker.problem(place + "/kind", "unknown kind \"" + *kind_name + "\"; use text, credit_code, phone, count, money_wan, choice or multi_choice");
      continue;
    }
    step.kind = *kind;
    for (const auto& [field, target] : {std::pair{"prompt", &step.prompt_key}, std::pair{"help", &step.help_key}, std::pair{"label", &step.label_key}}) {
      if (auto key = checker.string_at(item, field, place)) {
        *target = *key;
        require_key(definition.messages, checker, place + "/" + field, *key);
      }
    }
    if (item.contains("error")) {
      if (auto key = checker.string_at(item, "error", place)) {
        step.error_key = *key;
        require_key(definition.messages, checker, place + "/error", *key);
      }
    }
    for (const auto& alias : checker.strings_at(item, "aliases", place)) step.aliases.push_back(match_form(alias));
    // A wrong type or an absurd number is a problem like any other, not an exception (found by fuzz_flow_loader).
    step.min_length = static_cast<int>(checker.integer_at(item, "min_length", place, step.kind == input_kind::text ? 1 : 0, 0, max_text_length));
    step.max_length = static_cast<int>(checker.integer_at(item, "max_length", place, 500, 0, max_text_length));
    if (step.max_length < step.min_length) checker.problem(place + "/max_length", "need 0 <= min_length <= max_length <= 2000");
    step.min = checker.integer_at(item, "min", place, 0, 0, max_quantity);
    step.max_money = checker.number_at(item, "max", place, 1000000, 0, max_quantity);
    step.max = static_cast<std::int64_t>(step.max_money);  // a count's limit; a fraction only makes sense in money
    if (step.max < step.min) checker.problem(place + "/max", "max is smaller than min");
    step.optional = checker.flag_at(item, "optional", place, false);
    step.list_options = checker.flag_at(item, "list_options", place, true);
    if (step.kind == input_kind::choice || step.kind == input_kind::multi_choice) {
      if (auto set_id = checker.string_at(item, "options", place)) {
        auto found = definition.option_sets.find(*set_id);
        if (found == definition.option_sets.end())
          checker.problem(place + "/options", "option set \"" + *set_id + "\" does not exist in flows/options/");
        else
          step.options = &found->second;
      }
    }
    if (item.contains("max_slot")) {
      auto slot = checker.string_at(item, "max_slot", place);
      const form_step* earlier = slot ? result.find(*slot) : nullptr;
      if (slot && (!earlier || earlier->kind != input_kind::count))
        checker.problem(place + "/max_slot", "\"" + *slot + "\" must be an earlier step of kind count");
      else if (slot)
        step.max_slot = *slot;
    }
    if (item.contains("when")) {
      const auto& when = item["when"];
      auto slot = when.is_object() ? checker.string_at(when, "slot", place + "/when") : std::nullopt;
      auto includes = when.is_object() ? checker.string_at(when, "includes", place + "/when") : std::nullopt;
      if (!when.is_object()) checker.problem(place + "/when", "expected {\"slot\": …, \"includes\": …}");
      const form_step* earlier = slot ? result.find(*slot) : nullptr;
      if (slot && (!earlier || !earlier->options)) {
        checker.problem(place + "/when/slot", "\"" + *slot + "\" must be an earlier choice or multi_choice step");
      } else if (slot && includes) {
        if (!earlier->options->find(*includes))
          checker.problem(place + "/when/includes", "\"" + *includes + "\" is not an option of \"" + *slot + "\"");
        step.when = step_condition{*slot, *includes};
      }
    }
    if (item.contains("unavailable")) load_unavailable(item["unavailable"], place + "/unavailable", checker, definition, step);
    result.steps.push_back(std::move(step));
  }
  definition.flows.emplace(result.id, std::move(result));
}

void load_commands(const fs::path& path, std::vector<load_problem>& problems, bot_definition& definition) {
  file_checker checker("flows/commands.json", problems);
  auto document = read_json_file(path, checker.file(), problems);
  if (!document) return;
  if (!document->contains("commands") || !(*document)["commands"].is_object())
    return checker.problem("/commands", "expected an object of command → words");
  std::map<std::string, std::vector<std::string>> commands;  // by name, the order a shared word goes by
  for (const char* name : {"menu", "back", "cancel", "help", "english", "chinese", "my_reports", "greeting", "human", "end_human", "sign_out"}) {
    std::vector<std::string> words;
    for (const auto& word : checker.strings_at((*document)["commands"], name, "/commands")) words.push_back(match_form(word));
    if (words.empty()) checker.problem(std::string("/commands/") + name, "at least one word is required");
    commands[name] = std::move(words);
  }
  for (const auto& [name, words] : commands)
    for (const auto& word : words) definition.command_by_word.emplace(word, name);
  for (const auto& word : checker.strings_at(*document, "edit_prefixes", "")) definition.edit_prefixes.push_back(match_form(word));
  std::sort(definition.edit_prefixes.begin(), definition.edit_prefixes.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  if (definition.edit_prefixes.empty()) checker.problem("/edit_prefixes", "at least one word is required");
  const auto cues = checker.strings_at(*document, "question_cues", "");
  if (cues.empty()) checker.problem("/question_cues", "at least one word is required");
  for (const auto& cue : cues) definition.question_cue_terms.add(match_form(cue), true);
  for (const auto& word : checker.strings_at(*document, "skip_words", "")) definition.skip_words.insert(without_spaces(match_form(word)));
  definition.skip_words.erase("");
  if (definition.skip_words.empty()) checker.problem("/skip_words", "at least one word is required");
  for (auto [name, fillers] : {std::pair{"filler_prefixes", &definition.filler_prefixes}, std::pair{"filler_suffixes", &definition.filler_suffixes}}) {
    for (const auto& word : checker.strings_at(*document, name, ""))
      if (auto form = match_form(word); !form.empty()) fillers->push_back(std::move(form));
    std::sort(fillers->begin(), fillers->end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }
}

}  // namespace

std::unique_ptr<bot_definition> definition_loader::load(const fs::path& data_dir, std::vector<load_problem>& problems) {
  auto definition = std::make_unique<bot_definition>();
  definition->messages = catalog::load(data_dir / "locales", problems);
  {
    file_checker checker("locales", problems);
    for (const auto& key : engine_message_keys()) require_key(definition->messages, checker, "", key);
  }

  const fs::path flows_dir = data_dir / "flows";
  if (!fs::is_directory(flows_dir)) problems.push_back({flows_dir.string(), "", "flow directory not found"});
  for (const auto& path : json_files_in(flows_dir / "options")) {
    file_checker checker("flows/options/" + path.filename().string(), problems);
    if (auto document = read_json_file(path, checker.file(), problems)) load_option_set(*document, checker, *definition);
  }
  for (const char* required : {"main_menu", "yes_no", "resume_choices", "summary_actions"})
    if (!definition->option_sets.count(required))
      problems.push_back({"flows/options", "", std::string("option set \"") + required + "\" is required"});

  for (const auto& path : json_files_in(flows_dir)) {
    if (path.filename() == "commands.json") continue;
    file_checker checker("flows/" + path.filename().string(), problems);
    if (auto document = read_json_file(path, checker.file(), problems)) load_flow(*document, checker, *definition);
  }
  if (!definition->flows.count("report")) problems.push_back({"flows", "", "flow \"report\" (the difficulty report) is required"});
  load_commands(flows_dir / "commands.json", problems, *definition);
  definition->faq = knowledge_base::load(flows_dir / "faq", problems);
  return definition;
}

std::unique_ptr<bot_definition> definition_loader::load_or_throw(const fs::path& data_dir) {
  std::vector<load_problem> problems;
  auto definition = load(data_dir, problems);
  if (!problems.empty()) throw load_error(std::move(problems));
  return definition;
}

std::vector<message> option_set::line_messages() const {
  std::vector<message> lines;
  int n = 0;
  for (const auto& opt : options) lines.push_back({"common.option_line", args("n", ++n, "label", nested(opt.label_key))});
  return lines;
}

void option_set::prepare_listing(const catalog& messages) {
  const std::vector<message> lines = line_messages();
  auto by_locale = std::make_shared<std::map<std::string, std::string>>();
  for (const auto& locale : messages.locales()) (*by_locale)[locale] = messages.render(locale, lines);
  listing = std::move(by_locale);
}

const option* option_set::find(const std::string& value) const {
  for (const auto& opt : options)
    if (opt.value == value) return &opt;
  return nullptr;
}

const form_step* flow::find(const std::string& step_id) const {
  for (const auto& step : steps)
    if (step.id == step_id) return &step;
  return nullptr;
}

int flow::index_of(const std::string& step_id) const {
  for (std::size_t i = 0; i < steps.size(); ++i)
    if (steps[i].id == step_id) return static_cast<int>(i);
  return -1;
}

}  // namespace intake::engine
