// A case's thread as staff see it: what they wrote and what the owner answered, in order; the inbox
// of cases with unread owner's messages (issue 24).
#include <catch2/catch.hpp>

#include "bot/engine/turn.h"
#include "bot/runtime/masking.h"
#include "bot/runtime/staff_desk.h"
#include "storage/sqlite_store.h"

using namespace intake;

namespace {

storage::report_record report_of(const std::string& ticket, const std::string& user, std::int64_t at_ms) {
  storage::report_record r;
  r.ticket = ticket;
  r.form_id = ticket;
  r.user_id = user;
  r.channel = "websocket";
  r.created_at_ms = at_ms;
  r.company_name = user == "owner-a" ? "南昌小吃店" : "赣州制衣厂";
  r.flow_id = "report";
  r.flow_version = "v1";
  return r;
}

storage::turn_record owner_turn(const std::string& user, std::int64_t at_ms) {
  storage::turn_record turn;
  turn.user_id = user;
  turn.channel = "websocket";
  turn.state_json = "{}";
  turn.now_ms = at_ms;
  return turn;
}

void owner_writes(storage::sqlite_store& store, const std::string& ticket, const std::string& user, const std::string& text, std::int64_t at_ms) {
  auto turn = owner_turn(user, at_ms);
  turn.case_messages.push_back({0, ticket, user, "owner", "", text, at_ms, 0});
  REQUIRE(store.commit_turn(turn) == storage::commit_outcome::kept);
}

}  // namespace

TEST_CASE("Staff notes, replies and the owner's answers form one thread and the inbox lists what is unread", "[runtime][case_thread]") {
  storage::sqlite_store store(":memory:");
  for (const auto& [ticket, user, at] : {std::tuple{"R20200301-AAAAAA", "owner-a", 1000}, std::tuple{"R20200301-BBBBBB", "owner-b", 2000}}) {
    auto turn = owner_turn(user, at);
    turn.reports.push_back(report_of(ticket, user, at));
    REQUIRE(store.commit_turn(turn) == storage::commit_outcome::kept);
  }
  runtime::staff_desk desk(store);
  desk.change_status("R20200301-AAAAAA", "已受理", "请把租赁合同发给我们", "王科长", 10'000);
  desk.change_status("R20200301-BBBBBB", "已受理", "", "王科长", 11'000);  // no note: nothing to answer
  CHECK(desk.inbox().empty());

  owner_writes(store, "R20200301-BBBBBB", "owner-b", "什么时候能办好", 20'000);
  owner_writes(store, "R20200301-AAAAAA", "owner-a", "好的，谢谢王科长，我下午把材料送过去", 30'000);
  owner_writes(store, "R20200301-AAAAAA", "owner-a", "合同怎么发给你们？", 40'000);

  auto inbox = desk.inbox();
  REQUIRE(inbox.size() == 2);
  CHECK(inbox[0].ticket == "R20200301-BBBBBB");  // waiting longest
  CHECK(inbox[0].unread == 1);
  CHECK(inbox[1].ticket == "R20200301-AAAAAA");
  CHECK(inbox[1].unread == 2);
  CHECK(inbox[1].oldest_unread_ms == 30'000);
  CHECK(inbox[1].latest_text == "合同怎么发给你们？");
  CHECK(inbox[1].company_name == "南昌小吃店");
  CHECK(inbox[1].status == "accepted");

  // Answering on the ticket reads the thread; the reply is on the case and on its way to the owner.
  CHECK(desk.reply("R20200301-AAAAAA", "发到 zxqy@example.gov.cn 即可", "王科长", 50'000) == "owner-a");
  inbox = desk.inbox();
  REQUIRE(inbox.size() == 1);
  CHECK(inbox[0].ticket == "R20200301-BBBBBB");
  const auto pending = store.pending_notifications("owner-a");
  REQUIRE_FALSE(pending.empty());
  CHECK(pending.back().kind == engine::notice::staff_reply);
  CHECK(pending.back().ticket == "R20200301-AAAAAA");  // so the owner's answer goes to the case

  const auto file = desk.open_case("R20200301-AAAAAA", "王科长", 60'000);
  REQUIRE(file.thread.size() == 4);
  CHECK(file.thread[0].author == "staff");
  CHECK(file.thread[0].text == "请把租赁合同发给我们");
  CHECK(file.thread[1].author == "owner");
  CHECK(file.thread[2].text == "合同怎么发给你们？");
  CHECK(file.thread[3].actor == "王科长");
  CHECK(file.thread[1].read_at_ms == 50'000);

  // Opening a case reads it too.
  desk.open_case("R20200301-BBBBBB", "李", 70'000);
  CHECK(desk.inbox().empty());
}

TEST_CASE("Staff close a thread with a notice for the owner and a reply to a conversation opens none", "[runtime][case_thread]") {
  storage::sqlite_store store(":memory:");
  auto turn = owner_turn("owner-a", 1000);
  turn.reports.push_back(report_of("R20200301-AAAAAA", "owner-a", 1000));
  REQUIRE(store.commit_turn(turn) == storage::commit_outcome::kept);
  runtime::staff_desk desk(store);
  owner_writes(store, "R20200301-AAAAAA", "owner-a", "还在吗", 2000);
  desk.close_thread("R20200301-AAAAAA", "王科长", 3000);
  CHECK(desk.inbox().empty());
  auto pending = store.pending_notifications("owner-a");
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].kind == engine::notice::thread_closed);
  CHECK(pending[0].ticket == "R20200301-AAAAAA");
  CHECK_THROWS_AS(desk.close_thread("R20200301-ZZZZZZ", "王科长", 3000), runtime::staff_error);

  desk.reply("owner-a", "您好", "王科长", 4000);
  pending = store.pending_notifications("owner-a");
  CHECK(pending.back().ticket.empty());
  CHECK(store.case_thread("R20200301-AAAAAA").size() == 1);  // the owner's only
}

TEST_CASE("Live events read the owner's case messages after a given one", "[runtime][case_thread]") {
  storage::sqlite_store store(":memory:");
  CHECK(store.newest_case_message_id() == 0);
  owner_writes(store, "R20200301-AAAAAA", "owner-a", "一", 1000);
  const auto first = store.newest_case_message_id();
  owner_writes(store, "R20200301-AAAAAA", "owner-a", "二", 2000);
  owner_writes(store, "R20200301-AAAAAA", "owner-a", "三", 3000);
  const auto after = store.owner_case_messages_after(first, 1);
  REQUIRE(after.size() == 1);
  CHECK(after[0].text == "二");
  CHECK(store.owner_case_messages_after(first, 10).size() == 2);
}

TEST_CASE("Phones and credit codes an owner types are masked where a list shows their words", "[runtime][masking]") {
  using runtime::mask_in_text;
  CHECK(mask_in_text("打我电话13800138000，或者0791-86123456") == "打我电话138****8000，或者0791-****3456");
  CHECK(mask_in_text("代码91360100MA35G2XX05对吗") == "代码913601**********05对吗");
  CHECK(mask_in_text("欠了2个月电费共12000元") == "欠了2个月电费共12000元");
  CHECK(mask_in_text("R20200301-AB2CDE") == "R20200301-AB2CDE");
  CHECK(mask_in_text("") == "");
}
