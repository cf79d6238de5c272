// A small parser for "--name value" / "--name=value" flags after a subcommand.
// Not thread-safe (a value); parse() throws usage_error naming the bad flag.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace intake::cli {

class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class option_parser {
 public:
  // `flags` are the accepted names without dashes; `positionals` how many bare words are allowed.
  option_parser(std::set<std::string> flags, std::size_t positionals = 0) : flags_(std::move(flags)), positionals_(positionals) {}

  void parse(const std::vector<std::string>& args, std::size_t first) {
    for (std::size_t i = first; i < args.size(); ++i) {
      const std::string& arg = args[i];
      if (arg.rfind("--", 0) != 0) {
        if (bare_.size() >= positionals_) throw usage_error("unexpected argument \"" + arg + "\"");
        bare_.push_back(arg);
        continue;
      }
      std::string name = arg.substr(2), value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name.resize(eq);
      } else {
        if (i + 1 >= args.size()) throw usage_error("--" + name + " needs a value");
        value = args[++i];
      }
      if (!flags_.count(name)) throw usage_error("unknown option --" + name);
      values_[name] = value;
      every_value_[name].push_back(value);
    }
  }

  std::optional<std::string> get(const std::string& name) const {
    auto found = values_.find(name);
    if (found == values_.end()) return std::nullopt;
    return found->second;
  }
  std::string get_or(const std::string& name, const std::string& fallback) const { return get(name).value_or(fallback); }
  // Every value of a flag given more than once (--answer a=1 --answer b=2), in order; get() has the last.
  std::vector<std::string> get_all(const std::string& name) const {
    auto found = every_value_.find(name);
    return found == every_value_.end() ? std::vector<std::string>{} : found->second;
  }
  const std::vector<std::string>& positionals() const { return bare_; }

 private:
  std::set<std::string> flags_;
  std::size_t positionals_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> every_value_;
  std::vector<std::string> bare_;
};

}  // namespace intake::cli
