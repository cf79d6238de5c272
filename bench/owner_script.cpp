#include "bench/owner_script.h"

namespace intake::bench {

owner_script owner_script::standard_round() {
  using k = script_step::kind;
  owner_script script;
  auto say = [&](std::string text, std::vector<std::string> expect) {
    script.steps_.push_back({k::message, std::move(text), std::move(expect), false});
  };
  script.steps_.push_back({k::greeting, "", {"您好！这里是中小企业复工复产诉求服务平台", "1. 反映困难诉求"}, false});
  say("1", {"好的，下面请您逐项填写企业遇到的困难", "（1/13）请问贵企业的名称是？"});
  say("某", {"内容太短了，至少需要 2 个字", "（1/13）请问贵企业的名称是？"});
  say("南昌小吃店", {"（2/13）请输入企业的统一社会信用代码"});
  say("9111000060003734", {"统一社会信用代码应为 18 位，您输入了 16 位", "（2/13）"});
  say("91110000600037341L", {"（3/13）企业在哪个省份？"});
  say("火星", {"没有找到这个省份", "（3/13）"});
  say("赣", {"（4/13）企业在哪个市、县（区）？"});
  say("南昌市东湖区", {"（5/13）企业属于哪个行业？", "8. H 住宿和餐饮业", "20. T 国际组织"});
  say("不好说", {"没有找到对应的选项", "（5/13）"});
  say("做餐饮的", {"（6/13）企业共有多少从业人员？"});
  say("很多", {"请输入一个人数", "（6/13）"});
  say("三十", {"（7/13）目前已返岗的有多少人？"});
  say("三十一", {"这个数字不能超过“从业人员数”（30 人）", "（7/13）"});
  say("20", {"（8/13）企业目前的复工情况是？", "3. 尚未复工"});
  say("3", {"（9/13）企业目前遇到哪些困难？", "11. 其他"});
  say("1 13", {"没有识别出：13", "（9/13）"});
  say("资金，房租", {"（10/14）资金缺口大约是多少？"});
  say("很多钱", {"请输入金额，以万元为单位", "（10/14）"});
  say("120万", {"（11/14）请具体描述遇到的困难"});
  say("哈哈", {"内容太短了，至少需要 5 个字", "（11/14）"});
  say("店面租金太高，客流只有平时的两成", {"（12/14）希望得到哪些帮助或支持？"});
  say("协调房东减免租金", {"（13/14）请问联系人怎么称呼？"});
  say("李红", {"（14/14）请留下联系电话"});
  say("1380013800", {"手机号码应为 11 位，您输入了 10 位", "（14/14）"});
  say("0791 86123456", {"请核对您填写的信息：", "3. 所在省份：江西省", "6. 从业人员数：30 人", "10. 资金缺口：120 万元",
                        "14. 联系电话：0791-86123456", "确认无误请回复“确认”提交"});
  say("修改 3", {"好的，请重新填写“所在省份”。", "当前答案：江西省。"});
  say("湘", {"请核对您填写的信息：", "3. 所在省份：湖南省"});
  say("改电话", {"好的，请重新填写“联系电话”。", "当前答案：0791-86123456。"});
  say("13912345678", {"请核对您填写的信息：", "3. 所在省份：湖南省", "14. 联系电话：13912345678"});
  script.steps_.push_back({k::message, "确认", {"提交成功！您的受理编号是 R", "请妥善保存"}, true});
  say("2", {"请输入受理编号", "您已提交过 1 份诉求。"});
  script.steps_.push_back({k::ticket_query, "", {"（南昌小吃店，", "）：待受理"}, false});
  say("菜单", {"请回复数字或文字选择您要办理的事项：", "3. 政策咨询"});
  say("3", {"请直接输入您想了解的政策问题"});
  say("社保能不能缓缴", {"阶段性缓缴或适当返还社会保险费", "（工信明电〔2020〕14号）第六条"});
  say("贷款到期了还不上怎么办", {"可予以展期或续贷", "（工信明电〔2020〕14号）第八条"});
  say("招工难政府能帮忙吗", {"劳动力供需对接平台", "（发改办体改〔2020〕175号）第三条"});
  say("菜单", {"请回复数字或文字选择您要办理的事项："});
  return script;
}

void owner_script::break_one_expectation() {
  for (auto& step : steps_)
    if (step.text == "赣") step.expect = {"（4/14）企业在哪个市、县（区）？"};  // the bot says 4/13 here
}

std::string owner_script::ticket_in(const std::string& reply_text) {
  static const std::string marker = "受理编号是 ";
  const auto at = reply_text.find(marker);
  if (at == std::string::npos) return "";
  const std::string ticket = reply_text.substr(at + marker.size(), 16);  // R + 8 digits + '-' + 6
  if (ticket.size() != 16 || ticket[0] != 'R' || ticket[9] != '-') return "";
  for (std::size_t i = 1; i < 16; ++i) {
    const char c = ticket[i];
    if (i == 9) continue;
    if (!((c >= '0' && c <= '9') || (i > 9 && c >= 'A' && c <= 'Z'))) return "";
  }
  return ticket;
}

}  // namespace intake::bench
