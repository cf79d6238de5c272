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

void require_key(const catalog& messages, file_checker& checker, const std::string& place, const std::string& key,
                 const std::vector<std::string>& locales = {}) {
  for (const auto& locale : locales.empty() ? messages.locales() : locales)
    if (!messages.has(locale, key))
      checker.problem(place, "message \"" + key + "\" is not defined in " + messages.file_of(locale));
}

// Keys an object may hold; any other is a problem, because a key the loader does not read is a
// setting the operator believes in and the bot ignores ("max_lenght", "options" on a text step).
void allow_only(const json& object, const std::set<std::string>& allowed, const std::string& place, file_checker& checker,
                const std::string& what) {
  for (const auto& [key, value] : object.items())
    if (!allowed.count(key) && key != "comment")
      checker.problem(place + "/" + key, "\"" + key + "\" is not used " + what);
}

// One option of a set or of the main menu: its value, name, label and the forms that select it.
std::optional<option> load_option(const json& item, const std::string& place, file_checker& checker, const bot_definition& definition,
                                  bool on_main_menu, bool in_every_locale) {
  if (!item.is_object()) {
    checker.problem(place, "expected an object with value, label and aliases");
    return std::nullopt;
  }
  if (on_main_menu)
    allow_only(item, {"value", "label", "name", "aliases", "order"}, place, checker, "in a menu option");
  else
    allow_only(item, {"value", "label", "name", "aliases"}, place, checker, "in an option (\"order\" only on the main menu)");
  option opt;
  auto value = checker.string_at(item, "value", place);
  auto label = checker.string_at(item, "label", place);
  if (!value || !label) return std::nullopt;
  opt.value = *value;
  opt.name = checker.string_at(item, "name", place, false).value_or(opt.value);
  opt.label_key = *label;
  // The engine's own sets are shown in every language; a flow's set in the languages of the flows
  // that use it (load_step).
  if (in_every_locale) require_key(definition.messages, checker, place + "/label", opt.label_key);
  for (const auto& alias : checker.strings_at(item, "aliases", place)) {
    // An alias without words (👍) is matched by its pictographs, as a message without words is.
    std::string form = match_form(alias);
    opt.match_forms.push_back(has_words(form) ? std::move(form) : symbol_form(alias));
  }
  for (const auto& locale : definition.messages.locales())
    if (const auto* text = definition.messages.pattern(locale, opt.label_key)) opt.match_forms.push_back(match_form(*text));
  opt.match_forms.push_back(match_form(opt.name));
  auto& forms = opt.match_forms;
  std::sort(forms.begin(), forms.end());
  forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
  forms.erase(std::remove(forms.begin(), forms.end(), std::string()), forms.end());
  return opt;
}

// Finishes a set once its options are all there: no form may select two options; then the indexes
// matching reads and the listing shown to owners.
void finish_option_set(option_set& set, const bot_definition& definition, file_checker& checker, const std::string& place_of_options) {
  std::map<std::string, std::string> owner_of_form;  // match form → option value
  for (std::size_t i = 0; i < set.options.size(); ++i) {
    auto& opt = set.options[i];
    for (const auto& form : opt.match_forms) {
      auto [it, inserted] = owner_of_form.emplace(form, opt.value);
      if (!inserted && it->second != opt.value)
        checker.problem(place_of_options + "/" + std::to_string(i) + "/aliases",
                        "\"" + form + "\" would select both \"" + it->second + "\" and \"" + opt.value + "\"");
    }
    choice_matcher::index(opt);
  }
  set.words = {};
  choice_matcher::index(set);
  if (set.numbered) set.prepare_listing(definition.messages);
}

// The option sets the engine itself shows (flows check requires them).
const std::set<std::string> engine_sets{"main_menu", "yes_no", "resume_choices", "summary_actions", "satisfaction"};

void load_option_set(const json& document, file_checker& checker, bot_definition& definition) {
  if (!document.is_object()) return checker.problem("", "expected an object with id, numbered and options");
  allow_only(document, {"id", "numbered", "options"}, "", checker, "in an option set");
  auto id = checker.string_at(document, "id", "");
  if (!id) return;
  if (definition.option_sets.count(*id)) return checker.problem("/id", "option set \"" + *id + "\" is defined twice");
  option_set set;
  set.id = *id;
  set.numbered = checker.flag_at(document, "numbered", "", true);
  if (!document.contains("options") || !document["options"].is_array() || document["options"].empty())
    return checker.problem("/options", "expected a non-empty array of options");
  const auto& items = document["options"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string place = "/options/" + std::to_string(i);
    auto opt = load_option(items[i], place, checker, definition, *id == "main_menu", engine_sets.count(*id) != 0);
    if (!opt) continue;
    if (set.find(opt->value)) checker.problem(place + "/value", "value \"" + opt->value + "\" is used twice");
    set.options.push_back(std::move(*opt));
  }
  finish_option_set(set, definition, checker, "/options");
  definition.option_sets.emplace(set.id, std::move(set));
}

std::optional<input_kind> parse_kind(const std::string& name) {
  static const std::map<std::string, input_kind> kinds{
      {"text", input_kind::text},         {"long_text", input_kind::long_text}, {"credit_code", input_kind::credit_code},
      {"phone", input_kind::phone},       {"count", input_kind::count},         {"money_wan", input_kind::money_wan},
      {"number", input_kind::number},     {"date", input_kind::date},           {"choice", input_kind::choice},
      {"multi_choice", input_kind::multi_choice},
  };
  auto found = kinds.find(name);
  if (found == kinds.end()) return std::nullopt;
  return found->second;
}

// The keys a step of each kind reads.
std::set<std::string> keys_of_step(input_kind kind) {
  std::set<std::string> keys{"id", "kind", "prompt", "help", "label", "aliases", "optional", "when"};
  switch (kind) {
    case input_kind::text:
    case input_kind::long_text: keys.insert({"min_length", "max_length"}); break;
    case input_kind::credit_code:
    case input_kind::phone: keys.insert("unavailable"); break;
    case input_kind::count: keys.insert({"min", "max", "max_slot"}); break;
    case input_kind::money_wan: keys.insert("max"); break;
    case input_kind::number: keys.insert({"unit", "decimals", "min", "max"}); break;
    case input_kind::date: keys.insert({"days_before", "days_after"}); break;
    case input_kind::choice: keys.insert({"options", "list_options", "error"}); break;
    case input_kind::multi_choice: keys.insert({"options", "list_options"}); break;
  }
  return keys;
}

void load_unavailable(const json& item, const std::string& place, file_checker& checker, const bot_definition& definition,
                      const std::vector<std::string>& locales, form_step& step) {
  if (!item.is_object()) return checker.problem(place, "expected {\"words\": […], \"acknowledgement\": …, \"shown_as\": …}");
  allow_only(item, {"words", "acknowledgement", "shown_as"}, place, checker, "in \"unavailable\"");
  unavailable_answer unavailable;
  for (const auto& word : checker.strings_at(item, "words", place, true)) unavailable.words.add(match_form(word), true);
  for (const auto& [field, target] : {std::pair{"acknowledgement", &unavailable.acknowledgement_key}, std::pair{"shown_as", &unavailable.shown_as_key}}) {
    if (auto key = checker.string_at(item, field, place)) {
      *target = *key;
      require_key(definition.messages, checker, place + "/" + field, *key, locales);
    }
  }
  step.unavailable = std::move(unavailable);
}

void load_step(const json& item, const std::string& place, file_checker& checker, const bot_definition& definition, flow& result) {
  if (!item.is_object()) return checker.problem(place, "expected an object");
  form_step step;
  auto step_id = checker.string_at(item, "id", place);
  auto kind_name = checker.string_at(item, "kind", place);
  if (!step_id || !kind_name) return;
  step.id = *step_id;
  if (result.find(step.id)) checker.problem(place + "/id", "step \"" + step.id + "\" is defined twice in this flow");
  auto kind = parse_kind(*kind_name);
  if (!kind)
    return checker.problem(place + "/kind", "unknown kind \"" + *kind_name +
                                                "\"; use text, long_text, credit_code, phone, count, money_wan, number, date, choice or multi_choice");
  step.kind = *kind;
  allow_only(item, keys_of_step(step.kind), place, checker, "by a step of kind " + *kind_name);
  const auto& locales = result.locales;
  auto message_at = [&](const char* field, std::string& target, bool required) {
    if (!required && !item.contains(field)) return;
    if (auto key = checker.string_at(item, field, place)) {
      target = *key;
      require_key(definition.messages, checker, place + "/" + field, *key, locales);
    }
  };
  message_at("prompt", step.prompt_key, true);
  message_at("help", step.help_key, true);
  message_at("label", step.label_key, true);
  message_at("error", step.error_key, false);
  for (const auto& alias : checker.strings_at(item, "aliases", place)) step.aliases.push_back(match_form(alias));
  // A wrong type or an absurd number is a problem like any other, not an exception (found by fuzz_flow_loader).
  const bool text_kind = step.kind == input_kind::text || step.kind == input_kind::long_text;
  step.min_length = static_cast<int>(checker.integer_at(item, "min_length", place, text_kind ? 1 : 0, 0, max_text_length));
  step.max_length = static_cast<int>(
      checker.integer_at(item, "max_length", place, step.kind == input_kind::long_text ? max_text_length : 500, 0, max_text_length));
  if (step.max_length < step.min_length) checker.problem(place + "/max_length", "need 0 <= min_length <= max_length <= 2000");
  if (step.kind == input_kind::number) {
    message_at("unit", step.unit_key, true);
    step.decimals = static_cast<int>(checker.integer_at(item, "decimals", place, 0, 0, 4));
    step.min_number = checker.number_at(item, "min", place, 0, -max_quantity, max_quantity);
    step.max_number = checker.number_at(item, "max", place, 1000000, -max_quantity, max_quantity);
    if (step.max_number < step.min_number) checker.problem(place + "/max", "max is smaller than min");
  } else {
    step.min = checker.integer_at(item, "min", place, 0, 0, max_quantity);
    step.max_money = checker.number_at(item, "max", place, 1000000, 0, max_quantity);
    step.max = static_cast<std::int64_t>(step.max_money);  // a count's limit; a fraction only makes sense in money
    if (step.max < step.min) checker.problem(place + "/max", "max is smaller than min");
  }
  step.days_before = checker.integer_at(item, "days_before", place, 36500, 0, 36500);
  step.days_after = checker.integer_at(item, "days_after", place, 36500, 0, 36500);
  step.optional = checker.flag_at(item, "optional", place, false);
  step.list_options = checker.flag_at(item, "list_options", place, true);
  if (step.kind == input_kind::choice || step.kind == input_kind::multi_choice) {
    if (auto set_id = checker.string_at(item, "options", place)) {
      auto found = definition.option_sets.find(*set_id);
      if (found == definition.option_sets.end())
        checker.problem(place + "/options", "option set \"" + *set_id + "\" does not exist in flows/options/");
      else
        step.options = &found->second;
      if (step.options)
        for (const auto& opt : step.options->options)
          require_key(definition.messages, checker, place + "/options (\"" + opt.value + "\")", opt.label_key, locales);
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
    if (!when.is_object())
      checker.problem(place + "/when", "expected {\"slot\": …, \"includes\": …}");
    else
      allow_only(when, {"slot", "includes"}, place + "/when", checker, "in \"when\"");
    const form_step* earlier = slot ? result.find(*slot) : nullptr;
    if (slot && (!earlier || !earlier->options)) {
      checker.problem(place + "/when/slot", "\"" + *slot + "\" must be an earlier choice or multi_choice step");
    } else if (slot && includes) {
      if (!earlier->options->find(*includes))
        checker.problem(place + "/when/includes", "\"" + *includes + "\" is not an option of \"" + *slot + "\"");
      step.when = step_condition{*slot, *includes};
    }
  }
  if (item.contains("unavailable")) load_unavailable(item["unavailable"], place + "/unavailable", checker, definition, locales, step);
  result.steps.push_back(std::move(step));
}

// Which step says who the enterprise is and where; each must be of a kind that can hold it.
void load_roles(const json& document, file_checker& checker, flow& result) {
  if (!document.contains("roles")) return;
  const json& roles = document["roles"];
  if (!roles.is_object()) return checker.problem("/roles", "expected an object of role → step id");
  std::set<std::string> known;
  for (const auto& [name, member] : flow_roles::members()) known.insert(name);
  allow_only(roles, known, "/roles", checker, "as a role (company, credit_code, province, city, industry, contact_name, contact_phone)");
  for (const auto& [name, member] : flow_roles::members()) {
    if (!roles.contains(name)) continue;
    auto step_id = checker.string_at(roles, name, "/roles");
    if (!step_id) continue;
    const form_step* step = result.find(*step_id);
    const std::string place = std::string("/roles/") + name;
    if (!step) {
      checker.problem(place, "\"" + *step_id + "\" is not a step of this flow");
      continue;
    }
    const std::string role = name;
    const bool fits = role == "credit_code"     ? step->kind == input_kind::credit_code
                      : role == "contact_phone" ? step->kind == input_kind::phone
                      : role == "industry"      ? step->kind == input_kind::choice
                      : role == "province"      ? step->kind == input_kind::choice || step->kind == input_kind::text
                                                : step->kind == input_kind::text;
    if (!fits) checker.problem(place, "step \"" + *step_id + "\" is of a kind that cannot hold the " + role);
    result.roles.*member = *step_id;
  }
}

// A digest of what the flow says to owners and staff: its document and, in every locale, the text
// of each message it names. Any change of wording or options gives a new version.
// Every message the flow says to owners or staff.
std::set<std::string> messages_of(const flow& result) {
  std::set<std::string> keys{result.title_key, result.intro_key, result.summary_title_key, result.submitted_key};
  for (const auto& step : result.steps) {
    keys.insert({step.prompt_key, step.help_key, step.label_key, step.error_key, step.unit_key});
    if (step.unavailable) keys.insert({step.unavailable->acknowledgement_key, step.unavailable->shown_as_key});
    if (step.options)
      for (const auto& opt : step.options->options) keys.insert(opt.label_key);
  }
  keys.erase("");
  return keys;
}

std::string flow_digest(const json& document, const flow& result, const catalog& messages) {
  std::string content = document.dump();
  const std::set<std::string> keys = messages_of(result);
  for (const auto& step : result.steps)
    if (step.options)
      for (const auto& opt : step.options->options) content += "\x1f" + opt.value + "\x1f" + opt.name;
  for (const auto& locale : messages.locales())
    for (const auto& key : keys)
      if (const std::string* text = messages.pattern(locale, key)) content += "\x1e" + locale + "\x1f" + key + "\x1f" + *text;
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a: an identity, not a secret
  for (unsigned char c : content) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string version;
  for (int shift = 60; shift >= 0; shift -= 4) version += hex[(hash >> shift) & 15U];
  return version;
}

// What the main menu shows for a flow, kept until the menu is put together.
struct menu_entry {
  option choice;
  std::int64_t order = 0;
};

void load_flow(const json& document, file_checker& checker, bot_definition& definition, std::vector<menu_entry>& menu_entries) {
  if (!document.is_object()) return checker.problem("", "expected an object with id, title and steps");
  allow_only(document,
             {"id", "title", "steps", "menu", "ticket_prefix", "intro", "summary_title", "submitted", "locales", "roles"}, "",
             checker, "in a flow");
  auto id = checker.string_at(document, "id", "");
  auto title = checker.string_at(document, "title", "");
  if (!id) return;
  if (definition.flows.count(*id)) return checker.problem("/id", "flow \"" + *id + "\" is defined twice");
  if (*id == "progress" || *id == "faq" || *id == "human")
    return checker.problem("/id", "\"" + *id + "\" is the name of a built-in service; choose another id");
  flow result;
  result.id = *id;
  for (const auto& locale : checker.strings_at(document, "locales", ""))
    if (!definition.messages.has_locale(locale))
      checker.problem("/locales", "no locale \"" + locale + "\" in locales/");
    else
      result.locales.push_back(locale);
  if (document.contains("locales") && result.locales.empty())
    checker.problem("/locales", "name at least one language the flow is written in (zh-CN, en)");
  if (title) {
    result.title_key = *title;
    require_key(definition.messages, checker, "/title", *title);  // shown on the menu, in every language
  }
  for (const auto& [field, target] : {std::pair{"intro", &result.intro_key}, std::pair{"summary_title", &result.summary_title_key},
                                      std::pair{"submitted", &result.submitted_key}}) {
    if (!document.contains(field)) continue;
    if (auto key = checker.string_at(document, field, "")) *target = *key;
  }
  for (const auto& key : {result.intro_key, result.summary_title_key, result.submitted_key})
    require_key(definition.messages, checker, "", key, result.locales);
  if (document.contains("ticket_prefix")) {
    auto prefix = checker.string_at(document, "ticket_prefix", "");
    const bool letters = prefix && prefix->size() <= 3 &&
                         std::all_of(prefix->begin(), prefix->end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (prefix && !letters)
      checker.problem("/ticket_prefix", "one to three capital letters A–Z, e.g. \"YG\"");
    else if (prefix)
      result.ticket_prefix = *prefix;
  }
  if (!document.contains("steps") || !document["steps"].is_array() || document["steps"].empty())
    return checker.problem("/steps", "expected a non-empty array of steps");
  const auto& steps = document["steps"];
  for (std::size_t i = 0; i < steps.size(); ++i) load_step(steps[i], "/steps/" + std::to_string(i), checker, definition, result);
  load_roles(document, checker, result);
  if (document.contains("menu")) {
    const json& menu = document["menu"];
    if (!menu.is_object()) {
      checker.problem("/menu", "expected {\"label\": …, \"order\": …, \"aliases\": […]}");
    } else {
      json as_option = menu;
      as_option["value"] = result.id;
      as_option["name"] = result.id;
      if (auto choice = load_option(as_option, "/menu", checker, definition, true, true)) {
        menu_entries.push_back({std::move(*choice), checker.integer_at(menu, "order", "/menu", 1000, -1000000, 1000000)});
        menu_entries.back().choice.name = result.id;
      }
    }
  }
  result.version = flow_digest(document, result, definition.messages);
  definition.flows.emplace(result.id, std::move(result));
}

// The main menu: the options of flows/options/main_menu.json (built-in services, and flows listed
// there) with the menu entries flows declare, by order. Every option must lead somewhere, and every
// flow must be reachable.
void assemble_main_menu(bot_definition& definition, std::vector<menu_entry> flow_entries, std::vector<load_problem>& problems,
                        const json* main_menu_document) {
  auto found = definition.option_sets.find("main_menu");
  if (found == definition.option_sets.end()) return;
  option_set& menu = found->second;
  file_checker checker("flows/options/main_menu.json", problems);
  std::vector<menu_entry> entries;
  for (std::size_t i = 0; i < menu.options.size(); ++i) {
    option& opt = menu.options[i];
    const std::string place = "/options/" + std::to_string(i);
    std::int64_t order = static_cast<std::int64_t>(i + 1) * 10;
    if (main_menu_document && (*main_menu_document)["options"].is_array() && i < (*main_menu_document)["options"].size())
      order = checker.integer_at((*main_menu_document)["options"][i], "order", place, order, -1000000, 1000000);
    const bool service = opt.value == "progress" || opt.value == "faq" || opt.value == "human";
    if (!service && !definition.flows.count(opt.value))
      checker.problem(place + "/value", "\"" + opt.value + "\" leads nowhere: it is neither a flow nor progress, faq or human");
    entries.push_back({std::move(opt), order});
  }
  for (auto& entry : flow_entries) {
    const bool listed = std::any_of(entries.begin(), entries.end(), [&](const menu_entry& e) { return e.choice.value == entry.choice.value; });
    if (listed) {
      problems.push_back({"flows/" + entry.choice.value + ".json", "/menu",
                          "flow \"" + entry.choice.value + "\" is on the menu twice: in main_menu.json and by its \"menu\"; keep one"});
      continue;
    }
    entries.push_back(std::move(entry));
  }
  for (const auto& flow_entry : definition.flows) {
    const std::string& id = flow_entry.first;  // not a structured binding: clang 14 cannot capture one
    const bool listed = std::any_of(entries.begin(), entries.end(), [&](const menu_entry& e) { return e.choice.value == id; });
    if (!listed)
      problems.push_back({"flows/" + id + ".json", "", "flow \"" + id + "\" cannot be reached: give it a \"menu\" entry {\"label\": …, \"order\": …}"});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const menu_entry& a, const menu_entry& b) { return a.order < b.order; });
  menu.options.clear();
  for (auto& entry : entries) menu.options.push_back(std::move(entry.choice));
  finish_option_set(menu, definition, checker, "/options");
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
  for (const auto& word : checker.strings_at(*document, "acknowledgements", "")) definition.acknowledgements.insert(without_spaces(match_form(word)));
  definition.acknowledgements.erase("");
  for (const auto& word : checker.strings_at(*document, "resubmit_words", "")) definition.resubmit_words.insert(without_spaces(match_form(word)));
  definition.resubmit_words.erase("");
  if (definition.resubmit_words.empty()) checker.problem("/resubmit_words", "at least one word is required (an owner corrects a returned report with it)");
  for (auto [name, fillers] : {std::pair{"filler_prefixes", &definition.filler_prefixes}, std::pair{"filler_suffixes", &definition.filler_suffixes},
                               std::pair{"intent_prefixes", &definition.intent_prefixes}}) {
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
  std::optional<json> main_menu_document;
  for (const auto& path : json_files_in(flows_dir / "options")) {
    file_checker checker("flows/options/" + path.filename().string(), problems);
    if (auto document = read_json_file(path, checker.file(), problems)) {
      load_option_set(*document, checker, *definition);
      if (document->is_object() && document->value("id", json()) == "main_menu") main_menu_document = std::move(document);
    }
  }
  for (const auto& required : engine_sets)
    if (!definition->option_sets.count(required))
      problems.push_back({"flows/options", "", std::string("option set \"") + required + "\" is required"});

  std::vector<menu_entry> menu_entries;
  for (const auto& path : json_files_in(flows_dir)) {
    if (path.filename() == "commands.json") continue;
    file_checker checker("flows/" + path.filename().string(), problems);
    if (auto document = read_json_file(path, checker.file(), problems)) load_flow(*document, checker, *definition, menu_entries);
  }
  if (definition->flows.empty()) problems.push_back({"flows", "", "no flow: write at least one form (see docs/flows.md)"});
  // A message may be missing in a language only where every flow that says it is not written in it
  // (the main menu shows its label and title in every language, so those are always needed).
  std::map<std::string, std::set<std::string>> written_in;  // key → locales of the flows that say it
  for (const auto& [id, form] : definition->flows) {
    const std::vector<std::string> locales = form.locales.empty() ? definition->messages.locales() : form.locales;
    for (const auto& key : messages_of(form)) written_in[key].insert(locales.begin(), locales.end());
  }
  definition->messages.report_untranslated(
      [&](const std::string& locale, const std::string& key) {
        const auto found = written_in.find(key);
        return found != written_in.end() && !found->second.count(locale);
      },
      problems);
  assemble_main_menu(*definition, std::move(menu_entries), problems, main_menu_document ? &*main_menu_document : nullptr);
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
