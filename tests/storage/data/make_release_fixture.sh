#!/bin/sh
# Makes release_before_012.sql: a database written by the release before migration 012 (generic
# submissions), through its real interfaces only (piped `intake chat` and the staff commands), then
# dumped as text. Run from the repository root with the binary of that release:
#   tests/storage/data/make_release_fixture.sh /path/to/old/build/intake
set -eu
intake=${1:?usage: make_release_fixture.sh PATH/TO/OLD/intake}
work=$(mktemp -d)
db="$work/release.db"
chat() { user=$1; shift; printf '%s\n' "$@" | "$intake" chat --db "$db" --user "$user" >/dev/null; }
ticket_of() { sqlite3 "$db" "SELECT ticket FROM reports WHERE user_id = '$1' ORDER BY created_at_ms LIMIT 1 OFFSET ${2:-0}"; }

# Three difficulties with both conditional amounts, and help wanted.
chat owner-a 反映困难 赣州红星服装有限公司 91360100MA35G2XX05 赣 赣州市南康区 做衣服的 三十五人 20 部分复工 "1、2、5" 五十万 十五个 \
  原材料供应商在湖北，目前无法发货。 希望协调物流 张先生 13800138000 确认
# No credit code yet, one difficulty without a conditional question, help wanted skipped.
chat owner-b 反映困难 南昌小吃店 暂无 江西 南昌市东湖区 餐饮 8 0 未复工 房租 "店面租金压力大，没有客人。" 不用了 李女士 13900139000 确认
# Traditional script in the city, funding only, help wanted skipped; then a second report.
chat owner-c 反映困难 贛州五金廠 91360700MA35ABCD1Q 江西省 贛州市南康區 制造业 120 60 部分复工 资金 三十万 \
  "订单下降，资金周转困难。" 没有了 王经理 13700137000 确认
sleep 1
chat owner-c 1 贛州五金廠 91360700MA35ABCD1Q 江西省 赣州市 制造业 120 100 全面复工 "6、7" "物流不畅，防疫物资短缺。" "希望提供口罩" 王经理 13700137000 确认
# Waiting for staff, and a handoff staff close while the owner is away.
chat owner-d 人工 "我想问问贷款的事"
chat owner-e 人工 "请人工帮忙"

a=$(ticket_of owner-a); b=$(ticket_of owner-b); c1=$(ticket_of owner-c 0); c2=$(ticket_of owner-c 1)
"$intake" reports set-status "$a" 已受理 --note "已受理，三天内联系您" --by 王科长 --db "$db" >/dev/null
"$intake" reports set-status "$a" 办理中 --note "已转金融办" --by 王科长 --db "$db" >/dev/null
"$intake" reports set-status "$a" 已办结 --note "已协调物流" --by 李科员 --db "$db" >/dev/null
"$intake" reports reopen "$a" --note "误点办结，继续办理" --by 王科长 --db "$db" >/dev/null
"$intake" reports set-status "$b" 已退回 --note "请补充营业执照" --by 李科员 --db "$db" >/dev/null
"$intake" reports set-status "$c1" accepted --by 王科长 --db "$db" >/dev/null
"$intake" reply "$a" "您好，银行下周联系您" --by 王科长 --db "$db" >/dev/null
"$intake" reply owner-c "请补充营业执照照片" --by 李科员 --db "$db" >/dev/null
"$intake" handoff close owner-e --by 王科长 --db "$db" >/dev/null
# owner-c reads the news: those notifications are delivered; owner-a's and owner-e's wait.
chat owner-c 2
"$intake" reports set-status "$c2" 已受理 --note "已转卫健委" --by 王科长 --db "$db" >/dev/null

sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
{ echo "-- Made by tests/storage/data/make_release_fixture.sh with the intake of release commit ${INTAKE_RELEASE_COMMIT:-unknown}."
  echo "PRAGMA user_version = $(sqlite3 "$db" 'PRAGMA user_version');"
  sqlite3 "$db" .dump; } > tests/storage/data/release_before_012.sql
rm -rf "$work"
echo "wrote tests/storage/data/release_before_012.sql"
