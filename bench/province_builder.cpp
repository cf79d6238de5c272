#include "bench/province_builder.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <vector>

#include "bot/engine/conversation_state.h"
#include "bot/engine/definition_loader.h"
#include "bot/engine/ticket.h"
#include "bot/engine/turn.h"
#include "bot/runtime/flow_snapshots.h"
#include "bot/runtime/report_mapper.h"
#include "bot/text/search_terms.h"
#include "storage/sqlite_store.h"

namespace intake::bench {
namespace {

using nlohmann::json;
using clock_type = std::chrono::steady_clock;

// 2020-02-10 00:00 China time: the campaign of the difficulty report, over 60 days.
constexpr std::int64_t campaign_start_ms = 1581264000000;
constexpr std::int64_t campaign_ms = 60LL * 24 * 3600 * 1000;
constexpr std::int64_t minute_ms = 60 * 1000;

// A province's campaign: most reports from the province that runs it.
constexpr const char* home_province = "江西省";
constexpr double home_share = 0.85;

const std::vector<std::string> home_cities{"南昌市", "赣州市", "九江市", "上饶市", "抚州市", "宜春市",
                                           "吉安市", "萍乡市", "景德镇市", "新余市", "鹰潭市"};
const std::vector<std::string> counties{"", "", "", "红谷滩区", "章贡区", "瑞金市", "南康区", "丰城市", "樟树市", "贵溪市", "鄱阳县", "都昌县"};
const std::vector<std::string> other_cities{"武汉市", "长沙市", "杭州市", "广州市", "合肥市", "福州市", "成都市", "郑州市"};
const std::vector<std::string> trade_words{"恒通", "鑫达", "华盛", "赣鄱", "瑞丰", "宏远", "金穗", "银河", "新宇", "绿源", "正邦",
                                           "永盛", "天和", "海纳", "博远", "嘉禾", "富民", "兴旺", "庐山", "井冈"};
const std::vector<std::string> business_words{"食品", "服装", "电子", "机械", "建材", "物流", "餐饮", "商贸", "农业", "科技", "陶瓷", "医药", "纺织", "印刷"};
const std::vector<std::string> company_suffixes{"有限公司", "有限责任公司", "股份有限公司", "厂", "合作社", "商行"};
const std::vector<std::string> surnames{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "罗", "熊"};
const std::vector<std::string> given_names{"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建华", "志强", "海燕", "国平"};
// Owners' own words: search terms staff look for (社保, 租金, 贷款 …) occur as they would.
const std::vector<std::string> description_parts{
    "受疫情影响订单减少一半以上，", "社保缓缴政策不清楚怎么申请，", "厂房租金压力大，希望减免，", "银行贷款快到期了，续贷有困难，",
    "原材料运不进来，物流不畅，", "外地员工返岗难，缺工严重，", "现金流紧张，工资发放困难，", "防疫物资不足，口罩和消毒液买不到，",
    "出口订单被取消，库存积压，", "税费负担重，希望延期缴纳，", "水电气费用希望能缓缴，", "稳岗补贴还没有到账，"};
const std::vector<std::string> description_ends{"请政府帮忙协调。", "希望尽快得到答复。", "目前只能部分开工。", "企业经营很困难。"};
const std::vector<std::string> help_wanted{"希望社保费用减免或缓缴", "希望协调银行贷款展期", "希望减免三个月房租", "希望帮助招工",
                                           "希望提供防疫物资", "希望落实稳岗返还政策", "希望协调物流通行证"};
const std::vector<std::string> small_talk{"好的", "谢谢", "明白了", "收到", "请问多久有回复", "可以", "嗯", "知道了"};
// Questions the knowledge base has no answer for: topics × ways of asking, a few asked often.
const std::vector<std::string> unanswered_topics{"社保补缴", "医保转移", "公积金缓缴", "个税退税", "电费补贴", "房租减免", "招工补贴", "创业担保贷款",
                                                 "出口退税", "小微企业认定", "营业执照变更", "核酸检测费用", "员工隔离工资", "货车通行证",
                                                 "复工备案", "消毒费用", "贷款贴息", "失业保险返还", "以工代训补贴", "增值税减免"};
const std::vector<std::string> unanswered_forms{"怎么申请", "在哪里办", "需要什么材料", "什么时候到账", "多久能批下来", "个体户能申请吗",
                                                "外地企业可以吗", "有没有文件", "找哪个部门", "截止到什么时候"};

template <class T>
const T& pick(const std::vector<T>& from, std::mt19937_64& random) {
  return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)];
}

bool chance(double p, std::mt19937_64& random) { return std::uniform_real_distribution<double>(0, 1)(random) < p; }

std::int64_t between(std::int64_t low, std::int64_t high, std::mt19937_64& random) {
  return std::uniform_int_distribution<std::int64_t>(low, high)(random);
}

// GB 32100: 18 characters, the last a check character over the first 17.
std::string credit_code(std::mt19937_64& random) {
  static const std::string charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  std::string code = "91360";  // a company registered in Jiangxi
  while (code.size() < 17) code += charset[between(0, 30, random)];
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += static_cast<int>(charset.find(code[i])) * weights[i];
  code += charset[(31 - sum % 31) % 31];
  return code;
}

std::string phone(std::mt19937_64& random) {
  std::string number = pick(std::vector<std::string>{"138", "139", "150", "158", "177", "186", "189"}, random);
  while (number.size() < 11) number += static_cast<char>('0' + between(0, 9, random));
  return number;
}

// A user id as the channels make them: a WeChat OpenID or a signed /ws user of an operator's app.
std::string owner_id(std::size_t index, std::mt19937_64& random) {
  static const std::string openid_chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  if (chance(0.3, random)) return "ws:province-" + std::to_string(index);
  std::string id = "wechat:o";
  while (id.size() < 8 + 27) id += openid_chars[between(0, 63, random)];
  return id;
}

const engine::option& pick_option(const engine::form_step& step, std::mt19937_64& random) {
  if (!step.options || step.options->options.empty()) throw std::runtime_error("the step " + step.id + " has no options");
  return pick(step.options->options, random);
}

bool applies(const engine::form_step& step, const json& answers) {
  if (!step.when) return true;
  auto found = answers.find(step.when->slot);
  if (found == answers.end()) return false;
  if (found->is_array()) return std::find(found->begin(), found->end(), step.when->includes) != found->end();
  return found->is_string() && found->get<std::string>() == step.when->includes;
}

struct visit {
  std::string user_id, channel;
  std::int64_t created_at_ms = 0;
  json answers = json::object(), names = json::object();
  std::vector<storage::transcript_line> lines;
  std::vector<storage::event_record> events;
};

class campaign {
 public:
  campaign(const province_builder::settings& options, const engine::bot_definition& definition, const runtime::flow_snapshots& versions)
      : options_(options), definition_(definition), versions_(versions), random_(options.seed) {
    auto found = definition.flows.find("report");
    if (found == definition.flows.end()) throw std::runtime_error("the flows have no difficulty report (flow \"report\")");
    form_ = &found->second;
    if (definition.faq)
      for (const auto& entry : definition.faq->entries())
        if (!entry->questions.empty()) faq_.push_back(entry.get());
  }

  // The visit of owner `index`: the report's turns, a couple of policy questions, small talk up to
  // the lines wanted; one turn record.
  storage::turn_record visit_of(std::size_t index) {
    visit v;
    v.user_id = owner_id(index, random_);
    v.channel = v.user_id.starts_with("ws:") ? "ws" : "wechat";
    const std::int64_t slot_ms = campaign_ms / static_cast<std::int64_t>(std::max<std::size_t>(options_.reports, 1));
    v.created_at_ms = campaign_start_ms + static_cast<std::int64_t>(index) * slot_ms + between(0, std::max<std::int64_t>(slot_ms - 1, 0), random_);
    std::int64_t at = v.created_at_ms - between(5, 20, random_) * minute_ms;
    auto said = [&](const std::string& text) {
      v.lines.push_back({v.user_id, "in", v.channel, text, at, "", text::search_terms(text)});
      at += between(5, 60, random_) * 1000;
    };
    auto replied = [&](const std::string& key) {
      v.lines.push_back({v.user_id, "out", v.channel, definition_.messages.render("zh-CN", engine::message(key)), at, "", ""});
      at += 200;
    };

    said(pick(std::vector<std::string>{"你好", "您好", "反映困难", "我要反映问题"}, random_));
    replied("menu.prompt");
    said("1");
    replied(form_->steps.front().prompt_key);
    for (std::size_t s = 0; s < form_->steps.size(); ++s) {
      const auto& step = form_->steps[s];
      if (!applies(step, v.answers)) continue;
      if (s > 0) replied(step.prompt_key);
      if (step.optional && chance(0.25, random_)) {
        said("跳过");
        v.answers[step.id] = nullptr;
        continue;
      }
      said(answer(step, v));
    }
    replied("summary.title");
    replied("summary.prompt");
    said("确认");
    const std::string form_id = std::to_string(at) + "-1";
    std::string ticket = engine::make_ticket(v.user_id, form_id, v.created_at_ms, 0, form_->ticket_prefix);
    replied(form_->submitted_key);
    v.lines.back().text += ticket;

    const json payload{{"ticket", ticket},         {"flow", form_->id},          {"flow_version", versions_.version_of(form_->id)},
                       {"form_id", form_id},       {"user_id", v.user_id},       {"channel", v.channel},
                       {"created_at_ms", v.created_at_ms}, {"answers", v.answers}, {"names", v.names}};
    v.events.push_back({"report_submitted", payload.dump()});

    for (int q = static_cast<int>(between(1, 3, random_)); q > 0 && !faq_.empty(); --q) {
      const auto* entry = pick(faq_, random_);
      said(entry->questions.front());
      replied("faq.suggest");
      v.events.push_back({"faq_answered", json{{"entry_id", entry->id}}.dump()});
    }
    if (chance(0.2, random_)) {
      // A few questions are asked very often, most rarely, as in any campaign.
      const std::size_t topic = std::min<std::size_t>(static_cast<std::size_t>(std::exponential_distribution<double>(0.25)(random_)),
                                                      unanswered_topics.size() - 1);
      const std::string question = unanswered_topics[topic] + pick(unanswered_forms, random_);
      said(question + "？");
      replied("faq.declined");
      v.events.push_back({"faq_unanswered", json{{"question", question + "？"}, {"normalized", question}}.dump()});
    }
    while (v.lines.size() + 2 <= options_.lines_per_report) {
      said(pick(small_talk, random_));
      replied("menu.prompt");
    }

    storage::turn_record turn;
    turn.user_id = v.user_id;
    turn.channel = v.channel;
    turn.now_ms = at;
    engine::conversation_state state;
    state.last_active_ms = at;
    state.forms_started = 1;
    turn.state_json = engine::to_json_text(state);
    turn.lines = std::move(v.lines);
    turn.reports.push_back(runtime::report_from_event(payload, definition_, versions_));
    turn.events = std::move(v.events);
    return turn;
  }

  // Another ticket for a visit whose ticket another report holds (the engine draws again too).
  void redraw_ticket(storage::turn_record& turn, int draw) {
    auto& report = turn.reports.front();
    report.ticket = engine::make_ticket(report.user_id, report.form_id, report.created_at_ms, draw, form_->ticket_prefix);
    auto payload = json::parse(turn.events.front().payload_json);
    payload["ticket"] = report.ticket;
    turn.events.front().payload_json = payload.dump();
  }

  std::mt19937_64& random() { return random_; }

 private:
  // What the owner typed, and the answer the engine would have kept for it.
  std::string answer(const engine::form_step& step, visit& v) {
    using kind = engine::input_kind;
    switch (step.kind) {
      case kind::choice: {
        const engine::option* chosen = &pick_option(step, random_);
        if (step.id == "province" && chance(home_share, random_))
          for (const auto& o : step.options->options)
            if (o.value == home_province) chosen = &o;
        v.answers[step.id] = chosen->value;
        v.names[step.id] = chosen->name.empty() ? chosen->value : chosen->name;
        return v.names[step.id].get<std::string>();
      }
      case kind::multi_choice: {
        json values = json::array(), names = json::array();
        std::string typed;
        for (int n = static_cast<int>(between(1, 3, random_)); n > 0; --n) {
          const auto& chosen = pick_option(step, random_);
          if (std::find(values.begin(), values.end(), chosen.value) != values.end()) continue;
          values.push_back(chosen.value);
          names.push_back(chosen.name.empty() ? chosen.value : chosen.name);
          typed += (typed.empty() ? "" : "、") + names.back().get<std::string>();
        }
        v.answers[step.id] = values;
        v.names[step.id] = names;
        return typed;
      }
      case kind::count: {
        std::int64_t n = static_cast<std::int64_t>(std::exp(std::uniform_real_distribution<double>(0, 7)(random_)));
        if (!step.max_slot.empty() && v.answers.contains(step.max_slot) && v.answers[step.max_slot].is_number_integer())
          n = between(0, v.answers[step.max_slot].get<std::int64_t>(), random_);
        n = std::clamp(n, step.min, step.max);
        v.answers[step.id] = n;
        return std::to_string(n) + "人";
      }
      case kind::money_wan: {
        const std::int64_t wan = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::exp(std::uniform_real_distribution<double>(2, 9)(random_))), 1,
                                                          static_cast<std::int64_t>(step.max_money));
        v.answers[step.id] = wan;
        return std::to_string(wan) + "万元";
      }
      case kind::credit_code: {
        v.answers[step.id] = credit_code(random_);
        return v.answers[step.id].get<std::string>();
      }
      case kind::phone: {
        v.answers[step.id] = phone(random_);
        return v.answers[step.id].get<std::string>();
      }
      default: break;
    }
    std::string text;
    if (step.id == "company_name") {
      // Asked before the province: a name with the province in it now and then, as companies have.
      text = (chance(0.3, random_) ? std::string("江西") : std::string()) + pick(trade_words, random_) + pick(business_words, random_) + pick(company_suffixes, random_);
    } else if (step.id == "city") {
      text = v.answers.value("province", "") == home_province ? pick(home_cities, random_) + pick(counties, random_) : pick(other_cities, random_);
    } else if (step.id == "contact_name") {
      text = pick(surnames, random_) + pick(given_names, random_);
    } else if (step.id == "help_wanted") {
      text = pick(help_wanted, random_);
    } else {
      for (int n = static_cast<int>(between(1, 3, random_)); n > 0; --n) text += pick(description_parts, random_);
      text += pick(description_ends, random_);
    }
    v.answers[step.id] = text;
    return text;
  }

  const province_builder::settings& options_;
  const engine::bot_definition& definition_;
  const runtime::flow_snapshots& versions_;
  const engine::flow* form_ = nullptr;
  std::vector<const engine::faq_entry*> faq_;
  std::mt19937_64 random_;
};

// Staff work the campaign's reports through the case's life: most are accepted within days, many
// handled, some closed, a few returned; every move through the store's status API with its history
// row and the owner's notice, as staff_desk::change_status makes them.
void move_status(storage::sqlite_store& store, const storage::report_record& report, std::mt19937_64& random, std::size_t& moves) {
  static const std::vector<std::string> clerks{"省工信厅-李", "南昌市-王", "赣州市-陈", "九江市-刘"};
  static const std::vector<std::string> notes{"", "", "", "已电话联系企业", "已转交属地工信部门", "已协调银行对接", "社保缓缴已办理", "已告知稳岗返还申请方式"};
  std::string from = report.status;
  std::int64_t at = report.created_at_ms;
  auto move = [&](const std::string& to, const std::string& note) {
    at += between(1, 72, random) * 3600 * 1000;
    const std::string clerk = pick(clerks, random);
    storage::notification_record notice;
    notice.kind = engine::notice::status_changed;
    notice.ticket = report.ticket;
    notice.status = to;
    notice.text = note;
    notice.actor = clerk;
    notice.created_at_ms = at;
    if (store.move_report_status(report.ticket, from, to, {to, note, clerk, at}, notice) != storage::status_move_outcome::moved)
      throw std::runtime_error("status move refused for " + report.ticket);
    from = to;
    ++moves;
  };
  if (chance(0.05, random)) return move("returned", "信息不完整，请补充后重新提交");
  if (!chance(0.7, random)) return;
  move("accepted", pick(notes, random));
  if (!chance(0.6, random)) return;
  move("in_progress", pick(notes, random));
  if (chance(0.5, random)) move("closed", "已办结：" + pick(help_wanted, random));
}

double seconds_since(clock_type::time_point start) { return std::chrono::duration<double>(clock_type::now() - start).count(); }

}  // namespace

void province_builder::build(std::ostream& progress) {
  if (std::filesystem::exists(options_.db_path)) throw std::runtime_error(options_.db_path + " exists; remove it or reuse it with --keep");
  auto definition = engine::definition_loader::load_or_throw(options_.data_dir);
  const runtime::flow_snapshots versions(*definition);
  storage::sqlite_store store(options_.db_path);
  versions.publish(store, campaign_start_ms);
  campaign owners(options_, *definition, versions);

  const auto start = clock_type::now();
  auto last_note = start;
  std::vector<storage::turn_record> group;
  std::vector<storage::report_record> submitted;  // ticket, status and time only: for the status moves
  submitted.reserve(options_.reports);
  std::size_t lines = 0, redrawn = 0;
  auto commit = [&] {
    std::vector<std::size_t> pending(group.size());
    for (std::size_t i = 0; i < group.size(); ++i) pending[i] = i;
    for (int draw = 1; !pending.empty(); ++draw) {
      std::vector<const storage::turn_record*> turns;
      for (std::size_t i : pending) turns.push_back(&group[i]);
      const auto outcomes = store.commit_turns(turns);
      std::vector<std::size_t> again;
      for (std::size_t i = 0; i < outcomes.size(); ++i) {
        if (outcomes[i] == storage::commit_outcome::failed) throw std::runtime_error("storage refused a visit");
        if (outcomes[i] == storage::commit_outcome::stale) again.push_back(pending[i]);
      }
      if (draw > 10 && !again.empty()) throw std::runtime_error("a ticket kept colliding");
      for (std::size_t i : again) owners.redraw_ticket(group[i], draw);
      redrawn += again.size();
      pending = std::move(again);
    }
    for (auto& turn : group) {
      lines += turn.lines.size();
      storage::report_record kept;
      kept.ticket = turn.reports.front().ticket;
      kept.status = turn.reports.front().status;
      kept.created_at_ms = turn.reports.front().created_at_ms;
      submitted.push_back(std::move(kept));
    }
    group.clear();
    store.catch_up_indexes();
    if (seconds_since(last_note) >= 5) {
      last_note = clock_type::now();
      progress << "  " << submitted.size() << " / " << options_.reports << " reports, " << lines << " lines, " << static_cast<int>(seconds_since(start))
               << " s" << std::endl;
    }
  };
  for (std::size_t i = 0; i < options_.reports; ++i) {
    group.push_back(owners.visit_of(i));
    if (group.size() >= options_.visits_per_commit) commit();
  }
  if (!group.empty()) commit();
  progress << "  " << submitted.size() << " reports and " << lines << " transcript lines in " << static_cast<int>(seconds_since(start)) << " s ("
           << redrawn << " tickets drawn again)" << std::endl;

  const auto moves_start = clock_type::now();
  std::size_t moves = 0;
  for (const auto& report : submitted) move_status(store, report, owners.random(), moves);
  progress << "  " << moves << " status moves in " << static_cast<int>(seconds_since(moves_start)) << " s" << std::endl;

  const auto index_start = clock_type::now();
  store.catch_up_indexes();
  store.build_due_index_batch();
  progress << "  transcript index caught up in " << static_cast<int>(seconds_since(index_start)) << " s" << std::endl;
}

}  // namespace intake::bench
